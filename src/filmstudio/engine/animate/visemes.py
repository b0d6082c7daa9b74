"""What the mouth, eyes and head do on every video frame of a spoken line.

Speech sounds (IPA from the voice, or letters when a voice only knows words) map to a few
mouth shapes (visemes). Real mouths do not jump from shape to shape: each sound reaches into
its neighbours (co-articulation), lips close fully for m/b/p whatever surrounds them, and the
mouth rests whenever the voice is silent. So each frame's shape is a dominance-weighted blend of
nearby sounds, gated by the speech's own loudness on that frame, which is also what keeps the
mouth in step with what is heard when the timings are rough.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from filmstudio.engine.voice.base import PhonemeTiming, WordTiming


@dataclass(frozen=True)
class Mouth:
    """A mouth shape: `open` 0 (shut) to 1 (wide open jaw), `shape` -1 round to +1 spread,
    `teeth` shows the upper teeth, `tuck` tucks the lower lip under them (f, v)."""

    open: float = 0.0
    shape: float = 0.0
    teeth: float = 0.0
    tuck: float = 0.0

    def quantized(self) -> Mouth:
        """The nearest shape on the sprite grid (so a film draws a few dozen mouths at most)."""
        return Mouth(
            round(self.open * 10) / 10,
            round(self.shape * 2) / 2,
            float(self.teeth >= 0.5),
            float(self.tuck >= 0.5),
        )


REST = Mouth()
VISEMES: dict[str, Mouth] = {
    "rest": REST,
    "mbp": Mouth(0.0, 0.0),
    "fv": Mouth(0.2, 0.2, 1.0, 1.0),
    "ee": Mouth(0.34, 1.0, 1.0),
    "cons": Mouth(0.32, 0.5, 1.0),
    "kg": Mouth(0.42, 0.3),
    "eh": Mouth(0.6, 0.5),
    "ah": Mouth(0.95, 0.0),
    "oh": Mouth(0.68, -0.5),
    "oo": Mouth(0.45, -1.0),
}
#: How strongly a sound holds its shape against its neighbours (lips must meet for m/b/p).
DOMINANCE: dict[str, float] = {"mbp": 2.5, "fv": 2.5, "oo": 1.6, "ah": 1.3, "rest": 0.6}

_IPA: dict[str, str] = {}
for _chars, _viseme in (
    ("mbpɱ", "mbp"),
    ("fvʋ", "fv"),
    ("iɪyjeʏ", "ee"),
    ("szʃʒtdnlθðɾʂʐɕʑçcɟɲʎrʈɖɳɭ", "cons"),
    ("kgŋhxɣχʁqɢʔɦ", "kg"),
    ("ɛəɜɚæœɘɵ", "eh"),
    ("aɑɐʌäɶ", "ah"),
    ("oɔɒøɤ", "oh"),
    ("uʊwɯɹʉʍɥ", "oo"),
):
    for _c in _chars:
        _IPA[_c] = _viseme
_IGNORED = "ˈˌːˑ^͡‿.-_ ̃ʰʲʷ̩̯"


def viseme_of(phoneme: str) -> str:
    """The viseme for one speech sound: IPA from the voices, or a plain letter."""
    for char in phoneme.lower():
        if char in _IGNORED:
            continue
        return _IPA.get(char, "cons")
    return "rest"


@dataclass(frozen=True)
class Sound:
    """One timed viseme, in seconds from the start of the clip."""

    viseme: str
    start: float
    end: float


def sounds_from(phonemes: Sequence[PhonemeTiming], words: Sequence[WordTiming] = ()) -> list[Sound]:
    """Timed visemes: from phonemes when the voice gave them, else spread over word letters."""
    if phonemes:
        return [Sound(viseme_of(p.phoneme), p.start, p.end) for p in phonemes if p.end > p.start]
    sounds: list[Sound] = []
    for word in words:
        letters = [c for c in word.text.lower() if c.isalpha()]
        # Double letters and silent e's are one sound; a rough grapheme pass is enough here.
        merged = [c for i, c in enumerate(letters) if i == 0 or c != letters[i - 1]]
        if len(merged) > 2 and merged[-1] == "e":
            merged = merged[:-1]
        if not merged or word.end <= word.start:
            continue
        step = (word.end - word.start) / len(merged)
        for i, char in enumerate(merged):
            start = word.start + i * step
            sounds.append(Sound(viseme_of(char), start, start + step))
    return sounds


def frame_energy(samples: NDArray[np.float32], sample_rate: int, fps: int) -> NDArray[np.float64]:
    """RMS loudness of the audio heard during each video frame (one value per frame).

    There are round(duration x fps) frames, as the timeline and every lip-syncer count them.
    """
    count = max(1, round(len(samples) * fps / sample_rate))
    edges = np.round(np.arange(count + 1) * sample_rate / fps).astype(np.int64)
    edges = np.minimum(edges, len(samples))
    squares = np.concatenate([[0.0], np.cumsum(samples.astype(np.float64) ** 2)])
    sums = squares[edges[1:]] - squares[edges[:-1]]
    lengths = np.maximum(edges[1:] - edges[:-1], 1)
    return np.asarray(np.sqrt(sums / lengths), np.float64)


def voiced_frames(energy: NDArray[np.float64], below_peak_db: float = 32.0) -> NDArray[np.bool_]:
    """Frames where speech is heard: louder than the line's peak minus `below_peak_db`."""
    peak = float(np.percentile(energy, 98)) if energy.size else 0.0
    if peak <= 1e-5:
        return np.zeros(energy.shape, bool)
    floor = max(peak * 10 ** (-below_peak_db / 20), 1e-4)
    return np.asarray(energy > floor, bool)


def _loudness_gate(energy: NDArray[np.float64]) -> NDArray[np.float64]:
    """0 in silence, 1 at normal speaking level, a soft ramp between (per frame)."""
    peak = float(np.percentile(energy, 98)) if energy.size else 0.0
    if peak <= 1e-5:
        return np.zeros(energy.shape)
    level_db = 20 * np.log10(np.maximum(energy, 1e-9) / peak)
    return np.clip((level_db + 32.0) / 8.0, 0.0, 1.0)


def mouth_track(
    sounds: Sequence[Sound],
    energy: NDArray[np.float64],
    fps: int,
    spread: float = 0.035,
) -> list[Mouth]:
    """One mouth per frame: co-articulated visemes, shut in silence, opened by loudness.

    A sound's dominance is full inside its span and falls off exponentially outside it
    (`spread` seconds); each frame blends the shapes of nearby sounds by dominance.
    """
    mouths: list[Mouth] = []
    gate = _loudness_gate(energy)
    starts = np.array([s.start for s in sounds]) if sounds else np.zeros(0)
    order = 0
    for index in range(len(energy)):
        t = (index + 0.5) / fps
        while order < len(sounds) and sounds[order].end < t - 6 * spread:
            order += 1
        total = 0.0
        acc = [0.0, 0.0, 0.0, 0.0]
        j = order
        while j < len(sounds) and starts[j] <= t + 6 * spread:
            sound = sounds[j]
            distance = max(sound.start - t, t - sound.end, 0.0)
            weight = DOMINANCE.get(sound.viseme, 1.0) * math.exp(-distance / spread)
            shape = VISEMES[sound.viseme]
            acc[0] += weight * shape.open
            acc[1] += weight * shape.shape
            acc[2] += weight * shape.teeth
            acc[3] += weight * shape.tuck
            total += weight
            j += 1
        g = float(gate[index])
        if total < 1e-3:
            # No timed sound here but the voice is heard: an open, neutral mouth.
            mouths.append(Mouth(0.45 * g, 0.3, 0.0, 0.0))
            continue
        blended = Mouth(*(a / total for a in acc))
        opening = blended.open * g
        if g > 0.3 and opening < 0.32 and not _bilabial_near(sounds, j, order, t):
            opening = 0.32  # a voiced frame shows an opening unless the lips must meet
        mouths.append(Mouth(opening, blended.shape, blended.teeth * g, blended.tuck))
    return mouths


def _bilabial_near(sounds: Sequence[Sound], end: int, begin: int, t: float) -> bool:
    return any(s.viseme == "mbp" and s.start <= t <= s.end for s in sounds[begin:end])


def energy_track(energy: NDArray[np.float64]) -> list[Mouth]:
    """Mouths from loudness alone, for lip-sync without any timings (audio-only plug-in use)."""
    gate = _loudness_gate(energy)
    smooth = np.convolve(gate, [0.25, 0.5, 0.25], mode="same") if gate.size > 2 else gate
    return [Mouth(0.15 + 0.6 * float(g) if g > 0.2 else 0.0, 0.3, 0.0, 0.0) for g in smooth]


def blinks(frames: int, fps: int, seed: int) -> list[float]:
    """Eyelid closure per frame (0 open, 1 shut): a blink every 2-5 s, some doubled."""
    rng = random.Random(seed)
    closure = [0.0] * frames
    t = rng.uniform(0.4, 2.0)
    pattern = (0.5, 1.0, 1.0, 0.5)
    while True:
        start = round(t * fps)
        if start >= frames:
            break
        for offset, amount in enumerate(pattern):
            if start + offset < frames:
                closure[start + offset] = amount
        if rng.random() < 0.15:
            t += len(pattern) / fps + 0.12
        else:
            t += rng.uniform(2.0, 5.0)
    return closure


@dataclass(frozen=True)
class HeadPose:
    """A small head/shoulder motion: rotation in degrees, offsets in head radii."""

    angle: float = 0.0
    dx: float = 0.0
    dy: float = 0.0


def head_motion(energy: NDArray[np.float64], fps: int, seed: int) -> list[HeadPose]:
    """Slow sway and breathing plus a little nod on stressed syllables, per frame."""
    rng = random.Random(seed)
    phases = [rng.uniform(0, math.tau) for _ in range(4)]
    gate = _loudness_gate(energy)
    # The nod follows loudness rises, smoothed over ~0.3 s so it moves like a head, not a pixel.
    kernel = np.hanning(max(3, round(0.3 * fps)))
    kernel /= kernel.sum()
    emphasis = np.convolve(gate, kernel, mode="same") if gate.size else gate
    poses = []
    for index in range(len(energy)):
        t = index / fps
        angle = 0.9 * math.sin(t * 0.55 + phases[0]) + 0.35 * math.sin(t * 1.3 + phases[1])
        dx = 0.035 * math.sin(t * 0.4 + phases[2])
        dy = 0.018 * math.sin(t * 1.6 + phases[3]) + 0.03 * float(emphasis[index])
        poses.append(HeadPose(angle, dx, dy))
    return poses
