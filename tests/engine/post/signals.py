"""Synthetic test signals for post-production: a speech-like voice, noise, sibilants."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

RATE = 48000


def voiced(seconds: float = 6.0, rate: int = RATE) -> NDArray[np.float32]:
    """A vowel-like voice: a gliding 140 Hz buzz with harmonics, in syllables with pauses."""
    t = np.arange(round(seconds * rate)) / rate
    f0 = 140 + 20 * np.sin(2 * np.pi * 0.7 * t)
    phase = 2 * np.pi * np.cumsum(f0) / rate
    buzz = sum(np.sin(k * phase) / k for k in range(1, 25))
    syllables = np.clip(np.sin(2 * np.pi * 2.2 * t), 0, None) ** 0.5
    phrases = np.sin(2 * np.pi * 0.35 * t) > -0.3
    return np.asarray(0.2 * buzz * syllables * phrases, dtype=np.float32)


def noise(samples: int, level: float, seed: int = 0) -> NDArray[np.float32]:
    return (np.random.default_rng(seed).standard_normal(samples) * level).astype(np.float32)


def snr_db(reference: NDArray[np.float32], signal: NDArray[np.float32]) -> float:
    """Signal-to-noise ratio of `signal` against the clean `reference`."""
    error = np.sum(np.square(signal - reference, dtype=np.float64))
    return float(10 * np.log10(np.sum(np.square(reference, dtype=np.float64)) / error))


def band_db(samples: NDArray[np.float32], low: float, high: float, rate: int = RATE) -> float:
    """Energy (dB) between `low` and `high` Hz."""
    mono = samples if samples.ndim == 1 else samples.mean(axis=1)
    freqs = np.fft.rfftfreq(len(mono), 1 / rate)
    power = np.abs(np.fft.rfft(mono)) ** 2
    return float(10 * np.log10(power[(freqs >= low) & (freqs < high)].sum() + 1e-20))


def centroid(samples: NDArray[np.float32], rate: int = RATE) -> float:
    mono = samples if samples.ndim == 1 else samples.mean(axis=1)
    freqs = np.fft.rfftfreq(len(mono), 1 / rate)
    mags = np.abs(np.fft.rfft(mono))
    return float((freqs * mags).sum() / mags.sum())
