"""How a line is spoken: its emotion, its delivery and the device it comes through.

Screenplays say it in parentheticals ("(whispering)", "(on the phone)"), prose in the words
around a quote ("she shouted", "dijo en voz baja", "répond-il en souriant"); verse is always
recited. The words live in the lexicon (`lexicon.speech`); the plan carries the decisions,
and the voice and post-production stages read only those fields.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from filmstudio.engine.plan import NARRATOR, Line
from filmstudio.engine.planning.lexicon.speech import (
    DELIVERY_WORDS,
    ECHO_PLACES,
    ECHO_WORDS,
    EFFECT_WORDS,
    EMOTION_WORDS,
    EMOTIONS,
)
from filmstudio.engine.script.text import tokens

__all__ = [
    "EMOTIONS",
    "Voicing",
    "delivery_from_hint",
    "echoed",
    "emotion_from_hint",
    "voicing",
]


@dataclass(frozen=True)
class Voicing:
    """A line's emotion (what it feels), delivery (how loud, sung or recited) and effect."""

    emotion: str = "neutral"
    delivery: str = "normal"
    effect: str = "none"


def emotion_from_hint(hint: str | None) -> str | None:
    """The emotion a parenthetical or attribution names, or None when it names none."""
    return EMOTION_WORDS.first(tokens(hint or ""))


def delivery_from_hint(hint: str | None) -> str | None:
    """The delivery (whisper, shout, sing, recite) a hint names, or None."""
    return DELIVERY_WORDS.first(tokens(hint or ""))


def voicing(text: str, *hints: str | None) -> Voicing:
    """How a spoken line is voiced: the first hint naming each thing wins; a line ending in
    "!" with no other feeling is excited."""
    emotion = next((e for h in hints if (e := emotion_from_hint(h)) is not None), None)
    delivery = next((d for h in hints if (d := delivery_from_hint(h)) is not None), "normal")
    effect = next(
        (f for h in hints if (f := EFFECT_WORDS.first(tokens(h or ""))) is not None), None
    )
    if emotion is None:
        emotion = "excited" if text.rstrip().endswith("!") else "neutral"
    return Voicing(emotion, delivery, effect or "none")


def echoed(lines: Sequence[Line], place: str) -> list[Line]:
    """A scene's lines heard in its space: in a temple, a palace, or where the narration
    names a cave or a hall, every voice not on a phone or radio rings (effect "echo")."""
    narrated = [t for line in lines if line.speaker == NARRATOR for t in tokens(line.text)]
    if place not in ECHO_PLACES and not ECHO_WORDS.hits(narrated):
        return list(lines)
    return [
        line.model_copy(update={"effect": "echo"}) if line.effect == "none" else line
        for line in lines
    ]
