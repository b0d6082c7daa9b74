"""Shared timing rules: pause lengths after breaks, and the word-timing invariant.

Why shared: every provider must hand out words and phonemes whose (start, end) are monotonic
and inside [0, duration], and pauses should be alike whichever engine speaks.
"""

from __future__ import annotations

import numpy as np

from filmstudio.engine.voice import audio
from filmstudio.engine.voice.base import PhonemeTiming, Speech, WordTiming
from filmstudio.engine.voice.emotion import Delivery
from filmstudio.engine.voice.words import Break

#: Seconds of silence after each kind of break, before the emotion's factor.
PAUSES: dict[Break, float] = {
    Break.NONE: 0.05,
    Break.CLAUSE: 0.15,
    Break.SENTENCE: 0.35,
    Break.LINE: 0.45,
    Break.PARAGRAPH: 0.9,
}


def pause(brk: Break, style: Delivery) -> float:
    """The silence after a break, for a delivery (recite lengthens line and stanza ends)."""
    seconds = PAUSES[brk] * style.pause
    if brk >= Break.LINE:
        seconds += style.line_pause
    return seconds


def monotonic(words: list[WordTiming], duration: float) -> tuple[WordTiming, ...]:
    """Clamp timings into [0, duration] and make every start follow the previous end."""
    out: list[WordTiming] = []
    previous_end = 0.0
    for word in words:
        start = min(max(word.start, previous_end, 0.0), duration)
        end = min(max(word.end, start), duration)
        out.append(
            WordTiming(word.text, min(round(start, 4), duration), min(round(end, 4), duration))
        )
        previous_end = end
    return tuple(out)


#: Marks that are not sounds of their own (stress, ties, syllable breaks).
_NOT_SOUNDS = str.maketrans("", "", "ˈˌ^‿.'")


def clean_phoneme(name: str) -> str:
    """An IPA phoneme without stress or tie marks ("" when nothing audible is left)."""
    return name.translate(_NOT_SOUNDS).strip()


def monotonic_phonemes(phonemes: list[PhonemeTiming], duration: float) -> tuple[PhonemeTiming, ...]:
    """Phonemes clamped into [0, duration], in order, never overlapping; empty ones dropped."""
    out: list[PhonemeTiming] = []
    previous_end = 0.0
    for item in phonemes:
        start = min(max(item.start, previous_end, 0.0), duration)
        end = min(max(item.end, start), duration)
        if end - start <= 1e-4 or not item.phoneme:
            continue
        out.append(
            PhonemeTiming(
                item.phoneme, min(round(start, 4), duration), min(round(end, 4), duration)
            )
        )
        previous_end = end
    return tuple(out)


def scale_phonemes(phonemes: tuple[PhonemeTiming, ...], factor: float) -> list[PhonemeTiming]:
    """Every phoneme time multiplied by `factor` (a resampling or tempo change)."""
    return [PhonemeTiming(p.phoneme, p.start * factor, p.end * factor) for p in phonemes]


def joined_speech(
    pieces: list[audio.Samples],
    words: list[WordTiming],
    phonemes: list[PhonemeTiming],
    style: Delivery,
) -> Speech:
    """One Speech from a line spoken in pieces (with their pauses): the whisper colour and
    level applied to the whole line at once, and its timings made to hold the invariant."""
    joined = np.concatenate(pieces)
    if style.whisper:
        joined = audio.whisper_colour(joined)
    final = audio.level(joined, style.gain_db)
    total = len(final) / audio.SAMPLE_RATE
    return Speech(
        final,
        audio.SAMPLE_RATE,
        monotonic(words, total),
        monotonic_phonemes(phonemes, total),
    )
