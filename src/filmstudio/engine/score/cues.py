"""Joining separate music cues (one per scene, or per mood) into one track with cross-fades.

The composed score makes its own musical transitions; cues from elsewhere (a generative model
asked for one clip per scene, or several uploaded tracks) are simply butted together, so each
join is an equal-power cross-fade centred on the cut.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from filmstudio.engine.score.loudness import fade

#: Seconds each join takes (half before the cut, half after).
CROSSFADE = 1.5


def join_cues(
    cues: Sequence[tuple[float, NDArray[np.float32]]],
    duration: float,
    sample_rate: int = 48000,
    crossfade: float = CROSSFADE,
) -> NDArray[np.float32]:
    """One stereo track of exactly `duration` seconds from (start seconds, samples) cues.

    A cue's first sample plays half a cross-fade before its start (it fades in across the cut)
    and it plays until half a cross-fade after the next cue's start; a cue too short for that
    is padded with silence. The last cue fades out to a last sample of exactly 0.
    """
    total = round(duration * sample_rate)
    out = np.zeros((total, 2), dtype=np.float32)
    ordered = sorted(cues, key=lambda cue: cue[0])
    half = round(0.5 * crossfade * sample_rate)
    starts = [round(start * sample_rate) for start, _ in ordered]
    ends = [*starts[1:], total]
    for index, ((_, audio), start, end) in enumerate(zip(ordered, starts, ends, strict=True)):
        begin = max(0, start - half) if index > 0 else 0
        stop = min(total, end + half) if index < len(ordered) - 1 else total
        span = stop - begin
        clip = np.zeros((span, 2), dtype=np.float32)
        usable = audio[:span]
        clip[: len(usable)] = usable
        gain = np.ones(span, dtype=np.float32)
        if index > 0 and half > 0:
            ramp = np.arange(2 * half, dtype=np.float32) + 0.5
            head = np.sin(0.5 * np.pi * ramp / (2 * half))
            gain[: min(span, 2 * half)] *= head[: min(span, 2 * half)]
        if index < len(ordered) - 1 and half > 0:
            ramp = np.arange(2 * half, dtype=np.float32) + 0.5
            tail = np.cos(0.5 * np.pi * ramp / (2 * half))
            gain[max(0, span - 2 * half) :] *= tail[-min(span, 2 * half) :]
        out[begin:stop] += clip * gain[:, None]
    if total:
        fade(out, sample_rate, 0.0, min(2.0, 0.2 * duration))
    return out
