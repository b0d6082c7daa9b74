"""Talking close-ups: the portraits a film needs, painted once (cached), the speech each one
is animated from, and its frames. Where the film cuts to them is the edit's decision
(`animate.edit.cut_list` over the plan's shots)."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

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
from filmstudio.engine.plan import FilmPlan, Scene
from filmstudio.engine.timing import TimedLine
from filmstudio.engine.voice.base import PhonemeTiming, WordTiming

Frame = NDArray[np.uint8]

#: The sample rate of a shot with no line in it (a listener's reaction).
SILENCE_RATE = 24_000


@dataclass(frozen=True)
class TalkShot:
    """A close-up of `speaker` from frame `first` to frame `last` (exclusive)."""

    scene_index: int
    speaker: str
    first: int
    last: int
    lines: tuple[TimedLine, ...]
    facing_right: bool


@dataclass(frozen=True)
class ShotAudio:
    """The speech heard during a shot, with its timings relative to the shot's first frame."""

    samples: NDArray[np.float32]
    sample_rate: int
    phonemes: tuple[PhonemeTiming, ...]
    words: tuple[WordTiming, ...]


def shot_audio(shot: TalkShot, fps: int) -> ShotAudio:
    """The shot's lines laid on silence, exactly as long as the shot's frames (silence only
    for a listener's shot)."""
    rate = shot.lines[0].speech.sample_rate if shot.lines else SILENCE_RATE
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


class Backdrops(Protocol):
    """Where close-ups get the place behind the speaker: the scene's own set, framed as a
    close-up of them (so close-ups match the scene's other shots)."""

    def backdrop_key(self, scene_index: int) -> Any:
        """What the backdrop of a scene's close-ups depends on (part of their cache keys)."""
        ...

    def backdrop(self, scene_index: int, speaker: str, size: tuple[int, int]) -> Frame:
        """The place behind `speaker`, RGB at `size`, graded as the set is."""
        ...


def paint_portraits(
    plan: FilmPlan,
    shots: Sequence[TalkShot],
    size: tuple[int, int],
    cache: StageCache | None = None,
    backdrops: Backdrops | None = None,
) -> dict[tuple[int, str, bool], PortraitImage]:
    """One close-up portrait per (scene, speaker, side) the shots need, cached like pictures;
    the place behind comes from `backdrops` when given, else it is painted for the close-up."""
    portraits: dict[tuple[int, str, bool], PortraitImage] = {}
    for shot in shots:
        key = (shot.scene_index, shot.speaker, shot.facing_right)
        if key in portraits:
            continue
        scene = plan.scenes[shot.scene_index]

        def paint(
            scene: Scene = scene, shot: TalkShot = shot
        ) -> tuple[dict[str, NDArray[Any]], dict[str, Any]]:
            behind = (
                backdrops.backdrop(shot.scene_index, shot.speaker, size)
                if backdrops is not None
                else None
            )
            portrait = paint_portrait(
                plan,
                scene,
                shot.speaker,
                size,
                shot.facing_right,
                backdrop=behind,
                still_weather=backdrops is None,
            )
            assert portrait.rig is not None
            return rig_to_arrays(portrait.rig)

        inputs = portrait_inputs(plan, *key, size)
        if backdrops is not None:  # the film's stage: its weather falls over the close-up
            inputs["backdrop"] = backdrops.backdrop_key(shot.scene_index)
            inputs["weather"] = "falls"
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
