"""Lip-sync: a portrait and a voice in, one frame per video frame out, mouth moving with speech.

The offline default is the procedural talker (visemes, blinks, head motion). For a real model a
user exports Wav2Lip (or any model with its inputs) to TorchScript and points us at a folder
with ``model.pt`` and ``config.json``; TorchScript needs only torch at run time, not the
model's source code. Third-party packages add lip-syncers under the ``filmstudio.lipsync``
entry-point group. torch is imported only when a model is loaded, so the engine runs without it.
"""

from __future__ import annotations

import importlib
import json
import logging
import math
from collections.abc import Iterator
from functools import lru_cache
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, Literal, Protocol

import cv2
import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from scipy.signal import resample_poly

from filmstudio.engine.errors import ChoiceError, ImageError, InputError, RenderError
from filmstudio.engine.plan import first_problem
from filmstudio.engine.plugins import ModelUnavailable, OptionalModel, build, model_folder

logger = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "filmstudio.lipsync"
MODEL_ENV = "FILMSTUDIO_LIPSYNC_MODEL"

U8 = NDArray[np.uint8]
F32 = NDArray[np.float32]


class LipSyncer(Protocol):
    """Anything that animates a portrait to a voice: one (H, W, 3) RGB frame per video frame."""

    name: str

    def animate(self, portrait: U8, samples: F32, sample_rate: int, fps: int) -> Iterator[U8]: ...


#: Our lip-syncers by name, as import strings so nothing heavy loads until one is chosen.
LIPSYNCERS: dict[str, str] = {
    "procedural": "filmstudio.engine.animate.talker:ProceduralTalker",
    "torchscript": "filmstudio.engine.animate.lipsync:TorchScriptLipSyncer",
    "fake": "filmstudio.engine.animate.lipsync:FakeLipSyncer",
}
DEFAULT_LIPSYNCER = "procedural"


def _import(target: str) -> type[LipSyncer]:
    module, _, attr = target.partition(":")
    loaded: type[LipSyncer] = getattr(importlib.import_module(module), attr)
    return loaded


def lipsyncer_class(name: str) -> type[LipSyncer]:
    """The class called `name`: ours first, then installed packages'; ChoiceError if none."""
    key = name.strip().lower()
    if key in LIPSYNCERS:
        return _import(LIPSYNCERS[key])
    for point in entry_points(group=ENTRY_POINT_GROUP):
        if point.name == key:
            loaded: type[LipSyncer] = point.load()
            return loaded
    known = sorted({*LIPSYNCERS, *(p.name for p in entry_points(group=ENTRY_POINT_GROUP))})
    raise ChoiceError(f"Unknown lip-sync engine '{name}'. Choose one of: {', '.join(known)}.")


def get_lipsyncer(name: str, **options: Any) -> LipSyncer:
    """A new lip-syncer called `name`, built with `options`."""
    return build(lipsyncer_class(name), options, f"lip-sync engine '{name}'")


def frame_count(samples: F32, sample_rate: int, fps: int) -> int:
    """Video frames for this much audio: round(duration × fps), as the timeline counts them."""
    return round(len(samples) * fps / sample_rate)


def _check(portrait: U8, samples: F32, sample_rate: int, fps: int) -> F32:
    """Validate the inputs every lip-syncer shares; the voice as mono float32."""
    if portrait.ndim != 3 or portrait.shape[2] != 3 or portrait.dtype != np.uint8:
        raise ImageError(
            f"A portrait must be an RGB image of 8-bit pixels (got shape {portrait.shape}, "
            f"{portrait.dtype})."
        )
    if sample_rate <= 0 or fps <= 0:
        raise InputError(f"Sample rate and frame rate must be positive ({sample_rate}, {fps}).")
    audio = np.asarray(samples, dtype=np.float32)
    if audio.ndim == 2:
        audio = audio.mean(axis=1, dtype=np.float32)
    if audio.ndim != 1:
        raise InputError(f"Speech must be mono or (samples, channels) audio (got {audio.shape}).")
    return audio


class FakeLipSyncer:
    """A dark 'mouth' box that opens with loudness: instant frames for other stages' tests."""

    name = "fake"

    def animate(self, portrait: U8, samples: F32, sample_rate: int, fps: int) -> Iterator[U8]:
        audio = _check(portrait, samples, sample_rate, fps)
        h, w = portrait.shape[:2]
        y0 = int(h * 0.62)
        y1, x0, x1 = max(int(h * 0.72), y0 + 1), w * 2 // 5, w * 3 // 5
        for i in range(frame_count(audio, sample_rate, fps)):
            chunk = audio[i * sample_rate // fps : (i + 1) * sample_rate // fps]
            rms = float(np.sqrt(np.mean(np.square(chunk)))) if len(chunk) else 0.0
            frame = portrait.copy()
            opening = min(1.0, rms * 8.0)
            frame[y0:y1, x0:x1] = (frame[y0:y1, x0:x1] * (1.0 - 0.8 * opening)).astype(np.uint8)
            yield frame


class MelSettings(BaseModel):
    """How the model's training code computed mel spectrograms (Wav2Lip's hparams by default)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sample_rate: int = Field(16000, gt=0)
    n_fft: int = Field(800, gt=0)
    hop_length: int = Field(200, gt=0)
    win_length: int = Field(800, gt=0)
    n_mels: int = Field(80, gt=0)
    fmin: float = Field(55.0, ge=0)
    fmax: float = Field(7600.0, gt=0)
    preemphasis: float = Field(0.97, ge=0, lt=1)
    min_level_db: float = Field(-100.0, lt=0)
    ref_level_db: float = 20.0
    max_abs_value: float = Field(4.0, gt=0)
    symmetric: bool = True


class LipSyncConfig(BaseModel):
    """``config.json`` beside ``model.pt``: what the exported model expects.

    The model is called ``model(mel, faces)`` like Wav2Lip. With one frame per window, mel is
    (B, 1, n_mels, mel_step) and faces (B, 6, S, S): the face with its lower half blanked,
    then the whole reference face, in 0..1; it returns (B, 3, S, S). With T > 1 frames per
    window mel is (B, T, 1, n_mels, mel_step), faces (B, 6, T, S, S), the result (B, 3, T, S, S).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    face_size: int = Field(96, ge=8)
    mel: MelSettings = MelSettings()
    mel_step: int = Field(16, gt=0)
    frames_per_window: int = Field(1, ge=1)
    batch_size: int = Field(16, ge=1)
    channels: Literal["bgr", "rgb"] = "bgr"
    mask_lower_half: bool = True
    #: The face in the portrait as fractions (x0, y0, x1, y1); None: a centred default.
    face_box: tuple[float, float, float, float] | None = None
    #: Extra rows below the box (fraction of its height): Wav2Lip's chin padding.
    chin_pad: float = Field(0.1, ge=0)


def load_config(folder: Path) -> LipSyncConfig:
    """Read and check a model folder's config.json, with a sentence for each way it is wrong."""
    path = folder / "config.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"The lip-sync model folder {folder} has no config.json.") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"The lip-sync config {path} cannot be read: {exc}.") from exc
    try:
        return LipSyncConfig.model_validate(data)
    except ValidationError as exc:
        raise InputError(f"The lip-sync config {path} is not valid: {first_problem(exc)}.") from exc


@lru_cache(maxsize=8)
def mel_filterbank(settings: MelSettings) -> F32:
    """Slaney-style triangular mel filters (librosa's default), shape (n_mels, n_fft/2 + 1)."""

    def to_mel(hz: NDArray[np.float64]) -> NDArray[np.float64]:
        linear = hz / (200.0 / 3)
        log = 15.0 + np.log(np.maximum(hz, 1e-10) / 1000.0) / (np.log(6.4) / 27.0)
        return np.where(hz >= 1000.0, log, linear)

    def to_hz(mel: NDArray[np.float64]) -> NDArray[np.float64]:
        linear = mel * (200.0 / 3)
        log = 1000.0 * np.exp((np.log(6.4) / 27.0) * (mel - 15.0))
        return np.where(mel >= 15.0, log, linear)

    fmax = min(settings.fmax, settings.sample_rate / 2)
    bins = np.linspace(0, settings.sample_rate / 2, settings.n_fft // 2 + 1)
    edges = to_hz(
        np.linspace(to_mel(np.array(settings.fmin)), to_mel(np.array(fmax)), settings.n_mels + 2)
    )
    widths = np.diff(edges)
    ramps = edges[:, None] - bins[None, :]
    lower = -ramps[:-2] / widths[:-1, None]
    upper = ramps[2:] / widths[1:, None]
    weights = np.maximum(0.0, np.minimum(lower, upper))
    weights *= (2.0 / (edges[2:] - edges[:-2]))[:, None]
    return weights.astype(np.float32)


def mel_spectrogram(samples: F32, sample_rate: int, settings: MelSettings) -> F32:
    """Normalised log-mel frames (n_mels, frames) computed as Wav2Lip's audio.py does.

    Pre-emphasis, a centred Hann STFT, mel filters, dB relative to `ref_level_db`, then scaled
    to ±max_abs_value (0..max when not symmetric). Silence maps to the minimum everywhere.
    """
    audio = np.asarray(samples, dtype=np.float64)
    if sample_rate != settings.sample_rate:
        g = math.gcd(sample_rate, settings.sample_rate)
        audio = resample_poly(audio, settings.sample_rate // g, sample_rate // g)
    if settings.preemphasis > 0 and len(audio):
        audio = np.concatenate([audio[:1], audio[1:] - settings.preemphasis * audio[:-1]])
    n_fft, hop = settings.n_fft, settings.hop_length
    padded = np.pad(audio, n_fft // 2, mode="reflect" if len(audio) > n_fft // 2 else "constant")
    count = 1 + max(0, (len(padded) - n_fft) // hop)
    if len(padded) < n_fft:
        padded = np.pad(padded, (0, n_fft - len(padded)))
    window = np.zeros(n_fft)
    offset = (n_fft - settings.win_length) // 2
    window[offset : offset + settings.win_length] = np.hanning(settings.win_length + 1)[:-1]
    frames = np.lib.stride_tricks.sliding_window_view(padded, n_fft)[::hop][:count]
    magnitude = np.abs(np.fft.rfft(frames * window, axis=1)).T
    mel = mel_filterbank(settings) @ magnitude
    db = 20 * np.log10(np.maximum(1e-5, mel)) - settings.ref_level_db
    scaled = (db - settings.min_level_db) / -settings.min_level_db
    top = settings.max_abs_value
    if settings.symmetric:
        out = np.clip(2 * top * scaled - top, -top, top)
    else:
        out = np.clip(top * scaled, 0, top)
    return out.astype(np.float32)


def mel_windows(mel: F32, frames: int, fps: int, settings: MelSettings, step: int) -> F32:
    """One (n_mels, step) window per video frame, starting at that frame's time (Wav2Lip's
    indexing); the last windows repeat the end, and short audio is padded with silence."""
    silence = -settings.max_abs_value if settings.symmetric else 0.0
    if mel.shape[1] < step:
        mel = np.pad(mel, ((0, 0), (0, step - mel.shape[1])), constant_values=silence)
    per_second = settings.sample_rate / settings.hop_length
    out = np.empty((frames, mel.shape[0], step), dtype=np.float32)
    last = mel.shape[1] - step
    for i in range(frames):
        start = min(int(per_second * i / fps), last)
        out[i] = mel[:, start : start + step]
    return out


def face_crop(
    height: int, width: int, fractions: tuple[float, float, float, float] | None, chin_pad: float
) -> tuple[int, int, int, int]:
    """The face crop (x0, y0, x1, y1) in pixels: given fractions, or a centred square."""
    if fractions is None:
        side = 0.5 * min(width, height)
        cx, cy = width / 2, height * 0.42
        fractions = (
            (cx - side / 2) / width,
            (cy - side / 2) / height,
            (cx + side / 2) / width,
            (cy + side / 2) / height,
        )
    fx0, fy0, fx1, fy1 = fractions
    if not (0 <= fx0 < fx1 <= 1 and 0 <= fy0 < fy1 <= 1):
        raise InputError(
            f"A face box must be fractions 0 ≤ x0 < x1 ≤ 1, 0 ≤ y0 < y1 ≤ 1 ({fractions})."
        )
    x0, y0 = round(fx0 * width), round(fy0 * height)
    x1, y1 = max(x0 + 2, round(fx1 * width)), max(y0 + 2, round(fy1 * height))
    y1 = min(height, y1 + round((y1 - y0) * chin_pad))
    return x0, y0, min(width, x1), y1


def _feather(h: int, w: int) -> F32:
    """A paste-back mask that fades over the crop's outer edge, so no seam shows."""
    edge = max(1, min(h, w) // 12)
    ys = np.minimum(np.arange(h) + 1, np.arange(h)[::-1] + 1) / edge
    xs = np.minimum(np.arange(w) + 1, np.arange(w)[::-1] + 1) / edge
    return np.clip(np.minimum(ys[:, None], xs[None, :]), 0.0, 1.0).astype(np.float32)[..., None]


class TorchScriptLipSyncer(OptionalModel[tuple[Any, LipSyncConfig]]):
    """A Wav2Lip-style model exported to TorchScript, from a local folder.

    Falls back to another lip-syncer (the procedural talker unless told otherwise) with a
    logged warning when torch or the folder is unavailable, so a film always renders.
    """

    name = "torchscript"

    def __init__(
        self,
        model: str | Path | None = None,
        device: str | None = None,
        face_box: tuple[float, float, float, float] | None = None,
        fallback: str = DEFAULT_LIPSYNCER,
    ) -> None:
        super().__init__()
        self.model = model_folder(model, MODEL_ENV)
        self.device = device
        if face_box is not None:
            face_crop(100, 100, face_box, 0.0)  # a bad box fails now, not mid-film
        self.face_box = face_box
        self.fallback = fallback

    def _load(self) -> tuple[Any, LipSyncConfig]:
        if self.model is None:
            raise ModelUnavailable(f"no model folder is configured; set {MODEL_ENV}")
        if not (self.model / "model.pt").is_file():
            raise ModelUnavailable(f"{self.model} has no model.pt")
        try:
            config = load_config(self.model)
        except InputError as exc:
            raise ModelUnavailable(exc.message) from exc
        try:
            import torch
        except ImportError as exc:
            raise ModelUnavailable("torch is not installed (pip install filmstudio[gpu])") from exc
        device = self.device or ("cuda" if torch.cuda.is_available() else "cpu")
        try:
            jit: Any = torch.jit  # untyped at the boundary
            net = jit.load(str(self.model / "model.pt"), map_location=device)
        except Exception as exc:  # torch raises RuntimeError, ValueError... for a bad file
            raise ModelUnavailable(f"{self.model / 'model.pt'} cannot be loaded: {exc}") from exc
        net.eval()
        return net, config

    def loaded(self) -> tuple[Any, LipSyncConfig] | None:
        """The model and its config, or None (with `unavailable` saying why, logged once)."""
        return self._load_once()

    def _warn_unavailable(self, reason: str) -> None:
        logger.warning(
            "The lip-sync model is unavailable (%s); using the %s lip-syncer.",
            reason,
            self.fallback,
        )

    def animate(self, portrait: U8, samples: F32, sample_rate: int, fps: int) -> Iterator[U8]:
        audio = _check(portrait, samples, sample_rate, fps)
        model = self.loaded()
        if model is None:
            yield from get_lipsyncer(self.fallback).animate(portrait, audio, sample_rate, fps)
            return
        net, config = model
        frames = frame_count(audio, sample_rate, fps)
        if frames == 0:
            return
        mel = mel_spectrogram(audio, sample_rate, config.mel)
        windows = mel_windows(mel, frames, fps, config.mel, config.mel_step)
        h, w = portrait.shape[:2]
        x0, y0, x1, y1 = face_crop(h, w, self.face_box or config.face_box, config.chin_pad)
        face = self._model_face(portrait[y0:y1, x0:x1], config)
        mask = _feather(y1 - y0, x1 - x0)
        group = config.batch_size * config.frames_per_window
        for start in range(0, frames, group):
            batch = windows[start : start + group]
            for generated in self._run(net, config, face, batch):
                frame = portrait.copy()
                pasted = cv2.resize(generated, (x1 - x0, y1 - y0), interpolation=cv2.INTER_CUBIC)
                region = frame[y0:y1, x0:x1].astype(np.float32)
                frame[y0:y1, x0:x1] = np.clip(region + (pasted - region) * mask + 0.5, 0, 255)
                yield frame

    @staticmethod
    def _model_face(crop: U8, config: LipSyncConfig) -> F32:
        """The face as the model sees it: square, its channel order, 0..1, (3, S, S)."""
        size = config.face_size
        face = cv2.resize(crop, (size, size), interpolation=cv2.INTER_AREA).astype(np.float32)
        if config.channels == "bgr":
            face = face[..., ::-1]
        return np.ascontiguousarray(face.transpose(2, 0, 1) / 255.0, dtype=np.float32)

    @staticmethod
    def _run(net: Any, config: LipSyncConfig, face: F32, windows: F32) -> list[F32]:
        """Faces (RGB float 0..255, S × S) for a batch of mel windows, one per frame."""
        import torch

        count, t = len(windows), config.frames_per_window
        padded = -(-count // t) * t
        if padded > count:
            windows = np.concatenate([windows, np.repeat(windows[-1:], padded - count, axis=0)])
        masked = face.copy()
        if config.mask_lower_half:
            masked[:, config.face_size // 2 :] = 0.0
        pair = np.concatenate([masked, face])  # (6, S, S)
        groups = padded // t
        if t == 1:
            mel = windows[:, None]  # (B, 1, M, step)
            faces = np.broadcast_to(pair, (groups, *pair.shape))
        else:
            mel = windows.reshape(groups, t, 1, *windows.shape[1:])
            faces = np.broadcast_to(pair[:, None], (groups, 6, t, *pair.shape[1:]))
        device = next(iter(net.parameters()), torch.empty(0)).device
        try:
            with torch.inference_mode():
                out = net(
                    torch.from_numpy(np.ascontiguousarray(mel)).to(device),
                    torch.from_numpy(np.ascontiguousarray(faces)).to(device),
                )
        except Exception as exc:  # wrong shapes for this model, out of memory
            raise RenderError(f"The lip-sync model failed: {exc}") from exc
        result = out.float().cpu().numpy()
        if t > 1:  # (B, 3, T, S, S) -> (B*T, 3, S, S)
            result = result.transpose(0, 2, 1, 3, 4).reshape(
                -1, *result.shape[1:2], *result.shape[3:]
            )
        expected = (padded, 3, config.face_size, config.face_size)
        if result.shape != expected:
            raise RenderError(
                f"The lip-sync model returned faces of shape {result.shape}, not {expected}."
            )
        images = np.clip(result[:count].transpose(0, 2, 3, 1) * 255.0, 0, 255)
        if config.channels == "bgr":
            images = images[..., ::-1]
        return [np.ascontiguousarray(image, dtype=np.float32) for image in images]
