"""Sample-level helpers every provider shares: level, limiting, trimming, resampling.

Why shared: all providers must hand the mixer float32 mono at one rate, at one speech level
(so a whisper is quieter than a shout whichever engine spoke), and never past full scale.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from numpy.typing import NDArray
from scipy.signal import butter, resample_poly, sosfilt

#: The rate every provider returns (Kokoro's native rate).
SAMPLE_RATE = 24000
#: Normal speech level: RMS of the voiced frames, in dBFS.
SPEECH_LEVEL_DB = -20.0
#: Peaks never exceed this (soft-limited above LIMIT_KNEE).
PEAK = 0.97
LIMIT_KNEE = 0.7

Samples = NDArray[np.float32]


def silence(seconds: float, rate: int = SAMPLE_RATE) -> Samples:
    """`seconds` of digital silence."""
    return np.zeros(max(0, round(seconds * rate)), np.float32)


def frame_rms(samples: Samples, rate: int = SAMPLE_RATE, frame_s: float = 0.01) -> Samples:
    """RMS per non-overlapping frame (the last partial frame dropped)."""
    size = max(1, int(rate * frame_s))
    count = len(samples) // size
    if count == 0:
        return np.zeros(0, np.float32)
    frames = samples[: count * size].astype(np.float64).reshape(count, size)
    rms: Samples = np.sqrt((frames**2).mean(axis=1)).astype(np.float32)
    return rms


def voiced_bounds(
    samples: Samples, rate: int = SAMPLE_RATE, floor_db: float = -40.0, margin_s: float = 0.03
) -> tuple[int, int]:
    """First and last sample of sound (frames within `floor_db` of the loudest), with a margin."""
    size = max(1, int(rate * 0.01))
    rms = frame_rms(samples, rate)
    if len(rms) == 0 or float(rms.max()) <= 0.0:
        return 0, len(samples)
    loud = np.nonzero(rms > float(rms.max()) * 10 ** (floor_db / 20))[0]
    margin = int(margin_s * rate)
    start = max(0, int(loud[0]) * size - margin)
    end = min(len(samples), (int(loud[-1]) + 1) * size + margin)
    return start, end


def speech_level_db(samples: Samples, rate: int = SAMPLE_RATE) -> float:
    """RMS of the voiced frames in dBFS (pauses do not count), -inf for silence."""
    rms = frame_rms(samples, rate, 0.02)
    if len(rms) == 0 or float(rms.max()) <= 0.0:
        return float("-inf")
    voiced = rms[rms > float(rms.max()) * 10 ** (-35 / 20)]
    level = float(np.sqrt((voiced.astype(np.float64) ** 2).mean()))
    return 20 * float(np.log10(level))


def soft_limit(samples: Samples) -> Samples:
    """Leave samples under the knee alone and bend louder ones smoothly below PEAK."""
    magnitude = np.abs(samples)
    over = magnitude > LIMIT_KNEE
    if not over.any():
        return samples.astype(np.float32)
    span = PEAK - LIMIT_KNEE
    bent = LIMIT_KNEE + span * np.tanh((magnitude[over] - LIMIT_KNEE) / span)
    out = samples.astype(np.float32).copy()
    out[over] = np.sign(samples[over]) * bent
    return out


def level(samples: Samples, gain_db: float = 0.0, rate: int = SAMPLE_RATE) -> Samples:
    """Scale voiced speech to SPEECH_LEVEL_DB + `gain_db` and soft-limit the peaks."""
    current = speech_level_db(samples, rate)
    if not np.isfinite(current):
        return samples.astype(np.float32)
    factor = 10 ** ((SPEECH_LEVEL_DB + gain_db - current) / 20)
    return soft_limit((samples * factor).astype(np.float32))


def resample(samples: Samples, source_rate: int, target_rate: int) -> Samples:
    """Change the sample rate (polyphase, exact length ratio)."""
    if source_rate == target_rate or len(samples) == 0:
        return samples.astype(np.float32)
    ratio = Fraction(target_rate, source_rate)
    out = resample_poly(samples, ratio.numerator, ratio.denominator)
    return np.asarray(out, dtype=np.float32)


def stretch_ratio(pitch: float) -> Fraction:
    """The length ratio that lowers (pitch < 1) or raises pitch by resampling."""
    return Fraction(1 / pitch).limit_denominator(64)


def shift_pitch(samples: Samples, pitch: float) -> tuple[Samples, float]:
    """Shift pitch (and formants, and tempo) by `pitch`; returns samples and the time factor.

    Resampling is artefact-free and keeps timings exact (every time is multiplied by the
    returned factor); callers pre-compensate the tempo so only the pitch changes audibly.
    """
    if abs(pitch - 1.0) < 1e-3 or len(samples) == 0:
        return samples.astype(np.float32), 1.0
    ratio = stretch_ratio(pitch)
    out = resample_poly(samples, ratio.numerator, ratio.denominator)
    return np.asarray(out, dtype=np.float32), len(out) / len(samples)


def whisper_colour(samples: Samples, rate: int = SAMPLE_RATE) -> Samples:
    """Thin the voice like a whisper: cut the chest (below ~500 Hz) and add a little breath."""
    if len(samples) == 0:
        return samples
    sos = butter(2, 500, btype="highpass", fs=rate, output="sos")
    thin = np.asarray(sosfilt(sos, samples), dtype=np.float32)
    envelope = np.repeat(frame_rms(thin, rate), int(rate * 0.01))
    envelope = (
        np.pad(envelope, (0, len(thin) - len(envelope)), mode="edge") if len(envelope) else envelope
    )
    noise = np.random.default_rng(0).standard_normal(len(thin)).astype(np.float32)
    hiss = np.asarray(
        sosfilt(butter(2, 2000, btype="highpass", fs=rate, output="sos"), noise), np.float32
    )
    if len(envelope) != len(thin):
        return thin
    return (thin + 0.5 * envelope * hiss).astype(np.float32)
