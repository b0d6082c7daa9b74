"""Drawing cuts: talking portraits for close-ups, reactions and over-the-shoulder shots, the
layered stage for everything else.

Each drawer draws a cut in its own time and reads only plan fields and timings, so the frames
of a cut depend on exactly what its segment key names (see edit.cut_key).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

import cv2
import numpy as np
from numpy.typing import NDArray

from filmstudio.engine.animate.camera import CameraPath, View, frame_shot
from filmstudio.engine.animate.edit import PORTRAIT_KINDS, Cut, CutSource, LruSets, speaker_side
from filmstudio.engine.animate.elements import Element, FrameView, falling_weather
from filmstudio.engine.animate.lipsync import LipSyncer
from filmstudio.engine.animate.portrait import RIG_VERSION, PortraitImage
from filmstudio.engine.animate.shots import (
    Backdrops,
    TalkShot,
    file_stamp,
    paint_portraits,
    shot_frames,
)
from filmstudio.engine.animate.stage import Speaking, StageShot, flat_set, shot_weather
from filmstudio.engine.cache import StageCache
from filmstudio.engine.picture.layers import SceneSet, paint_set, picture_set, set_size
from filmstudio.engine.picture.providers import PictureProvider, ProceduralPictures
from filmstudio.engine.picture.reference import load_reference
from filmstudio.engine.plan import NARRATOR, FilmPlan, Shot
from filmstudio.engine.render.motion import Planes, to_planes
from filmstudio.engine.timing import TimedLine, Timeline

#: Bump when painted sets or the stage's drawing change for the same inputs (cached segments
#: and sets are then redrawn).
SET_VERSION = 5
STAGE_VERSION = 9
#: Bump when close-up backdrops taken from the sets change.
BACKDROP_VERSION = 3


def portrait_subject(plan: FilmPlan, cut: Cut) -> str | None:
    """Who a portrait cut shows: its subject, else the first character speaking in it."""
    if cut.shot.subject and plan.character(cut.shot.subject) is not None:
        return cut.shot.subject
    speakers = [t.line.speaker for t in cut.lines if t.line.speaker != NARRATOR]
    if speakers:
        return speakers[0]
    present = [c for c in plan.scenes[cut.scene_index].characters if c != NARRATOR]
    return present[0] if present else None


def draws_portrait(plan: FilmPlan, cut: Cut) -> bool:
    return cut.shot.kind in PORTRAIT_KINDS and portrait_subject(plan, cut) is not None


#: How much of the scene's rain or snow a close-up shows (the near drops only).
CLOSE_UP_WEATHER = 0.2


class PortraitDrawer:
    """Talking heads: the speaker lip-synced to their own lines, a listener silent."""

    def __init__(
        self,
        plan: FilmPlan,
        size: tuple[int, int],
        cache: StageCache,
        syncer: LipSyncer,
        fps: int,
        backdrops: Backdrops | None = None,
    ) -> None:
        self.plan = plan
        self.size = size
        self.cache = cache
        self.syncer = syncer
        self.fps = fps
        self.backdrops = backdrops
        self._portraits: LruSets[tuple[int, str, bool], PortraitImage] = LruSets(
            self._paint, keep=3
        )

    def _paint(self, key: tuple[int, str, bool]) -> PortraitImage:
        scene_index, speaker, facing = key
        probe = TalkShot(scene_index, speaker, 0, 1, (), facing)
        return paint_portraits(self.plan, [probe], self.size, self.cache, self.backdrops)[
            (scene_index, speaker, facing)
        ]

    def portrait(self, cut: Cut) -> tuple[PortraitImage, str]:
        speaker = portrait_subject(self.plan, cut)
        assert speaker is not None
        facing = speaker_side(self.plan, cut.scene_index, speaker)
        return self._portraits.get((cut.scene_index, speaker, facing)), speaker

    def describe(self, cut: Cut) -> dict[str, Any]:
        speaker = portrait_subject(self.plan, cut)
        scene = self.plan.scenes[cut.scene_index]
        return {
            "drawer": "portrait",
            "rig": RIG_VERSION,
            "syncer": getattr(self.syncer, "name", type(self.syncer).__name__),
            "speaker": speaker,
            "scene": scene.model_dump(exclude={"duration", "dialogue", "shots"}),
            "characters": [c.model_dump(exclude={"voice"}) for c in self.plan.characters],
            "style": self.plan.style,
            "seed": self.plan.seed,
            "backdrop": (
                self.backdrops.backdrop_key(cut.scene_index) if self.backdrops is not None else None
            ),
        }

    def draw(self, cut: Cut, start: int, count: int) -> Iterator[Planes]:
        portrait, speaker = self.portrait(cut)
        own: tuple[TimedLine, ...] = tuple(t for t in cut.lines if t.line.speaker == speaker)
        talk = TalkShot(cut.scene_index, speaker, cut.first, cut.first + start + count, own, True)
        falling = self._falling(cut)
        width, height = self.size
        # frame-space weather ignores the camera; a still view of the frame stands in for one
        view = FrameView(CameraPath(View(width / 2, height / 2, height)), 0.0, self.size)
        first = cut.first - cut.scene_first + start  # weather runs on in the scene's time
        for n, frame in enumerate(
            itertools.islice(shot_frames(self.syncer, portrait, talk, self.fps), start, None)
        ):
            planes = to_planes(np.ascontiguousarray(frame[..., :3]))
            for element in falling:
                element.draw(planes, (first + n) / self.fps, view)
            yield planes

    def _falling(self, cut: Cut) -> list[Element]:
        """The rain, snow or fog of the scene, falling over the close-up as over its wides
        (only when the stage painted the backdrop: a portrait of its own keeps still rain)."""
        if self.backdrops is None:
            return []
        weather = shot_weather(self.plan, cut.scene_index, cut.shot_index)
        light = weather.light
        # a close-up sees only the drops between the lens and the face: fewer, and x264 pays
        # for every one (the whole frame's rain made a dialogue film half as large again)
        share = CLOSE_UP_WEATHER
        thin = replace(light, rain=light.rain * share, snow=light.snow * share)
        return falling_weather(replace(weather, light=thin), self.size, self.fps)


class StageDrawer(Protocol):
    """Draws the cuts the stage frames (wide, medium, insert...)."""

    def describe(self, cut: Cut) -> dict[str, Any]: ...

    def draw(self, cut: Cut, start: int, count: int) -> Iterator[Planes]: ...


def coverage_source(
    plan: FilmPlan,
    timeline: Timeline,
    size: tuple[int, int],
    cache: StageCache,
    stage: StageDrawer,
    syncer: LipSyncer | None,
) -> CutSource:
    """The picture track of a plan's coverage: portraits for the close shots of people (when a
    lip-syncer is chosen), the stage for the rest."""
    backdrops: Backdrops | None = None
    if isinstance(stage, LayeredStageDrawer):
        stage = backdrops = stage.retimed(plan, timeline)  # timed, knowing when lines are heard
    portraits = (
        PortraitDrawer(plan, size, cache, syncer, timeline.fps, backdrops) if syncer else None
    )

    def pick(cut: Cut) -> StageDrawer | PortraitDrawer:
        return portraits if portraits is not None and draws_portrait(plan, cut) else stage

    return CutSource(
        plan,
        timeline,
        size,
        lambda cut, start, count: pick(cut).draw(cut, start, count),
        lambda cut: pick(cut).describe(cut),
    )


class LayeredStageDrawer:
    """The stage: each scene's set painted once in depth layers (cached), filmed shot by shot
    with parallax, living elements and characters who breathe, turn and talk.

    A picture that has no layers (a user's image, a diffusion model's) becomes a one-layer set,
    still moved by the camera and brought to life by the elements.
    """

    def __init__(
        self,
        plan: FilmPlan,
        size: tuple[int, int],
        fps: int,
        cache: StageCache,
        painter: PictureProvider,
        painter_key: Any,
    ) -> None:
        self.plan = plan
        self.size = size
        self.fps = fps
        self.cache = cache
        self.painter = painter
        self.painter_key = painter_key
        self._sets: LruSets[int, SceneSet] = LruSets(self._load, keep=2)
        #: each scene's lines as (start, end) in scene seconds, once the film is timed
        self.spans: dict[int, list[tuple[float, float]]] = {}

    def set_key(self, index: int) -> dict[str, Any]:
        """Everything the painted set of scene `index` depends on."""
        scene = self.plan.scenes[index]
        return {
            "set": SET_VERSION,
            "scene": scene.model_dump(exclude={"duration", "dialogue", "shots", "transition"}),
            "speakers": [line.speaker for line in scene.dialogue],
            "characters": [c.model_dump(exclude={"voice"}) for c in self.plan.characters],
            "style": self.plan.style,
            "seed": self.plan.seed,
            "size": list(set_size(self.size)),
            "image": file_stamp(scene.image),
            "painter": None if scene.image else self.painter_key,
        }

    def _paint(self, index: int) -> SceneSet:
        scene = self.plan.scenes[index]
        width, height = set_size(self.size)
        if scene.image:
            return picture_set(load_reference(Path(scene.image), width, height, self.plan.style))
        if not isinstance(self.painter, ProceduralPictures):
            return picture_set(self.painter.paint(scene, self.plan, width, height))
        return paint_set(scene, self.plan, *self.size)

    def _arrays(self, index: int) -> tuple[dict[str, NDArray[Any]], dict[str, Any]]:
        return self.cache.arrays("set", self.set_key(index), lambda: self._paint(index).to_arrays())

    def _load(self, index: int) -> SceneSet:
        arrays, meta = self._arrays(index)
        return SceneSet.from_arrays(arrays, meta, self.plan.scenes[index], self.plan)

    def warm(self) -> None:
        """Paint every scene's set into the cache now (beside the voices), holding none; with
        no cache there is nothing to keep, so each set is painted when first filmed."""
        if self.cache.enabled:
            for index in range(len(self.plan.scenes)):
                self._arrays(index)

    def retimed(self, plan: FilmPlan, timeline: Timeline | None = None) -> LayeredStageDrawer:
        """The same stage for the timed plan (its sets' keys do not depend on timing), knowing
        when each line is heard in its scene."""
        stage = LayeredStageDrawer(
            plan, self.size, self.fps, self.cache, self.painter, self.painter_key
        )
        if timeline is not None:
            for timed in timeline.lines:
                origin = timeline.scenes[timed.scene_index].start
                spans = stage.spans.setdefault(timed.scene_index, [])
                spans.append((timed.start - origin, timed.end - origin))
        return stage

    def backdrop_key(self, scene_index: int) -> Any:
        return {"set": self.set_key(scene_index), "backdrop": BACKDROP_VERSION}

    def backdrop(self, scene_index: int, speaker: str, size: tuple[int, int]) -> NDArray[np.uint8]:
        """The scene's set behind `speaker` as a close-up frames it, a little soft (a longer
        lens): close-ups then show the very place the wide shots show, in its colours."""
        scene_set = self._sets.get(scene_index)
        scene = self.plan.scenes[scene_index]
        view = frame_shot(scene_set, scene, Shot(kind="medium", subject=speaker), size)
        width, height = size
        scale = view.height / height
        to_set = np.array(
            [
                [scale, 0.0, view.cx - width * scale / 2],
                [0.0, scale, view.cy - view.height / 2],
            ]
        )
        flags = cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP
        behind = cv2.warpAffine(
            flat_set(scene_set), to_set, size, flags=flags, borderMode=cv2.BORDER_REPLICATE
        )
        soft = cv2.GaussianBlur(behind, (0, 0), max(1.0, height / 240))
        return np.ascontiguousarray(soft, np.uint8)

    def describe(self, cut: Cut) -> dict[str, Any]:
        """The set, and where the cut sits in its scene: the stage draws in scene time, so a
        character enters once per scene and leaves before it ends."""
        return {
            "drawer": "stage",
            "stage": STAGE_VERSION,
            "set": self.set_key(cut.scene_index),
            "index": cut.shot_index,
            # props change hands during their lines, wherever those fall in the scene
            "lines": [[round(a, 4), round(b, 4)] for a, b in self._spans(cut.scene_index)],
            "in_scene": [cut.first - cut.scene_first, cut.scene_last - cut.scene_first],
            "heard": [
                [t.line.speaker, *(round(x, 4) for x in cut.in_scene(t, self.fps))]
                for t in cut.lines
            ],
        }

    def _spans(self, index: int) -> list[tuple[float, float]]:
        """The scene's line spans when what is drawn depends on them (someone acts)."""
        return self.spans.get(index, []) if self.plan.scenes[index].actions else []

    def draw(self, cut: Cut, start: int, count: int) -> Iterator[Planes]:
        fps = self.fps
        speaking = [
            Speaking(t.line.speaker, *cut.in_scene(t, fps), tuple(t.speech.phonemes))
            for t in cut.lines
            if t.line.speaker != NARRATOR
        ]
        origin = (cut.first - cut.scene_first) / fps
        shot = StageShot(
            self._sets.get(cut.scene_index),
            self.plan,
            cut.scene_index,
            cut.shot,
            self.size,
            fps,
            origin,
            origin + cut.frame_count / fps,
            speaking,
            cut.shot_index,
            scene_length=(cut.scene_last - cut.scene_first) / fps,
            line_spans=self._spans(cut.scene_index),
        )
        for frame in range(start, start + count):
            yield shot.planes_at(origin + frame / fps)
