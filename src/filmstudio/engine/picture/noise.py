"""Cheap deterministic fractal noise for textures, clouds, ridges and water.

Value noise made by cubic upsampling of random grids with OpenCV is ~10x faster than per-pixel
simplex noise at the sizes we need, and depends only on numpy's seeded generator, so the same
seed gives the same pixels on every machine. Everything here works at low resolution; callers
upscale the result (skia or cv2) because noise has no detail worth paying for at full size.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

F32 = NDArray[np.float32]


def fbm2(
    rng: np.random.Generator,
    height: int,
    width: int,
    cells: float = 4.0,
    octaves: int = 5,
    gain: float = 0.5,
    stretch: float = 1.0,
    tile: bool = False,
) -> F32:
    """2-D fractal noise in roughly 0..1, shape (height, width).

    `cells` is the number of noise features across the height at the coarsest octave;
    `stretch` > 1 makes features wider than tall (clouds, water); `tile` makes the result wrap
    around on both axes so cv2.remap with BORDER_WRAP shows no seams.
    """
    acc = np.zeros((height, width), np.float32)
    amp, total = 1.0, 0.0
    for octave in range(octaves):
        gy = max(2, round(cells * (2**octave)))
        gx = max(2, round(cells * (2**octave) * width / max(1, height) / stretch))
        grid = rng.random((gy, gx), dtype=np.float32)
        if tile:
            # Resize a 3x3 tiling and keep the middle: exactly periodic, no seam.
            big = cv2.resize(
                np.tile(grid, (3, 3)), (width * 3, height * 3), interpolation=cv2.INTER_CUBIC
            )
            layer = big[height : 2 * height, width : 2 * width]
        else:
            layer = cv2.resize(grid, (width, height), interpolation=cv2.INTER_CUBIC)
        acc += amp * layer
        total += amp
        amp *= gain
    acc /= total
    return acc


def fbm1(
    rng: np.random.Generator, n: int, cells: float = 4.0, octaves: int = 5, gain: float = 0.5
) -> F32:
    """1-D fractal noise in roughly 0..1 (ridge lines, shorelines, skylines)."""
    acc = np.zeros(n, np.float32)
    amp, total = 1.0, 0.0
    for octave in range(octaves):
        k = max(2, round(cells * (2**octave)))
        grid = rng.random((1, k + 1), dtype=np.float32)
        acc += amp * cv2.resize(grid, (n, 1), interpolation=cv2.INTER_CUBIC)[0]
        total += amp
        amp *= gain
    acc /= total
    return acc


def normalise(a: F32) -> F32:
    """Stretch to exactly 0..1 so thresholds mean the same thing for every seed."""
    lo, hi = float(a.min()), float(a.max())
    return ((a - lo) / max(1e-6, hi - lo)).astype(np.float32)


def smoothstep(lo: float, hi: float, x: NDArray[Any]) -> F32:
    t: F32 = np.clip((x - lo) / max(1e-6, hi - lo), 0.0, 1.0).astype(np.float32)
    out: F32 = t * t * (3.0 - 2.0 * t)
    return out
