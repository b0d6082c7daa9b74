"""Finishing the rendered score: fades, loudness normalisation and a peak ceiling.

Synth renders land anywhere between −18 and −30 LUFS depending on the band, so the score is
brought to a fixed −20 LUFS (integrated, BS.1770 via pyloudnorm) and the mixer can set the final
level against the voices. The last samples fade to exactly zero so the piece ends on the film's
last frame with no cut-off note or reverb tail.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from filmstudio.engine.post import blocks

TARGET_LUFS = -20.0
#: Peaks stay under this (dBFS): a margin under the −1 dBFS promise.
PEAK_CEILING_DB = -1.2
_LIMITER_WINDOW = 0.005
#: Rate (Hz) at which section levels are compared.
_LEVEL_RATE = 12000


def fade(audio: NDArray[np.float32], sample_rate: int, fade_in: float, fade_out: float) -> None:
    """Raised-cosine fades in place; the last sample becomes exactly 0."""
    n_in = min(len(audio), round(fade_in * sample_rate))
    if n_in > 0:
        ramp = 0.5 - 0.5 * np.cos(np.pi * np.arange(n_in) / n_in)
        audio[:n_in] *= ramp[:, None].astype(np.float32)
    n_out = min(len(audio), round(fade_out * sample_rate))
    if n_out > 0:
        ramp = 0.5 + 0.5 * np.cos(np.pi * np.arange(1, n_out + 1) / n_out)
        audio[-n_out:] *= ramp[:, None].astype(np.float32)


def loudness(audio: NDArray[np.float32], sample_rate: int) -> float:
    """Integrated loudness in LUFS (−inf for silence; a plain RMS estimate under 0.4 s).

    Measured a block at a time (pyloudnorm's algorithm, see post.blocks): a long score is
    never copied to be measured."""
    if len(audio) < int(0.4 * sample_rate) + 1:
        power = float(np.mean(np.square(audio, dtype=np.float64))) * audio.shape[1]
        return -np.inf if power <= 0 else -0.691 + 10 * np.log10(power)
    channels = audio.shape[1] if audio.ndim == 2 else 1
    return blocks.measure(lambda start, stop: audio[start:stop], len(audio), sample_rate, channels)


def normalise(
    audio: NDArray[np.float32], sample_rate: int, target: float = TARGET_LUFS
) -> NDArray[np.float32]:
    """`audio` at `target` LUFS with peaks under PEAK_CEILING_DB (a look-ahead limiter),
    scaled in place and returned (a 5-minute score is 115 MB: it is not copied)."""
    measured = loudness(audio, sample_rate)
    if not np.isfinite(measured):
        return audio
    audio *= np.float32(10 ** ((target - measured) / 20))
    gain = _limiter_gain(audio, sample_rate)
    if gain is not None:
        audio *= gain[:, None]
        ceiling = 10 ** (PEAK_CEILING_DB / 20)
        np.clip(audio, -ceiling, ceiling, out=audio)
    return audio


def level_sections(
    audio: NDArray[np.float32],
    sample_rate: int,
    spans: Sequence[tuple[float, float, float]],
    ramp: float = 1.0,
) -> None:
    """Even out the moods' levels in place: each (start, end, offset dB) span to offset LUFS.

    Bands differ by more than 10 LU as rendered (a heartbeat kick and low strings against a
    soft piano), which would leave a calm scene inaudible once the whole film is normalised.
    Gains cross over `ramp` seconds around each boundary and stay within ±8 dB of the median.
    Levels are measured at a quarter of the rate: these are relative corrections, and the final
    full-rate measurement in :func:`normalise` sets the absolute level.
    """
    if len(spans) < 2:
        return
    factor = max(1, sample_rate // _LEVEL_RATE)
    rough = _decimate(audio, factor)
    rate = sample_rate / factor
    gains: list[float] = []
    for start, end, offset in spans:
        measured = loudness(rough[round(start * rate) : round(end * rate)], round(rate))
        gains.append(offset - measured if np.isfinite(measured) else np.nan)
    known = [g for g in gains if np.isfinite(g)]
    if not known:
        return
    median = float(np.median(known))
    gains = [median if not np.isfinite(g) else min(median + 8, max(median - 8, g)) for g in gains]
    shortest = min(end - start for start, end, _ in spans)
    half = 0.5 * min(ramp, 0.5 * shortest)
    width = round(2 * half * sample_rate)
    edges = [round((boundary - half) * sample_rate) for _, boundary, _ in spans[:-1]]
    begin = 0
    for index, edge in enumerate([*edges, len(audio)]):
        audio[begin:edge] *= np.float32(10 ** (gains[index] / 20))
        if edge < len(audio):
            ramp_db = np.linspace(gains[index], gains[index + 1], width, dtype=np.float32)
            crossing = audio[edge : edge + width]
            crossing *= (10 ** (ramp_db[: len(crossing)] / 20))[:, None]
        begin = edge + width


def _decimate(audio: NDArray[np.float32], factor: int) -> NDArray[np.float32]:
    """Every `factor`-th frame after a box filter: a cheap, roughly band-limited copy."""
    usable = len(audio) // factor * factor
    rough = audio[0:usable:factor].copy()
    for offset in range(1, factor):
        rough += audio[offset:usable:factor]
    rough /= factor
    return rough


def limit(audio: NDArray[np.float32], sample_rate: int) -> NDArray[np.float32]:
    """Turn down only the few milliseconds around peaks above the ceiling.

    Each 5 ms block gets the gain its loudest sample needs, lowered to its neighbours' (so the
    gain is already down when a peak arrives) and interpolated between block centres; the
    interpolated gain never exceeds what any sample needs, so no peak escapes.
    """
    gain = _limiter_gain(audio, sample_rate)
    if gain is None:
        return audio
    ceiling = 10 ** (PEAK_CEILING_DB / 20)
    limited: NDArray[np.float32] = audio * gain[:, None]
    np.clip(limited, -ceiling, ceiling, out=limited)
    return limited


def _limiter_gain(audio: NDArray[np.float32], sample_rate: int) -> NDArray[np.float32] | None:
    """The limiter's per-frame gain (see :func:`limit`); None when no peak is over."""
    ceiling = 10 ** (PEAK_CEILING_DB / 20)
    peaks = np.empty(len(audio), dtype=audio.dtype)
    for start, stop in blocks.spans(len(audio)):
        peaks[start:stop] = np.max(np.abs(audio[start:stop]), axis=1)
    if len(peaks) == 0 or float(peaks.max()) <= ceiling:
        return None
    block = max(1, round(_LIMITER_WINDOW * sample_rate))
    count = -(-len(peaks) // block)
    padded = np.zeros(count * block, dtype=np.float32)
    padded[: len(peaks)] = peaks
    needed = np.minimum(1.0, ceiling / np.maximum(padded.reshape(count, block).max(axis=1), 1e-12))
    widened = needed.copy()
    widened[1:] = np.minimum(widened[1:], needed[:-1])
    widened[:-1] = np.minimum(widened[:-1], needed[1:])
    centres = (np.arange(count) + 0.5) * block
    return np.asarray(np.interp(np.arange(len(peaks)), centres, widened), dtype=np.float32)
