"""Noise reduction by spectral gating: keep what stands above the noise floor, per frequency.

A recording's steady noise (hiss, hum, fan, room) has a level per frequency that barely changes,
while speech and music come and go. The quietest frames tell us that level; every time-frequency
cell is then turned down in proportion to how little it rises above it. The gain is smoothed
over neighbouring cells so the leftover noise does not warble ("musical noise").
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy.ndimage import uniform_filter
from scipy.signal import istft, stft

Audio = NDArray[np.float32]

#: Share of the quietest frames taken as "noise only" when no noise sample is given.
QUIET_SHARE = 0.15


def noise_profile(
    samples: Audio, rate: int, window: int = 1024
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """(mean, std) of each frequency's level in dB over the quietest frames of mono `samples`."""
    _, _, spec = stft(samples, fs=rate, nperseg=window, noverlap=window * 3 // 4)
    level = 20 * np.log10(np.abs(spec) + 1e-10)
    energy = np.mean(np.abs(spec) ** 2, axis=0)
    count = max(4, int(QUIET_SHARE * len(energy)))
    quiet = np.argsort(energy)[:count]
    chosen = level[:, quiet]
    return chosen.mean(axis=1), chosen.std(axis=1)


def reduce_noise(
    samples: Audio,
    rate: int,
    *,
    reduction_db: float = 24.0,
    sensitivity: float = 1.5,
    noise: Audio | None = None,
    window: int = 1024,
) -> Audio:
    """`samples` with steady background noise turned down by up to `reduction_db`.

    `noise` is an optional stretch of noise alone (e.g. the silence before the first word);
    without it the quietest 15 % of frames stand in. `sensitivity` is how many standard
    deviations above the noise mean a cell must rise to pass untouched.
    """
    if samples.ndim == 2:
        channels = [
            reduce_noise(
                samples[:, c],
                rate,
                reduction_db=reduction_db,
                sensitivity=sensitivity,
                noise=None if noise is None else (noise if noise.ndim == 1 else noise[:, c]),
                window=window,
            )
            for c in range(samples.shape[1])
        ]
        return np.stack(channels, axis=1)
    if len(samples) < 2 * window:
        return samples
    mean, std = noise_profile(noise if noise is not None else samples, rate, window)
    _, _, spec = stft(samples, fs=rate, nperseg=window, noverlap=window * 3 // 4)
    level = 20 * np.log10(np.abs(spec) + 1e-10)
    threshold = (mean + sensitivity * std)[:, None]
    # closed up to the threshold, fully open 6 dB above it: a soft gate.
    openness = np.clip((level - threshold) / 6.0, 0.0, 1.0)
    openness = uniform_filter(openness, size=(3, 5), mode="nearest")
    floor = 10 ** (-reduction_db / 20)
    gain = floor + (1 - floor) * openness
    _, cleaned = istft(spec * gain, fs=rate, nperseg=window, noverlap=window * 3 // 4)
    out = np.zeros(len(samples), dtype=np.float32)
    usable = min(len(out), len(cleaned))
    out[:usable] = cleaned[:usable]
    return out
