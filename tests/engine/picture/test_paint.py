"""paint_scene: shape, determinism, and that the words of a scene change the picture."""

from __future__ import annotations

import itertools

import cv2
import numpy as np
import pytest

from filmstudio.engine.errors import ChoiceError
from filmstudio.engine.picture import STYLES, paint_scene
from filmstudio.engine.plan import PLACES

from .conftest import MakePlan, luma

W, H = 192, 108


def _paint(plan_for: MakePlan, width: int = W, height: int = H, **kw: object) -> np.ndarray:
    plan = plan_for(**kw)
    return paint_scene(plan.scenes[0], plan, width, height)


def test_shape_dtype_and_odd_sizes(plan_for: MakePlan) -> None:
    img = _paint(plan_for, 333, 187)
    assert img.shape == (187, 333, 3)
    assert img.dtype == np.uint8
    assert img.flags["C_CONTIGUOUS"]
    assert 20 < img.mean() < 235


def test_same_inputs_same_pixels_and_seed_matters(plan_for: MakePlan) -> None:
    a = _paint(plan_for, place="harbour", weather="rain", seed=3)
    b = _paint(plan_for, place="harbour", weather="rain", seed=3)
    c = _paint(plan_for, place="harbour", weather="rain", seed=4)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)


def test_scene_number_changes_the_picture(plan_for: MakePlan) -> None:
    a = _paint(plan_for, place="village", number=1)
    b = _paint(plan_for, place="village", number=2)
    assert not np.array_equal(a, b)


def test_every_place_renders_and_looks_different(plan_for: MakePlan) -> None:
    pictures = {p: _paint(plan_for, 160, 90, place=p).astype(np.int16) for p in PLACES}
    for img in pictures.values():
        assert img.shape == (90, 160, 3)
        assert img.std() > 12, "a place painted as a flat wash"
    for a, b in itertools.combinations(PLACES, 2):
        diff = np.abs(pictures[a] - pictures[b]).mean()
        assert diff > 10, f"{a} and {b} look almost the same ({diff:.1f})"


def test_unknown_place_falls_back_to_fields(plan_for: MakePlan) -> None:
    plan = plan_for(place="fields")
    odd = plan.scenes[0].model_copy(
        update={"setting": plan.scenes[0].setting.model_copy(update={"place": "moonbase"})}
    )
    assert np.array_equal(paint_scene(odd, plan, W, H), paint_scene(plan.scenes[0], plan, W, H))


@pytest.mark.parametrize("place", ["beach", "street", "cafe", "mountains"])
def test_night_is_darker_than_day(plan_for: MakePlan, place: str) -> None:
    day = luma(_paint(plan_for, place=place, time="day")).mean()
    night = luma(_paint(plan_for, place=place, time="night")).mean()
    assert night < day * 0.7


def test_times_of_day_have_different_colour(plan_for: MakePlan) -> None:
    means = {
        t: _paint(plan_for, place="beach", time=t).reshape(-1, 3).mean(axis=0)
        for t in ("dawn", "day", "golden_hour", "dusk", "night")
    }
    gold, day = means["golden_hour"], means["day"]
    assert gold[0] - gold[2] > day[0] - day[2] + 20, "golden hour should be warmer than day"
    for a, b in itertools.combinations(means, 2):
        assert np.abs(means[a] - means[b]).sum() > 12, f"{a} and {b} look alike"


@pytest.mark.parametrize("place", ["mountains", "fields", "city"])
def test_fog_lowers_contrast(plan_for: MakePlan, place: str) -> None:
    def contrast(weather: str) -> float:
        img = _paint(plan_for, place=place, weather=weather, style="documentary")
        return float(luma(img[H // 6 : -H // 6, W // 6 : -W // 6]).std())  # inside the vignette

    assert contrast("fog") < contrast("clear") * 0.75


def _detail(img: np.ndarray) -> float:
    grey = luma(img.astype(np.float32))
    return float(np.abs(cv2.Laplacian(grey, cv2.CV_32F)).mean())


@pytest.mark.parametrize("weather", ["rain", "snow", "storm"])
def test_rain_and_snow_add_texture(plan_for: MakePlan, weather: str) -> None:
    # anime has no film grain, which would otherwise drown the measure
    overcast = _paint(plan_for, 320, 180, place="fields", weather="clouds", style="anime")
    wet = _paint(plan_for, 320, 180, place="fields", weather=weather, style="anime")
    assert _detail(wet[:60]) > _detail(overcast[:60]) * 1.3


def test_storm_has_a_lightning_flash(plan_for: MakePlan) -> None:
    rain = _paint(plan_for, 320, 180, place="beach", weather="rain", style="documentary")
    storm = _paint(plan_for, 320, 180, place="beach", weather="storm", style="documentary")
    assert luma(storm[:90]).max() > luma(rain[:90]).max() + 15


def test_every_style_looks_different(plan_for: MakePlan) -> None:
    pictures = {s: _paint(plan_for, place="forest", style=s).astype(np.int16) for s in STYLES}
    for a, b in itertools.combinations(STYLES, 2):
        assert np.abs(pictures[a] - pictures[b]).mean() > 4, f"{a} and {b} look alike"
    noir = pictures["noir"]
    assert np.abs(noir[..., 0] - noir[..., 2]).max() <= 2, "noir must be black and white"


def test_unknown_style_is_a_choice_error(plan_for: MakePlan) -> None:
    plan = plan_for()
    bad = plan.model_copy(update={"style": "vaporwave"})
    with pytest.raises(ChoiceError, match="vaporwave"):
        paint_scene(bad.scenes[0], bad, W, H)


def test_impossible_size_is_refused(plan_for: MakePlan) -> None:
    plan = plan_for()
    with pytest.raises(ChoiceError):
        paint_scene(plan.scenes[0], plan, 4, 4)


def test_mood_tilts_the_palette(plan_for: MakePlan) -> None:
    sad = _paint(plan_for, place="fields", mood="sad").astype(np.float32)
    joyful = _paint(plan_for, place="fields", mood="joyful").astype(np.float32)

    def saturation(img: np.ndarray) -> float:
        return float((img.max(axis=2) - img.min(axis=2)).mean())

    assert saturation(joyful) > saturation(sad) * 1.3


def test_characters_appear_in_the_picture(plan_for: MakePlan) -> None:
    empty = _paint(plan_for, 320, 180, place="fields", characters=())
    people = _paint(plan_for, 320, 180, place="fields")
    changed = np.abs(empty.astype(np.int16) - people.astype(np.int16)).sum(axis=2) > 40
    assert changed.mean() > 0.01


def test_closer_shots_show_people_bigger(plan_for: MakePlan) -> None:
    empty = _paint(plan_for, 320, 180, place="fields", characters=(), shot="wide")
    areas = {}
    for shot in ("establishing", "wide", "medium"):
        img = _paint(plan_for, 320, 180, place="fields", shot=shot, characters=("Maya",))
        base = (
            empty
            if shot != "medium"
            else _paint(plan_for, 320, 180, place="fields", shot="medium", characters=())
        )
        areas[shot] = (np.abs(img.astype(np.int16) - base.astype(np.int16)).sum(axis=2) > 40).mean()
    assert areas["establishing"] < areas["wide"] < areas["medium"]


def _ink_lines(img: np.ndarray) -> float:
    """Share of pixels on thin dark lines (black-hat: darker than their surroundings)."""
    grey = cv2.cvtColor(img, cv2.COLOR_RGB2GRAY)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5))
    return float((cv2.morphologyEx(grey, cv2.MORPH_BLACKHAT, kernel) > 40).mean())


def test_drawn_styles_trace_line_art_and_filmic_ones_do_not(plan_for: MakePlan) -> None:
    lines = {
        s: _ink_lines(_paint(plan_for, 480, 270, place="village", style=s))
        for s in ("anime", "storybook", "cinematic", "documentary")
    }
    for drawn in ("anime", "storybook"):
        for filmic in ("cinematic", "documentary"):
            assert lines[drawn] > 2 * lines[filmic] + 0.002, lines


def test_storybook_is_warm_paper_and_documentary_is_muted(plan_for: MakePlan) -> None:
    pics = {
        s: _paint(plan_for, 320, 180, place="fields", style=s).astype(np.float32)
        for s in ("storybook", "cinematic", "documentary", "anime")
    }

    def chroma(img: np.ndarray) -> float:
        return float((img.max(axis=2) - img.min(axis=2)).mean())

    def warmth(img: np.ndarray) -> float:
        return float((img[..., 0] - img[..., 2]).mean())

    assert warmth(pics["storybook"]) > warmth(pics["cinematic"]) + 8
    assert chroma(pics["documentary"]) < chroma(pics["cinematic"]) - 5
    assert chroma(pics["anime"]) > chroma(pics["documentary"]) + 10
