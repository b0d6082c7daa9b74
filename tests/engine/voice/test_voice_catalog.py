"""The voice catalog, styles from the plan fields, the provider registry (no audio made)."""

from __future__ import annotations

import itertools

import pytest

from filmstudio.engine.errors import ChoiceError
from filmstudio.engine.plan import LANGUAGES, Line
from filmstudio.engine.voice import (
    PROVIDERS,
    get_provider,
    get_voice,
    list_voices,
    voice_cache_key,
)
from filmstudio.engine.voice.catalog import (
    VOICE_IDS,
    espeak_setting,
    fake_pitch,
    kokoro_setting,
)
from filmstudio.engine.voice.emotion import DELIVERIES, delivery, voice_style
from filmstudio.engine.voice.kokoro_model import STYLES

EXPECTED = (
    "narrator-female",
    "narrator-male",
    "male-1",
    "male-2",
    "female-1",
    "female-2",
    "child",
    "elder",
    "male-3",
    "female-3",
    "elder-female",
    "child-2",
    "robot",
)


def test_catalog_lists_the_voices_and_their_engines_for_every_language() -> None:
    voices = list_voices()
    assert tuple(v.id for v in voices) == EXPECTED
    for voice in voices:
        assert voice.engine == ("espeak" if voice.id == "robot" else "kokoro")
        assert set(voice.languages) == ({"en"} if voice.id == "robot" else set(LANGUAGES))
        assert voice.description
    # Every language has the cast the issue asks for, at least.
    for language in LANGUAGES:
        kinds = [(v.gender, v.age) for v in list_voices(language) if not v.id.startswith("narr")]
        assert kinds.count(("male", "adult")) >= 2 and kinds.count(("female", "adult")) >= 2
        assert any(age == "child" for _, age in kinds) and any(a == "elder" for _, a in kinds)
        ids = {v.id for v in list_voices(language)}
        assert {"narrator-male", "narrator-female"} <= ids


def test_get_voice_finds_ids_case_insensitively() -> None:
    assert get_voice("female-1").id == "female-1"
    assert get_voice(" Child ").id == "child"
    assert get_voice("elder").age == "elder"


def test_unknown_voice_is_a_choice_error_listing_the_choices() -> None:
    with pytest.raises(ChoiceError) as caught:
        get_voice("banshee")
    message = caught.value.message
    assert message.startswith("Unknown voice 'banshee'. Choose one of: ")
    for voice_id in EXPECTED:
        assert voice_id in message


def test_every_voice_has_a_distinct_setting_per_engine() -> None:
    for first, second in itertools.combinations(VOICE_IDS, 2):
        assert kokoro_setting(first, "en") != kokoro_setting(second, "en"), (first, second)
        assert espeak_setting(first, "en") != espeak_setting(second, "en"), (first, second)
        assert fake_pitch(first) != fake_pitch(second), (first, second)


def test_kokoro_settings_use_only_shipped_styles_and_sane_speeds() -> None:
    for voice_id in VOICE_IDS:
        for language in LANGUAGES:
            setting = kokoro_setting(voice_id, language)
            assert all(name in STYLES and weight > 0 for name, weight in setting.blend)
            assert 0.5 <= setting.tempo / setting.pitch <= 2.0
            assert 0.8 <= setting.pitch <= 1.2


def test_sanskrit_is_read_more_slowly_than_english() -> None:
    assert kokoro_setting("narrator-male", "sa").tempo < kokoro_setting("narrator-male", "en").tempo
    assert espeak_setting("narrator-male", "sa").rate < espeak_setting("narrator-male", "en").rate


@pytest.mark.parametrize(
    ("emotion", "delivery", "expected"),
    [
        ("neutral", "whisper", "whisper"),
        ("sad", "whisper", "sad+whisper"),
        ("angry", "shout", "angry+shout"),
        ("Angry", "normal", "angry"),
        ("recite", "normal", "recite"),  # a version 1 emotion still recites
        ("whisper", "whisper", "whisper"),
        ("neutral", "sing", "sing"),
        ("tense", "normal", "neutral"),  # no knobs for it: spoken normally
        ("shouting", "normal", "neutral"),  # free words are the planner's job, not the voice's
    ],
)
def test_the_style_comes_from_the_plan_fields_only(
    emotion: str, delivery: str, expected: str
) -> None:
    assert voice_style(emotion, delivery) == expected


def test_a_parenthetical_no_longer_overrides_the_plan() -> None:
    line = Line(text="Go.", emotion="angry", delivery="normal", parenthetical="(whispering)")
    assert voice_cache_key(line, "male-1", "espeak")["style"] == "angry"


def test_combined_styles_take_the_delivery_loudness_and_multiply_the_rest() -> None:
    sad, whisper = DELIVERIES["sad"], DELIVERIES["whisper"]
    both = delivery("sad+whisper")
    assert both.gain_db == whisper.gain_db and both.whisper
    assert both.tempo == pytest.approx(sad.tempo * whisper.tempo)
    assert delivery("nonsense") == DELIVERIES["neutral"]


def test_deliveries_make_whispers_quiet_and_slow_and_shouts_loud() -> None:
    assert DELIVERIES["whisper"].gain_db < 0 and DELIVERIES["whisper"].tempo < 1
    assert DELIVERIES["shout"].gain_db > 0 and DELIVERIES["shout"].tempo > 1
    assert DELIVERIES["recite"].tempo < 1 and DELIVERIES["recite"].line_pause > 0


def test_provider_registry_and_unknown_engine() -> None:
    assert set(PROVIDERS) == {
        "kokoro",
        "espeak",
        "fake",
        "piper",
        "kokoro-folder",
        "openai",
        "elevenlabs",
    }
    assert get_provider("fake").name == "fake"
    assert get_provider("fake") is get_provider("FAKE")
    with pytest.raises(ChoiceError, match="Unknown voice engine 'festival'"):
        get_provider("festival")


def test_french_blends_leave_out_the_most_accented_style() -> None:
    for voice_id in VOICE_IDS:
        if get_voice(voice_id).engine != "kokoro":
            continue
        english, french = kokoro_setting(voice_id, "en"), kokoro_setting(voice_id, "fr")
        assert "jf_alpha" not in dict(french.blend)
        assert sum(w for _, w in french.blend) == pytest.approx(sum(w for _, w in english.blend))
        assert french.pitch == english.pitch  # the same voice, a clearer accent
