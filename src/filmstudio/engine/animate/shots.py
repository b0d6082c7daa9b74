"""Where the film cuts to a speaking character's close-up, and the frames of those shots.

Film grammar, kept simple: when a character (not the narrator) speaks, cut to their close-up
shortly before the line and back to the scene shortly after; consecutive lines of a dialogue
cut straight from one speaker to the other (shot / reverse shot: the first speaker of a scene
sits left facing right, the other right facing left). Close-ups stay clear of the crossfades
between scenes and each scene opens on its picture, so a scene change shows the place first.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from filmstudio.engine.animate.lipsync import LipSyncer
from filmstudio.engine.animate.portrait import (
    RIG_VERSION,
    PortraitImage,
    paint_portrait,
    rig_from_arrays,
    rig_to_arrays,
    still,
)
from filmstudio.engine.animate.talker import ProceduralTalker
from filmstudio.engine.cache import StageCache
from filmstudio.engine.plan import NARRATOR, FilmPlan, Scene
from filmstudio.engine.timing import TimedLine, Timeline
from filmstudio.engine.voice.base import PhonemeTiming, WordTiming

Frame = NDArray[np.uint8]

#: Seconds of close-up before a line starts and after it ends.
LEAD_IN = 0.3
LEAD_OUT = 0.45
#: Lines closer than this (seconds) share one shot (same speaker) or cut directly (dialogue).
JOIN_GAP = 1.6
#: Close-ups keep this far from scene changes (the camera crossfades there).
EDGE = 0.5
#: A scene is seen this long (at most a quarter of it) before the first close-up.
OPENING = 1.5
MIN_SHOT = 1.0


@dataclass(frozen=True)
class TalkShot:
    """A close-up of `speaker` from frame `first` to frame `last` (exclusive)."""

    scene_index: int
    speaker: str
    first: int
    last: int
    lines: tuple[TimedLine, ...]
    facing_right: bool


def _facing(plan: FilmPlan, scene_index: int, speaker: str) -> bool:
    scene = plan.scenes[scene_index]
    speakers = list(dict.fromkeys([*scene.characters, *(ln.speaker for ln in scene.dialogue)]))
    speakers = [s for s in speakers if s != NARRATOR]
    return speakers.index(speaker) % 2 == 0 if speaker in speakers else True


def plan_shots(plan: FilmPlan, timeline: Timeline) -> list[TalkShot]:
    """The close-ups of a film, in order, never overlapping and never across a scene change."""
    fps = timeline.fps
    shots: list[TalkShot] = []
    spoken = [t for t in timeline.lines if t.line.speaker != NARRATOR and t.speech.duration > 0]
    for scene_index, group in itertools.groupby(spoken, key=lambda t: t.scene_index):
        scene = timeline.scenes[scene_index]
        low = scene.start + max(EDGE, min(OPENING, scene.duration / 4))
        high = scene.end - EDGE
        spans: list[tuple[str, float, float, list[TimedLine]]] = []
        for timed in group:
            start, end = max(low, timed.start - LEAD_IN), min(high, timed.end + LEAD_OUT)
            if end <= start:
                continue  # heard entirely over the scene's opening or its crossfade
            if spans and start - spans[-1][2] < JOIN_GAP:
                speaker, s0, e0, lines = spans[-1]
                if speaker == timed.line.speaker:
                    spans[-1] = (speaker, s0, max(e0, end), [*lines, timed])
                    continue
                cut = (e0 + start) / 2 if start > e0 else (lines[-1].end + timed.start) / 2
                cut = min(max(cut, s0, low), end)
                spans[-1] = (speaker, s0, cut, lines)
                start = cut
            spans.append((timed.line.speaker, start, end, [timed]))
        for k, (speaker, start, end, lines) in enumerate(spans):
            # A shot's length, not its end, is rounded when nothing cuts to it: a shot that
            # only moved in time keeps its frame count (and its cached segment).
            first = round(start * fps)
            cut_to = k + 1 < len(spans) and spans[k + 1][1] == end
            last = round(end * fps) if cut_to else first + round((end - start) * fps)
            if (last - first) / fps < MIN_SHOT:
                continue
            shots.append(
                TalkShot(
                    scene_index,
                    speaker,
                    first,
                    last,
                    tuple(lines),
                    _facing(plan, scene_index, speaker),
                )
            )
    return shots


@dataclass(frozen=True)
class ShotAudio:
    """The speech heard during a shot, with its timings relative to the shot's first frame."""

    samples: NDArray[np.float32]
    sample_rate: int
    phonemes: tuple[PhonemeTiming, ...]
    words: tuple[WordTiming, ...]


def shot_audio(shot: TalkShot, fps: int) -> ShotAudio:
    """The shot's lines laid on silence, exactly as long as the shot's frames."""
    rate = shot.lines[0].speech.sample_rate
    origin = shot.first / fps
    samples = np.zeros(round((shot.last - shot.first) * rate / fps), np.float32)
    phonemes: list[PhonemeTiming] = []
    words: list[WordTiming] = []
    for timed in shot.lines:
        speech = timed.speech
        voice = speech.samples
        if speech.sample_rate != rate:
            positions = np.arange(round(len(voice) * rate / speech.sample_rate))
            voice = np.interp(
                positions * speech.sample_rate / rate, np.arange(len(voice)), voice
            ).astype(np.float32)
        offset = timed.start - origin
        at = round(offset * rate)
        lo, hi = max(0, at), min(len(samples), at + len(voice))
        if hi > lo:
            samples[lo:hi] += voice[lo - at : hi - at]
        phonemes += [
            PhonemeTiming(p.phoneme, p.start + offset, p.end + offset) for p in speech.phonemes
        ]
        words += [WordTiming(w.text, w.start + offset, w.end + offset) for w in speech.words]
    return ShotAudio(samples, rate, tuple(phonemes), tuple(words))


def file_stamp(path: str | None) -> list[Any] | None:
    """A user's picture as a cache input: a changed file is a different picture."""
    if not path:
        return None
    try:
        stat = os.stat(path)
    except OSError:
        return [path]
    return [path, stat.st_size, stat.st_mtime_ns]


def portrait_inputs(
    plan: FilmPlan, scene_index: int, speaker: str, facing_right: bool, size: tuple[int, int]
) -> dict[str, Any]:
    """What a close-up portrait shows (place, light, cast, style), not what is said: its cache
    key, and part of the key of every segment that shows it."""
    scene = plan.scenes[scene_index]
    return {
        "version": RIG_VERSION,
        "scene": scene.model_dump(exclude={"duration", "dialogue"}),
        "characters": [c.model_dump(exclude={"voice"}) for c in plan.characters],
        "style": plan.style,
        "seed": plan.seed,
        "size": list(size),
        "speaker": speaker,
        "facing_right": facing_right,
        "image": file_stamp(scene.image),
    }


def paint_portraits(
    plan: FilmPlan,
    shots: Sequence[TalkShot],
    size: tuple[int, int],
    cache: StageCache | None = None,
) -> dict[tuple[int, str, bool], PortraitImage]:
    """One close-up portrait per (scene, speaker, side) the shots need, cached like pictures."""
    portraits: dict[tuple[int, str, bool], PortraitImage] = {}
    for shot in shots:
        key = (shot.scene_index, shot.speaker, shot.facing_right)
        if key in portraits:
            continue
        scene = plan.scenes[shot.scene_index]

        def paint(
            scene: Scene = scene, shot: TalkShot = shot
        ) -> tuple[dict[str, NDArray[Any]], dict[str, Any]]:
            portrait = paint_portrait(plan, scene, shot.speaker, size, shot.facing_right)
            assert portrait.rig is not None
            return rig_to_arrays(portrait.rig)

        inputs = portrait_inputs(plan, *key, size)
        arrays, meta = (cache or StageCache(enabled=False)).arrays("portrait", inputs, paint)
        portraits[key] = still(rig_from_arrays(arrays, meta))
    return portraits


def shot_frames(
    syncer: LipSyncer, portrait: PortraitImage, shot: TalkShot, fps: int
) -> Iterator[Frame]:
    """Exactly the shot's frames, at the portrait's size, from any lip-syncer.

    The procedural talker also gets the phoneme and word timings; a model gets the audio only.
    A model that returns fewer frames holds its last one, and other sizes are scaled.
    """
    audio = shot_audio(shot, fps)
    if isinstance(syncer, ProceduralTalker):
        frames = syncer.animate(
            portrait, audio.samples, audio.sample_rate, fps, audio.phonemes, audio.words
        )
    else:
        frames = syncer.animate(portrait, audio.samples, audio.sample_rate, fps)
    height, width = portrait.shape[:2]
    count = shot.last - shot.first
    last: Frame = np.asarray(portrait)
    for frame in itertools.islice(frames, count):
        if frame.shape[:2] != (height, width):
            frame = np.asarray(cv2.resize(frame, (width, height), interpolation=cv2.INTER_AREA))
        last = frame
        yield frame
        count -= 1
    for _ in range(count):
        yield last
