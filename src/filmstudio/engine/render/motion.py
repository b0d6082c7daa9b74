"""Camera moves over a still picture (Ken Burns): the benches' control, and I420 planes.

Float affine warps from a source painted at 1.2× the output size: sub-pixel smooth motion
with no jitter (ffmpeg's zoompan rounds to whole pixels and shakes). For encoding, pictures are
converted once to I420 planes and the planes are warped: half the pixels of RGB, and ffmpeg
needs no colour conversion per frame.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

import cv2
import numpy as np
from numpy.typing import NDArray

Frame = NDArray[np.uint8]
#: A frame as I420 planes (Y full size, U and V half size), the encoder's native input.
Planes = tuple[NDArray[np.uint8], NDArray[np.uint8], NDArray[np.uint8]]


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
