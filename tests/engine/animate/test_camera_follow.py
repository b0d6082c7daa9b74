"""A closer shot of people who walk follows them (issue 12): framed on their marks, a walker
left a medium shot empty once they had moved."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from filmstudio.engine.animate.camera import follow, frame_shot, plan_move
from filmstudio.engine.animate.stage import StageShot
from filmstudio.engine.picture.layers import SceneSet, paint_set
from filmstudio.engine.plan import Character, FilmPlan, Line, Scene, Setting, Shot

SIZE = (320, 180)
#: A walk crosses the mark over the scene: over 5.5 s the walker stays on this set.
SCENE = 6.0


def _plan() -> FilmPlan:
    scene = Scene(
        scene_number=1,
        description="Maya walks along the field.",
        setting=Setting(place="fields", time_of_day="day", weather="clear"),
        characters=["Maya", "Arun"],
        dialogue=[Line(speaker="Maya", text="Hello."), Line(speaker="Arun", text="Hi.")],
    )
    cast = [Character(name="Maya", gender="female"), Character(name="Arun", gender="male")]
    return FilmPlan(characters=cast, scenes=[scene])


@pytest.fixture(scope="module")
def walking() -> tuple[FilmPlan, SceneSet]:
    plan = _plan()
    painted = paint_set(plan.scenes[0], plan, 320, 180)
    actors = [replace(painted.actors[0], pose="walk", x=900.0), *painted.actors[1:]]
    return plan, SceneSet(painted.size, painted.k, painted.layers, painted.anchors, actors)


def _on_screen(stage: StageShot, path_: object, seconds: float) -> float:
    """Where the walker's feet are across the frame (0 left edge, 1 right edge)."""
    walker = stage.scene_set.actors[0]
    k = stage.scene_set.k
    x = (walker.x + stage.cast.travel(walker, seconds)[0]) * k
    depth = stage.scene_set.ground_parallax(walker.base * k)
    matrix = path_.matrix(stage._u(seconds), SIZE, depth)  # type: ignore[attr-defined]
    return float((x - matrix[0, 2]) / matrix[0, 0] / SIZE[0])


@pytest.mark.parametrize("kind", ["medium", "two-shot"])
@pytest.mark.parametrize(("start", "end"), [(0.0, 3.0), (2.5, 5.5), (0.0, 5.5)])
def test_a_closer_shot_keeps_a_walker_in_frame_from_start_to_end(
    walking: tuple[FilmPlan, SceneSet], kind: str, start: float, end: float
) -> None:
    plan, scene_set = walking
    shot = Shot(kind=kind, subject="Maya", move="truck_left", lines=[0])
    stage = StageShot(scene_set, plan, 0, shot, SIZE, 24, start, end, scene_length=SCENE)
    span = (start, end)
    view = frame_shot(scene_set, plan.scenes[0], shot, SIZE)
    on_marks = plan_move(scene_set, view, shot.move, end - start, SIZE[0] / SIZE[1], 7)
    path = follow(scene_set, plan.scenes[0], shot, SIZE, on_marks, stage.cast.travel, span, 7)
    for seconds in (start, (start + end) / 2, end):
        assert 0.1 < _on_screen(stage, path, seconds) < 0.9, seconds
    # framed on the mark, the walker is out of frame (or at its edge) at some point
    assert any(
        not 0.1 < _on_screen(stage, on_marks, seconds) < 0.9
        for seconds in (start, (start + end) / 2, end)
    )


def test_the_stage_keeps_a_walker_in_a_medium_shot(walking: tuple[FilmPlan, SceneSet]) -> None:
    plan, scene_set = walking
    shot = Shot(kind="medium", subject="Maya", move="static", lines=[0])
    stage = StageShot(scene_set, plan, 0, shot, SIZE, 24, 0.0, 5.5, scene_length=SCENE)
    for seconds in (0.0, 2.75, 5.5):
        assert 0.1 < _on_screen(stage, stage.path, seconds) < 0.9, seconds


def test_a_shot_of_people_standing_on_their_marks_is_unchanged(
    walking: tuple[FilmPlan, SceneSet],
) -> None:
    plan, scene_set = walking
    standing = replace(scene_set, actors=[replace(scene_set.actors[0], pose="stand")])
    shot = Shot(kind="medium", subject="Maya", lines=[0])
    stage = StageShot(standing, plan, 0, shot, SIZE, 24, 0.0, 4.0, scene_length=SCENE)
    path = follow(standing, plan.scenes[0], shot, SIZE, stage.path, stage.cast.travel, (0, 4), 7)
    assert path is stage.path


def test_a_wide_shot_frames_the_whole_way_a_walker_covers(
    walking: tuple[FilmPlan, SceneSet],
) -> None:
    plan, scene_set = walking
    shot = Shot(kind="wide", subject="Maya", move="static", lines=[0])
    stage = StageShot(scene_set, plan, 0, shot, SIZE, 24, 0.0, SCENE, scene_length=SCENE)
    path = follow(
        scene_set, plan.scenes[0], shot, SIZE, stage.path, stage.cast.travel, (0, SCENE), 7
    )
    for seconds in np.linspace(0.0, SCENE, 7):
        assert -0.02 < _on_screen(stage, path, float(seconds)) < 1.02
