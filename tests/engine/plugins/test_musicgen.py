from __future__ import annotations

import logging
import sys
from pathlib import Path

import numpy as np
import pyloudnorm
import pytest

from filmstudio.engine.errors import ChoiceError
from filmstudio.engine.score import FakeMusic, MusicProvider, MusicSegment
from filmstudio.engine.score.musicgen import (
    MODEL_ENV,
    MusicGenMusic,
    chunk_lengths,
    crossfade_join,
    music_prompt,
)
from tests.engine.plugins.fallback import warned_once

RATE = 16_000


def test_prompts_name_the_mood_and_the_band() -> None:
    sad = music_prompt("sad", None)
    assert "sad mood" in sad and "cello" in sad and "no vocals" in sad
    piano = music_prompt("tense", "piano")
    assert piano.startswith("piano film score, tense mood") and "Solo piano" in piano


def test_chunks_cover_the_length_with_overlaps() -> None:
    assert chunk_lengths(20.0, 30.0, 1.5) == [20.0]
    lengths = chunk_lengths(70.0, 30.0, 1.5)
    assert len(lengths) == 3 and max(lengths) <= 30.0
    assert sum(lengths) - 2 * 1.5 == pytest.approx(70.0)
    a = np.ones((10, 1), np.float32)
    joined = crossfade_join([a, a, a], 4)
    assert joined.shape == (22, 1)
    # equal-power: the two halves sum to more than 1 in the middle, never to silence
    assert joined.min() > 0.99 and joined.max() <= np.sqrt(2) + 1e-6


def test_tiny_model_scores_the_exact_length(musicgen_folder: Path) -> None:
    provider: MusicProvider = MusicGenMusic(model=musicgen_folder)
    segments = [MusicSegment(0.0, 3.0, "calm"), MusicSegment(3.0, 5.3, "tense")]
    audio = provider.compose(segments, 5.3, sample_rate=RATE)
    assert isinstance(provider, MusicGenMusic) and provider.unavailable is None
    assert audio.shape == (round(5.3 * RATE), 2) and audio.dtype == np.float32
    assert np.all(audio[-1] == 0)
    assert pyloudnorm.Meter(RATE).integrated_loudness(audio) == pytest.approx(-20, abs=1.0)
    assert np.abs(audio).max() < 1.0
    again = provider.compose(segments, 5.3, sample_rate=RATE)
    assert np.array_equal(audio, again)  # same seed, same music
    assert not np.array_equal(audio, provider.compose(segments, 5.3, seed=1, sample_rate=RATE))


def test_long_runs_are_written_in_chunks(musicgen_folder: Path) -> None:
    provider = MusicGenMusic(model=musicgen_folder)
    model, _ = provider.loaded() or (None, None)
    # 60 tokens at 25 frames a second, less the delay of the 2 codebooks and the start token
    assert provider.max_seconds(model) == pytest.approx(57 / 25)
    audio = provider.generate("calm", 5.0, 0, 48_000)  # three chunks of the tiny model
    assert audio.shape == (5 * 48_000, 2) and np.abs(audio).max() > 0
    assert np.array_equal(audio[:, 0], audio[:, 1])  # mono model, both channels
    assert MusicGenMusic(model=musicgen_folder, max_chunk=4.0).max_seconds(model) == 4.0


def test_the_prompt_reaches_the_model(musicgen_folder: Path) -> None:
    provider = MusicGenMusic(model=musicgen_folder)
    calm = provider.compose([], 2.0, music="calm", sample_rate=RATE)
    tense = provider.compose([], 2.0, music="tense", sample_rate=RATE)
    piano = provider.compose([], 2.0, music="piano:calm", sample_rate=RATE)
    assert not np.array_equal(calm, tense) and not np.array_equal(calm, piano)


def test_silence_and_bad_choices_need_no_model(tmp_path: Path) -> None:
    provider = MusicGenMusic(model=tmp_path / "nowhere")
    assert not provider.compose([], 3.0, music="none", sample_rate=RATE).any()
    assert provider.compose([], 0.0, sample_rate=RATE).shape == (0, 2)
    with pytest.raises(ChoiceError):
        provider.compose([], 3.0, music="polka")
    assert provider.unavailable is None  # never even tried to load
    with pytest.raises(ChoiceError):
        MusicGenMusic(max_chunk=0)


def _falls_back(provider: MusicGenMusic, caplog: pytest.LogCaptureFixture) -> str:
    segments = [MusicSegment(0, 4, "joyful")]
    with caplog.at_level(logging.WARNING, logger="filmstudio.engine.score.musicgen"):
        audio = provider.compose(segments, 4.0, sample_rate=RATE)
        provider.compose(segments, 4.0, sample_rate=RATE)
    assert np.array_equal(audio, FakeMusic().compose(segments, 4.0, sample_rate=RATE))
    return warned_once(caplog, provider, "using the fake music")


def test_falls_back_when_unavailable(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(MODEL_ENV, raising=False)
    assert MODEL_ENV in _falls_back(MusicGenMusic(fallback="fake"), caplog)
    caplog.clear()
    missing = MusicGenMusic(model=tmp_path / "nowhere", fallback="fake")
    assert "does not exist" in _falls_back(missing, caplog)
    caplog.clear()
    assert "cannot be loaded" in _falls_back(MusicGenMusic(tmp_path, fallback="fake"), caplog)


def test_falls_back_without_transformers(
    musicgen_folder: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "transformers", None)
    reason = _falls_back(MusicGenMusic(musicgen_folder, fallback="fake"), caplog)
    assert "transformers is not installed" in reason


def test_model_folder_from_the_environment(
    musicgen_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(MODEL_ENV, str(musicgen_folder))
    provider = MusicGenMusic()
    assert provider.model == musicgen_folder and provider.loaded() is not None
    key = provider.cache_key()
    assert key["model"] == str(musicgen_folder) and key["model_time"] is not None
    assert key != MusicGenMusic(guidance=1.0).cache_key()
    assert MusicGenMusic().fallback == "composed"
