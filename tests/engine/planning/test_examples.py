"""Every example script parses, stays within the limits and plans into a sensible film."""

from __future__ import annotations

from pathlib import Path

import pytest

from filmstudio.engine.plan import NARRATOR, FilmPlan
from filmstudio.engine.planning import make_plan
from filmstudio.engine.planning.sizing import scene_bounds
from filmstudio.engine.request import FilmRequest
from filmstudio.engine.script import parse_script

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
KINDS = {
    "beach-reunion.fountain": ("screenplay", "en"),
    "lighthouse-keeper.txt": ("prose", "en"),
    "monsoon.txt": ("verse", "en"),
    "mercado.txt": ("prose", "es"),
    "cafe-de-nuit.txt": ("prose", "fr"),
    "gita-2-47.txt": ("verse", "sa"),
}


def _text(name: str) -> str:
    return (EXAMPLES / name).read_text(encoding="utf-8")


def _plan(name: str, duration: float = 60.0) -> FilmPlan:
    text = _text(name)
    return make_plan(text, FilmRequest(script=text, duration=duration))


def test_the_examples_are_all_here() -> None:
    assert set(KINDS) <= {p.name for p in EXAMPLES.iterdir() if p.is_file()}


@pytest.mark.parametrize("name", sorted(KINDS))
@pytest.mark.parametrize("duration", [30.0, 60.0, 300.0])
def test_every_example_parses_and_plans(name: str, duration: float) -> None:
    doc = parse_script(_text(name))
    assert (doc.kind, doc.language) == KINDS[name]
    assert 80 <= doc.word_count <= 250
    plan = _plan(name, duration)
    fewest, most = scene_bounds(duration)
    assert len(plan.scenes) <= most
    assert len(plan.scenes) >= min(fewest, 4)
    assert plan.scenes[0].shot_type == "establishing"
    assert all(scene.dialogue for scene in plan.scenes)
    assert FilmPlan.model_validate_json(plan.to_json()) == plan


def test_beach_reunion() -> None:
    plan = _plan("beach-reunion.fountain")
    assert plan.title == "Beach Reunion"
    first, last = plan.scenes[0], plan.scenes[-1]
    assert (first.setting.place, first.setting.time_of_day, first.setting.interior) == (
        "beach",
        "golden_hour",
        False,
    )
    assert (last.setting.place, last.setting.time_of_day, last.setting.weather) == (
        "kitchen",
        "night",
        "rain",
    )
    assert last.setting.interior
    maria, daniel = plan.characters
    assert (maria.name, maria.gender, maria.age) == ("Maria", "female", "elder")
    assert (daniel.name, daniel.gender, daniel.age) == ("Daniel", "male", "adult")
    emotions = {
        (line.speaker, line.parenthetical): line.emotion for s in plan.scenes for line in s.dialogue
    }
    deliveries = {
        (line.speaker, line.parenthetical): line.delivery
        for s in plan.scenes
        for line in s.dialogue
    }
    assert deliveries[("Maria", "whispering")] == "whisper"
    assert emotions[("Daniel", "laughing")] == "excited"
    assert "over-the-shoulder" in [s.shot_type for s in plan.scenes]


def test_lighthouse_keeper() -> None:
    plan = _plan("lighthouse-keeper.txt")
    first, last = plan.scenes[0], plan.scenes[-1]
    assert (first.setting.place, first.setting.time_of_day, first.setting.weather) == (
        "cliffs",
        "night",
        "storm",
    )
    assert first.mood == "tense"
    assert (last.setting.time_of_day, last.setting.weather) == ("dawn", "clear")
    assert {(c.name, c.gender, c.age) for c in plan.characters} == {
        ("Elias", "male", "elder"),
        ("Nora", "female", "child"),
    }
    spoken = [
        (line.speaker, line.delivery)
        for s in plan.scenes
        for line in s.dialogue
        if line.speaker != NARRATOR
    ]
    assert ("Elias", "whisper") in spoken and ("Nora", "shout") in spoken


def test_monsoon() -> None:
    plan = _plan("monsoon.txt")
    assert plan.kind == "verse" and plan.title == "Monsoon"
    lines = [line for s in plan.scenes for line in s.dialogue]
    assert len(lines) == 13 and {line.delivery for line in lines} == {"recite"}
    assert plan.scenes[0].setting.place == "fields"
    assert {"rain", "storm"} & {s.setting.weather for s in plan.scenes}
    assert plan.scenes[-1].setting.time_of_day == "dusk"


def test_mercado() -> None:
    plan = _plan("mercado.txt")
    assert plan.language == "es"
    assert {s.setting.place for s in plan.scenes} == {"market"}
    assert plan.scenes[0].setting.time_of_day == "dawn"
    assert plan.scenes[-1].setting.weather == "rain"
    # "los niños corren entre los puestos": a crowd, not a character (nor Carmen running)
    carmen, julian = plan.characters
    assert not any(a.action == "run" for s in plan.scenes for a in s.actions)
    assert julian.role == "craftsman"  # "Don Julián, el relojero"
    assert (carmen.name, carmen.gender) == ("Doña Carmen", "female")
    assert (julian.name, julian.gender) == ("Don Julián", "male")
    assert ("Don Julián", "whisper") in [
        (line.speaker, line.delivery) for s in plan.scenes for line in s.dialogue
    ]


def test_cafe_de_nuit() -> None:
    plan = _plan("cafe-de-nuit.txt")
    assert plan.language == "fr"
    assert {s.setting.place for s in plan.scenes} == {"cafe"}
    assert all(s.setting.interior and s.setting.time_of_day == "night" for s in plan.scenes)
    assert plan.scenes[0].setting.weather == "rain"
    assert {(c.name, c.gender, c.age) for c in plan.characters} == {
        ("Léa", "female", "adult"),
        ("Marcel", "male", "elder"),
    }


def test_gita() -> None:
    plan = _plan("gita-2-47.txt")
    assert (plan.language, plan.title) == ("sa", "Bhagavad Gita 2.47")
    assert {s.mood for s in plan.scenes} == {"devotional"}
    assert plan.scenes[0].setting.place == "temple"
    languages = [line.language for s in plan.scenes for line in s.dialogue]
    assert languages[:2] == ["sa", "sa"] and "hi" in languages and languages[-1] == "en"
    assert plan.characters == []
