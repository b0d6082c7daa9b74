"""Benchmark: are the films alive? Renders films shot by shot through the stage and measures
the encoded pixels.

For each film it prints: set painting CPU seconds; compositing CPU ms per frame (this process
while frames are made: compositing, elements, drawing actors); wall time / film length; all
CPU (painting, compositing, ffmpeg's x264) / film length, since on a busy machine wall time
says little and CPU / 2 is the two-core wall time; and from the encoded film's own pixels: the
share of sampled moments where something besides the camera moves (the global camera move is
removed with an ECC affine fit, then the residual is thresholded), and the shots and average
shot length found from cuts. Two controls encode one still moved by the old renderer (a pan,
a push in): the metric must read ~0 % for them, or it would be counting the camera.

Until film.py renders through the stage, shots are timed here (cuts midway between lines;
a shot without lines takes the start of the next shot's span) and joined by cuts.
Run: `python bench/motion.py [--seconds 60] [--quality 720p] [--only NAME]`.
"""

from __future__ import annotations

import argparse
import contextlib
import resource
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray

from filmstudio.engine.animate.stage import Speaking, StageShot
from filmstudio.engine.film import EngineOptions, plan_film
from filmstudio.engine.picture.layers import SceneSet, paint_set
from filmstudio.engine.plan import FilmPlan, Shot, frame_size
from filmstudio.engine.render.ffmpeg import encode
from filmstudio.engine.render.motion import Move, Planes, to_planes, warp_planes
from filmstudio.engine.request import FilmRequest
from filmstudio.engine.timing import Timeline, fit_timeline
from filmstudio.engine.voice import get_provider, get_voice

ROOT = Path(__file__).resolve().parent.parent
FILMS = {
    "beach-reunion": ("beach-reunion.fountain", "16:9"),
    "lighthouse-keeper": ("lighthouse-keeper.txt", "16:9"),
    "gita-2-47": ("gita-2-47.txt", "16:9"),
    "monsoon-vertical": ("monsoon.txt", "9:16"),
}
ANALYSIS_WIDTH = 320
#: A pixel moved if its residual after removing the camera exceeds this (0..255), and a
#: moment is alive if more than MOVING_SHARE of the interior did.
RESIDUAL = 6
MOVING_SHARE = 0.0015
#: A cut: more than CUT_SHARE of a 16-wide grid of blocks change by BLOCK_CHANGE (0..255)
#: from one frame to the next (moving figures and weather change a third at most).
CUT_SHARE, BLOCK_CHANGE = 0.4, 6.0
#: The old renderer's moves, for the controls.
PAN = Move(0.0, 0.5, 1.12, 1.0, 0.5, 1.12)
PUSH = Move(0.5, 0.5, 1.0, 0.4, 0.45, 1.18)


@dataclass
class Timed:
    """A shot with its span in scene-local seconds."""

    shot: Shot
    start: float
    end: float


def _plan(script: str, aspect: str, seconds: float, quality: str) -> tuple[FilmPlan, Timeline]:
    text = (ROOT / "examples" / script).read_text(encoding="utf-8")
    request = FilmRequest(script=text, duration=seconds, quality=quality, aspect=aspect)
    plan = plan_film(request, EngineOptions(voice="fake", music_provider="fake"))
    voice = get_provider("fake")
    speeches = [
        [
            voice.speak(line.text, get_voice("narrator-female"), line.language, "neutral")
            for line in scene.dialogue
        ]
        for scene in plan.scenes
    ]
    return fit_timeline(plan, speeches)


def shot_spans(plan: FilmPlan, timeline: Timeline, index: int) -> list[Timed]:
    """Each shot's scene-local span: cuts midway between lines, shots tile the scene."""
    scene = plan.scenes[index]
    timed_scene = timeline.scenes[index]
    length = timed_scene.duration
    lines = [t for t in timeline.lines if t.scene_index == index]
    spans = [(t.start - timed_scene.start, t.end - timed_scene.start) for t in lines]
    shots = scene.shots or [Shot(kind="wide", move="drift", lines=list(range(len(spans))))]
    lined = [s for s in shots if s.lines]
    if not lined:
        step = length / len(shots)
        return [Timed(s, i * step, (i + 1) * step) for i, s in enumerate(shots)]
    cuts = [0.0]
    for shot in lined[1:]:
        first = shot.lines[0]
        cuts.append((spans[first - 1][1] + spans[first][0]) / 2)
    cuts.append(length)
    timed = {id(s): (cuts[i], cuts[i + 1]) for i, s in enumerate(lined)}
    out: list[Timed] = []
    pending: list[Shot] = []
    for shot in shots:
        if not shot.lines:
            pending.append(shot)
            continue
        start, end = timed[id(shot)]
        take = min((end - start) * 0.4, 3.0) if pending else 0.0
        for k, extra in enumerate(pending):
            step = take / len(pending)
            out.append(Timed(extra, start + k * step, start + (k + 1) * step))
        out.append(Timed(shot, start + take, end))
        pending = []
    if pending:  # empty shots after the last line share the last shot's tail
        last = out[-1]
        take = min((last.end - last.start) * 0.4, 3.0)
        out[-1] = Timed(last.shot, last.start, last.end - take)
        for k, extra in enumerate(pending):
            step = take / len(pending)
            out.append(Timed(extra, last.end - take + k * step, last.end - take + (k + 1) * step))
    return out


def _speaking(timeline: Timeline, index: int) -> list[Speaking]:
    start = timeline.scenes[index].start
    return [
        Speaking(t.line.speaker, t.start - start, t.end - start)
        for t in timeline.lines
        if t.scene_index == index
    ]


@dataclass
class Render:
    frames: int
    paint_cpu: float
    compose_cpu: float
    wall: float
    shots: int
    encode_cpu: float  # ffmpeg (x264), a child process


def render(plan: FilmPlan, timeline: Timeline, out: Path) -> Render:
    size = frame_size(plan.quality, plan.aspect)
    fps = timeline.fps
    cpu = {"paint": 0.0, "compose": 0.0}
    stages: list[list[tuple[Timed, StageShot]]] = []
    started = time.perf_counter()
    for index, scene in enumerate(plan.scenes):
        t0 = time.process_time()
        scene_set: SceneSet = paint_set(scene, plan, *size)
        cpu["paint"] += time.process_time() - t0
        speaking = _speaking(timeline, index)
        stages.append(
            [
                (
                    timed,
                    StageShot(
                        scene_set,
                        plan,
                        index,
                        timed.shot,
                        size,
                        fps,
                        timed.start,
                        timed.end,
                        speaking,
                    ),
                )
                for timed in shot_spans(plan, timeline, index)
            ]
        )

    def frames() -> Iterator[Planes]:
        for number in range(timeline.frame_count):
            seconds = number / fps
            scene = next(
                (s for s in timeline.scenes if s.start <= seconds < s.end), timeline.scenes[-1]
            )
            local = seconds - scene.start
            shots = stages[scene.index]
            stage = next((st for t, st in shots if t.start <= local < t.end), shots[-1][1])
            yield stage.planes_at(local)

    before, children = time.process_time(), _children_cpu()
    with tempfile.TemporaryDirectory() as work:
        encode(frames(), size=size, fps=fps, out=out, workdir=Path(work))
    cpu["compose"] = time.process_time() - before  # ffmpeg is a child: not counted
    wall = time.perf_counter() - started
    count = sum(len(s) for s in stages)
    encoded = _children_cpu() - children
    return Render(timeline.frame_count, cpu["paint"], cpu["compose"], wall, count, encoded)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def decode_gray(film: Path, width: int = ANALYSIS_WIDTH) -> NDArray[np.uint8]:
    """Every frame of a film as small grey frames (frames, h, w)."""
    probe = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-select_streams",
            "v:0",
            "-show_entries",
            "stream=width,height",
            "-of",
            "csv=p=0",
            str(film),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    w, h = (int(v) for v in probe.stdout.strip().split(","))
    height = round(h * width / w / 2) * 2
    raw = subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-i",
            str(film),
            "-vf",
            f"scale={width}:{height},format=gray",
            "-f",
            "rawvideo",
            "pipe:1",
        ],
        capture_output=True,
        check=True,
    ).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, height, width)


def _blocks(frame: NDArray[np.uint8]) -> NDArray[np.float32]:
    h, w = frame.shape
    size = (16, max(2, round(16 * h / w)))
    return np.asarray(cv2.resize(frame, size, interpolation=cv2.INTER_AREA), np.float32)


def _changed(a: NDArray[np.float32], b: NDArray[np.float32]) -> float:
    """The share of the picture's blocks that changed, a flash's overall lift taken out."""
    delta = b - a
    return float(np.mean(np.abs(delta - np.median(delta)) > BLOCK_CHANGE))


def find_cuts(frames: NDArray[np.uint8]) -> list[int]:
    """Frame numbers where a new shot starts: most of the picture changes at once (a figure
    moving changes only its part) and stays changed (a lightning flash comes back)."""
    blocks = [_blocks(frame) for frame in frames]
    last = len(blocks) - 1
    return [
        i
        for i in range(1, len(blocks))
        if _changed(blocks[i - 1], blocks[i]) > CUT_SHARE
        and _changed(blocks[i - 1], blocks[min(last, i + 20)]) > CUT_SHARE
    ]


def alive(a: NDArray[np.uint8], b: NDArray[np.uint8]) -> bool:
    """Whether something moves between a and b once the camera's own move is taken out."""
    fa, fb = (cv2.GaussianBlur(x, (0, 0), 1.0).astype(np.float32) for x in (a, b))
    warp = np.eye(2, 3, dtype=np.float32)
    with contextlib.suppress(cv2.error):
        _, warp = cv2.findTransformECC(
            fb,
            fa,
            warp,
            cv2.MOTION_AFFINE,
            (cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_COUNT, 60, 1e-5),
            None,
            1,
        )
    h, w = a.shape
    moved = cv2.warpAffine(fa, warp, (w, h), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP)
    residual = np.abs(moved - fb)[8:-8, 8:-8]
    return float(np.mean(residual > RESIDUAL)) > MOVING_SHARE


def analyse(film: Path, fps: int) -> tuple[float, int, float]:
    """(share of sampled moments alive, shots found, average shot length in seconds)."""
    frames = decode_gray(film)
    cuts = find_cuts(frames)
    near_cut = set()
    for cut in cuts:
        near_cut.update(range(cut - 3, cut + 3))
    step = max(1, fps // 2)
    samples = [
        i for i in range(2, len(frames) - 3, step) if not near_cut & {i, i + 1, i + 2, i + 3}
    ]
    lively = sum(alive(frames[i], frames[i + 3]) for i in samples)
    shots = len(cuts) + 1
    return lively / max(1, len(samples)), shots, len(frames) / fps / shots


def control(size: tuple[int, int], fps: int, out: Path, move: Move, seconds: float = 8.0) -> float:
    """The old renderer's kind of film: one still, moved by `move` (must read as not alive)."""
    rng = np.random.default_rng(0)
    still = cv2.GaussianBlur(
        rng.integers(0, 255, (size[1] * 6 // 5, size[0] * 6 // 5, 3), np.uint8), (0, 0), 4
    )
    planes = to_planes(still[: still.shape[0] // 2 * 2, : still.shape[1] // 2 * 2])
    count = round(seconds * fps)
    frames = (warp_planes(planes, move, i / count, size) for i in range(count))
    with tempfile.TemporaryDirectory() as work:
        encode(frames, size=size, fps=fps, out=out, workdir=Path(work))
    return analyse(out, fps)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--quality", default="720p")
    parser.add_argument("--only", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        size = frame_size(args.quality, "16:9")
        for label, move in (("panned", PAN), ("pushed in", PUSH)):
            share = control(size, 24, folder / "control.mp4", move)
            print(f"control (one still, {label}): alive {share:.0%} of sampled moments")
        print(
            f"{'film':20s} {'aspect':6s} {'shots':>5s} {'paint s':>7s} {'ms/frame':>8s} "
            f"{'wall/len':>8s} {'cpu/len':>7s} {'alive':>6s} {'cuts':>4s} {'ASL s':>6s}"
        )
        for name, (script, aspect) in FILMS.items():
            if args.only and args.only != name:
                continue
            plan, timeline = _plan(script, aspect, args.seconds, args.quality)
            out = folder / f"{name}.mp4"
            result = render(plan, timeline, out)
            share, shots, asl = analyse(out, timeline.fps)
            cpu = result.paint_cpu + result.compose_cpu + result.encode_cpu
            print(
                f"{name:20s} {aspect:6s} {result.shots:5d} {result.paint_cpu:7.1f} "
                f"{result.compose_cpu / result.frames * 1000:8.2f} "
                f"{result.wall / timeline.duration:8.2f} {cpu / timeline.duration:7.2f} "
                f"{share:6.0%} {shots:4d} {asl:6.1f}"
            )


if __name__ == "__main__":
    main()
