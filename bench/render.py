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
from collections.abc import Callable
from pathlib import Path
from typing import Any

from filmstudio.engine.cache import StageCache
from filmstudio.engine.film import EngineOptions, FilmResult, make_film
from filmstudio.engine.plan import NARRATOR, FilmPlan
from filmstudio.engine.request import FilmRequest

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = (
    ROOT / "examples/beach-reunion.fountain",  # screenplay
    ROOT / "examples/lighthouse-keeper.txt",  # prose
    ROOT / "examples/gita-2-47.txt",  # verse
)


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
    and keeps the highest sum."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(0.2):
            self.peak = max(self.peak, tree_rss(os.getpid()))

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def measure(work: Callable[[], FilmResult]) -> tuple[FilmResult, float, float, int]:
    """(result, wall seconds, CPU seconds, peak bytes of the process tree)."""
    wall, cpu = time.perf_counter(), cpu_seconds()
    with PeakMemory() as memory:
        result = work()
    return result, time.perf_counter() - wall, cpu_seconds() - cpu, memory.peak


def reencode_floor(film: Path) -> float:
    """CPU seconds ffmpeg needs just to decode and re-encode the finished film's frames."""
    before = cpu_seconds()
    command = ["ffmpeg", "-v", "error", "-i", str(film), "-an", "-c:v", "libx264"]
    command += ["-preset", "veryfast", "-crf", "23", "-f", "null", "-"]
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
    return f"{count / 2**20:.0f} MiB"


def bench_script(script: Path, options: EngineOptions, work: Path) -> dict[str, Any]:
    """Cold, warm and edited renders of one script; prints one block, returns the numbers."""
    request = FilmRequest(script=script.read_text(encoding="utf-8"), duration=60, quality="720p")
    cache = work / "cache"
    cold, cold_wall, cold_cpu, cold_peak = measure(
        lambda: make_film(request, work / "cold", options=options, cache=StageCache(cache))
    )
    length = cold.duration
    floor = reencode_floor(cold.files["film.mp4"])
    _, warm_wall, _, _ = measure(
        lambda: make_film(request, work / "warm", options=options, cache=StageCache(cache))
    )
    edited = edit_one_line(cold.plan)
    edit, edit_wall, _, edit_peak = measure(
        lambda: make_film(edited, work / "edit", options=options, cache=StageCache(cache))
    )
    print(f"{script.name}: {length:.0f} s 720p, {len(cold.plan.scenes)} scenes")
    print(
        f"  cold  {cold_wall:6.1f} s = {cold_wall / length:.2f}x film; CPU {cold_cpu:.1f} s "
        f"= {cold_cpu / floor:.2f}x the x264 floor ({floor:.1f} s); peak {_mib(cold_peak)}; "
        f"{cold.segments_encoded} segments"
    )
    print(f"  warm  {warm_wall:6.1f} s = {warm_wall / cold_wall:.2f}x cold")
    print(
        f"  edit  {edit_wall:6.1f} s = {edit_wall / cold_wall:.2f}x cold; segments encoded "
        f"{edit.segments_encoded}, reused {edit.segments_reused}; peak {_mib(edit_peak)}"
    )
    stages = ", ".join(f"{k} {v:.1f}" for k, v in cold.stage_seconds.items())
    print(f"  cold stages (s): {stages}")
    return {
        "cold": cold_wall / length,
        "cpu_floor": cold_cpu / floor,
        "edit": edit_wall / cold_wall,
    }


def bench_long(quality: str, options: EngineOptions, work: Path) -> None:
    """A 5-minute film at `quality`: wall time and peak memory of the process tree."""
    script = ROOT / "examples/lighthouse-keeper.txt"
    request = FilmRequest(script=script.read_text(encoding="utf-8"), duration=300, quality=quality)
    result, wall, cpu, peak = measure(
        lambda: make_film(request, work / quality, options=options, cache=StageCache(work / "c"))
    )
    print(
        f"5-minute {quality} ({script.name}): wall {wall:.0f} s = {wall / result.duration:.2f}x "
        f"film; CPU {cpu:.0f} s; peak memory of the process tree {_mib(peak)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scripts", nargs="*", type=Path, default=list(SCRIPTS))
    parser.add_argument("--jobs", type=int, default=1, help="segment encoding processes")
    parser.add_argument("--long", action="append", default=[], choices=["1080p", "2160p"])
    parser.add_argument("--skip-short", action="store_true", help="only the --long films")
    args = parser.parse_args()
    options = EngineOptions(jobs=args.jobs)
    print(f"cores: {os.cpu_count()}, segment processes: {args.jobs}")
    with tempfile.TemporaryDirectory() as tmp:
        results = []
        for k, script in enumerate([] if args.skip_short else args.scripts):
            results.append(bench_script(script, options, Path(tmp) / str(k)))
        if results:
            worst = {key: max(r[key] for r in results) for key in results[0]}
            print(
                f"worst of {len(results)}: cold {worst['cold']:.2f}x film, CPU "
                f"{worst['cpu_floor']:.2f}x floor, edit {worst['edit']:.2f}x cold"
            )
        for quality in args.long:
            bench_long(quality, options, Path(tmp) / "long")


if __name__ == "__main__":
    main()
