"""How an emotion changes delivery: loudness, tempo, pitch and pauses.

Why one table for every provider: a whisper must be quieter and a shout louder whichever
engine speaks, and the mixer relies on those relative levels. Only the plan's fields are read
(`Line.emotion`, `Line.delivery`): the planner turned the writer's words (a parenthetical,
"she whispered") into those fields, so an edited plan is what the voice does.
"""

from __future__ import annotations

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
    "sing": Delivery(gain_db=1.0, tempo=0.82, pitch=1.06, pause=1.4, line_pause=0.45),
}

#: Ways of speaking (the plan's `Line.delivery`) that combine with any emotion.
MANNERS: tuple[str, ...] = ("whisper", "shout", "recite", "sing")
EMOTIONS: tuple[str, ...] = tuple(DELIVERIES)


def voice_style(emotion: str, manner: str = "normal") -> str:
    """The style a provider speaks a line in, from the plan's two fields only.

    The emotion and the delivery are the one truth (the planner already read the
    parenthetical): "sad" + "whisper" is "sad+whisper"; a delivery alone is itself; names the
    voice has no knobs for speak normally.
    """
    feeling = emotion.strip().lower()
    feeling = feeling if feeling in DELIVERIES else "neutral"
    way = manner.strip().lower()
    if way not in MANNERS or way == feeling:
        return feeling
    if feeling == "neutral" or feeling in MANNERS:
        return way
    return f"{feeling}+{way}"


def delivery(style: str) -> Delivery:
    """The knobs for a style from :func:`voice_style` ("sad+whisper" combines both)."""
    names = [n for n in style.strip().lower().split("+") if n in DELIVERIES] or ["neutral"]
    knobs = [DELIVERIES[n] for n in names]
    combined = knobs[0]
    for extra in knobs[1:]:  # the delivery sets the loudness; the rest multiply
        combined = Delivery(
            gain_db=extra.gain_db,
            tempo=combined.tempo * extra.tempo,
            pitch=combined.pitch * extra.pitch,
            pause=combined.pause * extra.pause,
            line_pause=max(combined.line_pause, extra.line_pause),
            whisper=combined.whisper or extra.whisper,
        )
    return combined
