from __future__ import annotations

import numpy as np
import pytest

from filmstudio.engine.score.loudness import (
    PEAK_CEILING_DB,
    fade,
    level_sections,
    limit,
    loudness,
    normalise,
)

RATE = 48000


def _noise(seconds: float, level: float, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((round(seconds * RATE), 2)) * level).astype(np.float32)


def test_normalise_reaches_the_target() -> None:
    audio = normalise(_noise(5, 0.01), RATE)
    assert loudness(audio, RATE) == pytest.approx(-20, abs=0.1)


def test_limiter_keeps_every_peak_under_the_ceiling() -> None:
    audio = _noise(2, 0.05)
    audio[RATE, 0] = 3.0  # a spike far over full scale
    limited = limit(audio, RATE)
    assert np.abs(limited).max() <= 10 ** (PEAK_CEILING_DB / 20) + 1e-6
    # only the spike's neighbourhood is touched
    assert np.array_equal(limited[: RATE // 2], audio[: RATE // 2])


def test_fade_ends_on_zero() -> None:
    audio = np.ones((RATE, 2), dtype=np.float32)
    fade(audio, RATE, 0.01, 0.5)
    assert audio[0, 0] == 0 and np.all(audio[-1] == 0)
    assert audio[RATE // 4, 0] == 1
    assert np.all(np.diff(audio[RATE // 2 :, 0]) <= 0)


def test_sections_are_levelled_to_their_offsets() -> None:
    audio = np.concatenate([_noise(5, 0.05), _noise(5, 0.2, seed=1)])
    level_sections(audio, RATE, [(0, 5, -2.0), (5, 10, 0.0)])
    quiet, loud = loudness(audio[: 4 * RATE], RATE), loudness(audio[6 * RATE :], RATE)
    assert loud - quiet == pytest.approx(2.0, abs=0.7)
