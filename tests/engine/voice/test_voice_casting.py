"""Casting: distinct, fitting voices per character; overrides win; mistakes are ChoiceErrors."""

from __future__ import annotations

import pytest

from filmstudio.engine.errors import ChoiceError
from filmstudio.engine.plan import Character, FilmPlan, Line, Scene
from filmstudio.engine.voice import cast

MALE_VOICES = {"male-1", "male-2", "male-3", "narrator-male", "elder"}
FEMALE_VOICES = {"female-1", "female-2", "female-3", "narrator-female", "elder-female"}


def _plan(*characters: Character, narrator: str = "narrator-female") -> FilmPlan:
    scene = Scene(scene_number=1, dialogue=[Line(text="Once upon a time.")])
    return FilmPlan(scenes=[scene], characters=list(characters), narrator_voice=narrator)


def _voices(plan: FilmPlan) -> dict[str, str]:
    return {c.name: c.voice for c in plan.characters}


def test_a_mixed_cast_gets_distinct_fitting_voices() -> None:
    plan = _plan(
        Character(name="RAVI", gender="male"),
        Character(name="MEERA", gender="female"),
        Character(name="ANU", gender="female", age="child"),
        Character(name="DADI", gender="female", age="elder"),
        Character(name="DADA", gender="male", age="elder"),
        Character(name="CHINTU", gender="male", age="child"),
        Character(name="STRANGER"),
    )
    voices = _voices(cast(plan))
    assert voices["ANU"] == "child"
    assert voices["CHINTU"] == "child-2"
    assert voices["DADI"] == "elder-female"
    assert voices["DADA"] == "elder"
    assert voices["RAVI"] in {"male-1", "male-2"}
    assert voices["MEERA"] in {"female-1", "female-2"}
    assert len(set(voices.values())) == len(voices)
    assert "narrator-female" not in voices.values()


def test_four_men_get_four_voices_but_never_the_narrators() -> None:
    plan = _plan(
        *(Character(name=n, gender="male") for n in ("A", "B", "C", "D")), narrator="narrator-male"
    )
    voices = _voices(cast(plan))
    assert len(set(voices.values())) == 4
    assert set(voices.values()) <= MALE_VOICES - {"narrator-male"}


def test_when_voices_run_out_they_are_shared_within_the_gender() -> None:
    women = [Character(name=f"W{i}", gender="female") for i in range(9)]
    voices = _voices(cast(_plan(*women)))
    assert set(voices.values()) <= FEMALE_VOICES
    assert "narrator-female" not in voices.values()
    # Shared as evenly as possible: no voice used more than three times for nine women.
    assert max(list(voices.values()).count(v) for v in set(voices.values())) <= 3


def test_unknown_gender_takes_whatever_is_free() -> None:
    people = [Character(name=f"P{i}") for i in range(10)]
    voices = _voices(cast(_plan(*people)))
    assert len(set(voices.values())) == 10
    assert "narrator-female" not in voices.values()
    assert "robot" not in voices.values()


def test_machines_get_the_robot_voice_and_the_cast_fits_the_films_language() -> None:
    plan = _plan(
        Character(name="UNIT-7", description="a rusty service robot"),
        Character(name="HAL", gender="male", description="the ship's computer"),
        Character(name="Asha", gender="female"),
        Character(name="Sam"),
    )
    voices = _voices(cast(plan))
    # One robot voice: the first machine cast gets it, the other a fitting human voice.
    assert voices["HAL"] == "robot"
    assert voices["UNIT-7"] not in {"robot", "narrator-female"}
    assert voices["Asha"] == "female-1"
    assert voices["Sam"] != "robot"
    hindi = cast(plan.model_copy(update={"language": "hi"}))
    # The robot voice speaks English only: a Hindi film gives its machines human voices.
    assert "robot" not in _voices(hindi).values()
    assert len(set(_voices(hindi).values())) == 4


def test_overrides_are_case_insensitive_and_win() -> None:
    plan = _plan(Character(name="Alice", gender="female"), Character(name="Bob", gender="male"))
    voices = _voices(cast(plan, {"ALICE": "male-2", "bob": "Elder"}))
    assert voices == {"Alice": "male-2", "Bob": "elder"}


def test_overridden_voices_are_avoided_by_the_others() -> None:
    plan = _plan(Character(name="Alice", gender="female"), Character(name="Eve", gender="female"))
    voices = _voices(cast(plan, {"eve": "female-1"}))
    assert voices == {"Alice": "female-2", "Eve": "female-1"}


def test_narrator_override_sets_the_narrator_voice_and_is_avoided() -> None:
    plan = _plan(Character(name="Tom", gender="male"))
    result = cast(plan, {"narrator": "male-1"})
    assert result.narrator_voice == "male-1"
    assert _voices(result) == {"Tom": "male-2"}


def test_unknown_override_voice_is_a_choice_error() -> None:
    plan = _plan(Character(name="Alice", gender="female"))
    with pytest.raises(ChoiceError, match="Unknown voice 'banshee'"):
        cast(plan, {"Alice": "banshee"})


def test_override_for_a_missing_character_is_a_choice_error_sentence() -> None:
    plan = _plan(Character(name="Alice", gender="female"))
    with pytest.raises(ChoiceError) as caught:
        cast(plan, {"Zed": "male-1"})
    assert "no character called 'Zed'" in caught.value.message
    assert caught.value.message.endswith("Characters: Alice.")


def test_voices_already_in_the_plan_are_kept_and_the_plan_is_not_mutated() -> None:
    plan = _plan(
        Character(name="Alice", gender="female", voice="female-2"),
        Character(name="Bob", gender="male"),
    )
    result = cast(plan)
    assert _voices(result) == {"Alice": "female-2", "Bob": "male-1"}
    assert plan.characters[1].voice == ""
    assert result is not plan


def test_unknown_voice_in_the_plan_is_a_choice_error() -> None:
    with pytest.raises(ChoiceError):
        cast(_plan(Character(name="Alice", voice="banshee")))
    with pytest.raises(ChoiceError):
        cast(_plan(Character(name="Alice"), narrator="banshee"))
