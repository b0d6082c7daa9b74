"""A MusicGen music provider: a text-to-music model from a local folder (transformers).

Nothing is downloaded: the user points us at a saved MusicGen folder (model + processor; option
``model`` or ``FILMSTUDIO_MUSICGEN_MODEL``). Each mood run of the film gets its own prompt, built
from the mood and the genre the user chose, so the music changes where the story does. MusicGen
writes at most ~30 s at a time, so longer runs are generated in chunks joined by cross-fades;
the result is resampled to the engine's rate and fitted to the exact film length with the same
contract as the composed score (−20 LUFS, silent last sample). Without torch/transformers or a
loadable folder the composed score plays instead, with a logged warning.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.signal import resample_poly

from filmstudio.engine.errors import ChoiceError, RenderError
from filmstudio.engine.plugins import (
    ModelUnavailable,
    OptionalModel,
    model_folder,
    require_folder,
)
from filmstudio.engine.score.base import MusicProvider, MusicSegment
from filmstudio.engine.score.choices import GENRES, MUSIC, parse_music
from filmstudio.engine.score.cues import join_cues
from filmstudio.engine.score.form import mood_runs
from filmstudio.engine.score.loudness import fade, normalise

logger = logging.getLogger(__name__)

MODEL_ENV = "FILMSTUDIO_MUSICGEN_MODEL"
#: Seconds of overlap where two chunks or two mood runs cross-fade.
CROSSFADE = 1.5
#: MusicGen's own limit when a folder does not say (30 s at 50 frames a second).
DEFAULT_MAX_SECONDS = 30.0

F32 = NDArray[np.float32]


def music_prompt(mood: str, genre: str | None) -> str:
    """The text MusicGen is asked for: the genre's band (or the mood's own) in the mood."""
    band = GENRES[genre] if genre else MUSIC[mood]
    kind = f"{genre} film score" if genre else "film score"
    return f"{kind}, {mood} mood. {band} Instrumental, no vocals, high quality."


def chunk_lengths(seconds: float, max_chunk: float, overlap: float) -> list[float]:
    """Equal chunk lengths, each at most `max_chunk`, that cover `seconds` when neighbours
    overlap by `overlap` (so n chunks of L satisfy n·L − (n−1)·overlap = seconds)."""
    if seconds <= max_chunk:
        return [seconds]
    if overlap >= max_chunk:
        raise ValueError(f"overlap {overlap} s must be shorter than a chunk ({max_chunk} s)")
    count = math.ceil((seconds - overlap) / (max_chunk - overlap))
    return [(seconds + (count - 1) * overlap) / count] * count


def crossfade_join(chunks: Sequence[F32], overlap: int) -> F32:
    """Chunks (samples, channels) joined with equal-power cross-fades of `overlap` samples."""
    out = chunks[0]
    for chunk in chunks[1:]:
        n = min(overlap, len(out), len(chunk))
        ramp = (np.arange(n, dtype=np.float32) + 0.5) / max(n, 1)
        fade_in = np.sin(0.5 * np.pi * ramp)[:, None]
        fade_out = np.cos(0.5 * np.pi * ramp)[:, None]
        middle = out[len(out) - n :] * fade_out + chunk[:n] * fade_in
        out = np.concatenate([out[: len(out) - n], middle, chunk[n:]]).astype(np.float32)
    return out


def resample(audio: F32, rate: int, target: int) -> F32:
    """Polyphase resampling (samples, channels) from `rate` to `target` Hz."""
    if rate == target:
        return audio
    g = math.gcd(rate, target)
    resampled: F32 = resample_poly(audio, target // g, rate // g, axis=0).astype(np.float32)
    return resampled


class MusicGenMusic(OptionalModel[tuple[Any, Any]]):
    """Music from a local MusicGen checkpoint; the composed score when none can be loaded."""

    name = "musicgen"

    def __init__(
        self,
        model: str | Path | None = None,
        device: str | None = None,
        guidance: float = 3.0,
        max_chunk: float | None = None,
        fallback: str = "composed",
    ) -> None:
        super().__init__()
        self.model = model_folder(model, MODEL_ENV)
        self.device = device
        self.guidance = guidance
        if max_chunk is not None and max_chunk <= 0:
            raise ChoiceError(f"A MusicGen chunk must be longer than 0 s (asked for {max_chunk}).")
        self.max_chunk = max_chunk
        self.fallback = fallback

    def cache_key(self) -> dict[str, Any]:
        """What the music depends on besides the plan, for the stage cache (the folder's
        config timestamp too, so a replaced model writes new music)."""
        config = self.model / "config.json" if self.model else None
        return {
            "provider": self.name,
            "model": str(self.model) if self.model else None,
            "model_time": config.stat().st_mtime if config and config.is_file() else None,
            "guidance": self.guidance,
            "max_chunk": self.max_chunk,
            "fallback": self.fallback,
        }

    def compose(
        self,
        segments: Sequence[MusicSegment],
        duration: float,
        music: str = "auto",
        seed: int = 0,
        sample_rate: int = 48000,
    ) -> F32:
        choice = parse_music(music)
        if duration < 0 or not np.isfinite(duration):
            raise ValueError(f"duration must be a finite number of seconds >= 0, not {duration}")
        samples = round(duration * sample_rate)
        if choice.silent or samples == 0:
            return np.zeros((samples, 2), dtype=np.float32)
        loaded = self.loaded()
        if loaded is None:
            return self._fallback().compose(segments, duration, music, seed, sample_rate)
        if choice.mood is not None:
            runs = [(choice.mood, 0.0, duration)]
        else:
            runs = mood_runs(segments, duration, "auto")
        crossfade = min(CROSSFADE, 0.25 * self.max_seconds(loaded[0]))
        cues = []
        for index, (mood, start, end) in enumerate(runs):
            # a run plays from half a cross-fade before its start to half one after its end
            length = end - start + (crossfade if len(runs) > 1 else 0.0)
            prompt = music_prompt(mood, choice.genre)
            audio = self.generate(prompt, length, seed * 1009 + index, sample_rate)
            cues.append((start, audio))
        out = join_cues(cues, duration, sample_rate, crossfade)
        fade(out, sample_rate, 0.02, 0.0)
        return normalise(out, sample_rate)

    def _fallback(self) -> MusicProvider:
        from filmstudio.engine.score.providers import MUSIC_PROVIDERS

        if self.fallback not in MUSIC_PROVIDERS or self.fallback == self.name:
            raise ChoiceError(f"Unknown fallback music provider '{self.fallback}'.")
        return MUSIC_PROVIDERS[self.fallback]()

    def loaded(self) -> tuple[Any, Any] | None:
        """(model, processor), or None (with `unavailable` saying why, logged once)."""
        return self._load_once()

    def _warn_unavailable(self, reason: str) -> None:
        logger.warning(
            "MusicGen is unavailable (%s); using the %s music instead.", reason, self.fallback
        )

    def _load(self) -> tuple[Any, Any]:
        require_folder(self.model, MODEL_ENV)
        try:
            import torch
            from transformers import AutoProcessor, MusicgenForConditionalGeneration

            processors: Any = AutoProcessor  # untyped at the boundary
            models: Any = MusicgenForConditionalGeneration
        except ImportError as exc:
            raise ModelUnavailable(
                f"{exc.name or 'torch/transformers'} is not installed (pip install filmstudio[gpu])"
            ) from exc
        device = self.device or ("cuda" if torch.cuda.is_available() else "cpu")
        try:
            processor = processors.from_pretrained(str(self.model), local_files_only=True)
            model = models.from_pretrained(str(self.model), local_files_only=True)
            model = model.to(device).eval()
        except Exception as exc:  # transformers raises many kinds for a bad folder
            raise ModelUnavailable(f"the model in {self.model} cannot be loaded: {exc}") from exc
        return model, processor

    def max_seconds(self, model: Any) -> float:
        """The longest stretch one generation may write: the option, or the model's limit."""
        if self.max_chunk is not None:
            return self.max_chunk
        limits = [
            getattr(model.generation_config, "max_length", None),
            getattr(model.config.decoder, "max_position_embeddings", None),
        ]
        tokens = min((int(t) for t in limits if t), default=None)
        if tokens is None:
            return DEFAULT_MAX_SECONDS
        codebooks = int(model.config.decoder.num_codebooks)
        return max(0.5, (tokens - codebooks - 1) / float(model.config.audio_encoder.frame_rate))

    def generate(self, prompt: str, seconds: float, seed: int, sample_rate: int) -> F32:
        """`seconds` of stereo music for `prompt` at `sample_rate`, exactly that long."""
        loaded = self.loaded()
        if loaded is None:
            raise RenderError(f"MusicGen is unavailable: {self.unavailable}.")
        model, processor = loaded
        rate = int(model.config.audio_encoder.sampling_rate)
        max_chunk = self.max_seconds(model)
        overlap = min(CROSSFADE, 0.25 * max_chunk)
        chunks = [
            self._chunk(model, processor, prompt, length, seed * 7919 + k)
            for k, length in enumerate(chunk_lengths(seconds, max_chunk, overlap))
        ]
        audio = resample(crossfade_join(chunks, round(overlap * rate)), rate, sample_rate)
        if audio.shape[1] == 1:
            audio = np.repeat(audio, 2, axis=1)
        audio = audio[:, :2]
        wanted = round(seconds * sample_rate)
        if len(audio) < wanted:
            audio = np.pad(audio, ((0, wanted - len(audio)), (0, 0)))
        return np.ascontiguousarray(audio[:wanted], dtype=np.float32)

    def _chunk(self, model: Any, processor: Any, prompt: str, seconds: float, seed: int) -> F32:
        """One generation of `seconds` at the model's rate, (samples, channels)."""
        import torch

        frame_rate = float(model.config.audio_encoder.frame_rate)
        rate = int(model.config.audio_encoder.sampling_rate)
        # the codebook delay pattern costs one frame per extra codebook at the end
        tokens = math.ceil(seconds * frame_rate) + int(model.config.decoder.num_codebooks)
        inputs = processor(text=[prompt], padding=True, return_tensors="pt").to(model.device)
        try:
            with torch.random.fork_rng(devices=[]), torch.inference_mode():
                torch.manual_seed(seed)
                values = model.generate(
                    **inputs,
                    do_sample=True,
                    guidance_scale=self.guidance,
                    max_new_tokens=tokens,
                )
        except Exception as exc:  # out of memory, a broken checkpoint
            raise RenderError(f"MusicGen failed to write music: {exc}") from exc
        audio = values[0].float().cpu().numpy().T  # (samples, channels)
        wanted = round(seconds * rate)
        if len(audio) < wanted:
            audio = np.pad(audio, ((0, wanted - len(audio)), (0, 0)))
        return np.ascontiguousarray(audio[:wanted], dtype=np.float32)
