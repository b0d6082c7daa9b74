"""The transcribe capability: speech samples in, the words heard and when, out.

Why a capability of its own: a user's uploaded narration needs word timings for subtitles,
cloud voices that return only audio need them too, and our own voices are checked for
intelligibility by transcribing them back (round-trip word error rate).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from filmstudio.engine.errors import RenderError
from filmstudio.engine.voice.base import WordTiming


class TranscriptionError(RenderError):
    """Speech could not be transcribed (no model, unreadable audio)."""


@dataclass(frozen=True)
class Transcript:
    """What was heard: the full text, each word with its time (s from the start), the language."""

    text: str
    words: tuple[WordTiming, ...]
    language: str


class Transcriber(Protocol):
    """Anything that turns mono float32 samples into timed words."""

    name: str

    def transcribe(
        self, samples: NDArray[np.float32], sample_rate: int, language: str | None
    ) -> Transcript: ...
