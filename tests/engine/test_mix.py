from __future__ import annotations

import numpy as np
import pytest

from filmstudio.engine import mix
from filmstudio.engine.timing import fit_timeline
from tests.conftest import small_plan, synthetic_speech

RATE = mix.SAMPLE_RATE


def _music(seconds: float, level: float = 0.2) -> np.ndarray:
    t = np.arange(round(seconds * RATE)) / RATE
    tone = level * (np.sin(2 * np.pi * 220 * t) + 0.5 * np.sin(2 * np.pi * 330 * t))
    return np.stack([tone, tone], axis=1).astype(np.float32)


def _timeline():  # type: ignore[no-untyped-def]
    texts = [["one two three four five six seven eight"], ["nine ten eleven twelve"]]
    plan = small_plan(texts, 30)
    return fit_timeline(plan, [[synthetic_speech(t) for t in s] for s in texts])[1]


def test_speech_track_places_lines_at_their_start() -> None:
    timeline = _timeline()
    track = mix.speech_track(timeline)
    assert len(track) == round(timeline.duration * RATE)
    first = timeline.lines[0]
    before = track[: round(first.start * RATE) - 10]
    during = track[round(first.start * RATE) : round(first.end * RATE)]
    assert np.max(np.abs(before)) == 0
    assert np.max(np.abs(during)) > 0.1


def test_master_hits_loudness_and_true_peak_targets() -> None:
    timeline = _timeline()
    out = mix.master(mix.speech_track(timeline), _music(timeline.duration, 0.9))
    assert out.shape == (round(timeline.duration * RATE), 2)
    assert mix.loudness(out) == pytest.approx(mix.TARGET_LUFS, abs=0.5)
    assert mix.true_peak_db(out) <= mix.TRUE_PEAK_DBTP


def test_music_alone_is_mastered_too() -> None:
    music = _music(30, 0.05)
    out = mix.master(np.zeros(len(music), dtype=np.float32), music)
    assert mix.loudness(out) == pytest.approx(mix.TARGET_LUFS, abs=0.5)


def test_music_ducks_at_least_9_db_under_speech_and_recovers_in_gaps() -> None:
    speech = np.zeros(10 * RATE, dtype=np.float32)
    t = np.arange(3 * RATE) / RATE
    speech[2 * RATE : 5 * RATE] = 0.3 * np.sin(2 * np.pi * 200 * t)
    gain_db = 20 * np.log10(mix.duck_envelope(speech))
    assert np.max(gain_db[int(2.3 * RATE) : int(4.9 * RATE)]) <= -9
    assert np.min(gain_db[int(8 * RATE) :]) > -1
    assert gain_db[int(1.95 * RATE)] < -3  # the dip starts before the voice


def test_limiter_caps_peaks_without_touching_quiet_audio() -> None:
    quiet = _music(2, 0.1)
    assert np.allclose(mix.limit(quiet, -1.0), quiet, atol=1e-6)
    loud = _music(2, 2.0)
    assert np.max(np.abs(mix.limit(loud, -1.0))) <= 10 ** (-1 / 20) + 1e-3


def test_resample_keeps_duration() -> None:
    clip = np.ones(24_000, dtype=np.float32)
    assert len(mix.resample(clip, 24_000)) == RATE
