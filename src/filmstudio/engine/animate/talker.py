"""The procedural talker: a drawn portrait that speaks, blinks and moves its head.

It satisfies the lip-sync plug-in protocol (portrait + audio -> one frame per video frame),
so a learned model (Wav2Lip, SadTalker) can take its place by configuration. Unlike such a
model it needs a portrait it drew itself (`paint_portrait`), whose face rig says where the
mouth and eyes are; and it can use the voice's phoneme timings when it is given them.

Each frame is cheap: the few distinct mouth and eye sprites are drawn and graded once and
cached on the rig; a frame pastes two small sprites into the bust layer, moves the layer a
little (head motion) and lays it over the backdrop.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from typing import cast

import cv2
import numpy as np
from numpy.typing import NDArray

from filmstudio.engine.animate.portrait import FaceRig, over, with_features
from filmstudio.engine.animate.visemes import (
    HeadPose,
    Mouth,
    blinks,
    energy_track,
    frame_energy,
    head_motion,
    mouth_track,
    sounds_from,
)
from filmstudio.engine.errors import RenderError
from filmstudio.engine.voice.base import PhonemeTiming, WordTiming

Frame = NDArray[np.uint8]


def _rig_of(portrait: NDArray[np.uint8]) -> FaceRig:
    rig = getattr(portrait, "rig", None)
    if not isinstance(rig, FaceRig):
        raise RenderError(
            "The procedural talker can only animate portraits painted by the film engine "
            "(paint_portrait); choose a lip-sync model to animate other pictures."
        )
    return rig


class ProceduralTalker:
    """Lip-sync without a model: visemes from phoneme timings (or loudness), drawn sprites."""

    name = "procedural"

    def animate(
        self,
        portrait: NDArray[np.uint8],
        samples: NDArray[np.float32],
        sample_rate: int,
        fps: int,
        phonemes: Sequence[PhonemeTiming] = (),
        words: Sequence[WordTiming] = (),
    ) -> Iterator[Frame]:
        """One RGB frame per video frame of the audio (the portrait's size)."""
        rig = _rig_of(portrait)
        energy = frame_energy(samples, sample_rate, fps)
        sounds = sounds_from(phonemes, words)
        mouths = mouth_track(sounds, energy, fps) if sounds else energy_track(energy)
        closures = blinks(len(energy), fps, rig.seed)
        poses = head_motion(energy, fps, rig.seed)
        for mouth, closure, pose in zip(mouths, closures, poses, strict=True):
            yield compose(rig, mouth, closure, pose)


def compose(rig: FaceRig, mouth: Mouth, closure: float, pose: HeadPose) -> Frame:
    """One frame: the bust with this mouth and these lids, moved by `pose`, over the backdrop."""
    layer = with_features(rig, mouth, closure)
    r = rig.head_r
    angle = math.radians(pose.angle)
    px, py = rig.pivot
    cos, sin = math.cos(angle), math.sin(angle)
    # Inverse map (output -> layer): rotate about the pivot, then shift by the pose offset.
    tx, ty = pose.dx * r, pose.dy * r
    matrix = np.array(
        [
            [cos, -sin, px - cos * (px + tx) + sin * (py + ty)],
            [sin, cos, py - sin * (px + tx) - cos * (py + ty)],
        ],
        np.float64,
    )
    height, width = layer.shape[:2]
    moved = cv2.warpAffine(
        layer,
        matrix,
        (width, height),
        flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
        borderMode=cv2.BORDER_REPLICATE,
    )
    return over(rig.backdrop, cast(Frame, moved), rig.layer_box)
