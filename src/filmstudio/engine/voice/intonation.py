"""Questions rise: a pitch step-up on the last word of a question.

Why our own: Kokoro's shipped (Japanese-trained) styles speak "Are you coming?" exactly like
"You are coming." (measured: same final pitch), so a listener cannot hear the question. A
yes/no question ends a few semitones higher; a question that starts with a question word
("where", "¿dónde", "pourquoi", "कहाँ") falls in most speech and gets only a slight lift. The
shift (Rubber Band through pedalboard) keeps the word's length, so timings stay exact, and it
fades in over the word's second half so the rise sounds like intonation, not a splice.
"""

from __future__ import annotations

import numpy as np

from filmstudio.engine.voice import audio
from filmstudio.engine.voice.words import Word

#: Semitones a question's last word rises: yes/no questions, and questions with a wh-word.
YES_NO_RISE = 5.0
WH_RISE = 1.5

_WH_TEXT = """what where when why who whom whose which how
    qué que dónde donde cuándo cuando por quién quien quiénes cómo como cuál cuáles cuánto cuánta
    où ou quand pourquoi qui comment quel quelle quels quelles combien
    कहाँ कहां कब क्यों कौन कैसे कैसा कैसी किसने किसको कितना कितने कितनी"""
_WH_WORDS = frozenset(_WH_TEXT.split())


def _is_question(word: Word) -> bool:
    return "?" in word.trail or "？" in word.trail


def question_rises(words: list[Word]) -> list[tuple[int, float]]:
    """(index of a question's last word, semitones of rise) for each question in `words`."""
    rises: list[tuple[int, float]] = []
    first = 0
    for index, word in enumerate(words):
        if _is_question(word):
            opener = next((w for w in words[first : index + 1] if w.core), None)
            lead = opener.core.casefold().lstrip("¿¡") if opener else ""
            rises.append((index, WH_RISE if lead in _WH_WORDS else YES_NO_RISE))
        if word.brk >= 2 or _is_question(word):  # Break.SENTENCE and beyond
            first = index + 1
    return rises


def rise(
    samples: audio.Samples, start: int, end: int, semitones: float, rate: int = audio.SAMPLE_RATE
) -> audio.Samples:
    """`samples` with [start, end) lifted by `semitones`, fading in over the span's second half."""
    if semitones <= 0 or end - start < int(0.04 * rate):
        return samples
    from pedalboard import PitchShift

    context = int(0.08 * rate)
    left, right = max(0, start - context), min(len(samples), end + context)
    shifted = np.asarray(
        PitchShift(semitones=semitones)(samples[left:right].astype(np.float32), rate),
        dtype=np.float32,
    ).ravel()[: right - left]
    if len(shifted) < right - left:
        return samples
    weight = np.zeros(right - left, np.float32)
    fade_from = start + (end - start) // 3 - left
    fade_to = start + (2 * (end - start)) // 3 - left
    ramp = np.linspace(0.0, np.pi, max(1, fade_to - fade_from), dtype=np.float32)
    weight[fade_from:fade_to] = 0.5 - 0.5 * np.cos(ramp)[: max(0, fade_to - fade_from)]
    weight[fade_to:] = 1.0
    tail = min(len(weight), end - left)
    out_fade = np.linspace(1.0, 0.0, len(weight) - tail, dtype=np.float32)
    weight[tail:] = np.minimum(weight[tail:], out_fade)
    out = samples.copy()
    out[left:right] = (1 - weight) * samples[left:right] + weight * shifted
    return out
