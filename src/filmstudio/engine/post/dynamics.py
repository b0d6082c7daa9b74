"""Dynamics: compression, de-essing and levelling to a loudness.

An uploaded voice swings between mumbled and shouted and its "s" sounds can whistle once the
presence is lifted; a compressor evens the first, a de-esser tames the second only where an
"s" is actually loud (a static high cut would dull every word).
"""

from __future__ import annotations

import numpy as np
import pedalboard
import pyloudnorm
from numpy.typing import NDArray
from scipy.ndimage import maximum_filter1d, uniform_filter1d

from filmstudio.engine.post.filters import process, split_high

Audio = NDArray[np.float32]

#: Sibilance lives above this frequency (Hz).
SIBILANCE_HZ = 4500.0


def lufs(samples: Audio, rate: int) -> float:
    """Integrated loudness (BS.1770), −inf for silence or clips too short to gate."""
    if len(samples) < int(0.4 * rate) + 1 or not np.any(samples):
        return float("-inf")
    return float(pyloudnorm.Meter(rate).integrated_loudness(samples))


def level_to(samples: Audio, rate: int, target: float) -> Audio:
    """`samples` scaled to `target` LUFS (unchanged when silent)."""
    measured = lufs(samples, rate)
    if not np.isfinite(measured):
        return samples
    return (samples * np.float32(10 ** ((target - measured) / 20))).astype(np.float32)


def compress(
    samples: Audio,
    rate: int,
    *,
    threshold_db: float = -20.0,
    ratio: float = 3.0,
    attack_ms: float = 5.0,
    release_ms: float = 120.0,
) -> Audio:
    """A compressor (pedalboard): loud passages are turned down, the rest left as it was."""
    board = pedalboard.Chain(
        [
            pedalboard.Compressor(
                threshold_db=threshold_db,
                ratio=ratio,
                attack_ms=attack_ms,
                release_ms=release_ms,
            )
        ]
    )
    return process(board, samples, rate)


def deess(
    samples: Audio,
    rate: int,
    *,
    threshold_db: float = -30.0,
    share: float = 0.45,
    max_cut_db: float = 10.0,
) -> Audio:
    """Turn down the band above 4.5 kHz only while it is loud and dominates (an "s").

    A 5 ms window is sibilant when its high band is above `threshold_db` and holds more than
    `share` of the window's energy; it is cut by the excess, at most `max_cut_db`, with a gain
    that eases in and out over 10 ms. Everything else passes bit for bit.
    """
    mono = samples if samples.ndim == 1 else samples.mean(axis=1)
    low, high = split_high(samples, rate, SIBILANCE_HZ)
    high_mono = high if high.ndim == 1 else high.mean(axis=1)
    window = max(1, rate // 200)
    high_power = np.maximum(uniform_filter1d(high_mono.astype(np.float64) ** 2, window), 0.0)
    total_power = np.maximum(uniform_filter1d(mono.astype(np.float64) ** 2, window), 0.0) + 1e-12
    high_db = 10 * np.log10(high_power + 1e-12)
    ratio_db = 10 * np.log10(high_power / total_power + 1e-12)
    excess = np.minimum(
        np.maximum(high_db - threshold_db, 0.0),
        np.maximum(ratio_db - 10 * np.log10(share), 0.0) * 4,
    )
    cut_db = np.minimum(excess, max_cut_db)
    cut_db = uniform_filter1d(maximum_filter1d(cut_db, 2 * window), 2 * window)
    if not np.any(cut_db > 0.05):
        return samples
    gain = (10 ** (-cut_db / 20)).astype(np.float32)
    shaped = gain if samples.ndim == 1 else gain[:, None]
    return np.asarray(low + high * shaped, dtype=np.float32)
