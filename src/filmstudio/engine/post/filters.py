"""Equalisation: steep high/low/band-pass filters (scipy) and musical EQ bands (pedalboard).

Why scipy for the pass filters: pedalboard's HighpassFilter is first order (6 dB/octave), too
gentle to take out rumble and handling noise under a voice; a 4th-order Butterworth (24 dB per
octave) does. Every function takes and returns float32 samples shaped (n,) or (n, channels).
"""

from __future__ import annotations

import numpy as np
import pedalboard
from numpy.typing import NDArray
from scipy.signal import butter, sosfilt, sosfiltfilt

Audio = NDArray[np.float32]


def _sos(
    kind: str, cutoff: float | tuple[float, float], rate: int, order: int
) -> NDArray[np.float64]:
    nyquist = rate / 2
    if isinstance(cutoff, tuple):
        low, high = cutoff
        edges: float | list[float] = [max(1.0, low), min(high, 0.99 * nyquist)]
    else:
        edges = min(cutoff, 0.99 * nyquist)
    sos: NDArray[np.float64] = butter(order, edges, btype=kind, fs=rate, output="sos")
    return sos


def _apply(sos: NDArray[np.float64], samples: Audio, zero_phase: bool) -> Audio:
    if len(samples) == 0:
        return samples
    if zero_phase and len(samples) > 3 * (2 * len(sos) + 1):
        out = sosfiltfilt(sos, samples, axis=0)
    else:
        out = sosfilt(sos, samples, axis=0)
    return np.asarray(out, dtype=np.float32)


def highpass(samples: Audio, rate: int, cutoff: float = 80.0, order: int = 4) -> Audio:
    """Remove rumble below `cutoff` Hz (24 dB/octave by default)."""
    return _apply(_sos("highpass", cutoff, rate, order), samples, zero_phase=False)


def lowpass(samples: Audio, rate: int, cutoff: float, order: int = 4) -> Audio:
    """Remove everything above `cutoff` Hz."""
    return _apply(_sos("lowpass", cutoff, rate, order), samples, zero_phase=False)


def bandpass(samples: Audio, rate: int, low: float, high: float, order: int = 4) -> Audio:
    """Keep only `low`..`high` Hz: the shape of a telephone line or a small radio."""
    return _apply(_sos("bandpass", (low, high), rate, order), samples, zero_phase=False)


def split_high(samples: Audio, rate: int, cutoff: float) -> tuple[Audio, Audio]:
    """(low, high) bands that add back up to `samples` exactly (zero-phase split)."""
    high = _apply(_sos("highpass", cutoff, rate, 4), samples, zero_phase=True)
    return (samples - high).astype(np.float32), high


def eq(
    samples: Audio,
    rate: int,
    *,
    low_shelf_db: float = 0.0,
    low_shelf_hz: float = 150.0,
    presence_db: float = 0.0,
    presence_hz: float = 3000.0,
    mud_db: float = 0.0,
    mud_hz: float = 300.0,
) -> Audio:
    """A voice or music EQ: low shelf (warmth), a mud cut and a presence lift (clarity)."""
    board = pedalboard.Chain(
        [
            pedalboard.LowShelfFilter(cutoff_frequency_hz=low_shelf_hz, gain_db=low_shelf_db),
            pedalboard.PeakFilter(cutoff_frequency_hz=mud_hz, gain_db=mud_db, q=1.0),
            pedalboard.PeakFilter(cutoff_frequency_hz=presence_hz, gain_db=presence_db, q=0.9),
        ]
    )
    return process(board, samples, rate)


def process(board: pedalboard.Chain, samples: Audio, rate: int) -> Audio:
    """Run a pedalboard chain over (n,) or (n, channels) samples; same shape out."""
    if len(samples) == 0:
        return samples
    planar = samples[None, :] if samples.ndim == 1 else samples.T
    out = board(np.ascontiguousarray(planar, dtype=np.float32), float(rate))
    shaped = out[0] if samples.ndim == 1 else out.T
    return np.ascontiguousarray(shaped, dtype=np.float32)
