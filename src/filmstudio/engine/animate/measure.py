"""How well a talking portrait's mouth follows its speech, measured on the rendered frames.

The check is deliberately independent of how the talker decided its mouths: it reads the mouth
state back from the pixels (how much dark mouth interior shows in the mouth box, beyond what a
shut mouth shows) and compares it, frame by frame, with whether speech is heard (RMS energy).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from filmstudio.engine.animate.portrait import FaceRig
from filmstudio.engine.animate.talker import compose
from filmstudio.engine.animate.visemes import REST, HeadPose, frame_energy, voiced_frames

#: A mouth counts as open when its dark opening covers this fraction of the mouth box.
OPEN_FRACTION = 0.012


def _luma(rgb: NDArray[np.uint8]) -> NDArray[np.float64]:
    return np.asarray(rgb[..., 0] * 0.299 + rgb[..., 1] * 0.587 + rgb[..., 2] * 0.114)


def _mouth_pixels(rgb: NDArray[np.uint8], skin: float, face: NDArray[np.bool_]) -> int:
    """Pixels of the face that show mouth interior (much darker than the skin)."""
    return int(np.count_nonzero((_luma(rgb) < skin * 0.5) & face))


def mouth_openings(frames: Iterable[NDArray[np.uint8]], rig: FaceRig) -> NDArray[np.float64]:
    """Per frame: the share of the mouth box that is open mouth (0 for a shut mouth)."""
    box = rig.mouth_box
    shut = compose(rig, REST, 0.0, HeadPose())[box.y0 : box.y1, box.x0 : box.x1]
    # Only pixels that stay on the face whatever the head does (not the backdrop past the jaw).
    solid = (rig.layer_pixels(box)[..., 3] == 255).astype(np.uint8)
    margin = max(1, round(rig.head_r * 0.12))
    face = cv2.erode(solid, np.ones((2 * margin + 1, 2 * margin + 1), np.uint8)) > 0
    skin = float(np.median(_luma(shut)[face])) if face.any() else float(np.median(_luma(shut)))
    rest = _mouth_pixels(shut, skin, face)
    area = (box.y1 - box.y0) * (box.x1 - box.x0)
    values = [
        max(0, _mouth_pixels(frame[box.y0 : box.y1, box.x0 : box.x1], skin, face) - rest) / area
        for frame in frames
    ]
    return np.asarray(values, np.float64)


@dataclass(frozen=True)
class LipSyncScore:
    """Frame-by-frame agreement between the drawn mouth and the heard speech."""

    frames: int
    agreement: float  # share of frames where open == heard
    open_when_heard: float  # share of frames with speech that show an open mouth
    shut_in_silence: float  # share of silent frames that show a shut mouth


def lip_sync_score(
    frames: Iterable[NDArray[np.uint8]],
    rig: FaceRig,
    samples: NDArray[np.float32],
    sample_rate: int,
    fps: int,
) -> LipSyncScore:
    """Compare the mouth read back from each frame with the speech's RMS energy per frame."""
    opened = mouth_openings(frames, rig) > OPEN_FRACTION
    heard = voiced_frames(frame_energy(samples, sample_rate, fps))
    count = min(len(opened), len(heard))
    opened, heard = opened[:count], heard[:count]

    def share(mask: NDArray[np.bool_]) -> float:
        return float(np.mean(mask)) if mask.size else 1.0

    return LipSyncScore(
        frames=count,
        agreement=share(opened == heard) if count else 0.0,
        open_when_heard=share(opened[heard]),
        shut_in_silence=share(~opened[~heard]),
    )


def lip_sync_agreement(
    frames: Iterable[NDArray[np.uint8]],
    rig: FaceRig,
    samples: NDArray[np.float32],
    sample_rate: int,
    fps: int,
) -> float:
    """Share of frames where the drawn mouth is open exactly when speech is heard."""
    return lip_sync_score(frames, rig, samples, sample_rate, fps).agreement
