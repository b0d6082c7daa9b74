"""A scene painted once as depth layers (a set), for a camera that moves through it.

Why layers: a flat picture moved by a warp reads as a slideshow; a set whose near layers move
more than its far ones (parallax) reads as a place. The place painters draw one picture, so the
set is painted in passes (sky, place, props, near things, foreground framing) and each pass's
layer is what it changed (a difference mask), which needs no change to the painters. The place
is cut at the horizon: above it moves like the far distance, below it is a ground plane whose
near rows move more than the horizon (a shear). Characters are not painted in: the stage draws
them alive, so the set keeps their blocking. Weather is not painted in either: rain, snow, fog
and lightning are animated elements.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from filmstudio.engine.picture import sky
from filmstudio.engine.picture.canvas import MARKS, U8, Box, Lane, Marks, Quad, Road
from filmstudio.engine.picture.grade import finish
from filmstudio.engine.picture.scene import Painting, begin, paint_near, paint_props
from filmstudio.engine.picture.staging import Actor, held_boxes
from filmstudio.engine.picture.water import WATER_BOXES
from filmstudio.engine.picture.weather import fog_veil
from filmstudio.engine.plan import FilmPlan, Scene

#: How much each depth moves when the camera moves (the figure plane moves 1:1).
SKY_PARALLAX = 0.15
FAR_PARALLAX = 0.45
GROUND_NEAR_PARALLAX = 1.1
NEAR_PARALLAX = 1.15
FRONT_PARALLAX = 1.4
#: A set is this much taller than the frame's short side, so a medium shot stays sharp enough.
SET_SCALE = 1.5
#: Rows of sky kept below the horizon, hidden by the ground, so a pedestal never shows an edge.
SKY_MARGIN = 0.04
#: Places whose lamps and flames burn by day too (diyas on temple steps, palace torches).
FLAME_PLACES = frozenset({"temple", "palace"})
#: Below this difference (0..255) a pass did not touch a pixel; above 4x it owns it fully.
MASK_THRESHOLD = 3


@dataclass(frozen=True)
class Layer:
    """One depth of the set: straight-alpha RGBA pixels placed at (x, y) in set pixels.

    `parallax` is how much it moves with the camera at its top row, `parallax_bottom` at the
    set's bottom row (they differ only for the ground plane, which shears).
    """

    name: str
    rgba: U8
    x: int
    y: int
    parallax: float
    parallax_bottom: float

    @property
    def opaque(self) -> bool:
        return bool(self.rgba[..., 3].min() == 255)


@dataclass(frozen=True)
class Anchors:
    """Where animated elements belong, in set pixels."""

    horizon: float
    outdoors: bool = True
    water: tuple[tuple[int, int, int, int], ...] = ()
    lights: tuple[tuple[float, float, float], ...] = ()
    props: dict[str, tuple[int, int, int, int]] = field(default_factory=dict)
    #: what the painters reported lives on screen (see `canvas.Marks`)
    windows: tuple[Quad, ...] = ()
    flags: tuple[Box, ...] = ()
    grass: tuple[tuple[float, float, float], ...] = ()
    trees: tuple[tuple[float, float, float], ...] = ()
    lanes: tuple[Lane, ...] = ()
    roads: tuple[Road, ...] = ()
    occluders: tuple[Box, ...] = ()
    #: where each of the scene's props would be in each character's near hand (set pixels,
    #: prop -> holder -> box): an insert on a prop that changes hands frames whoever holds
    #: it during the shot's lines (`Scene.holders`), not where it stood at the start
    held: dict[str, dict[str, tuple[int, int, int, int]]] = field(default_factory=dict)


@dataclass
class SceneSet:
    """A scene as depth layers, its anchors and its characters' blocking (set pixels)."""

    size: tuple[int, int]
    k: float  # set pixels per virtual unit (the set is 1000 units tall)
    layers: list[Layer]
    anchors: Anchors
    actors: list[Actor] = field(default_factory=list)
    memo: dict[str, Any] = field(default_factory=dict, repr=False)

    def ground_parallax(self, row: float) -> float:
        """How much the ground moves at a set row (the horizon moves like the far distance)."""
        return _ground_parallax(row, self.anchors.horizon, self.size[1])

    def to_arrays(self) -> tuple[dict[str, NDArray[Any]], dict[str, Any]]:
        """Arrays and JSON metadata for `StageCache.arrays` (actors are re-staged on load)."""
        arrays = {f"layer{i}": layer.rgba for i, layer in enumerate(self.layers)}
        anchors = self.anchors
        meta = {
            "size": list(self.size),
            "k": self.k,
            "layers": [
                [layer.name, layer.x, layer.y, layer.parallax, layer.parallax_bottom]
                for layer in self.layers
            ],
            "anchors": {
                "horizon": anchors.horizon,
                "outdoors": anchors.outdoors,
                "water": [list(box) for box in anchors.water],
                "lights": [list(light) for light in anchors.lights],
                "props": {name: list(box) for name, box in anchors.props.items()},
                "windows": [list(box) for box in anchors.windows],
                "flags": [list(box) for box in anchors.flags],
                "grass": [list(tuft) for tuft in anchors.grass],
                "trees": [list(tree) for tree in anchors.trees],
                "lanes": [asdict(lane) for lane in anchors.lanes],
                "roads": [asdict(road) for road in anchors.roads],
                "occluders": [list(box) for box in anchors.occluders],
                "held": {
                    prop: {who: list(box) for who, box in hands.items()}
                    for prop, hands in anchors.held.items()
                },
            },
            "staged": bool(self.actors),
        }
        return arrays, meta

    @classmethod
    def from_arrays(
        cls, arrays: dict[str, NDArray[Any]], meta: dict[str, Any], scene: Scene, plan: FilmPlan
    ) -> SceneSet:
        """The set `to_arrays` stored; the blocking is recomputed (it is cheap and exact)."""
        layers = [
            Layer(name, np.asarray(arrays[f"layer{i}"], np.uint8), x, y, p0, p1)
            for i, (name, x, y, p0, p1) in enumerate(meta["layers"])
        ]
        raw = meta["anchors"]
        anchors = Anchors(
            float(raw["horizon"]),
            bool(raw["outdoors"]),
            tuple((a, b, c, d) for a, b, c, d in raw["water"]),
            tuple((a, b, c) for a, b, c in raw["lights"]),
            {name: (a, b, c, d) for name, (a, b, c, d) in raw["props"].items()},
            tuple(tuple(quad) for quad in raw.get("windows", [])),
            tuple((a, b, c, d) for a, b, c, d in raw.get("flags", [])),
            tuple((a, b, c) for a, b, c in raw.get("grass", [])),
            tuple((a, b, c) for a, b, c in raw.get("trees", [])),
            tuple(Lane(**lane) for lane in raw.get("lanes", [])),
            tuple(Road(**road) for road in raw.get("roads", [])),
            tuple((a, b, c, d) for a, b, c, d in raw.get("occluders", [])),
            {
                prop: {who: (a, b, c, d) for who, (a, b, c, d) in hands.items()}
                for prop, hands in raw.get("held", {}).items()
            },
        )
        width, height = meta["size"]
        actors = _staging(scene, plan, width, height) if meta["staged"] else []
        return cls((width, height), float(meta["k"]), layers, anchors, actors)


def set_size(frame: tuple[int, int]) -> tuple[int, int]:
    """The set's pixel size for a frame size: landscape, tall enough for every aspect.

    A 9:16 frame is a tall slice of a landscape set (the camera frames the subject), so the
    set is at least 1.15 frame heights tall; otherwise 1.5 short sides (720p: 1920x1080).
    """
    width, height = frame
    set_h = round(max(height * 1.15, min(width, height) * SET_SCALE) / 2) * 2
    return round(set_h * 16 / 9 / 2) * 2, set_h


def _staged_scene(scene: Scene) -> Scene:
    """The scene blocked for a wide shot: whole figures on the place's floor line."""
    return scene.model_copy(update={"shot_type": "wide"})


def _staging(scene: Scene, plan: FilmPlan, width: int, height: int) -> list[Actor]:
    return begin(_staged_scene(scene), plan, width, height).layout.actors


def _mask(after: U8, before: U8) -> NDArray[np.uint8]:
    """Alpha of what a pass painted: where `after` differs from `before` (soft at the edges)."""
    diff = cv2.absdiff(after[..., :3], before[..., :3]).max(axis=2)
    alpha: NDArray[np.uint8] = np.clip((diff.astype(np.int16) - MASK_THRESHOLD) * 64, 0, 255)
    return alpha.astype(np.uint8)


def _cut(
    name: str,
    rgb: U8,
    alpha: NDArray[np.uint8],
    rows: tuple[int, int],
    parallax: tuple[float, float],
) -> Layer | None:
    """The layer of `rgb` under `alpha` within `rows`, cropped to what it covers (None: empty)."""
    top, bottom = rows
    window = alpha[top:bottom]
    ys, xs = np.nonzero(window)
    if ys.size == 0:
        return None
    y0, y1, x0, x1 = int(ys.min()), int(ys.max()) + 1, int(xs.min()), int(xs.max()) + 1
    rgba = np.empty((y1 - y0, x1 - x0, 4), np.uint8)
    rgba[..., :3] = rgb[top + y0 : top + y1, x0:x1]
    rgba[..., 3] = window[y0:y1, x0:x1]
    return Layer(name, rgba, x0, top + y0, *parallax)


def _lights(
    picture: U8, night: float, outdoors: bool, sky: NDArray[np.uint8] | None, flames: bool
) -> list[tuple[float, float, float]]:
    """Lamps, flames, diyas and lit windows: small warm bright spots (x, y, radius in px)."""
    if outdoors and night < 0.5 and not flames:
        return []
    small = cv2.resize(picture, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    rgb = small.astype(np.int16)
    luma = (rgb[..., 0] * 3 + rgb[..., 1] * 6 + rgb[..., 2]) // 10
    warm = ((luma > 185) & (rgb[..., 0] - rgb[..., 2] > 45)).astype(np.uint8)
    if sky is not None:  # stars, the moon and the sunset glow are the sky's, not lamps
        warm[cv2.resize(sky, (warm.shape[1], warm.shape[0])) < 128] = 0
    count, _, stats, centres = cv2.connectedComponentsWithStats(warm, connectivity=8)
    limit = small.shape[0] * small.shape[1] * 0.004
    spots = [
        (float(centres[i][0] * 4), float(centres[i][1] * 4), float(np.sqrt(stats[i][4]) * 4))
        for i in range(1, count)
        if 1 <= stats[i][4] <= limit
    ]
    spots.sort(key=lambda s: -s[2])
    return spots[:16]


def _ground_parallax(row: float, horizon: float, height: float) -> float:
    share = min(1.0, max(0.0, (row - horizon) / max(1.0, height - horizon)))
    return FAR_PARALLAX + (GROUND_NEAR_PARALLAX - FAR_PARALLAX) * share


@dataclass
class _Passes:
    """What the place painter reported while the set was painted pass by pass."""

    water: list[tuple[float, float, float, float]]
    marks: Marks


def _paint_passes(painting: Painting, each: Callable[[int, U8], None]) -> _Passes:
    """Sky, place, props, near things, foreground: `each(index, picture so far)` after each
    pass (0-4), so a pass's layer is cut before the next is painted (one copy at a time)."""
    ctx, spec, layout = painting.ctx, painting.spec, painting.layout
    water: list[tuple[float, float, float, float]] = []
    marks = Marks()
    token = WATER_BOXES.set(water)
    marks_token = MARKS.set(marks)
    try:
        if spec.outdoors:
            sky.draw_sky(ctx)
        each(0, ctx.pixels.copy())
        foreground = spec.paint(ctx, layout)
        if spec.outdoors and ctx.light.fog > 0:
            fog_veil(ctx, 0.95)
    finally:
        WATER_BOXES.reset(token)
        MARKS.reset(marks_token)
    each(1, ctx.pixels.copy())
    paint_props(ctx, layout, spec.outdoors)
    each(2, ctx.pixels.copy())
    paint_near(ctx, layout, spec.outdoors)
    each(3, ctx.pixels.copy())
    if foreground is not None:
        foreground()
    each(4, ctx.pixels)
    return _Passes(water, marks)


def paint_set(scene: Scene, plan: FilmPlan, width: int, height: int) -> SceneSet:
    """Paint `scene` once as a set for frames of (width, height); see `set_size`.

    Each pass is graded and cut into its layer as soon as it is painted, keeping only the
    picture before it: a 2160p set is 19 million pixels, and five graded copies held at
    once were most of a render's peak memory.
    """
    set_w, set_h = set_size((width, height))
    painting = begin(_staged_scene(scene), plan, set_w, set_h)
    ctx, outdoors = painting.ctx, painting.spec.outdoors
    k = ctx.k
    horizon = round(ctx.horizon * k)
    full = np.full((set_h, set_w), 255, np.uint8)
    floor = _ground_parallax(painting.layout.floor * k, ctx.horizon * k, set_h)
    sky_rows = min(set_h, horizon + round(set_h * SKY_MARGIN))
    cuts: list[Layer | None] = []
    lights: list[tuple[float, float, float]] = []
    previous: U8 = full  # the picture before the pass being cut
    far_alpha: NDArray[np.uint8] = full

    def cut(index: int, raw: U8) -> None:
        nonlocal previous, far_alpha, lights
        graded = finish(raw, ctx.style, scene.mood, painting.seed, vignette=False)
        if index == 0:
            sky_layer = _cut("sky", graded, full, (0, sky_rows), (SKY_PARALLAX,) * 2)
            cuts.append(sky_layer if outdoors else None)
        elif index == 1:
            far_alpha = _mask(raw, previous) if outdoors else full
            cuts.append(_cut("far", graded, far_alpha, (0, horizon), (FAR_PARALLAX,) * 2))
            ground = (FAR_PARALLAX, GROUND_NEAR_PARALLAX)
            cuts.append(_cut("ground", graded, full, (horizon, set_h), ground))
        else:
            name, depth = {2: ("props", floor), 3: ("near", NEAR_PARALLAX)}.get(
                index, ("front", FRONT_PARALLAX)
            )
            cuts.append(_cut(name, graded, _mask(raw, previous), (0, set_h), (depth,) * 2))
            if index == 2:  # lamps and flames: the sky's own lights (stars, moon) left out
                sky_mask = far_alpha if outdoors else None
                flames = painting.spec.name in FLAME_PLACES
                lights = _lights(graded, ctx.light.night, outdoors, sky_mask, flames)
        previous = raw

    passes = _paint_passes(painting, cut)
    anchors = _anchors(
        ctx.horizon * k,
        outdoors,
        [tuple(round(v * k) for v in box) for box in passes.water],
        lights,
        painting.layout.prop_boxes,
        k,
    )
    anchors = replace(anchors, **_marked(passes.marks), held=_in_hands(painting, scene))
    layers = [layer for layer in cuts if layer is not None]
    return SceneSet((set_w, set_h), k, layers, anchors, painting.layout.actors)


def _anchors(
    horizon: float,
    outdoors: bool,
    water: list[tuple[int, ...]],
    lights: list[tuple[float, float, float]],
    props: dict[str, tuple[float, float, float, float]],
    k: float,
) -> Anchors:
    """Anchors in set pixels (the painter's boxes are in virtual units)."""
    boxes = tuple((a, b, c, d) for a, b, c, d in water)
    prop_boxes = {
        name: (round(a * k), round(b * k), round(c * k), round(d * k))
        for name, (a, b, c, d) in props.items()
    }
    return Anchors(horizon, outdoors, boxes, tuple(lights), prop_boxes)


def _in_hands(painting: Painting, scene: Scene) -> dict[str, dict[str, tuple[int, int, int, int]]]:
    """Each prop of the scene as it would sit in each character's near hand (set pixels)."""
    k = painting.ctx.k
    out: dict[str, dict[str, tuple[int, int, int, int]]] = {}
    for prop in dict.fromkeys(p.name for p in scene.props):
        for actor in painting.layout.actors:
            boxes = held_boxes(painting.ctx, [replace(actor, held=prop)])
            if prop in boxes:
                a, b, c, d = boxes[prop]
                box = (round(a * k), round(b * k), round(c * k), round(d * k))
                out.setdefault(prop, {})[actor.name] = box
    return out


def _marked(marks: Marks) -> dict[str, Any]:
    """Anchors fields from what the place painter reported (set pixels already)."""
    return {
        "windows": tuple(marks.windows),
        "flags": tuple(marks.flags),
        "grass": tuple(marks.grass),
        "trees": tuple(marks.trees),
        "lanes": tuple(marks.lanes),
        "roads": tuple(marks.roads),
        "occluders": tuple(marks.occluders),
    }


def picture_set(picture: U8, horizon: float = 0.6) -> SceneSet:
    """A finished picture (a reference image, a diffusion picture) as a one-layer set.

    It has no depth to separate, so it moves flat; the elements and the camera still bring
    it to life.
    """
    height, width = picture.shape[:2]
    rgba = np.empty((height, width, 4), np.uint8)
    rgba[..., :3] = picture[..., :3]
    rgba[..., 3] = 255
    layer = Layer("picture", rgba, 0, 0, 1.0, 1.0)
    return SceneSet((width, height), height / 1000.0, [layer], Anchors(height * horizon))


def flatten(scene_set: SceneSet) -> U8:
    """The set at rest as one RGB picture, characters left out (previews, tests)."""
    width, height = scene_set.size
    out = np.zeros((height, width, 3), np.float32)
    for layer in scene_set.layers:
        h, w = layer.rgba.shape[:2]
        alpha = layer.rgba[..., 3:].astype(np.float32) / 255.0
        region = out[layer.y : layer.y + h, layer.x : layer.x + w]
        region *= 1.0 - alpha
        region += layer.rgba[..., :3].astype(np.float32) * alpha
    return np.asarray(out + 0.5, np.float32).clip(0, 255).astype(np.uint8)
