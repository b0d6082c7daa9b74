"""Animated elements: each moves only where it belongs, loops are seamless, weather fits."""

from __future__ import annotations

import numpy as np
import pytest

from filmstudio.engine.animate.camera import CameraPath, View
from filmstudio.engine.animate.elements import (
    LOOP,
    Element,
    Flicker,
    FogDrift,
    FrameView,
    Lightning,
    Motes,
    Precipitation,
    Smoke,
    Stars,
    WaterGlitter,
    elements_for,
    scene_weather,
)
from filmstudio.engine.picture.layers import Anchors, Layer, SceneSet
from filmstudio.engine.picture.light import compute_light

SIZE = (320, 180)
SET = (480, 270)
#: The whole set in frame, still camera: set pixel / 1.5 = output pixel.
VIEW = FrameView(CameraPath(View(240.0, 135.0, 270.0)), 0.5, SIZE)


def _frame(level: int = 100) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    w, h = SIZE
    return (
        np.full((h, w), level, np.uint8),
        np.full((h // 2, w // 2), 128, np.uint8),
        np.full((h // 2, w // 2), 128, np.uint8),
    )


def _drawn(element: Element, seconds: float) -> np.ndarray:
    frame = _frame()
    element.draw(frame, seconds, VIEW)
    return frame[0]


def _stars() -> Stars:
    n = 12
    rng = np.random.default_rng(1)
    return Stars(
        (rng.random(n) * 200 + 20).astype(np.float32),
        (rng.random(n) * 60 + 10).astype(np.float32),
        np.full(n, 40.0, np.float32),
        rng.integers(2, 6, n),
        (rng.random(n) * 6).astype(np.float32),
    )


REGIONAL: list[Element] = [
    _stars(),
    WaterGlitter((0, 170, 480, 240), 0.6, 0.5, 3, 1.2),
    Flicker(((100.0, 200.0, 6.0), (330.0, 150.0, 4.0)), (0.9, 0.45), 4),
    Smoke(300.0, 230.0, 1.0, 80.0, 5),
]
LOOPING: list[Element] = [
    *REGIONAL,
    Precipitation("rain", SIZE, 24, 1.0, 0.3, 6),
    Precipitation("snow", SIZE, 24, 1.0, 0.3, 6),
    FogDrift(SIZE, 1.0, 7),
]


@pytest.mark.parametrize("element", REGIONAL, ids=lambda e: e.name)
def test_an_element_changes_pixels_only_in_its_region(element: Element) -> None:
    changed = np.zeros(SIZE[::-1], bool)
    for seconds in (0.3, 0.9, 1.7, 2.6):
        a, b = _drawn(element, seconds), _drawn(element, seconds + 0.25)
        changed |= a != b
    assert changed.any(), "it does not move"
    x0, y0, x1, y1 = element.region(VIEW) or (0, 0, *SIZE)
    inside = np.zeros_like(changed)
    inside[y0:y1, x0:x1] = True
    assert not (changed & ~inside).any()
    assert inside.sum() < changed.size / 2  # a region, not the whole frame


@pytest.mark.parametrize("element", LOOPING, ids=lambda e: e.name)
def test_loops_are_seamless(element: Element) -> None:
    for seconds in (0.0, 1.25):
        assert np.array_equal(_drawn(element, seconds), _drawn(element, seconds + LOOP))
    assert not np.array_equal(_drawn(element, 0.0), _drawn(element, LOOP / 3))


def test_near_raindrops_are_longer_and_brighter_than_far_ones() -> None:
    rain = Precipitation("rain", (640, 360), 24, 1.0, 0.0, 8)
    first, second = rain._mask(0), rain._mask(1)
    # the masks hold the light the drops add: their brightness times colour / 255
    light = rain.colour / 255
    bright, faint = first >= 80 * light, (first > 0) & (first < 55 * light)
    assert bright.any() and faint.any()
    # the near (bright) streaks are longer: more lit pixels per streak column
    assert bright.sum() / max(1, np.count_nonzero(bright.any(axis=0))) > 8
    assert not np.array_equal(first, second)


def test_lightning_lights_the_whole_scene_only_during_a_strike() -> None:
    storm = Lightning(SIZE, 24, 0, 120.0)
    flashes = [float(_drawn(storm, t / 24).mean()) for t in range(0, 24 * 6)]
    lit = [level for level in flashes if level > 120]
    assert lit and len(lit) < len(flashes) * 0.2
    assert min(flashes) == 100.0


def _set(place_water: bool) -> SceneSet:
    sky = np.zeros((150, SET[0], 4), np.uint8)
    sky[..., 3] = 255
    water = ((0, 160, SET[0], 240),) if place_water else ()
    return SceneSet(SET, 0.27, [Layer("sky", sky, 0, 0, 0.15, 0.15)], Anchors(150.0, True, water))


def test_weather_picks_its_elements_and_a_storm_blows_harder_than_a_calm_dawn() -> None:
    storm = scene_weather(compute_light("night", "storm", "tense"), "tense", True, "beach", 1)
    calm = scene_weather(compute_light("dawn", "clear", "calm"), "calm", True, "beach", 1)
    assert storm.wind > 3 * calm.wind
    stormy = {e.name for e in elements_for(_set(True), storm, SIZE, 24)}
    quiet = {e.name for e in elements_for(_set(True), calm, SIZE, 24)}
    assert {"rain", "lightning", "water"} <= stormy
    assert "rain" not in quiet and "lightning" not in quiet and "water" in quiet
    indoors = scene_weather(compute_light("day", "rain", "calm"), "calm", False, "kitchen", 1)
    assert "rain" not in {e.name for e in elements_for(_set(False), indoors, SIZE, 24)}


def test_drifting_specks_loop_over_their_own_period() -> None:
    motes = Motes(SIZE, 30, 0.4, 9)
    assert motes.period % LOOP == 0
    assert np.array_equal(_drawn(motes, 1.0), _drawn(motes, 1.0 + motes.period))
    assert not np.array_equal(_drawn(motes, 1.0), _drawn(motes, 1.5))
