"""Benchmark: how long are the shots? Plans every example and bench script at several lengths,
voices every line (espeak by default), times the film like a render and places the shots with
the renderer's own cut rule (`animate.edit.cut_list`), so the numbers are the film's.

Why: coverage plans shots from speech estimated from words; this checks the estimate against real
speech. Dense films (speech fills the length) and sparse ones (about 100 words over 120-180 s,
where timing stretches pauses and scene holds) both have to meet issue 12's targets: average
shot <= 7 s for stories and screenplays, <= 9 s for documentaries and verse, none under 1.2 s.
Run: `python bench/shots.py [--seconds 30 60 120 180] [--voice espeak] [--only NAME]`.
"""

from __future__ import annotations

import argparse
import functools
from pathlib import Path

from filmstudio.engine.animate.edit import MIN_SHOT, cut_list
from filmstudio.engine.errors import TimingError
from filmstudio.engine.plan import FilmPlan, Line
from filmstudio.engine.planning import make_plan
from filmstudio.engine.planning.coverage import long_shots
from filmstudio.engine.request import FilmRequest
from filmstudio.engine.timing import fit_timeline
from filmstudio.engine.voice import cast, speak_line
from filmstudio.engine.voice.base import Speech

ROOT = Path(__file__).parents[1]
SCRIPTS = sorted((ROOT / "examples").glob("*.*")) + sorted((ROOT / "bench/scripts").glob("*.*"))
STORY_TARGET = 7.0
LONG_TARGET = 9.0


def shot_lengths(plan: FilmPlan, engine: str) -> list[float]:
    """Every shot's length (seconds) on the film's frames, with voiced speech."""
    speeches = [
        [_speak(line, _voice(plan, line.speaker), engine) for line in s.dialogue]
        for s in plan.scenes
    ]
    _, timeline = fit_timeline(plan, speeches)
    return [cut.frame_count / timeline.fps for cut in cut_list(plan, timeline)]


@functools.cache
def _speak_cached(line_json: str, voice: str, engine: str) -> Speech:
    return speak_line(Line.model_validate_json(line_json), voice, engine)


def _speak(line: Line, voice: str, engine: str) -> Speech:
    return _speak_cached(line.model_dump_json(), voice, engine)


def _voice(plan: FilmPlan, speaker: str) -> str:
    character = plan.character(speaker)
    return character.voice if character and character.voice else plan.narrator_voice


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=int, nargs="+", default=[30, 60, 120, 180])
    parser.add_argument("--voice", default="espeak")
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    print(
        f"{'script':26} {'words':>5} {'s':>4} {'shots':>5} {'avg':>5} {'min':>5} {'max':>5}  target"
    )
    failures = 0
    for path in SCRIPTS:
        if args.only and args.only not in path.name:
            continue
        text = path.read_text(encoding="utf-8")
        for seconds in args.seconds:
            plan = cast(make_plan(text, FilmRequest(script=text, duration=seconds)), {})
            try:
                lengths = shot_lengths(plan, args.voice)
            except TimingError:
                print(f"{path.name:26} {len(text.split()):5} {seconds:4}  speech does not fit")
                continue
            target = LONG_TARGET if long_shots(plan) else STORY_TARGET
            average = sum(lengths) / len(lengths)
            ok = average <= target and min(lengths) >= MIN_SHOT - 1e-6
            failures += not ok
            print(
                f"{path.name:26} {len(text.split()):5} {seconds:4} {len(lengths):5} {average:5.1f} "
                f"{min(lengths):5.1f} {max(lengths):5.1f}  <= {target:g} {'ok' if ok else 'MISSED'}"
            )
    print(f"{failures} missed")


if __name__ == "__main__":
    main()
