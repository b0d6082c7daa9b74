"""Benchmark: procedural picture generation, seconds per scene at 1080p.

Target: <= 1 s per scene on 2 cores. Paints a spread of places x times x weathers x styles x
shots and prints, per scene, the CPU seconds (user + system of this process, all threads) and
the wall seconds. On a shared machine CPU seconds are the stable figure; wall seconds rise
with the load of whatever else runs.

Run: `python bench/pictures.py [--size 1920x1080] [--repeat 1]`.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time

from filmstudio.engine.picture import paint_scene
from filmstudio.engine.plan import Character, FilmPlan, Scene, Setting

CAST = [
    Character(name="Maya", gender="female", age="adult"),
    Character(name="Arun", gender="male", age="adult"),
    Character(name="Tara", gender="female", age="child"),
    Character(name="Ravi", gender="male", age="elder"),
]

# place, time, weather, style, shot, description
CASES: list[tuple[str, str, str, str, str, str]] = [
    ("beach", "golden_hour", "clear", "cinematic", "establishing", "Maya and Arun walk."),
    ("harbour", "dawn", "clear", "anime", "wide", "Maya stands on the pier."),
    ("cliffs", "night", "storm", "noir", "wide", "Maya and Arun look at the lighthouse."),
    ("mountains", "day", "snow", "watercolor", "wide", "Maya and Tara walk."),
    ("forest", "dusk", "fog", "storybook", "medium", "Maya and Arun talk."),
    ("fields", "day", "clouds", "documentary", "wide", "Maya waves at Arun."),
    ("river", "golden_hour", "clear", "cinematic", "wide", "Maya and Arun sit by the river."),
    ("desert", "day", "clear", "anime", "establishing", "Maya and Arun walk."),
    ("village", "night", "rain", "cinematic", "wide", "Maya and Arun talk."),
    ("city", "dusk", "clear", "documentary", "establishing", "Maya and Arun walk."),
    ("street", "night", "rain", "noir", "wide", "Maya and Arun walk down the street."),
    ("cafe", "night", "rain", "cinematic", "medium", "Maya and Arun sit and talk."),
    ("living_room", "day", "clear", "storybook", "wide", "Maya and Ravi sit on the sofa."),
    ("kitchen", "dawn", "clear", "watercolor", "close-up", "Maya talks."),
    ("bedroom", "night", "clear", "anime", "wide", "Tara sits on the bed."),
    ("office", "day", "clouds", "documentary", "over-the-shoulder", "Maya and Arun talk."),
    ("classroom", "day", "clear", "storybook", "wide", "Tara and Maya sit."),
    ("temple", "dawn", "fog", "cinematic", "wide", "Maya prays at the temple."),
    ("palace", "golden_hour", "clear", "anime", "establishing", "Maya and Arun walk."),
    ("market", "day", "clear", "documentary", "wide", "Maya and Arun walk."),
    ("space", "night", "clear", "cinematic", "wide", "Maya and Arun look at the stars."),
    ("beach", "day", "clear", "cinematic", "wide", "Maya and Arun embrace."),
]


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.lower().split("x"))
    # warm up: fonts, clip-art index, noise tables
    warm = FilmPlan(scenes=[Scene(scene_number=1, characters=["Maya"])], characters=CAST)
    paint_scene(warm.scenes[0], warm, 320, 180)
    cpus: list[float] = []
    walls: list[float] = []
    print(f"{'scene':58s} {'cpu s':>7s} {'wall s':>7s}")
    for number, (place, tod, weather, style, shot, desc) in enumerate(CASES, start=1):
        names = [c.name for c in CAST if c.name in desc]
        scene = Scene(
            scene_number=number,
            description=desc,
            setting=Setting.model_validate(
                {"place": place, "time_of_day": tod, "weather": weather}
            ),
            characters=names,
            shot_type=shot,
        )
        plan = FilmPlan(scenes=[scene], characters=CAST, style=style)
        for _ in range(args.repeat):
            cpu0, wall0 = _cpu(), time.perf_counter()
            paint_scene(scene, plan, width, height)
            cpus.append(_cpu() - cpu0)
            walls.append(time.perf_counter() - wall0)
        label = f"{place} {tod} {weather} {style} {shot}"
        print(f"{label:58s} {cpus[-1]:7.3f} {walls[-1]:7.3f}")
    print(
        f"\n{len(cpus)} scenes at {width}x{height}: CPU s/scene mean {statistics.mean(cpus):.3f}"
        f" median {statistics.median(cpus):.3f} max {max(cpus):.3f}; wall s/scene mean"
        f" {statistics.mean(walls):.3f} max {max(walls):.3f} (target <= 1 s)"
    )


if __name__ == "__main__":
    main()
