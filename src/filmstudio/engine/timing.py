"""Fit the film to the requested length: when every scene starts and every line is heard.

Why a stage of its own: speech has a natural length, the user asks for another. Short scripts
are stretched with pauses and scene holds (the music fills them); long ones are tightened down
to minimal pauses, and a script whose speech cannot fit gets an error that names the shortest
duration that works. Scene boundaries land on frame boundaries so video and audio agree.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from filmstudio.engine.errors import TimingError
from filmstudio.engine.plan import FilmPlan, Line
from filmstudio.engine.voice.base import Speech, WordTiming

#: Frames a second: the cinema rate. Characters are drawn on twos (12 drawings a second), which
#: only divides evenly at 24; and every frame drawn and encoded costs, so 30 would cost 25 % more.
FPS = 24
#: Longest pause we stretch a gap between two lines to; beyond it, scene holds take the time.
MAX_GAP = 2.5


@dataclass(frozen=True)
class Pauses:
    """Silence around and between lines, in seconds."""

    lead: float
    first_lead: float
    gap: float
    speaker_change: float
    verse_gap: float
    tail: float
    last_tail: float
    empty_scene: float


NATURAL = Pauses(
    lead=0.6,
    first_lead=1.2,
    gap=0.35,
    speaker_change=0.55,
    verse_gap=0.9,
    tail=0.8,
    last_tail=2.0,
    empty_scene=3.5,
)
TIGHT = Pauses(
    lead=0.25,
    first_lead=0.4,
    gap=0.12,
    speaker_change=0.2,
    verse_gap=0.3,
    tail=0.35,
    last_tail=0.8,
    empty_scene=1.5,
)


@dataclass(frozen=True)
class TimedLine:
    """A voiced line placed in the film; `words` are in film seconds."""

    scene_index: int
    line: Line
    start: float
    speech: Speech
    words: tuple[WordTiming, ...]

    @property
    def end(self) -> float:
        return self.start + self.speech.duration


@dataclass(frozen=True)
class TimedScene:
    """A scene's span in the film, in seconds."""

    index: int
    start: float
    end: float

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class Timeline:
    """Where everything is: the contract between timing and the mix, captions and render."""

    duration: float
    fps: int
    scenes: tuple[TimedScene, ...]
    lines: tuple[TimedLine, ...]

    @property
    def frame_count(self) -> int:
        return round(self.duration * self.fps)


def _mix(a: Pauses, b: Pauses, alpha: float) -> Pauses:
    """Pauses a fraction `alpha` of the way from `a` to `b`."""
    fields = Pauses.__dataclass_fields__
    return Pauses(
        **{
            name: getattr(a, name) + alpha * (getattr(b, name) - getattr(a, name))
            for name in fields
        }
    )


def _gaps(lines: Sequence[Line], pauses: Pauses) -> list[float]:
    """The pause before each line after the first of a scene."""
    gaps = []
    for before, after in itertools.pairwise(lines):
        if "recite" in (before.emotion, after.emotion):
            gaps.append(pauses.verse_gap)
        elif before.speaker != after.speaker:
            gaps.append(pauses.speaker_change)
        else:
            gaps.append(pauses.gap)
    return gaps


@dataclass(frozen=True)
class _SceneLayout:
    lead: float
    gaps: tuple[float, ...]
    tail: float

    def length(self, speech: float) -> float:
        return self.lead + sum(self.gaps) + speech + self.tail


def _layout(plan: FilmPlan, index: int, pauses: Pauses) -> _SceneLayout:
    scene = plan.scenes[index]
    last = index == len(plan.scenes) - 1
    if not scene.dialogue:
        return _SceneLayout(lead=pauses.empty_scene, gaps=(), tail=pauses.last_tail if last else 0)
    return _SceneLayout(
        lead=pauses.first_lead if index == 0 else pauses.lead,
        gaps=tuple(_gaps(scene.dialogue, pauses)),
        tail=pauses.last_tail if last else pauses.tail,
    )


def _total(plan: FilmPlan, speech: Sequence[float], pauses: Pauses) -> float:
    return sum(_layout(plan, i, pauses).length(speech[i]) for i in range(len(plan.scenes)))


def shortest_duration(plan: FilmPlan, speeches: Sequence[Sequence[Speech]]) -> float:
    """The shortest film (seconds) that still fits all the speech with minimal pauses."""
    speech = [sum(s.duration for s in scene) for scene in speeches]
    return _total(plan, speech, TIGHT)


def _stretch(layout: _SceneLayout, extra: float) -> _SceneLayout:
    """Spread `extra` seconds over a scene: some before, some between lines, the rest after."""
    gap_share = 0.3 * extra if layout.gaps else 0.0
    per_gap = min(gap_share / len(layout.gaps), MAX_GAP) if layout.gaps else 0.0
    gaps = tuple(min(g + per_gap, max(g, MAX_GAP)) for g in layout.gaps)
    rest = extra - (sum(gaps) - sum(layout.gaps))
    return _SceneLayout(lead=layout.lead + 0.45 * rest, gaps=gaps, tail=layout.tail + 0.55 * rest)


def _fill(plan: FilmPlan, index: int, speech: float, duration: float) -> _SceneLayout:
    """The pauses of one scene that fill `duration` seconds.

    Why it depends on the scene alone: a scene whose text, voices and length did not change keeps
    every line where it was, so its shots (and their cached segments) stay the same after an edit
    elsewhere in the film.
    """
    tight = _layout(plan, index, TIGHT).length(speech)
    natural = _layout(plan, index, NATURAL)
    if duration >= natural.length(speech):
        return _stretch(natural, duration - natural.length(speech))
    span = natural.length(speech) - tight
    alpha = min(1.0, max(0.0, (duration - tight) / span)) if span > 0 else 1.0
    return _layout(plan, index, _mix(TIGHT, NATURAL, alpha))


def _fit(
    plan: FilmPlan, speech: Sequence[float], indices: Sequence[int], total: float
) -> dict[int, float]:
    """Lengths of the scenes `indices` that share `total` seconds, pauses alike across them."""
    if not indices:
        return {}
    tight = sum(_layout(plan, i, TIGHT).length(speech[i]) for i in indices)
    natural = sum(_layout(plan, i, NATURAL).length(speech[i]) for i in indices)
    if total <= natural:
        alpha = (total - tight) / (natural - tight) if natural > tight else 1.0
        pauses = _mix(TIGHT, NATURAL, max(0.0, alpha))
        return {i: _layout(plan, i, pauses).length(speech[i]) for i in indices}
    lengths = {i: _layout(plan, i, NATURAL).length(speech[i]) for i in indices}
    return {i: length + (total - natural) * length / natural for i, length in lengths.items()}


def _take(lengths: dict[int, float], floors: dict[int, float], shortage: float) -> None:
    """Shorten scenes by `shortage` seconds in all, the roomiest first, so few scenes change."""
    for i in sorted(lengths, key=lambda i: (floors[i] - lengths[i], i)):
        if shortage <= 1e-9:
            return
        cut = min(lengths[i] - floors[i], shortage)
        lengths[i] -= cut
        shortage -= cut


def _scene_lengths(plan: FilmPlan, speech: Sequence[float], target: float) -> list[float]:
    """How long each scene lasts: the plan's own lengths where it has them and they still fit.

    A scene with `duration` 0 is timed automatically; a scene with a length (a trim in the
    editor, or the lengths a previous render wrote into the plan) keeps it, so an edit moves only
    the scenes it must. A scene whose speech no longer fits grows, taking the time from the
    scenes with the most room; when the lengths do not add up to the film, the difference is
    shared out by length.
    """
    count = len(plan.scenes)
    auto = [i for i, scene in enumerate(plan.scenes) if scene.duration <= 0]
    if len(auto) == count:
        fitted = _fit(plan, speech, auto, target)
        return [fitted[i] for i in range(count)]
    floors = {i: _layout(plan, i, TIGHT).length(speech[i]) for i in range(count)}
    lengths: dict[int, float] = {}
    for i, scene in enumerate(plan.scenes):
        if scene.duration > 0:
            natural = _layout(plan, i, NATURAL).length(speech[i])
            roomy = floors[i] + 0.5 * (natural - floors[i])
            # A frame of slack: lengths in a plan are rounded to the millisecond.
            lengths[i] = scene.duration if scene.duration >= floors[i] - 1 / FPS else roomy
    rest = target - sum(lengths.values())
    if auto:
        needed = sum(floors[i] for i in auto)
        lengths.update(_fit(plan, speech, auto, max(rest, needed)))
        rest = min(0.0, rest - needed)
    if rest > 1e-9:
        share = sum(lengths.values())
        lengths = {i: length + rest * length / share for i, length in lengths.items()}
    elif rest < -1e-9:
        _take(lengths, floors, -rest)
    return [lengths[i] for i in range(count)]


def fit_timeline(
    plan: FilmPlan, speeches: Sequence[Sequence[Speech]], fps: int = FPS
) -> tuple[FilmPlan, Timeline]:
    """Lay every line out so the film lasts `plan.target_duration`; return the timed plan too.

    `speeches[i][j]` is the speech of line j of scene i. Scenes keep the lengths the plan gives
    them where they can (see `_scene_lengths`), and lines are placed inside each scene from that
    scene alone (see `_fill`).
    """
    if len(speeches) != len(plan.scenes) or any(
        len(s) != len(scene.dialogue) for s, scene in zip(speeches, plan.scenes, strict=True)
    ):
        raise ValueError("one speech per line of every scene is required")
    target = round(plan.target_duration * fps) / fps
    speech = [sum(s.duration for s in scene) for scene in speeches]
    tight = _total(plan, speech, TIGHT)
    if tight > target + 1e-6:
        needed = math.ceil(tight)
        hint = (
            f"choose a duration of at least {needed} s"
            if needed <= 300
            else "shorten the script (the longest film is 300 s)"
        )
        raise TimingError(
            f"The speech needs at least {needed} s but the film is set to last {target:g} s: "
            f"{hint}."
        )
    return _place(plan, speeches, _scene_lengths(plan, speech, target), speech, target, fps)


def _place(
    plan: FilmPlan,
    speeches: Sequence[Sequence[Speech]],
    lengths: Sequence[float],
    speech: Sequence[float],
    target: float,
    fps: int,
) -> tuple[FilmPlan, Timeline]:
    scale = target / sum(lengths)
    bounds = [0.0]
    for length in lengths:
        bounds.append(bounds[-1] + length * scale)
    frames = [round(b * fps) for b in bounds]
    frames[-1] = round(target * fps)
    scenes = tuple(
        TimedScene(index=i, start=frames[i] / fps, end=frames[i + 1] / fps)
        for i in range(len(plan.scenes))
    )
    lines: list[TimedLine] = []
    for i, timed in enumerate(scenes):
        layout = _fill(plan, i, speech[i], timed.duration)
        spare = timed.duration - layout.length(speech[i])
        cursor = timed.start + layout.lead + 0.45 * spare
        for j, (line, voiced) in enumerate(zip(plan.scenes[i].dialogue, speeches[i], strict=True)):
            if j:
                cursor += layout.gaps[j - 1]
            words = tuple(
                WordTiming(w.text, cursor + w.start, cursor + w.end) for w in voiced.words
            )
            lines.append(TimedLine(i, line, cursor, voiced, words))
            cursor += voiced.duration
    timed_plan = plan.model_copy(
        update={
            "scenes": [
                scene.model_copy(update={"duration": round(t.duration, 3)})
                for scene, t in zip(plan.scenes, scenes, strict=True)
            ]
        }
    )
    return timed_plan, Timeline(duration=target, fps=fps, scenes=scenes, lines=tuple(lines))
