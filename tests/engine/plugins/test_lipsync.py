from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import pytest

from filmstudio.engine.animate.lipsync import (
    LIPSYNCERS,
    MODEL_ENV,
    FakeLipSyncer,
    LipSyncer,
    MelSettings,
    TorchScriptLipSyncer,
    face_crop,
    get_lipsyncer,
    lipsyncer_class,
    mel_spectrogram,
    mel_windows,
)
from filmstudio.engine.errors import ChoiceError, ImageError, InputError
from tests.engine.plugins.fallback import warned_once
from tests.engine.plugins.tiny import tiny_lipsync

RATE = 16_000


def portrait(h: int = 72, w: int = 64) -> np.ndarray:
    rng = np.random.default_rng(1)
    return rng.integers(0, 256, (h, w, 3), dtype=np.uint8)


def tone(seconds: float, rate: int = RATE, hz: float = 220.0) -> np.ndarray:
    t = np.arange(round(seconds * rate)) / rate
    voice = sum(np.sin(2 * np.pi * hz * k * t) / k for k in range(1, 8))
    return (0.3 * voice).astype(np.float32)


def test_mel_spectrogram_matches_wav2lip_conventions() -> None:
    settings = MelSettings()
    silence = mel_spectrogram(np.zeros(RATE, np.float32), RATE, settings)
    assert silence.shape == (80, 81)  # centred frames: 1 + 16000 // 200
    assert np.all(silence == -4.0)
    t = np.arange(RATE) / RATE
    sine = mel_spectrogram((0.5 * np.sin(2 * np.pi * 1000 * t)).astype(np.float32), RATE, settings)
    loudest = int(np.argmax(sine[:, 40]))
    # Slaney mels: 55 Hz is 0.825, 7.6 kHz is 44.49, 1 kHz is 15; 82 edges 0.539 apart put
    # 1 kHz at edge 26.3, the centre of band 25.3
    assert loudest == 25, loudest
    assert sine.max() <= 4.0 and sine[loudest, 40] > 1.0
    # the same second at 48 kHz is resampled to the model's 16 kHz first
    t48 = np.arange(48_000) / 48_000
    sine48 = (0.5 * np.sin(2 * np.pi * 1000 * t48)).astype(np.float32)
    resampled = mel_spectrogram(sine48, 48_000, settings)
    assert resampled.shape == sine.shape and int(np.argmax(resampled[:, 40])) == loudest


def test_mel_windows_follow_the_frames() -> None:
    settings = MelSettings()
    mel = np.arange(80 * 30, dtype=np.float32).reshape(80, 30)
    windows = mel_windows(mel, 10, 25, settings, 16)
    assert windows.shape == (10, 80, 16)
    assert np.array_equal(windows[1], mel[:, 3:19])  # 80 mel frames a second / 25 fps
    assert np.array_equal(windows[9], mel[:, 14:30])  # past the end: the last full window
    short = mel_windows(mel[:, :5], 2, 25, settings, 16)
    assert np.all(short[0, :, 5:] == -4.0)  # padded with silence


def test_face_crop() -> None:
    assert face_crop(100, 200, (0.25, 0.1, 0.75, 0.5), 0.1) == (50, 10, 150, 54)
    x0, y0, x1, y1 = face_crop(100, 100, None, 0.0)
    assert x1 - x0 == y1 - y0 == 50 and (x0 + x1) / 2 == 50
    with pytest.raises(InputError, match="face box"):
        face_crop(100, 100, (0.5, 0.1, 0.4, 0.9), 0.0)
    with pytest.raises(InputError, match="face box"):
        TorchScriptLipSyncer(face_box=(0.0, 0.0, 1.5, 1.0))


@pytest.mark.parametrize("frames_per_window", [1, 3])
def test_tiny_model_animates_the_face_with_the_voice(
    tmp_path: Path, frames_per_window: int
) -> None:
    folder = tiny_lipsync(tmp_path / "wav2lip", frames_per_window=frames_per_window)
    syncer = TorchScriptLipSyncer(model=folder, face_box=(0.25, 0.2, 0.75, 0.6))
    face = portrait()
    voice = np.concatenate([np.zeros(RATE // 2, np.float32), tone(0.7)])  # 1.2 s, speech at 0.5
    frames = list(syncer.animate(face, voice, RATE, 25))
    assert syncer.unavailable is None
    assert len(frames) == 30  # 1.2 s × 25 fps
    assert all(f.shape == face.shape and f.dtype == np.uint8 for f in frames)
    x0, y0, x1, y1 = face_crop(72, 64, (0.25, 0.2, 0.75, 0.6), 0.1)
    outside = np.ones(face.shape[:2], bool)
    outside[y0:y1, x0:x1] = False
    for frame in frames:
        assert np.array_equal(frame[outside], face[outside])  # only the face is repainted
        assert not np.array_equal(frame[y0:y1, x0:x1], face[y0:y1, x0:x1])
    silent = list(syncer.animate(face, np.zeros(round(1.2 * RATE), np.float32), RATE, 25))
    # before the voice starts the frames are the silent ones; once it speaks they differ
    assert np.array_equal(frames[2], silent[2])
    assert not np.array_equal(frames[20], silent[20])
    assert np.array_equal(silent[5], silent[25])  # silence is silence at any time


def test_frames_at_other_rates_and_stereo(tmp_path: Path) -> None:
    syncer = TorchScriptLipSyncer(model=tiny_lipsync(tmp_path / "m"))
    stereo = np.repeat(tone(1.3, 24_000)[:, None], 2, axis=1)
    frames = list(syncer.animate(portrait(48, 80), stereo, 24_000, 30))
    assert len(frames) == 39 and frames[0].shape == (48, 80, 3)
    assert list(syncer.animate(portrait(), np.zeros(0, np.float32), RATE, 25)) == []


def test_model_folder_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MODEL_ENV, str(tiny_lipsync(tmp_path / "env")))
    syncer = TorchScriptLipSyncer()
    assert syncer.loaded() is not None


def _falls_back(syncer: TorchScriptLipSyncer, caplog: pytest.LogCaptureFixture) -> str:
    face, voice = portrait(), tone(0.4)
    with caplog.at_level(logging.WARNING, logger="filmstudio.engine.animate.lipsync"):
        frames = list(syncer.animate(face, voice, RATE, 25))
        list(syncer.animate(face, voice, RATE, 25))
    expected = list(FakeLipSyncer().animate(face, voice, RATE, 25))
    assert len(frames) == 10 and all(
        np.array_equal(a, b) for a, b in zip(frames, expected, strict=True)
    )
    return warned_once(caplog, syncer, "using the fake lip-syncer")


def test_falls_back_when_the_model_is_unavailable(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(MODEL_ENV, raising=False)
    assert MODEL_ENV in _falls_back(TorchScriptLipSyncer(fallback="fake"), caplog)
    caplog.clear()
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "no model.pt" in _falls_back(TorchScriptLipSyncer(empty, fallback="fake"), caplog)
    caplog.clear()
    (empty / "model.pt").write_bytes(b"not a model")
    assert "no config.json" in _falls_back(TorchScriptLipSyncer(empty, fallback="fake"), caplog)
    caplog.clear()
    (empty / "config.json").write_text(json.dumps({"face_size": 2}))
    reason = _falls_back(TorchScriptLipSyncer(empty, fallback="fake"), caplog)
    assert "face_size" in reason
    caplog.clear()
    (empty / "config.json").write_text("{}")
    reason = _falls_back(TorchScriptLipSyncer(empty, fallback="fake"), caplog)
    assert "cannot be loaded" in reason


def test_bad_inputs_are_refused(tmp_path: Path) -> None:
    syncer = TorchScriptLipSyncer(model=tiny_lipsync(tmp_path / "m"))
    with pytest.raises(ImageError, match="RGB"):
        next(syncer.animate(portrait()[..., 0], tone(0.2), RATE, 25))
    with pytest.raises(InputError, match="positive"):
        next(syncer.animate(portrait(), tone(0.2), RATE, 0))


def test_registry_and_fake_twin() -> None:
    assert LIPSYNCERS["procedural"] == "filmstudio.engine.animate.talker:ProceduralTalker"
    assert lipsyncer_class("procedural").name == "procedural"  # imported only when asked for
    assert lipsyncer_class("torchscript") is TorchScriptLipSyncer
    fake: LipSyncer = get_lipsyncer(" FAKE ")
    assert isinstance(fake, FakeLipSyncer)
    voice = np.concatenate([np.zeros(RATE // 2, np.float32), tone(0.5)])
    frames = list(fake.animate(portrait(), voice, RATE, 10))
    assert len(frames) == 10
    mouth = [float(f[44:51, 25:38].mean()) for f in frames]
    assert max(mouth[6:]) < min(mouth[:5])  # darker (open) while the voice sounds
    chosen = get_lipsyncer("torchscript", model="/nowhere", fallback="fake")
    assert isinstance(chosen, TorchScriptLipSyncer) and chosen.fallback == "fake"
    with pytest.raises(ChoiceError, match="Unknown lip-sync engine 'sadtalker'"):
        get_lipsyncer("sadtalker")
    with pytest.raises(ChoiceError, match="does not take"):
        get_lipsyncer("fake", model="x")
