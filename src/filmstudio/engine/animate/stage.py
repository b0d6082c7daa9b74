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
from dataclasses import dataclass, field

import cv2
import numpy as np
import skia
from numpy.typing import NDArray

from filmstudio.engine.animate.cadence import on_twos
from filmstudio.engine.animate.camera import CameraPath, follow, frame_shot, plan_move
from filmstudio.engine.animate.elements import (
    Element,
    FrameView,
    Weather,
    elements_for,
    scene_weather,
)
from filmstudio.engine.animate.visemes import VISEMES, viseme_of
from filmstudio.engine.picture.acting import Acting, line_at, resting, with_hands
from filmstudio.engine.picture.acting import actor_box as acting_box
from filmstudio.engine.picture.acting import draw_actor as draw_acting
from filmstudio.engine.picture.canvas import Ctx
from filmstudio.engine.picture.figures import ground_shadow
from filmstudio.engine.picture.grade import finish, vignette_mask, vignette_strength
from filmstudio.engine.picture.layers import SKY_PARALLAX, Layer, SceneSet
from filmstudio.engine.picture.light import Light, compute_light
from filmstudio.engine.picture.places import place_spec
from filmstudio.engine.picture.puppet import is_cyclic, phase_at
from filmstudio.engine.picture.scene import scene_seed
from filmstudio.engine.picture.staging import Actor
from filmstudio.engine.picture.styles import Style, style_params
from filmstudio.engine.plan import FilmPlan, Scene, Shot
from filmstudio.engine.render.motion import Planes
from filmstudio.engine.voice.base import PhonemeTiming

U8 = NDArray[np.uint8]
Matrix = NDArray[np.float64]
#: Layers drawn in front of the characters.
FRONT_LAYERS = frozenset({"near", "front"})
#: Elements drawn over everything, in screen space (weather in front of the lens).
SCREEN_ELEMENTS = frozenset({"rain", "snow", "fog", "lightning", "motes"})
#: How far the sky drifts with the wind (share of the set's width per second at wind 1).
SKY_DRIFT = 0.03
SKY_DRIFT_PERIOD = 90.0
#: How far the foreground framing sways (share of the set's width at wind 0.7).
SWAY_REACH = 0.002
#: Rows of a set flattened at a time for a close-up's backdrop.
FLAT_BAND = 256
#: A layer the camera moves less than this many output pixels a frame is redrawn on twos
#: (a step of under a pixel, 12 times a second, reads as the same glide).
HOLD_BELOW = 0.4


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
    #: The first row from which the layer is opaque down to its bottom, across its width
    #: (its height when no such row): what it hides of the layers behind it.
    solid_from: int = 0

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
        solid_from = 0
        if not opaque:
            full: U8 = np.ascontiguousarray(padded[..., 3])
            see_through = np.flatnonzero((full < 255).any(axis=1))
            solid_from = int(see_through[-1]) + 1 if len(see_through) else 0
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
            solid_from + solid_from % 2,
        )

    def solid_rows(self, matrix: Matrix, size: tuple[int, int]) -> tuple[int, int] | None:
        """The even-aligned output rows this layer, warped by `matrix` (output->source), paints
        opaque across the whole frame width, or None: no layer behind shows through there.

        The bounds keep two pixels from every edge of the solid part, so bilinear taps (luma and
        the half-size chroma) read only opaque source pixels whatever OpenCV rounds.
        """
        ph, pw = self.planes[0].shape
        width, height = size
        if self.alpha is None:  # edges repeat: the box it is written to is opaque, full width
            _, y0, _, y1 = _out_box(matrix, (pw, ph), size)
            return (y0, y1) if y1 > y0 else None
        rows = np.arange(height, dtype=np.float64)[:, None]
        ends = np.array([[0.0, width - 1.0]])
        sx = matrix[0, 0] * ends + matrix[0, 1] * rows + matrix[0, 2]
        sy = matrix[1, 0] * ends + matrix[1, 1] * rows + matrix[1, 2]
        inside = (
            (sy.min(axis=1) >= self.solid_from + 2)
            & (sy.max(axis=1) <= ph - 4)
            & (sx.min(axis=1) >= 2)
            & (sx.max(axis=1) <= pw - 4)
        )
        found = np.flatnonzero(inside)
        if len(found) == 0:
            return None
        y0, y1 = int(found[0]), int(found[-1]) + 1
        y0, y1 = y0 + y0 % 2, y1 - y1 % 2
        return (y0, y1) if y1 > y0 else None


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
    rows: tuple[int, int] | None = None,
) -> Warped | None:
    """Warp premultiplied planes (output->source `matrix`) onto the box they cover, within
    the even-aligned output `rows` when given (the rest is hidden by layers in front)."""
    src = (planes[0].shape[1], planes[0].shape[0])
    if alpha is None and border != cv2.BORDER_CONSTANT:
        x0, x1 = 0, size[0]
        _, y0, _, y1 = _out_box(matrix, src, size)
    else:
        x0, y0, x1, y1 = _out_box(matrix, src, size)
    if rows is not None:
        y0, y1 = max(y0, rows[0]), min(y1, rows[1])
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


def _rows_to_draw(
    layers: Sequence[PlaneLayer], matrices: Sequence[Matrix], size: tuple[int, int]
) -> list[tuple[int, int] | None]:
    """For each layer (back to front), the output rows that no layer in front of it hides,
    as one even-aligned span (None: hidden). Why: at 1080p the sky and far layers were warped
    whole every frame of a moving camera, though the ground in front hides half of them."""
    height = size[1]
    hidden = np.zeros(height, bool)
    spans: list[tuple[int, int] | None] = []
    for layer, matrix in zip(reversed(layers), reversed(matrices), strict=True):
        shown = np.flatnonzero(~hidden)
        if len(shown) == 0:
            spans.append(None)
        else:
            y0, y1 = int(shown[0]), int(shown[-1]) + 1
            spans.append((y0 - y0 % 2, y1 + y1 % 2))
        solid = layer.solid_rows(matrix, size)
        if solid is not None:
            hidden[solid[0] : solid[1]] = True
    return spans[::-1]


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
    """Who speaks when (the stage's time base), and the sounds when the voice knows them
    (`Speech.phonemes` as they are: seconds into the line, counted from `start`)."""

    speaker: str
    start: float
    end: float
    phonemes: tuple[PhonemeTiming, ...] = ()


#: A speaker's hands move on each beat of this many seconds (talk pose, then rest).
GESTURE_BEAT = 0.55
BREATH_PERIOD = 3.6
#: Characters whose blocking pose is a walk move across the set: an entrance arrives on the
#: mark ENTRANCE s into the scene, an exit leaves EXIT s before its end, a walk takes WALK s
#: (up to WALK_LONGEST s in a longer scene).
WALKERS = frozenset({"enter", "exit", "walk", "run"})
ENTRANCE, EXIT, WALK = 3.0, 3.0, 5.0
WALK_LONGEST = 10.0
#: A listener nods now and then while someone speaks.
NOD_EVERY, NOD_SECONDS = 3.7, 0.8
#: While no one on stage speaks, a character looks aside for IDLE_SECONDS every IDLE_EVERY s
#: or so (staggered per character).
IDLE_EVERY, IDLE_SECONDS = 4.4, 1.5
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
    """The scene's characters, alive: breathing, blinking, glancing at whoever speaks, the
    speaker's mouth and hands moving, walkers walking. Drawings (H3's `acting.draw_actor`)
    are cached per distinct `Acting` at the shot's largest scale and change on twos; the
    breath's rise and a slight sway are warps of the drawing."""

    def __init__(
        self,
        scene_set: SceneSet,
        scene: Scene,
        light: Light,
        style: Style,
        seed: int,
        speaking: Sequence[Speaking],
        visible: tuple[float, float, float, float] | None = None,
        scene_length: float | None = None,
        line_spans: Sequence[tuple[float, float]] = (),
    ) -> None:
        self.set = scene_set
        self.scene_length = scene_length
        #: every line's (start, end) in scene seconds, narrator's too: when props change hands
        self.line_spans = list(line_spans)
        self.visible = visible
        #: mouth shapes a line needs: two where faces are small (a wide shot, where blinks
        #: do not show either), else three
        self.mouth_steps = 1 if visible is None or visible[3] - visible[1] > 700 else 2
        self.scene = scene
        self.light = light
        self.style = style
        self.seed = seed
        self.speaking = list(speaking)
        self.actors = sorted(scene_set.actors, key=lambda a: a.base)
        #: the object an insert shows (None: not an insert)
        self.insert_of: str | None = None
        self._drawings: dict[tuple[str, Acting, float], PlaneLayer] = {}
        self._warps: dict[tuple[int, int, bytes], Warped | None] = {}

    def speaker_at(self, seconds: float) -> Speaking | None:
        return next((s for s in self.speaking if s.start <= seconds < s.end), None)

    def acting(self, index: int, actor: Actor, seconds: float) -> Acting:
        """What an actor does at `seconds`, held on twos (a new drawing 12 times a second)."""
        held = on_twos(seconds)
        rest = resting(actor)
        pose, phase = rest.pose, rest.phase
        if pose in WALKERS and not self.travel(actor, held)[1]:
            pose, phase = "stand", 0.0  # arrived, not yet leaving, or done walking
        cyclic = is_cyclic(pose)
        if cyclic:  # a body in motion: its cycle in 4 (wide) or 8 drawings, eyes and head still
            steps = 4 * self.mouth_steps
            phase = round(phase_at(pose, held) * steps) % steps / steps
        span = self.speaker_at(held)
        mouth, glance = 0.0, 0.0
        if span is not None and span.speaker == actor.name:
            mouth = _mouth(span, held, index, self.mouth_steps)
            if pose in ("stand", "talk"):
                beat = math.floor((held + index * 0.3) / GESTURE_BEAT)
                pose, phase = ("talk", 0.0) if beat % 2 == 0 else ("stand", 0.0)
        elif not cyclic:
            other = None if span is None else self._actor(span.speaker)
            if other is not None:
                glance = 0.6 if other.x > actor.x else -0.6
                since = (held + index * 1.3) % NOD_EVERY
                if pose in ("stand", "talk") and since < NOD_SECONDS:
                    steps = 2 * self.mouth_steps
                    pose, phase = "nod", round(since / NOD_SECONDS * steps) / steps
            else:
                glance = self._idle_glance(index, actor, held)
        blink = _blink(held, index, self.seed) if self.mouth_steps > 1 and not cyclic else 0.0
        acting = Acting(pose, phase, rest.expression, mouth, blink, 0.0, glance)
        if not self.scene.actions:
            return acting
        line, into = line_at(self.line_spans, held)
        return with_hands(self.scene, actor, acting, line, into)

    def _passes_through_insert(self, actor: Actor) -> bool:
        """Whether `actor` only walks past an insert's object (not carrying it): drawn at the
        insert's scale, their legs crossed the frame like a glitch (the-kite's kite on the
        grass read as five cuts), so an insert leaves them out."""
        if self.insert_of is None or actor.pose not in WALKERS:
            return False
        return actor.held is None or actor.held.casefold() != self.insert_of.casefold()

    def _actor(self, name: str) -> Actor | None:
        return next((a for a in self.actors if a.name == name), None)

    def _idle_glance(self, index: int, actor: Actor, seconds: float) -> float:
        """Where a character looks while no one on stage speaks (the narrator, a pause): now
        and then at someone beside them, or off into the place, then back. Why: people who
        only breathe through a narrated shot read as a still picture."""
        period = IDLE_EVERY + 0.9 * (index % 3)
        turns, since = divmod(seconds + index * 1.7 + self.seed % 7, period)
        if since >= IDLE_SECONDS:
            return 0.0
        others = [a for a in self.actors if a is not actor]
        if others:
            nearest = min(others, key=lambda a: abs(a.x - actor.x))
            return 0.6 if nearest.x > actor.x else -0.6
        return 0.5 if (int(turns) + index) % 2 == 0 else -0.5

    def travel(self, actor: Actor, seconds: float) -> tuple[float, bool]:
        """How far (virtual units) a walker is from their mark at scene-local `seconds`,
        and whether they are walking: an entrance ends on the mark ENTRANCE seconds into
        the scene, an exit starts EXIT seconds before its end, a walk crosses the mark."""
        if actor.pose not in WALKERS:
            return 0.0, False
        way = 1.0 if actor.yaw >= 0 else -1.0
        speed = actor.height * (1.1 if actor.pose == "run" else 0.45)
        if actor.pose == "enter":
            left = ENTRANCE - seconds
            return -way * speed * max(0.0, left), left > 0
        if actor.pose == "exit":
            if self.scene_length is None:
                return 0.0, False
            gone = seconds - (self.scene_length - EXIT)
            return way * speed * max(0.0, gone), gone > 0
        # A walk crosses the mark over the scene (5 to 10 s): people who walked on for 5 s
        # and then stood through the rest of a long scene read as a still picture.
        longest = WALK if self.scene_length is None else self.scene_length - 0.5
        span = max(WALK, min(WALK_LONGEST, longest))
        walked = min(seconds, span)
        return way * speed * (walked - span / 2), seconds < span

    def _box(self, actor: Actor) -> tuple[float, float, float, float]:
        """What of the actor's drawing the shot can show (virtual units): a close shot
        draws only the part in frame."""
        x0, y0, x1, y1 = acting_box(actor)
        if self.visible is None or actor.pose in WALKERS:
            return x0, y0, x1, y1
        v0, w0, v1, w1 = self.visible
        if v0 >= x1 or v1 <= x0 or w0 >= y1 or w1 <= y0:
            return x0, y0, x0 + 1, y0 + 1
        return max(x0, v0), max(y0, w0), min(x1, v1), min(y1, w1)

    def _drawing(self, actor: Actor, acting: Acting, scale: float) -> PlaneLayer:
        """The actor drawn doing `acting` at `scale` output pixels per set pixel (cached)."""
        key = (actor.name, acting, round(scale, 4))
        if key not in self._drawings:
            self._drawings[key] = self._paint(actor, acting, scale)
        return self._drawings[key]

    def _paint(self, actor: Actor, acting: Acting, scale: float) -> PlaneLayer:
        k = self.set.k
        per_unit = scale * k
        x0, y0, x1, y1 = self._box(actor)
        width = max(2, math.ceil((x1 - x0) * per_unit / 2) * 2)
        height = max(2, math.ceil((y1 - y0) * per_unit / 2) * 2)
        pixels = np.zeros((height, width, 4), np.uint8)
        horizon = self.set.anchors.horizon / k
        ctx = Ctx(skia.Surface(pixels), pixels, self.light, self.style, self.seed, horizon=horizon)
        ctx.k = per_unit
        ctx.W = self.set.size[0] / k
        ctx.canvas.resetMatrix()
        ctx.canvas.scale(per_unit, per_unit)
        ctx.canvas.translate(-x0, -y0)
        if actor.pose != "sit_ground":
            ground_shadow(ctx, actor.x, actor.base, actor.height * 0.24)
        draw_acting(ctx, actor, acting)
        left, top, w, h = cv2.boundingRect(np.ascontiguousarray(pixels[..., 3]))
        crop = np.s_[top : top + max(1, h), left : left + max(1, w)]
        straight = pixels[crop]  # a numpy-backed skia surface holds straight alpha
        graded = finish(straight, self.style, self.scene.mood, self.seed, vignette=False)
        rgba = np.dstack([graded, straight[..., 3]])
        return PlaneLayer.of(Layer(actor.name, rgba, left, top, 1.0, 1.0), 1 << 30)

    def sprites(
        self, seconds: float, path: CameraPath, u: float, size: tuple[int, int]
    ) -> list[Warped]:
        """Each actor's drawing warped to the frame at `seconds`, back to front."""
        out = []
        k = self.set.k
        held = on_twos(seconds)
        for index, actor in enumerate(self.actors):
            if self._passes_through_insert(actor):
                continue
            parallax = self.set.ground_parallax(actor.base * k)
            largest = max(path.scale_at(0.0, size, parallax), path.scale_at(1.0, size, parallax))
            plane = self._drawing(actor, self.acting(index, actor, seconds), largest)
            per_unit = largest * k
            breath = 1.0 + 0.006 * math.sin(2 * math.pi * held / BREATH_PERIOD + index)
            sway = 0.003 * math.sin(2 * math.pi * held / SWAY_PERIOD + index * 1.7)
            x0, y0, _, _ = self._box(actor)
            to_sprite = np.array(
                [
                    [per_unit / k, 0.0, -x0 * per_unit - plane.x],
                    [0.0, per_unit / k, -y0 * per_unit - plane.y],
                    [0.0, 0.0, 1.0],
                ]
            )
            feet = (actor.x * k, actor.base * k)
            camera = _affine3(path.matrix(u, size, parallax))
            walked = np.eye(3)
            walked[0, 2] = -self.travel(actor, seconds)[0] * k
            matrix = (to_sprite @ _about(feet, breath, sway) @ walked @ camera)[:2]
            key = (index, id(plane), np.round(matrix, 5).tobytes())
            if key not in self._warps:
                self._warps[key] = warp_planes_to(plane.planes, plane.alpha, matrix, size)
            warped = self._warps[key]
            if warped is not None:
                out.append(warped)
        if len(self._warps) > 4 * len(self.actors):
            self._warps = dict(list(self._warps.items())[-2 * len(self.actors) :])
        return out


def _mouth(span: Speaking, seconds: float, index: int, steps: int) -> float:
    """How open the speaker's mouth is: from the voice's sounds when known, else a syllable
    rhythm (about 4.5 a second); quantised so a line needs only a few drawings."""
    if span.phonemes:
        into = seconds - span.start
        sound = next((p for p in span.phonemes if p.start <= into < p.end), None)
        opening = VISEMES[viseme_of(sound.phoneme)].open if sound is not None else 0.0
    else:
        t = seconds - span.start
        opening = max(0.0, math.sin(2 * math.pi * 4.5 * t + index)) * 0.8
    return round(opening * steps) / steps


def _blink(seconds: float, index: int, seed: int) -> float:
    """Eyes shut for a sixth of a second every 2.5 to 5 seconds (each actor on their own)."""
    rng = np.random.default_rng([seed & 0xFFFFFFFF, 80, index])
    period = 2.5 + 2.5 * float(rng.random())
    since = (seconds + period * float(rng.random())) % period
    return 1.0 if since < 1 / 6 else 0.0


def _plane_layers(scene_set: SceneSet, merge_sky: bool) -> list[PlaneLayer]:
    """The set's layers as planes, once per set; a sky that does not drift is flattened into
    the far layer (their parallax difference is invisible on a cloudless gradient)."""
    key = "planes-merged" if merge_sky else "planes"
    if key not in scene_set.memo:
        layers = scene_set.layers
        names = [layer.name for layer in layers]
        if merge_sky and names[:2] == ["sky", "far"]:
            layers = [_over(layers[1], layers[0]), *layers[2:]]
        width = scene_set.size[0]
        scene_set.memo[key] = [PlaneLayer.of(layer, width) for layer in layers]
    planes: list[PlaneLayer] = scene_set.memo[key]
    return planes


def flat_set(scene_set: SceneSet) -> U8:
    """The set's layers behind the characters flattened into one RGB picture (set pixels),
    once per set: what a close-up sees behind its speaker."""
    if "flat" not in scene_set.memo:
        set_w, set_h = scene_set.size
        mixed = np.empty((set_h, set_w, 3), np.uint8)
        # In bands of rows: a 2160p set mixed whole in float32 took 224 MB at once.
        for top in range(0, set_h, FLAT_BAND):
            bottom = min(set_h, top + FLAT_BAND)
            flat = np.zeros((bottom - top, set_w, 3), np.float32)
            for layer in scene_set.layers:
                if layer.name in FRONT_LAYERS:
                    continue
                h, w = layer.rgba.shape[:2]
                x0, y0 = max(0, layer.x), max(top, layer.y)
                x1, y1 = min(set_w, layer.x + w), min(bottom, layer.y + h)
                if x1 <= x0 or y1 <= y0:
                    continue
                part = layer.rgba[y0 - layer.y : y1 - layer.y, x0 - layer.x : x1 - layer.x]
                alpha = part[..., 3:].astype(np.float32) / 255.0
                region = flat[y0 - top : y1 - top, x0:x1]
                region *= 1.0 - alpha
                region += part[..., :3] * alpha
            mixed[top:bottom] = np.clip(flat + 0.5, 0, 255).astype(np.uint8)
        scene_set.memo["flat"] = mixed
    picture: U8 = scene_set.memo["flat"]
    return picture


def _over(top: Layer, under: Layer) -> Layer:
    """`top` composited over the opaque `under`, keeping `top`'s depth and `under`'s extent."""
    rgba = under.rgba.copy()
    h, w = top.rgba.shape[:2]
    y, x = top.y - under.y, top.x - under.x
    region = rgba[y : y + h, x : x + w, :3].astype(np.float32)
    alpha = top.rgba[..., 3:].astype(np.float32) / 255.0
    mixed = top.rgba[..., :3] * alpha + region * (1.0 - alpha)
    rgba[y : y + h, x : x + w, :3] = (mixed + 0.5).astype(np.uint8)
    return Layer(top.name, rgba, under.x, under.y, top.parallax, top.parallax_bottom)


def shot_weather(plan: FilmPlan, scene_index: int, shot_index: int) -> Weather:
    """The light and wind of a scene as one of its shots sees them (the shot's own seed);
    drawn elements such as passers-by are graded in the film's style."""
    scene = plan.scenes[scene_index]
    spec = place_spec(scene.setting.place)
    setting = scene.setting
    light = compute_light(
        setting.time_of_day, setting.weather, scene.mood, space=spec.name == "space"
    )
    seed = scene_seed(plan, scene) ^ shot_index
    style = style_params(plan.style)
    return scene_weather(light, scene.mood, spec.outdoors, spec.name, seed, style)


@dataclass
class StageShot:
    """One shot of a scene's set: `planes_at(seconds)` draws its frame at scene-local time.

    `start`/`end` are the shot's span in the scene (the camera move runs over it); frames
    depend only on the fields, so a shot's segment can be cached by them.
    """

    scene_set: SceneSet
    plan: FilmPlan
    scene_index: int
    shot: Shot
    size: tuple[int, int]
    fps: int
    start: float
    end: float
    speaking: Sequence[Speaking] = ()
    #: The shot's place in its scene: it varies the elements' seed and where a shot of an
    #: empty set looks.
    shot_index: int = 0
    #: The scene's length (scene-local seconds): lets a character who exits walk off before
    #: it ends (None: they stay).
    scene_length: float | None = None
    #: Every line's (start, end) in scene seconds, in the scene's order: a prop given or taken
    #: changes hands during its line.
    line_spans: Sequence[tuple[float, float]] = ()
    path: CameraPath = field(init=False)
    elements: list[Element] = field(init=False)
    _memo: dict[tuple[int, bytes], Warped | None] = field(default_factory=dict, repr=False)
    #: The warps the frame being drawn has used: the memo keeps those of one frame to the next.
    _used: set[tuple[int, bytes]] = field(default_factory=set, repr=False)
    _back_cache: tuple[tuple[Warped | None, ...], Planes] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        width, height = self.size
        if width % 2 or height % 2 or width < 16 or height < 16:
            raise ValueError(
                f"A frame must have even sides of 16 pixels or more ({width}x{height})."
            )
        scene = self.plan.scenes[self.scene_index]
        self.weather = shot_weather(self.plan, self.scene_index, self.shot_index)
        light, seed, style = self.weather.light, self.weather.seed, self.weather.style
        view = frame_shot(self.scene_set, scene, self.shot, self.size, self.shot_index)
        duration = max(0.04, self.end - self.start)
        self.path = plan_move(self.scene_set, view, self.shot.move, duration, width / height, seed)
        self.elements = elements_for(self.scene_set, self.weather, self.size, self.fps)
        self.drifts = light.cloud_cover > 0 and any(
            layer.name == "sky" for layer in self.scene_set.layers
        )
        self.layers: list[PlaneLayer] = _plane_layers(self.scene_set, merge_sky=not self.drifts)
        self.on_twos = [self._slow(layer) for layer in self.layers]
        strength = vignette_strength(style, scene.mood)
        self.vignette = vignette_mask(width, height, strength) if strength > 0.01 else None
        self.cast = Cast(
            self.scene_set,
            scene,
            light,
            style,
            seed,
            self.speaking,
            self._visible(),
            self.scene_length,
            self.line_spans,
        )
        if self.shot.kind == "insert":
            self.cast.insert_of = self.shot.subject or ""
        # Closer shots follow people who walk, wides frame the way they cover (issue 12).
        span = (self.start, self.end)
        self.path = follow(
            self.scene_set,
            scene,
            self.shot,
            self.size,
            self.path,
            self.cast.travel,
            span,
            seed,
            self.shot_index,
        )
        if self.path.track or self.path.view != view:
            self.cast.visible = self._visible()
            self.on_twos = [self._slow(layer) for layer in self.layers]

    def _visible(self) -> tuple[float, float, float, float]:
        """Everything the shot may show of the figure plane (virtual units, with a margin)."""
        width, height = self.size
        corners = np.array([[0, width, 0, width], [0, 0, height, height], [1, 1, 1, 1]], float)
        points = np.hstack(
            [self.path.matrix(u, self.size, p) @ corners for u in (0.0, 1.0) for p in (0.8, 1.2)]
        )
        margin = 0.08 * (points[1].max() - points[1].min())
        k = self.scene_set.k
        return (
            (points[0].min() - margin) / k,
            (points[1].min() - margin) / k,
            (points[0].max() + margin) / k,
            (points[1].max() + margin) / k,
        )

    def _u(self, seconds: float) -> float:
        return (seconds - self.start) / max(1e-6, self.end - self.start)

    def sky_drift(self, seconds: float) -> float:
        """How far the wind has moved the sky (set pixels) at scene-local `seconds`."""
        if not self.drifts:
            return 0.0
        seconds = on_twos(seconds)  # on twos
        speed = SKY_DRIFT * self.scene_set.size[0] * (0.2 + self.weather.wind)
        return speed * SKY_DRIFT_PERIOD * math.sin(seconds / SKY_DRIFT_PERIOD)

    def _camera(self, layer: PlaneLayer, u: float) -> Matrix:
        """The camera's output->set map for `layer` at `u` (its depth and the ground's shear)."""
        shear = (0.0, 0.0)
        if layer.parallax_bottom != layer.parallax:
            rows = self.scene_set.size[1] - layer.y
            shear = ((layer.parallax_bottom - layer.parallax) / max(1, rows), float(layer.y))
        return self.path.matrix(u, self.size, layer.parallax, shear)

    def _slow(self, layer: PlaneLayer) -> bool:
        """Whether the camera moves `layer` less than HOLD_BELOW output pixels a frame at the
        move's fastest (mid-shot): such a layer is redrawn on twos, as animators hold a far
        background, and every other frame reuses its warp."""
        step = 1.0 / (self.fps * max(1e-6, self.end - self.start))
        before, after = self._camera(layer, 0.5 - step / 2), self._camera(layer, 0.5 + step / 2)
        width, height = self.size
        corners = np.array([[0, width, 0, width], [0, 0, height, height], [1, 1, 1, 1]], float)
        moved = np.abs((after - before) @ corners).max() / float(before[0, 0])
        return bool(moved < HOLD_BELOW)

    def _layer_matrix(self, index: int, u: float, seconds: float) -> Matrix:
        layer = self.layers[index]
        if self.on_twos[index]:
            u = self._u(on_twos(seconds))
        matrix = self._camera(layer, u)
        if layer.parallax <= SKY_PARALLAX:
            matrix[0, 2] += self.sky_drift(seconds)
        if layer.name == "front":  # leaves and branches framing the shot sway in the wind
            held = on_twos(seconds)
            reach = SWAY_REACH * self.scene_set.size[0] * (0.3 + self.weather.wind)
            matrix[0, 2] += reach * math.sin(2 * math.pi * held / SWAY_PERIOD * 1.7)
        matrix[0, 2] -= layer.x
        matrix[1, 2] -= layer.y
        return matrix

    def _warped(
        self, index: int, matrix: Matrix, rows: tuple[int, int] | None = None
    ) -> Warped | None:
        layer = self.layers[index]
        key = (index, np.round(matrix, 6).tobytes() + repr(rows).encode())
        self._used.add(key)
        if key not in self._memo:
            border = cv2.BORDER_CONSTANT
            if layer.alpha is None:
                border = cv2.BORDER_REFLECT if layer.name == "sky" else cv2.BORDER_REPLICATE
            self._memo[key] = warp_planes_to(
                layer.planes, layer.alpha, matrix, self.size, border, rows
            )
        return self._memo[key]

    def view_at(self, seconds: float) -> FrameView:
        return FrameView(self.path, self._u(seconds), self.size, self.sky_drift(seconds))

    def _back(self, u: float, seconds: float) -> Planes:
        """The layers behind the characters, composed (reused while nothing in them moves:
        a still camera with the sky drifting on twos recomposes 12 times a second)."""
        behind = [i for i, layer in enumerate(self.layers) if layer.name not in FRONT_LAYERS]
        matrices = [self._layer_matrix(i, u, seconds) for i in behind]
        needed = _rows_to_draw([self.layers[i] for i in behind], matrices, self.size)
        warps = [
            self._warped(i, matrix, rows) if rows else None
            for i, matrix, rows in zip(behind, matrices, needed, strict=True)
        ]
        cached = self._back_cache
        if cached is not None and all(a is b for a, b in zip(cached[0], warps, strict=True)):
            return cached[1]
        width, height = self.size
        frame: Planes = (
            np.zeros((height, width), np.uint8),
            np.full((height // 2, width // 2), 128, np.uint8),
            np.full((height // 2, width // 2), 128, np.uint8),
        )
        for warped in warps:
            if warped is not None:
                blend(frame, warped)
        self._back_cache = (tuple(warps), frame)
        return frame

    def planes_at(self, seconds: float) -> Planes:
        """The frame at scene-local `seconds` as I420 planes at `size`."""
        # The memo keeps the warps of the last frame drawn (a layer held on twos, or one a still
        # camera does not move, reuses them); a 1080p frame's warped layers are ~6 MB each.
        self._memo = {key: self._memo[key] for key in self._used if key in self._memo}
        self._used = set()
        u = self._u(seconds)
        back = self._back(u, seconds)
        frame: Planes = (back[0].copy(), back[1].copy(), back[2].copy())
        view = self.view_at(seconds)
        for element in self.elements:
            if element.name not in SCREEN_ELEMENTS:
                element.draw(frame, seconds, view)
        for sprite in self.cast.sprites(seconds, self.path, u, self.size):
            blend(frame, sprite)
        for index, layer in enumerate(self.layers):
            if layer.name in FRONT_LAYERS:
                warped = self._warped(index, self._layer_matrix(index, u, seconds))
                if warped is not None:
                    blend(frame, warped)
        for element in self.elements:
            if element.name in SCREEN_ELEMENTS:
                element.draw(frame, seconds, view)
        if self.vignette is not None:
            cv2.multiply(frame[0], self.vignette, dst=frame[0], scale=1 / 255)
        return frame
