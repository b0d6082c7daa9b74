"""The grass's bend is paid for once: a still camera redraws the last bend, and a close shot
works its bend field out at the set's own resolution (what it magnifies), not per pixel."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from filmstudio.engine.animate import elements
from filmstudio.engine.animate.camera import CameraPath, View
from filmstudio.engine.animate.elements import FrameView, GrassSway

SIZE = (320, 180)
SET = (480, 270)
HORIZON = 120.0
#: The whole set in frame, still camera.
WIDE = FrameView(CameraPath(View(240.0, 135.0, 270.0)), 0.5, SIZE)
#: An insert on the grass: 45 set rows fill the frame's 180 (4 output pixels a set pixel).
CLOSE = FrameView(CameraPath(View(240.0, 215.0, 45.0)), 0.5, SIZE)


def _grass() -> GrassSway:
    rng = np.random.default_rng(2)
    tufts = tuple(
        (float(x), float(y), float(12 + (y - 160) * 0.3))
        for x, y in zip(rng.random(60) * SET[0], 160 + rng.random(60) * 100, strict=True)
    )
    return GrassSway(tufts, 0.6, HORIZON, SET)


def _frame() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    w, h = SIZE
    rng = np.random.default_rng(0)
    return (
        rng.integers(60, 120, (h, w), dtype=np.uint8),
        np.full((h // 2, w // 2), 128, np.uint8),
        np.full((h // 2, w // 2), 128, np.uint8),
    )


def test_a_still_camera_over_the_same_ground_bends_it_once(monkeypatch: pytest.MonkeyPatch) -> None:
    grass = _grass()
    calls: list[int] = []
    remap = cv2.remap

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return remap(*args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(cv2, "remap", counted)
    grass.draw(_frame(), 1.0 - 2 / 24, WIDE)  # the shot's first frame: is the camera still?
    first, second = _frame(), _frame()
    grass.draw(first, 1.0, WIDE)  # the next drawing, the camera has not moved
    grass.draw(second, 1.0 + 1 / 24, WIDE)  # the same drawing (on twos), the same ground
    assert len(calls) == 2
    assert np.array_equal(first[0], second[0])
    assert not np.array_equal(first[0], _frame()[0])  # it did bend
    changed = _frame()
    changed[0][100:, :40] = 200  # something else under it: bent anew
    grass.draw(changed, 1.0 + 1 / 24, WIDE)
    assert len(calls) == 3


def test_a_close_shot_samples_the_field_at_set_pixels_and_bends_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fine = _grass()._frame_band(CLOSE, 1)
    coarse = _grass()._frame_band(CLOSE, 4)
    assert fine is not None and coarse is not None
    assert coarse[2].size * 12 < fine[2].size
    maps = _grass()._maps(CLOSE, 1.0)
    monkeypatch.setattr(elements, "GRASS_MAX_STEP", 1)
    per_pixel = _grass()._maps(CLOSE, 1.0)
    assert maps is not None and per_pixel is not None
    ramp = np.arange(SIZE[0], dtype=np.float32)[None, :]
    shift, exact = maps[2] - ramp, per_pixel[2] - ramp
    assert shift.shape == exact.shape and np.abs(exact).max() > 4.0  # it bends a lot
    error = np.abs(shift - exact)
    # on average 0.4 % of the largest bend (0.13 of 30 pixels); the blades' hard edges are
    # where the sampled field differs most (7 % at the 99th percentile)
    assert error.mean() < 0.01 * np.abs(exact).max()
    assert np.percentile(error, 99) < 0.1 * np.abs(exact).max()


def test_a_wide_shot_is_worked_out_per_pixel() -> None:
    grass = _grass()
    band = grass._frame_band(WIDE, 1)
    maps = grass._maps(WIDE, 1.0)
    assert band is not None and maps is not None
    assert maps[2].shape == band[2].shape
