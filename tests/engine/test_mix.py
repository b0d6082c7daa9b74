from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile

from filmstudio.engine import mix
from filmstudio.engine.timing import Timeline, fit_timeline
from tests.conftest import small_plan, synthetic_speech

RATE = mix.SAMPLE_RATE


def _music(seconds: float, level: float = 0.2) -> np.ndarray:
    t = np.arange(round(seconds * RATE)) / RATE
    tone = level * (np.sin(2 * np.pi * 220 * t) + 0.5 * np.sin(2 * np.pi * 330 * t))
    return np.stack([tone, tone], axis=1).astype(np.float32)


def _timeline() -> Timeline:
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


def _spans(timeline: Timeline, margin: float = 0.3) -> tuple[np.ndarray, np.ndarray]:
    """Masks of samples well inside speech, and well away from it (gaps)."""
    n = round(timeline.duration * RATE)
    inside = np.zeros(n, dtype=bool)
    near = np.zeros(n, dtype=bool)
    for line in timeline.lines:
        inside[round((line.start + margin) * RATE) : round((line.end - margin) * RATE)] = True
        near[max(0, round((line.start - 1.5) * RATE)) : round((line.end + 1.5) * RATE)] = True
    return inside, ~near


def _noise_music(seconds: float, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return (0.1 * rng.standard_normal((round(seconds * RATE), 2))).astype(np.float32)


def test_mixdown_stems_add_up_to_the_master_and_hit_the_targets() -> None:
    timeline = _timeline()
    n = round(timeline.duration * RATE)
    air = _noise_music(timeline.duration, seed=2) * 0.3
    mixed = mix.mixdown(mix.speech_track(timeline), _music(timeline.duration, 0.9), air)
    stems = mixed.stems()
    assert list(stems) == ["voice", "ambience", "music"]
    assert all(s.shape == (n, 2) and s.dtype == np.float32 for s in stems.values())
    total = stems["voice"] + stems["ambience"] + stems["music"]
    assert np.max(np.abs(total - mixed.master)) < 1e-6
    assert mix.loudness(mixed.master) == pytest.approx(mix.TARGET_LUFS, abs=1.0)
    assert mix.true_peak_db(mixed.master) <= mix.TRUE_PEAK_DBTP
    assert np.any(stems["ambience"]) and np.any(stems["music"])


def test_speech_stays_on_top_measured_in_the_mix() -> None:
    timeline = _timeline()
    mixed = mix.mixdown(
        mix.speech_track(timeline),
        _noise_music(timeline.duration),
        _noise_music(timeline.duration, seed=3),
    )
    inside, gaps = _spans(timeline)
    assert inside.sum() > RATE and gaps.sum() > RATE

    def level(stem: np.ndarray, mask: np.ndarray) -> float:
        return float(10 * np.log10(np.mean(np.square(stem[mask], dtype=np.float64))))

    music_under, music_gap = level(mixed.music, inside), level(mixed.music, gaps)
    voice_level = level(mixed.voice, inside)
    assert music_gap - music_under >= 9  # ducked at least 9 dB while anyone speaks
    assert voice_level - music_under >= 9  # and at least 9 dB under the voice itself
    assert voice_level - level(mixed.ambience, inside) >= 15


def test_mixdown_without_speech_puts_ambience_under_the_music() -> None:
    music = _noise_music(20)
    air = _noise_music(20, seed=4)
    mixed = mix.mixdown(np.zeros(len(music), np.float32), music, air)
    assert mix.loudness(mixed.master) == pytest.approx(mix.TARGET_LUFS, abs=1.0)
    gap = mix.loudness(mixed.music) - mix.loudness(mixed.ambience)
    assert gap == pytest.approx(-mix.AMBIENCE_UNDER_MUSIC_DB, abs=1.0)
    assert not np.any(mixed.voice)


def test_write_stems_writes_three_float_wavs(tmp_path: Path) -> None:
    timeline = _timeline()
    mixed = mix.mixdown(mix.speech_track(timeline), _music(timeline.duration, 0.3))
    written = mix.write_stems(mixed, tmp_path / "stems")
    assert sorted(p.name for p in written.values()) == ["ambience.wav", "music.wav", "voice.wav"]
    back = {name: soundfile.read(path, dtype="float32")[0] for name, path in written.items()}
    assert np.array_equal(back["voice"], mixed.voice)
    assert not list((tmp_path / "stems").glob(".*"))  # no temp files left behind
    with pytest.raises(ValueError, match="ambience must be stereo"):
        mix.mixdown(mix.speech_track(timeline), mixed.music, mixed.music[:-1])
