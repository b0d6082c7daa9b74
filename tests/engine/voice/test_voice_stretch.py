"""audio.stretch: WSOLA lengthens speech by an exact factor and keeps its pitch (fast)."""

from __future__ import annotations

import numpy as np
import pytest
from tests.engine.voice.speech_checks import median_pitch

from filmstudio.engine.voice.audio import SAMPLE_RATE, shift_pitch, stretch


def voiced(seconds: float, f0: float = 180.0) -> np.ndarray:
    """A buzzy vowel-like tone (harmonics of f0) with a slow vibrato, at 24 kHz."""
    t = np.arange(round(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    phase = 2 * np.pi * np.cumsum(f0 * (1 + 0.02 * np.sin(2 * np.pi * 3 * t))) / SAMPLE_RATE
    tone = np.zeros_like(t)
    for k in range(1, 8):
        tone += np.sin(k * phase) / k
    return (0.3 * tone).astype(np.float32)


@pytest.mark.parametrize("factor", [1.03, 1.12, 1.25, 0.9])
def test_stretch_has_the_exact_length_and_keeps_the_pitch(factor: float) -> None:
    source = voiced(1.5)
    out = stretch(source, factor)
    assert out.dtype == np.float32
    assert len(out) == round(len(source) * factor)
    assert median_pitch(out) == pytest.approx(median_pitch(source), rel=0.02)
    # No clicks: overlap-add of well-placed frames stays as loud as the source, no louder.
    middle = out[2400:-2400]
    assert float(np.abs(middle).max()) <= float(np.abs(source).max()) * 1.1
    rms_in = float(np.sqrt(np.mean(source**2)))
    assert float(np.sqrt(np.mean(middle**2))) == pytest.approx(rms_in, rel=0.1)


def test_sounds_land_at_their_time_times_the_factor() -> None:
    """Bursts at known times come out within the tolerance of time x factor."""
    source = np.zeros(3 * SAMPLE_RATE, np.float32)
    starts = [0.3, 1.1, 2.2]
    for at in starts:
        begin = round(at * SAMPLE_RATE)
        source[begin : begin + 2400] = voiced(0.1)
    factor = 1.12
    out = stretch(source, factor)
    loud = np.abs(out) > 0.05
    onsets = [
        i / SAMPLE_RATE
        for i in np.nonzero(loud[1:] & ~loud[:-1])[0] + 1
        if not loud[i - 240 : i].any()
    ]
    assert len(onsets) == len(starts)
    for found, at in zip(onsets, starts, strict=True):
        assert found == pytest.approx(at * factor, abs=0.02)


def test_stretch_then_resample_raises_pitch_and_keeps_duration() -> None:
    """What the Kokoro provider does to a raised voice: the same length, the pitch raised."""
    source = voiced(1.0, f0=200.0)
    raised, factor = shift_pitch(stretch(source, 1.12), 1.12)
    assert len(raised) == pytest.approx(len(source), abs=2)
    assert factor == pytest.approx(1 / 1.12, rel=0.01)
    assert median_pitch(raised) == pytest.approx(224.0, rel=0.02)


def test_stretch_is_reproducible_and_handles_empty_and_tiny_input() -> None:
    source = voiced(0.7)
    assert stretch(source, 1.1).tobytes() == stretch(source, 1.1).tobytes()
    assert len(stretch(np.zeros(0, np.float32), 1.2)) == 0
    assert len(stretch(source[:10], 1.2)) == 12
