"""The rendered score, measured: length, loudness, ending, moods and transitions."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pyloudnorm
import pytest

from filmstudio.engine.errors import ToolMissingError
from filmstudio.engine.score import MusicSegment, compose_score
from tests.engine.score.scoring import (
    RATE,
    bass_share,
    centroid,
    dbfs,
    needs_fluidsynth,
    scored,
    seconds,
)

pytestmark = needs_fluidsynth


@pytest.mark.parametrize(("duration", "rate"), [(7.3, 48000), (12.34567, 44100), (0.3, 48000)])
def test_length_is_exact(duration: float, rate: int) -> None:
    audio = compose_score([MusicSegment(0, duration, "joyful")], duration, sample_rate=rate)
    assert audio.shape == (round(duration * rate), 2)
    assert audio.dtype == np.float32


def test_zero_length_film_has_no_samples() -> None:
    assert compose_score([], 0.0).shape == (0, 2)


@pytest.mark.parametrize("music", ["calm", "tense", "epic", "devotional"])
def test_loudness_is_minus_20_lufs_with_headroom(music: str) -> None:
    audio = scored(music)
    assert pyloudnorm.Meter(RATE).integrated_loudness(audio) == pytest.approx(-20.0, abs=0.5)
    assert 20 * np.log10(np.abs(audio).max()) < -1.0


def test_same_seed_same_score_other_seed_other_score() -> None:
    again = compose_score([], 16.0, music="calm", seed=0, sample_rate=RATE)
    assert np.array_equal(scored("calm"), again)
    other = scored("calm", seed=1)
    assert not np.allclose(scored("calm"), other, atol=1e-3)


@pytest.mark.parametrize("music", ["sad", "joyful", "mysterious", "romantic"])
def test_piece_ends_cleanly_on_the_last_sample(music: str) -> None:
    audio = scored(music)
    assert dbfs(seconds(audio, 3.0, 12.0)) > -35  # the body plays
    assert dbfs(audio[-round(0.05 * RATE) :]) < -60  # the last 50 ms have died away
    assert np.all(audio[-1] == 0)


def test_none_is_silence() -> None:
    audio = compose_score([MusicSegment(0, 9, "epic")], 9.0, music="none")
    assert audio.shape == (9 * RATE, 2)
    assert not audio.any()


def test_moods_sound_different() -> None:
    body = {m: seconds(scored(m), 3.0, 13.0) for m in ("calm", "tense", "joyful", "sad")}
    assert centroid(body["joyful"]) > 1.5 * centroid(body["sad"])  # bright and plucked
    assert bass_share(body["tense"]) > 2 * bass_share(body["calm"])  # low ostinato and pulses


def test_auto_changes_character_at_the_mood_boundary() -> None:
    audio = scored("auto", duration=20.0, moods=((0.0, "calm"), (10.0, "tense")))
    calm, tense = seconds(audio, 1.0, 9.5), seconds(audio, 11.0, 18.0)
    assert bass_share(tense) > 2 * bass_share(calm)
    # a transition, not a hole or a slam: sound runs through the cut at a similar level
    before, after = dbfs(seconds(audio, 9.6, 10.0)), dbfs(seconds(audio, 10.0, 10.4))
    assert before > -45 and after > -45
    assert abs(after - before) < 12


def test_forced_mood_ignores_the_scene_moods() -> None:
    segments = ((0.0, "calm"), (8.0, "tense"))
    forced = scored("joyful", moods=segments)
    assert np.array_equal(forced, scored("joyful"))


def test_missing_soundfont_is_a_tool_missing_error(tmp_path: Path) -> None:
    with pytest.raises(ToolMissingError, match="soundfont"):
        compose_score([], 5.0, soundfont=tmp_path / "missing.sf2")


def test_missing_fluidsynth_is_a_tool_missing_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "fluidsynth", None)  # import fluidsynth → ImportError
    with pytest.raises(ToolMissingError, match="FluidSynth is not installed"):
        compose_score([], 5.0, music="calm")
    assert not compose_score([], 5.0, music="none").any()  # silence needs no synthesizer
