"""Life in the sets: windows lighting up at dusk, crowds and traffic, flags and grass in the
wind. Each moves only where it belongs, loops are seamless, the wind decides how hard."""

from __future__ import annotations

import numpy as np
import pytest

from filmstudio.engine.animate.camera import CameraPath, View
from filmstudio.engine.animate.elements import (
    LOOP,
    Crowd,
    Element,
    Flutter,
    FrameView,
    GrassSway,
    LitWindows,
    Traffic,
    TreeSway,
    _car_looks,
    _Occluders,
    _yuv,
    elements_for,
    scene_weather,
    walker_bank,
)
from filmstudio.engine.picture.canvas import Lane, Road
from filmstudio.engine.picture.layers import Anchors, Layer, SceneSet, paint_set
from filmstudio.engine.picture.light import compute_light
from filmstudio.engine.plan import Character, FilmPlan, Line, Scene, Setting

SIZE = (320, 180)
SET = (480, 270)
HORIZON = 120.0
#: The whole set in frame, still camera: set pixel / 1.5 = output pixel.
VIEW = FrameView(CameraPath(View(240.0, 135.0, 270.0)), 0.5, SIZE)
#: The same set under a trucking camera halfway through its move.
MOVING = FrameView(CameraPath(View(240.0, 135.0, 200.0), dx=60.0, zoom=1.2), 0.4, SIZE)


def _frame() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    w, h = SIZE
    rng = np.random.default_rng(0)
    return (
        rng.integers(60, 120, (h, w), dtype=np.uint8),
        np.full((h // 2, w // 2), 128, np.uint8),
        np.full((h // 2, w // 2), 128, np.uint8),
    )


def _drawn(element: Element, seconds: float, view: FrameView = VIEW) -> np.ndarray:
    frame = _frame()
    element.draw(frame, seconds, view)
    return np.concatenate([frame[0].reshape(-1), frame[1].reshape(-1), frame[2].reshape(-1)])


def _luma(element: Element, seconds: float, view: FrameView = VIEW) -> np.ndarray:
    frame = _frame()
    element.draw(frame, seconds, view)
    return frame[0]


def _set(**anchors: object) -> SceneSet:
    sky = np.zeros((SET[1], SET[0], 4), np.uint8)
    sky[..., 3] = 255
    return SceneSet(
        SET, 0.27, [Layer("far", sky, 0, 0, 0.45, 0.45)], Anchors(HORIZON, True, **anchors)
    )


def _weather(time: str = "dusk", weather: str = "clear", mood: str = "calm") -> object:
    return scene_weather(compute_light(time, weather, mood), mood, True, "market", 3)


def _crowd() -> Crowd:
    lane = Lane(-30.0, 510.0, 200.0, 60.0)
    bank = walker_bank(_set(), _weather("day"), 70.0, (80.0, -80.0))  # type: ignore[arg-type]
    occluders = _Occluders(((100.0, 150.0, 160.0, 240.0),), HORIZON, SET[1])
    return Crowd(lane, bank, 6, occluders, 5)


def _walkers() -> Traffic:
    road = Road("walkers", 240.0, HORIZON, 1400.0, 480.0, 450.0, 6.0, 40.0)
    bank = walker_bank(_set(), _weather("day"), 75.0, (170.0, 15.0))  # type: ignore[arg-type]
    return Traffic(road, 4, _Occluders((), HORIZON, SET[1]), 6, bank=bank)


def _cars() -> Traffic:
    road = Road("cars", 240.0, HORIZON, -500.0, 480.0, 400.0, 8.0, 60.0)
    looks = _car_looks(np.random.default_rng(1), 2, compute_light("night", "clear", "calm"))
    lamps = _yuv((1.0, 0.95, 0.8))
    return Traffic(road, 2, _Occluders((), HORIZON, SET[1]), 7, looks, lamps=lamps)


def _windows() -> LitWindows:
    panes = ((300.0, 60.0, 320.0, 60.0, 320.0, 85.0, 300.0, 85.0),) * 1 + (
        (360.0, 150.0, 380.0, 152.0, 380.0, 180.0, 360.0, 178.0),
    )
    colours = (_yuv((1.0, 0.74, 0.3)), _yuv((1.0, 0.84, 0.44)))
    return LitWindows(panes, (0.5, 2.0), colours, HORIZON, SET[1])


def _flag(wind: float = 0.6) -> Flutter:
    return Flutter((200.0, 40.0, 260.0, 75.0), wind, HORIZON, SET[1])


def _grass(wind: float = 0.6) -> GrassSway:
    rng = np.random.default_rng(2)
    tufts = tuple(
        (float(x), float(y), float(12 + (y - 160) * 0.3))
        for x, y in zip(rng.random(60) * SET[0], 160 + rng.random(60) * 100, strict=True)
    )
    return GrassSway(tufts, wind, HORIZON, SET)


def _trees(wind: float = 0.6) -> TreeSway:
    trees = ((120.0, 250.0, 200.0), (380.0, 240.0, 160.0))
    return TreeSway(trees, wind, HORIZON, SET[1])


MOVERS = {
    "trees": _trees,
    "crowd": _crowd,
    "walkers": _walkers,
    "cars": _cars,
    "windows": _windows,
    "flag": _flag,
    "grass": _grass,
}


@pytest.mark.parametrize("view", [VIEW, MOVING], ids=["still", "moving"])
@pytest.mark.parametrize("name", sorted(MOVERS))
def test_it_changes_pixels_only_in_its_region(name: str, view: FrameView) -> None:
    element = MOVERS[name]()
    changed = np.zeros(SIZE[::-1], bool)
    base = _frame()[0]
    for seconds in (0.3, 1.1, 2.6, 5.0, 9.0):
        a, b = _luma(element, seconds, view), _luma(element, seconds + 0.5, view)
        changed |= (a != b) | (a != base)
    assert changed.any(), "nothing moves"
    x0, y0, x1, y1 = element.region(view) or (0, 0, *SIZE)
    inside = np.zeros_like(changed)
    inside[y0:y1, x0:x1] = True
    assert not (changed & ~inside).any()
    assert inside.sum() < changed.size * 0.75  # a region, not the whole frame


@pytest.mark.parametrize("name", ["crowd", "walkers", "cars", "flag", "grass", "trees"])
def test_loops_are_seamless(name: str) -> None:
    element = MOVERS[name]()
    period = float(getattr(element, "period", LOOP))
    assert period % LOOP == 0
    for seconds in (0.0, 1.3):
        assert np.array_equal(_drawn(element, seconds), _drawn(element, seconds + period))
    assert not np.array_equal(_drawn(element, 0.0), _drawn(element, 0.5))


def test_windows_light_up_one_by_one_and_stay_lit() -> None:
    windows = _windows()
    before, first, both, later = (_luma(windows, t) for t in (0.2, 1.0, 3.0, 30.0))
    lit_first, lit_both = first > before + 20, both > before + 20
    assert lit_first.any() and (lit_both & ~lit_first).any()
    assert np.array_equal(both, later)


def test_crowd_walks_behind_what_stands_in_front_of_it() -> None:
    crowd = _crowd()
    base = _frame()[0]
    # the occluder (set box 100..160 x 150..240) is output 67..106 x 100..160
    for seconds in np.arange(0.0, 32.0, 0.7):
        drawn = _luma(crowd, float(seconds))
        assert np.array_equal(drawn[100:160, 68:106], base[100:160, 68:106])


def _smooth(element: Element, seconds: float) -> np.ndarray:
    """Luma drawn over a smooth ramp: how far pixels moved shows as how much they changed."""
    w, h = SIZE
    ramp = np.linspace(20, 120, h, dtype=np.float32)[:, None] + np.linspace(0, 120, w)[None, :]
    frame = (
        ramp.astype(np.uint8),
        np.full((h // 2, w // 2), 128, np.uint8),
        np.full((h // 2, w // 2), 128, np.uint8),
    )
    element.draw(frame, seconds, VIEW)
    return frame[0].astype(int)


def _displacement(element: Element) -> float:
    return sum(
        float(np.abs(_smooth(element, t) - _smooth(element, t + step)).sum())
        for t in (0.5, 1.5, 2.5)
        for step in (1 / 12, 1 / 6, 0.3, 1.0)
    )


@pytest.mark.parametrize("make", [_flag, _grass, _trees], ids=["flag", "grass", "trees"])
def test_a_storm_moves_it_harder_than_a_calm_dawn(make: object) -> None:
    calm = scene_weather(compute_light("dawn", "clear", "calm"), "calm", True, "fields", 1)
    storm = scene_weather(compute_light("night", "storm", "tense"), "tense", True, "fields", 1)
    gentle, violent = make(calm.wind), make(storm.wind)  # type: ignore[operator]
    assert _displacement(violent) > 1.5 * _displacement(gentle) > 0


def _plan(place: str, time: str, weather: str = "clear") -> FilmPlan:
    scene = Scene(
        scene_number=1,
        description="Maya and Arun talk.",
        setting=Setting(place=place, time_of_day=time, weather=weather),
        characters=["Maya", "Arun"],
        dialogue=[Line(speaker="Maya", text="Hello."), Line(speaker="Arun", text="Hi.")],
    )
    cast = [Character(name="Maya", gender="female"), Character(name="Arun", gender="male")]
    return FilmPlan(characters=cast, scenes=[scene])


@pytest.mark.parametrize(
    ("place", "time", "weather", "expected", "absent"),
    [
        ("market", "dusk", "clear", {"crowd", "windows"}, {"traffic"}),
        ("street", "dusk", "clear", {"traffic", "windows"}, {"crowd"}),
        ("street", "day", "clear", {"traffic"}, {"windows"}),
        ("fields", "day", "clouds", {"grass"}, {"crowd", "traffic", "windows"}),
        ("village", "dusk", "clear", {"trees", "windows", "crowd"}, {"traffic"}),
        ("fields", "day", "snow", set(), {"grass"}),
    ],
)
def test_painters_mark_what_lives_and_the_plan_picks_it(
    place: str, time: str, weather: str, expected: set[str], absent: set[str]
) -> None:
    plan = _plan(place, time, weather)
    scene_set = paint_set(plan.scenes[0], plan, *SIZE)
    weather_of = scene_weather(compute_light(time, weather, "calm"), "calm", True, place, 4)
    names = {element.name for element in elements_for(scene_set, weather_of, SIZE, 24)}
    assert expected <= names
    assert not (absent & names)


def test_marks_survive_the_stage_cache() -> None:
    plan = _plan("street", "dusk")
    scene_set = paint_set(plan.scenes[0], plan, *SIZE)
    arrays, meta = scene_set.to_arrays()
    back = SceneSet.from_arrays(arrays, meta, plan.scenes[0], plan)
    assert back.anchors == scene_set.anchors
    assert back.anchors.roads and back.anchors.windows and back.anchors.occluders


def test_passers_by_walk_off_the_picture_or_round_a_corner_instead_of_fading() -> None:
    """Issue 12: passers-by faded in and out at the ends of their pavement. A trip now ends
    past the picture's edge (near end) or turned into the side street behind the corner of
    the block before it (far end); in between, and at both ends, nobody is half there."""
    plan = _plan("street", "day")
    scene_set = paint_set(plan.scenes[0], plan, *SIZE)
    weather_of = scene_weather(compute_light("day", "clear", "calm"), "calm", True, "street", 4)
    walkers = [
        e
        for e in elements_for(scene_set, weather_of, SIZE, 24)
        if isinstance(e, Traffic) and e.bank is not None
    ]
    assert len(walkers) == 2
    set_w = scene_set.size[0]
    for element in walkers:
        road = element.road
        samples = [element._moving(t) for t in np.arange(0.0, element.period, 0.1)]
        assert all((shown == 1.0).all() for _, shown, _, _ in samples), "nobody fades"
        z_all = np.concatenate([z for z, *_ in samples])
        out_all = np.concatenate([out for *_, out in samples])
        half = 0.45 * road.size / z_all  # half a walker's width (set pixels)
        x = road.vx + out_all * road.side / z_all
        nearest = int(np.argmin(z_all))
        beyond_edge = x[nearest] + half[nearest] < 0 or x[nearest] - half[nearest] > set_w
        assert beyond_edge, "the near end of a trip is past the picture's edge"
        turned = int(np.argmax(out_all))
        corner_z = element._corner_depth()
        corner_x = road.vx + 7.0 / 5.6 * road.side / corner_z
        assert z_all[turned] > corner_z, "the far end is beyond the corner of the block"
        hidden = (x[turned] - half[turned] - corner_x) * np.sign(road.side)
        assert hidden > 0, "and the walker who turned there is wholly behind that corner"


def test_both_pavements_share_one_bank_of_walkers_drawn_below_their_nearest_size() -> None:
    """Painting passers-by as big as they get at the picture's edge, once per pavement, made
    a street's first frame cost 2.9 s at 720p (bench/elements.py); one shared, smaller bank
    is painted once."""
    plan = _plan("street", "day")
    scene_set = paint_set(plan.scenes[0], plan, *SIZE)
    weather_of = scene_weather(compute_light("day", "clear", "calm"), "calm", True, "street", 4)
    walkers = [
        e
        for e in elements_for(scene_set, weather_of, SIZE, 24)
        if isinstance(e, Traffic) and e.bank is not None
    ]
    bank = walkers[0].bank
    assert bank is not None and bank is walkers[1].bank
    nearest = max(e.road.size / e.road.near for e in walkers)
    assert bank.height < 0.7 * nearest
