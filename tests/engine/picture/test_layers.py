"""The layered set: depth layers, anchors, the cache round trip, set sizes."""

from __future__ import annotations

import numpy as np
import pytest

from filmstudio.engine.picture.layers import (
    FAR_PARALLAX,
    GROUND_NEAR_PARALLAX,
    SceneSet,
    flatten,
    paint_set,
    picture_set,
    set_size,
)
from filmstudio.engine.plan import Character, FilmPlan, Scene, Setting

FRAME = (320, 180)


def _plan(place: str, time: str = "day", weather: str = "clear") -> FilmPlan:
    scene = Scene(
        scene_number=1,
        description="Maya and Arun stand together.",
        setting=Setting(place=place, time_of_day=time, weather=weather),
        characters=["Maya", "Arun"],
    )
    cast = [Character(name="Maya", gender="female"), Character(name="Arun", gender="male")]
    return FilmPlan(characters=cast, scenes=[scene])


@pytest.fixture(scope="module")
def beach() -> tuple[FilmPlan, SceneSet]:
    plan = _plan("beach", "dusk", "clouds")
    return plan, paint_set(plan.scenes[0], plan, *FRAME)


def test_set_sizes_fit_every_aspect() -> None:
    assert set_size((1280, 720)) == (1920, 1080)
    width, height = set_size((720, 1280))
    assert height >= 1280 * 1.15 and width > height  # a landscape set, tall enough for 9:16
    assert set_size((720, 720))[1] >= 720 * 1.5


def test_outdoor_set_has_sky_far_ground_and_keeps_actors_apart(
    beach: tuple[FilmPlan, SceneSet],
) -> None:
    _, scene_set = beach
    names = [layer.name for layer in scene_set.layers]
    assert names[:3] == ["sky", "far", "ground"]
    ground = next(layer for layer in scene_set.layers if layer.name == "ground")
    assert (ground.parallax, ground.parallax_bottom) == (FAR_PARALLAX, GROUND_NEAR_PARALLAX)
    assert ground.y == round(scene_set.anchors.horizon)
    assert [a.name for a in scene_set.actors] == ["Maya", "Arun"]
    assert scene_set.size == set_size(FRAME)


def test_sea_is_anchored_for_the_waves(beach: tuple[FilmPlan, SceneSet]) -> None:
    _, scene_set = beach
    assert scene_set.anchors.water
    x0, y0, x1, y1 = scene_set.anchors.water[0]
    assert y0 >= scene_set.anchors.horizon - 2 and y1 > y0 and x1 > x0


def test_desert_has_no_water_and_interior_has_no_sky() -> None:
    desert = _plan("desert")
    assert not paint_set(desert.scenes[0], desert, *FRAME).anchors.water
    kitchen = _plan("kitchen")
    names = [layer.name for layer in paint_set(kitchen.scenes[0], kitchen, *FRAME).layers]
    assert "sky" not in names and names[0] == "far"


def test_ground_parallax_grows_from_horizon_to_bottom(beach: tuple[FilmPlan, SceneSet]) -> None:
    _, scene_set = beach
    horizon, bottom = scene_set.anchors.horizon, scene_set.size[1]
    assert scene_set.ground_parallax(horizon) == pytest.approx(FAR_PARALLAX)
    assert scene_set.ground_parallax(bottom) == pytest.approx(GROUND_NEAR_PARALLAX)
    assert scene_set.ground_parallax((horizon + bottom) / 2) < GROUND_NEAR_PARALLAX


def test_arrays_round_trip_for_the_stage_cache(beach: tuple[FilmPlan, SceneSet]) -> None:
    plan, scene_set = beach
    arrays, meta = scene_set.to_arrays()
    back = SceneSet.from_arrays(arrays, meta, plan.scenes[0], plan)
    assert back.size == scene_set.size and back.anchors == scene_set.anchors
    assert [(a.name, a.x, a.base) for a in back.actors] == [
        (a.name, a.x, a.base) for a in scene_set.actors
    ]
    assert np.array_equal(flatten(back), flatten(scene_set))


def test_painting_a_set_is_deterministic(beach: tuple[FilmPlan, SceneSet]) -> None:
    plan, scene_set = beach
    again = paint_set(plan.scenes[0], plan, *FRAME)
    assert np.array_equal(flatten(again), flatten(scene_set))


def test_a_finished_picture_is_a_one_layer_set() -> None:
    picture = np.full((90, 160, 3), 77, np.uint8)
    scene_set = picture_set(picture)
    assert len(scene_set.layers) == 1 and scene_set.size == (160, 90)
    assert np.array_equal(flatten(scene_set), picture)
