"""A listener's close-up reacts (issue 12): besides nods and blinks, weight shifts, an
"mm-hm" double nod and eyes that leave the speaker and come back; gently, not twitching."""

from __future__ import annotations

import cv2
import numpy as np
from bench.motion import alive

from filmstudio.engine.animate.portrait import PortraitImage
from filmstudio.engine.animate.talker import ProceduralTalker
from filmstudio.engine.animate.visemes import (
    HeadPose,
    head_motion,
    listener_beats,
    listener_moves,
)

FPS, RATE = 24, 16000


def _listening(maria: PortraitImage, seconds: float) -> list[np.ndarray]:
    silence = np.zeros(round(RATE * seconds), np.float32)
    return list(ProceduralTalker().animate(maria, silence, RATE, FPS))


def test_a_listener_is_alive_in_most_moments_the_motion_bench_samples(
    maria: PortraitImage,
) -> None:
    frames = _listening(maria, 20.0)
    small = [cv2.resize(f, (320, 180), interpolation=cv2.INTER_AREA) for f in frames]
    grey = [np.asarray(cv2.cvtColor(f, cv2.COLOR_RGB2GRAY), np.uint8) for f in small]
    moments = range(2, len(grey) - 3, FPS // 2)
    share = float(np.mean([alive(grey[i], grey[i + 3]) for i in moments]))
    assert share >= 0.4  # 0.25 when a listener only nodded, blinked and breathed


def test_a_listeners_eyes_leave_the_speaker_now_and_then_and_come_back() -> None:
    poses = head_motion(np.zeros(FPS * 20), FPS, seed=5)
    gaze = np.array([p.gaze for p in poses])
    assert (gaze == 0).mean() > 0.6  # mostly on the speaker
    looks = np.flatnonzero(np.diff((gaze != 0).astype(int)) == 1)
    assert 3 <= len(looks) <= 10


def test_a_speaker_keeps_the_gaze_and_does_not_shift_weight() -> None:
    energy = np.full(FPS * 6, 0.5)
    poses = head_motion(energy, FPS, seed=5)
    assert all(p.gaze == 0 for p in poses)


def test_a_listener_shifts_their_weight_now_and_then_and_gently() -> None:
    """A few weight shifts in 20 s, each eased in: between two drawings (on twos) the body
    turns less than half a degree (the speaker's own sway and the head's settling moves are
    unchanged)."""
    for seed in range(6):
        shifts, glances = listener_moves(20.0, seed)
        assert 5 <= len(shifts) <= 12
        assert 3 <= len(glances) <= 10
        poses: list[HeadPose] = head_motion(np.zeros(FPS * 20), FPS, seed=seed)
        angle = np.array([p.angle for p in poses])
        assert np.abs(np.diff(angle)).max() < 0.5
        assert np.ptp(angle) > 2.0


def test_some_listener_nods_come_twice() -> None:
    beats = listener_beats(60.0, 3)
    gaps = np.diff([b.at for b in beats])
    assert (gaps < 0.5).any() and (gaps >= 0.3).all()
