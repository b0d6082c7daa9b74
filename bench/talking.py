"""Benchmark: what talking portraits cost, and how well their mouths follow the speech.

The close-ups measured are the ones the film cuts to (the edit's cut list over the plan's shots).

Renders the same film twice from a warm stage cache (voices, pictures and music cached), with
and without talking close-ups, and prints CPU seconds (ours + ffmpeg's) per film second for
each. Then it decodes the finished film and, for every close-up, reads the mouth state back
from the encoded frames and compares it with the speech's RMS energy frame by frame.

    python bench/talking.py [script] [--duration 40] [--quality 720p] [--voice kokoro]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

from filmstudio.engine.animate.drawers import PortraitDrawer, draws_portrait
from filmstudio.engine.animate.edit import cut_list
from filmstudio.engine.animate.lipsync import get_lipsyncer
from filmstudio.engine.animate.measure import LipSyncScore, lip_sync_score
from filmstudio.engine.animate.shots import TalkShot, shot_audio
from filmstudio.engine.cache import StageCache
from filmstudio.engine.film import EngineOptions, FilmResult, Stages, make_film, prepare_film
from filmstudio.engine.plan import frame_size
from filmstudio.engine.request import FilmRequest

ROOT = Path(__file__).resolve().parent.parent


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def render(
    request: FilmRequest, options: EngineOptions, cache: StageCache, out: Path
) -> tuple[FilmResult, float, float]:
    """(result, CPU seconds, wall seconds) of one render."""
    cpu0, wall0 = cpu_seconds(), time.perf_counter()
    result = make_film(request, out, options=options, cache=cache)
    return result, cpu_seconds() - cpu0, time.perf_counter() - wall0


def decoded_frames(film: Path, size: tuple[int, int]) -> np.ndarray:
    """Every frame of the film as RGB (frames, height, width, 3)."""
    width, height = size
    raw = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(film), "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
        check=True,
        capture_output=True,
    ).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, height, width, 3)


def agreement_in_film(
    request: FilmRequest, options: EngineOptions, cache: StageCache, film: Path
) -> list[tuple[str, LipSyncScore]]:
    """(speaker, score) for each talking close-up the film cuts to, on the encoded film."""
    prepared = prepare_film(request, options, cache, Stages(lambda stage, fraction: None))
    plan, timeline = prepared.plan, prepared.timeline
    size = frame_size(plan.quality, plan.aspect)
    portraits = PortraitDrawer(
        plan, size, cache, get_lipsyncer(options.lipsync, **options.lipsync_options), timeline.fps
    )
    frames = decoded_frames(film, size)
    figures = []
    for cut in cut_list(plan, timeline):
        if not draws_portrait(plan, cut):
            continue
        portrait, speaker = portraits.portrait(cut)
        own = tuple(t for t in cut.lines if t.line.speaker == speaker)
        if not own or portrait.rig is None:
            continue  # a listener's reaction: nothing to agree with
        audio = shot_audio(
            TalkShot(cut.scene_index, speaker, cut.first, cut.last, own, True), timeline.fps
        )
        seen = frames[cut.first : cut.last]
        score = lip_sync_score(seen, portrait.rig, audio.samples, audio.sample_rate, timeline.fps)
        figures.append((speaker, score))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("script", nargs="?", default=str(ROOT / "examples/beach-reunion.fountain"))
    parser.add_argument("--duration", type=float, default=40.0)
    parser.add_argument("--quality", default="720p")
    parser.add_argument("--voice", default="kokoro")
    args = parser.parse_args()
    request = FilmRequest(
        script=Path(args.script).read_text(encoding="utf-8"),
        duration=args.duration,
        quality=args.quality,
    )
    music = "fake" if args.voice == "fake" else "composed"
    talking = EngineOptions(voice=args.voice, music_provider=music)
    still = EngineOptions(voice=args.voice, music_provider=music, talking=False)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        cache = StageCache(work / "cache")
        render(request, still, cache, work / "warm")  # fills the cache: voices, pictures, music
        _, plain_cpu, plain_wall = render(request, still, cache, work / "still")
        talk, talk_cpu, talk_wall = render(request, talking, cache, work / "talking")
        seconds = talk.duration
        print(
            f"film: {Path(args.script).name}, {seconds:g} s at {args.quality}, voice {args.voice}"
        )
        print(
            f"without talking portraits: {plain_cpu / seconds:.3f} CPU-s per film second "
            f"({plain_wall:.1f} s wall)"
        )
        print(
            f"with talking portraits:    {talk_cpu / seconds:.3f} CPU-s per film second "
            f"({talk_wall:.1f} s wall; portraits painted in "
            f"{talk.stage_seconds.get('portraits', 0.0):.2f} s)"
        )
        print(f"added cost: {(talk_cpu - plain_cpu) / seconds:+.3f} CPU-s per film second")
        figures = agreement_in_film(request, talking, cache, talk.files["film.mp4"])
        total = sum(score.frames for _, score in figures)
        for speaker, score in figures:
            print(
                f"  close-up of {speaker}: {score.frames} frames, agreement {score.agreement:.1%} "
                f"(open when heard {score.open_when_heard:.1%}, "
                f"shut in silence {score.shut_in_silence:.1%})"
            )
        if total:
            overall = sum(score.frames * score.agreement for _, score in figures) / total
            print(f"mouth open/closed agrees with speech energy on {overall:.1%} of {total} frames")


if __name__ == "__main__":
    main()
