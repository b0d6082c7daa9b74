"""The block-by-block film mix: the same sound as the whole-array mix, in bounded memory."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import numpy as np
import pytest
import soundfile

from filmstudio.engine import mix
from filmstudio.engine.plan import FilmPlan, Line, Scene, Setting
from filmstudio.engine.post import blocks, film_mixdown, voice_blocks, voice_track
from filmstudio.engine.post.ambience import ambience_block, ambience_for, ambience_track, bed
from filmstudio.engine.post.master import mix_film, scale_wav
from filmstudio.engine.timing import Timeline, fit_timeline
from tests.conftest import synthetic_speech

RATE = mix.SAMPLE_RATE


def _film(minutes_of_lines: int = 0) -> tuple[FilmPlan, Timeline]:
    """A temple scene (reverb tails), a phone call in the city and a quiet kitchen."""
    words = "one two three four five six seven eight nine ten"
    extra = [Line(text=words) for _ in range(minutes_of_lines * 6)]
    scenes = [
        Scene(scene_number=1, setting=Setting(place="temple"), dialogue=[Line(text=words)]),
        Scene(
            scene_number=2,
            setting=Setting(place="city", weather="rain"),
            dialogue=[Line(text=words, effect="phone"), *extra],
        ),
        Scene(
            scene_number=3,
            setting=Setting(place="kitchen", interior=True),
            dialogue=[Line(text="eleven twelve")],
        ),
    ]
    target = 30.0 + 60.0 * minutes_of_lines
    plan = FilmPlan(scenes=scenes, target_duration=target)
    speeches = [[synthetic_speech(line.text) for line in scene.dialogue] for scene in scenes]
    return fit_timeline(plan, speeches)


def _music(n: int, path: Path) -> Path:
    t = np.arange(n) / RATE
    tone = 0.2 * np.sin(2 * np.pi * 220 * t) * (1 + 0.5 * np.sin(2 * np.pi * 0.1 * t))
    np.save(path, np.stack([tone, 0.8 * tone], axis=1).astype(np.float32))
    return path


def _read(path: Path) -> np.ndarray:
    samples, rate = soundfile.read(path, dtype="float32", always_2d=True)
    assert rate == RATE
    return np.asarray(samples)


def test_block_mix_equals_the_whole_array_mix(tmp_path: Path) -> None:
    plan, timeline = _film()
    n = round(timeline.duration * RATE)
    music = _music(n, tmp_path / "music.npy")
    whole = film_mixdown(plan, timeline, np.load(music))
    files = mix_film(
        plan, timeline, music, tmp_path / "master.wav", stems=tmp_path / "stems", scratch=tmp_path
    )
    master = _read(files.master)
    assert master.shape == whole.master.shape
    assert np.max(np.abs(master - whole.master)) < 1e-6
    for name, stem in whole.stems().items():
        assert np.max(np.abs(_read(files.stems[name]) - stem)) < 1e-6
    assert np.any(whole.ambience) and np.any(whole.voice)  # every part was really there
    assert sorted(p.name for p in tmp_path.iterdir()) == ["master.wav", "music.npy", "stems"]


def test_block_mix_without_music_or_ambience_equals_the_whole_mix(tmp_path: Path) -> None:
    plan, timeline = _film()
    n = round(timeline.duration * RATE)
    whole = film_mixdown(plan, timeline, np.zeros((n, 2), np.float32), ambience=False)
    files = mix_film(plan, timeline, None, tmp_path / "master.wav", ambience=False)
    assert np.max(np.abs(_read(files.master) - whole.master)) < 1e-6
    assert files.stems == {}


def test_voice_and_ambience_blocks_join_into_the_whole_tracks() -> None:
    plan, timeline = _film()
    n = round(timeline.duration * RATE)
    block = 48_000  # lines and reverb tails straddle block edges
    joined = np.concatenate(list(voice_blocks(plan, timeline, block=block)))
    assert np.array_equal(joined, voice_track(plan, timeline))
    scenes = [(t.start, t.end, plan.scenes[t.index].setting) for t in timeline.scenes]
    air = [
        ambience_block(scenes, timeline.duration, RATE, plan.seed, start, stop)
        for start, stop in blocks.spans(n, block)
    ]
    whole = ambience_track(scenes, timeline.duration, RATE, plan.seed)
    assert np.max(np.abs(np.concatenate(air) - whole)) < 1e-6


def test_streaming_meter_and_peaks_match_the_whole_signal() -> None:
    rng = np.random.default_rng(4)
    n = 7 * RATE + 123
    swell = np.linspace(0.001, 0.4, n)[:, None]
    signal = (rng.standard_normal((n, 2)) * swell).astype(np.float32)

    def read(start: int, stop: int) -> np.ndarray:
        return signal[start:stop]

    assert blocks.measure(read, n, RATE, 2) == pytest.approx(mix.loudness(signal), abs=1e-4)
    peaks = [blocks.true_peaks(read, a, b, n) for a, b in blocks.spans(n, 40_000)]
    assert np.max(np.abs(np.concatenate(peaks) - mix._true_peaks(signal))) < 1e-9


@pytest.mark.slow
def test_a_long_mix_never_holds_the_whole_film(tmp_path: Path) -> None:
    plan, timeline = _film(minutes_of_lines=2)
    n = round(timeline.duration * RATE)
    music = _music(n, tmp_path / "music.npy")
    whole_stereo = n * 2 * 4  # one film-long stereo float32 track
    # the ambience loops are made once per process (24 s each, whatever the film's length)
    for kind in {kind for scene in plan.scenes for kind in ambience_for(scene.setting)}:
        bed(kind, RATE, plan.seed)
    tracemalloc.start()
    try:
        mix_film(plan, timeline, music, tmp_path / "master.wav", hops_per_block=100)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert timeline.duration > 140
    assert peak < whole_stereo / 5  # the old mix held several film-long arrays at once
    master = _read(tmp_path / "master.wav")
    assert len(master) == n
    assert mix.loudness(master) == pytest.approx(mix.TARGET_LUFS, abs=0.5)


def test_scale_wav_turns_the_master_down(tmp_path: Path) -> None:
    path = tmp_path / "master.wav"
    samples = np.random.default_rng(1).uniform(-0.5, 0.5, (70_000, 2)).astype(np.float32)
    soundfile.write(path, samples, RATE, subtype="FLOAT")
    scale_wav(path, 0.5)
    assert np.array_equal(_read(path), samples * np.float32(0.5))
