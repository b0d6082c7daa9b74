"""Today's picture track as a PictureSource: the camera over each scene's picture, crossfades
between scenes, and talking close-ups while characters speak.

Why segments are cut where they are: a segment is re-encoded only when its key changes, so every
key is written in the segment's own time, never the film's. A scene's camera move runs over a
length rounded up to a whole `GRID` (so a scene that grew by a few frames keeps its move), and the
scene is cut on that grid: an edit re-encodes the pieces it touches, not the whole scene. A
crossfade belongs to the incoming scene; its key names both pictures. A close-up's key names its
portrait, the lip-syncer and the speech heard, placed on whole frames.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import math
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import cv2
import numpy as np
from numpy.typing import NDArray

from filmstudio.engine.animate.lipsync import LipSyncer
from filmstudio.engine.animate.portrait import PortraitImage
from filmstudio.engine.animate.shots import (
    TalkShot,
    paint_portraits,
    portrait_inputs,
    shot_frames,
)
from filmstudio.engine.cache import StageCache
from filmstudio.engine.plan import FilmPlan
from filmstudio.engine.render.motion import CROSSFADE, Move, Planes, to_planes, warp_planes
from filmstudio.engine.render.source import Segment
from filmstudio.engine.timing import TimedLine, Timeline

#: Paints (or loads) the portrait of (scene index, speaker, facing right).
PortraitLoader = Callable[[tuple[int, str, bool]], PortraitImage]
#: Seconds between the cuts inside a scene's camera move (a keyframe each, so a short piece).
GRID_SECONDS = 2.0


class PictureFiles(Sequence[NDArray[np.uint8]]):
    """Scene pictures saved as .npy files and read memory-mapped: a long film never holds every
    scene's full-resolution picture, and worker processes share the page cache."""

    def __init__(self, paths: Sequence[Path], ids: Sequence[str]) -> None:
        self.paths = list(paths)
        self.ids = list(ids)

    def __len__(self) -> int:
        return len(self.paths)

    def __getitem__(self, index: int) -> NDArray[np.uint8]:  # type: ignore[override]
        return cast(NDArray[np.uint8], np.load(self.paths[index], mmap_mode="r"))


class _Recent:
    """The few most recently used values of an expensive function (planes, portraits)."""

    def __init__(self, load: Callable[[Any], Any], keep: int) -> None:
        self._load, self._keep = load, keep
        self._items: OrderedDict[Any, Any] = OrderedDict()

    def get(self, key: Any) -> Any:
        if key not in self._items:
            self._items[key] = self._load(key)
            while len(self._items) > self._keep:
                self._items.popitem(last=False)
        self._items.move_to_end(key)
        return self._items[key]


@dataclass
class PortraitPainter:
    """Paints (or loads from the cache) the close-up portrait of (scene, speaker, side); a
    plain object, so segment processes can be handed one."""

    plan: FilmPlan
    size: tuple[int, int]
    cache: StageCache

    def __call__(self, key: tuple[int, str, bool]) -> PortraitImage:
        scene_index, speaker, facing_right = key
        probe = TalkShot(scene_index, speaker, 0, 1, (), facing_right)
        return paint_portraits(self.plan, [probe], self.size, self.cache)[key]

    def warm(self, shots: Sequence[TalkShot]) -> None:
        """Paint every portrait the shots need into the cache, holding none of them."""
        for key in dict.fromkeys((s.scene_index, s.speaker, s.facing_right) for s in shots):
            self(key)


@dataclass(frozen=True)
class _Span:
    """Scene `index` as the camera films it: frames [first, last), its move over `length`."""

    index: int
    first: int
    last: int
    length: int


def speech_digest(lines: Sequence[TimedLine]) -> str:
    """A fingerprint of what is heard (samples and timings), for segment keys."""
    digest = hashlib.sha256()
    for timed in lines:
        speech = timed.speech
        digest.update(np.ascontiguousarray(speech.samples).tobytes())
        digest.update(repr((speech.sample_rate, speech.phonemes, speech.words)).encode())
    return digest.hexdigest()[:32]


class SceneCameraSource:
    """The picture track of today's films (a PictureSource), cut into cacheable segments."""

    def __init__(
        self,
        plan: FilmPlan,
        timeline: Timeline,
        size: tuple[int, int],
        pictures: PictureFiles,
        moves: Sequence[Move],
        talk: tuple[Sequence[TalkShot], LipSyncer, Any, PortraitLoader] | None = None,
    ) -> None:
        """`talk` is (close-ups, lip-syncer, the syncer's key, portrait loader), or None."""
        self.plan, self.size, self.fps = plan, size, timeline.fps
        self.frame_count = timeline.frame_count
        self.pictures, self.moves = pictures, moves
        self._shots: Sequence[TalkShot] = talk[0] if talk else ()
        self._syncer: LipSyncer | None = talk[1] if talk else None
        self._syncer_key: Any = talk[2] if talk else None
        self._portrait: PortraitLoader | None = talk[3] if talk else None
        self._spans = _spans(timeline)
        self._segments = self._cut()
        self._fresh()

    def _fresh(self) -> None:
        """Empty working memory: the planes and portraits in use."""
        self._planes = _Recent(self._scene_planes, keep=3)
        self._portraits = _Recent(self._portrait or (lambda key: None), keep=3)

    def _scene_planes(self, index: int) -> Planes:
        return to_planes(np.asarray(self.pictures[index]))

    def __getstate__(self) -> dict[str, Any]:
        """What a segment process needs (working memory is rebuilt there)."""
        return {k: v for k, v in self.__dict__.items() if k not in ("_planes", "_portraits")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._fresh()

    def segments(self) -> Sequence[Segment]:
        return self._segments

    def frames(self, segment: Segment) -> Iterator[Planes]:
        kind = segment.key["kind"]
        if kind == "camera":
            return self._camera(segment.key)
        if kind == "crossfade":
            return self._crossfade(segment.key)
        return self._close_up(segment)

    # --- keys -------------------------------------------------------------------------------

    def _camera_key(self, span: _Span, start: int, count: int) -> dict[str, Any]:
        return {
            "kind": "camera",
            "scene": span.index,
            "picture": self.pictures.ids[span.index],
            "move": dataclasses.asdict(self.moves[span.index]),
            "length": span.length,
            "at": start - span.first,
            "frames": count,
            "size": list(self.size),
        }

    def _close_up_key(self, shot: TalkShot) -> dict[str, Any]:
        return {
            "kind": "close-up",
            "portrait": portrait_inputs(
                self.plan, shot.scene_index, shot.speaker, shot.facing_right, self.size
            ),
            "syncer": self._syncer_key,
            "heard": [
                [_frame(t.start, self.fps) - shot.first, speech_digest([t])] for t in shot.lines
            ],
            "frames": shot.last - shot.first,
            "fps": self.fps,
        }

    def _cut(self) -> list[Segment]:
        """Segments tiling the film: crossfades, close-ups, and camera pieces on the grid."""
        cuts: list[Segment] = []
        spans = self._spans
        for k, span in enumerate(spans):
            own_first = spans[k - 1].last if k > 0 else span.first
            own_last = spans[k + 1].first if k + 1 < len(spans) else span.last
            if k > 0:  # the crossfade into this scene belongs to it
                cuts.append(self._crossfade_segment(spans[k - 1], span))
            at = own_first
            for shot in self._shots:
                if shot.scene_index != span.index or shot.first < at or shot.last > own_last:
                    continue  # (close-ups keep clear of crossfades and of each other)
                cuts += self._camera_pieces(span, at, shot.first)
                cuts.append(Segment(shot.first, shot.last, self._close_up_key(shot)))
                at = shot.last
            cuts += self._camera_pieces(span, at, own_last)
        return cuts

    def _crossfade_segment(self, before: _Span, after: _Span) -> Segment:
        first, last = after.first, before.last
        count = last - first
        key = {
            "kind": "crossfade",
            "out": self._camera_key(before, first, count),
            "in": self._camera_key(after, first, count),
            "frames": count,
        }
        return Segment(first, last, key)

    def _camera_pieces(self, span: _Span, start: int, end: int) -> list[Segment]:
        """[start, end) of a scene's camera, cut on the scene's grid."""
        grid = round(GRID_SECONDS * self.fps)
        pieces = []
        while start < end:
            step = grid - (start - span.first) % grid
            stop = min(end, start + step)
            pieces.append(Segment(start, stop, self._camera_key(span, start, stop - start)))
            start = stop
        return pieces

    # --- drawing ----------------------------------------------------------------------------

    def _camera(self, key: dict[str, Any]) -> Iterator[Planes]:
        planes = self._planes.get(key["scene"])
        move = self.moves[key["scene"]]
        for n in range(key["frames"]):
            yield warp_planes(planes, move, (key["at"] + n) / key["length"], self.size)

    def _crossfade(self, key: dict[str, Any]) -> Iterator[Planes]:
        count = key["frames"]
        pairs = zip(self._camera(key["out"]), self._camera(key["in"]), strict=True)
        for n, (a, b) in enumerate(pairs):
            weight = n / count
            yield cast(
                Planes,
                tuple(
                    cv2.addWeighted(x, 1.0 - weight, y, weight, 0.0)
                    for x, y in zip(a, b, strict=True)
                ),
            )

    def _close_up(self, segment: Segment) -> Iterator[Planes]:
        shot = next(s for s in self._shots if s.first == segment.first)
        origin = shot.first / self.fps
        placed = tuple(  # each line on a whole frame, as the key says
            dataclasses.replace(
                t, start=origin + (_frame(t.start, self.fps) - shot.first) / self.fps
            )
            for t in shot.lines
        )
        shot = dataclasses.replace(shot, lines=placed)
        portrait = self._portraits.get((shot.scene_index, shot.speaker, shot.facing_right))
        assert self._syncer is not None
        for frame in shot_frames(self._syncer, portrait, shot, self.fps):
            yield to_planes(np.ascontiguousarray(frame))


def _frame(seconds: float, fps: int) -> int:
    return round(seconds * fps)


def _spans(timeline: Timeline) -> list[_Span]:
    """Each scene's camera: from half a crossfade before its start to half one after its end."""
    fps = timeline.fps
    bounds = [(_frame(s.start, fps), _frame(s.end, fps)) for s in timeline.scenes]
    bounds[-1] = (bounds[-1][0], timeline.frame_count)
    half = round(CROSSFADE / 2 * fps)
    halves = [0]
    for (a0, a1), (b0, b1) in itertools.pairwise(bounds):
        halves.append(max(0, min(half, (a1 - a0) // 2, (b1 - b0) // 2)))
    halves.append(0)
    grid = round(GRID_SECONDS * fps)
    spans = []
    for k, (start, end) in enumerate(bounds):
        first, last = start - halves[k], end + halves[k + 1]
        length = math.ceil(max(last - first, 1) / grid) * grid
        spans.append(_Span(k, first, last, length))
    return spans
