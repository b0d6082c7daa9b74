"""How an emotion changes delivery: loudness, tempo, pitch and pauses.

Why one table for every provider: a whisper must be quieter and a shout louder whichever
engine speaks, and the mixer relies on those relative levels. The script stage writes an
emotion on each line and may keep the screenplay parenthetical ("(whispering)"); both are
read here, the parenthetical first because it is what the writer actually asked for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Delivery:
    """The knobs a provider turns for an emotion.

    gain_db: loudness relative to normal speech.
    tempo: speaking-rate factor (0.9 = 10 % slower).
    pitch: pitch factor (applied by resampling in Kokoro, by espeak's pitch in espeak).
    pause: factor on pauses between sentences and clauses.
    line_pause: extra seconds after a line break (verse lines, sloka halves).
    whisper: voiceless-sounding delivery (a high-passed, breathy, quiet voice).
    """

    gain_db: float = 0.0
    tempo: float = 1.0
    pitch: float = 1.0
    pause: float = 1.0
    line_pause: float = 0.0
    whisper: bool = False


DELIVERIES: dict[str, Delivery] = {
    "neutral": Delivery(),
    "whisper": Delivery(gain_db=-12.0, tempo=0.9, pitch=1.0, pause=1.2, whisper=True),
    "shout": Delivery(gain_db=6.0, tempo=1.06, pitch=1.05, pause=0.9),
    "angry": Delivery(gain_db=3.0, tempo=1.05, pitch=1.02, pause=0.9),
    "sad": Delivery(gain_db=-3.0, tempo=0.9, pitch=0.97, pause=1.3),
    "excited": Delivery(gain_db=2.0, tempo=1.08, pitch=1.04, pause=0.85),
    "calm": Delivery(gain_db=-1.0, tempo=0.96, pause=1.1),
    "recite": Delivery(gain_db=0.0, tempo=0.85, pause=1.6, line_pause=0.5),
}

#: Words (in parentheticals or emotion labels) that name a delivery; the first match wins.
_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("whisper", "whisper"),
    ("murmur", "whisper"),
    ("softly", "whisper"),
    ("quietly", "whisper"),
    ("under (?:his|her|their) breath", "whisper"),
    ("shout", "shout"),
    ("yell", "shout"),
    ("scream", "shout"),
    ("loud", "shout"),
    ("cry out", "shout"),
    ("angr", "angry"),
    ("furious", "angry"),
    ("rage", "angry"),
    ("sad", "sad"),
    ("tear", "sad"),
    ("crying", "sad"),
    ("sob", "sad"),
    ("grief", "sad"),
    ("excite", "excited"),
    ("joy", "excited"),
    ("happ", "excited"),
    ("thrill", "excited"),
    ("calm", "calm"),
    ("gentl", "calm"),
    ("recit", "recite"),
    ("chant", "recite"),
    ("sloka", "recite"),
    ("shloka", "recite"),
    ("verse", "recite"),
    ("pray", "recite"),
)

EMOTIONS: tuple[str, ...] = tuple(DELIVERIES)


def normalize_emotion(emotion: str | None, parenthetical: str | None = None) -> str:
    """The delivery name for a line's parenthetical and emotion ("neutral" if neither says)."""
    for source in (parenthetical, emotion):
        if not source:
            continue
        lowered = source.lower().strip()
        if lowered in DELIVERIES:
            return lowered
        for pattern, name in _KEYWORDS:
            if re.search(r"\b" + pattern, lowered):
                return name
    return "neutral"


def delivery(emotion: str) -> Delivery:
    """The delivery for an emotion name or free text (unknown words speak normally)."""
    return DELIVERIES[normalize_emotion(emotion)]
