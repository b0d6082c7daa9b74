"""The compositor: parallax under a truck, frames for every aspect, determinism, framing."""

from __future__ import annotations

import itertools
from dataclasses import replace

import cv2
import numpy as np
import pytest

from filmstudio.engine.animate.camera import actor_box, frame_shot
from filmstudio.engine.animate.stage import (
    PlaneLayer,
    Speaking,
    StageShot,
    _rows_to_draw,
    blend,
    warp_planes_to,
)
from filmstudio.engine.picture.acting import resting
from filmstudio.engine.picture.layers import Anchors, Layer, SceneSet, paint_set
from filmstudio.engine.picture.puppet import is_cyclic
from filmstudio.engine.plan import Character, FilmPlan, Line, Scene, Setting, Shot


def _plan(aspect: str = "16:9", place: str = "fields", weather: str = "clear") -> FilmPlan:
    scene = Scene(
        scene_number=1,
        description="Maya and Arun talk.",
        setting=Setting(place=place, time_of_day="day", weather=weather),
        characters=["Maya", "Arun"],
        dialogue=[Line(speaker="Maya", text="Hello."), Line(speaker="Arun", text="Hi.")],
    )
    cast = [Character(name="Maya", gender="female"), Character(name="Arun", gender="male")]
    return FilmPlan(aspect=aspect, characters=cast, scenes=[scene])


def _rgb(planes: tuple[np.ndarray, ...]) -> np.ndarray:
    y, u, v = planes
    packed = np.concatenate([y, u.reshape(-1, y.shape[1]), v.reshape(-1, y.shape[1])])
    return np.asarray(cv2.cvtColor(packed, cv2.COLOR_YUV2RGB_I420))


def _two_depths() -> SceneSet:
    """A textured far wall and one bright near post: nothing else, no actors."""
    rng = np.random.default_rng(3)
    wall = np.empty((540, 960, 4), np.uint8)
    wall[..., :3] = cv2.GaussianBlur(rng.integers(0, 255, (540, 960, 3), np.uint8), (0, 0), 3)
    wall[..., 3] = 255
    post = np.zeros((540, 40, 4), np.uint8)
    post[..., 1] = 255
    post[..., 3] = 255
    layers = [Layer("far", wall, 0, 0, 0.45, 0.45), Layer("front", post, 460, 0, 1.4, 1.4)]
    return SceneSet((960, 540), 0.54, layers, Anchors(300.0, outdoors=False))


def _post_x(planes: tuple[np.ndarray, ...]) -> float:
    rgb = _rgb(planes).astype(np.int16)
    green = (rgb[..., 1] > 200) & (rgb[..., 0] < 80) & (rgb[..., 2] < 80)
    return float(np.nonzero(green)[1].mean())


def test_truck_moves_the_near_layer_more_than_the_far_one() -> None:
    plan = _plan()
    shot = Shot(kind="establishing", move="truck_right", lines=[0, 1])
    stage = StageShot(_two_depths(), plan, 0, shot, (320, 180), 24, 0.0, 4.0)
    first, last = stage.planes_at(0.0), stage.planes_at(4.0)
    near_shift = _post_x(last) - _post_x(first)
    mask = np.ones(first[0].shape, np.float32)
    mask[:, 100:220] = 0  # leave the post out of the wall's measurement
    (far_shift, _), _ = cv2.phaseCorrelate(
        first[0].astype(np.float32) * mask, last[0].astype(np.float32) * mask
    )
    assert near_shift < 0 and far_shift < 0  # trucking right: the world slides left
    assert abs(near_shift) > 2.0 * abs(far_shift) > 1.0


@pytest.fixture(scope="module")
def fields() -> tuple[FilmPlan, SceneSet]:
    plan = _plan()
    return plan, paint_set(plan.scenes[0], plan, 320, 180)


def test_same_inputs_give_identical_frames(fields: tuple[FilmPlan, SceneSet]) -> None:
    plan, scene_set = fields
    speaking = [Speaking("Maya", 0.2, 1.5)]
    shot = Shot(kind="wide", move="push_in", lines=[0, 1])
    frames = []
    for _ in range(2):
        stage = StageShot(scene_set, plan, 0, shot, (320, 180), 24, 0.0, 3.0, speaking)
        frames.append([stage.planes_at(t) for t in (0.0, 0.7, 2.9)])
    for a, b in zip(*frames, strict=True):
        assert all(np.array_equal(p, q) for p, q in zip(a, b, strict=True))


@pytest.mark.parametrize("aspect,size", [("9:16", (180, 320)), ("1:1", (240, 240))])
def test_vertical_and_square_frames_frame_the_subject(aspect: str, size: tuple[int, int]) -> None:
    plan = _plan(aspect)
    scene_set = paint_set(plan.scenes[0], plan, *size)
    scene = plan.scenes[0]
    for subject in ("Maya", "Arun"):
        shot = Shot(kind="medium", subject=subject, move="static", lines=[0, 1])
        stage = StageShot(scene_set, plan, 0, shot, size, 24, 0.0, 2.0)
        y, u, v = stage.planes_at(1.0)
        assert y.shape == (size[1], size[0]) and u.shape == v.shape == (size[1] // 2, size[0] // 2)
        view = frame_shot(scene_set, scene, shot, size)
        actor = next(a for a in scene_set.actors if a.name == subject)
        x0, _, x1, _ = actor_box(actor, scene_set.k)
        half_width = view.height * size[0] / size[1] / 2
        assert view.cx - half_width <= x0 and x1 <= view.cx + half_width  # the subject in frame
        assert abs((x0 + x1) / 2 - view.cx) < half_width * 0.35  # and near the middle


def test_a_medium_shot_is_closer_than_a_wide_one(fields: tuple[FilmPlan, SceneSet]) -> None:
    plan, scene_set = fields
    scene = plan.scenes[0]
    wide = frame_shot(scene_set, scene, Shot(kind="wide", lines=[0, 1]), (320, 180))
    medium = frame_shot(scene_set, scene, Shot(kind="medium", lines=[0, 1]), (320, 180))
    close = frame_shot(scene_set, scene, Shot(kind="close-up", lines=[0, 1]), (320, 180))
    assert wide.height > medium.height > close.height


def test_odd_frame_sizes_are_refused(fields: tuple[FilmPlan, SceneSet]) -> None:
    plan, scene_set = fields
    with pytest.raises(ValueError, match="even"):
        StageShot(scene_set, plan, 0, Shot(lines=[0, 1]), (321, 180), 24, 0.0, 1.0)


def test_an_entrance_walks_onto_the_mark_and_an_exit_walks_off(
    fields: tuple[FilmPlan, SceneSet],
) -> None:
    plan, painted = fields
    walkers = [replace(painted.actors[0], pose="enter"), replace(painted.actors[1], pose="exit")]
    scene_set = SceneSet(painted.size, painted.k, painted.layers, painted.anchors, walkers)
    shot = Shot(kind="establishing", move="static", lines=[0, 1])
    stage = StageShot(scene_set, plan, 0, shot, (320, 180), 24, 0.0, 8.0, scene_length=8.0)
    enter, leave = walkers
    start, walking = stage.cast.travel(enter, 0.0)
    assert walking and abs(start) > enter.height  # starts well off the mark
    assert stage.cast.travel(enter, 1.5)[0] != start  # and walks
    assert stage.cast.travel(enter, 3.5) == (0.0, False)  # arrived: stands on the mark
    assert stage.cast.travel(leave, 2.0) == (0.0, False)  # stays until the end nears
    gone, walking = stage.cast.travel(leave, 7.9)
    assert walking and abs(gone) > leave.height * 0.9
    assert stage.cast.acting(0, enter, 4.0).pose == "stand"
    assert stage.cast.acting(0, enter, 1.0).pose == "enter"
    early, late = stage.planes_at(0.5)[0], stage.planes_at(4.0)[0]
    assert not np.array_equal(early, late)


def test_the_foreground_framing_sways_and_nothing_else_moves_in_a_still_shot() -> None:
    plan = _plan(place="space")  # no birds, motes or weather: only the sway can move
    shot = Shot(kind="establishing", move="static", lines=[0, 1])
    stage = StageShot(_two_depths(), plan, 0, shot, (320, 180), 24, 0.0, 4.0)
    changed = np.zeros((180, 320), bool)
    for seconds in (0.5, 1.0, 1.5, 2.0):
        changed |= stage.planes_at(seconds)[0] != stage.planes_at(0.0)[0]
    columns = np.nonzero(changed.any(axis=0))[0]
    post = _post_x(stage.planes_at(0.0))
    assert columns.size and abs(columns.mean() - post) < 12 and np.ptp(columns) < 40


def test_the_speakers_mouth_follows_the_sounds_of_the_line() -> None:
    from filmstudio.engine.animate.stage import _mouth
    from filmstudio.engine.voice.base import PhonemeTiming

    sounds = (PhonemeTiming("m", 0.0, 0.2), PhonemeTiming("a", 0.2, 0.5))
    line = Speaking("Maya", 2.0, 2.5, sounds)  # sounds count from the line's start
    assert _mouth(line, 2.1, 0, 2) == 0.0  # lips shut on m
    assert _mouth(line, 2.3, 0, 2) >= 0.5  # open on a
    assert _mouth(line, 2.6, 0, 2) == 0.0  # silence after the line


def test_shots_of_an_empty_set_look_at_different_places() -> None:
    """A narrated scene with nobody in it: its wides and closer shots do not repeat one view."""
    scene_set = _two_depths()
    scene_set.anchors = replace(
        scene_set.anchors, lights=((200.0, 150.0, 12.0),), props={"lantern": (700, 320, 760, 400)}
    )
    scene = Scene(scene_number=1, description="The lighthouse at night.", dialogue=[])
    shots = [Shot(kind="establishing"), Shot(kind="wide"), Shot(kind="medium"), Shot(kind="wide")]
    views = [frame_shot(scene_set, scene, shot, (320, 180), i) for i, shot in enumerate(shots)]
    centres = {(round(v.cx), round(v.cy), round(v.height)) for v in views}
    assert len(centres) == len(views)
    assert views[2].height < views[1].height  # the closer shot is closer
    again = [frame_shot(scene_set, scene, shot, (320, 180), i) for i, shot in enumerate(shots)]
    assert again == views


def test_layers_hidden_behind_an_opaque_one_are_not_warped_and_the_frame_is_the_same() -> None:
    rng = np.random.default_rng(5)

    def layer(name: str, top: int, parallax: float) -> Layer:
        rgba = np.empty((540, 960, 4), np.uint8)
        rgba[..., :3] = cv2.GaussianBlur(rng.integers(0, 255, (540, 960, 3), np.uint8), (0, 0), 2)
        rgba[..., 3] = 255
        if top:
            rgba[:top, :, 3] = 0
            rgba[top - 20 : top, :, 3] = np.linspace(0, 255, 20, dtype=np.uint8)[:, None]
        return Layer(name, rgba, 0, 0, parallax, parallax)

    layers = [layer("sky", 0, 0.1), layer("far", 260, 0.4), layer("ground", 330, 1.0)]
    planes = [PlaneLayer.of(one, 960) for one in layers]
    assert planes[0].alpha is None and planes[2].solid_from == 330
    size = (640, 360)
    for angle, zoom, (tx, ty) in [(0.0, 1.2, (90.3, 60.7)), (1.5, 1.35, (120.1, 80.4))]:
        turn = cv2.getRotationMatrix2D((320, 180), angle, 1 / zoom)  # output -> source
        matrices = [turn + np.array([[0, 0, tx * p.parallax], [0, 0, ty]]) for p in planes]
        rows = _rows_to_draw(planes, matrices, size)
        whole, cut = _blank(size), _blank(size)
        for plane, matrix, span in zip(planes, matrices, rows, strict=True):
            border = cv2.BORDER_REFLECT if plane.alpha is None else cv2.BORDER_CONSTANT
            full = warp_planes_to(plane.planes, plane.alpha, matrix, size, border)
            assert full is not None
            blend(whole, full)
            if span is not None:
                part = warp_planes_to(plane.planes, plane.alpha, matrix, size, border, span)
                if part is not None:
                    blend(cut, part)
        for a, b in zip(whole, cut, strict=True):
            assert np.array_equal(a, b)
        # The sky is drawn only above the far hills' solid part, the far layer above the ground's.
        assert rows[0] is not None and rows[0][1] < 0.6 * size[1]
        assert rows[1] is not None and rows[1][1] < 0.85 * size[1]
        assert rows[2] == (0, size[1])


def _blank(size: tuple[int, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    width, height = size
    return (
        np.zeros((height, width), np.uint8),
        np.full((height // 2, width // 2), 128, np.uint8),
        np.full((height // 2, width // 2), 128, np.uint8),
    )


def test_a_layer_the_camera_barely_moves_is_redrawn_on_twos_and_a_fast_one_every_frame() -> None:
    plan = _plan()
    shot = Shot(kind="establishing", move="truck_right", lines=[0, 1])
    stage = StageShot(_two_depths(), plan, 0, shot, (320, 180), 24, 0.0, 4.0)
    assert stage.on_twos == [True, False]  # the far wall glides, the near post does not
    frames = [stage.planes_at((48 + k) / 24) for k in range(4)]  # mid-shot: fastest
    walls = [frame[0][:, :60] for frame in frames]  # the wall, left of the post's path
    # (a bird or a mote may cross it: a held wall changes in a few pixels, a moved one all over)
    held = [np.mean(a != b) < 0.05 for a, b in itertools.pairwise(walls)]
    assert held == [True, False, True]
    posts = [_post_x(frame) for frame in frames]
    assert all(a > b for a, b in itertools.pairwise(posts))


def test_while_the_narrator_speaks_characters_look_at_each_other_and_do_not_nod(
    fields: tuple[FilmPlan, SceneSet],
) -> None:
    plan, scene_set = fields
    shot = Shot(kind="wide", move="static", lines=[0, 1])
    for speaking in ([Speaking("Narrator", 0.0, 12.0)], []):
        stage = StageShot(scene_set, plan, 0, shot, (320, 180), 24, 0.0, 12.0, speaking)
        cast = stage.cast
        still = [(i, a) for i, a in enumerate(cast.actors) if not is_cyclic(resting(a).pose)]
        assert still  # Arun stands (Maya's resting pose is a talk cycle)
        for index, actor in still:
            acts = [cast.acting(index, actor, k / 12) for k in range(144)]
            assert not any(act.pose == "nod" for act in acts)
            other = next(a for a in cast.actors if a is not actor)
            toward = 0.6 if other.x > actor.x else -0.6
            looks = [act.glance for act in acts]
            assert toward in looks and 0.0 in looks  # now and then, and back


@pytest.mark.parametrize(("scene_length", "walks_for"), [(4.0, 5.0), (9.0, 8.5), (30.0, 10.0)])
def test_a_walk_crosses_the_mark_over_the_scene_up_to_ten_seconds(
    fields: tuple[FilmPlan, SceneSet], scene_length: float, walks_for: float
) -> None:
    plan, painted = fields
    walker = replace(painted.actors[0], pose="walk")
    scene_set = SceneSet(painted.size, painted.k, painted.layers, painted.anchors, [walker])
    shot = Shot(kind="establishing", move="static", lines=[0, 1])
    stage = StageShot(
        scene_set, plan, 0, shot, (320, 180), 24, 0.0, scene_length, scene_length=scene_length
    )
    start, walking = stage.cast.travel(walker, 0.0)
    assert walking and stage.cast.travel(walker, walks_for - 0.1)[1]
    end, walking = stage.cast.travel(walker, walks_for + 0.1)
    assert not walking and end == pytest.approx(-start)  # crossed, centred on the mark


def test_an_insert_leaves_out_people_who_walk_past_it_but_not_one_carrying_its_object(
    fields: tuple[FilmPlan, SceneSet],
) -> None:
    plan, painted = fields
    walker, stander = replace(painted.actors[0], pose="walk"), painted.actors[1]
    carrier = replace(walker, held="Kite")
    for actors, drawn in (([walker, stander], 1), ([carrier, stander], 2)):
        scene_set = SceneSet(painted.size, painted.k, painted.layers, painted.anchors, actors)
        for kind, expected in (("insert", drawn), ("wide", 2)):
            shot = Shot(kind=kind, subject="kite" if kind == "insert" else None, lines=[0, 1])
            stage = StageShot(scene_set, plan, 0, shot, (320, 180), 24, 0.0, 6.0, scene_length=6)
            stage.cast.visible = None  # every actor in view: count what is drawn, not framed
            sprites = stage.cast.sprites(1.0, stage.path, 0.2, stage.size)
            assert len(sprites) == expected, (kind, actors[0].held)
