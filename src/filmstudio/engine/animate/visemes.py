"""What the mouth, eyes and head do on every video frame of a spoken line.

Speech sounds (IPA from the voice, or letters when a voice only knows words) map to a few
mouth shapes (visemes). Real mouths do not jump from shape to shape: each sound reaches into
its neighbours (co-articulation), lips close fully for m/b/p whatever surrounds them, and the
mouth rests whenever the voice is silent. So each frame's shape is a dominance-weighted blend of
nearby sounds, gated by the speech's own loudness on that frame, which is also what keeps the
mouth in step with what is heard when the timings are rough.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from filmstudio.engine.animate.cadence import on_twos
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
    """How a talker's bust moves on one frame.

    The body sways about a point low in the chest (`angle` in degrees, offsets `dx`, `dy` in
    head radii; breathing is part of `dy`); the head moves on the neck, on top of the body:
    `tilt` rolls it (degrees, positive clockwise on screen), `nod` dips it (head radii, down),
    `lean` brings it forward (head radii, toward the side the character faces); `brow` lifts
    the brows (0 rest .. 1 raised); `gaze` turns the eyes (-1 away from the side the
    character faces .. 1 further toward it; 0 looks where the head looks).
    """

    angle: float = 0.0
    dx: float = 0.0
    dy: float = 0.0
    tilt: float = 0.0
    nod: float = 0.0
    brow: float = 0.0
    lean: float = 0.0
    gaze: float = 0.0


#: A nod: the head dips this far (head radii) and comes back within NOD_S seconds.
NOD_DEPTH = 0.1
#: The head never dips further than this (head radii) below where the portrait drew it (the
#: glasses would come down over the mouth).
MAX_DROP = 0.055
NOD_S = 0.45
#: Raised brows stay up about this long (seconds).
BROW_S = 0.7
#: Between phrases the head settles to a new small tilt (degrees, either way) and lift (head
#: radii) every so often (seconds), each eased in over SETTLE_EASE_S.
SETTLE_TILT = 2.2
SETTLE_LIFT = 0.05
SETTLE_S = (0.7, 1.5)
SETTLE_EASE_S = 0.4
#: Beats (nods) are never closer than this (seconds).
BEAT_GAP_S = 0.3
#: A talker takes a new head tilt (degrees, either way) at each phrase.
PHRASE_TILT = 3.0
#: A listener shifts their weight now and then: the body leans to a new angle (degrees,
#: either way) every SHIFT_S seconds or so, eased in over SHIFT_EASE_S.
SHIFT_ANGLE = 1.3
SHIFT_S = (1.8, 3.6)
SHIFT_EASE_S = 0.7
#: A listener's eyes rest on the speaker and now and then (every GLANCE_EVERY_S) look away
#: or further round for GLANCE_S seconds, the head turning a little with them.
GLANCE_EVERY_S = (2.0, 4.5)
GLANCE_S = (0.5, 1.2)
GLANCE_TILT = 1.0
#: A share of a listener's nods come back for a second, smaller one (an "mm-hm").
DOUBLE_NOD = 0.35
DOUBLE_NOD_S = 0.4


@dataclass(frozen=True)
class Beat:
    """A stressed moment of speech (or a listener's nod) at `at` seconds, `strength` 0..1,
    with the brows lifted when `brows`; a `phrase` starts here (the head takes a new tilt)."""

    at: float
    strength: float
    brows: bool
    phrase: bool = False


def _bump(u: float) -> float:
    """0 at u <= 0 and u >= 1, 1 at u = 0.35: a quick dip and an easier return."""
    if u <= 0.0 or u >= 1.0:
        return 0.0
    if u < 0.35:
        return math.sin(u / 0.35 * math.pi / 2) ** 2
    return math.cos((u - 0.35) / 0.65 * math.pi / 2) ** 2


def _smooth(u: float) -> float:
    u = min(1.0, max(0.0, u))
    return u * u * (3 - 2 * u)


def speech_beats(
    words: Sequence[WordTiming], energy: NDArray[np.float64], fps: int, seed: int
) -> list[Beat]:
    """Where a speaker's head moves with the words: a small dip on each word, a full nod on
    the stressed ones (the first of a phrase, the longer ones), the brows lifting on some of
    those; from the loudness rises when only the audio is known. Beats are never closer than
    BEAT_GAP_S."""
    rng = random.Random(seed ^ 0x5EED)
    onsets: list[tuple[float, bool, bool]] = []  # (time, stressed, starts a phrase)
    if words:
        spans = [w for w in words if w.end > w.start]
        lengths = sorted(w.end - w.start for w in spans)
        typical = lengths[len(lengths) // 2] if lengths else 0.0
        previous_end = -10.0
        for word in spans:
            phrase_start = word.start - previous_end > 0.25
            stressed = phrase_start or word.end - word.start >= typical
            onsets.append((word.start + 0.04, stressed, phrase_start))
            previous_end = word.end
    else:
        gate = _loudness_gate(energy)
        kernel = np.hanning(max(3, round(0.15 * fps)))
        envelope = np.convolve(gate, kernel / kernel.sum(), mode="same") if gate.size else gate
        for index in range(1, len(envelope)):
            if envelope[index] >= 0.5 > envelope[index - 1]:
                onsets.append((index / fps, True, True))
    beats: list[Beat] = []
    for at, stressed, phrase in onsets:
        if beats and at - beats[-1].at < BEAT_GAP_S:
            continue
        if stressed:
            beats.append(Beat(at, rng.uniform(0.6, 1.0), rng.random() < 0.45, phrase))
        else:
            beats.append(Beat(at, rng.uniform(0.3, 0.45), False))
    return beats


def listener_beats(duration: float, seed: int) -> list[Beat]:
    """A listener's nods: small ones every 1 to 2.5 s, some with the brows lifted, some
    doubled (a second, smaller dip right after: "mm-hm")."""
    rng = random.Random(seed ^ 0x115)
    beats: list[Beat] = []
    t = rng.uniform(0.3, 1.2)
    while t < duration:
        strength = rng.uniform(0.5, 0.9)
        beats.append(Beat(t, strength, rng.random() < 0.3, len(beats) % 3 == 2))
        if rng.random() < DOUBLE_NOD and t + DOUBLE_NOD_S < duration:
            beats.append(Beat(t + DOUBLE_NOD_S, strength * 0.7, False))
            t += DOUBLE_NOD_S
        t += rng.uniform(1.0, 2.5)
    return beats


def listener_moves(
    duration: float, seed: int
) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """What a listener does besides nodding: weight shifts (seconds, body angle in degrees,
    0) and glances (start, end, gaze). Why: a listener who only nods and blinks reads as a
    still picture between the nods."""
    rng = random.Random(seed ^ 0x1157E7)
    shifts = [(-1.0, rng.uniform(-1.0, 1.0) * SHIFT_ANGLE, 0.0)]
    t = rng.uniform(*SHIFT_S) * 0.4
    while t < duration:
        back = -1.0 if shifts[-1][1] > 0 else 1.0  # the weight goes over to the other side
        shifts.append((t, back * rng.uniform(0.4, 1.0) * SHIFT_ANGLE, 0.0))
        t += rng.uniform(*SHIFT_S)
    glances: list[tuple[float, float, float]] = []
    t = rng.uniform(*GLANCE_EVERY_S) * 0.5
    while t < duration:
        length = rng.uniform(*GLANCE_S)
        gaze = -1.0 if rng.random() < 0.6 else 0.5
        glances.append((t, t + length, gaze))
        t += length + rng.uniform(*GLANCE_EVERY_S)
    return shifts, glances


def _glance(glances: Sequence[tuple[float, float, float]], t: float) -> tuple[float, float]:
    """The listener's gaze at `t` and how far (0..1) the head has turned with it."""
    for start, end, gaze in glances:
        if start <= t < end:
            turn = _smooth((t - start) / 0.4) * _smooth((end - t) / 0.4)
            return gaze, turn * gaze
        if start > t:
            break
    return 0.0, 0.0


def head_motion(
    energy: NDArray[np.float64],
    fps: int,
    seed: int,
    words: Sequence[WordTiming] = (),
    drawn_on_twos: bool = True,
) -> list[HeadPose]:
    """Per frame: breathing and a slow sway of the body; the head tilting on its neck, taking a
    new tilt at each phrase and nodding on stressed words (a listener nods now and then);
    the brows lifting on some of the beats. Drawn on twos (a new pose 12 times a second)."""
    rng = random.Random(seed)
    phases = [rng.uniform(0, math.tau) for _ in range(8)]
    breath_s = rng.uniform(3.4, 4.4)
    gate = _loudness_gate(energy)
    heard = bool(np.any(gate > 0.3))
    duration = len(energy) / fps
    beats = speech_beats(words, energy, fps, seed) if heard else listener_beats(duration, seed)
    spans = [w for w in words if w.end > w.start] if heard else []
    ends = [a.end for a, b in itertools.pairwise(spans) if b.start - a.end > 0.25]
    ends += [spans[-1].end] if spans else []
    settles = _settles(beats, duration, rng, ends)
    shifts, glances = ([], []) if heard else listener_moves(duration, seed)
    poses = []
    first_beat = 0
    for index in range(len(energy)):
        t = on_twos(index / fps) if drawn_on_twos else index / fps
        breath = math.sin(math.tau * t / breath_s + phases[4])
        angle = 0.6 * math.sin(t * 0.55 + phases[0]) + 0.25 * math.sin(t * 1.3 + phases[1])
        dx = 0.03 * math.sin(t * 0.4 + phases[2])
        dy = 0.025 * breath
        tilt, lift = _settled(settles, t)
        tilt += 0.5 * math.sin(t * 1.1 + phases[5])
        gaze = 0.0
        if shifts:
            angle += _settled(shifts, t, SHIFT_EASE_S)[0]
            gaze, turn = _glance(glances, t)
            tilt += GLANCE_TILT * turn
        while first_beat < len(beats) and beats[first_beat].at + BROW_S < t:
            first_beat += 1
        nod = brow = 0.0
        for beat in beats[first_beat:]:
            if beat.at > t:
                break
            nod = max(nod, beat.strength * _bump((t - beat.at) / NOD_S))
            if beat.brows:
                brow = max(brow, _bump((t - beat.at) / BROW_S) * min(1.0, beat.strength + 0.3))
        # a nod in three-quarter view: the face dips and comes forward
        drop = min(MAX_DROP, NOD_DEPTH * nod * 0.55 - lift)
        lean = NOD_DEPTH * nod * 0.8
        poses.append(HeadPose(angle, dx, dy, tilt + nod * 0.8, drop, brow, lean, gaze))
    return poses


def _settles(
    beats: Sequence[Beat], duration: float, rng: random.Random, phrase_ends: Sequence[float] = ()
) -> list[tuple[float, float, float]]:
    """When the head takes a new position on its neck, and which: (seconds, tilt in degrees,
    lift in head radii, up). Before a phrase the head comes up a little (the breath in), with
    the phrase it takes a larger new tilt, after its last word it comes down (the fall at the
    end of a statement); between them come the small settling moves nobody holds still
    without (every SETTLE_S seconds or so)."""
    settles = [(-1.0, rng.uniform(-1.0, 1.0) * PHRASE_TILT, 0.0)]
    events: list[tuple[float, float, float | None]] = []  # (seconds, tilt reach, lift)
    for beat in beats:
        if beat.phrase:
            events.append((beat.at - 0.45, SETTLE_TILT * 0.5, SETTLE_LIFT * 0.8))
            events.append((beat.at - 0.1, PHRASE_TILT, None))
    events += [(end + 0.1, SETTLE_TILT * 0.5, -SETTLE_LIFT * 0.6) for end in phrase_ends]
    events.sort(key=lambda event: event[0])
    t = rng.uniform(*SETTLE_S) * 0.5
    while True:
        at, reach, lift = events.pop(0) if events and events[0][0] <= t else (t, SETTLE_TILT, None)
        if at >= duration:
            break
        tilt = settles[-1][1] * -0.4 + rng.uniform(-1.0, 1.0) * reach
        if lift is None:
            lift = rng.uniform(-1.0, 1.0) * SETTLE_LIFT
        settles.append((at, max(-PHRASE_TILT, min(PHRASE_TILT, tilt)), lift))
        t = max(t, at + rng.uniform(*SETTLE_S) * (0.5 if events else 1.0))
    return settles


def _settled(
    settles: Sequence[tuple[float, float, float]], t: float, ease: float = SETTLE_EASE_S
) -> tuple[float, float]:
    """The head's (tilt, lift) at `t`: each new one eased in over `ease` seconds."""
    tilt, lift = settles[0][1], settles[0][2]
    for at, new_tilt, new_lift in settles[1:]:
        if at > t:
            break
        k = _smooth((t - at) / ease)
        tilt, lift = tilt + (new_tilt - tilt) * k, lift + (new_lift - lift) * k
    return tilt, lift
