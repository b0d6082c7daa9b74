"""A held-out kind of script: the scenes must be recognisable from the words alone.

A screenplay on a beach at sunset, in a cafe at night in the rain and on a pier at dawn goes
through the real planner and painter; each picture is then measured for what a stranger
would look for (a warm sky over a sea and sand, lit windows and rain on the glass, a pink
dawn over water with a wooden pier). Each check is also run against a counterfactual render
(the same scene at midday, or without rain) so it measures the cue, not the place alone.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from filmstudio.engine.picture import paint_scene
from filmstudio.engine.picture.places import place_spec
from filmstudio.engine.plan import FilmPlan, Prop, Scene
from filmstudio.engine.planning import make_plan
from filmstudio.engine.request import FilmRequest

SCRIPT = """EXT. BEACH - SUNSET

Lena and Tom walk barefoot along the shore as the sun sinks into the sea.

LENA
It's beautiful.

INT. CORNER CAFE - NIGHT

Rain streams down the big window. Lena and Tom sit at a small table with two cups of coffee.

TOM
We should go home.

EXT. PIER - DAWN

Fishing boats rock beside the old pier. Lena stands alone at the end of the pier, watching the
sunrise.
"""
W, H = 480, 270
F32 = np.ndarray


@pytest.fixture(scope="module")
def plan() -> FilmPlan:
    return make_plan(SCRIPT, FilmRequest(script=SCRIPT, duration=45))


def _paint(plan: FilmPlan, scene: Scene, **setting: str) -> F32:
    if setting:
        scene = scene.model_copy(update={"setting": scene.setting.model_copy(update=setting)})
    return paint_scene(scene, plan, W, H).astype(np.float32)


def _band(img: F32, y0: float, y1: float, x0: float = 0.0, x1: float = 1.0) -> F32:
    """Mean RGB of a band given in fractions of the picture."""
    part = img[int(y0 * H) : int(y1 * H), int(x0 * W) : int(x1 * W)]
    return part.reshape(-1, 3).mean(axis=0)


def _warmth(rgb: F32) -> float:
    return float(rgb[0] - rgb[2])


def _lit_windows(img: F32) -> int:
    """Small bright warm blobs in the upper part of the frame: windows lit at night."""
    luma = img @ np.array([0.299, 0.587, 0.114], np.float32)
    mask = ((luma > 170) & (img[..., 0] > img[..., 2] + 20)).astype(np.uint8)
    _, _, stats, _ = cv2.connectedComponentsWithStats(mask[: int(H * 0.6)])
    sizes = stats[1:, cv2.CC_STAT_AREA]
    return int(((sizes >= 3) & (sizes <= 300)).sum())


def _streaks(rain: F32, clear: F32) -> tuple[float, float]:
    """How much rain changes the upper frame, and how vertical (streaky) the change is."""
    diff = np.abs(rain - clear).mean(axis=2)[: int(H * 0.6)]
    changed = float((diff > 10).mean())
    across = float(np.abs(np.diff(diff, axis=1)).mean())
    along = float(np.abs(np.diff(diff, axis=0)).mean())
    return changed, across / max(along, 1e-6)


def test_the_planner_reads_place_time_and_weather_from_the_words(plan: FilmPlan) -> None:
    got = [
        (s.setting.place, s.setting.interior, s.setting.time_of_day, s.setting.weather)
        for s in plan.scenes
    ]
    assert got == [
        ("beach", False, "golden_hour", "clear"),
        ("cafe", True, "night", "rain"),
        ("harbour", False, "dawn", "clear"),
    ]


def test_beach_at_sunset_has_a_glowing_sky_over_sea_and_sand(plan: FilmPlan) -> None:
    scene = plan.scenes[0]
    img, noon = _paint(plan, scene), _paint(plan, scene, time_of_day="day")
    hz = place_spec("beach").horizon / 1000
    glow, top = _band(img, hz - 0.14, hz - 0.03), _band(img, 0.0, 0.12)
    sea = _band(img, hz + 0.03, hz + 0.12)
    sand = _band(img, 0.88, 1.0)
    assert _warmth(glow) > 60, f"the sky above the sea should glow orange, got {glow}"
    assert glow.mean() > top.mean() + 40, "brightest just above the horizon, darker overhead"
    assert _warmth(glow) > _warmth(_band(noon, hz - 0.14, hz - 0.03)) + 60
    assert _warmth(sand) > 50 and sand[1] > sand[2] + 20, f"sand is warm yellow, got {sand}"
    assert _warmth(sea) < _warmth(sand) - 25, "the sea band is bluer than the sand"
    sun_y = np.unravel_index(np.argmax(img.sum(axis=2)[: int(H * hz)]), (int(H * hz), W))[0]
    assert sun_y > H * (hz - 0.25), "the brightest spot (the sun) is low, near the horizon"


def test_cafe_at_night_in_the_rain_has_lit_windows_and_rain_on_the_glass(
    plan: FilmPlan,
) -> None:
    scene = plan.scenes[1]
    img = _paint(plan, scene)
    day = _paint(plan, scene, time_of_day="day")
    clear = _paint(plan, scene, weather="clear")
    assert _lit_windows(img) >= 10 and _lit_windows(img) >= 2 * _lit_windows(day)
    inside = _band(img, 0.6, 1.0)
    assert _warmth(inside) > 25, f"a warm lit room, got {inside}"
    assert img.mean() < day.mean() - 5, "night is darker than day, even indoors"
    changed, vertical = _streaks(img, clear)
    assert changed > 0.05, "rain must visibly change the window"
    assert vertical > 1.15, "and fall in streaks, not as a uniform veil"


def test_pier_at_dawn_has_a_pink_horizon_water_and_a_wooden_pier(plan: FilmPlan) -> None:
    """The painter draws a pier when the plan's props name one (the planner's lexicon turns
    "pier", "muelle", "quai" into that prop); the prop is added here while it does not yet."""
    scene = plan.scenes[2]
    if not any(p.name == "pier" for p in scene.props):
        scene = scene.model_copy(update={"props": [*scene.props, Prop(name="pier")]})
    img, noon = _paint(plan, scene), _paint(plan, scene, time_of_day="day")
    rain = _paint(plan, scene, weather="rain")
    sky_low, sky_top = _band(img, 0.3, 0.42, 0.0, 0.25), _band(img, 0.0, 0.1, 0.0, 0.25)
    assert _warmth(sky_low) > _warmth(sky_top) + 25, "dawn warms the sky toward the horizon"
    assert _warmth(sky_low) > _warmth(_band(noon, 0.3, 0.42, 0.0, 0.25)) + 25
    water = _band(img, 0.62, 0.8, 0.0, 0.12)
    assert water[2] >= water[0] - 5, f"water at the sides of the pier, got {water}"
    deck = _band(img, 0.9, 1.0, 0.4, 0.6)
    assert _warmth(deck) > 15 and _warmth(deck) > _warmth(water) + 20, "wooden planks"
    changed, vertical = _streaks(rain, img)
    assert changed > 0.2 and vertical > 1.15, "the painted scene is dry: rain would show"
