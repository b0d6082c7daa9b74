"""Emotions, deliveries and voice effects from parentheticals and prose attributions."""

from __future__ import annotations

import pytest

from filmstudio.engine.plan import DELIVERIES, NARRATOR, VOICE_EFFECTS, Line
from filmstudio.engine.planning.emotion import (
    EMOTIONS,
    delivery_from_hint,
    echoed,
    emotion_from_hint,
    voicing,
)


@pytest.mark.parametrize(
    ("hint", "emotion"),
    [
        ("angrily", "angry"),
        ("furieux", "angry"),
        ("गुस्से में", "angry"),
        ("ashamed", "sad"),
        ("llorando", "sad"),
        ("en pleurant", "sad"),
        ("laughing", "excited"),
        ("riendo", "excited"),
        ("smiling", "calm"),
        ("répond Marcel en souriant.", "calm"),
        ("gently", "calm"),
        ("मुस्कुराते हुए", "calm"),
        ("Nora said.", None),
        ("beat", None),
        ("sans rien dire", None),
    ],
)
def test_hints_name_emotions(hint: str, emotion: str | None) -> None:
    assert emotion_from_hint(hint) == emotion


@pytest.mark.parametrize(
    ("hint", "delivery"),
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
        ("चिल्लाया", "shout"),
        ("singing", "sing"),
        ("cantando", "sing"),
        ("en chantant", "sing"),
        ("chanting", "recite"),
        ("Nora said.", None),
    ],
)
def test_hints_name_deliveries(hint: str, delivery: str | None) -> None:
    assert delivery_from_hint(hint) == delivery
    assert delivery is None or delivery in DELIVERIES


def test_voicing_reads_emotion_delivery_and_effect_apart() -> None:
    assert voicing("Go.", "whispering, angrily") == voicing("Go.", "angrily, whispering")
    assert voicing("Go.", "whispering angrily").delivery == "whisper"
    assert voicing("Go.", "whispering angrily").emotion == "angry"
    assert voicing("Go!", None, None).emotion == "excited"
    assert voicing("Go.", "beat", None).emotion == "neutral"
    assert voicing("Go.", "beat").delivery == "normal"
    assert voicing("Hello?", "on the phone").effect == "phone"
    assert voicing("Aquí base.", "por la radio").effect == "radio"
    assert voicing("Allô ?", "au téléphone").effect == "phone"
    assert voicing("हेलो", "फ़ोन पर").effect == "phone"
    assert voicing("Hi.", "whispering").effect == "none"
    assert {voicing("x", h).effect for h in ("phone", "radio", "")} <= set(VOICE_EFFECTS)


def test_voices_echo_in_temples_and_caves_but_not_on_the_phone() -> None:
    lines = [Line(text="They walk in."), Line(speaker="Ana", text="Hello?", effect="phone")]
    assert [line.effect for line in echoed(lines, "temple")] == ["echo", "phone"]
    assert [line.effect for line in echoed(lines, "beach")] == ["none", "phone"]
    cave = [Line(speaker=NARRATOR, text="Ils entrent dans la grotte."), lines[1]]
    assert [line.effect for line in echoed(cave, "mountains")] == ["echo", "phone"]


def test_emotions_are_voice_stage_emotions_without_deliveries() -> None:
    assert set(EMOTIONS) == {"neutral", "angry", "sad", "excited", "calm"}
    assert not set(EMOTIONS) & {"whisper", "shout", "recite"}
