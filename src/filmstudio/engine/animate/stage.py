"""The compositor: one shot of a layered set, frame by frame, on I420 planes.

A frame is the set's layers warped to the camera (each by its parallax), the animated
elements, the characters (drawn alive, as sprites cached per drawing), then what stands in
front of them. Everything is done on planes (no RGB per frame), a layer is warped only over
the rows and columns it covers, a still camera reuses its warps, and characters change
drawing on twos (12 drawings a second) while breathing and swaying are warps of the drawing.
Every time is scene-local seconds, so a scene shifted in the film draws identical frames.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import cv2
import numpy as np
import skia
from numpy.typing import NDArray

from filmstudio.engine.animate.camera import CameraPath, frame_shot, plan_move
from filmstudio.engine.animate.elements import Element, FrameView, elements_for, scene_weather
from filmstudio.engine.picture.canvas import Ctx
from filmstudio.engine.picture.grade import finish, vignette_mask, vignette_strength
from filmstudio.engine.picture.layers import SKY_PARALLAX, Layer, SceneSet
from filmstudio.engine.picture.light import Light, compute_light
from filmstudio.engine.picture.places import place_spec
from filmstudio.engine.picture.scene import draw_actor, scene_seed
from filmstudio.engine.picture.staging import Actor, Layout
from filmstudio.engine.picture.styles import Style, style_params
from filmstudio.engine.plan import FilmPlan, Scene, Shot
from filmstudio.engine.render.motion import Planes

U8 = NDArray[np.uint8]
Matrix = NDArray[np.float64]
#: Layers drawn in front of the characters.
FRONT_LAYERS = frozenset({"near", "front"})
#: How far the sky drifts with the wind (share of the set's width per second at wind 1).
SKY_DRIFT = 0.03
SKY_DRIFT_PERIOD = 90.0


@dataclass
class PlaneLayer:
    """A layer as premultiplied I420 planes plus alpha (full and half size), even-aligned."""

    name: str
    x: int
    y: int
    planes: tuple[U8, U8, U8]
    alpha: tuple[U8, U8] | None
    parallax: float
    parallax_bottom: float
    height_rows: int

    @classmethod
    def of(cls, layer: Layer, set_width: int = 0) -> PlaneLayer:
        """A layer ready to warp; only an opaque layer as wide as the set (`set_width`) may
        skip its alpha: its edges are repeated past the set's border."""
        rgba = layer.rgba
        x, y = layer.x - layer.x % 2, layer.y - layer.y % 2
        h, w = rgba.shape[:2]
        ph, pw = h + (layer.y - y), w + (layer.x - x)
        ph, pw = ph + ph % 2, pw + pw % 2
        top, left = layer.y - y, layer.x - x
        opaque = layer.opaque and layer.x == 0 and w >= set_width
        # Edges repeat (an opaque layer stays opaque); alpha outside the layer is zero.
        padded = cv2.copyMakeBorder(
            rgba, top, ph - h - top, left, pw - w - left, cv2.BORDER_REPLICATE
        )
        if not opaque:
            padded[:top, :, 3] = 0
            padded[top + h :, :, 3] = 0
            padded[:, :left, 3] = 0
            padded[:, left + w :, 3] = 0
        yuv: U8 = np.asarray(
            cv2.cvtColor(np.ascontiguousarray(padded[..., :3]), cv2.COLOR_RGB2YUV_I420), np.uint8
        )
        luma: U8 = np.ascontiguousarray(yuv[:ph])
        chroma = yuv[ph:].reshape(-1)
        quarter = (ph // 2) * (pw // 2)
        u = chroma[:quarter].reshape(ph // 2, pw // 2)
        v = chroma[quarter:].reshape(ph // 2, pw // 2)
        alpha: tuple[U8, U8] | None = None
        if not opaque:
            full: U8 = np.ascontiguousarray(padded[..., 3])
            half: U8 = np.asarray(
                cv2.resize(full, (pw // 2, ph // 2), interpolation=cv2.INTER_AREA), np.uint8
            )
            luma, u, v = (
                np.asarray(cv2.multiply(plane, a, scale=1 / 255), np.uint8)
                for plane, a in ((luma, full), (u, half), (v, half))
            )
            alpha = (full, half)
        return cls(
            layer.name,
            x,
            y,
            (luma, np.ascontiguousarray(u), np.ascontiguousarray(v)),
            alpha,
            layer.parallax,
            layer.parallax_bottom,
            ph,
        )


@dataclass
class Warped:
    """A layer (or sprite) in output pixels at (x, y): planes, and alpha unless opaque."""

    x: int
    y: int
    planes: tuple[U8, U8, U8]
    alpha: tuple[U8, U8] | None


def _out_box(matrix: Matrix, src: tuple[int, int], size: tuple[int, int]) -> tuple[int, ...]:
    """The even-aligned output box that `src` (w, h) covers under an output->source map."""
    full = np.vstack([matrix, [0.0, 0.0, 1.0]])
    inverse = np.linalg.inv(full)[:2]
    w, h = src
    corners = np.array([[0, 0, 1], [w, 0, 1], [0, h, 1], [w, h, 1]], np.float64).T
    out = inverse @ corners
    x0 = max(0, math.floor(out[0].min()) - 2)
    y0 = max(0, math.floor(out[1].min()) - 2)
    x1 = min(size[0], math.ceil(out[0].max()) + 2)
    y1 = min(size[1], math.ceil(out[1].max()) + 2)
    x0, y0 = x0 - x0 % 2, y0 - y0 % 2
    x1, y1 = x1 + x1 % 2, y1 + y1 % 2
    return x0, y0, min(size[0], x1), min(size[1], y1)


def warp_planes_to(
    planes: tuple[U8, U8, U8],
    alpha: tuple[U8, U8] | None,
    matrix: Matrix,
    size: tuple[int, int],
    border: int = cv2.BORDER_CONSTANT,
) -> Warped | None:
    """Warp premultiplied planes (output->source `matrix`) onto the box they cover."""
    src = (planes[0].shape[1], planes[0].shape[0])
    if alpha is None and border != cv2.BORDER_CONSTANT:
        x0, x1 = 0, size[0]
        _, y0, _, y1 = _out_box(matrix, src, size)
    else:
        x0, y0, x1, y1 = _out_box(matrix, src, size)
    if x1 - x0 < 2 or y1 - y0 < 2:
        return None
    local = matrix.copy()
    local[:, 2] += local[:, :2] @ np.array([x0, y0], np.float64)
    half = local.copy()
    half[:, 2] /= 2
    flags = cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP
    box, half_box = (x1 - x0, y1 - y0), ((x1 - x0) // 2, (y1 - y0) // 2)

    def warp(image: U8, m: Matrix, dsize: tuple[int, int]) -> U8:
        return np.asarray(cv2.warpAffine(image, m, dsize, flags=flags, borderMode=border), np.uint8)

    out = (
        warp(planes[0], local, box),
        warp(planes[1], half, half_box),
        warp(planes[2], half, half_box),
    )
    warped_alpha = None
    if alpha is not None:
        warped_alpha = (warp(alpha[0], local, box), warp(alpha[1], half, half_box))
    return Warped(x0, y0, out, warped_alpha)


def blend(frame: Planes, warped: Warped) -> None:
    """Put a warped layer over the frame (premultiplied 'over'), in its box only."""
    x, y = warped.x, warped.y
    for index, plane in enumerate(warped.planes):
        d = 1 if index == 0 else 2
        h, w = plane.shape
        region = frame[index][y // d : y // d + h, x // d : x // d + w]
        if warped.alpha is None:
            region[...] = plane
            continue
        alpha = warped.alpha[0 if index == 0 else 1]
        kept = cv2.multiply(region, cv2.bitwise_not(alpha), scale=1 / 255)
        region[...] = cv2.add(kept, plane)


@dataclass(frozen=True)
class Speaking:
    """Who speaks when (scene-local seconds), and the sounds when the voice knows them."""

    speaker: str
    start: float
    end: float
    phonemes: tuple[object, ...] = ()


#: Characters change drawing on twos: 12 drawings a second.
DRAWINGS_PER_SECOND = 12
#: A speaker's hands move on each beat of this many seconds (talk pose, then rest).
GESTURE_BEAT = 0.55
BREATH_PERIOD = 3.6
SWAY_PERIOD = 5.3


def _affine3(m: Matrix) -> Matrix:
    return np.vstack([m, [0.0, 0.0, 1.0]])


def _about(point: tuple[float, float], scale_y: float, angle: float) -> Matrix:
    """Undo a breath (vertical stretch) and a sway (rotation) about an actor's feet."""
    fx, fy = point
    c, s = math.cos(-angle), math.sin(-angle)
    to_origin = np.array([[1, 0, -fx], [0, 1, -fy], [0, 0, 1]], np.float64)
    rotate = np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]], np.float64)
    squash = np.diag([1.0, 1.0 / scale_y, 1.0])
    back = np.array([[1, 0, fx], [0, 1, fy], [0, 0, 1]], np.float64)
    return np.asarray(back @ squash @ rotate @ to_origin, np.float64)


class Cast:
    """The scene's characters, alive: breathing, swaying, turning to whoever speaks and
    gesturing while they speak. Drawings are cached per (actor, pose, facing) at the shot's
    largest scale; the rest is a warp of the drawing."""

    def __init__(
        self,
        scene_set: SceneSet,
        scene: Scene,
        light: Light,
        style: Style,
        seed: int,
        speaking: Sequence[Speaking],
    ) -> None:
        self.set = scene_set
        self.scene = scene
        self.light = light
        self.style = style
        self.seed = seed
        self.speaking = list(speaking)
        self.actors = sorted(scene_set.actors, key=lambda a: a.base)
        self._drawings: dict[tuple[str, str, float, float], tuple[PlaneLayer, float]] = {}
        self._warps: dict[tuple[int, int, bytes], Warped | None] = {}

    def speaker_at(self, seconds: float) -> str | None:
        return next((s.speaker for s in self.speaking if s.start <= seconds < s.end), None)

    def state(self, actor: Actor, seconds: float) -> tuple[str, float]:
        """The drawing an actor shows at `seconds` (on twos): pose and facing."""
        held = math.floor(seconds * DRAWINGS_PER_SECOND) / DRAWINGS_PER_SECOND
        speaker = self.speaker_at(held)
        pose, yaw = actor.pose, actor.yaw
        if speaker == actor.name and pose in ("stand", "talk"):
            offset = sum(map(ord, actor.name)) % 7 * 0.1
            pose = "talk" if math.floor((held + offset) / GESTURE_BEAT) % 2 == 0 else "stand"
        elif speaker is not None and speaker != actor.name and 5.0 < abs(yaw) < 120.0:
            other = next((a for a in self.actors if a.name == speaker), None)
            if other is not None:
                yaw = abs(yaw) if other.x > actor.x else -abs(yaw)
        return pose, yaw

    def _drawing(
        self, actor: Actor, pose: str, yaw: float, scale: float
    ) -> tuple[PlaneLayer, float]:
        """The actor drawn in `pose` facing `yaw` at `scale` output pixels per set pixel."""
        key = (actor.name, pose, yaw, round(scale, 3))
        if key not in self._drawings:
            self._drawings[key] = self._paint(replace(actor, pose=pose, yaw=yaw), scale)
        return self._drawings[key]

    def _paint(self, actor: Actor, scale: float) -> tuple[PlaneLayer, float]:
        k = self.set.k
        per_unit = scale * k
        h = actor.height
        x0, y0 = actor.x - h * 0.62, actor.base - h * 1.3
        width = max(4, int(h * 1.24 * per_unit) // 2 * 2)
        height = max(4, int(h * 1.4 * per_unit) // 2 * 2)
        pixels = np.zeros((height, width, 4), np.uint8)
        horizon = self.set.anchors.horizon / k
        ctx = Ctx(skia.Surface(pixels), pixels, self.light, self.style, self.seed, horizon=horizon)
        ctx.k = per_unit
        ctx.W = self.set.size[0] / k
        ctx.canvas.resetMatrix()
        ctx.canvas.scale(per_unit, per_unit)
        ctx.canvas.translate(-x0, -y0)
        draw_actor(ctx, Layout(shot="wide"), actor)
        alpha = pixels[..., 3:].astype(np.float32)
        straight = pixels.copy()
        straight[..., :3] = np.clip(
            pixels[..., :3] * (255.0 / np.maximum(alpha, 1.0)), 0, 255
        ).astype(np.uint8)
        ys, xs = np.nonzero(pixels[..., 3])
        if ys.size == 0:
            ys, xs = np.array([0]), np.array([0])
        top, left = int(ys.min()), int(xs.min())
        crop = np.s_[top : int(ys.max()) + 1, left : int(xs.max()) + 1]
        graded = finish(straight[crop], self.style, self.scene.mood, self.seed, vignette=False)
        rgba = np.dstack([graded, pixels[crop][..., 3]])
        plane = PlaneLayer.of(Layer(actor.name, rgba, left, top, 1.0, 1.0), 1 << 30)
        return plane, per_unit

    def sprites(
        self, seconds: float, path: CameraPath, u: float, size: tuple[int, int]
    ) -> list[Warped]:
        """Each actor's drawing warped to the frame at `seconds`, back to front."""
        out = []
        k = self.set.k
        for index, actor in enumerate(self.actors):
            parallax = self.set.ground_parallax(actor.base * k)
            largest = max(path.scale_at(0.0, size, parallax), path.scale_at(1.0, size, parallax))
            pose, yaw = self.state(actor, seconds)
            plane, per_unit = self._drawing(actor, pose, yaw, largest)
            held = math.floor(seconds * DRAWINGS_PER_SECOND) / DRAWINGS_PER_SECOND
            breath = 1.0 + 0.007 * math.sin(2 * math.pi * held / BREATH_PERIOD + index)
            sway = 0.004 * math.sin(2 * math.pi * held / SWAY_PERIOD + index * 1.7)
            h = actor.height
            to_sprite = np.array(
                [
                    [per_unit / k, 0.0, -(actor.x - h * 0.62) * per_unit],
                    [0.0, per_unit / k, -(actor.base - h * 1.3) * per_unit],
                    [0.0, 0.0, 1.0],
                ]
            )
            to_sprite[:2, 2] -= (plane.x, plane.y)
            feet = (actor.x * k, actor.base * k)
            camera = _affine3(path.matrix(u, size, parallax))
            matrix = (to_sprite @ _about(feet, breath, sway) @ camera)[:2]
            key = (index, id(plane), np.round(matrix, 5).tobytes())
            if key not in self._warps:
                self._warps[key] = warp_planes_to(plane.planes, plane.alpha, matrix, size)
            warped = self._warps[key]
            if warped is not None:
                out.append(warped)
        if len(self._warps) > 4 * len(self.actors):
            self._warps = dict(list(self._warps.items())[-2 * len(self.actors) :])
        return out


@dataclass
class StageShot:
    """One shot of a scene's set: `planes_at(seconds)` draws its frame at scene-local time."""

    scene_set: SceneSet
    plan: FilmPlan
    scene_index: int
    shot: Shot
    size: tuple[int, int]
    fps: int
    start: float
    end: float
    speaking: Sequence[Speaking] = ()
    seed: int = 0
    path: CameraPath = field(init=False)
    elements: list[Element] = field(init=False)
    _memo: dict[tuple[int, bytes], Warped | None] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        width, height = self.size
        if width % 2 or height % 2 or width < 16 or height < 16:
            raise ValueError(
                f"A frame must have even sides of 16 pixels or more ({width}x{height})."
            )
        scene = self.plan.scenes[self.scene_index]
        spec = place_spec(scene.setting.place)
        light = compute_light(
            scene.setting.time_of_day, scene.setting.weather, scene.mood, space=spec.name == "space"
        )
        seed = scene_seed(self.plan, scene) ^ self.seed
        view = frame_shot(self.scene_set, scene, self.shot, self.size)
        duration = max(0.04, self.end - self.start)
        self.path = plan_move(self.scene_set, view, self.shot.move, duration, width / height, seed)
        self.weather = scene_weather(light, scene.mood, spec.outdoors, spec.name, seed)
        self.elements = elements_for(self.scene_set, self.weather, self.size, self.fps)
        layers = self.scene_set.memo.get("planes")
        if layers is None:
            set_width = self.scene_set.size[0]
            layers = [PlaneLayer.of(layer, set_width) for layer in self.scene_set.layers]
            self.scene_set.memo["planes"] = layers
        self.layers: list[PlaneLayer] = layers
        style = style_params(self.plan.style)
        strength = vignette_strength(style, scene.mood)
        self.vignette = vignette_mask(width, height, strength) if strength > 0.01 else None
        self.cast = Cast(self.scene_set, scene, light, style, seed, self.speaking)
        self.drifts = any(layer.name == "sky" for layer in self.layers) and light.cloud_cover > 0

    def _u(self, seconds: float) -> float:
        return (seconds - self.start) / max(1e-6, self.end - self.start)

    def sky_drift(self, seconds: float) -> float:
        """How far the wind has moved the sky (set pixels) at scene-local `seconds`."""
        if not self.drifts:
            return 0.0
        speed = SKY_DRIFT * self.scene_set.size[0] * (0.2 + self.weather.wind)
        return speed * SKY_DRIFT_PERIOD * math.sin(seconds / SKY_DRIFT_PERIOD)

    def _layer_matrix(self, layer: PlaneLayer, u: float, seconds: float) -> Matrix:
        shear = (0.0, 0.0)
        if layer.parallax_bottom != layer.parallax:
            rows = self.scene_set.size[1] - layer.y
            shear = ((layer.parallax_bottom - layer.parallax) / max(1, rows), float(layer.y))
        matrix = self.path.matrix(u, self.size, layer.parallax, shear)
        if layer.parallax <= SKY_PARALLAX:
            matrix[0, 2] += self.sky_drift(seconds)
        matrix[0, 2] -= layer.x
        matrix[1, 2] -= layer.y
        return matrix

    def _warped(self, index: int, u: float, seconds: float) -> Warped | None:
        layer = self.layers[index]
        matrix = self._layer_matrix(layer, u, seconds)
        key = (index, np.round(matrix, 6).tobytes())
        if key not in self._memo:
            if len(self._memo) > 64:
                self._memo.clear()
            border = cv2.BORDER_CONSTANT
            if layer.alpha is None:
                border = cv2.BORDER_REFLECT if layer.name == "sky" else cv2.BORDER_REPLICATE
            self._memo[key] = warp_planes_to(layer.planes, layer.alpha, matrix, self.size, border)
        return self._memo[key]

    def view_at(self, seconds: float) -> FrameView:
        return FrameView(self.path, self._u(seconds), self.size, self.sky_drift(seconds))

    def planes_at(self, seconds: float) -> Planes:
        """The frame at scene-local `seconds` as I420 planes at `size`."""
        width, height = self.size
        u = self._u(seconds)
        frame: Planes = (
            np.zeros((height, width), np.uint8),
            np.full((height // 2, width // 2), 128, np.uint8),
            np.full((height // 2, width // 2), 128, np.uint8),
        )
        front = [i for i, layer in enumerate(self.layers) if layer.name in FRONT_LAYERS]
        for index in range(len(self.layers)):
            if index in front:
                continue
            warped = self._warped(index, u, seconds)
            if warped is not None:
                blend(frame, warped)
        view = self.view_at(seconds)
        for element in self.elements:
            if element.name not in ("rain", "snow", "fog", "lightning"):
                element.draw(frame, seconds, view)
        for warped in self.cast.sprites(seconds, self.path, u, self.size):
            blend(frame, warped)
        for index in front:
            warped = self._warped(index, u, seconds)
            if warped is not None:
                blend(frame, warped)
        for element in self.elements:
            if element.name in ("rain", "snow", "fog", "lightning"):
                element.draw(frame, seconds, view)
        if self.vignette is not None:
            cv2.multiply(frame[0], self.vignette, dst=frame[0], scale=1 / 255)
        return frame
