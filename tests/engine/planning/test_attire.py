"""What people wear follows the weather and the occasion, decided once per scene."""

from __future__ import annotations

import pytest

from filmstudio.engine.plan import FilmPlan, Line, Setting
from filmstudio.engine.planning import make_plan
from filmstudio.engine.planning.attire import choose_attire
from filmstudio.engine.request import FilmRequest


def _attires(text: str) -> set[str]:
    plan: FilmPlan = make_plan(text, FilmRequest(script=text, duration=30))
    return {scene.attire for scene in plan.scenes}


@pytest.mark.parametrize(
    ("text", "attire"),
    [
        ("Snow falls on the village. Maya walks to the well. Maya smiles.", "warm"),
        ("It is a freezing winter night in the mountains. Maya walks home.", "warm"),
        ("Rain pours down on the street. Arun runs home. Arun laughs.", "rain"),
        ("A hot summer day at the beach. Maya swims. Maya laughs.", "light"),
        ("La boda de Ana y Luis. Ana sonríe. Luis baila con Ana.", "formal"),
        ("C'est l'hiver, il fait froid. Marie marche vers la maison. Marie sourit.", "warm"),
        ("गर्मी की दोपहर है। लड़की नदी के किनारे बैठती है।", "light"),
        ("Maya sits at her desk in the office. Maya reads a letter.", "formal"),
        ("Maya sits in the kitchen. Maya drinks tea.", "everyday"),
    ],
)
def test_the_planner_dresses_each_scene_for_its_weather_and_occasion(
    text: str, attire: str
) -> None:
    assert _attires(text) == {attire}


def test_rain_indoors_needs_no_raincoat_and_snow_outdoors_beats_the_occasion() -> None:
    wet_kitchen = Setting(place="kitchen", interior=True, weather="rain")
    assert choose_attire(wet_kitchen, []) == "everyday"
    snowy_wedding = Setting(place="village", weather="snow")
    assert choose_attire(snowy_wedding, [Line(text="The wedding begins.")]) == "warm"
    assert {choose_attire(Setting(place=p), []) for p in ("temple", "beach", "fields")} == {
        "formal",
        "light",
        "everyday",
    }
