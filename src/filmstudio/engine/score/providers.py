"""Music providers: the composed score, and a cheap fake with the same shape for other tests."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from filmstudio.engine.score.base import MusicProvider, MusicSegment
from filmstudio.engine.score.choices import get_music
from filmstudio.engine.score.compose import compose_score
from filmstudio.engine.score.form import mood_runs
from filmstudio.engine.score.loudness import fade
from filmstudio.engine.score.musicgen import MusicGenMusic
from filmstudio.engine.score.render import SOUNDFONT

_MINOR_MOODS = frozenset({"tense", "sad", "epic", "mysterious"})


class ComposedMusic:
    """The offline default: an original score composed per film and rendered with FluidSynth."""

    name = "composed"

    def __init__(self, soundfont: Path = SOUNDFONT) -> None:
        self.soundfont = soundfont

    def compose(
        self,
        segments: Sequence[MusicSegment],
        duration: float,
        music: str = "auto",
        seed: int = 0,
        sample_rate: int = 48000,
    ) -> NDArray[np.float32]:
        return compose_score(segments, duration, music, seed, sample_rate, soundfont=self.soundfont)


class FakeMusic:
    """Sine-wave triads per mood (minor for dark moods): instant, for other stages' tests.

    Same contract as ComposedMusic: exact length, about −20 LUFS, silent last sample, zeros for
    "none", ChoiceError for an unknown choice; it needs neither FluidSynth nor a soundfont.
    """

    name = "fake"

    def compose(
        self,
        segments: Sequence[MusicSegment],
        duration: float,
        music: str = "auto",
        seed: int = 0,
        sample_rate: int = 48000,
    ) -> NDArray[np.float32]:
        get_music(music)
        samples = round(duration * sample_rate)
        out = np.zeros((samples, 2), dtype=np.float32)
        if music == "none" or samples == 0:
            return out
        root = 220.0 * 2 ** ((seed % 12) / 12)
        for mood, start, end in mood_runs(segments, duration, music):
            first, last = round(start * sample_rate), round(end * sample_rate)
            t = np.arange(last - first) / sample_rate
            third = 3 if mood in _MINOR_MOODS else 4
            tone = np.zeros(len(t))
            for step in (0, third, 7):
                tone += np.sin(2 * np.pi * root * 2 ** (step / 12) * t)
            out[first:last] = (tone / 3).astype(np.float32)[:, None]
        fade(out, sample_rate, 0.02, min(1.5, 0.3 * duration))
        rms = float(np.sqrt(np.mean(np.square(out, dtype=np.float64))))
        if rms > 0:
            # −20 LUFS for identical channels in the mid band: 2·rms² = 10^((−20 + 0.691) / 10).
            out *= np.float32(np.sqrt(10 ** ((-20 + 0.691) / 10) / 2) / rms)
        return out


#: Music providers by name; configuration picks one.
MUSIC_PROVIDERS: dict[str, type[MusicProvider]] = {
    ComposedMusic.name: ComposedMusic,
    FakeMusic.name: FakeMusic,
    MusicGenMusic.name: MusicGenMusic,
}
