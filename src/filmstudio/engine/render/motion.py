"""Camera moves over still pictures (Ken Burns) and crossfades between scenes.

Float affine warps from a source painted at 1.2× the output size: sub-pixel smooth motion
with no jitter (ffmpeg's zoompan rounds to whole pixels and shakes).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

import cv2
import numpy as np
from numpy.typing import NDArray

from filmstudio.engine.timing import Timeline

Frame = NDArray[np.uint8]
#: How much bigger than the output the painter draws, so the camera has room to move.
OVERSCAN = 1.2
CROSSFADE = 0.8


@dataclass(frozen=True)
class Move:
    """Where the camera looks at the start and end of a shot.

    x and y place the view within the room the zoom leaves (0: left/top edge, 1: right/bottom);
    zoom 1 shows the whole painted picture, 1.2 a sixth less of it.
    """

    x0: float
    y0: float
    zoom0: float
    x1: float
    y1: float
    zoom1: float


def choose_move(seed: int, index: int, shot_type: str) -> Move:
    """A gentle move that suits the shot, different from scene to scene, same every render."""
    rng = random.Random(seed * 7919 + index)
    kind = rng.choice(["in", "out", "left", "right"])
    if shot_type == "establishing":
        kind = rng.choice(["left", "right", "out"])
    elif shot_type == "close-up":
        kind = "in"
    if kind == "in":
        return Move(0.5, 0.5, 1.0, rng.uniform(0.3, 0.7), rng.uniform(0.3, 0.6), 1.18)
    if kind == "out":
        return Move(rng.uniform(0.3, 0.7), rng.uniform(0.3, 0.6), 1.18, 0.5, 0.5, 1.0)
    left, right = (0.0, 1.0) if kind == "right" else (1.0, 0.0)
    y = rng.uniform(0.3, 0.7)
    return Move(left, y, 1.12, right, y, 1.12)


def _ease(t: float) -> float:
    t = min(1.0, max(0.0, t))
    return t * t * (3 - 2 * t)


def warp(picture: Frame, move: Move, t: float, size: tuple[int, int]) -> Frame:
    """The frame `t` (0–1) of the way through `move`, at `size` (width, height)."""
    width, height = size
    src_h, src_w = picture.shape[:2]
    e = _ease(t)
    zoom = move.zoom0 + (move.zoom1 - move.zoom0) * e
    view_w = src_w / zoom
    view_h = view_w * height / width
    if view_h > src_h:
        view_h = src_h
        view_w = view_h * width / height
    left = (move.x0 + (move.x1 - move.x0) * e) * (src_w - view_w)
    top = (move.y0 + (move.y1 - move.y0) * e) * (src_h - view_h)
    scale = view_w / width
    matrix = np.array([[scale, 0.0, left], [0.0, scale, top]], dtype=np.float64)
    frame = cast(
        Frame,
        cv2.warpAffine(
            picture,
            matrix,
            (width, height),
            flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
            borderMode=cv2.BORDER_REPLICATE,
        ),
    )
    return frame


class Camera:
    """Frames of the whole film: each scene's move, crossfaded into the next."""

    def __init__(
        self,
        timeline: Timeline,
        pictures: Sequence[Frame],
        moves: Sequence[Move],
        size: tuple[int, int],
    ) -> None:
        self.timeline = timeline
        self.pictures = pictures
        self.moves = moves
        self.size = size
        half = CROSSFADE / 2
        self._spans = [
            (max(0.0, s.start - half), min(timeline.duration, s.end + half))
            for s in timeline.scenes
        ]

    def _scene_frame(self, index: int, seconds: float, size: tuple[int, int]) -> Frame:
        start, end = self._spans[index]
        t = (seconds - start) / max(end - start, 1e-6)
        return warp(self.pictures[index], self.moves[index], t, size)

    def frame_at(self, seconds: float, size: tuple[int, int] | None = None) -> Frame:
        """The picture on screen at `seconds`, blended across a scene change."""
        size = size or self.size
        scenes = self.timeline.scenes
        current = next((s.index for s in scenes if s.start <= seconds < s.end), len(scenes) - 1)
        frame = self._scene_frame(current, seconds, size)
        half = CROSSFADE / 2
        scene = scenes[current]
        if current + 1 < len(scenes) and seconds > scene.end - half:
            other, weight = current + 1, (seconds - (scene.end - half)) / CROSSFADE
        elif current > 0 and seconds < scene.start + half:
            other, weight = current - 1, ((scene.start + half) - seconds) / CROSSFADE
        else:
            return frame
        blend = self._scene_frame(other, seconds, size)
        weight = min(max(weight, 0.0), 0.5)
        mixed = cast(Frame, cv2.addWeighted(frame, 1.0 - weight, blend, weight, 0.0))
        return mixed
