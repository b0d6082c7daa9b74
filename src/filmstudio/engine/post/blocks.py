"""Bounded-block tools for mixing a whole film without holding it: a float32 track on disk read
and written a block at a time, a streaming BS.1770 loudness meter, and true peaks measured per
block.

Why: a 5-minute film at 48 kHz is 14.4 M frames; as stereo float64 with a 4x oversampled copy
the old whole-array mix peaked near 1.4 GB. Each tool here gives the same numbers as its
whole-array twin (the meter is pyloudnorm's algorithm, with its filter state carried across
blocks; filters with a finite reach read a margin of neighbouring samples), while memory stays
a few blocks whatever the film's length. Track files are read with plain reads (not memory
maps), so what was read does not stay resident in the process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pyloudnorm
from numpy.typing import NDArray
from scipy.signal import lfilter, resample_poly

Audio = NDArray[np.float32]

#: Frames per block: 5.12 s at 48 kHz, a whole number of 10 ms ducking hops at 48 kHz.
BLOCK = 480 * 512
#: Extra samples read on each side of a block by filters that look around (true peaks,
#: the limiter's windows): more than the longest reach of any of them.
MARGIN = 1024
#: The gating block and its step (BS.1770: 400 ms blocks, 75 % overlap), as pyloudnorm has them.
_GATE = 0.4
_STEP = 0.25
#: Channel weights of BS.1770 (left, right, centre, surrounds).
_WEIGHTS = (1.0, 1.0, 1.0, 1.41, 1.41)


def spans(length: int, block: int = BLOCK) -> Iterator[tuple[int, int]]:
    """(start, stop) of consecutive blocks covering `length` frames."""
    for start in range(0, length, block):
        yield start, min(length, start + block)


class Track:
    """A track of `length` frames × `channels` (float32, or `dtype`) in a raw file: written in
    order, block by block, then read back in any blocks."""

    def __init__(
        self, path: Path, length: int, channels: int, dtype: type[np.floating[Any]] = np.float32
    ) -> None:
        self.path = path
        self.length = length
        self.channels = channels
        self.dtype = np.dtype(dtype)
        self._written = 0
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")

    def append(self, block: NDArray[Any]) -> None:
        """Write the next frames (shape (k,) for mono, (k, channels) otherwise)."""
        data = np.ascontiguousarray(block, dtype=self.dtype)
        if len(data) and data.size != len(data) * self.channels:
            raise ValueError("a block must have the track's channels")
        if self._written + len(data) > self.length:
            raise ValueError("more frames than the track holds")
        with self.path.open("ab") as handle:
            handle.write(data.tobytes())
        self._written += len(data)

    def read(self, start: int, stop: int) -> NDArray[Any]:
        """Frames start..stop (clipped to the track): (k,) for mono, (k, channels) otherwise."""
        start, stop = max(0, start), min(self.length, stop)
        count = max(0, stop - start) * self.channels
        with self.path.open("rb") as handle:
            handle.seek(start * self.channels * self.dtype.itemsize)
            data = np.fromfile(handle, dtype=self.dtype, count=count)
        if len(data) != count:
            raise ValueError(f"{self.path.name} holds fewer frames than asked for")
        return data if self.channels == 1 else data.reshape(-1, self.channels)


class NpyReader:
    """Blocks of a float32 .npy file of shape (n,) or (n, channels), read without loading it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with path.open("rb") as handle:
            version = np.lib.format.read_magic(handle)
            header = (
                np.lib.format.read_array_header_1_0
                if version == (1, 0)
                else np.lib.format.read_array_header_2_0
            )
            shape, fortran, dtype = header(handle)
            self._offset = handle.tell()
        if fortran or dtype != np.dtype(np.float32) or len(shape) not in (1, 2):
            raise ValueError(f"{path.name} is not a C-ordered float32 track")
        self.length = int(shape[0])
        self.channels = int(shape[1]) if len(shape) == 2 else 1
        self._mono = len(shape) == 1

    def read(self, start: int, stop: int) -> NDArray[Any]:
        """Frames start..stop (clipped to the track)."""
        start, stop = max(0, start), min(self.length, stop)
        count = max(0, stop - start) * self.channels
        with self.path.open("rb") as handle:
            handle.seek(self._offset + start * self.channels * 4)
            data = np.fromfile(handle, dtype=np.float32, count=count)
        return data if self._mono else data.reshape(-1, self.channels)


class LoudnessMeter:
    """Integrated loudness (LUFS, BS.1770) of a `length`-frame signal fed in order, in blocks.

    The same algorithm as pyloudnorm's Meter (K-weighting, 400 ms blocks at 75 % overlap, the
    absolute and relative gates, its block boundaries), with the filters' state carried from
    block to block; signals shorter than half a second are padded with silence, as
    :func:`filmstudio.engine.mix.loudness` does.
    """

    def __init__(self, length: int, rate: int, channels: int) -> None:
        self.rate = rate
        self.channels = channels
        self.length = max(length, rate // 2)
        self._fed = 0
        meter = pyloudnorm.Meter(rate)
        self._stages = [
            (stage.b, stage.a, stage.passband_gain) for stage in meter._filters.values()
        ]
        self._state = [
            [np.zeros(max(len(b), len(a)) - 1) for _ in range(channels)] for b, a, _ in self._stages
        ]
        seconds = self.length / rate
        count = int(np.round((seconds - _GATE) / (_GATE * _STEP))) + 1
        index = np.arange(count)
        self._lower = np.array([int(_GATE * (j * _STEP) * rate) for j in index], dtype=np.int64)
        self._upper = np.array([int(_GATE * (j * _STEP + 1) * rate) for j in index], dtype=np.int64)
        self._upper = np.minimum(self._upper, self.length)
        self._edges = np.unique(np.concatenate([[0, self.length], self._lower, self._upper]))
        self._edges = self._edges[self._edges <= self.length]
        self._energy = np.zeros((len(self._edges) - 1, channels))

    def add(self, block: Audio) -> None:
        """Feed the next frames ((k,) mono or (k, channels))."""
        data = np.asarray(block).reshape(len(block), -1)
        if data.shape[1] != self.channels:
            raise ValueError("a block must have the meter's channels")
        start = self._fed
        if start + len(data) > self.length:
            raise ValueError("more frames than the meter was told of")
        weighted = np.empty(data.shape, dtype=data.dtype)
        for channel in range(self.channels):
            signal = data[:, channel]
            for k, (b, a, gain) in enumerate(self._stages):
                out, self._state[k][channel] = lfilter(b, a, signal, zi=self._state[k][channel])
                signal = (gain * out).astype(data.dtype)
            weighted[:, channel] = signal
        self._accumulate(start, np.square(weighted, dtype=np.float64))
        self._fed += len(data)

    def _accumulate(self, start: int, squares: NDArray[np.float64]) -> None:
        """Add each channel's energy into the elementary spans between gating-block edges."""
        stop = start + len(squares)
        if stop == start:
            return
        first = int(np.searchsorted(self._edges, start, side="right")) - 1
        last = int(np.searchsorted(self._edges, stop, side="left"))
        cuts = np.concatenate([[start], self._edges[first + 1 : last]]) - start
        sums = np.add.reduceat(squares, cuts, axis=0)
        self._energy[first : first + len(cuts)] += sums

    def lufs(self) -> float:
        """Integrated loudness of everything fed (the rest counts as silence); −inf if silent."""
        if self._fed < self.length:
            self.add(np.zeros((self.length - self._fed, self.channels), np.float32))
        lower = np.searchsorted(self._edges, self._lower)
        upper = np.searchsorted(self._edges, self._upper)
        power = np.array(
            [self._energy[lo:up].sum(axis=0) for lo, up in zip(lower, upper, strict=True)]
        ) / (_GATE * self.rate)
        weights = np.array(_WEIGHTS[: self.channels])
        with np.errstate(divide="ignore"):
            blocks = -0.691 + 10.0 * np.log10(power @ weights)
        above = blocks >= -70.0
        if not np.any(above):
            return float(-np.inf)
        relative = -0.691 + 10.0 * np.log10(power[above].mean(axis=0) @ weights) - 10.0
        gated = (blocks > relative) & (blocks > -70.0)
        if not np.any(gated):
            return float(-np.inf)
        with np.errstate(divide="ignore"):
            return float(-0.691 + 10.0 * np.log10(power[gated].mean(axis=0) @ weights))


def measure(read: Callable[[int, int], Audio], length: int, rate: int, channels: int) -> float:
    """Integrated loudness of a track read block by block."""
    meter = LoudnessMeter(length, rate, channels)
    for start, stop in spans(length):
        meter.add(read(start, stop))
    return meter.lufs()


def true_peaks(read: Callable[[int, int], Audio], start: int, stop: int, length: int) -> Any:
    """Each frame's peak in start..stop including the overs after it (4x oversampled, all
    channels), equal to the whole-track measure: the oversampling filter sees MARGIN frames
    of context on each side."""
    before = min(MARGIN, start)
    after = min(MARGIN, length - stop)
    context = read(start - before, stop + after)
    over = np.abs(resample_poly(context, 4, 1, axis=0))
    inner = over[4 * before : 4 * (before + stop - start)]
    return np.asarray(np.max(inner.reshape(stop - start, -1), axis=1), dtype=np.float64)
