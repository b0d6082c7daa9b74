"""A shooting star in a clear night sky moves (issue 12): it streaks across open sky now and
then and fades, where the painter used to draw one still line."""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
import pytest

from filmstudio.engine.animate.elements import (
    SHOOTING_SECONDS,
    FrameView,
    ShootingStar,
    shooting_star,
)
from filmstudio.engine.animate.stage import StageShot
from filmstudio.engine.picture.layers import Anchors, Layer, SceneSet, paint_set
from filmstudio.engine.picture.light import compute_light
from filmstudio.engine.plan import FilmPlan, Scene, Setting, Shot

from .test_stage import _rgb

SIZE = (640, 360)


def _night(place: str = "night_sky", weather: str = "clear") -> tuple[FilmPlan, SceneSet]:
    scene = Scene(
        scene_number=1,
        description="The first stars came out over the hill.",
        setting=Setting(place=place, time_of_day="night", weather=weather),
    )
    plan = FilmPlan(scenes=[scene])
    return plan, paint_set(scene, plan, *SIZE)


@pytest.fixture(scope="module")
def night() -> tuple[StageShot, ShootingStar]:
    plan, scene_set = _night()
    stage = StageShot(
        scene_set, plan, 0, Shot(kind="establishing", move="static"), SIZE, 24, 0.0, 30.0
    )
    meteors = [e for e in stage.elements if isinstance(e, ShootingStar)]
    assert len(meteors) == 1, [e.name for e in stage.elements]
    return stage, meteors[0]


def _moments(meteor: ShootingStar, until: float) -> list[float]:
    """Frame times (24 fps) when the streak shows."""
    return [t for t in np.arange(0.0, until, 1 / 24) if meteor._streak(float(t)) is not None]


def test_a_shooting_star_crosses_the_sky_now_and_then_in_under_a_second(
    night: tuple[StageShot, ShootingStar],
) -> None:
    _, meteor = night
    shown = _moments(meteor, 30.0)
    # a few streaks in 30 s, each a short burst
    bursts = 1 + sum(1 for a, b in itertools.pairwise(shown) if b - a > 0.1)
    assert 2 <= bursts <= 6
    assert len(shown) <= bursts * (SHOOTING_SECONDS * 24 + 1)
    first = [t for t in shown if t < shown[0] + SHOOTING_SECONDS]
    heads = [meteor._streak(t)[2:4] for t in first]  # type: ignore[index]
    assert np.hypot(*np.subtract(heads[-1], heads[0])) > meteor.open_sky.shape[1] * 0.05


def test_its_pixels_change_between_frames_only_in_the_open_sky(
    night: tuple[StageShot, ShootingStar],
) -> None:
    stage, meteor = night
    view: FrameView = stage.view_at(0.0)
    base = stage.planes_at(0.0)
    changed = np.zeros(SIZE[::-1], bool)
    for t in _moments(meteor, 20.0):
        frame = (base[0].copy(), base[1].copy(), base[2].copy())
        meteor.draw(frame, t, view)
        changed |= frame[0] != base[0]
    assert changed.sum() > 50, "no streak drawn"
    scale, _, top = view.to_frame(1.0)
    ys, xs = np.nonzero(changed)
    assert ((ys / scale + top) < stage.scene_set.anchors.horizon).all()
    # what it crosses is the night sky's blue, never the lone tree's green or the hills
    rgb = _rgb(base).astype(np.int16)[ys, xs]
    assert (rgb[:, 2] >= rgb[:, 1]).all()


def test_it_never_crosses_what_stands_in_front_of_the_sky() -> None:
    sky = np.zeros((270, 480, 4), np.uint8)
    sky[...] = (20, 30, 80, 255)
    tower = np.zeros((270, 480, 4), np.uint8)
    tower[40:, 150:330] = (30, 60, 30, 255)  # a dark green block up to near the top
    layers = [Layer("sky", sky, 0, 0, 0.15, 0.15), Layer("far", tower, 0, 0, 0.45, 0.45)]
    scene_set = SceneSet((480, 270), 0.27, layers, Anchors(200.0, outdoors=True))
    light = replace(compute_light("night", "clear", "calm"), stars=1.0, cloud_cover=0.0)
    meteor = shooting_star(scene_set, light, 11)
    assert meteor is not None
    assert not meteor.open_sky[40:, 140:340].any()
    shown = _moments(meteor, 60.0)
    assert shown
    for t in shown:
        x0, y0, x1, y1, _ = meteor._streak(t)  # type: ignore[misc]
        for x, y in ((x0, y0), (x1, y1)):
            assert not (140 <= x <= 340 and y >= 35)


def test_no_shooting_star_by_day_or_under_clouds() -> None:
    for time, weather in (("day", "clear"), ("night", "rain")):
        scene = Scene(
            scene_number=1,
            setting=Setting(place="night_sky", time_of_day=time, weather=weather),
        )
        plan = FilmPlan(scenes=[scene])
        scene_set = paint_set(scene, plan, 320, 180)
        stage = StageShot(scene_set, plan, 0, Shot(kind="wide"), (320, 180), 24, 0.0, 1.0)
        assert not [e for e in stage.elements if isinstance(e, ShootingStar)]
