"""bench/motion.py's transition detector on small synthetic clips: it must find a dissolve and a
cut between dark framings of the same palette, and nothing under a camera move, a lightning
flash or rain (the pixels' shot count is issue 12's measure of average shot length)."""

from __future__ import annotations

import cv2
import numpy as np
from bench.motion import Transition, check, find_transitions
from numpy.typing import NDArray

WIDTH, HEIGHT = 160, 96


def _set(seed: int, level: float = 20.0, contrast: float = 6.0) -> NDArray[np.float32]:
    """A painted-looking picture twice the frame's size: soft shapes, dark by default."""
    rng = np.random.default_rng(seed)
    noise = rng.normal(0.0, 1.0, (HEIGHT * 2, WIDTH * 2)).astype(np.float32)
    soft = cv2.GaussianBlur(noise, (0, 0), 3.0)
    return np.asarray(level + contrast * soft / soft.std(), np.float32)


def _view(
    picture: NDArray[np.float32], x: float, y: float, zoom: float = 1.0
) -> NDArray[np.float32]:
    """The frame a camera sees at (x, y) pixels into `picture`, `zoom` times closer."""
    warp = np.array([[1 / zoom, 0, x], [0, 1 / zoom, y]], np.float32)
    return np.asarray(
        cv2.warpAffine(
            picture, warp, (WIDTH, HEIGHT), flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP
        ),
        np.float32,
    )


def _shot(seed: int, count: int, level: float = 20.0) -> list[NDArray[np.float32]]:
    """A slow truck and push in over one set."""
    picture = _set(seed, level)
    return [_view(picture, 20 + 0.4 * k, 30 + 0.1 * k, 1.0 + 0.002 * k) for k in range(count)]


def _clip(frames: list[NDArray[np.float32]]) -> NDArray[np.uint8]:
    clipped: NDArray[np.uint8] = np.clip(np.stack(frames) + 0.5, 0, 255).astype(np.uint8)
    return clipped


def test_a_cut_between_two_dark_framings_of_one_palette_is_found() -> None:
    frames = _shot(1, 40) + _shot(2, 40)
    found = find_transitions(_clip(frames))
    assert found == [Transition(40, "cut")]


def test_a_cut_to_a_closer_framing_of_the_same_set_is_a_cut_not_a_zoom() -> None:
    picture = _set(3)
    wide = [_view(picture, 20 + 0.3 * k, 30) for k in range(40)]
    closer = [_view(picture, 60 + 0.3 * k, 50, 1.6) for k in range(40)]
    assert find_transitions(_clip(wide + closer)) == [Transition(40, "cut")]


def test_a_dissolve_is_found_at_its_middle() -> None:
    before, after = _shot(4, 70, 60.0), _shot(5, 70, 60.0)
    length = 24
    frames = before[:40]
    for k in range(length):
        weight = (k + 0.5) / length
        frames.append(before[40 + k] * (1 - weight) + after[k] * weight)
    frames += after[length:]
    found = find_transitions(_clip(frames))
    assert [t.kind for t in found] == ["dissolve"]
    assert abs(found[0].frame - (40 + length // 2)) <= length // 2


def test_a_camera_pan_and_push_in_is_one_shot() -> None:
    picture = _set(6, 90.0, 30.0)
    pan = [_view(picture, 10 + 1.2 * k, 40 - 0.2 * k, 1.0 + 0.004 * k) for k in range(120)]
    assert find_transitions(_clip(pan)) == []


def test_lightning_and_rain_are_not_cuts() -> None:
    frames = _shot(7, 120)
    rng = np.random.default_rng(8)
    stormy: list[NDArray[np.float32]] = []
    for k, frame in enumerate(frames):
        lit = frame + (70.0 if k in (50, 51, 55, 56) else 25.0 if k in (52, 53, 54) else 0.0)
        for _ in range(40):  # rain: short bright streaks, new every frame
            x, y = int(rng.integers(0, WIDTH)), int(rng.integers(0, HEIGHT - 6))
            lit[y : y + 6, x] += 60.0
        stormy.append(lit)
    assert find_transitions(_clip(stormy)) == []


def test_check_matches_planned_transitions_and_lists_misses_and_false_hits() -> None:
    found = [Transition(100, "cut"), Transition(212, "dissolve"), Transition(400, "cut")]
    checked = check([(101, 0), (208, 24), (300, 0)], found)
    assert checked.missed == [300]
    assert checked.false == [400]
