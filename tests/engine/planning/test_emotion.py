"""Emotions from parentheticals and prose attributions, named as the voice stage knows them."""

from __future__ import annotations

import pytest

from filmstudio.engine.planning.emotion import EMOTIONS, emotion_from_hint, line_emotion


@pytest.mark.parametrize(
    ("hint", "emotion"),
    [
        ("whispering", "whisper"),
        ("softly", "whisper"),
        ("dice en voz baja.", "whisper"),
        ("murmure Léa.", "whisper"),
        ("फुसफुसाया", "whisper"),
        ("shouting", "shout"),
        ("she yelled.", "shout"),
        ("gritando", "shout"),
        ("en criant", "shout"),
        ("angrily", "angry"),
        ("furieux", "angry"),
        ("ashamed", "sad"),
        ("llorando", "sad"),
        ("laughing", "excited"),
        ("riendo", "excited"),
        ("smiling", "calm"),
        ("répond Marcel en souriant.", "calm"),
        ("gently", "calm"),
        ("chanting", "recite"),
        ("Nora said.", None),
        ("beat", None),
        ("sans rien dire", None),
    ],
)
def test_hints_name_emotions(hint: str, emotion: str | None) -> None:
    assert emotion_from_hint(hint) == emotion


def test_first_hint_wins_then_exclamation_then_neutral() -> None:
    assert line_emotion("Go.", "whispering", "shouted") == "whisper"
    assert line_emotion("Go!", None, None) == "excited"
    assert line_emotion("Go.", "beat", None) == "neutral"


def test_emotions_are_the_voice_stage_deliveries() -> None:
    assert set(EMOTIONS) == {
        "neutral",
        "whisper",
        "shout",
        "angry",
        "sad",
        "excited",
        "calm",
        "recite",
    }
