"""The edit: the plan's shots placed on the film's frames, and the picture track drawn cut by cut.

Why its own module: coverage (which shot, when) is the editor's decision, drawing a shot is the
stage's or the talker's. Cuts fall between lines (midway through the pause before the line a shot
opens on), every shot lasts at least MIN_SHOT seconds (shorter ones merge into a neighbour), a
scene that enters with a dissolve blends over the previous shot for DISSOLVE seconds, and the
film fades in from black and out to black.

Every cut is drawn in its own time (0 at its first frame), never the film's: a scene moved later
in the film, or a cut whose neighbours changed, draws the same frames and keeps its cached
segment.
"""

from __future__ import annotations

import hashlib
import itertools
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, Generic, TypeVar

import numpy as np

from filmstudio.engine.plan import NARRATOR, FilmPlan, Shot
from filmstudio.engine.render.motion import Planes
from filmstudio.engine.render.source import Segment
from filmstudio.engine.timing import TimedLine, Timeline

#: The shortest shot a viewer can read (seconds); shorter ones merge into a neighbour.
MIN_SHOT = 1.2
#: A cut comes this long before a line opens, or after lines end (seconds).
CUT_LEAD = 0.25
#: Length of a dissolve between scenes, and of the fades at the film's two ends (seconds).
DISSOLVE = 0.8
FADE_IN = 0.6
FADE_OUT = 1.0
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

#: Shots a talking portrait draws (the stage frames the others).
PORTRAIT_KINDS = frozenset({"close-up", "over-the-shoulder", "reaction"})
#: Black in limited-range I420.
_BLACK = (16, 128, 128)


@dataclass(frozen=True)
class Cut:
    """One shot on the film's frames: [first, last), with the lines heard during it."""

    scene_index: int
    shot_index: int
    shot: Shot
    first: int
    last: int
    lines: tuple[TimedLine, ...]
    dissolve: int = 0  # frames at the start blended over the previous cut
    fade_in: int = 0  # frames at the start rising from black
    fade_out: int = 0  # frames at the end falling to black
    scene_first: int = 0  # the scene's first frame (scene-local time starts there)
    scene_last: int = 0  # the scene's last frame (exclusive)

    @property
    def frame_count(self) -> int:
        return self.last - self.first

    def local(self, line: TimedLine, fps: int) -> tuple[float, float]:
        """A line's start and end in this cut's own seconds."""
        origin = self.first / fps
        return line.start - origin, line.end - origin

    def in_scene(self, line: TimedLine, fps: int) -> tuple[float, float]:
        """A line's start and end in the scene's seconds."""
        origin = self.scene_first / fps
        return line.start - origin, line.end - origin


def _shot_times(
    shots: Sequence[Shot], lines: Sequence[TimedLine], start: float, end: float
) -> list[float]:
    """Where each shot of a scene begins (seconds); the first at the scene's start.

    A shot opening on a line cuts in midway through the pause before it (just before the line
    when a cutaway precedes it); a shot with no lines (a cutaway in a pause, the scene's hold
    after its last line) cuts in just after the lines before it end, and a run of such shots
    shares its pause equally. A scene with no lines shares its time equally.
    """
    if not lines or not any(shot.lines for shot in shots):
        step = (end - start) / max(len(shots), 1)
        return [start + step * k for k in range(len(shots))]
    times = [start]
    heard = -1  # the last line covered by the shots so far
    for previous, shot in itertools.pairwise(shots):
        heard = max([heard, *previous.lines])
        if shot.lines:
            opening = lines[shot.lines[0]]
            before = lines[shot.lines[0] - 1] if shot.lines[0] > 0 else None
            if before is None or not previous.lines:
                cut = opening.start - CUT_LEAD
            else:
                cut = (before.end + opening.start) / 2
        else:
            cut = lines[heard].end + CUT_LEAD if heard >= 0 else times[-1]
        times.append(min(max(times[-1], cut), end))
    return _share_cutaway_runs(shots, times, end)


def _share_cutaway_runs(shots: Sequence[Shot], times: list[float], end: float) -> list[float]:
    """Consecutive shots without lines split the time from the first one's cut to the next
    shot (or the scene's end) equally, instead of the last one taking it all."""
    shared = list(times)
    first = 0
    while first < len(shots):
        if shots[first].lines:
            first += 1
            continue
        last = first
        while last + 1 < len(shots) and not shots[last + 1].lines:
            last += 1
        finish = shared[last + 1] if last + 1 < len(shots) else end
        step = (finish - shared[first]) / (last - first + 1)
        for k in range(first, last + 1):
            shared[k] = shared[first] + step * (k - first)
        first = last + 1
    return shared


def _merge_short(spans: list[tuple[int, float, float]]) -> list[tuple[int, float, float]]:
    """Shots shorter than MIN_SHOT join the previous one (the first joins the next)."""
    merged = list(spans)
    k = 0
    while len(merged) > 1 and k < len(merged):
        _, begin, finish = merged[k]
        if finish - begin >= MIN_SHOT:
            k += 1
            continue
        if k > 0:
            prev = merged[k - 1]
            merged[k - 1] = (prev[0], prev[1], finish)
        else:
            nxt = merged[1]
            merged[1] = (nxt[0], begin, nxt[2])
        del merged[k]
    return merged


def _scene_shots(plan: FilmPlan, scene_index: int) -> list[Shot]:
    shots = plan.scenes[scene_index].shots
    if shots:
        return list(shots)
    count = len(plan.scenes[scene_index].dialogue)
    return [Shot(kind="wide", move="drift", lines=list(range(count)))]


def cut_list(plan: FilmPlan, timeline: Timeline) -> list[Cut]:
    """Every shot of the plan on the film's frames, in order, tiling [0, frame_count)."""
    fps = timeline.fps
    by_scene: dict[int, list[TimedLine]] = {}
    for timed in timeline.lines:
        by_scene.setdefault(timed.scene_index, []).append(timed)
    cuts: list[Cut] = []
    for timed_scene in timeline.scenes:
        index = timed_scene.index
        lines = by_scene.get(index, [])
        shots = _scene_shots(plan, index)
        starts = _shot_times(shots, lines, timed_scene.start, timed_scene.end)
        ends = [*starts[1:], timed_scene.end]
        spans = _merge_short([(k, s, e) for k, (s, e) in enumerate(zip(starts, ends, strict=True))])
        for position, (k, begin, finish) in enumerate(spans):
            first, last = round(begin * fps), round(finish * fps)
            if last <= first:
                continue
            heard = tuple(t for t in lines if t.end > begin and t.start < finish)
            entering = position == 0 and index > 0
            transition = plan.scenes[index].transition if entering else "cut"
            dissolve = round(DISSOLVE * fps) if transition == "dissolve" else 0
            cuts.append(
                Cut(
                    index,
                    k,
                    shots[k],
                    first,
                    last,
                    heard,
                    dissolve=min(dissolve, last - first, cuts[-1].frame_count if cuts else 0),
                    fade_in=round(FADE_IN * fps) if (not cuts or transition == "fade") else 0,
                    scene_first=round(timed_scene.start * fps),
                    scene_last=round(timed_scene.end * fps),
                )
            )
    if cuts:
        end = cuts[-1]
        cuts[-1] = replace(
            end,
            last=timeline.frame_count,
            fade_out=min(round(FADE_OUT * fps), timeline.frame_count - end.first),
        )
    return cuts


def speaker_side(plan: FilmPlan, scene_index: int, name: str) -> bool:
    """True when `name` stands on the left facing right (the 180° rule: the scene's first
    character keeps the left, the second the right, whoever is framed)."""
    scene = plan.scenes[scene_index]
    people = list(dict.fromkeys([*scene.characters, *(ln.speaker for ln in scene.dialogue)]))
    people = [p for p in people if p != NARRATOR]
    return people.index(name) % 2 == 0 if name in people else True


def fade(planes: Planes, level: float) -> Planes:
    """Planes faded toward black by `level` (0: untouched, 1: black)."""
    if level <= 0.0:
        return planes
    keep = 1.0 - min(level, 1.0)
    return tuple(
        np.clip(plane.astype(np.float32) * keep + black * (1.0 - keep) + 0.5, 0, 255).astype(
            np.uint8
        )
        for plane, black in zip(planes, _BLACK, strict=True)
    )


def blend(a: Planes, b: Planes, weight: float) -> Planes:
    """`a` dissolving into `b` (weight 0: all a, 1: all b)."""
    return tuple(  # type: ignore[return-value]
        np.clip(
            x.astype(np.float32) * (1.0 - weight) + y.astype(np.float32) * weight + 0.5, 0, 255
        ).astype(np.uint8)
        for x, y in zip(a, b, strict=True)
    )


def _fade_level(cut: Cut, frame: int) -> float:
    """How far toward black frame `frame` (within the cut) is."""
    level = 0.0
    if cut.fade_in and frame < cut.fade_in:
        level = 1.0 - (frame + 0.5) / cut.fade_in
    from_end = cut.frame_count - frame
    if cut.fade_out and from_end <= cut.fade_out:
        level = max(level, 1.0 - (from_end - 0.5) / cut.fade_out)
    return min(max(level, 0.0), 1.0)


#: Draws a cut: frames of its own time, from `start` for `count` frames.
Drawer = Callable[[Cut, int, int], Iterator[Planes]]


def phoneme_digest(lines: Sequence[TimedLine]) -> str:
    """A short fingerprint of what is heard (samples and timings) for segment keys."""
    digest = hashlib.sha256()
    for timed in lines:
        digest.update(np.ascontiguousarray(timed.speech.samples).tobytes())
        digest.update(repr([(p.phoneme, p.start, p.end) for p in timed.speech.phonemes]).encode())
    return digest.hexdigest()[:24]


def cut_key(plan: FilmPlan, cut: Cut, fps: int, draw: dict[str, Any]) -> dict[str, Any]:
    """Everything that draws a cut, in the cut's own time (never the film's)."""
    origin = cut.first / fps
    return {
        "draw": draw,
        "shot": cut.shot.model_dump(),
        "frames": cut.frame_count,
        "fps": fps,
        "heard": [
            [t.line.speaker, round(t.start - origin, 4), round(t.end - origin, 4)]
            for t in cut.lines
        ],
        "speech": phoneme_digest(cut.lines),
        "fade": [cut.fade_in, cut.fade_out],
    }


class CutSource:
    """The picture track as one segment per cut, drawn by `draw` (a PictureSource).

    A dissolve's frames belong to the incoming cut: they blend the previous cut, drawn on past
    its end, with the new one; its key names both.
    """

    def __init__(
        self,
        plan: FilmPlan,
        timeline: Timeline,
        size: tuple[int, int],
        draw: Drawer,
        describe: Callable[[Cut], dict[str, Any]],
    ) -> None:
        self.plan = plan
        self.size = size
        self.fps = timeline.fps
        self.frame_count = timeline.frame_count
        self.cuts = cut_list(plan, timeline)
        self._draw = draw
        self._segments: list[Segment] = []
        previous: Cut | None = None
        for cut in self.cuts:
            key = cut_key(plan, cut, self.fps, describe(cut))
            key["size"] = list(size)
            if cut.dissolve and previous is not None:
                key["dissolve"] = {"frames": cut.dissolve, "from": self._segments[-1].key}
            self._segments.append(Segment(cut.first, cut.last, key))
            previous = cut

    def segments(self) -> Sequence[Segment]:
        return self._segments

    def still(self, frame: int) -> Planes:
        """Frame `frame` of the film as its cut draws it (thumbnails, previews)."""
        cut = next((c for c in self.cuts if c.first <= frame < c.last), self.cuts[-1])
        offset = min(max(frame - cut.first, 0), cut.frame_count - 1)
        planes = next(self._draw(cut, offset, 1))
        return fade(planes, _fade_level(cut, offset))

    def frames(self, segment: Segment) -> Iterator[Planes]:
        index = next(k for k, s in enumerate(self._segments) if s.first == segment.first)
        cut = self.cuts[index]
        previous = self.cuts[index - 1] if index > 0 else None
        outgoing: Iterator[Planes] | None = None
        if cut.dissolve and previous is not None:
            outgoing = self._draw(previous, previous.frame_count, cut.dissolve)
        for frame, planes in enumerate(self._draw(cut, 0, cut.frame_count)):
            if outgoing is not None and frame < cut.dissolve:
                weight = (frame + 0.5) / cut.dissolve
                planes = blend(next(outgoing), planes, _smooth(weight))
            yield fade(planes, _fade_level(cut, frame))


def _smooth(t: float) -> float:
    return t * t * (3 - 2 * t)


class LruSets(Generic[K, V]):
    """The few most recent painted sets (or portraits) a render needs at once, by key: memory
    stays bounded however long the film."""

    def __init__(self, load: Callable[[K], V], keep: int = 2) -> None:
        self._load = load
        self._keep = keep
        self._items: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K) -> V:
        if key in self._items:
            self._items.move_to_end(key)
            return self._items[key]
        item = self._load(key)
        self._items[key] = item
        while len(self._items) > self._keep:
            self._items.popitem(last=False)
        return item
