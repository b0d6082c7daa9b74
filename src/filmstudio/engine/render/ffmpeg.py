"""FFmpeg as the encoder: raw I420 frames in on a pipe, H.264 + AAC MP4 out.

Subtitles are burned by libass (`ass=`) inside the same ffmpeg process, so frames cross the
pipe once. ffmpeg runs with the work folder as its current directory so filter arguments never
need path escaping.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from filmstudio.engine.errors import RenderError, ToolMissingError

PRESET = "veryfast"
CRF = 23


def ffmpeg_binary() -> str:
    """The ffmpeg program, or a sentence saying how to install it."""
    found = shutil.which("ffmpeg")
    if found is None:
        raise ToolMissingError("ffmpeg is not installed: install the Debian package ffmpeg.")
    return found


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
    process = subprocess.Popen(command, cwd=workdir, stdin=subprocess.PIPE, stderr=subprocess.PIPE)
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
    done = subprocess.run(command, capture_output=True, text=True, check=False)
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


def mux(picture: Path, audio: Path, out: Path) -> None:
    """Join the encoded picture and audio without re-encoding, index first for streaming."""
    _run(
        [
            "-i",
            str(picture),
            "-i",
            str(audio),
            "-map",
            "0:v",
            "-map",
            "1:a",
            "-c",
            "copy",
            "-movflags",
            "+faststart",
            "-f",
            "mp4",
            str(out),
        ]
    )
