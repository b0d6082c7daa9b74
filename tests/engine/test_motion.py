from __future__ import annotations

import cv2
import numpy as np

from filmstudio.engine.render.motion import (
    Move,
    to_planes,
    warp,
    warp_planes,
)


def _gradient(width: int = 384, height: int = 216) -> np.ndarray:
    x = np.linspace(0, 255, width, dtype=np.float32)
    y = np.linspace(0, 255, height, dtype=np.float32)
    img = np.zeros((height, width, 3), dtype=np.uint8)
    img[..., 0] = x[None, :]
    img[..., 1] = y[:, None]
    img[..., 2] = 128
    return img


def test_pan_moves_smoothly_without_jitter() -> None:
    picture = _gradient().astype(np.float32)  # float, so means show sub-pixel motion
    move = Move(0.0, 0.5, 1.12, 1.0, 0.5, 1.12)
    means = [float(warp(picture, move, k / 60, (320, 180))[..., 0].mean()) for k in range(61)]
    steps = np.diff(means)
    assert np.all(steps >= 0) and np.all(steps[1:-1] > 0)  # always panning right
    middle = steps[20:40]
    assert np.max(np.abs(np.diff(middle))) < 0.05 * np.mean(middle)  # smooth, no jumps


def test_frames_have_output_size_and_zoom_changes_detail() -> None:
    picture = _gradient()
    move = Move(0.5, 0.5, 1.0, 0.5, 0.5, 1.2)
    first, last = warp(picture, move, 0, (320, 180)), warp(picture, move, 1, (320, 180))
    assert first.shape == (180, 320, 3)
    assert np.ptp(last[..., 0]) < np.ptp(first[..., 0])


def test_planes_match_the_rgb_frame() -> None:
    rng = np.random.default_rng(1)
    picture = cv2.GaussianBlur(rng.integers(0, 255, (216, 384, 3), dtype=np.uint8), (9, 9), 3)
    move = Move(0.2, 0.4, 1.1, 0.7, 0.6, 1.15)
    rgb = warp(picture, move, 0.4, (320, 180))
    y, u, v = warp_planes(to_planes(picture), move, 0.4, (320, 180))
    assert y.shape == (180, 320) and u.shape == v.shape == (90, 160)
    packed = np.concatenate([y, u.reshape(-1, 320), v.reshape(-1, 320)])
    back = cv2.cvtColor(packed, cv2.COLOR_YUV2RGB_I420)
    assert np.abs(back.astype(int) - rgb.astype(int)).mean() < 3
