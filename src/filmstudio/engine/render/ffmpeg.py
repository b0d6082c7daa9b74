"""FFmpeg as the encoder: raw RGB frames in on a pipe, H.264 + AAC MP4 out.

Subtitles are burned by libass (`ass=`) inside the same ffmpeg process, so frames cross the
pipe once. ffmpeg runs with the work folder as its current directory so filter arguments never
need path escaping.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterable
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
    frames: Iterable[NDArray[np.uint8]],
    *,
    size: tuple[int, int],
    fps: int,
    audio: Path,
    out: Path,
    workdir: Path,
    subtitles: str | None = None,
    on_frame: Callable[[int], None] | None = None,
) -> None:
    """Encode `frames` with `audio` into `out`; `subtitles` is an ASS file name inside workdir."""
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
        "rgb24",
        "-s",
        f"{width}x{height}",
        "-r",
        str(fps),
        "-i",
        "pipe:0",
        "-i",
        str(audio.resolve()),
    ]
    if subtitles:
        command += ["-vf", f"ass={subtitles}"]
    command += [
        "-map",
        "0:v",
        "-map",
        "1:a",
        "-c:v",
        "libx264",
        "-preset",
        PRESET,
        "-crf",
        str(CRF),
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        "-b:a",
        "192k",
        "-movflags",
        "+faststart",
        "-f",
        "mp4",
        str(out.resolve()),
    ]
    process = subprocess.Popen(command, cwd=workdir, stdin=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdin is not None
    try:
        for count, frame in enumerate(frames, 1):
            process.stdin.write(np.ascontiguousarray(frame).data)
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
    if process.wait() != 0:
        detail = stderr.strip().splitlines()[-1] if stderr.strip() else "no message"
        raise RenderError(f"ffmpeg could not encode the film: {detail}")
