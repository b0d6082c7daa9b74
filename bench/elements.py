"""Benchmark: what each animated element costs per 720p frame (median CPU ms), alone and in a
storm scene, so the compositing budget (~6 ms a frame for everything but the encoder) can be
checked element by element.

Each scene is painted as a set at the frame size, filmed by a still-ish wide shot through the
stage; every element draws onto a copy of the shot's composed background (the copy is not
timed). "all elements" is the sum of one frame's draws; "whole frame" is `planes_at`, set
layers, characters and vignette included. Frames are consecutive (24 fps) so caches behave
as in a film. Elements that share a name (two roads' traffic) are summed per frame.
`--memory` prints instead what each element holds after drawing a few frames (its loops and
caches, MiB traced by tracemalloc) and its peak while drawing, at 1080p and 2160p.
`--shot insert --move static` films the set in another framing (an insert of a hillside is
the grass's worst case: its band fills the frame).
Run: `python bench/elements.py [--frames 96] [--quality 720p] [--only NAME] [--memory]
[--shot wide] [--move drift]`.
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
from dataclasses import dataclass

from filmstudio.engine.animate.stage import StageShot
from filmstudio.engine.picture.layers import paint_set
from filmstudio.engine.plan import (
    Character,
    FilmPlan,
    Line,
    Scene,
    Setting,
    Shot,
    frame_size,
)


@dataclass(frozen=True)
class Case:
    place: str
    time_of_day: str
    weather: str
    mood: str


CASES = {
    "storm-at-sea": Case("beach", "night", "storm", "tense"),
    "clear-night-harbour": Case("harbour", "night", "clear", "calm"),
    "dusk-market": Case("market", "dusk", "clear", "joyful"),
    "dusk-street": Case("street", "dusk", "clear", "calm"),
    "snowy-village": Case("village", "day", "snow", "calm"),
    "foggy-fields": Case("fields", "dawn", "fog", "calm"),
    "windy-fields": Case("fields", "day", "clouds", "epic"),
    "sunny-hills": Case("mountains", "day", "clear", "calm"),  # the-kite's hillside
    "temple-evening": Case("temple", "dusk", "clear", "devotional"),
}


def _plan(case: Case, aspect: str) -> FilmPlan:
    scene = Scene(
        scene_number=1,
        description="Maya and Arun talk.",
        setting=Setting(place=case.place, time_of_day=case.time_of_day, weather=case.weather),
        mood=case.mood,
        characters=["Maya", "Arun"],
        dialogue=[Line(speaker="Maya", text="Hello."), Line(speaker="Arun", text="Hi.")],
    )
    cast = [Character(name="Maya", gender="female"), Character(name="Arun", gender="male")]
    return FilmPlan(aspect=aspect, characters=cast, scenes=[scene])


def _ms(start: float) -> float:
    return (time.process_time() - start) * 1000.0


def measure(
    case: Case, size: tuple[int, int], frames: int, kind: str = "wide", move: str = "drift"
) -> dict[str, float]:
    """Median ms/frame of each element, of all of them together and of the whole frame."""
    plan = _plan(case, "16:9" if size[0] >= size[1] else "9:16")
    scene_set = paint_set(plan.scenes[0], plan, *size)
    shot = Shot(kind=kind, move=move, lines=[0, 1])
    stage = StageShot(scene_set, plan, 0, shot, size, 24, 0.0, frames / 24)
    timings: dict[str, list[float]] = {e.name: [] for e in stage.elements}
    totals, whole = [], []
    for index in range(frames):
        seconds = index / 24
        back = stage._back(stage._u(seconds), seconds)
        view = stage.view_at(seconds)
        total = 0.0
        spent_by: dict[str, float] = dict.fromkeys(timings, 0.0)
        for element in stage.elements:
            frame = (back[0].copy(), back[1].copy(), back[2].copy())
            start = time.process_time()
            element.draw(frame, seconds, view)
            spent = _ms(start)
            spent_by[element.name] += spent
            total += spent
        for name, spent in spent_by.items():
            timings[name].append(spent)
        totals.append(total)
        start = time.process_time()
        stage.planes_at(seconds)
        whole.append(_ms(start))
    # the first frame pays for pre-rendered loops: report it apart
    out = {name: statistics.median(values[1:] or values) for name, values in timings.items()}
    out["all elements"] = statistics.median(totals[1:] or totals)
    out["whole frame"] = statistics.median(whole[1:] or whole)
    out["first frame (loops)"] = totals[0]
    return out


MEMORY_CASES = ("storm-at-sea", "snowy-village", "dusk-street")


def memory(case: Case, size: tuple[int, int], frames: int = 3) -> dict[str, tuple[float, float]]:
    """(MiB held after `frames` frames, MiB peak while drawing them) of each element."""
    plan = _plan(case, "16:9")
    scene_set = paint_set(plan.scenes[0], plan, *size)
    shot = Shot(kind="wide", move="drift", lines=[0, 1])
    stage = StageShot(scene_set, plan, 0, shot, size, 24, 0.0, 4.0)
    back = stage._back(stage._u(0.0), 0.0)
    out: dict[str, tuple[float, float]] = {}
    for element in stage.elements:
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        for index in range(frames):
            frame = (back[0].copy(), back[1].copy(), back[2].copy())
            element.draw(frame, index / 24, stage.view_at(index / 24))
            del frame
        held, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        mib = 1024.0 * 1024.0
        old = out.get(element.name, (0.0, 0.0))
        out[element.name] = (old[0] + (held - before) / mib, max(old[1], (peak - before) / mib))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--frames", type=int, default=96)
    parser.add_argument("--quality", default="720p")
    parser.add_argument("--aspect", default="16:9")
    parser.add_argument("--only", choices=sorted(CASES), action="append")
    parser.add_argument("--memory", action="store_true")
    parser.add_argument("--shot", default="wide", help="shot kind: wide, insert, close-up...")
    parser.add_argument("--move", default="drift", help="camera move: drift, static, push_in...")
    args = parser.parse_args()
    if args.memory:
        for quality in ("1080p", "2160p"):
            size = frame_size(quality, args.aspect)
            print(f"\nMiB held after 3 frames / peak while drawing, {size[0]}x{size[1]}")
            for name in args.only or MEMORY_CASES:
                print(f"\n{name}")
                for element, (held, peak) in memory(CASES[name], size).items():
                    print(f"  {element:22s} {held:8.1f} {peak:8.1f}")
        return
    size = frame_size(args.quality, args.aspect)
    print(
        f"median CPU ms per frame at {size[0]}x{size[1]}, {args.frames} frames,"
        f" {args.shot} shot, {args.move}"
    )
    for name in args.only or CASES:
        print(f"\n{name}")
        for element, ms in measure(CASES[name], size, args.frames, args.shot, args.move).items():
            print(f"  {element:22s} {ms:7.2f}")


if __name__ == "__main__":
    main()
