"""Benchmark: a 60 s 720p film from a real script, in one run.

Prints wall time / film length, the stage breakdown, our CPU time over the x264 re-encode
floor of the same film, and the same film's assets composed with MoviePy for comparison.
Run with `make bench` (or `python bench/render.py [script] [--skip-moviepy]`).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

from filmstudio.engine.cache import StageCache
from filmstudio.engine.film import EngineOptions, Stages, make_film, prepare_film
from filmstudio.engine.render.motion import CROSSFADE, OVERSCAN
from filmstudio.engine.request import FilmRequest

ROOT = Path(__file__).resolve().parent.parent


def cpu_seconds() -> tuple[float, float]:
    """(this process, finished children) user+system CPU seconds so far."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime


def measure(work):  # type: ignore[no-untyped-def]
    wall0, (own0, kids0) = time.perf_counter(), cpu_seconds()
    result = work()
    own1, kids1 = cpu_seconds()
    return result, time.perf_counter() - wall0, (own1 - own0) + (kids1 - kids0)


def reencode_floor(film: Path) -> float:
    """CPU seconds ffmpeg needs just to decode and re-encode the finished film's frames."""
    _, _, cpu = measure(
        lambda: subprocess.run(
            [
                "ffmpeg",
                "-v",
                "error",
                "-i",
                str(film),
                "-an",
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                "-crf",
                "23",
                "-f",
                "null",
                "-",
            ],
            check=True,
        )
    )
    return float(cpu)


def moviepy_render(request: FilmRequest, cache: StageCache, out: Path) -> None:
    """The same pictures, moves and master audio composed the way MoviePy-based peers do."""
    from moviepy import AudioArrayClip, CompositeVideoClip, ImageClip, vfx

    film = prepare_film(request, EngineOptions(), cache, Stages(lambda s, f: None))
    width, height = 1280, 720
    clips = []
    for picture, timed in zip(film.pictures, film.timeline.scenes, strict=True):
        start = max(0.0, timed.start - CROSSFADE / 2)
        length = min(film.timeline.duration, timed.end + CROSSFADE / 2) - start
        base = 1.0 / OVERSCAN

        def zoom(t: float, length: float = length, base: float = base) -> float:
            return base * (1.0 + 0.16 * t / length)

        clip = (
            ImageClip(picture)
            .with_duration(length)
            .with_start(start)
            .with_effects([vfx.Resize(zoom), vfx.CrossFadeIn(CROSSFADE / 2)])
            .with_position("center")
        )
        clips.append(clip)
    audio = AudioArrayClip(film.audio.astype(np.float64), fps=48_000)
    video = CompositeVideoClip(clips, size=(width, height)).with_audio(audio)
    video = video.with_duration(film.timeline.duration)
    video.write_videofile(
        str(out),
        fps=30,
        codec="libx264",
        preset="veryfast",
        audio_codec="aac",
        ffmpeg_params=["-crf", "23"],
        threads=2,
        logger=None,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("script", nargs="?", default=str(ROOT / "examples/lighthouse-keeper.txt"))
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--skip-moviepy", action="store_true")
    args = parser.parse_args()
    request = FilmRequest(
        script=Path(args.script).read_text(encoding="utf-8"), duration=args.duration, quality="720p"
    )
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        cache = StageCache(tmp_path / "cache")
        result, wall, cpu = measure(lambda: make_film(request, tmp_path / "film", cache=cache))
        length = result.duration
        print(f"script: {args.script}  film: {length:.1f} s 720p, {len(result.plan.scenes)} scenes")
        print(f"cold render: wall {wall:.1f} s = {wall / length:.2f}x film length; CPU {cpu:.1f} s")
        for stage, seconds in result.stage_seconds.items():
            print(f"  {stage:<10} {seconds:6.2f} s wall")
        floor = reencode_floor(result.files["film.mp4"])
        print(
            f"x264 re-encode floor of the same film: {floor:.1f} CPU s; "
            f"ours / floor = {cpu / floor:.2f}x"
        )
        warm, warm_wall, warm_cpu = measure(
            lambda: make_film(request, tmp_path / "film2", cache=cache)
        )
        print(
            f"warm render (all stages cached): wall {warm_wall:.1f} s = "
            f"{warm_wall / length:.2f}x film length; CPU {warm_cpu:.1f} s; "
            f"cache hits {warm.cache_hits}"
        )
        if args.skip_moviepy:
            return
        _, mp_wall, mp_cpu = measure(
            lambda: moviepy_render(request, cache, tmp_path / "moviepy.mp4")
        )
        print(f"MoviePy, same assets (no subtitles): wall {mp_wall:.1f} s, CPU {mp_cpu:.1f} s")
        print(f"CPU: MoviePy / ours warm = {mp_cpu / warm_cpu:.1f}x")
        print(
            f"encode-stage comparison: MoviePy wall / ours (warm, same assets) = "
            f"{mp_wall / warm_wall:.1f}x; MoviePy / ours cold = {mp_wall / wall:.1f}x"
        )
        print(f"cores: {os.cpu_count()}")


if __name__ == "__main__":
    main()
