"""FFmpeg as the encoder: raw I420 frames in on a pipe, H.264 segments out, joined by stream
copy with the AAC sound and soft subtitle tracks into one MP4.

Burned text (the watermark, subtitles when asked) is drawn by libass (`ass=`) inside the same
ffmpeg process, so frames cross the pipe once. ffmpeg runs with the work folder as its current
directory so filter arguments never need path escaping. Every ffmpeg child dies with the process
that started it (parent-death signal): a killed worker leaves no encoder writing behind it.
"""

from __future__ import annotations

import ctypes
import functools
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from filmstudio.engine.errors import RenderError, ToolMissingError

PRESET = "veryfast"
CRF = 23
#: x264's threads, fixed: by default it takes 1.5 per core, and its bytes change with the count,
#: so a film rendered on a 2-core laptop and on a 16-core worker differed. Two keep a 2-core
#: machine busy beside the compositor; a bigger machine renders segments in parallel instead.
X264_THREADS = 2
#: Frames larger than 1080p look ahead 5 frames, not veryfast's 10: each 4K frame in flight
#: costs x264 ~45 MB (the picture, its half-pel planes and the lowres copy), 0.82 -> 0.60 GB.
BIG_FRAME_PIXELS = 1920 * 1080
BIG_FRAME_LOOKAHEAD = 5
#: Everything about the encoder that changes a segment's bytes (part of its cache key).
CODEC = {
    "codec": "libx264",
    "preset": PRESET,
    "crf": CRF,
    "pix_fmt": "yuv420p",
    "color": "bt601",
    "threads": X264_THREADS,
    "big_frame": [BIG_FRAME_PIXELS, BIG_FRAME_LOOKAHEAD],
}
#: Subtitle languages as the MP4 container names them (ISO 639-2); others are "und".
ISO_639_2 = {"en": "eng", "es": "spa", "fr": "fra", "hi": "hin", "sa": "san", "de": "deu"}

_PR_SET_PDEATHSIG = 1
_LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None


def die_with_parent() -> None:
    """Ask the kernel to SIGKILL this process when its parent dies (Linux prctl); a child
    started by a worker that is killed outright then stops too instead of writing on."""
    if _LIBC is not None:
        _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def child_options() -> dict[str, object]:
    """Popen arguments for a child that must not outlive us."""
    return {"preexec_fn": die_with_parent} if _LIBC is not None else {}


@functools.cache
def ffmpeg_version() -> str:
    """The ffmpeg build (its x264 changes encoded bytes), for segment cache keys."""
    done = subprocess.run([ffmpeg_binary(), "-version"], capture_output=True, text=True)
    return done.stdout.splitlines()[0] if done.stdout else "unknown"


def ffmpeg_binary() -> str:
    """The ffmpeg program, or a sentence saying how to install it."""
    found = shutil.which("ffmpeg")
    if found is None:
        raise ToolMissingError("ffmpeg is not installed: install the Debian package ffmpeg.")
    return found


def x264_memory_options(pixels: int) -> list[str]:
    """x264's thread count, and a shorter lookahead for frames larger than 1080p."""
    # sync-lookahead 0: the lookahead runs in the encoding threads, not in a buffer of frames
    # of its own (the same bytes; 1080p 265 -> 235 MB).
    params = "sync-lookahead=0"
    if pixels > BIG_FRAME_PIXELS:
        params += f":rc-lookahead={BIG_FRAME_LOOKAHEAD}"
    return ["-threads", str(X264_THREADS), "-x264-params", params]


def encode(
    frames: Iterable[Sequence[NDArray[np.uint8]]],
    *,
    size: tuple[int, int],
    fps: int,
    out: Path,
    workdir: Path,
    subtitles: str | None = None,
    on_frame: Callable[[int], None] | None = None,
) -> None:
    """Encode `frames` into the picture-only `out`; `subtitles` is an ASS file name in workdir.

    Each frame is its Y, U and V planes (BT.601, limited range), written to the pipe in turn.
    """
    width, height = size
    command = [
        ffmpeg_binary(),
        "-hide_banner",
        "-loglevel",
        "error",
        "-y",
        "-f",
        "rawvideo",
        "-pix_fmt",
        "yuv420p",
        "-s",
        f"{width}x{height}",
        "-r",
        str(fps),
        "-i",
        "pipe:0",
    ]
    if subtitles:
        command += ["-vf", f"ass={subtitles}"]
    command += [
        "-c:v",
        "libx264",
        "-preset",
        PRESET,
        "-crf",
        str(CRF),
        *x264_memory_options(width * height),
        "-pix_fmt",
        "yuv420p",
        "-colorspace",
        "smpte170m",
        "-color_primaries",
        "smpte170m",
        "-color_trc",
        "smpte170m",
        "-color_range",
        "tv",
        "-an",
        "-f",
        "mp4",
        str(out.resolve()),
    ]
    process = subprocess.Popen(
        command,
        cwd=workdir,
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **child_options(),  # type: ignore[call-overload]
    )
    assert process.stdin is not None
    try:
        for count, frame in enumerate(frames, 1):
            for plane in frame:
                process.stdin.write(np.ascontiguousarray(plane).data)
            if on_frame is not None:
                on_frame(count)
        process.stdin.close()
    except BrokenPipeError:
        pass
    except BaseException:
        process.kill()
        process.wait()
        raise
    stderr = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    _check(process.wait(), stderr)


def _check(returncode: int, stderr: str) -> None:
    if returncode != 0:
        detail = stderr.strip().splitlines()[-1] if stderr.strip() else "no message"
        raise RenderError(f"ffmpeg could not encode the film: {detail}")


def _run(arguments: list[str]) -> None:
    command = [ffmpeg_binary(), "-hide_banner", "-loglevel", "error", "-y", *arguments]
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        check=False,
        **child_options(),  # type: ignore[call-overload]
    )
    _check(done.returncode, done.stderr)


def encode_audio(wav: Path, out: Path) -> None:
    """The master audio as AAC in an MP4 audio file (done beside the picture encode)."""
    _run(["-i", str(wav), "-c:a", "aac", "-b:a", "192k", "-f", "mp4", str(out)])


class DecodeError(Exception):
    """ffmpeg could not read a file as audio; the message is ffmpeg's own last line."""


def decode_samples(path: Path, rate: int, channels: int, max_seconds: float) -> NDArray[np.float32]:
    """Up to `max_seconds` of any audio file ffmpeg reads, as float32 of shape (n, channels):
    the one decoder behind uploaded music and uploaded narration."""
    command = [ffmpeg_binary(), "-nostdin", "-v", "error", "-t", str(max_seconds), "-i", str(path)]
    command += ["-vn", "-f", "f32le", "-ac", str(channels), "-ar", str(rate), "-"]
    result = subprocess.run(command, capture_output=True, check=False)
    frame = 4 * channels
    if result.returncode != 0 or len(result.stdout) < frame:
        reason = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DecodeError(reason[-1] if reason else "no audio in it")
    usable = len(result.stdout) // frame * frame
    return np.frombuffer(result.stdout[:usable], dtype="<f4").reshape(-1, channels).copy()


def encoded_true_peak(path: Path) -> float:
    """The true peak (dBTP) of an encoded file's sound, as a player decodes it: the AAC encoder
    can overshoot the peak the master was limited to."""
    command = [ffmpeg_binary(), "-hide_banner", "-nostats", "-i", str(path), "-vn"]
    command += ["-af", "ebur128=peak=true", "-f", "null", "-"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    _check(done.returncode, done.stderr)
    peaks = re.findall(r"Peak:\s+(-?[\d.]+|-inf)\s+dBFS", done.stderr)
    if not peaks:
        raise RenderError("ffmpeg did not report the sound's true peak.")
    return float(peaks[-1])


def join(
    segments: Sequence[tuple[Path, int]],
    fps: int,
    audio: Path,
    subtitles: Sequence[tuple[Path, str]],
    out: Path,
    workdir: Path,
) -> None:
    """Join encoded segments (path, frame count) by stream copy, with the sound and one soft
    subtitle track (mov_text) per (SRT file, language), index first for streaming.

    Each segment's duration is stated in the concat list (frames / fps): the concat demuxer then
    places every segment exactly where the previous one ended, with no drift at the joins.
    """
    lines = ["ffconcat version 1.0"]
    for path, frames in segments:
        name = str(path.resolve()).replace("'", "'\\''")
        lines += [f"file '{name}'", f"duration {frames / fps!r}"]
    listing = workdir / "segments.ffconcat"
    listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
    arguments = ["-f", "concat", "-safe", "0", "-i", str(listing), "-i", str(audio)]
    for path, _ in subtitles:
        arguments += ["-i", str(path)]
    arguments += ["-map", "0:v", "-map", "1:a"]
    for index, (_, language) in enumerate(subtitles):
        arguments += ["-map", f"{index + 2}:s"]
        arguments += [f"-metadata:s:s:{index}", f"language={ISO_639_2.get(language, 'und')}"]
    arguments += ["-c:v", "copy", "-c:a", "copy", "-c:s", "mov_text"]
    _run([*arguments, "-movflags", "+faststart", "-f", "mp4", str(out)])
