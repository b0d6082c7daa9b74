"""Close-ups are filmed in the scene's own set: the place behind the speaker is the set the
wide shots show (same colours), and it is part of the close-up's cache keys."""

from __future__ import annotations

import numpy as np
import pytest

from filmstudio.engine.animate.drawers import LayeredStageDrawer, PortraitDrawer
from filmstudio.engine.animate.edit import Cut
from filmstudio.engine.animate.lipsync import get_lipsyncer
from filmstudio.engine.animate.stage import flat_set
from filmstudio.engine.cache import StageCache
from filmstudio.engine.picture.layers import Anchors, Layer, SceneSet
from filmstudio.engine.picture.providers import get_picture_provider
from filmstudio.engine.plan import Character, FilmPlan, Line, Scene, Setting, Shot

SIZE = (320, 180)


def _plan(style: str = "cinematic") -> FilmPlan:
    scene = Scene(
        scene_number=1,
        setting=Setting(place="harbour", time_of_day="night", weather="rain"),
        characters=["Maya"],
        dialogue=[Line(speaker="Maya", text="Hello.")],
    )
    return FilmPlan(style=style, characters=[Character(name="Maya")], scenes=[scene])


def _stage(plan: FilmPlan) -> LayeredStageDrawer:
    painter = get_picture_provider("procedural")
    return LayeredStageDrawer(plan, SIZE, 24, StageCache(enabled=False), painter, "procedural")


def test_the_flattened_set_is_the_layers_behind_the_people() -> None:
    far = np.zeros((90, 160, 4), np.uint8)
    far[..., 2], far[..., 3] = 200, 255
    post = np.zeros((90, 10, 4), np.uint8)
    post[..., 1], post[..., 3] = 255, 255
    half = np.zeros((40, 160, 4), np.uint8)
    half[..., 0], half[..., 3] = 255, 128
    layers = [
        Layer("far", far, 0, 0, 0.4, 0.4),
        Layer("ground", half, 0, 50, 0.8, 1.0),
        Layer("front", post, 75, 0, 1.4, 1.4),
    ]
    flat = flat_set(SceneSet((160, 90), 0.09, layers, Anchors(45.0)))
    assert tuple(flat[10, 80]) == (0, 0, 200), "the foreground framing is left out"
    assert flat[70, 20, 0] == pytest.approx(128, abs=1) and flat[70, 20, 2] == pytest.approx(
        100, abs=1
    )


def test_a_close_up_shows_the_scenes_own_set_behind_the_speaker() -> None:
    plan = _plan()
    stage = _stage(plan)
    behind = stage.backdrop(0, "Maya", SIZE)
    assert behind.shape == (SIZE[1], SIZE[0], 3)
    drawer = PortraitDrawer(
        plan, SIZE, StageCache(enabled=False), get_lipsyncer("procedural"), 24, stage
    )
    cut = Cut(0, 0, Shot(kind="close-up", subject="Maya", lines=[0]), 0, 48, ())
    portrait, speaker = drawer.portrait(cut)
    assert speaker == "Maya" and portrait.rig is not None
    assert np.array_equal(portrait.rig.backdrop, behind)
    # the set's colours: the backdrop's mean colour is the set's, not a repainted picture's
    flat = flat_set(stage._sets.get(0))
    assert np.abs(behind.reshape(-1, 3).mean(0) - flat.reshape(-1, 3).mean(0)).max() < 40


def test_the_set_is_part_of_a_close_ups_key() -> None:
    cut = Cut(0, 0, Shot(kind="close-up", subject="Maya", lines=[0]), 0, 48, ())
    syncer = get_lipsyncer("procedural")
    keys = []
    for style in ("cinematic", "noir"):
        plan = _plan(style)
        drawer = PortraitDrawer(plan, SIZE, StageCache(enabled=False), syncer, 24, _stage(plan))
        keys.append(drawer.describe(cut)["backdrop"])
    assert keys[0] != keys[1] and keys[0]["set"]["style"] == "cinematic"


def _top_corners_change(weather: str) -> float:
    """Share of the two top corners' luma that changes between two frames of a silent
    close-up (the face, which breathes and blinks, is away from them)."""
    plan = _plan()
    setting = plan.scenes[0].setting.model_copy(update={"weather": weather})
    scene = plan.scenes[0].model_copy(update={"setting": setting})
    plan = plan.model_copy(update={"scenes": [scene]})
    stage = _stage(plan)
    drawer = PortraitDrawer(
        plan, SIZE, StageCache(enabled=False), get_lipsyncer("procedural"), 24, stage
    )
    cut = Cut(0, 0, Shot(kind="close-up", subject="Maya", lines=[0]), 0, 48, ())
    frames = [planes[0].astype(np.int16) for planes in drawer.draw(cut, 0, 5)]
    w, h = SIZE[0] * 15 // 100, SIZE[1] * 15 // 100
    corners = [np.s_[:h, :w], np.s_[:h, -w:]]
    changed = [np.abs(frames[4][c] - frames[0][c]) > 6 for c in corners]
    return float(np.mean([c.mean() for c in changed]))


def test_rain_keeps_falling_in_a_close_up() -> None:
    # before, the close-up's rain was painted into its portrait: frozen while the wides rained
    # (a close-up shows a fifth of the scene's drops: the few between the lens and the face)
    assert _top_corners_change("rain") > 0.001
    assert _top_corners_change("clear") == 0.0
