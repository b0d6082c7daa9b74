"""Out at sea, on board: open water beyond the boat's far rail, a deck under the people's
feet and the near gunwale in front of them (not a beach)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from filmstudio.engine.picture import places, places_nature
from filmstudio.engine.picture.layers import paint_set
from filmstudio.engine.plan import Character, FilmPlan, Line, Scene, Setting


@pytest.fixture
def at_sea(monkeypatch: pytest.MonkeyPatch) -> None:
    """Until the place library lists "sea", paint it where the beach is asked for."""
    spec = replace(places.PLACE_SPECS["beach"], name="sea", paint=places_nature.sea)
    monkeypatch.setitem(places.PLACE_SPECS, "beach", spec)


def _plan(time: str = "day", weather: str = "clear") -> FilmPlan:
    scene = Scene(
        scene_number=1,
        description="Maya and Tomas cross to the island.",
        setting=Setting(place="beach", time_of_day=time, weather=weather),
        characters=["Maya", "Tomas"],
        dialogue=[Line(speaker="Maya", text="Are we there?"), Line(speaker="Tomas", text="No.")],
    )
    cast = [Character(name="Maya", gender="female"), Character(name="Tomas", gender="male")]
    return FilmPlan(characters=cast, scenes=[scene])


@pytest.mark.usefixtures("at_sea")
@pytest.mark.parametrize(("time", "weather"), [("day", "clear"), ("night", "storm")])
def test_the_people_stand_on_a_deck_with_the_sea_beyond_the_rail(time: str, weather: str) -> None:
    plan = _plan(time, weather)
    scene_set = paint_set(plan.scenes[0], plan, 640, 360)
    k = scene_set.k
    feet = min(actor.base for actor in scene_set.actors) * k
    (water,) = scene_set.anchors.water
    # the water (and its ripples) ends at the far rail, well above where anyone stands
    assert scene_set.anchors.horizon <= water[1] + 1 and water[3] < feet - 40 * k
    # the near gunwale is drawn in front of the people, across the bottom of the frame
    front = next(layer for layer in scene_set.layers if layer.name == "front")
    assert front.y > feet - 10 * k and front.rgba.shape[1] >= scene_set.size[0] * 0.95


@pytest.mark.usefixtures("at_sea")
def test_the_deck_is_not_sand() -> None:
    """Under the feet: darker brown planks with seams, not the beach's pale even sand."""
    plan = _plan()
    deck = paint_set(plan.scenes[0], plan, 640, 360)
    ground = next(layer for layer in deck.layers if layer.name == "ground").rgba[..., :3]
    rows = ground[ground.shape[0] // 2 :].astype(np.float32)
    assert rows.mean() < 150  # sand is ~190
    assert rows[..., 0].mean() > rows[..., 2].mean() + 15  # wood: warm brown
