"""Benchmark: are the films alive, and how long are their shots? Renders each film's picture
track the way the engine does (the plan's coverage, cut by `animate.edit.CutSource`: the stage,
talking portraits, dissolves, fades) and measures the encoded pixels.

For each film it prints: set painting CPU seconds; compositing CPU ms per frame (this process
while frames are made: compositing, elements, drawing actors); wall time / film length; all
CPU (painting, compositing, ffmpeg's x264) / film length, since on a busy machine wall time
says little and CPU / 2 is the two-core wall time; and from the encoded film's own pixels: the
share of sampled moments where something besides the camera moves (the global camera move is
removed with an ECC affine fit, then the residual is thresholded), and the shots and average
shot length (ASL) found from the transitions the pixels show (cuts and dissolves, see
`find_transitions`). The planned transitions are compared with the found ones: misses and false
hits are listed per film. Two controls encode one still moved by the old renderer (a pan, a
push in): they must read ~0 % alive and no transition, or the metrics would be counting the
camera.

Run: `python bench/motion.py [--seconds 60] [--quality 720p] [--only NAME ...] [--all]
[--voice fake|espeak] [--keep DIR]`; `--all` adds every example and bench script to the four
default films.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import resource
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray

from filmstudio.engine.animate.drawers import LayeredStageDrawer, coverage_source
from filmstudio.engine.animate.edit import Cut
from filmstudio.engine.animate.lipsync import get_lipsyncer
from filmstudio.engine.cache import StageCache
from filmstudio.engine.film import EngineOptions, plan_film
from filmstudio.engine.picture.providers import get_picture_provider
from filmstudio.engine.plan import FilmPlan, Line, frame_size
from filmstudio.engine.planning.coverage import long_shots
from filmstudio.engine.render.ffmpeg import encode
from filmstudio.engine.render.motion import Move, Planes, to_planes, warp_planes
from filmstudio.engine.request import FilmRequest
from filmstudio.engine.timing import Timeline, fit_timeline
from filmstudio.engine.voice import speak_line
from filmstudio.engine.voice.base import Speech

ROOT = Path(__file__).resolve().parent.parent
#: The films the issue's figures are quoted on (script, aspect).
FILMS = {
    "beach-reunion": ("examples/beach-reunion.fountain", "16:9"),
    "lighthouse-keeper": ("examples/lighthouse-keeper.txt", "16:9"),
    "gita-2-47": ("examples/gita-2-47.txt", "16:9"),
    "monsoon-vertical": ("examples/monsoon.txt", "9:16"),
}
ANALYSIS_WIDTH = 320
#: A pixel moved if its residual after removing the camera exceeds this (0..255), and a
#: moment is alive if more than MOVING_SHARE of the interior did.
RESIDUAL = 6
MOVING_SHARE = 0.0015
#: Transitions are found on frames this wide, blurred, compared in square cells of CELL px.
TRANSITION_WIDTH = 160
CELL = 16
#: A cell changed when its pattern no longer correlates (zero-mean normalised correlation, so
#: a dark cell counts as much as a bright one and a flash's lift does not count) or its
#: brightness moved this much more than the picture's own (median) change did.
CELL_NCC, CELL_SHIFT = 0.5, 18.0
#: A cell with less contrast than this (0..255, standard deviation) has no pattern to compare.
TEXTURE = 1.2
#: A cut: at least CUT_SHARE of the cells change from one frame to the next (after the camera's
#: move), and CUT_JUMP more than the frames around it change (rain and crowds lift them all),
#: and the change stays for FLASH_FRAMES (a lightning flash lights the scene and comes back).
CUT_SHARE, CUT_JUMP, FLASH_FRAMES = 0.35, 0.3, 9
#: A dissolve: frames SPAN apart straddling it differ in DISSOLVE_SHARE of the cells, though no
#: frame differs much from the next, and the frame between is a blend of the two ends.
SPAN, DISSOLVE_SHARE = 29, 0.75
#: The blend test: the middle frame as a*before + b*after leaves at most this share of its
#: variance unexplained, with each of a and b at least BLEND_WEIGHT.
BLEND_RESIDUAL, BLEND_WEIGHT = 0.08, 0.2
#: ... and the blend moves on: from TREND frames before it to TREND frames after, the weight of
#: the frame before falls and that of the frame after rises by at least BLEND_TREND each (a
#: shot that barely changes is 'a blend' of its own frames, with weights that wander).
TREND, BLEND_TREND = 4, 0.2
#: The old renderer's moves, for the controls.
PAN = Move(0.0, 0.5, 1.12, 1.0, 0.5, 1.12)
PUSH = Move(0.5, 0.5, 1.0, 0.4, 0.45, 1.18)


# -- the film, rendered as the engine renders its picture track ------------------------------
def _plan(script: str, aspect: str, seconds: float, quality: str, voice: str) -> FilmPlan:
    text = (ROOT / script).read_text(encoding="utf-8")
    request = FilmRequest(script=text, duration=seconds, quality=quality, aspect=aspect)
    return plan_film(request, EngineOptions(voice=voice, music_provider="fake"))


@functools.cache
def _speak(line_json: str, voice: str, engine: str) -> Speech:
    return speak_line(Line.model_validate_json(line_json), voice, engine)


def timed(plan: FilmPlan, engine: str) -> tuple[FilmPlan, Timeline]:
    """The plan timed on voiced speech (each character in their cast voice)."""

    def voice(speaker: str) -> str:
        character = plan.character(speaker)
        return character.voice if character and character.voice else plan.narrator_voice

    speeches = [
        [_speak(line.model_dump_json(), voice(line.speaker), engine) for line in scene.dialogue]
        for scene in plan.scenes
    ]
    return fit_timeline(plan, speeches)


@dataclass
class Render:
    frames: int
    paint_cpu: float
    compose_cpu: float
    wall: float
    cuts: list[Cut]
    encode_cpu: float  # ffmpeg (x264), a child process


def render(plan: FilmPlan, timeline: Timeline, out: Path, cache: StageCache) -> Render:
    """The film's picture track (no sound, no burned subtitles) encoded to `out`."""
    size = frame_size(plan.quality, plan.aspect)
    started = time.perf_counter()
    painter = get_picture_provider("procedural")
    stage = LayeredStageDrawer(plan, size, timeline.fps, cache, painter, "procedural")
    t0 = time.process_time()
    stage.warm()
    paint = time.process_time() - t0
    source = coverage_source(plan, timeline, size, cache, stage, get_lipsyncer("procedural"))

    def frames() -> Iterator[Planes]:
        for segment in source.segments():
            yield from source.frames(segment)

    before, children = time.process_time(), _children_cpu()
    with tempfile.TemporaryDirectory() as work:
        encode(frames(), size=size, fps=timeline.fps, out=out, workdir=Path(work))
    compose = time.process_time() - before  # ffmpeg is a child: not counted
    wall = time.perf_counter() - started
    encoded = _children_cpu() - children
    return Render(timeline.frame_count, paint, compose, wall, source.cuts, encoded)


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


# -- transitions seen from the pixels --------------------------------------------------------
@dataclass(frozen=True)
class Transition:
    """A shot change the pixels show: a cut at `frame` (the new shot's first frame), or a
    dissolve whose middle is `frame`."""

    frame: int
    kind: str  # "cut" or "dissolve"


Warp = NDArray[np.float32]  # 2x3 affine: where a pixel of one frame goes in the next


def _small(frames: NDArray[np.uint8]) -> NDArray[np.float32]:
    """Frames TRANSITION_WIDTH wide, cropped to whole cells, lightly blurred."""
    count, h, w = frames.shape
    height = max(CELL, round(h * TRANSITION_WIDTH / w))
    out = np.empty((count, height // CELL * CELL, TRANSITION_WIDTH), np.float32)
    for k, frame in enumerate(frames):
        small = cv2.resize(frame, (TRANSITION_WIDTH, height), interpolation=cv2.INTER_AREA)
        blurred = cv2.GaussianBlur(small.astype(np.float32), (0, 0), 1.0)
        out[k] = blurred[: out.shape[1]]
    return out


def _ecc(
    a: NDArray[np.float32], b: NDArray[np.float32], iterations: int = 30, eps: float = 1e-4
) -> Warp:
    """The affine move taking `a`'s pixels to `b`'s (identity when ECC does not converge)."""
    warp = np.eye(2, 3, dtype=np.float32)
    criteria = (cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_COUNT, iterations, eps)
    with contextlib.suppress(cv2.error):
        _, found = cv2.findTransformECC(a, b, warp, cv2.MOTION_AFFINE, criteria, None, 1)  # type: ignore[call-overload]
        warp = np.asarray(found, np.float32)
    return warp


def camera_moves(small: NDArray[np.float32]) -> list[Warp]:
    """The camera's move into each frame from the one before (identity for the first),
    smoothed over its neighbours: a camera glides, so the move across a cut is its neighbours'
    (an affine fit across a cut can 'explain' a closer framing of the same set as a zoom), and
    a fit that lost its way on a frame with little pattern is outvoted."""
    raw = [np.eye(2, 3, dtype=np.float32)]
    raw += [_plausible(_ecc(small[k - 1], small[k])) for k in range(1, len(small))]
    stacked = np.stack(raw)
    smooth: list[Warp] = []
    for k in range(len(raw)):
        around = range(max(1, k - 2), min(len(raw), k + 3))
        smooth.append(np.median(stacked[list(around)], axis=0) if k else raw[0])
    return smooth


def _plausible(warp: Warp) -> Warp:
    """`warp`, or no move if it is more than a camera does between two frames."""
    linear = warp[:, :2] - np.eye(2, dtype=np.float32)
    if np.abs(linear).max() > 0.08 or np.abs(warp[:, 2]).max() > TRANSITION_WIDTH * 0.08:
        return np.eye(2, 3, dtype=np.float32)
    return warp


def _chain(moves: Sequence[Warp]) -> Warp:
    """Moves one after another as one affine."""
    total = np.eye(3, dtype=np.float64)
    for move in moves:
        total = np.vstack([move, [0.0, 0.0, 1.0]]) @ total
    return total[:2].astype(np.float32)


def changed_share(a: NDArray[np.float32], b: NDArray[np.float32], move: Warp) -> float:
    """The share of `b`'s patterned cells that `a`, carried by the camera's `move`, does not
    explain (see CELL_NCC); 0 when neither frame has pattern (black)."""
    h, w = b.shape
    moved = np.asarray(
        cv2.warpAffine(a, move, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT),
        np.float32,
    )
    rows, cols = h // CELL, w // CELL

    def cells(x: NDArray[np.float32]) -> NDArray[np.float32]:
        return x.reshape(rows, CELL, cols, CELL).transpose(0, 2, 1, 3).reshape(rows, cols, -1)

    ca, cb = cells(moved), cells(b)
    ma, mb = ca.mean(axis=2), cb.mean(axis=2)
    da, db = ca - ma[..., None], cb - mb[..., None]
    sa, sb = np.sqrt((da * da).mean(axis=2)), np.sqrt((db * db).mean(axis=2))
    ncc = (da * db).mean(axis=2) / np.maximum(sa * sb, 1e-6)
    patterned = np.maximum(sa, sb) > TEXTURE
    shift = mb - ma
    lifted = np.abs(shift - np.median(shift)) > CELL_SHIFT
    inner = np.zeros((rows, cols), bool)
    inner[1:-1, 1:-1] = True  # the border cells see what the move brings in
    judged = inner & (patterned | lifted)
    if not judged.any():
        return 0.0
    differ = (patterned & (ncc < CELL_NCC)) | lifted
    return float(np.mean(differ[judged]))


def blend_weights(
    before: NDArray[np.float32], middle: NDArray[np.float32], after: NDArray[np.float32]
) -> tuple[float, float, float]:
    """`middle` as a*before + b*after + c on heavily blurred frames (the ends already carried
    to the middle's framing): (a, b, share of the middle's variance left unexplained)."""

    def coarse(x: NDArray[np.float32]) -> NDArray[np.float64]:
        h, w = x.shape
        inner = x[CELL:-CELL, CELL:-CELL]  # the border is what the camera brought in
        small = cv2.resize(
            inner, ((w - 2 * CELL) // 4, (h - 2 * CELL) // 4), interpolation=cv2.INTER_AREA
        )
        return np.asarray(small, np.float64).ravel()

    a, m, b = coarse(before), coarse(middle), coarse(after)
    design = np.stack([a, b, np.ones_like(a)], axis=1)
    solution, *_ = np.linalg.lstsq(design, m, rcond=None)
    left = m - design @ solution
    spread = float(np.var(m))
    return float(solution[0]), float(solution[1]), float(np.var(left) / max(spread, 1e-6))


def _carried(
    small: NDArray[np.float32], moves: list[Warp], source: int, target: int
) -> NDArray[np.float32]:
    """Frame `source` carried to frame `target`'s time as its own shot's camera would have
    moved it (its move at `source`, kept up: a dissolve draws the outgoing shot on past its
    end, and the moves measured on blended frames mean little)."""
    h, w = small.shape[1:]
    step = moves[min(source + 1, len(moves) - 1)] if source < target else moves[source]
    move = _chain([step] * abs(target - source))
    if source > target:
        move = np.asarray(cv2.invertAffineTransform(move), np.float32)
    return np.asarray(
        cv2.warpAffine(
            small[source], move, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT
        ),
        np.float32,
    )


def find_transitions(frames: NDArray[np.uint8]) -> list[Transition]:
    """Shot changes in a film's grey frames: hard cuts and dissolves.

    Each frame is compared cell by cell with the one before, carried by the camera's smoothed
    move (`camera_moves`), so a pan, a push in or parallax is not a change; a cut changes most
    cells at once, far more than the frames around it (rain), and stays changed (a lightning
    flash comes back). A dissolve changes little from frame to frame, so frames SPAN apart are
    compared as well: where they differ though no cut lies between, and the middle frame is a
    blend of the two, a dissolve is reported at the middle of the run.
    """
    small = _small(frames)
    count = len(small)
    if count < 3:
        return []
    moves = camera_moves(small)
    step = [0.0] + [changed_share(small[k - 1], small[k], moves[k]) for k in range(1, count)]
    cuts: list[int] = []
    for k in range(1, count):
        around = [step[j] for j in range(max(1, k - 12), min(count, k + 13)) if abs(j - k) > 1]
        base = float(np.median(around)) if around else 0.0
        peak = step[k] >= max(step[max(1, k - 3) : k + 4])
        if step[k] < CUT_SHARE or step[k] - base < CUT_JUMP or not peak:
            continue
        later = min(count - 1, k + FLASH_FRAMES)
        if (
            later > k
            and changed_share(small[k - 1], small[later], _chain(moves[k : later + 1])) < CUT_SHARE
        ):
            continue  # it came back: a flash
        if cuts and k - cuts[-1] < 3:
            continue
        cuts.append(k)
    dissolves = _dissolves(small, moves, cuts)
    found = [Transition(k, "cut") for k in cuts] + [Transition(k, "dissolve") for k in dissolves]
    return sorted(found, key=lambda t: t.frame)


def _dissolves(small: NDArray[np.float32], moves: list[Warp], cuts: list[int]) -> list[int]:
    """Dissolves: runs where frames SPAN apart differ with no cut between, and a frame of the
    run is a blend of frames on either side (see `find_transitions`); each is reported at its
    most even blend."""
    count = len(small)
    half = SPAN // 2
    far = np.zeros(count)
    for k in range(half + 2, count - half - 2):
        if any(k - half - 2 < cut <= k + half + 2 for cut in cuts):
            continue
        far[k] = changed_share(
            small[k - half], small[k + half], _chain(moves[k - half + 1 : k + half + 1])
        )
    found: list[int] = []
    k = 0
    while k < count:
        if far[k] < DISSOLVE_SHARE:
            k += 1
            continue
        end = k
        while end + 1 < count and far[end + 1] >= DISSOLVE_SHARE:
            end += 1
        blended = (
            [_blend_at(small, moves, middle) for middle in range(k, end + 1)]
            if end - k >= 2
            else []
        )
        even = [
            (abs(a - b), middle)
            for middle, (a, b, left) in zip(range(k, end + 1), blended, strict=False)
            if left <= BLEND_RESIDUAL and min(a, b) >= BLEND_WEIGHT
        ]
        moving = [middle for _, middle in sorted(even) if _blend_moves(small, moves, middle)]
        if moving:
            found.append(moving[0])
        k = end + 1
    return found


def _blend_at(
    small: NDArray[np.float32], moves: list[Warp], middle: int
) -> tuple[float, float, float]:
    """`blend_weights` of frame `middle` between the frames SPAN/2 + 2 either side (no blend
    when either end is black: a fade is not a dissolve)."""
    before, after = middle - SPAN // 2 - 2, middle + SPAN // 2 + 2
    if min(small[before].std(), small[after].std()) < 2 * TEXTURE:
        return 0.0, 0.0, 1.0
    return blend_weights(
        _carried(small, moves, before, middle), small[middle], _carried(small, moves, after, middle)
    )


def _blend_moves(small: NDArray[np.float32], moves: list[Warp], middle: int) -> bool:
    """Whether the blend at `middle` is a dissolve on its way (see BLEND_TREND)."""
    if middle - TREND < SPAN // 2 + 2 or middle + TREND + SPAN // 2 + 2 >= len(small):
        return False
    early, late = _blend_at(small, moves, middle - TREND), _blend_at(small, moves, middle + TREND)
    return early[0] - late[0] >= BLEND_TREND and late[1] - early[1] >= BLEND_TREND


@dataclass(frozen=True)
class Check:
    """Planned transitions against found ones (frames)."""

    planned: list[int]
    found: list[int]
    missed: list[int]
    false: list[int]


def planned_transitions(cuts: Sequence[Cut]) -> list[tuple[int, int]]:
    """(frame, dissolve frames) of each shot change the plan makes: a cut's first frame, or a
    dissolve's middle."""
    return [(c.first + c.dissolve // 2, c.dissolve) for c in cuts[1:] if c.first > 0]


def check(planned: Sequence[tuple[int, int]], found: Sequence[Transition]) -> Check:
    """Each planned transition matched to the nearest unmatched found one within 2 frames (a
    dissolve: within half its length and 4 frames)."""
    left = [t.frame for t in found]
    missed: list[int] = []
    for frame, dissolve in planned:
        reach = 2 + (dissolve // 2 + 2 if dissolve else 0)
        near = [f for f in left if abs(f - frame) <= reach]
        if near:
            left.remove(min(near, key=lambda f: abs(f - frame)))
        else:
            missed.append(frame)
    return Check([f for f, _ in planned], [t.frame for t in found], missed, left)


# -- life seen from the pixels ---------------------------------------------------------------
def alive(a: NDArray[np.uint8], b: NDArray[np.uint8]) -> bool:
    """Whether something moves between a and b once the camera's own move is taken out."""
    fa, fb = (cv2.GaussianBlur(x, (0, 0), 1.0).astype(np.float32) for x in (a, b))
    warp = _ecc(fb, fa, 60, 1e-5)
    h, w = a.shape
    moved = cv2.warpAffine(fa, warp, (w, h), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP)
    residual = np.abs(moved - fb)[8:-8, 8:-8]
    return float(np.mean(residual > RESIDUAL)) > MOVING_SHARE


@dataclass(frozen=True)
class Analysis:
    alive: float  # share of sampled moments where something besides the camera moves
    transitions: list[Transition]
    frames: int

    def shots(self) -> int:
        return len(self.transitions) + 1


def analyse(film: Path, fps: int) -> Analysis:
    """Life and shot changes from a film's own pixels."""
    frames = decode_gray(film)
    transitions = find_transitions(frames)
    near: set[int] = set()
    for found in transitions:
        reach = SPAN if found.kind == "dissolve" else 3
        near.update(range(found.frame - reach, found.frame + reach))
    step = max(1, fps // 2)
    samples = [i for i in range(2, len(frames) - 3, step) if not near & {i, i + 1, i + 2, i + 3}]
    lively = sum(alive(frames[i], frames[i + 3]) for i in samples)
    return Analysis(lively / max(1, len(samples)), transitions, len(frames))


def control(
    size: tuple[int, int], fps: int, out: Path, move: Move, seconds: float = 8.0
) -> Analysis:
    """The old renderer's kind of film: one still, moved by `move` (must read as not alive,
    and as one shot)."""
    rng = np.random.default_rng(0)
    noise = rng.integers(0, 255, (size[1] * 6 // 5, size[0] * 6 // 5, 3), np.uint8)
    still = np.asarray(cv2.GaussianBlur(noise, (0, 0), 4), np.uint8)
    planes = to_planes(still[: still.shape[0] // 2 * 2, : still.shape[1] // 2 * 2])
    count = round(seconds * fps)
    frames = (warp_planes(planes, move, i / count, size) for i in range(count))
    with tempfile.TemporaryDirectory() as work:
        encode(frames, size=size, fps=fps, out=out, workdir=Path(work))
    return analyse(out, fps)


def _films(names: Sequence[str], every: bool) -> dict[str, tuple[str, str]]:
    films = dict(FILMS)
    if every or names:  # --only may name any example or bench script
        for path in sorted((ROOT / "examples").glob("*.*")) + sorted(
            (ROOT / "bench" / "scripts").glob("*.*")
        ):
            films.setdefault(path.stem, (str(path.relative_to(ROOT)), "16:9"))
    return {k: v for k, v in films.items() if not names or k in names}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--quality", default="720p")
    parser.add_argument("--only", nargs="*", default=[])
    parser.add_argument("--all", action="store_true", help="every example and bench script too")
    parser.add_argument("--voice", default="fake", help="voice engine the films are timed on")
    parser.add_argument("--keep", type=Path, default=None, help="keep films and cut lists here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        cache = StageCache(Path(tmp) / "cache")
        size = frame_size(args.quality, "16:9")
        for label, move in (("panned", PAN), ("pushed in", PUSH)):
            seen = control(size, 24, Path(tmp) / "control.mp4", move)
            print(
                f"control (one still, {label}): alive {seen.alive:.0%} of sampled moments, "
                f"{len(seen.transitions)} transitions found"
            )
        print(
            f"{'film':18s} {'aspect':6s} {'paint s':>7s} {'ms/frame':>8s} {'wall/len':>8s} "
            f"{'cpu/len':>7s} {'alive':>6s} {'shots':>5s} {'found':>5s} {'miss':>4s} "
            f"{'false':>5s} {'ASL s':>6s} {'goal':>4s}"
        )
        notes: list[str] = []
        for name, (script, aspect) in _films(args.only, args.all).items():
            plan, timeline = timed(
                _plan(script, aspect, args.seconds, args.quality, args.voice), args.voice
            )
            out = folder / f"{name}.mp4"
            result = render(plan, timeline, out, cache)
            seen = analyse(out, timeline.fps)
            planned = planned_transitions(result.cuts)
            checked = check(planned, seen.transitions)
            if args.keep:
                (folder / f"{name}.cuts.json").write_text(json.dumps(planned))
            cpu = result.paint_cpu + result.compose_cpu + result.encode_cpu
            goal = 9 if long_shots(plan) else 7
            asl = timeline.duration / seen.shots()
            print(
                f"{name:18s} {aspect:6s} {result.paint_cpu:7.1f} "
                f"{result.compose_cpu / result.frames * 1000:8.2f} "
                f"{result.wall / timeline.duration:8.2f} {cpu / timeline.duration:7.2f} "
                f"{seen.alive:6.0%} {len(planned) + 1:5d} {seen.shots():5d} "
                f"{len(checked.missed):4d} {len(checked.false):5d} {asl:6.1f} {goal:4d}"
            )
            fps = timeline.fps
            notes.append(
                f"{name}: planned at {_seconds(checked.planned, fps)}; "
                f"missed {_seconds(checked.missed, fps)}; false hits {_seconds(checked.false, fps)}"
            )
        print("\n".join(notes))


def _seconds(frames: Sequence[int], fps: int) -> str:
    return "[" + ", ".join(f"{f / fps:.1f}" for f in frames) + "]"


if __name__ == "__main__":
    main()
