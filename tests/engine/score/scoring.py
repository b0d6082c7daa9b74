"""Shared renders and audio measurements for the score tests (renders are cached per session)."""

from __future__ import annotations

from functools import cache
from itertools import pairwise

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


def timbre(samples: NDArray[np.float32]) -> NDArray[np.float64]:
    """A key-independent sound fingerprint: octave-band energy shares, attack and noisiness.

    Octave bands (40 Hz–20 kHz) barely move when the key does; `attack` is how much the level
    jumps from one 20 ms frame to the next (drums and plucks high, pads low); `flatness` is
    how noise-like the spectrum is (drum machines and shakers high, solo piano low).
    """
    freqs, mags = spectrum(samples)
    power = mags**2
    edges = 40.0 * 2.0 ** np.arange(10)
    bands = np.array([power[(freqs >= lo) & (freqs < hi)].sum() for lo, hi in pairwise(edges)])
    shares = np.log10(bands / bands.sum() + 1e-12)
    mono = samples.mean(axis=1)
    frame = RATE // 50
    rms = np.sqrt(np.mean(mono[: len(mono) // frame * frame].reshape(-1, frame) ** 2, axis=1))
    attack = float(np.std(np.diff(20 * np.log10(rms + 1e-9)))) / 3
    flatness = float(np.exp(np.mean(np.log(mags + 1e-12))) / np.mean(mags))
    return np.concatenate([shares, [attack, 5 * flatness]])


def envelope_db(samples: NDArray[np.float32], window: float = 0.1) -> NDArray[np.float64]:
    """RMS level (dBFS) of consecutive `window`-second frames."""
    size = round(window * RATE)
    usable = len(samples) // size * size
    frames = samples[:usable].reshape(-1, size, samples.shape[1])
    power = np.mean(np.square(frames, dtype=np.float64), axis=(1, 2))
    return np.asarray(10 * np.log10(power + 1e-20), dtype=np.float64)
