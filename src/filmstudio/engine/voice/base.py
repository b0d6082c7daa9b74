"""The voice capability: text in, speech samples and word timings out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

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


def speech_to_arrays(speech: Speech) -> tuple[dict[str, NDArray[Any]], dict[str, Any]]:
    """A Speech as arrays plus JSON-able metadata (for the stage cache), phonemes included."""
    words = [[w.text, w.start, w.end] for w in speech.words]
    phonemes = [[p.phoneme, p.start, p.end] for p in speech.phonemes]
    meta = {"rate": speech.sample_rate, "words": words, "phonemes": phonemes}
    return {"samples": speech.samples}, meta


def speech_from_arrays(arrays: dict[str, NDArray[Any]], meta: dict[str, Any]) -> Speech:
    """The Speech :func:`speech_to_arrays` stored (older entries have no phonemes)."""
    words = tuple(WordTiming(str(t), float(s), float(e)) for t, s, e in meta["words"])
    phonemes = tuple(
        PhonemeTiming(str(p), float(s), float(e)) for p, s, e in meta.get("phonemes", [])
    )
    samples = np.asarray(arrays["samples"], dtype=np.float32)
    return Speech(samples, int(meta["rate"]), words, phonemes)


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
