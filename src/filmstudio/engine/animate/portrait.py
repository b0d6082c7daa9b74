"""A speaking character's close-up: the scene's place behind, the character's own bust in front.

Character consistency is the point, so the bust is drawn by the same figure painter as the
scenes (`picture.figures.draw_figure`, with the character's look and the scene's light) and
graded by the same finishing pass as every picture. Only the face features are ours: the
figure is drawn without them and this module draws eyes, brows and mouth in the figure's
manner, in any state a frame needs (mouth shapes, blinks).

Per-frame work must be cheap, so everything slow happens once per portrait: the backdrop, the
graded bust as a premultiplied layer, and a colour map from painted to graded colours (fitted
on the frame), through which the few mouth and eye sprites are graded without re-running the
grade.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from dataclasses import asdict, astuple, dataclass, field, replace
from pathlib import Path
from typing import Any, cast

import cv2
import numpy as np
import skia
from numpy.typing import NDArray

from filmstudio.engine.animate.visemes import Mouth
from filmstudio.engine.picture import load_reference, paint_scene, weather
from filmstudio.engine.picture.canvas import Ctx, oval_path
from filmstudio.engine.picture.colour import RGB, darken, hex_rgb, luma, mix, to_color
from filmstudio.engine.picture.faces import blush, features, lip_line, nose_ink
from filmstudio.engine.picture.figures import Placed, draw_figure
from filmstudio.engine.picture.grade import finish
from filmstudio.engine.picture.light import Light, compute_light
from filmstudio.engine.picture.looks import Look, cast_looks, dressed_for, look_for
from filmstudio.engine.picture.places import place_spec
from filmstudio.engine.picture.places_indoor import interior_light
from filmstudio.engine.picture.scene import scene_seed
from filmstudio.engine.picture.staging import film_cast, scene_expressions
from filmstudio.engine.picture.styles import Style, style_params
from filmstudio.engine.plan import FilmPlan, Scene

U8 = NDArray[np.uint8]
F32 = NDArray[np.float32]

#: Where the face sits in the frame (fractions of the height) and how big it is.
HEAD_Y = 0.4
HEAD_R = 0.135
#: Head centre across the frame for a speaker facing right (mirrored when facing left).
HEAD_X = 0.37
YAW = 20.0
#: The least light (Light.brightness) a face gets in a close-up.
MIN_FACE_LIGHT = 0.42
logger = logging.getLogger(__name__)
#: Bump when what a cached rig holds, or how portraits are drawn, changes.
RIG_VERSION = 8


@dataclass(frozen=True)
class Box:
    """A pixel rectangle [y0, y1) x [x0, x1)."""

    y0: int
    y1: int
    x0: int
    x1: int


@dataclass(frozen=True)
class NeckWarp:
    """The part of a bust layer that moves with the head: `weight` is 1 on the head (hair and
    hat too) and fades to 0 down the neck and past the hair, so a nod or a tilt bends the neck
    instead of tearing the head off the body. Arrays cover `box` (layer pixels); `grid_x`
    and `grid_y` are its pixel coordinates, `weighted_x`, `weighted_y` those times the weight.
    """

    box: Box
    weight: F32
    grid_x: F32
    grid_y: F32
    weighted_x: F32
    weighted_y: F32
    neck: tuple[float, float]  # layer pixels: the point the head turns about


#: Where the head's weight starts to fade below the head's centre, and over how far (head
#: radii); and the same across, from the centre outwards.
NECK_FADE = (0.85, 0.6)
SIDE_FADE = (1.35, 0.45)
#: The head turns about a point this far below its centre (head radii): the neck.
NECK_Y = 1.2


@dataclass
class FaceRig:
    """Everything a talker needs to animate one portrait cheaply, frame after frame."""

    backdrop: U8  # (H, W, 3) graded place, no one in it
    layer: U8  # (h, w, 4) premultiplied graded bust, faceless, at `layer_box`
    layer_box: Box
    pivot: tuple[float, float]  # head-motion pivot, layer pixels
    head: tuple[float, float]  # frame pixels
    head_r: float  # pixels
    mouth_box: Box  # frame pixels
    eye_box: Box  # frame pixels
    look: Look
    style: Style
    yaw: float
    k: float  # pixels per virtual unit
    painted: U8  # (h, w, 4) ungraded premultiplied bust, faceless, at `layer_box`
    grade: F32  # (4, 3): painted RGB (and 1) to graded RGB
    skin: RGB  # the painted skin colour at the face, 0..1
    seed: int
    expression: str = "neutral"  # plan.EXPRESSIONS: brows, lids and mouth corners show it
    _mouths: dict[Mouth, U8] = field(default_factory=dict)
    _eyes: dict[tuple[float, float, float], U8] = field(default_factory=dict)
    _neck: NeckWarp | None = None
    #: the head's last remap (a drawing is held for two frames): its pose, then x and y maps
    _head_maps: tuple[Any, F32, F32] | None = None

    def __post_init__(self) -> None:
        # Frames paste their sprites into this copy; the sprite boxes are fixed, so each
        # frame overwrites exactly what the previous one changed.
        self.work: U8 = self.layer.copy()

    def mouth_patch(self, mouth: Mouth) -> U8:
        """The graded premultiplied RGB pixels of `mouth_box` with this mouth drawn."""
        key = mouth.quantized()
        if key not in self._mouths:
            self._mouths[key] = self._patch(self.mouth_box, lambda c: _draw_mouth(c, self, key))
        return self._mouths[key]

    def eye_patch(self, closure: float, brow: float = 0.0, gaze: float = 0.0) -> U8:
        """The graded premultiplied RGB pixels of `eye_box` with lids `closure` shut, the
        brows `brow` raised (0 at rest .. 1) and the eyes turned `gaze` (-1 away from the way
        the character faces .. 1 further toward it; in halves: eyes jump, as they do)."""
        key = (round(closure * 2) / 2, round(brow * 2) / 2, round(gaze * 2) / 2)
        if key not in self._eyes:
            self._eyes[key] = self._patch(self.eye_box, lambda c: _draw_eyes(c, self, *key))
        return self._eyes[key]

    def _patch(self, box: Box, draw: Callable[[skia.Canvas], None]) -> U8:
        lb = self.layer_box
        base = np.ascontiguousarray(
            self.painted[box.y0 - lb.y0 : box.y1 - lb.y0, box.x0 - lb.x0 : box.x1 - lb.x0]
        )
        pixels = base.copy()
        surface = skia.Surface(pixels)
        canvas = surface.getCanvas()
        canvas.translate(-box.x0, -box.y0)
        canvas.scale(self.k, self.k)
        draw(canvas)
        surface.flushAndSubmit()
        del canvas, surface
        diff = (pixels[..., :3].astype(np.float32) - base[..., :3]) / 255.0
        graded = self.layer_pixels(box)[..., :3].astype(np.float32)
        graded += (diff @ self.grade[:3]) * 255.0
        patch: U8 = np.clip(graded + 0.5, 0, 255).astype(np.uint8)
        return patch

    def neck_warp(self) -> NeckWarp:
        """The head's share of the layer (see NeckWarp), worked out once per rig."""
        if self._neck is None:
            self._neck = _neck_warp(self)
        return self._neck

    def layer_pixels(self, box: Box) -> U8:
        """The bust layer's pixels under a frame box (which must lie inside the layer)."""
        lb = self.layer_box
        return self.layer[box.y0 - lb.y0 : box.y1 - lb.y0, box.x0 - lb.x0 : box.x1 - lb.x0]


def _fade(distance: F32, start: float, length: float) -> F32:
    """1 up to `start`, 0 from `start + length`, smoothly between."""
    u = np.clip((distance - start) / length, 0.0, 1.0)
    return cast(F32, (1.0 - u * u * (3.0 - 2.0 * u)).astype(np.float32))


def _neck_warp(rig: FaceRig) -> NeckWarp:
    lb, r = rig.layer_box, rig.head_r
    cx, cy = rig.head[0] - lb.x0, rig.head[1] - lb.y0
    height, width = lb.y1 - lb.y0, lb.x1 - lb.x0
    reach = SIDE_FADE[0] + SIDE_FADE[1]
    box = Box(
        0,
        min(height, math.ceil(cy + r * sum(NECK_FADE))),
        max(0, math.floor(cx - r * reach)),
        min(width, math.ceil(cx + r * reach)),
    )
    ys = np.arange(box.y0, box.y1, dtype=np.float32)[:, None]
    xs = np.arange(box.x0, box.x1, dtype=np.float32)[None, :]
    down = _fade((ys - cy) / r, *NECK_FADE)
    across = _fade(np.abs(xs - cx) / r, *SIDE_FADE)
    weight = np.ascontiguousarray(down * across, np.float32)
    grid_x = np.ascontiguousarray(np.broadcast_to(xs, weight.shape), np.float32)
    grid_y = np.ascontiguousarray(np.broadcast_to(ys, weight.shape), np.float32)
    return NeckWarp(
        box, weight, grid_x, grid_y, weight * grid_x, weight * grid_y, (cx, cy + r * NECK_Y)
    )


class PortraitImage(np.ndarray[Any, np.dtype[np.uint8]]):
    """An RGB portrait that remembers its face rig, so the procedural talker can animate it
    while any other lip-sync plug-in simply sees the picture."""

    rig: FaceRig | None

    def __array_finalize__(self, obj: object) -> None:
        self.rig = getattr(obj, "rig", None)


def as_portrait(image: U8, rig: FaceRig) -> PortraitImage:
    portrait = image.view(PortraitImage)
    portrait.rig = rig
    return portrait


def _ctx(pixels: U8, scene: Scene, plan: FilmPlan) -> Ctx:
    setting = scene.setting
    spec = place_spec(setting.place)
    light = compute_light(
        setting.time_of_day, setting.weather, scene.mood, space=spec.name == "space"
    )
    if not spec.outdoors:
        light = interior_light(light)  # as the interior painters light the people inside
    return Ctx(
        skia.Surface(pixels),
        pixels,
        light,
        style_params(plan.style),
        scene_seed(plan, scene),
        scene.mood,
        spec.horizon,
        spec.name,
        frozenset(),
    )


def _face_light(light: Light) -> Light:
    """A close-up lights the face: in dark scenes, raise key and ambient light on the figure
    (as a film crew would) so the mouth reads, keeping the light's colour and direction."""
    boost = min(2.2, max(1.0, MIN_FACE_LIGHT / max(light.brightness, 1e-3)))
    if boost <= 1.0:
        return light

    def brighter(colour: RGB) -> RGB:
        return (
            min(1.0, colour[0] * boost),
            min(1.0, colour[1] * boost),
            min(1.0, colour[2] * boost),
        )

    return replace(light, key=brighter(light.key), ambient=brighter(light.ambient))


def character_look(plan: FilmPlan, name: str) -> Look:
    """The look the scene painter gives `name` in this film (same cast, same hash)."""
    return cast_looks(film_cast(plan)).get(name) or look_for(name, plan.character(name))


def _place_figure(
    look: Look, plan: FilmPlan, scene: Scene, facing_right: bool, aspect: float
) -> tuple[float, float, float, float]:
    """x, base, height and yaw that put the head where a close-up wants it."""
    scratch: U8 = np.zeros((36, 64, 4), np.uint8)
    ctx = _ctx(scratch, scene, plan)
    yaw = YAW if facing_right else -YAW
    trial = draw_figure(ctx, look, "stand", 500.0, 1000.0, 1000.0, yaw)
    height = 1000.0 * HEAD_R * 1000.0 / trial.head_r
    scale = height / 1000.0
    width = 1000.0 * aspect
    head_x = width * (HEAD_X if facing_right else 1 - HEAD_X)
    x = head_x - (trial.head[0] - 500.0) * scale
    base = HEAD_Y * 1000.0 + (1000.0 - trial.head[1]) * scale
    return x, base, height, yaw


def paint_portrait(
    plan: FilmPlan,
    scene: Scene,
    name: str,
    size: tuple[int, int],
    facing_right: bool = True,
    expression: str | None = None,
    backdrop: U8 | None = None,
    still_weather: bool = True,
) -> PortraitImage:
    """The close-up of `name` speaking in `scene`, at `size` (width, height), ready to animate.

    `expression` defaults to the one the plan gives the character at the scene's start;
    `backdrop` (RGB at `size`, already graded) is the place behind them, painted here when
    not given. `still_weather=False` leaves out the rain or snow in front of them (a drawer
    that lets it fall draws it over each frame)."""
    if expression is None:
        expression = scene_expressions(scene).get(name, "neutral")
    width, height = size
    if backdrop is None:
        backdrop = _backdrop(plan, scene, width, height)
    look = dressed_for(character_look(plan, name), scene.attire)  # the scene's clothes
    painted: U8 = np.zeros((height, width, 4), np.uint8)
    ctx = _ctx(painted, scene, plan)
    ctx.light = _face_light(ctx.light)
    x, base, fig_h, yaw = _place_figure(look, plan, scene, facing_right, width / height)
    placed = draw_figure(ctx, look, "stand", x, base, fig_h, yaw, face=False)
    _draw_static_face(ctx, look, placed, yaw)
    ctx.surface.flushAndSubmit()
    _premultiply(painted)
    front = _weather_in_front(painted, scene, plan) if still_weather else None
    return as_portrait(
        *_grade(backdrop, painted, ctx, look, placed, yaw, plan, scene, expression, front)
    )


def _backdrop(plan: FilmPlan, scene: Scene, width: int, height: int) -> U8:
    """The place behind the speaker: the scene painted as an empty close-up (a longer lens,
    softer background), or the user's own picture for the scene, enlarged and softened."""
    if scene.image:
        picture = load_reference(Path(scene.image), width, height, plan.style)
        zoom = np.array([[1.25, 0, -0.125 * width], [0, 1.25, -0.125 * height]], np.float64)
        closer = cv2.warpAffine(picture, zoom, (width, height), borderMode=cv2.BORDER_REFLECT)
        sigma = max(1.0, height / 240)
        return np.ascontiguousarray(cv2.GaussianBlur(closer, (0, 0), sigma), np.uint8)
    empty = scene.model_copy(update={"shot_type": "close-up", "characters": []})
    return paint_scene(empty, plan, width, height)


def _premultiply(pixels: U8) -> None:
    """skia draws into numpy arrays unpremultiplied; the compositing here is premultiplied."""
    alpha = pixels[..., 3:4].astype(np.uint16)
    pixels[..., :3] = (pixels[..., :3] * alpha + 127) // 255


def _weather_in_front(painted: U8, scene: Scene, plan: FilmPlan) -> F32 | None:
    """Rain or snow falls in front of the character too, not only behind: a premultiplied
    layer to lay over the graded bust (graded with it, the inking styles traced every
    raindrop in dark brown).

    Drawn with the backdrop's own generator (same streaks), kept where the figure is (the
    backdrop already has its share).
    """
    layer: U8 = np.zeros_like(painted)
    ctx = _ctx(layer, scene, plan)
    if not place_spec(scene.setting.place).outdoors or (ctx.light.rain + ctx.light.snow) <= 0:
        return None
    if ctx.light.rain > 0:
        weather.draw_rain(ctx, ctx.light.rain)
    if ctx.light.snow > 0:
        weather.draw_snow(ctx, 1.0)
    ctx.surface.flushAndSubmit()
    _premultiply(layer)
    coverage = painted[..., 3:4].astype(np.float32) / 255.0
    front: F32 = layer.astype(np.float32) * coverage
    return front


def _grade(
    backdrop: U8,
    painted: U8,
    ctx: Ctx,
    look: Look,
    placed: Placed,
    yaw: float,
    plan: FilmPlan,
    scene: Scene,
    expression: str = "neutral",
    front: F32 | None = None,
) -> tuple[U8, FaceRig]:
    alpha = painted[..., 3:4].astype(np.float32) / 255.0
    under = backdrop.astype(np.float32) * (1.0 - alpha)
    composite = np.empty_like(painted)
    composite[..., :3] = np.clip(under + painted[..., :3] + 0.5, 0, 255).astype(np.uint8)
    composite[..., 3] = 255
    style = style_params(plan.style)
    graded = finish(composite, style, scene.mood, scene_seed(plan, scene))
    premult = np.clip(graded.astype(np.float32) - under + 0.5, 0, 255).astype(np.uint8)
    k = ctx.k
    cx, cy, r = placed.head[0] * k, placed.head[1] * k, placed.head_r * k
    h, w = backdrop.shape[:2]
    ys, xs = np.nonzero(painted[..., 3] > 0)
    pad = max(8, round(r * 0.25))
    box = Box(
        max(0, int(ys.min()) - pad) // 2 * 2,
        h,
        max(0, int(xs.min()) - pad) // 2 * 2,
        min(w, (int(xs.max()) + pad + 1 + 1) // 2 * 2),
    )
    layer = np.empty((box.y1 - box.y0, box.x1 - box.x0, 4), np.uint8)
    layer[..., :3] = premult[box.y0 : box.y1, box.x0 : box.x1]
    layer[..., 3] = painted[box.y0 : box.y1, box.x0 : box.x1, 3]
    if front is not None:  # rain or snow in front, over the graded bust
        drops = front[box.y0 : box.y1, box.x0 : box.x1]
        keep = 1.0 - drops[..., 3:4] / 255.0
        layer[:] = np.clip(drops + layer.astype(np.float32) * keep + 0.5, 0, 255).astype(np.uint8)
    layer[..., :3] = np.minimum(layer[..., :3], layer[..., 3:4])
    examples = _graded_palette(style, scene.mood, scene_seed(plan, scene))
    grade = _fit_grade(composite, graded, painted, (cx, cy, r), examples, style.monochrome)
    # The cheek's median colour (a raindrop in front of one pixel must not colour the lids).
    near = max(1, round(r * 0.08))
    cheek = painted[
        round(cy + r * 0.3) - near : round(cy + r * 0.3) + near + 1,
        round(cx) - near : round(cx) + near + 1,
        :3,
    ]
    skin_px = np.median(cheek.reshape(-1, 3), axis=0)
    skin = (float(skin_px[0]) / 255.0, float(skin_px[1]) / 255.0, float(skin_px[2]) / 255.0)
    s = math.sin(math.radians(yaw))
    mx, my = cx + r * 0.62 * s, cy + r * 1.1 * 0.52
    split = round(cy + r * 0.34)  # eyes above, mouth below: the two sprites never overlap
    mouth_box = _clip_box(
        Box(split, round(my + r * 0.5), round(mx - r * 0.5), round(mx + r * 0.5)), box
    )
    eye_box = _clip_box(
        Box(round(cy - r * 0.5), split, round(cx - r * 0.95), round(cx + r * 0.95)), box
    )
    rig = FaceRig(
        backdrop=backdrop,
        layer=layer,
        layer_box=box,
        pivot=(cx - box.x0, cy + r * 4.0 - box.y0),
        head=(cx, cy),
        head_r=r,
        mouth_box=mouth_box,
        eye_box=eye_box,
        look=look,
        style=ctx.style,
        yaw=yaw,
        k=k,
        painted=np.ascontiguousarray(painted[box.y0 : box.y1, box.x0 : box.x1]),
        grade=grade,
        skin=skin,
        seed=scene_seed(plan, scene),
        expression=expression,
    )
    return still(rig), rig


def with_features(
    rig: FaceRig, mouth: Mouth, closure: float, brow: float = 0.0, gaze: float = 0.0
) -> U8:
    """The rig's working bust layer with this mouth, these eyelids, brows and gaze pasted in."""
    layer = rig.work
    lb = rig.layer_box
    for patch, box in (
        (rig.mouth_patch(mouth), rig.mouth_box),
        (rig.eye_patch(closure, brow, gaze), rig.eye_box),
    ):
        layer[box.y0 - lb.y0 : box.y1 - lb.y0, box.x0 - lb.x0 : box.x1 - lb.x0, :3] = patch
    return layer


def over(backdrop: U8, layer: U8, box: Box) -> U8:
    """A copy of the backdrop with a premultiplied RGBA layer laid over `box`."""
    frame = backdrop.copy()
    under = frame[box.y0 : box.y1, box.x0 : box.x1]
    # under x (255 - alpha) / 255 + layer, with OpenCV's fast saturating maths.
    clear = cv2.cvtColor(255 - layer[..., 3], cv2.COLOR_GRAY2RGB)
    kept = cv2.multiply(under, clear, scale=1.0 / 255.0)
    under[:] = cv2.add(kept, np.ascontiguousarray(layer[..., :3]))
    return frame


def still(rig: FaceRig) -> PortraitImage:
    """The portrait at rest (mouth shut, eyes open): what a lip-sync model is given."""
    return as_portrait(over(rig.backdrop, with_features(rig, Mouth(), 0.0), rig.layer_box), rig)


def rig_to_arrays(rig: FaceRig) -> tuple[dict[str, NDArray[Any]], dict[str, Any]]:
    """A rig as named arrays and JSON metadata (for the stage cache)."""
    arrays: dict[str, NDArray[Any]] = {
        "backdrop": rig.backdrop,
        "layer": rig.layer,
        "painted": rig.painted,
        "grade": rig.grade,
    }
    meta = {
        "version": RIG_VERSION,
        "layer_box": list(astuple(rig.layer_box)),
        "mouth_box": list(astuple(rig.mouth_box)),
        "eye_box": list(astuple(rig.eye_box)),
        "pivot": list(rig.pivot),
        "head": list(rig.head),
        "head_r": rig.head_r,
        "look": asdict(rig.look),
        "style": rig.style.name,
        "yaw": rig.yaw,
        "k": rig.k,
        "skin": list(rig.skin),
        "seed": rig.seed,
        "expression": rig.expression,
    }
    return arrays, meta


def rig_from_arrays(arrays: dict[str, NDArray[Any]], meta: dict[str, Any]) -> FaceRig:
    """The rig `rig_to_arrays` stored."""
    look = meta["look"]
    fields: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in look.items()}
    return FaceRig(
        backdrop=arrays["backdrop"].astype(np.uint8),
        layer=arrays["layer"].astype(np.uint8),
        layer_box=Box(*meta["layer_box"]),
        pivot=(float(meta["pivot"][0]), float(meta["pivot"][1])),
        head=(float(meta["head"][0]), float(meta["head"][1])),
        head_r=float(meta["head_r"]),
        mouth_box=Box(*meta["mouth_box"]),
        eye_box=Box(*meta["eye_box"]),
        look=Look(**fields),
        style=style_params(str(meta["style"])),
        yaw=float(meta["yaw"]),
        k=float(meta["k"]),
        painted=arrays["painted"].astype(np.uint8),
        grade=arrays["grade"].astype(np.float32),
        skin=(float(meta["skin"][0]), float(meta["skin"][1]), float(meta["skin"][2])),
        seed=int(meta["seed"]),
        expression=str(meta.get("expression", "neutral")),
    )


def _clip_box(box: Box, inside: Box) -> Box:
    return Box(
        max(box.y0, inside.y0),
        min(box.y1, inside.y1),
        max(box.x0, inside.x0),
        min(box.x1, inside.x1),
    )


#: The palette `_graded_palette` grades: every mix of these levels of red, green and blue.
PALETTE_LEVELS = (0.04, 0.2, 0.4, 0.6, 0.8, 1.0)
PATCH = 8


def _graded_palette(style: Style, mood: str, seed: int) -> tuple[F32, F32]:
    """Colours of every hue and darkness, painted as patches and graded by the finishing
    pass: examples of the grade where a frame has few (a grey rainy street has no dark
    blues or reds, and a map fitted on it alone turned a sepia film's eyes blue)."""
    levels = np.array(PALETTE_LEVELS, np.float32)
    colours = np.stack(np.meshgrid(levels, levels, levels, indexing="ij"), -1).reshape(-1, 3)
    rows, cols = 12, len(colours) // 12
    swatch = np.zeros((rows * PATCH, cols * PATCH, 4), np.uint8)
    grid = (colours.reshape(rows, cols, 3) * 255.0 + 0.5).astype(np.uint8)
    swatch[..., :3] = np.repeat(np.repeat(grid, PATCH, axis=0), PATCH, axis=1)
    swatch[..., 3] = 255
    graded = finish(swatch, style, mood, seed, vignette=False)
    mid = slice(PATCH // 2 - 1, PATCH // 2 + 1)
    centres = graded.reshape(rows, PATCH, cols, PATCH, 3)[:, mid, :, mid].astype(np.float32)
    seen = centres.mean(axis=(1, 3)).reshape(-1, 3) / 255.0
    return grid.reshape(-1, 3).astype(np.float32) / 255.0, seen.astype(np.float32)


def _fit_grade(
    composite: U8,
    graded: U8,
    painted: U8,
    head: tuple[float, float, float],
    palette: tuple[F32, F32] | None = None,
    monochrome: bool = False,
) -> F32:
    """A least-squares colour map from painted to graded pixels.

    Every pixel of the frame is an example of the grade (the backdrop too: grading it again is
    still the grade), so the map is fitted on a sample of the whole frame, which has far more
    colours than a face, plus the face itself, where the map is used, plus the `palette`
    (`_graded_palette`: every hue, counted as a quarter of the samples) for the colours the
    frame lacks. A `monochrome` grade maps every colour to a grey (a fit alone left noir's
    lips purple and its eyes blue).
    """
    cx, cy, r = head
    h, w = painted.shape[:2]
    y0, y1 = max(0, int(cy - r * 1.2)), min(h, int(cy + r * 1.3))
    x0, x1 = max(0, int(cx - r * 1.2)), min(w, int(cx + r * 1.2))
    step = max(1, min(h, w) // 120)
    src_parts = [
        composite[::step, ::step, :3].reshape(-1, 3),
        composite[y0:y1, x0:x1, :3].reshape(-1, 3),
    ]
    dst_parts = [graded[::step, ::step].reshape(-1, 3), graded[y0:y1, x0:x1].reshape(-1, 3)]
    src = np.concatenate(src_parts).astype(np.float32) / 255.0
    dst = np.concatenate(dst_parts).astype(np.float32) / 255.0
    if palette is not None:
        copies = max(1, len(src) // (4 * len(palette[0])))
        src = np.concatenate([src, np.tile(palette[0], (copies, 1))])
        dst = np.concatenate([dst, np.tile(palette[1], (copies, 1))])
    design = np.hstack([src, np.ones((len(src), 1), np.float32)])
    # A touch of ridge (toward no change) keeps the map sane on a nearly single-coloured frame.
    prior = np.vstack([np.eye(3), np.zeros((1, 3))]).astype(np.float32)
    weight = 1e-3 * len(src)
    gram = design.T @ design + np.eye(4, dtype=np.float32) * weight
    solution = np.linalg.solve(gram, design.T @ dst + prior * weight)
    if monochrome:
        solution = np.repeat(solution.mean(axis=1, keepdims=True), 3, axis=1)
    return cast(F32, solution.astype(np.float32))


# -- face features, in virtual units (the figure painter's proportions) --------------------


def _paint(colour: RGB, alpha: float = 1.0, stroke: float = 0.0) -> skia.Paint:
    paint = skia.Paint(AntiAlias=True, Color=to_color(colour, alpha))
    if stroke > 0:
        paint.setStyle(skia.Paint.kStroke_Style)
        paint.setStrokeWidth(stroke)
        paint.setStrokeCap(skia.Paint.kRound_Cap)
    return paint


def _ink(look: Look) -> RGB:
    ink = darken(look.hair, 0.5)
    return (ink[0] * 0.5, ink[1] * 0.5, ink[2] * 0.5)


def _eye_positions(cx: float, cy: float, r: float, yaw: float) -> tuple[list[float], float, float]:
    s, c = math.sin(math.radians(yaw)), math.cos(math.radians(yaw))
    eyes = []
    for lat in (-1.0, 1.0):
        if -lat * 0.36 * s + 0.93 * c < -0.05:
            continue
        eyes.append(cx + r * (lat * 0.36 * c + 0.93 * s * 0.75))
    return eyes, cy + r * 1.1 * 0.08, r * 0.1


def _draw_static_face(ctx: Ctx, look: Look, placed: Placed, yaw: float) -> None:
    """The nose and cheeks: features that never move (drawn into the bust itself)."""
    cx, cy = placed.head
    r = placed.head_r
    ry = r * 1.1
    s = math.sin(math.radians(yaw))
    facing = 1.0 if s >= 0 else -1.0
    skin = ctx.shade(look.skin, 0.0, lit=0.55)
    nose = skia.Path()
    nx = cx + r * 0.5 * s
    nose.moveTo(nx, cy + ry * 0.16)
    nose.quadTo(nx + facing * r * 0.1, cy + ry * 0.33, nx - facing * r * 0.05, cy + ry * 0.37)
    weight = ctx.style.feature_weight
    colour, alpha = nose_ink(skin, weight)
    ctx.canvas.drawPath(nose, _paint(colour, alpha, max(0.5, r * 0.045 * weight**0.5)))
    eyes, eye_y, _ = _eye_positions(cx, cy, r, yaw)
    blush(ctx, eyes, eye_y, s, r, ry)


def _draw_eyes(
    canvas: skia.Canvas, rig: FaceRig, closure: float, raised: float = 0.0, gaze: float = 0.0
) -> None:
    """Eyes, brows and glasses, with the upper lids `closure` (0 open .. 1 shut) lowered,
    the brows `raised` (0 .. 1: a lift on a stressed word, a listener's interest) and the
    irises turned `gaze` (-1 .. 1, toward the side the character faces)."""
    look, k = rig.look, rig.k
    cx, cy, r = rig.head[0] / k, rig.head[1] / k, rig.head_r / k
    s = math.sin(math.radians(rig.yaw))
    ink = _ink(look)
    eyes, eye_y, er = _eye_positions(cx, cy, r, rig.yaw)
    feat = features(rig.expression, rig.head_r)
    weight = rig.style.feature_weight
    er *= feat.eye_size
    closure = max(closure, min(0.6, 1.0 - feat.eye_open))  # lids lowered by the feeling
    light = max(0.6, min(1.15, luma(rig.skin) / max(luma(look.skin), 0.05)))
    white = tuple(min(1.0, v * light) for v in hex_rgb("#f6f1ea"))
    for ex in eyes:
        if rig.style.face_detail:
            ball = skia.Rect(ex - er * 1.5, eye_y - er * 1.1, ex + er * 1.5, eye_y + er * 1.1)
            canvas.drawOval(ball, _paint(cast(RGB, white), 0.95))
            canvas.save()
            canvas.clipPath(oval_path(ex, eye_y, er * 1.5, er * 1.1), doAntiAlias=True)
            ix = ex + s * er * 0.4 + gaze * (1.0 if s >= 0 else -1.0) * er * 0.5
            canvas.drawCircle(ix, eye_y, er * 0.95, _paint(mix(look.hair, ink, 0.5)))
            canvas.drawCircle(ix, eye_y, er * 0.45, _paint(ink))
            canvas.drawCircle(ix + er * 0.3, eye_y - er * 0.35, er * 0.28, _paint((1, 1, 1), 0.9))
            if closure > 0:
                lid_bottom = eye_y - er * 1.1 + er * 2.3 * closure
                canvas.drawRect(
                    skia.Rect(ex - er * 1.7, eye_y - er * 1.4, ex + er * 1.7, lid_bottom),
                    _paint(rig.skin),
                )
            canvas.restore()
            lid = skia.Path()
            top = eye_y - er * 1.1 + er * 2.2 * closure
            lid.moveTo(ex - er * 1.55, eye_y + (er * 0.2 if closure < 0.9 else 0))
            lid.quadTo(ex, top - er * 0.35 * (1 - closure), ex + er * 1.55, eye_y)
            canvas.drawPath(lid, _paint(ink, 0.85, max(0.6, r * 0.03)))
        else:
            squash = max(0.12, 1.0 - closure)
            dot = er * weight**0.5
            dx = ex + gaze * (1.0 if s >= 0 else -1.0) * dot * 0.35
            canvas.drawOval(
                skia.Rect(
                    dx - dot * 0.75, eye_y - dot * squash, dx + dot * 0.75, eye_y + dot * squash
                ),
                _paint(ink, min(1.0, 0.9 * weight)),
            )
        # the brow's inner end (toward the nose) and outer end rise or fall with the feeling
        inner, outer = feat.brow_inner * er * 1.3, feat.brow_outer * er * 1.3
        inner, outer = inner + raised * er * 0.9, outer + raised * er * 0.7
        if feat.asymmetric and ex > cx:
            inner, outer = inner * 0.2, -outer
        left, right = (outer, inner) if ex < cx else (inner, outer)
        brow = skia.Path()
        brow.moveTo(ex - er * 1.6, eye_y - er * 2.4 - left)
        brow.quadTo(
            ex, eye_y - er * 3.2 - (left + right) / 2, ex + er * 1.6, eye_y - er * 2.5 - right
        )
        width = max(0.5, r * (0.08 if feat.brow_inner < -0.3 else 0.06)) * weight**0.7
        brow_colour = mix(look.hair, ink, min(1.0, 0.4 * weight))
        canvas.drawPath(brow, _paint(brow_colour, min(1.0, 0.8 * weight), width))
        if look.glasses:
            canvas.drawCircle(
                ex, eye_y, r * 0.22, _paint(hex_rgb("#2b2b2b"), 0.8, max(0.5, r * 0.04))
            )


def _draw_mouth(canvas: skia.Canvas, rig: FaceRig, mouth: Mouth) -> None:
    """One mouth shape: a lip line when shut, else lips around a dark opening with teeth."""
    look, k = rig.look, rig.k
    cx, cy, r = rig.head[0] / k, rig.head[1] / k, rig.head_r / k
    s = math.sin(math.radians(rig.yaw))
    mx, my = cx + r * 0.62 * s, cy + r * 1.1 * 0.52
    feat = features(rig.expression, rig.head_r)
    rest_open = feat.mouth_open * 0.5  # a smile or a gasp parts the lips; speech adds to it
    mouth = replace(mouth, open=rest_open + mouth.open * (1.0 - rest_open))
    smile = feat.smile * r * 0.1  # corners up (a smile) or down (a frown)
    half = r * (0.28 - 0.12 * abs(s)) * feat.mouth_width
    half *= 1.0 + 0.18 * mouth.shape if mouth.shape > 0 else 1.0 + 0.42 * mouth.shape
    skin = rig.skin
    weight = rig.style.feature_weight
    lip = mix(skin, hex_rgb("#9c3f45"), min(0.8, 0.5 * weight))
    line = lip_line(skin, weight)
    light = max(0.35, min(1.1, luma(skin) / max(luma(look.skin), 0.05)))
    if mouth.open < 0.05:
        path = skia.Path()
        path.moveTo(mx - half, my - smile)
        path.quadTo(mx, my + r * 0.09 + smile * 0.6, mx + half, my - smile)
        canvas.drawPath(path, _paint(line, 0.9, max(0.6, r * 0.065 * weight**0.7)))
        return
    round_ = max(0.0, -mouth.shape)
    height = r * 0.55 * mouth.open * (1.0 + 0.25 * round_)
    top, bottom = my - height * 0.38, my + height * 0.62
    bulge = half * (0.55 + 0.35 * round_)
    opening = skia.Path()
    opening.moveTo(mx - half, my - smile)
    opening.cubicTo(mx - bulge, top, mx + bulge, top, mx + half, my - smile)
    opening.cubicTo(mx + bulge, bottom, mx - bulge, bottom, mx - half, my - smile)
    opening.close()
    canvas.drawPath(opening, _paint(mix(hex_rgb("#2a0d10"), skin, 0.12)))
    canvas.save()
    canvas.clipPath(opening, doAntiAlias=True)
    teeth = tuple(min(1.0, v * light) for v in hex_rgb("#efe9de"))
    if mouth.teeth > 0.5 or mouth.open > 0.3:
        depth = min(height * (0.5 if mouth.tuck else 0.3), r * 0.1)
        canvas.drawRect(
            skia.Rect(mx - half, top - r, mx + half, top + depth + height * 0.05),
            _paint(cast(RGB, teeth)),
        )
    if mouth.open > 0.45:
        canvas.drawOval(
            skia.Rect(
                mx - half * 0.6, bottom - height * 0.35, mx + half * 0.6, bottom + height * 0.2
            ),
            _paint(mix(hex_rgb("#b4474f"), skin, 0.2), 0.9),
        )
    canvas.restore()
    canvas.drawPath(opening, _paint(lip, 0.9, max(0.6, r * 0.05 * weight**0.7)))
    lower = skia.Path()
    lower.moveTo(mx - half * 0.55, bottom + r * 0.05)
    lower.quadTo(mx, bottom + r * 0.1, mx + half * 0.55, bottom + r * 0.05)
    canvas.drawPath(lower, _paint(darken(skin, 0.25), 0.35, max(0.5, r * 0.035)))
