"""Benchmark: cold, warm and one-line-edit renders of several scripts, in one run.

For each script (a screenplay, prose and verse by default): a cold 60 s 720p render (empty
stage cache), a warm one (everything cached), and a render of the plan with one character line
rewritten (what an editing user does); wall times and their ratios to the film's length and to
the cold render, our CPU time over the x264 floor (ffmpeg decoding and re-encoding the finished
film), and the peak memory of the whole process tree (this process and every child: ffmpeg,
segment processes). `--long 1080p` (or 2160p) adds a 5-minute film at that quality.

Run with `make bench` (or `python bench/render.py [scripts...] [--jobs N] [--long 1080p]`).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filmstudio.engine.cache import StageCache
from filmstudio.engine.film import EngineOptions, FilmResult, make_film
from filmstudio.engine.plan import NARRATOR, FilmPlan
from filmstudio.engine.progress import ProgressCallback
from filmstudio.engine.render.ffmpeg import CRF, PRESET
from filmstudio.engine.request import FilmRequest

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = (
    ROOT / "bench/scripts/night-ferry.fountain",  # screenplay
    ROOT / "bench/scripts/el-faro.txt",  # prose
    ROOT / "bench/scripts/nadi.txt",  # verse
)
#: The 5-minute film of --long (prose long enough to fill it).
LONG_SCRIPT = ROOT / "examples/lighthouse-keeper.txt"


def cpu_seconds() -> float:
    """User + system CPU seconds of this process and its finished children so far."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def tree_rss(root: int) -> int:
    """Resident bytes of process `root` and all its descendants, read from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue  # ended while we looked
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, grew = {root}, True
    while grew:
        found = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= found
        grew = bool(found)
    total = 0
    for pid in tree:
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1])
        except (OSError, IndexError, ValueError):
            continue
    return total * os.sysconf("SC_PAGE_SIZE")


class PeakMemory:
    """Samples the resident memory of this process and all its descendants (5 times a second)
    and keeps the highest sum, overall and per stage (the stage the render last reported)."""

    def __init__(self, verbose: bool = False) -> None:
        self.peak = 0
        self.verbose = verbose
        self.stage = "start"
        self.by_stage: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def progress(self, stage: str, fraction: float) -> None:
        """A progress callback: remembers which stage is running (and says so, with `verbose`)."""
        if stage != self.stage and self.verbose:
            print(
                f"    {time.strftime('%H:%M:%S')} {stage}: peak so far {_mib(self.peak)} MiB, "
                f"{load()}",
                flush=True,
            )
        self.stage = stage

    def _sample(self) -> None:
        while not self._stop.wait(0.2):
            rss = tree_rss(os.getpid())
            self.peak = max(self.peak, rss)
            self.by_stage[self.stage] = max(self.by_stage.get(self.stage, 0), rss)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


@dataclass
class Run:
    """One measured render: its result, wall and CPU seconds, and peak memory of the tree."""

    result: FilmResult
    wall: float
    cpu: float
    memory: PeakMemory


def measure(work: Callable[[ProgressCallback], FilmResult], verbose: bool = False) -> Run:
    """Run `work` (given a progress callback) and measure it."""
    wall, cpu = time.perf_counter(), cpu_seconds()
    with PeakMemory(verbose) as memory:
        result = work(memory.progress)
    return Run(result, time.perf_counter() - wall, cpu_seconds() - cpu, memory)


def reencode_floor(film: Path) -> float:
    """CPU seconds ffmpeg needs to decode the finished film and encode its frames again with
    the renderer's own x264 settings (decoding is a few per cent of it)."""
    before = cpu_seconds()
    command = ["ffmpeg", "-v", "error", "-i", str(film), "-an", "-c:v", "libx264"]
    command += ["-preset", PRESET, "-crf", str(CRF), "-pix_fmt", "yuv420p", "-f", "null", "-"]
    subprocess.run(command, check=True)
    return cpu_seconds() - before


def edit_one_line(plan: FilmPlan) -> FilmPlan:
    """The plan with its first character line (else its first line) rewritten a little longer."""
    spots = [
        (i, j)
        for i, scene in enumerate(plan.scenes)
        for j, line in enumerate(scene.dialogue)
        if line.speaker != NARRATOR
    ] or [(0, 0)]
    i, j = spots[0]
    scene = plan.scenes[i]
    lines = list(scene.dialogue)
    lines[j] = lines[j].model_copy(update={"text": lines[j].text.rstrip(".!?") + ", truly."})
    scenes = list(plan.scenes)
    scenes[i] = scene.model_copy(update={"dialogue": lines})
    return plan.model_copy(update={"scenes": scenes})


def _mib(count: int) -> str:
    return f"{count / 2**20:.0f}"


def load() -> str:
    """The machine's load averages (it is shared: every figure is printed beside them)."""
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f}"


@contextmanager
def fresh_cache(folder: Path) -> Iterator[StageCache]:
    """An empty stage cache in `folder`, also named by FILMSTUDIO_CACHE_DIR for any child."""
    previous = os.environ.get("FILMSTUDIO_CACHE_DIR")
    os.environ["FILMSTUDIO_CACHE_DIR"] = str(folder)
    try:
        yield StageCache(folder)
    finally:
        if previous is None:
            os.environ.pop("FILMSTUDIO_CACHE_DIR", None)
        else:
            os.environ["FILMSTUDIO_CACHE_DIR"] = previous


def bench_script(script: Path, options: EngineOptions, work: Path) -> dict[str, Any]:
    """Cold, warm and edited renders of one script (one fresh cache); returns one table row."""
    request = FilmRequest(script=script.read_text(encoding="utf-8"), duration=60, quality="720p")
    with fresh_cache(work / "cache") as cache:
        cold = measure(
            lambda p: make_film(request, work / "cold", options=options, cache=cache, progress=p)
        )
        floor = reencode_floor(cold.result.files["film.mp4"])
        warm = measure(
            lambda p: make_film(request, work / "warm", options=options, cache=cache, progress=p)
        )
        edited = edit_one_line(cold.result.plan)
        edit = measure(
            lambda p: make_film(edited, work / "edit", options=options, cache=cache, progress=p)
        )
    length = cold.result.duration
    stages = ", ".join(f"{k} {v:.1f}" for k, v in cold.result.stage_seconds.items())
    print(f"  {script.name} cold stages (s): {stages}", flush=True)
    return {
        "script": script.name,
        "length": length,
        "cold": cold.wall,
        "warm": warm.wall,
        "edit": edit.wall,
        "cold_x": cold.wall / length,
        "warm_x": warm.wall / cold.wall,
        "edit_x": edit.wall / cold.wall,
        "cpu": cold.cpu,
        "floor": floor,
        "cpu_floor": cold.cpu / floor,
        "peak": max(cold.memory.peak, warm.memory.peak, edit.memory.peak),
        "segments": f"{edit.result.segments_encoded}/{cold.result.segments_encoded}",
        "load": load(),
    }


def print_table(rows: list[dict[str, Any]]) -> None:
    """The per-script figures as one table, with the worst of each ratio."""
    if not rows:
        return
    print()
    print(
        f"{'script':22} {'len s':>5} {'cold s':>6} {'x len':>5} {'warm s':>6} {'x cold':>6} "
        f"{'edit s':>6} {'x cold':>6} {'CPU s':>6} {'floor':>6} {'x flr':>5} {'peak MiB':>8} "
        f"{'edit seg':>8}  machine"
    )
    for r in rows:
        print(
            f"{r['script']:22} {r['length']:5.0f} {r['cold']:6.1f} {r['cold_x']:5.2f} "
            f"{r['warm']:6.1f} {r['warm_x']:6.2f} {r['edit']:6.1f} {r['edit_x']:6.2f} "
            f"{r['cpu']:6.1f} {r['floor']:6.1f} {r['cpu_floor']:5.2f} {_mib(r['peak']):>8} "
            f"{r['segments']:>8}  {r['load']}"
        )
    print(
        f"worst of {len(rows)}: cold {max(r['cold_x'] for r in rows):.2f}x film, CPU "
        f"{max(r['cpu_floor'] for r in rows):.2f}x floor, edit "
        f"{max(r['edit_x'] for r in rows):.2f}x cold, peak "
        f"{_mib(max(r['peak'] for r in rows))} MiB"
    )


def bench_long(quality: str, options: EngineOptions, work: Path, seconds: float = 300) -> None:
    """A 5-minute film at `quality` (cold, fresh cache): wall time, CPU and peak memory of the
    process tree, overall and per stage (`seconds` shortens it: a 2160p check in minutes)."""
    text = LONG_SCRIPT.read_text(encoding="utf-8")
    request = FilmRequest(script=text, duration=seconds, quality=quality)
    with fresh_cache(work / f"cache-{quality}") as cache:
        run = measure(
            lambda p: make_film(request, work / quality, options=options, cache=cache, progress=p),
            verbose=True,
        )
    length = run.result.duration
    print(
        f"{seconds / 60:g}-minute {quality} ({LONG_SCRIPT.name}, {length:.0f} s): "
        f"wall {run.wall:.0f} s = "
        f"{run.wall / length:.2f}x film; CPU {run.cpu:.0f} s; peak memory of the process tree "
        f"{_mib(run.memory.peak)} MiB; {load()}"
    )
    peaks = ", ".join(f"{k} {_mib(v)}" for k, v in run.memory.by_stage.items())
    print(f"  peak MiB by stage: {peaks}")
    stages = ", ".join(f"{k} {v:.0f}" for k, v in run.result.stage_seconds.items())
    print(f"  stage seconds: {stages}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scripts", nargs="*", type=Path, default=list(SCRIPTS))
    parser.add_argument("--jobs", type=int, default=1, help="segment encoding processes")
    parser.add_argument("--long", action="append", default=[], choices=["1080p", "2160p"])
    parser.add_argument("--skip-short", action="store_true", help="only the --long films")
    parser.add_argument(
        "--long-seconds", type=float, default=300, help="length of the --long films (30-300)"
    )
    parser.add_argument("--voice", default="kokoro", help="voice engine (espeak: a quick check)")
    args = parser.parse_args()
    options = EngineOptions(jobs=args.jobs, voice=args.voice)
    print(
        f"cores: {os.cpu_count()}, segment processes: {args.jobs}, voice {args.voice}, {load()}",
        flush=True,
    )
    with tempfile.TemporaryDirectory() as tmp:
        rows = []
        for k, script in enumerate([] if args.skip_short else args.scripts):
            rows.append(bench_script(script, options, Path(tmp) / str(k)))
        print_table(rows)
        for quality in args.long:
            bench_long(quality, options, Path(tmp) / "long", args.long_seconds)


if __name__ == "__main__":
    main()
