"""The user's own music (MP3, WAV, OGG, anything ffmpeg decodes), fitted to the film.

Used instead of the composed score when a user uploads a track. ffmpeg decodes it straight to
float stereo at the film's rate; it is cleaned and levelled like uploaded sound
(:func:`filmstudio.engine.post.clean_music`), then trimmed or looped to the film's exact length:
a long track fades out over its last seconds, a short one repeats with an equal-power
cross-fade at each loop point so the seam is not heard. The result follows the
:class:`MusicProvider` contract: shape (round(duration * rate), 2), −20 LUFS, last sample 0.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from filmstudio.engine.errors import InputError
from filmstudio.engine.post.clean import clean_music
from filmstudio.engine.render.ffmpeg import DecodeError, decode_samples
from filmstudio.engine.score.loudness import fade, normalise

#: Extensions we accept from an upload (ffmpeg decides what it really is).
EXTENSIONS = frozenset({".mp3", ".wav", ".ogg", ".oga", ".flac", ".m4a", ".aac", ".opus"})
#: Seconds of fade-in, of fade-out at the film's end, and of cross-fade at each loop point.
FADE_IN = 0.5
FADE_OUT = 3.0
LOOP_CROSSFADE = 2.0
#: Longest upload we decode (seconds): films are at most five minutes.
MAX_SECONDS = 1800.0
_SILENCE = 10 ** (-60 / 20)


class MusicFileError(InputError):
    """An uploaded music file is missing, unreadable or silent."""


def decode(path: Path, sample_rate: int) -> NDArray[np.float32]:
    """Every sample of `path` as float32 stereo at `sample_rate`, shape (n, 2)."""
    if not path.is_file():
        raise MusicFileError(f"The music file {path} does not exist.")
    if path.suffix.lower() not in EXTENSIONS:
        raise MusicFileError(
            f"The music file {path.name} is not a kind we accept: upload an MP3, WAV or OGG "
            "file (FLAC, M4A and Opus work too)."
        )
    try:
        return decode_samples(path, sample_rate, 2, MAX_SECONDS)
    except DecodeError as error:
        raise MusicFileError(
            f"The music file {path.name} cannot be read as audio (ffmpeg: {error}). "
            "Upload an MP3, WAV or OGG file."
        ) from error


def load_user_music(path: Path, duration: float, sample_rate: int = 48000) -> NDArray[np.float32]:
    """The uploaded track at `path` cleaned and fitted to exactly `duration` seconds.

    Raises MusicFileError (a sentence for the user) when the file is missing, not audio, or
    silent.
    """
    if duration < 0 or not np.isfinite(duration):
        raise ValueError(f"duration must be a finite number of seconds >= 0, not {duration}")
    samples = round(duration * sample_rate)
    source = _trim_silence(decode(path, sample_rate))
    if len(source) == 0:
        raise MusicFileError(f"The music file {path.name} is silent.")
    if samples == 0:
        return np.zeros((0, 2), dtype=np.float32)
    cleaned = clean_music(source, sample_rate)
    fitted = fit_length(cleaned, samples, sample_rate)
    fade(fitted, sample_rate, min(FADE_IN, 0.1 * duration), min(FADE_OUT, 0.25 * duration))
    return normalise(fitted, sample_rate)


def fit_length(
    source: NDArray[np.float32], samples: int, sample_rate: int, crossfade: float = LOOP_CROSSFADE
) -> NDArray[np.float32]:
    """`source` cut to `samples` frames, or looped with equal-power cross-fades to reach it."""
    if len(source) >= samples:
        return source[:samples].copy()
    overlap = min(round(crossfade * sample_rate), len(source) // 3)
    out = source.copy()
    if overlap > 0:
        angle = 0.5 * np.pi * (np.arange(overlap) + 0.5) / overlap
        fade_in = np.sin(angle).astype(np.float32)[:, None]
        fade_out = np.cos(angle).astype(np.float32)[:, None]
    while len(out) < samples:
        if overlap == 0:
            out = np.concatenate([out, source])
            continue
        seam = out[-overlap:] * fade_out + source[:overlap] * fade_in
        out = np.concatenate([out[:-overlap], seam, source[overlap:]])
    return np.ascontiguousarray(out[:samples], dtype=np.float32)


def _trim_silence(audio: NDArray[np.float32]) -> NDArray[np.float32]:
    """Drop leading and trailing silence, so a loop does not stop for breath at each seam."""
    loud = np.flatnonzero(np.max(np.abs(audio), axis=1) > _SILENCE)
    if len(loud) == 0:
        return audio[:0]
    return audio[loud[0] : loud[-1] + 1]
