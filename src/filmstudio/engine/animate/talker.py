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
import zlib
from collections.abc import Iterator, Sequence
from typing import cast

import cv2
import numpy as np
from numpy.typing import NDArray

from filmstudio.engine.animate.portrait import FaceRig, NeckWarp, over, with_features
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


def _mover(rig: FaceRig) -> int:
    """The seed of a character's own way of moving (the scene's seed alone would move every
    character of a scene alike)."""
    return rig.seed ^ zlib.crc32(repr(rig.look).encode())


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
        poses = head_motion(energy, fps, _mover(rig), words)
        for mouth, closure, pose in zip(mouths, closures, poses, strict=True):
            yield compose(rig, mouth, closure, pose)


def compose(rig: FaceRig, mouth: Mouth, closure: float, pose: HeadPose) -> Frame:
    """One frame: the bust with this mouth, lids and brows, the body moved by `pose` and the
    head moved on its neck, over the backdrop."""
    layer = with_features(rig, mouth, closure, pose.brow, pose.gaze)
    body = _body_map(rig, pose)
    height, width = layer.shape[:2]
    moved = cast(
        Frame,
        cv2.warpAffine(
            layer,
            body,
            (width, height),
            flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
            borderMode=cv2.BORDER_REPLICATE,
        ),
    )
    if pose.tilt or pose.nod or pose.lean:
        _move_head(rig, layer, moved, body, pose)
    return over(rig.backdrop, moved, rig.layer_box)


def _body_map(rig: FaceRig, pose: HeadPose) -> NDArray[np.float64]:
    """The inverse map (frame -> layer) of the body's sway and breath: a rotation about the
    pivot low in the chest, then a shift."""
    r = rig.head_r
    angle = math.radians(pose.angle)
    px, py = rig.pivot
    cos, sin = math.cos(angle), math.sin(angle)
    tx, ty = pose.dx * r, pose.dy * r
    return np.array(
        [
            [cos, -sin, px - cos * (px + tx) + sin * (py + ty)],
            [sin, cos, py - sin * (px + tx) - cos * (py + ty)],
        ],
        np.float64,
    )


def _move_head(
    rig: FaceRig, layer: Frame, moved: Frame, body: NDArray[np.float64], pose: HeadPose
) -> None:
    """Redraw the head's part of `moved` with the head tilted, dipped and leaning on its neck
    (on top of the body's move): each pixel's source blends the body's map and the head's by
    the head's weight there, so the neck bends smoothly."""
    neck = rig.neck_warp()
    box = neck.box
    key = (body.tobytes(), pose.tilt, pose.nod, pose.lean)
    if rig._head_maps is None or rig._head_maps[0] != key:
        rig._head_maps = (key, *_head_maps(rig, neck, body, pose))
    _, map_x, map_y = rig._head_maps
    moved[box.y0 : box.y1, box.x0 : box.x1] = cv2.remap(
        layer, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )


def _head_maps(
    rig: FaceRig, neck: NeckWarp, body: NDArray[np.float64], pose: HeadPose
) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    """Where each pixel of the neck warp's box comes from in the layer (x and y maps)."""
    nx, ny = neck.neck
    angle = math.radians(pose.tilt)
    cos, sin = math.cos(angle), math.sin(angle)
    drop = pose.nod * rig.head_r
    ahead = pose.lean * rig.head_r * (1.0 if rig.yaw >= 0 else -1.0)
    # The head's own inverse map: undo the dip and lean, then turn back about the neck.
    head_inv = np.array(
        [
            [cos, sin, nx - cos * (nx + ahead) - sin * (ny + drop)],
            [-sin, cos, ny + sin * (nx + ahead) - cos * (ny + drop)],
            [0.0, 0.0, 1.0],
        ]
    )
    body3 = np.vstack([body, [0.0, 0.0, 1.0]])
    extra = (head_inv @ body3 - body3)[:2].tolist()
    b = body.tolist()  # plain floats keep the maps in float32
    map_x = b[0][0] * neck.grid_x + b[0][1] * neck.grid_y + b[0][2]
    map_x += extra[0][0] * neck.weighted_x + extra[0][1] * neck.weighted_y
    map_x += extra[0][2] * neck.weight
    map_y = b[1][0] * neck.grid_x + b[1][1] * neck.grid_y + b[1][2]
    map_y += extra[1][0] * neck.weighted_x + extra[1][1] * neck.weighted_y
    map_y += extra[1][2] * neck.weight
    return map_x, map_y
