"""Camera moves over still pictures (Ken Burns) and crossfades between scenes.

Float affine warps from a source painted at 1.2× the output size: sub-pixel smooth motion
with no jitter (ffmpeg's zoompan rounds to whole pixels and shakes). For encoding, pictures are
converted once to I420 planes and the planes are warped: half the pixels of RGB, and ffmpeg
needs no colour conversion per frame.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

import cv2
import numpy as np
from numpy.typing import NDArray

from filmstudio.engine.timing import Timeline

Frame = NDArray[np.uint8]
#: A frame as I420 planes (Y full size, U and V half size), the encoder's native input.
Planes = tuple[NDArray[np.uint8], NDArray[np.uint8], NDArray[np.uint8]]
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


def view_matrix(
    source: tuple[int, int], move: Move, t: float, size: tuple[int, int]
) -> NDArray[np.float64]:
    """The affine map from output pixels to source pixels `t` (0–1) of the way through a move."""
    width, height = size
    src_w, src_h = source
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
    return np.array([[scale, 0.0, left], [0.0, scale, top]], dtype=np.float64)


def _warp(image: NDArray[Any], matrix: NDArray[np.float64], size: tuple[int, int]) -> Any:
    return cv2.warpAffine(
        image,
        matrix,
        size,
        flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
        borderMode=cv2.BORDER_REPLICATE,
    )


def warp(picture: Frame, move: Move, t: float, size: tuple[int, int]) -> Frame:
    """The RGB frame `t` (0–1) of the way through `move`, at `size` (width, height)."""
    matrix = view_matrix((picture.shape[1], picture.shape[0]), move, t, size)
    return cast(Frame, _warp(picture, matrix, size))


def to_planes(picture: Frame) -> Planes:
    """An RGB picture (even width and height) as BT.601 limited-range I420 planes."""
    height, width = picture.shape[:2]
    packed = cv2.cvtColor(picture, cv2.COLOR_RGB2YUV_I420)
    quarter = (height // 2) * (width // 2)
    chroma = packed[height:].reshape(-1)
    planes = (
        np.ascontiguousarray(packed[:height]),
        chroma[:quarter].reshape(height // 2, width // 2),
        chroma[quarter:].reshape(height // 2, width // 2),
    )
    return cast(Planes, planes)


def warp_planes(planes: Planes, move: Move, t: float, size: tuple[int, int]) -> Planes:
    """`warp` on I420 planes; chroma is warped at half size with the same move."""
    luma, u, v = planes
    matrix = view_matrix((luma.shape[1], luma.shape[0]), move, t, size)
    half = matrix.copy()
    half[:, 2] /= 2
    half_size = (size[0] // 2, size[1] // 2)
    return (_warp(luma, matrix, size), _warp(u, half, half_size), _warp(v, half, half_size))


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
        self._planes: dict[int, Planes] = {}

    def _shot(self, seconds: float) -> tuple[int, tuple[int, float] | None]:
        """The scene on screen at `seconds`, and the neighbour blended in with its weight."""
        scenes = self.timeline.scenes
        current = next((s.index for s in scenes if s.start <= seconds < s.end), len(scenes) - 1)
        half = CROSSFADE / 2
        scene = scenes[current]
        if current + 1 < len(scenes) and seconds > scene.end - half:
            weight = (seconds - (scene.end - half)) / CROSSFADE
            return current, (current + 1, min(max(weight, 0.0), 0.5))
        if current > 0 and seconds < scene.start + half:
            weight = ((scene.start + half) - seconds) / CROSSFADE
            return current, (current - 1, min(max(weight, 0.0), 0.5))
        return current, None

    def _progress(self, index: int, seconds: float) -> float:
        start, end = self._spans[index]
        return (seconds - start) / max(end - start, 1e-6)

    def frame_at(self, seconds: float, size: tuple[int, int] | None = None) -> Frame:
        """The RGB picture on screen at `seconds` (thumbnails, previews, tests)."""
        size = size or self.size
        current, other = self._shot(seconds)
        frame = warp(
            self.pictures[current], self.moves[current], self._progress(current, seconds), size
        )
        if other is None:
            return frame
        index, weight = other
        blend = warp(self.pictures[index], self.moves[index], self._progress(index, seconds), size)
        return cast(Frame, cv2.addWeighted(frame, 1.0 - weight, blend, weight, 0.0))

    def _scene_planes(self, index: int) -> Planes:
        if index not in self._planes:
            self._planes = {k: p for k, p in self._planes.items() if abs(k - index) <= 1}
            self._planes[index] = to_planes(self.pictures[index])
        return self._planes[index]

    def planes_at(self, seconds: float) -> Planes:
        """The frame at `seconds` as I420 planes at the output size, for the encoder."""
        current, other = self._shot(seconds)
        planes = warp_planes(
            self._scene_planes(current),
            self.moves[current],
            self._progress(current, seconds),
            self.size,
        )
        if other is None:
            return planes
        index, weight = other
        blend = warp_planes(
            self._scene_planes(index), self.moves[index], self._progress(index, seconds), self.size
        )
        y, u, v = (
            cv2.addWeighted(a, 1.0 - weight, b, weight, 0.0)
            for a, b in zip(planes, blend, strict=True)
        )
        return cast(Planes, (y, u, v))
