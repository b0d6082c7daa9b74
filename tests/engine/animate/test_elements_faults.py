"""Faults users saw in moving elements: the boat on the sea rocks, cars drive in and out of
a side street instead of fading at the road's ends, the temple's flag flies inside the usual
framing, and weather loops hold little memory."""

from __future__ import annotations

import itertools
import tracemalloc

import numpy as np
import pytest

from filmstudio.engine.animate import elements
from filmstudio.engine.animate.camera import CameraPath, View
from filmstudio.engine.animate.elements import (
    LOOP,
    FrameView,
    Precipitation,
    Traffic,
    _car_looks,
    _Occluders,
    _yuv,
    elements_for,
    scene_weather,
)
from filmstudio.engine.animate.stage import StageShot
from filmstudio.engine.picture.canvas import Road
from filmstudio.engine.picture.layers import FAR_PARALLAX, Anchors, Layer, SceneSet, paint_set
from filmstudio.engine.picture.light import compute_light
from filmstudio.engine.plan import Character, FilmPlan, Line, Scene, Setting, Shot, frame_size

SIZE = (320, 180)
SET = (480, 270)
HORIZON = 120.0
#: The whole set in frame, still camera: set pixel / 1.5 = output pixel.
VIEW = FrameView(CameraPath(View(240.0, 135.0, 270.0)), 0.5, SIZE)
BOAT = (200, 60, 260, 140)  # set pixels: mast and sail above the horizon, hull below


def _boat_frame(smooth: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A plain sky over a plain sea, with a textured patch where the boat is (or a smooth
    ramp: how far pixels moved then shows as how much they changed)."""
    w, h = SIZE
    luma = np.full((h, w), 150, np.uint8)
    luma[int(HORIZON / 1.5) :] = 70
    rng = np.random.default_rng(3)
    x0, y0, x1, y1 = (round(v / 1.5) for v in BOAT)
    if smooth:
        ramp = np.add.outer(np.linspace(0, 100, y1 - y0), np.linspace(0, 100, x1 - x0)) + 30
        luma[y0:y1, x0:x1] = ramp.astype(np.uint8)
    else:
        luma[y0:y1, x0:x1] = rng.integers(20, 240, (y1 - y0, x1 - x0), dtype=np.uint8)
    chroma = np.full((h // 2, w // 2), 128, np.uint8)
    chroma[y0 // 2 : y1 // 2, x0 // 2 : x1 // 2] = 90
    return luma, chroma, chroma.copy()


def _boat_set() -> SceneSet:
    sky = np.zeros((SET[1], SET[0], 4), np.uint8)
    sky[..., 3] = 255
    anchors = Anchors(HORIZON, True, ((0, 125, SET[0], 270),), props={"boat": BOAT})
    return SceneSet(SET, 0.27, [Layer("far", sky, 0, 0, 0.45, 0.45)], anchors)


def _boat(weather: str, mood: str) -> elements.BoatRock:
    look = scene_weather(compute_light("day", weather, mood), mood, True, "beach", 2)
    found = [e for e in elements_for(_boat_set(), look, SIZE, 24) if e.name == "boat"]
    assert len(found) == 1, "a boat on the water is an element"
    boat = found[0]
    assert isinstance(boat, elements.BoatRock)
    return boat


def _rocked(boat: elements.BoatRock, seconds: float, smooth: bool = False) -> list[np.ndarray]:
    frame = _boat_frame(smooth)
    boat.draw(frame, seconds, VIEW)
    return [plane.astype(int) for plane in frame]


def test_the_boat_bobs_and_rolls_and_nothing_else_moves() -> None:
    boat = _boat("clear", "calm")
    still = [plane.astype(int) for plane in _boat_frame()]
    x0, y0, x1, y1 = boat.region(VIEW) or (0, 0, *SIZE)
    moved = np.zeros(SIZE[::-1], bool)
    for seconds in np.arange(0.0, LOOP, 0.25):
        luma, u, _ = _rocked(boat, float(seconds))
        moved |= luma != still[0]
        # the sky far above the boat and the sea beside it do not move
        assert np.array_equal(luma[: max(0, y0)], still[0][: max(0, y0)])
        outside = np.ones_like(moved)
        outside[y0:y1, x0:x1] = False
        assert np.array_equal(luma[outside], still[0][outside])
        # the boat's colour moves with it
        assert u.shape == still[1].shape
    bx0, by0, bx1, by1 = (round(v / 1.5) for v in BOAT)
    assert moved[by0:by1, bx0:bx1].mean() > 0.3, "the boat's own pixels move"
    later = [_rocked(boat, t)[0] for t in (0.0, 0.5, 1.0, 1.5)]
    assert not any(np.array_equal(a, b) for a, b in itertools.pairwise(later))


def test_the_boat_rocks_harder_in_a_storm_and_its_loop_is_seamless() -> None:
    def motion(boat: elements.BoatRock) -> float:
        frames = [_rocked(boat, t, smooth=True)[0] for t in np.arange(0.0, LOOP, 0.25)]
        return sum(float(np.abs(a - b).sum()) for a, b in itertools.pairwise(frames))

    calm, storm = _boat("clear", "calm"), _boat("storm", "tense")
    assert motion(storm) > 1.5 * motion(calm) > 0
    for boat in (calm, storm):
        for seconds in (0.0, 1.3):
            assert all(
                np.array_equal(a, b)
                for a, b in zip(_rocked(boat, seconds), _rocked(boat, seconds + LOOP), strict=True)
            )


def _one_car(side: float) -> Traffic:
    """One car in a lane like the painted street's (lanes 2 m out, the side street at 35 m)."""
    road = Road("cars", 240.0, HORIZON, side * 300.0, 180.0, 225.0, 35.0, 170.0)
    looks = _car_looks(np.random.default_rng(1), 1, compute_light("dusk", "clear", "calm"))
    return Traffic(road, 1, _Occluders((), HORIZON, SET[1]), 7, looks, lamps=_yuv((1, 1, 1)))


def _cars_luma(car: Traffic, seconds: float) -> np.ndarray:
    w, h = SIZE
    frame = (
        np.full((h, w), 90, np.uint8),
        np.full((h // 2, w // 2), 128, np.uint8),
        np.full((h // 2, w // 2), 128, np.uint8),
    )
    car.draw(frame, seconds, VIEW)
    return frame[0]


@pytest.mark.parametrize("side", [-1.0, 1.0], ids=["coming", "going"])
def test_cars_turn_out_of_sight_at_the_near_end_instead_of_fading(side: float) -> None:
    car = _one_car(side)
    road = car.road
    corner = car._corner(VIEW)
    assert corner is not None
    beyond = np.zeros(SIZE[::-1], bool)
    if side > 0:
        beyond[:, int(np.ceil(corner)) + 2 :] = True
    else:
        beyond[:, : int(np.floor(corner)) - 1] = True
    seen_turning = False
    for seconds in np.arange(0.0, car.period, 1 / 24):
        z, shown, _, out = car._moving(float(seconds))
        # anywhere in the nearer half of the road the car is drawn whole, never faded
        assert (shown[z < road.near + 0.5 * (road.far - road.near)] == 1.0).all()
        luma = _cars_luma(car, float(seconds))
        drawn = luma != 90
        assert not (drawn & beyond).any(), "hidden behind the corner of the block"
        if out[0] > 1.5 and drawn.any():
            seen_turning = True
        if out[0] >= elements.TURN_OUT - 1e-3:
            assert not drawn.any(), "the trip wraps where nobody sees it"
    assert seen_turning, "it drives into (or out of) the side street on screen"


def test_cars_come_out_of_the_distance_small() -> None:
    car = _one_car(-1.0)
    sizes = []
    for seconds in np.arange(0.0, car.period, 1 / 24):
        z, shown, _, _ = car._moving(float(seconds))
        if 0 < shown[0] < 1:
            sizes.append(float(car.road.size / z[0]) / 1.5)
    assert sizes and max(sizes) < 3.0  # output pixels tall while it fades in the distance


def _temple_plan(aspect: str) -> FilmPlan:
    scene = Scene(
        scene_number=1,
        description="Maya and Arun talk.",
        setting=Setting(place="temple", time_of_day="dusk", weather="clear"),
        mood="devotional",
        characters=["Maya", "Arun"],
        dialogue=[Line(speaker="Maya", text="Hello."), Line(speaker="Arun", text="Hi.")],
    )
    cast = [Character(name="Maya", gender="female"), Character(name="Arun", gender="male")]
    return FilmPlan(aspect=aspect, characters=cast, scenes=[scene])


@pytest.mark.parametrize("aspect", ["16:9", "9:16", "1:1"])
def test_the_temple_flag_flies_inside_the_usual_framing(aspect: str) -> None:
    plan = _temple_plan(aspect)
    size = frame_size("360p", aspect)
    scene_set = paint_set(plan.scenes[0], plan, *size)
    assert scene_set.anchors.flags
    for kind in ("establishing", "wide"):
        shot = Shot(kind=kind, move="drift", lines=[0, 1])
        stage = StageShot(scene_set, plan, 0, shot, size, 24, 0.0, 6.0)
        for seconds in (0.0, 5.9):
            scale, left, top = stage.view_at(seconds).to_frame(FAR_PARALLAX)
            right, bottom = left + size[0] / scale, top + size[1] / scale
            seen = [
                (pole, y0, tip, y1)
                for pole, y0, tip, y1 in scene_set.anchors.flags
                if left <= min(pole, tip) and max(pole, tip) <= right and top <= y0 < y1 <= bottom
            ]
            assert seen, f"no flag inside the {kind} framing ({aspect})"
        flutter = [e for e in stage.elements if e.name == "flags"]
        assert flutter
        region = flutter[0].region(stage.view_at(1.0))
        assert region is not None and region[2] > region[0] and region[3] > region[1]


def _held_mib(element: Precipitation) -> float:
    elements._LOOPS.clear()
    w, h = element.size
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for index in range(3):
        frame = (
            np.full((h, w), 90, np.uint8),
            np.full((h // 2, w // 2), 128, np.uint8),
            np.full((h // 2, w // 2), 128, np.uint8),
        )
        element.draw(frame, index / 24, FrameView(CameraPath(View(w / 2, h / 2, h)), 0.5, (w, h)))
        del frame
    held = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    elements._LOOPS.clear()
    return held / 2**20


@pytest.mark.parametrize(("name", "bound"), [("rain", 24.0), ("snow", 40.0)])
def test_a_1080p_weather_loop_holds_little_memory(name: str, bound: float) -> None:
    weather = Precipitation(name, (1920, 1080), 24, 1.0, 0.45, 3, 230.0, haze=(150.0, 0.12))
    assert _held_mib(weather) < bound
