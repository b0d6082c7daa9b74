"""User-uploaded music: decoded by ffmpeg, cleaned, trimmed or looped to the film's length."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
import soundfile

from filmstudio.engine.errors import InputError
from filmstudio.engine.score.cues import join_cues
from filmstudio.engine.score.loudness import loudness
from filmstudio.engine.score.user import MusicFileError, fit_length, load_user_music
from tests.engine.score.scoring import RATE, dbfs, envelope_db

needs_ffmpeg = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg not installed")


def _song(seconds: float, rate: int = 44100) -> np.ndarray:
    """Chords changing every half second with a steady beat, so gaps and seams would show."""
    t = np.arange(round(seconds * rate)) / rate
    roots = np.array([220.0, 262.0, 196.0, 247.0])[(t * 2).astype(int) % 4]
    phase = 2 * np.pi * np.cumsum(roots) / rate
    tone = 0.25 * (np.sin(phase) + 0.5 * np.sin(1.5 * phase) + 0.3 * np.sin(2 * phase))
    beat = 0.15 * np.exp(-((t * 2) % 1) * 20) * np.sin(2 * np.pi * 60 * t)
    left = tone + beat
    return np.stack([left, 0.9 * left], axis=1).astype(np.float32)


def _write(path: Path, audio: np.ndarray, rate: int = 44100) -> Path:
    if path.suffix == ".mp3":
        wav = path.with_suffix(".src.wav")
        soundfile.write(wav, audio, rate)
        subprocess.run(
            ["ffmpeg", "-v", "error", "-y", "-i", str(wav), "-b:a", "192k", str(path)], check=True
        )
    else:
        soundfile.write(path, audio, rate)
    return path


@needs_ffmpeg
@pytest.mark.parametrize("suffix", [".mp3", ".wav", ".ogg"])
def test_a_short_track_is_looped_to_the_exact_length(tmp_path: Path, suffix: str) -> None:
    track = _write(tmp_path / f"song{suffix}", _song(6.0))
    duration = 20.013
    music = load_user_music(track, duration, RATE)
    assert music.shape == (round(duration * RATE), 2)
    assert music.dtype == np.float32
    assert loudness(music, RATE) == pytest.approx(-20.0, abs=0.5)
    assert np.all(music[-1] == 0)
    assert dbfs(music[-round(0.05 * RATE) :]) < -50  # faded out, not cut
    # no hole and no bump at the loop seams (about every 4-6 s): the level stays steady
    body = envelope_db(music[round(1.0 * RATE) : round(16.0 * RATE)], 0.1)
    assert body.max() - body.min() < 6


@needs_ffmpeg
def test_a_long_track_is_trimmed_and_faded(tmp_path: Path) -> None:
    track = _write(tmp_path / "long.wav", _song(30.0))
    music = load_user_music(track, 9.5, RATE)
    assert music.shape == (round(9.5 * RATE), 2)
    assert dbfs(music[: round(0.01 * RATE)]) < dbfs(music[RATE : 2 * RATE]) - 10  # fades in
    fade = envelope_db(music[round(7.2 * RATE) :], 0.1)
    assert np.all(np.diff(fade[:-1]) < 0.5)  # the fade-out only falls


def test_loop_points_cross_fade_with_equal_power() -> None:
    rng = np.random.default_rng(0)
    source = (0.1 * rng.standard_normal((RATE, 2))).astype(np.float32)
    looped = fit_length(source, 5 * RATE, RATE, crossfade=0.2)
    assert looped.shape == (5 * RATE, 2)
    level = envelope_db(looped, 0.05)
    assert level.max() - level.min() < 2.5  # uncorrelated noise keeps its power through seams
    assert np.array_equal(fit_length(source, RATE // 2, RATE), source[: RATE // 2])


@needs_ffmpeg
def test_unreadable_missing_and_silent_files_get_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "song.mp3"
    bogus.write_text("this is not music")
    with pytest.raises(MusicFileError, match=r"song\.mp3 cannot be read as audio") as caught:
        load_user_music(bogus, 10.0, RATE)
    assert isinstance(caught.value, InputError)
    assert "MP3, WAV or OGG" in caught.value.message
    picture = tmp_path / "cover.jpg"
    picture.write_bytes(b"\xff\xd8\xff")
    with pytest.raises(MusicFileError, match="upload an MP3, WAV or OGG"):
        load_user_music(picture, 10.0, RATE)
    with pytest.raises(MusicFileError, match="does not exist"):
        load_user_music(tmp_path / "missing.ogg", 10.0, RATE)
    silent = _write(tmp_path / "quiet.wav", np.zeros((44100, 2), np.float32))
    with pytest.raises(MusicFileError, match="silent"):
        load_user_music(silent, 10.0, RATE)


def test_cues_join_with_cross_fades_and_exact_length() -> None:
    t = np.arange(12 * RATE) / RATE
    low = np.repeat((0.2 * np.sin(2 * np.pi * 220 * t))[:, None], 2, axis=1).astype(np.float32)
    high = np.repeat((0.2 * np.sin(2 * np.pi * 660 * t))[:, None], 2, axis=1).astype(np.float32)
    joined = join_cues([(6.0, high), (0.0, low)], 10.0, RATE, crossfade=1.0)
    assert joined.shape == (10 * RATE, 2)
    assert np.all(joined[-1] == 0)
    level = envelope_db(joined[: 8 * RATE], 0.05)
    assert level.max() - level.min() < 3.5  # no hole at the cut
    spectrum_before = np.abs(np.fft.rfft(joined[4 * RATE : 5 * RATE, 0]))
    spectrum_after = np.abs(np.fft.rfft(joined[7 * RATE : 8 * RATE, 0]))
    assert np.argmax(spectrum_before) == 220 and np.argmax(spectrum_after) == 660
    midway = joined[round(6.0 * RATE) - 2400 : round(6.0 * RATE) + 2400, 0]
    mid_spectrum = np.abs(np.fft.rfft(midway))
    assert mid_spectrum[220 // 10] > 0.3 * mid_spectrum.max()  # both play across the cut
    assert mid_spectrum[660 // 10] > 0.3 * mid_spectrum.max()
