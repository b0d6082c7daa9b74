"""The voice capability: text in, speech samples and word timings out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class WordTiming:
    """A spoken word and when it is heard, in seconds from the start of its clip."""

    text: str
    start: float
    end: float


@dataclass(frozen=True)
class PhonemeTiming:
    """One speech sound (IPA) and when it is heard: what talking mouths are animated from."""

    phoneme: str
    start: float
    end: float


@dataclass(frozen=True)
class Speech:
    """A voiced line: mono float32 samples in [-1, 1], the timing of every word and, where the
    engine knows them, of every phoneme (empty when it does not)."""

    samples: NDArray[np.float32]
    sample_rate: int
    words: tuple[WordTiming, ...] = field(default=())
    phonemes: tuple[PhonemeTiming, ...] = field(default=())

    @property
    def duration(self) -> float:
        return len(self.samples) / self.sample_rate


@dataclass(frozen=True)
class VoiceInfo:
    """One choosable voice, as listed by ``filmstudio voices``."""

    id: str
    engine: str
    gender: str
    age: str
    languages: tuple[str, ...]
    description: str


class VoiceProvider(Protocol):
    """Anything that can speak a line in a voice of its own."""

    name: str

    def speak(self, text: str, voice: VoiceInfo, language: str, emotion: str) -> Speech: ...
