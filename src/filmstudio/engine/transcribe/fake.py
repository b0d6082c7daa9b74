"""A fake transcriber for tests: it "hears" a known text in the sound's bursts.

Why this shape: tests of uploaded narration and of cloud voices need timed words without a
400 MB model. The fake finds the loud stretches of the audio (as the fake voice makes them:
one burst per word) and hands them the words of the text it was given, so timings follow the
real sound and a test can tell a right alignment from a wrong one.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from filmstudio.engine.transcribe.base import Transcript
from filmstudio.engine.voice.audio import frame_rms
from filmstudio.engine.voice.base import WordTiming

_FRAME_S = 0.01


def bursts(
    samples: NDArray[np.float32], rate: int, floor_db: float = -30.0
) -> list[tuple[float, float]]:
    """(start, end) seconds of every stretch louder than `floor_db` below the peak frame."""
    rms = frame_rms(samples, rate, _FRAME_S)
    if len(rms) == 0 or float(rms.max()) <= 0:
        return []
    loud = rms > float(rms.max()) * 10 ** (floor_db / 20)
    spans: list[tuple[float, float]] = []
    start: int | None = None
    for index, flag in enumerate([*loud, False]):
        if flag and start is None:
            start = index
        elif not flag and start is not None:
            spans.append((start * _FRAME_S, index * _FRAME_S))
            start = None
    return spans


class FakeTranscriber:
    """Hears `text`: its words are laid on the audio's bursts in order (evenly if they differ)."""

    name = "fake"

    def __init__(self, text: str = "", language: str = "en") -> None:
        self.text = text
        self.language = language
        self.calls: list[tuple[int, int, str | None]] = []

    def transcribe(
        self, samples: NDArray[np.float32], sample_rate: int, language: str | None
    ) -> Transcript:
        self.calls.append((len(samples), sample_rate, language))
        words = self.text.split()
        spans = bursts(samples, sample_rate)
        if not words or not spans:
            return Transcript("", (), language or self.language)
        if len(spans) != len(words):  # spread the words over the sounding stretch
            first, last = spans[0][0], spans[-1][1]
            step = (last - first) / len(words)
            spans = [(first + i * step, first + (i + 1) * step) for i in range(len(words))]
        timed = tuple(
            WordTiming(word, round(start, 4), round(end, 4))
            for word, (start, end) in zip(words, spans, strict=True)
        )
        return Transcript(" ".join(words), timed, language or self.language)
