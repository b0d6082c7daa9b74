"""Shared renders and audio measurements for the score tests (renders are cached per session)."""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest
from numpy.typing import NDArray

from filmstudio.engine.score import MusicSegment, compose_score
from filmstudio.engine.score.render import SOUNDFONT

RATE = 48000

needs_fluidsynth = pytest.mark.skipif(
    not SOUNDFONT.is_file(), reason="FluidSynth soundfont (fluid-soundfont-gm) not installed"
)


@cache
def scored(
    music: str, duration: float = 16.0, seed: int = 0, moods: tuple[tuple[float, str], ...] = ()
) -> NDArray[np.float32]:
    """compose_score, once per argument set; `moods` are (start, mood) pairs for "auto"."""
    starts = [start for start, _ in moods]
    ends = [*starts[1:], duration][: len(moods)]
    segments = [
        MusicSegment(start, end, mood) for (start, mood), end in zip(moods, ends, strict=True)
    ]
    audio = compose_score(segments, duration, music=music, seed=seed, sample_rate=RATE)
    audio.flags.writeable = False
    return audio


def dbfs(samples: NDArray[np.float32]) -> float:
    """RMS level in dBFS (−inf for silence)."""
    power = float(np.mean(np.square(samples, dtype=np.float64)))
    return -np.inf if power == 0 else 10 * np.log10(power)


def spectrum(samples: NDArray[np.float32]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Average magnitude spectrum (frequencies, magnitudes) of the mono mix."""
    mono = samples.mean(axis=1)
    size, hop = 2048, 1024
    frames = np.lib.stride_tricks.sliding_window_view(mono, size)[::hop] * np.hanning(size)
    return np.fft.rfftfreq(size, 1 / RATE), np.abs(np.fft.rfft(frames, axis=1)).mean(axis=0)


def centroid(samples: NDArray[np.float32]) -> float:
    """Spectral centroid in Hz: how bright the music is."""
    freqs, mags = spectrum(samples)
    return float((freqs * mags).sum() / mags.sum())


def bass_share(samples: NDArray[np.float32]) -> float:
    """Share of spectral magnitude under 150 Hz: how much low drums and basses there are."""
    freqs, mags = spectrum(samples)
    return float(mags[freqs < 150].sum() / mags.sum())


def seconds(audio: NDArray[np.float32], start: float, end: float) -> NDArray[np.float32]:
    return audio[round(start * RATE) : round(end * RATE)]
