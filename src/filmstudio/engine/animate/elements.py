"""Everything that moves in life, drawn on I420 frames: rain, snow, fog, lightning, stars,
water, flames and lamps, smoke, birds.

Each element is seeded and reads only typed plan fields (weather, time of day, place, mood)
through `Weather`, so the same plan always moves the same way. Repeating motion is periodic in
`LOOP` seconds (frame 0 equals frame LOOP: a loop-safe cache and no visible seam); events
(lightning, birds crossing) follow scene-local time, so a scene shifted in the film is drawn
identically. Costs are per frame on planes: rain and snow are sheets drawn once per scene
and slid down each frame (a few frame-sized masks, not a loop of frames), point-like things
(stars, glitter, sparks) are vectorised index writes, and patches (glows, puffs, the rocking
boat) touch only their box.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Protocol

import cv2
import numpy as np
import skia
from numpy.typing import NDArray

from filmstudio.engine.animate.cadence import on_twos
from filmstudio.engine.animate.camera import CameraPath
from filmstudio.engine.picture.canvas import Ctx, Lane, Road
from filmstudio.engine.picture.colour import lighten, mix
from filmstudio.engine.picture.figures import draw_figure, random_look
from filmstudio.engine.picture.grade import finish
from filmstudio.engine.picture.layers import (
    FAR_PARALLAX,
    GROUND_NEAR_PARALLAX,
    SKY_PARALLAX,
    SceneSet,
)
from filmstudio.engine.picture.light import Light
from filmstudio.engine.picture.puppet import pose_at
from filmstudio.engine.picture.styles import Style, style_params
from filmstudio.engine.render.motion import Planes

#: The period of every repeating motion, in seconds.
LOOP = 4.0
Box = tuple[int, int, int, int]
#: A box in set pixels (float).
SetBox = tuple[float, float, float, float]
U8 = NDArray[np.uint8]
F32 = NDArray[np.float32]
Matrix = NDArray[np.float64]

#: How hard the wind blows for each weather (0 still air .. 1 a gale).
WIND = {"clear": 0.2, "clouds": 0.35, "fog": 0.08, "rain": 0.5, "snow": 0.3, "storm": 1.0}
MOOD_WIND = {"tense": 0.15, "epic": 0.15, "calm": -0.05, "devotional": -0.05, "sad": -0.03}


@dataclass(frozen=True)
class Weather:
    """What the elements need to know about a scene, from its typed fields only."""

    light: Light
    wind: float
    outdoors: bool
    place: str
    seed: int
    mood: str = "calm"
    #: how the film is graded (passers-by are drawn and graded like the cast)
    style: Style = field(default_factory=lambda: style_params("cinematic"))


@dataclass(frozen=True)
class FrameView:
    """The camera at one moment: maps set pixels to output pixels for a depth."""

    path: CameraPath
    u: float
    size: tuple[int, int]
    sky_drift: float = 0.0

    def to_frame(self, parallax: float) -> tuple[float, float, float]:
        """(scale, left, top): output = (set - (left, top)) * scale, for a flat depth."""
        m = self.path.matrix(self.u, self.size, parallax)
        left = float(m[0, 2]) + (self.sky_drift if parallax <= SKY_PARALLAX else 0.0)
        return 1.0 / float(m[0, 0]), left, float(m[1, 2])

    def points(
        self, xs: F32, ys: F32, parallax: float
    ) -> tuple[NDArray[np.int32], NDArray[np.int32], float]:
        scale, left, top = self.to_frame(parallax)
        ox = np.rint((xs - left) * scale).astype(np.int32)
        oy = np.rint((ys - top) * scale).astype(np.int32)
        return ox, oy, scale


class Element(Protocol):
    """One moving thing; `region` is where it may change pixels (None: the whole frame)."""

    name: str

    def draw(self, frame: Planes, seconds: float, view: FrameView) -> None: ...

    def region(self, view: FrameView) -> Box | None: ...


def _phase(seconds: float, cycles: float = 1.0) -> float:
    return 2.0 * math.pi * cycles * (seconds % LOOP) / LOOP


def _add_points(luma: U8, ox: NDArray[np.int32], oy: NDArray[np.int32], amount: F32) -> None:
    """Brighten (or darken, negative) single pixels, skipping those off the frame."""
    h, w = luma.shape
    keep = (ox >= 0) & (ox < w) & (oy >= 0) & (oy < h)
    ox, oy, amount = ox[keep], oy[keep], amount[keep]
    values = luma[oy, ox].astype(np.float32) + amount
    luma[oy, ox] = np.clip(values, 0, 255).astype(np.uint8)


def _box_of(ox: NDArray[np.int32], oy: NDArray[np.int32], pad: int, size: tuple[int, int]) -> Box:
    if ox.size == 0:
        return (0, 0, 0, 0)
    w, h = size
    return (
        max(0, int(ox.min()) - pad),
        max(0, int(oy.min()) - pad),
        min(w, int(ox.max()) + pad + 1),
        min(h, int(oy.max()) + pad + 1),
    )


def _lighten(luma: U8, mask: U8, level: float) -> None:
    """Pull the luma toward `level` by `mask` (0..255): mist and drops in front of it all."""
    lift = cv2.multiply(cv2.subtract(np.full_like(luma, int(level)), luma), mask, scale=1 / 255)
    cv2.add(luma, lift, dst=luma)


# -- falling weather ----------------------------------------------------------------------
#: Weather tiles shared by every shot of a scene (its shots have the same weather and seed):
#: drawn once per scene, not once per shot. They are small (a few frames' worth of bytes),
#: so a dissolve's two scenes and a few more fit.
_LOOPS: OrderedDict[tuple[object, ...], _Tiles] = OrderedDict()
_LOOPS_KEPT = 4


@dataclass(frozen=True)
class _Sheet:
    """One depth of falling drops (or one sway group of flakes) drawn once on a torus: the
    frame's width across and `height` rows down, where a drop leaving the bottom comes back
    at the top `shear` pixels to the left (the way it slants). A frame shows it slid down by
    whole pixels: every drop of a depth falls at the same speed, so a depth is one picture
    moving, and `travels` heights per period bring it back where it started (seamless)."""

    drops: U8
    travels: int
    shear: int
    sway: float  # pixels either side (snow drifts from side to side)
    phase: float


@dataclass(frozen=True)
class _Tiles:
    sheets: tuple[_Sheet, ...]
    haze_keep: U8
    haze_add: U8


@dataclass
class Precipitation:
    """Rain or snow falling in depth: far fine and slow, near big, soft and fast.

    Each depth is drawn once per scene as a sheet (a torus the frame's width and a little
    more than its height) and slid down by whole pixels each frame, so a loop holds three
    frame-sized masks (snow: nine, three groups swaying apart per depth) instead of a
    frame pair per loop frame (a 1080p rain loop held 200 MB, snow 400 MB). A frame costs
    the sheets' copies and four passes over the luma (the wet haze and the drops, which hold
    the light they add). Rain repeats every half LOOP, snow every LOOP.
    """

    name: str
    size: tuple[int, int]
    fps: int
    amount: float
    wind: float
    seed: int
    colour: float = 225.0
    #: the wet haze that falls with it: its luma and how thick it gets at the bottom (0..1)
    haze: tuple[float, float] = (0.0, 0.0)

    @property
    def period(self) -> float:
        return LOOP if self.name == "snow" else LOOP / 2

    @property
    def frames(self) -> int:
        return max(1, round(self.period * self.fps))

    def _key(self) -> tuple[object, ...]:
        return (
            self.name,
            self.size,
            self.fps,
            self.amount,
            self.wind,
            self.seed,
            self.colour,
            self.haze,
        )

    def _tiles(self) -> _Tiles:
        key = self._key()
        if key in _LOOPS:
            _LOOPS.move_to_end(key)
            return _LOOPS[key]
        width, height = self.size
        level, thickest = self.haze
        veil = np.linspace(0.3, 1.0, height, dtype=np.float32) * thickest
        keep_rows = np.asarray((1.0 - veil) * 255.0 + 0.5, np.float32).astype(np.uint8)
        add_rows = np.asarray(veil * level + 0.5, np.float32).astype(np.uint8)
        haze_keep = np.repeat(keep_rows[:, None], width, axis=1)
        haze_add = np.repeat(add_rows[:, None], width, axis=1)
        tiles = _Tiles(self._sheets(), haze_keep, haze_add)
        _LOOPS[key] = tiles
        while len(_LOOPS) > _LOOPS_KEPT:
            _LOOPS.popitem(last=False)
        return tiles

    def _layers(self) -> list[tuple[float, float, int, float, int]]:
        """(count per megapixel, length, thickness, brightness, screen heights per period)."""
        if self.name == "snow":
            return [(700, 2.0, 1, 150, 1), (200, 3.5, 2, 190, 2), (30, 6.0, 3, 230, 3)]
        return [(1100, 14, 1, 45, 4), (260, 26, 1, 70, 6), (35, 50, 2, 95, 8)]

    def _sheets(self) -> tuple[_Sheet, ...]:
        """Each depth's drops on its torus (snow: each depth in its SWAY_GROUPS)."""
        width, height = self.size
        rng = np.random.default_rng([self.seed, 71 if self.name == "rain" else 72])
        unit = height / 720.0
        snow = self.name == "snow"
        megapixels = width * height / 1e6
        slant = self.wind * (0.4 if snow else 1.2)
        longest = max(length for _, length, _, _, _ in self._layers()) * unit
        rows = height + math.ceil(longest) + 2
        shear = round(slant * rows)
        pad = math.ceil(longest + 6 * unit) + 4
        sheets = []
        for depth, (count, length, thick, bright, travels) in enumerate(self._layers()):
            n = int(count * megapixels * self.amount)
            xs = rng.random(n) * width
            ys = rng.random(n) * rows
            phases = rng.random(n) * 2 * math.pi
            length *= unit
            thick = max(1, round(thick * unit))
            groups = SWAY_GROUPS[depth] if snow else 1
            group = np.minimum(groups - 1, (phases / (2 * math.pi) * groups).astype(np.int64))
            for g in range(groups):
                canvas = np.zeros((rows + 2 * pad, width + 2 * pad), np.uint8)
                gx, gy = xs[group == g], ys[group == g]
                # every copy of a drop that shows on the torus: across and one lap up or down
                cx = np.concatenate(
                    [gx + i * width + j * shear for j in (-1, 0, 1) for i in (-1, 0, 1)]
                )
                cy = np.concatenate([gy + j * rows for j in (-1, 0, 1) for _ in (-1, 0, 1)])
                cx, cy = cx + pad, cy + pad
                near = (cx > -length) & (cx < width + 2 * pad + length)
                near &= (cy > -length) & (cy < rows + 2 * pad)
                cx, cy = cx[near], cy[near]
                if snow:
                    for x, y in zip(cx, cy, strict=True):
                        cv2.circle(canvas, (int(x), int(y)), thick, bright, -1, cv2.LINE_AA)
                    canvas = np.asarray(cv2.GaussianBlur(canvas, (0, 0), 0.6 * unit), np.uint8)
                else:
                    lean = shear / rows * length
                    ends = np.stack([cx, cy, cx + lean, cy + length], axis=1)
                    streaks = list(ends.astype(np.int32).reshape(-1, 2, 1, 2))
                    cv2.polylines(canvas, streaks, False, bright, thick, cv2.LINE_AA)
                lit = canvas[pad : pad + rows, pad : pad + width]
                drops = np.asarray(cv2.convertScaleAbs(lit, alpha=self.colour / 255), np.uint8)
                sway = 6 * unit if snow else 0.0
                phase = 2 * math.pi * (g + 0.5) / groups
                sheets.append(_Sheet(drops, travels, shear, sway, phase))
        return tuple(sheets)

    def _mask(self, index: int) -> U8:
        """The drops of loop frame `index` as light to add (0..colour): each sheet slid down."""
        width, height = self.size
        t = (index % self.frames) / self.frames
        mask = np.empty((height, width), np.uint8)
        for number, sheet in enumerate(self._tiles().sheets):
            rows = sheet.drops.shape[0]
            fall = round(sheet.travels * rows * t)
            drift = round(fall * sheet.shear / rows)
            if sheet.sway:
                drift += round(math.sin(sheet.phase + 2 * math.pi * t * 2) * sheet.sway)
            laps, down = divmod(fall, rows)
            across = drift - laps * sheet.shear
            # frame rows below `down` show the sheet's top rows; those above, its bottom ones
            for y0, y1, src, shift in (
                (down, height, 0, across),
                (0, min(down, height), rows - down, across - sheet.shear),
            ):
                if y1 > y0:
                    rows_in = sheet.drops[src : src + y1 - y0]
                    _slide(mask[y0:y1], rows_in, shift % width, number == 0)
        return mask

    def draw(self, frame: Planes, seconds: float, view: FrameView) -> None:
        """The wet haze and the drops over it: out = luma * (keep - drops) / 255 + add +
        drops (a drop as opaque as it is bright: it hides what is behind it that much)."""
        tiles = self._tiles()
        drops = self._mask(round(seconds * self.fps))
        luma = frame[0]
        cv2.multiply(luma, cv2.subtract(tiles.haze_keep, drops), dst=luma, scale=1 / 255)
        cv2.add(luma, tiles.haze_add, dst=luma)
        cv2.add(luma, drops, dst=luma)

    def region(self, view: FrameView) -> Box | None:
        return None


#: Snow flakes of each depth (far, middle, near) drift from side to side in this many groups,
#: out of step; the few big near flakes sway together, as a gust moves them (each group is
#: a sheet: a frame-sized mask held and slid every frame).
SWAY_GROUPS = (2, 2, 1)


def _slide(out: U8, sheet: U8, shift: int, first: bool) -> None:
    """`sheet` moved `shift` pixels right (wrapping) into `out`: copied, or kept where it is
    brighter (in place: OpenCV writes through the slices)."""
    width = out.shape[1]
    for dst, src in (
        (out[:, shift:], sheet[:, : width - shift]),
        (out[:, :shift], sheet[:, width - shift :]),
    ):
        if dst.size == 0:
            continue
        if first:
            dst[...] = src
        else:
            cv2.max(dst, src, dst=dst)


# -- fog, lightning -----------------------------------------------------------------------
@dataclass
class FogDrift:
    """Banks of mist drifting sideways, thickest low down (wraps seamlessly each loop)."""

    size: tuple[int, int]
    strength: float
    seed: int
    name: str = "fog"
    _tile: F32 | None = field(default=None, repr=False)

    def draw(self, frame: Planes, seconds: float, view: FrameView) -> None:
        width, height = self.size
        sw, sh = max(8, width // 8), max(8, height // 8)
        if self._tile is None:
            rng = np.random.default_rng([self.seed, 73])
            spectrum = rng.normal(size=(sh, sw)) + 1j * rng.normal(size=(sh, sw))
            fy = np.fft.fftfreq(sh)[:, None]
            fx = np.fft.fftfreq(sw)[None, :] * 3.0
            spectrum /= (fx**2 + fy**2 + 1e-3) ** 0.9
            noise = np.real(np.fft.ifft2(spectrum)).astype(np.float32)
            noise = (noise - noise.mean()) / (noise.std() + 1e-6)
            rows = np.linspace(0.0, 1.0, sh, dtype=np.float32)[:, None]
            self._tile = np.clip((0.35 + 0.25 * noise) * (0.4 + 0.6 * rows), 0, 1) * 0.55
        shift = (seconds % LOOP) / LOOP * sw
        m = np.array([[1.0, 0.0, shift], [0.0, 1.0, 0.0]], np.float32)
        moved = cv2.warpAffine(
            self._tile, m, (sw, sh), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_WRAP
        )
        small = np.asarray(moved * (255.0 * self.strength), np.float32).astype(np.uint8)
        alpha = np.asarray(
            cv2.resize(small, (width, height), interpolation=cv2.INTER_LINEAR), np.uint8
        )
        _lighten(frame[0], alpha, 205.0)

    def region(self, view: FrameView) -> Box | None:
        return None


@dataclass
class Lightning:
    """A storm's flashes: a bolt in the sky and the whole scene lit for a few frames."""

    size: tuple[int, int]
    fps: int
    seed: int
    horizon: float
    name: str = "lightning"

    def _flash(self, seconds: float) -> tuple[float, int]:
        """Brightness of the flash at `seconds` and which strike it is (every 5-9 s)."""
        period = 5.0 + (self.seed % 5)
        strike = int(seconds // period)
        since = seconds - strike * period - 1.3
        if since < 0 or since > 0.5:
            return 0.0, strike
        pulse = 1.0 if since < 0.07 else 0.35 if since < 0.14 else 0.8 if since < 0.2 else 0.0
        return pulse * math.exp(-since * 3), strike

    def draw(self, frame: Planes, seconds: float, view: FrameView) -> None:
        flash, strike = self._flash(seconds)
        if flash <= 0:
            return
        luma = frame[0]
        cv2.add(luma, int(70 * flash), dst=luma)
        rng = np.random.default_rng([self.seed, 74, strike])
        width, height = self.size
        bottom = min(height * 0.9, max(height * 0.3, self.horizon_px(view)))
        x, y = width * (0.2 + rng.random() * 0.6), 0.0
        points = [(x, y)]
        while y < bottom:
            y += height * 0.04
            x += (rng.random() - 0.5) * width * 0.04
            points.append((x, y))
        line = np.array(points, np.int32).reshape(-1, 1, 2)
        cv2.polylines(luma, [line], False, 255, max(2, height // 300), cv2.LINE_AA)

    def horizon_px(self, view: FrameView) -> float:
        scale, _, top = view.to_frame(FAR_PARALLAX)
        return (self.horizon - top) * scale

    def region(self, view: FrameView) -> Box | None:
        return None


# -- the sky --------------------------------------------------------------------------------
@dataclass
class Stars:
    """Stars the sky painter drew, twinkling (each at its own rate)."""

    xs: F32
    ys: F32
    depth: F32
    rates: NDArray[np.int64]
    phases: F32
    name: str = "stars"

    def draw(self, frame: Planes, seconds: float, view: FrameView) -> None:
        ox, oy, _ = view.points(self.xs, self.ys, SKY_PARALLAX)
        twinkle = np.sin(_phase(seconds) * self.rates + self.phases).astype(np.float32)
        _add_points(frame[0], ox, oy, self.depth * twinkle)

    def region(self, view: FrameView) -> Box | None:
        ox, oy, _ = view.points(self.xs, self.ys, SKY_PARALLAX)
        return _box_of(ox, oy, 1, view.size)


def find_stars(scene_set: SceneSet, seed: int, limit: int = 160) -> Stars | None:
    """The brightest points of the sky layer (the painted stars), to twinkle."""
    sky = next((layer for layer in scene_set.layers if layer.name == "sky"), None)
    if sky is None:
        return None
    luma = cv2.cvtColor(np.ascontiguousarray(sky.rgba[..., :3]), cv2.COLOR_RGB2GRAY)
    peak = cv2.dilate(luma, np.ones((5, 5), np.uint8))
    around = cv2.blur(luma, (9, 9))
    bright = (luma == peak) & (luma.astype(np.int16) - around > 25)
    bright[int(scene_set.anchors.horizon - sky.y) :] = False
    ys, xs = np.nonzero(bright)
    if xs.size == 0:
        return None
    order = np.argsort(-luma[ys, xs].astype(np.int32))[:limit]
    rng = np.random.default_rng([seed, 75])
    n = order.size
    depth = (luma[ys[order], xs[order]].astype(np.float32) - around[ys[order], xs[order]]) * 0.6
    return Stars(
        (xs[order] + sky.x).astype(np.float32),
        (ys[order] + sky.y).astype(np.float32),
        depth.astype(np.float32),
        rng.integers(2, 7, n),
        (rng.random(n) * 2 * math.pi).astype(np.float32),
    )


#: A shooting star crosses the clear night sky once every SHOOTING_EVERY s or so (seeded), in
#: SHOOTING_SECONDS, over SHOOTING_REACH of the set's width, its tail SHOOTING_TAIL of the way.
SHOOTING_EVERY, SHOOTING_SECONDS, SHOOTING_REACH, SHOOTING_TAIL = 6.0, 0.8, 0.18, 0.55
#: How far (share of the set's width) a streak keeps from anything in front of the sky.
SHOOTING_MARGIN = 0.03


@dataclass
class ShootingStar:
    """Now and then a meteor streaks across part of the open night sky and fades: its bright
    head runs along a straight path with a tail behind, at a seeded moment of each
    SHOOTING_EVERY-ish seconds of scene-local time (an event, like lightning). Its path only
    crosses open sky (`open_sky`: set pixels where no hill, tree or roof is in front), so only
    the sky changes. Why: the painter's one still streak read as a scratch on the picture."""

    open_sky: NDArray[np.bool_]
    seed: int
    name: str = "shooting-star"

    @property
    def period(self) -> float:
        return SHOOTING_EVERY + (self.seed % 4)

    def _path(self, count: int) -> tuple[float, float, float, float, float] | None:
        """The `count`th streak: (start x, start y, end x, end y, when into its period) in set
        pixels and seconds, or None if no straight path through open sky was found."""
        rng = np.random.default_rng([self.seed, 78, count])
        rows, cols = self.open_sky.shape
        # never in a period's first second: a scene's first streak would fall in its dissolve
        when = 1.0 + float(rng.random()) * (self.period - 1.0 - SHOOTING_SECONDS)
        for _ in range(8):
            x, y = cols * (0.1 + 0.8 * rng.random()), rows * (0.1 + 0.5 * rng.random())
            angle = math.radians(15 + 30 * rng.random())
            way = 1.0 if rng.random() < 0.5 else -1.0
            reach = cols * SHOOTING_REACH * (0.7 + 0.6 * rng.random())
            x1, y1 = x + way * reach * math.cos(angle), y + reach * math.sin(angle)
            along = np.linspace(0.0, 1.0, 24)
            xs = np.rint(x + (x1 - x) * along).astype(np.int64)
            ys = np.rint(y + (y1 - y) * along).astype(np.int64)
            if xs.min() < 0 or xs.max() >= cols or ys.max() >= rows:
                continue
            if self.open_sky[ys, xs].all():
                return x, y, x1, y1, when
        return None

    def _streak(self, seconds: float) -> tuple[float, float, float, float, float] | None:
        """The streak at `seconds`: its tail and head (set pixels) and its brightness."""
        count = math.floor(seconds / self.period)
        path = self._path(count)
        if path is None:
            return None
        x0, y0, x1, y1, when = path
        progress = (seconds - count * self.period - when) / SHOOTING_SECONDS
        if not 0.0 <= progress <= 1.0:
            return None
        head = 1.0 - (1.0 - progress) ** 1.6  # fast at first, slowing as it burns out
        tail = max(0.0, head - SHOOTING_TAIL)
        glow = min(1.0, progress / 0.12) * (1.0 - progress) ** 0.6
        return (
            x0 + (x1 - x0) * tail,
            y0 + (y1 - y0) * tail,
            x0 + (x1 - x0) * head,
            y0 + (y1 - y0) * head,
            glow,
        )

    def draw(self, frame: Planes, seconds: float, view: FrameView) -> None:
        streak = self._streak(seconds)
        if streak is None or streak[4] <= 0.0:
            return
        ox, oy, _ = view.points(
            np.array(streak[0:4:2], np.float32), np.array(streak[1:4:2], np.float32), SKY_PARALLAX
        )
        luma = frame[0]
        height, width = luma.shape
        thick = max(1, round(height / 360))
        x0, y0 = int(min(ox)) - 3 * thick, int(min(oy)) - 3 * thick
        x1, y1 = int(max(ox)) + 3 * thick + 1, int(max(oy)) + 3 * thick + 1
        if x1 <= 0 or y1 <= 0 or x0 >= width or y0 >= height:
            return
        patch = np.zeros((y1 - y0, x1 - x0), np.uint8)
        shift = 4  # sub-pixel ends for cv2's anti-aliased lines
        steps = 10
        for stroke, level in ((thick * 3, 0.22), (thick, 1.0)):  # a soft glow, then the core
            for i in range(steps):  # dim at the tail, bright at the head
                a, b = i / steps, (i + 1) / steps
                p = (ox[0] + (ox[1] - ox[0]) * a - x0, oy[0] + (oy[1] - oy[0]) * a - y0)
                q = (ox[0] + (ox[1] - ox[0]) * b - x0, oy[0] + (oy[1] - oy[0]) * b - y0)
                value = int(180 * level * streak[4] * (0.2 + 0.8 * b**1.3))
                ends = [(round(c[0] * (1 << shift)), round(c[1] * (1 << shift))) for c in (p, q)]
                cv2.line(patch, ends[0], ends[1], value, stroke, cv2.LINE_AA, shift)
        head = (int(ox[1] - x0), int(oy[1] - y0))
        cv2.circle(patch, head, thick, int(230 * streak[4]), -1, cv2.LINE_AA)
        px0, py0 = max(0, x0), max(0, y0)
        px1, py1 = min(width, x1), min(height, y1)
        window = luma[py0:py1, px0:px1]
        part = patch[py0 - y0 : py1 - y0, px0 - x0 : px1 - x0]
        cv2.add(window, part, dst=window)  # light added to the sky: it never darkens it

    def region(self, view: FrameView) -> Box | None:
        cols = self.open_sky.shape[1]
        ys, xs = np.nonzero(self.open_sky.any(axis=1))[0], np.array([0, cols], np.float32)
        if ys.size == 0:
            return (0, 0, 0, 0)
        corners_y = np.array([0, ys.max() + 1], np.float32)
        ox, oy, _ = view.points(xs, corners_y, SKY_PARALLAX)
        return _box_of(ox, oy, 4, view.size)


def shooting_star(scene_set: SceneSet, light: Light, seed: int) -> ShootingStar | None:
    """A shooting star for a clear night sky with stars, over its open sky (None if none)."""
    if light.stars <= 0.3 or light.cloud_cover >= 0.6:
        return None
    open_sky = scene_set.memo.get("open-sky")
    if open_sky is None:
        open_sky = scene_set.memo["open-sky"] = _open_sky(scene_set)
    if not open_sky.any():
        return None
    return ShootingStar(open_sky, seed)


def _open_sky(scene_set: SceneSet) -> NDArray[np.bool_]:
    """Set pixels above the horizon with nothing in front of the sky: no hill, tree or roof.
    The painter cuts the Milky Way and the moon into the same layer as the land, so a layer's
    alpha cannot tell: the set as seen is open sky where it is no darker than the sky behind
    and night-blue (not green or warm), down each column to the first thing in front."""
    set_w, set_h = scene_set.size
    horizon = int(min(set_h, max(0, scene_set.anchors.horizon)))
    seen = np.zeros((horizon, set_w, 3), np.float32)
    behind = np.zeros((horizon, set_w), np.float32)
    for layer in scene_set.layers:
        lh, lw = layer.rgba.shape[:2]
        top, left = max(0, layer.y), max(0, layer.x)
        bottom, right = min(horizon, layer.y + lh), min(set_w, layer.x + lw)
        if bottom <= top or right <= left:
            continue
        rgba = layer.rgba[top - layer.y : bottom - layer.y, left - layer.x : right - layer.x]
        alpha = rgba[..., 3:].astype(np.float32) / 255.0
        window = seen[top:bottom, left:right]
        window += (rgba[..., :3].astype(np.float32) - window) * alpha
        if layer.name == "sky":
            behind[top:bottom, left:right] = seen[top:bottom, left:right].mean(axis=2)
    red, green, blue = seen[..., 0], seen[..., 1], seen[..., 2]
    sky_like = (seen.mean(axis=2) >= behind - 6.0) & (blue >= green - 4.0) & (blue >= red - 12.0)
    speck = max(3, round(set_w * 0.012)) | 1  # a star or grain is not in front of the sky
    solid = cv2.morphologyEx((~sky_like).astype(np.uint8), cv2.MORPH_OPEN, np.ones((speck, speck)))
    covered = np.maximum.accumulate(solid, axis=0)
    margin = max(1, round(set_w * SHOOTING_MARGIN))
    grown = cv2.dilate(covered, np.ones((2 * margin + 1, 2 * margin + 1), np.uint8))
    return np.asarray(grown == 0)


@dataclass
class Birds:
    """A few birds crossing the sky, wings beating; they come back every `period` seconds."""

    set_size: tuple[int, int]
    horizon: float
    seed: int
    count: int = 5
    period: float = 16.0
    name: str = "birds"

    def _positions(self, seconds: float) -> tuple[F32, F32, F32]:
        rng = np.random.default_rng([self.seed, 76])
        width = self.set_size[0]
        lap = (seconds % self.period) / self.period
        direction = 1.0 if self.seed % 2 else -1.0
        offsets = rng.random(self.count).astype(np.float32) * 0.12
        xs = ((lap - offsets) * 1.4 - 0.2) * width
        if direction < 0:
            xs = width - xs
        ys = self.horizon * (0.35 + rng.random(self.count).astype(np.float32) * 0.25)
        ys = ys + np.sin(lap * 40 + offsets * 50).astype(np.float32) * self.horizon * 0.01
        flap = np.sin(seconds * 2 * math.pi * 3 + offsets * 40).astype(np.float32)
        return xs.astype(np.float32), ys.astype(np.float32), flap

    def draw(self, frame: Planes, seconds: float, view: FrameView) -> None:
        xs, ys, flap = self._positions(seconds)
        ox, oy, scale = view.points(xs, ys, FAR_PARALLAX)
        span = max(3.0, self.set_size[1] * 0.009 * scale)
        lines = []
        for x, y, f in zip(ox, oy, flap, strict=True):
            lift = span * (0.15 + 0.45 * f)
            lines.append(
                np.array([[x - span, y - lift], [x, y], [x + span, y - lift]], np.int32).reshape(
                    -1, 1, 2
                )
            )
        cv2.polylines(frame[0], lines, False, 40, max(1, round(span / 5)), cv2.LINE_AA)

    def region(self, view: FrameView) -> Box | None:
        return None  # they cross the frame


# -- water, lights, smoke -------------------------------------------------------------------
@dataclass
class WaterGlitter:
    """Waves rolling toward the shore and light glittering on the water (in its box)."""

    box: Box
    parallax: float
    sun_x: float
    seed: int
    strength: float
    name: str = "water"
    _last: tuple[tuple[float, ...], tuple[F32, F32, U8]] | None = field(default=None, repr=False)
    _grid: tuple[F32, F32] | None = field(default=None, repr=False)
    _done: tuple[tuple[float, ...], U8, U8] | None = field(default=None, repr=False)
    _spark_cache: tuple[F32, F32, NDArray[np.int64], F32] | None = field(default=None, repr=False)
    _small: dict[tuple[int, int, int], tuple[F32, U8]] = field(default_factory=dict, repr=False)

    def _sparks(self) -> tuple[F32, F32, NDArray[np.int64], F32]:
        if self._spark_cache is None:
            self._spark_cache = self._new_sparks()
        return self._spark_cache

    def _new_sparks(self) -> tuple[F32, F32, NDArray[np.int64], F32]:
        x0, y0, x1, y1 = self.box
        rng = np.random.default_rng([self.seed, 77])
        n = int((x1 - x0) * (y1 - y0) / 900)
        depth = rng.random(n).astype(np.float32) ** 1.8
        centre = self.sun_x * (x1 - x0) + x0
        spread = rng.normal(size=n).astype(np.float32) * (x1 - x0) * (0.05 + 0.25 * depth)
        xs = np.clip(centre + spread, x0, x1 - 1).astype(np.float32)
        ys = (y0 + depth * (y1 - y0)).astype(np.float32)
        return xs, ys, rng.integers(1, 5, n), (rng.random(n) * 2 * math.pi).astype(np.float32)

    def draw(self, frame: Planes, seconds: float, view: FrameView) -> None:
        xs, ys, rates, phases = self._sparks()
        ox, oy, _ = view.points(xs, ys, self.parallax)
        glint = np.maximum(0.0, np.sin(_phase(seconds) * rates + phases)) ** 6
        amount = (glint * 110 * self.strength).astype(np.float32)
        _add_points(frame[0], ox, oy, amount)
        _add_points(frame[0], ox + 1, oy, amount * 0.6)
        self._waves(frame[0], seconds, view)

    def _waves(self, luma: U8, seconds: float, view: FrameView) -> None:
        """Reflections ripple (rows sway sideways, more near the viewer) and wave crests roll
        in (bands of light, shrinking toward the horizon, broken up along their length).
        Water moves on twos and its fields are computed at a quarter size: it is soft anyway."""
        x0, y0, x1, y1 = self.region(view) or (0, 0, 0, 0)
        y0 = max(y0, y1 - max(8, (y1 - y0) * 2 // 3))  # far water barely moves: leave it
        if x1 - x0 < 8 or y1 - y0 < 8:
            return
        held = on_twos(seconds)
        shape = (x1 - x0, y1 - y0, held)  # the fields ride on the water box: its size decides
        if self._last is None or self._last[0] != shape:
            self._last = (shape, self._fields(x1 - x0, y1 - y0, held))
        key = (x0, y0, x1, y1, held)
        map_x, map_y, lift = self._last[1]
        region = luma[y0:y1, x0:x1]
        if (
            self._done is not None
            and self._done[0] == key
            and np.array_equal(self._done[1], region)
        ):
            region[...] = self._done[2]  # a still camera: the same water as a frame ago
            return
        source = region.copy()
        rippled = cv2.remap(region, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
        region[...] = cv2.add(rippled, lift)
        self._done = (key, source, region.copy())

    def _small_fields(self, w: int, h: int, seconds: float) -> tuple[F32, U8]:
        """The ripple's shift and the crests' light at a quarter size, cached per drawing of
        the loop (on twos: 12 * LOOP of them), so a moving camera only resizes them."""
        key = (w, h, round((seconds % LOOP) * 12))
        if key not in self._small:
            if len(self._small) > 12 * LOOP * 2:
                self._small.clear()
            sh, sw = max(2, h // 4), max(2, w // 4)
            near = np.linspace(0.35, 1.0, sh, dtype=np.float32)[:, None]
            rows = np.linspace(h * 0.5 + 8.0, h * 1.5 + 8.0, sh, dtype=np.float32)[:, None]
            cols = np.linspace(0.0, w, sw, dtype=np.float32)[None, :]
            phase = _phase(seconds, 3)
            scale = h / 120.0 + 0.5
            sway = np.sin(rows**0.7 * 0.9 - phase + np.sin(cols / (37.0 * scale)) * 1.3)
            crest = np.sin(rows**0.6 * 1.4 - phase + np.cos(cols / (53.0 * scale) + phase) * 0.8)
            shift = (sway * near * 1.8 * scale * self.strength).astype(np.float32)
            lift = np.maximum(crest, 0.0) ** 3 * 16.0 * self.strength * near
            self._small[key] = (shift, np.asarray(lift + 0.5, np.float32).astype(np.uint8))
        return self._small[key]

    def _fields(self, w: int, h: int, seconds: float) -> tuple[F32, F32, U8]:
        """The ripple's sampling maps and the crests' light for a water box of w x h."""
        shift, small_lift = self._small_fields(w, h, seconds)
        if self._grid is None or self._grid[0].shape != (h, w):
            xs, ys = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
            self._grid = (xs, ys)
        grid_x, grid_y = self._grid
        map_x = cv2.add(cv2.resize(shift, (w, h), interpolation=cv2.INTER_LINEAR), grid_x)
        lifted = cv2.resize(small_lift, (w, h), interpolation=cv2.INTER_LINEAR)
        return np.asarray(map_x, np.float32), grid_y, np.asarray(lifted, np.uint8)

    def region(self, view: FrameView) -> Box | None:
        x0, y0, x1, y1 = self.box
        ox, oy, _ = view.points(
            np.array([x0, x1], np.float32), np.array([y0, y1], np.float32), self.parallax
        )
        return _box_of(ox, oy, 2, view.size)


@dataclass
class Flicker:
    """Flames, diyas, lamps and lit windows breathing light (a glow that wavers)."""

    lights: tuple[tuple[float, float, float], ...]
    parallaxes: tuple[float, ...]
    seed: int
    strength: float = 1.0
    name: str = "flicker"
    _patches: dict[int, U8] = field(default_factory=dict, repr=False)
    _waves: dict[int, tuple[tuple[int, float], ...]] = field(default_factory=dict, repr=False)

    def _level(self, index: int, seconds: float) -> float:
        if index not in self._waves:
            rng = np.random.default_rng([self.seed, 78, index])
            rates, phases = rng.integers(3, 11, 3), rng.random(3) * 2 * math.pi
            self._waves[index] = tuple(
                (int(r), float(p)) for r, p in zip(rates, phases, strict=True)
            )
        wave = sum(math.sin(_phase(seconds) * r + p) for r, p in self._waves[index])
        return wave / 3.0

    def _patch(self, radius: int) -> U8:
        """A soft round glow, 255 at its centre (cached per size)."""
        if radius not in self._patches:
            side = 2 * radius + 1
            g = cv2.getGaussianKernel(side, radius / 2.2)
            patch = g @ g.T
            self._patches[radius] = np.asarray(patch / patch.max() * 255, np.float32).astype(
                np.uint8
            )
        return self._patches[radius]

    def draw(self, frame: Planes, seconds: float, view: FrameView) -> None:
        luma = frame[0]
        h, w = luma.shape
        for index, ((x, y, r), parallax) in enumerate(
            zip(self.lights, self.parallaxes, strict=True)
        ):
            scale, left, top = view.to_frame(parallax)
            radius = max(3, int(r * scale * 1.6))
            cx, cy = int((x - left) * scale), int((y - top) * scale)
            x0, y0 = max(0, cx - radius), max(0, cy - radius)
            x1, y1 = min(w, cx + radius + 1), min(h, cy + radius + 1)
            if x1 <= x0 or y1 <= y0:
                continue
            patch = self._patch(radius)[
                y0 - cy + radius : y1 - cy + radius, x0 - cx + radius : x1 - cx + radius
            ]
            level = self._level(index, seconds) * 0.15 * self.strength
            glow = cv2.multiply(patch, abs(level), dtype=cv2.CV_8U)
            region = luma[y0:y1, x0:x1]
            region[...] = cv2.add(region, glow) if level > 0 else cv2.subtract(region, glow)

    def region(self, view: FrameView) -> Box | None:
        boxes = []
        for (x, y, r), parallax in zip(self.lights, self.parallaxes, strict=True):
            ox, oy, scale = view.points(
                np.array([x], np.float32), np.array([y], np.float32), parallax
            )
            pad = max(3, int(r * scale * 1.6)) + 1
            boxes.append(_box_of(ox, oy, pad, view.size))
        if not boxes:
            return None
        return (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )


@dataclass
class Smoke:
    """Smoke, steam or incense rising from a source and thinning out (a loop of puffs)."""

    x: float
    y: float
    parallax: float
    reach: float  # how high it rises, set pixels
    seed: int
    puffs: int = 6
    name: str = "smoke"

    def _puffs(self, seconds: float) -> list[tuple[float, float, float, float]]:
        rng = np.random.default_rng([self.seed, 79])
        offsets = rng.random(self.puffs)
        out = []
        for i in range(self.puffs):
            age = ((seconds % LOOP) / LOOP + i / self.puffs) % 1.0
            sway = math.sin(age * 5.0 + offsets[i] * 6.0) * self.reach * 0.08 * age
            out.append((self.x + sway, self.y - age * self.reach, age, offsets[i]))
        return out

    def draw(self, frame: Planes, seconds: float, view: FrameView) -> None:
        luma = frame[0]
        h, w = luma.shape
        scale, left, top = view.to_frame(self.parallax)
        for x, y, age, _ in self._puffs(seconds):
            radius = max(2, int(self.reach * (0.05 + 0.12 * age) * scale))
            cx, cy = int((x - left) * scale), int((y - top) * scale)
            x0, y0 = max(0, cx - radius), max(0, cy - radius)
            x1, y1 = min(w, cx + radius + 1), min(h, cy + radius + 1)
            if x1 <= x0 or y1 <= y0:
                continue
            yy, xx = np.ogrid[y0 - cy : y1 - cy, x0 - cx : x1 - cx]
            soft = np.clip(1.0 - (xx * xx + yy * yy) / float(radius * radius), 0, 1) ** 2
            alpha = soft * 0.35 * math.sin(math.pi * age)
            region = luma[y0:y1, x0:x1]
            region[...] = (region + (200.0 - region) * alpha).astype(np.uint8)

    def region(self, view: FrameView) -> Box | None:
        scale = view.to_frame(self.parallax)[0]
        pad = int(self.reach * 0.3 * scale) + 2
        xs = np.array([self.x - self.reach * 0.2, self.x + self.reach * 0.2], np.float32)
        ys = np.array([self.y - self.reach * 1.1, self.y], np.float32)
        ox, oy, _ = view.points(xs, ys, self.parallax)
        return _box_of(ox, oy, pad, view.size)


@dataclass
class Motes:
    """Specks drifting in the air: dust in sunbeams, pollen, fireflies at dusk, embers near
    flames. Near ones are bigger, brighter and faster (three depths); all loop in LOOP."""

    size: tuple[int, int]
    count: int
    wind: float
    seed: int
    glow: float = 60.0  # how much a speck lifts the luma
    period: float = 8 * LOOP
    name: str = "motes"

    def _specks(self, seconds: float) -> tuple[F32, F32, F32, F32]:
        rng = np.random.default_rng([self.seed, 81])
        n = self.count
        width, height = self.size
        depth = rng.random(n).astype(np.float32)
        x0, y0 = rng.random(n) * width, rng.random(n) * height
        # whole crossings of the frame per period (near specks cross more often): loop-safe
        crossings = 1 + np.floor(depth * (1.0 + 2.0 * self.wind) + rng.random(n) * 0.5)
        direction = 1.0 if self.seed % 2 else -1.0
        t = (seconds % self.period) / self.period
        bob = rng.integers(3, 9, n)
        phase = rng.random(n) * 2 * np.pi
        xs = (x0 + direction * crossings * width * t) % width
        ys = y0 + np.sin(2 * np.pi * bob * t + phase) * height * 0.015 * (0.5 + depth)
        pulse = 0.55 + 0.45 * np.sin(2 * np.pi * bob * 2 * t + phase)
        return xs.astype(np.float32), ys.astype(np.float32), depth, pulse.astype(np.float32)

    def draw(self, frame: Planes, seconds: float, view: FrameView) -> None:
        xs, ys, depth, pulse = self._specks(seconds)
        luma = frame[0]
        unit = self.size[1] / 720.0
        mask = np.zeros_like(luma)
        for x, y, d, p in zip(xs, ys, depth, pulse, strict=True):
            radius = max(1, round((1.5 + 2.5 * float(d) ** 2) * unit))
            level = self.glow * float(p) * (0.6 + 0.4 * float(d))
            cv2.circle(mask, (int(x), int(y)), radius, int(level), -1, cv2.LINE_AA)
        cv2.add(luma, mask, dst=luma)

    def region(self, view: FrameView) -> Box | None:
        return None


# -- life in towns: lit windows, passers-by, traffic; flags and grass in the wind ----------
def _yuv(rgb: tuple[float, float, float]) -> tuple[int, int, int]:
    """An RGB colour (0..1) as the I420 (Y, U, V) the stage's planes hold."""
    patch = np.full((2, 2, 3), [round(c * 255) for c in rgb], np.uint8)
    yuv = cv2.cvtColor(patch, cv2.COLOR_RGB2YUV_I420).reshape(-1)
    return int(yuv[0]), int(yuv[4]), int(yuv[5])


#: The last frame's ground matrices (every element of a frame asks for the same ones).
_MATRICES: list[tuple[tuple[object, ...], tuple[Matrix, Matrix]]] = []


def _ground_matrices(view: FrameView, horizon: float, set_height: int) -> tuple[Matrix, Matrix]:
    """The camera's output->set maps for the far layer and for the ground plane as the stage
    warps them (the ground's near rows shift more), so what is drawn on the set stays put."""
    key = (id(view.path), view.path, view.u, view.size, horizon, set_height)
    for known, matrices in _MATRICES:
        if known[0] == key[0] and known[1] is key[1] and known[2:] == key[2:]:
            return matrices
    top = round(horizon)
    top -= top % 2
    shear = ((GROUND_NEAR_PARALLAX - FAR_PARALLAX) / max(1, set_height - top), float(top))
    far = view.path.matrix(view.u, view.size, FAR_PARALLAX)
    ground = view.path.matrix(view.u, view.size, FAR_PARALLAX, shear)
    _MATRICES[:] = [(key, (far, ground))]
    return far, ground


def _on_set(
    view: FrameView, xs: F32, ys: F32, horizon: float, set_height: int
) -> tuple[F32, F32, float]:
    """Set pixels to output pixels (float): on the far layer above the horizon, on the ground
    below it; and the output pixels per set pixel."""
    far, ground = _ground_matrices(view, horizon, set_height)
    below = ys > horizon
    out_x, out_y = np.empty_like(xs), np.empty_like(ys)
    for matrix, pick in ((far, ~below), (ground, below)):
        (a, b, c), (_, d, f) = matrix
        oy = (ys[pick] - f) / d
        out_y[pick] = oy
        out_x[pick] = (xs[pick] - c - b * oy) / a
    return out_x, out_y, 1.0 / float(far[0, 0])


def _fill_quad(
    frame: Planes, corners: NDArray[np.float64], colour: tuple[int, int, int], alpha: float
) -> None:
    """A pane in a flat colour over its box (fading in by `alpha`), on all three planes."""
    h, w = frame[0].shape
    x0, y0 = np.floor(corners.min(axis=0)).astype(int) - 1
    x1, y1 = np.ceil(corners.max(axis=0)).astype(int) + 2
    x0, y0, x1, y1 = (
        max(0, x0 - x0 % 2),
        max(0, y0 - y0 % 2),
        min(w, x1 + x1 % 2),
        min(h, y1 + y1 % 2),
    )
    if x1 - x0 < 2 or y1 - y0 < 2:
        return
    mask = np.zeros((y1 - y0, x1 - x0), np.uint8)
    points = np.rint((corners - [x0, y0]) * 4).astype(np.int32).reshape(-1, 1, 2)
    cv2.fillPoly(mask, [points], round(255 * alpha), cv2.LINE_AA, shift=2)
    half = np.asarray(
        cv2.resize(mask, ((x1 - x0) // 2, (y1 - y0) // 2), interpolation=cv2.INTER_AREA), np.uint8
    )
    for index, (plane, cover) in enumerate(((frame[0], mask), (frame[1], half), (frame[2], half))):
        d = 1 if index == 0 else 2
        region = plane[y0 // d : y1 // d, x0 // d : x1 // d]
        target = np.full_like(region, colour[index])
        region[...] = cv2.add(
            cv2.multiply(region, cv2.bitwise_not(cover), scale=1 / 255),
            cv2.multiply(target, cover, scale=1 / 255),
        )


@dataclass
class LitWindows:
    """Dark panes lighting up one by one as dusk deepens (a few more at night).

    An event in scene-local time, like an entrance: a pane that came on stays on for the
    rest of the scene, in every later shot of it."""

    panes: tuple[tuple[float, ...], ...]  # quads in set pixels
    times: tuple[float, ...]  # when each comes on (scene seconds)
    colours: tuple[tuple[int, int, int], ...]
    horizon: float
    set_height: int
    name: str = "windows"

    def _corners(self, view: FrameView) -> NDArray[np.float64]:
        quads = np.array(self.panes, np.float32).reshape(-1, 2)
        out_x, out_y, _ = _on_set(view, quads[:, 0], quads[:, 1], self.horizon, self.set_height)
        return np.stack([out_x, out_y], axis=1).astype(np.float64).reshape(-1, 4, 2)

    def draw(self, frame: Planes, seconds: float, view: FrameView) -> None:
        corners = self._corners(view)
        for index, start in enumerate(self.times):
            if seconds > start:
                on = min(1.0, (seconds - start) / 0.25)
                _fill_quad(frame, corners[index], self.colours[index], on)

    def region(self, view: FrameView) -> Box | None:
        corners = self._corners(view).reshape(-1, 2)
        return _box_of(
            np.floor(corners[:, 0]).astype(np.int32),
            np.floor(corners[:, 1]).astype(np.int32),
            3,
            view.size,
        )


#: Warm lamp-lit panes (and the odd cool screen-lit one), as RGB.
PANE_COLOURS = ((1.0, 0.74, 0.3), (1.0, 0.66, 0.24), (1.0, 0.84, 0.44), (0.62, 0.76, 1.0))


def lit_windows(scene_set: SceneSet, light: Light, seed: int) -> LitWindows | None:
    """Some of the set's dark panes, each lighting up at its own moment: at dusk about half
    of them over the first 20 s, at night a few."""
    panes = [quad for quad in scene_set.anchors.windows if max(quad[0::2]) - min(quad[0::2]) >= 2.0]
    if not panes or light.night < 0.4:
        return None
    rng = np.random.default_rng([seed, 82])
    share = 0.5 if light.night < 0.9 else 0.15
    chosen = [quad for quad in panes if rng.random() < share][:40]
    if not chosen:
        return None
    times = tuple(float(t) for t in 0.6 + rng.random(len(chosen)) ** 1.3 * 20.0)
    dim = 0.75 + 0.25 * (1.0 - light.night)
    colours = tuple(
        _yuv(tuple(c * dim for c in PANE_COLOURS[int(i)]))  # type: ignore[arg-type]
        for i in rng.choice(len(PANE_COLOURS), len(chosen), p=[0.35, 0.3, 0.27, 0.08])
    )
    return LitWindows(tuple(chosen), times, colours, scene_set.anchors.horizon, scene_set.size[1])


#: Car paint (RGB 0..1), dimmed to the scene's light.
CARS = (
    (0.7, 0.12, 0.1),
    (0.15, 0.25, 0.5),
    (0.85, 0.85, 0.82),
    (0.2, 0.2, 0.22),
    (0.55, 0.58, 0.6),
    (0.85, 0.65, 0.15),
)


@dataclass(frozen=True)
class _Look:
    """A car's colours as (Y, U, V) triples: paint, glass, tyres."""

    body: tuple[int, int, int]
    glass: tuple[int, int, int]
    tyres: tuple[int, int, int]


def _car_looks(rng: np.random.Generator, count: int, light: Light) -> list[_Look]:
    dim = max(0.25, min(1.0, light.brightness * 1.6))
    glass, tyre = (0.12, 0.15, 0.2), (0.05, 0.05, 0.05)
    out = []
    for _ in range(count):
        body = CARS[int(rng.integers(len(CARS)))]
        colours = [_yuv((c * dim, g * dim, b * dim)) for c, g, b in (body, glass, tyre)]
        out.append(_Look(*colours))
    return out


def _on_planes(
    frame: Planes, draw: Callable[[U8, float, int], None], look: tuple[int, int, int]
) -> None:
    """Draw one shape on the three planes: luma at full size (smooth edges), chroma at half."""
    draw(frame[0], 1.0, look[0])
    draw(frame[1], 0.5, look[1])
    draw(frame[2], 0.5, look[2])


#: Drawings in a passer-by's walk cycle (they change on twos or faster, as they stride).
WALK_DRAWINGS = 8
#: Different passers-by drawn per scene (more walkers reuse them, out of step).
WALKER_LOOKS = 6
#: Seconds per walk cycle (two steps), as the cast walks.
WALK_CYCLE = 1.1


@dataclass(frozen=True)
class _Sprite:
    """A drawing as premultiplied I420 planes with alpha (full and half size), and where its
    feet are and how tall the figure is, in its own pixels."""

    planes: tuple[U8, U8, U8]
    alpha: tuple[U8, U8]
    feet: tuple[float, float]
    height: float


def _sprite(rgba: U8, feet: tuple[float, float], height: float) -> _Sprite:
    """A straight-alpha RGBA drawing (even sides) as a sprite."""
    h, w = rgba.shape[:2]
    yuv = np.asarray(
        cv2.cvtColor(np.ascontiguousarray(rgba[..., :3]), cv2.COLOR_RGB2YUV_I420), np.uint8
    )
    luma, chroma = yuv[:h], yuv[h:].reshape(-1)
    quarter = (h // 2) * (w // 2)
    u = chroma[:quarter].reshape(h // 2, w // 2)
    v = chroma[quarter:].reshape(h // 2, w // 2)
    full = np.ascontiguousarray(rgba[..., 3])
    half = np.asarray(cv2.resize(full, (w // 2, h // 2), interpolation=cv2.INTER_AREA), np.uint8)
    planes = tuple(
        np.asarray(cv2.multiply(p, a, scale=1 / 255), np.uint8)
        for p, a in ((np.ascontiguousarray(luma), full), (u, half), (v, half))
    )
    return _Sprite(planes, (full, half), feet, height)  # type: ignore[arg-type]


@dataclass
class WalkerBank:
    """Passers-by drawn by the same figure painter as the cast (so they belong to the film),
    each in WALK_DRAWINGS steps of a walk cycle facing right (mirrored to walk left), painted
    once per scene at `height` pixels and warped to where they walk in each frame."""

    light: Light
    style: Style
    mood: str
    seed: int
    height: int
    #: the two headings drawn (degrees: 0 faces the viewer, 90 walks right, 180 away)
    yaws: tuple[float, float] = (80.0, -80.0)
    _drawings: list[list[tuple[_Sprite, _Sprite]]] = field(default_factory=list, repr=False)

    def drawings(self) -> list[list[tuple[_Sprite, _Sprite]]]:
        if not self._drawings:
            self._drawings = [self._paint(index) for index in range(WALKER_LOOKS)]
        return self._drawings

    def _paint(self, index: int) -> list[tuple[_Sprite, _Sprite]]:
        height = self.height
        width = math.ceil(height * 0.8 / 2) * 2
        rows = math.ceil(height * 1.14 / 2) * 2
        per = height / 1000.0
        out = []
        for step in range(WALK_DRAWINGS):
            pair = []
            for yaw in self.yaws:
                pixels = np.zeros((rows, width, 4), np.uint8)
                ctx = Ctx(skia.Surface(pixels), pixels, self.light, self.style, self.seed)
                ctx.k, ctx.W = per, width / per
                ctx.canvas.resetMatrix()
                ctx.canvas.scale(per, per)
                look = random_look(ctx, f"walker{index}")
                pose = pose_at("walk", step / WALK_DRAWINGS)
                draw_figure(ctx, look, pose, ctx.W / 2, 1100.0, 1000.0, yaw, 0.3, face=height > 90)
                straight = pixels  # a numpy-backed skia surface holds straight alpha
                graded = finish(straight, self.style, self.mood, self.seed, vignette=False)
                rgba = np.dstack([graded, straight[..., 3]])
                pair.append(_sprite(rgba, (width / 2, 1100.0 * per), float(height)))
            out.append((pair[0], pair[1]))
        return out

    def draw(
        self,
        frame: Planes,
        who: int,
        phase: float,
        first: bool,
        at: tuple[float, float],
        size: float,
    ) -> Box | None:
        """Walker `who` at `phase` (0..1 of a stride pair) heading the first or second way,
        feet at `at` (output pixels), `size` pixels tall; returns the box it touched."""
        drawings = self.drawings()[who % WALKER_LOOKS]
        step = int(phase * WALK_DRAWINGS) % WALK_DRAWINGS
        sprite = drawings[step][0 if first else 1]
        scale = sprite.height / max(1e-3, size)  # sprite pixels per output pixel
        h, w = frame[0].shape
        sh, sw = sprite.planes[0].shape
        x, y = at
        fx, fy = sprite.feet
        x0 = math.floor(x - fx / scale) - 2
        y0 = math.floor(y - fy / scale) - 2
        x1 = math.ceil(x + (sw - fx) / scale) + 2
        y1 = math.ceil(y + (sh - fy) / scale) + 2
        x0, y0 = max(0, x0 - x0 % 2), max(0, y0 - y0 % 2)
        x1, y1 = min(w, x1 + x1 % 2), min(h, y1 + y1 % 2)
        if x1 - x0 < 2 or y1 - y0 < 2:
            return None
        full = np.array([[scale, 0.0, fx + (x0 - x) * scale], [0.0, scale, fy + (y0 - y) * scale]])
        half = full.copy()
        half[:, 2] /= 2
        flags = cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP
        for index, plane in enumerate(frame):
            d = 1 if index == 0 else 2
            m = full if d == 1 else half
            dsize = ((x1 - x0) // d, (y1 - y0) // d)
            src = sprite.planes[index]
            alpha = sprite.alpha[0 if d == 1 else 1]
            drawn = cv2.warpAffine(src, m, dsize, flags=flags, borderMode=cv2.BORDER_CONSTANT)
            cover = cv2.warpAffine(alpha, m, dsize, flags=flags, borderMode=cv2.BORDER_CONSTANT)
            region = plane[y0 // d : y1 // d, x0 // d : x1 // d]
            kept = cv2.multiply(region, cv2.bitwise_not(cover), scale=1 / 255)
            region[...] = cv2.add(kept, drawn)
        return (x0, y0, x1, y1)


def walker_bank(
    scene_set: SceneSet, weather: Weather, height: float, yaws: tuple[float, float]
) -> WalkerBank:
    """The scene's passers-by at `height` set pixels (painted once per set, size, heading)."""
    key = f"walkers-{weather.seed}-{round(height)}-{yaws}-{weather.mood}-{weather.style.name}"
    if key not in scene_set.memo:
        size = max(24, math.ceil(height / 2) * 2)
        light, style, mood, seed = weather.light, weather.style, weather.mood, weather.seed
        scene_set.memo[key] = WalkerBank(light, style, mood, seed, size, yaws)
    bank: WalkerBank = scene_set.memo[key]
    return bank


def _car(
    frame: Planes, x: float, y: float, h: float, look: _Look, lamps: tuple[int, int, int] | None
) -> None:
    """A car seen from behind or in front, `h` px tall with its wheels on y."""
    w = 1.25 * h

    def shell(plane: U8, s: float, value: int) -> None:
        top = (round((x - w / 2) * s), round((y - 0.62 * h) * s))
        cv2.rectangle(plane, top, (round((x + w / 2) * s), round((y - 0.1 * h) * s)), value, -1)
        roof = (
            np.array(
                [
                    [x - 0.4 * w, y - 0.62 * h],
                    [x - 0.3 * w, y - h],
                    [x + 0.3 * w, y - h],
                    [x + 0.4 * w, y - 0.62 * h],
                ]
            )
            * s
        )
        cv2.fillPoly(
            plane, [np.rint(roof).astype(np.int32)], value, cv2.LINE_AA if s == 1 else cv2.LINE_8
        )

    def glass(plane: U8, s: float, value: int) -> None:
        pane = (
            np.array(
                [
                    [x - 0.34 * w, y - 0.64 * h],
                    [x - 0.26 * w, y - 0.93 * h],
                    [x + 0.26 * w, y - 0.93 * h],
                    [x + 0.34 * w, y - 0.64 * h],
                ]
            )
            * s
        )
        cv2.fillPoly(
            plane, [np.rint(pane).astype(np.int32)], value, cv2.LINE_AA if s == 1 else cv2.LINE_8
        )

    def wheels(plane: U8, s: float, value: int) -> None:
        for side in (-0.36, 0.28):
            corner = (round((x + side * w) * s), round((y - 0.14 * h) * s))
            cv2.rectangle(
                plane, corner, (round((x + (side + 0.08) * w) * s), round(y * s)), value, -1
            )

    def lights(plane: U8, s: float, value: int) -> None:
        for side in (-0.4, 0.4):
            centre = (round((x + side * w) * s), round((y - 0.42 * h) * s))
            cv2.circle(plane, centre, max(1, round(0.07 * h * s)), value, -1)

    _on_planes(frame, shell, look.body)
    _on_planes(frame, glass, look.glass)
    _on_planes(frame, wheels, look.tyres)
    if lamps is not None:
        _on_planes(frame, lights, lamps)


def _faded(frame: Planes, box: Box, alpha: float, draw: Callable[[], object]) -> None:
    """Run `draw` and keep only `alpha` of what it changed inside `box` (even-aligned)."""
    if alpha >= 1.0:
        draw()
        return
    h, w = frame[0].shape
    x0, y0, x1, y1 = box
    x0, y0 = max(0, x0 - x0 % 2), max(0, y0 - y0 % 2)
    x1, y1 = min(w, x1 + x1 % 2), min(h, y1 + y1 % 2)
    if alpha <= 0.0 or x1 - x0 < 2 or y1 - y0 < 2:
        return
    slices = [np.s_[y0:y1, x0:x1], np.s_[y0 // 2 : y1 // 2, x0 // 2 : x1 // 2]]
    saved = [plane[slices[min(i, 1)]].copy() for i, plane in enumerate(frame)]
    draw()
    for index, plane in enumerate(frame):
        region = plane[slices[min(index, 1)]]
        region[...] = cv2.addWeighted(region, alpha, saved[index], 1.0 - alpha, 0.0)


#: Cars leave their lane at its near end (the middle of a side street): the share of a trip
#: spent turning, how far out they go (in lane offsets: 2 m -> 16 m) and the corner of the
#: block before the side street that hides them (7 m out, 6/7 of the turning distance:
#: `places_town.street` paints the blocks 7 m out and the side street from 30 to 40 m).
TURN_SHARE = 0.12
TURN_OUT = 8.0
CORNER_OUT = 3.5
CORNER_DEPTH = 6.0 / 7.0
#: Passers-by walk between the side street and past the picture's edge (the pavement's
#: `Road.near`, see `places_town.PAVEMENT_OUT`): at its far end they turn into the side street
#: (5.6 m -> 14 m out) behind the same corner (7 m out, 30 m away), never fading in or out.
WALK_TURN_SHARE = 0.2
WALK_TURN_OUT = 2.5
WALK_CORNER_OUT = 7.0 / 5.6
#: Passers-by are painted this much smaller than at the near end of their pavement.
WALKER_SHRINK = 1.6


def _behind(
    frame: Planes, box: Box, corner: float | None, right: bool, draw: Callable[[], object]
) -> None:
    """Run `draw`, then put back what it changed beyond the `corner` (an output x: to its
    right when `right`, else to its left) inside `box`: hidden behind a building's corner."""
    h, w = frame[0].shape
    x0, y0, x1, y1 = box
    if corner is None:
        draw()
        return
    edge = math.ceil(corner) if right else math.floor(corner)
    edge += edge % 2
    a, b = (max(x0, edge), x1) if right else (x0, min(x1, edge))
    a, b = max(0, a - a % 2), min(w, b + b % 2)
    y0, y1 = max(0, y0 - y0 % 2), min(h, y1 + y1 % 2)
    if b - a < 2 or y1 - y0 < 2:
        draw()
        return
    slices = [np.s_[y0:y1, a:b], np.s_[y0 // 2 : y1 // 2, a // 2 : b // 2]]
    saved = [plane[slices[min(i, 1)]].copy() for i, plane in enumerate(frame)]
    draw()
    for index, plane in enumerate(frame):
        plane[slices[min(index, 1)]] = saved[index]


@dataclass
class _Occluders:
    """What stands in front of passers-by (set-pixel boxes), restored over them per frame."""

    boxes: tuple[SetBox, ...]
    horizon: float
    set_height: int
    _last: tuple[tuple[object, ...], tuple[NDArray[np.int64], ...]] | None = field(
        default=None, repr=False
    )

    def _rectangles(self, view: FrameView) -> tuple[NDArray[np.int64], ...]:
        """Every box's output rectangle (x0, y0, x1, y1 arrays), even-aligned and clipped;
        the last view's are kept (a street's walkers and cars share one set of boxes)."""
        key = (view.path, view.u, view.size)
        if self._last is not None and self._last[0][0] is view.path and self._last[0] == key:
            return self._last[1]
        w, h = view.size
        boxes = np.array(self.boxes, np.float32)
        xs = boxes[:, [0, 2, 0, 2]].reshape(-1)
        ys = boxes[:, [1, 1, 3, 3]].reshape(-1)
        ox, oy, _ = _on_set(view, xs, ys, self.horizon, self.set_height)
        ox, oy = ox.reshape(-1, 4), oy.reshape(-1, 4)
        a = np.floor(ox.min(axis=1)).astype(np.int64)
        b = np.floor(oy.min(axis=1)).astype(np.int64)
        c = np.ceil(ox.max(axis=1)).astype(np.int64)
        d = np.ceil(oy.max(axis=1)).astype(np.int64)
        a, b = np.maximum(0, a - a % 2), np.maximum(0, b - b % 2)
        c, d = np.minimum(w, c + c % 2), np.minimum(h, d + d % 2)
        self._last = (key, (a, b, c, d))
        return a, b, c, d

    def snapshot(
        self, frame: Planes, view: FrameView, near: list[Box]
    ) -> list[tuple[float, Box, list[U8]]]:
        """(foot row in set pixels, output box, saved planes) of every box in frame that
        overlaps one of the `near` boxes (where something will be drawn)."""
        out: list[tuple[float, Box, list[U8]]] = []
        if not near or not self.boxes:
            return out
        a, b, c, d = self._rectangles(view)
        spots = np.array(near, np.int64)
        hits = (
            (c[:, None] > spots[None, :, 0])
            & (a[:, None] < spots[None, :, 2])
            & (d[:, None] > spots[None, :, 1])
            & (b[:, None] < spots[None, :, 3])
        ).any(axis=1)
        hits &= (c - a >= 2) & (d - b >= 2)
        for index in np.flatnonzero(hits):
            # only the part of the box that something may be drawn over is kept
            over = spots[
                (c[index] > spots[:, 0])
                & (a[index] < spots[:, 2])
                & (d[index] > spots[:, 1])
                & (b[index] < spots[:, 3])
            ]
            x0, y0 = (
                max(int(a[index]), int(over[:, 0].min())),
                max(int(b[index]), int(over[:, 1].min())),
            )
            x1, y1 = (
                min(int(c[index]), int(over[:, 2].max())),
                min(int(d[index]), int(over[:, 3].max())),
            )
            x0, y0, x1, y1 = x0 - x0 % 2, y0 - y0 % 2, x1 + x1 % 2, y1 + y1 % 2
            x0, y0, x1, y1 = max(0, x0), max(0, y0), min(view.size[0], x1), min(view.size[1], y1)
            if x1 - x0 < 2 or y1 - y0 < 2:
                continue
            planes = [frame[0][y0:y1, x0:x1].copy()] + [
                p[y0 // 2 : y1 // 2, x0 // 2 : x1 // 2].copy() for p in frame[1:]
            ]
            out.append((self.boxes[index][3], (x0, y0, x1, y1), planes))
        return out

    @staticmethod
    def restore(
        frame: Planes, saved: list[tuple[float, Box, list[U8]]], feet: float, box: Box
    ) -> None:
        """Put back every saved box nearer than `feet` (set row) that overlaps `box`."""
        for foot, (a, b, c, d), planes in saved:
            if foot <= feet or c <= box[0] or a >= box[2] or d <= box[1] or b >= box[3]:
                continue
            frame[0][b:d, a:c] = planes[0]
            frame[1][b // 2 : d // 2, a // 2 : c // 2] = planes[1]
            frame[2][b // 2 : d // 2, a // 2 : c // 2] = planes[2]


@dataclass
class Crowd:
    """People walking both ways across a market lane or a promenade, legs and arms swinging,
    behind the cast and hidden by the stalls and posts in front of them; loop-safe."""

    lane: Lane
    bank: WalkerBank
    count: int
    occluders: _Occluders
    seed: int
    period: float = 8 * LOOP
    name: str = "crowd"

    def _people(self, seconds: float) -> tuple[F32, F32, F32, F32, NDArray[np.bool_]]:
        """Set-pixel x, feet y and height, walk-cycle phase (0..1) and heading of each."""
        n = self.count
        rng = np.random.default_rng([self.seed, 83])
        lane = self.lane
        offsets = rng.random(n)
        ways = np.where(rng.random(n) < 0.5, -1.0, 1.0)
        depth = rng.random(n) * 2 - 1
        cycles = np.round(self.period / WALK_CYCLE * (0.9 + rng.random(n) * 0.2))
        feet = lane.y + depth * lane.height * 0.12
        horizon = self.occluders.horizon
        heights = lane.height * (feet - horizon) / max(1.0, lane.y - horizon)
        crossings = np.maximum(1, np.round(self.period * heights * 0.7 / (lane.x1 - lane.x0)))
        t = (seconds % self.period) / self.period
        xs = lane.x0 + ((offsets + ways * crossings * t) % 1.0) * (lane.x1 - lane.x0)
        phase = (cycles * t + offsets * 7.0) % 1.0
        return (
            xs.astype(np.float32),
            feet.astype(np.float32),
            heights.astype(np.float32),
            phase.astype(np.float32),
            ways > 0,
        )

    def draw(self, frame: Planes, seconds: float, view: FrameView) -> None:
        xs, feet, heights, phase, right = self._people(seconds)
        ox, oy, scale = _on_set(view, xs, feet, self.occluders.horizon, self.occluders.set_height)
        w, h = view.size
        shown = []
        for i in np.argsort(feet, kind="stable"):
            size = float(heights[i]) * scale
            x, y = float(ox[i]), float(oy[i])
            if size < 3 or x < -size or x > w + size or y < 0 or y - size > h:
                continue
            box = (int(x - size * 0.45), int(y - size * 1.2), int(x + size * 0.45) + 1, int(y) + 2)
            shown.append((int(i), x, y, size, box))
        saved = self.occluders.snapshot(frame, view, [box for *_, box in shown])
        for i, x, y, size, box in shown:
            self.bank.draw(frame, i, float(phase[i]), bool(right[i]), (x, y), size)
            _Occluders.restore(frame, saved, float(feet[i]), box)

    def region(self, view: FrameView) -> Box | None:
        lane, horizon = self.lane, self.occluders.horizon
        low = lane.y + lane.height * 0.13
        high = lane.y - lane.height * 0.12 - lane.height * 1.15
        xs = np.array([lane.x0, lane.x1, lane.x0, lane.x1], np.float32)
        ys = np.array([high, high, low, low], np.float32)
        ox, oy, _ = _on_set(view, xs, ys, horizon, self.occluders.set_height)
        return _box_of(np.floor(ox).astype(np.int32), np.floor(oy).astype(np.int32), 3, view.size)


@dataclass
class Traffic:
    """Passers-by on a street's pavement or cars in its lane, in perspective (smaller toward
    the vanishing point); loop-safe. Nobody fades in mid-street. Cars come out of the
    distance (tiny there) and leave the lane at its near end, the middle of a side street
    (`places_town.SIDE_STREET`): they turn into it and out of it, disappearing behind the
    corner of the block before it. Passers-by come out of that side street (its far end for
    them) and walk toward us until they leave the picture at its edge (the pavement's near
    end), or walk in from the edge and turn into the side street."""

    road: Road
    count: int
    occluders: _Occluders
    seed: int
    #: cars: their paint; passers-by: their drawings (facing the viewer, walking away)
    looks: list[_Look] = field(default_factory=list)
    bank: WalkerBank | None = None
    lamps: tuple[int, int, int] | None = None
    name: str = "traffic"
    #: (where each starts on its trip, which way it goes, where in its walk cycle it starts)
    _draws: tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]] | None = field(
        default=None, repr=False
    )

    @property
    def period(self) -> float:
        return 4 * LOOP if self.road.kind == "cars" else 6 * LOOP

    def _drawn_lots(self) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
        """The seeded draws (made once, not every frame)."""
        if self._draws is None:
            n, road = self.count, self.road
            rng = np.random.default_rng([self.seed, 84, road.side > 0, road.kind == "cars"])
            offsets = (np.arange(n) + rng.random(n) * 0.6) / n
            if road.kind == "cars":
                ways = np.full(n, 1.0 if road.side > 0 else -1.0)
            else:
                ways = np.where(rng.random(n) < 0.5, -1.0, 1.0)
            steps = np.random.default_rng([self.seed, 85]).random(n)
            self._draws = (offsets, ways, steps)
        return self._draws

    def _moving(self, seconds: float) -> tuple[F32, F32, NDArray[np.bool_], F32]:
        """Each one's distance (metres), how much of it shows (fading at the ends), heading,
        and how far out from the road's line it is (1: on it; cars turning: more)."""
        n = self.count
        road = self.road
        cars = road.kind == "cars"
        offsets, ways, _ = self._drawn_lots()
        t = (seconds % self.period) / self.period
        share = (offsets + ways * t) % 1.0
        span = road.far - road.near
        out = np.ones(n)
        if cars:
            # the first TURN_SHARE of a trip (from the near end) is the turn in the side street
            turning = np.clip(1.0 - share / TURN_SHARE, 0.0, 1.0)
            out += (TURN_OUT - 1.0) * turning**1.5
            along = np.clip((share - TURN_SHARE) / (1.0 - TURN_SHARE), 0.0, 1.0)
            z = road.near + along * span
            shown = np.clip((1.0 - along) * span / (0.08 * span + 1.0), 0.0, 1.0)
            toward = ways < 0
        else:
            # a trip starts turned out of sight in the side street (the far end) and ends past
            # the picture's edge (the near end): nobody fades, they come and go round corners
            turning = np.clip(1.0 - share / WALK_TURN_SHARE, 0.0, 1.0)
            out += (WALK_TURN_OUT - 1.0) * turning**1.5
            along = np.clip((share - WALK_TURN_SHARE) / (1.0 - WALK_TURN_SHARE), 0.0, 1.0)
            z = road.far - along * span
            shown = np.ones(n)
            toward = ways > 0
        return z.astype(np.float32), shown.astype(np.float32), toward, out.astype(np.float32)

    def _corner_depth(self) -> float:
        """How far away the corner is that hides who turns into the side street (metres)."""
        road = self.road
        return (road.near if road.kind == "cars" else road.far) * CORNER_DEPTH

    def _corner(self, view: FrameView) -> float:
        """The output x of the corner that cars and passers-by turn behind."""
        road = self.road
        z = np.array([self._corner_depth()], np.float32)
        reach = CORNER_OUT if road.kind == "cars" else WALK_CORNER_OUT
        xs = np.array([road.vx + reach * road.side / z[0]], np.float32)
        ox, _, _ = _on_set(
            view, xs, road.horizon + road.eye / z, self.occluders.horizon, self.occluders.set_height
        )
        return float(ox[0])

    def draw(self, frame: Planes, seconds: float, view: FrameView) -> None:
        road = self.road
        z, shown, toward, out = self._moving(seconds)
        xs = (road.vx + out * road.side / z).astype(np.float32)
        feet = (road.horizon + road.eye / z).astype(np.float32)
        ox, oy, scale = _on_set(view, xs, feet, self.occluders.horizon, self.occluders.set_height)
        w, h = view.size
        offsets = self._drawn_lots()[2]
        cycles = round(self.period / WALK_CYCLE)
        t = (seconds % self.period) / self.period
        visible = []
        for i in np.argsort(-z, kind="stable"):
            size = float(road.size / z[i]) * scale
            x, y = float(ox[i]), float(oy[i])
            half = size * (0.4 if self.bank is not None else 0.7)
            if size < 3 or shown[i] <= 0 or x < -half or x > w + half or y < 0 or y - size > h:
                continue
            box = (int(x - half) - 2, int(y - size * 1.15) - 2, int(x + half) + 3, int(y) + 3)
            visible.append((int(i), x, y, size, box))
        if not visible:
            return
        corner, corner_z = self._corner(view), self._corner_depth()
        saved = self.occluders.snapshot(frame, view, [box for *_, box in visible])
        for i, x, y, size, box in visible:
            one: Callable[[], object]
            if self.bank is not None:
                phase = (cycles * t + offsets[i]) % 1.0
                one = partial(self.bank.draw, frame, i, phase, bool(toward[i]), (x, y), size)
            else:
                one = partial(_car, frame, x, y, size, self.looks[i], self.lamps)
            hidden = corner if z[i] >= corner_z else None  # only what is beyond the corner
            draw = partial(_behind, frame, box, hidden, road.side > 0, one)
            _faded(frame, box, float(shown[i]), draw)
            _Occluders.restore(frame, saved, float(feet[i]), box)

    def region(self, view: FrameView) -> Box | None:
        road = self.road
        z = np.array([road.near, road.far], np.float32)
        xs = road.vx + road.side / z
        feet = road.horizon + road.eye / z
        tops = feet - road.size / z
        # the turn into the side street, up to the corner
        end = 0 if road.kind == "cars" else 1
        reach = CORNER_OUT if road.kind == "cars" else WALK_CORNER_OUT
        xs = np.append(xs, road.vx + reach * road.side / self._corner_depth())
        z, feet, tops = np.append(z, z[end]), np.append(feet, feet[end]), np.append(tops, tops[end])
        allx = np.concatenate([xs - road.size / z, xs + road.size / z]).astype(np.float32)
        ally = np.concatenate([tops, feet + 2]).astype(np.float32)
        ox, oy, _ = _on_set(view, allx, ally, self.occluders.horizon, self.occluders.set_height)
        return _box_of(np.floor(ox).astype(np.int32), np.floor(oy).astype(np.int32), 3, view.size)


@dataclass
class Flutter:
    """A flag or pennant rippling from its pole, faster and wider the harder the wind."""

    flag: SetBox  # (pole x, top, tip x, bottom), set pixels
    wind: float
    horizon: float
    set_height: int
    name: str = "flags"

    def _box(self, view: FrameView) -> tuple[Box, float, float]:
        """The flag's output box, padded by its ripple, with its pole's output x and reach."""
        pole, top, tip, bottom = self.flag
        xs = np.array([pole, tip, pole, tip], np.float32)
        ys = np.array([top, top, bottom, bottom], np.float32)
        ox, oy, _ = _on_set(view, xs, ys, self.horizon, self.set_height)
        pad = int(0.25 * (oy.max() - oy.min())) + 2
        box = _box_of(np.floor(ox).astype(np.int32), np.floor(oy).astype(np.int32), pad, view.size)
        return box, float(ox[0]), float(ox[1] - ox[0])

    def draw(self, frame: Planes, seconds: float, view: FrameView) -> None:
        (x0, y0, x1, y1), pole, reach = self._box(view)
        if x1 - x0 < 4 or y1 - y0 < 4 or abs(reach) < 2:
            return
        held = on_twos(seconds)
        cycles = round((1.0 + 2.0 * self.wind) * LOOP)
        xs = np.arange(x0, x1, dtype=np.float32)[None, :]
        ys = np.arange(y0, y1, dtype=np.float32)[:, None]
        along = np.clip((xs - pole) / reach, 0.0, 1.0)
        wave = np.sin(2 * math.pi * (along * 1.3 - cycles * held / LOOP))
        lift = (wave * along * (y1 - y0) * (0.05 + 0.12 * self.wind)).astype(np.float32)
        map_x = np.repeat(xs - x0, y1 - y0, axis=0)
        map_y = (ys - y0 + lift).astype(np.float32)
        for index, plane in enumerate(frame):
            d = 1 if index == 0 else 2
            region = plane[y0 // d : y1 // d, x0 // d : x1 // d]
            mx, my = (map_x, map_y) if d == 1 else (map_x[::2, ::2] / 2, map_y[::2, ::2] / 2)
            mx, my = (
                mx[: region.shape[0], : region.shape[1]],
                my[: region.shape[0], : region.shape[1]],
            )
            region[...] = cv2.remap(
                region, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
            )

    def region(self, view: FrameView) -> Box | None:
        return self._box(view)[0]


@dataclass(frozen=True)
class SwayShape:
    """What of a marked plant bends: from `rooted` of its height up (0: the roots), within
    `spread` of its height either side (narrowing to the tip when `pointed`), the tip by
    `reach` of its height (at wind 1, stiffer when `stiff` > 1), waving at `pace`."""

    rooted: float
    spread: float
    reach: float
    stiff: float
    pointed: bool
    pace: float


#: At most this many output pixels between samples of the grass's bend field (close shots).
GRASS_MAX_STEP = 4
GRASS = SwayShape(rooted=0.0, spread=0.6, reach=0.22, stiff=1.0, pointed=True, pace=1.0)


@dataclass
class GrassSway:
    """Grass bending in waves of wind, the tips more than the roots, near tufts more than
    far ones; a calm dawn barely stirs it, a storm lashes it. Drawn on twos."""

    tufts: tuple[tuple[float, float, float], ...]  # (x, feet y, height), set pixels
    wind: float
    horizon: float
    set_size: tuple[int, int]
    name: str = "grass"
    shape: SwayShape = field(default_factory=lambda: GRASS)
    _weights: tuple[int, F32] | None = field(default=None, repr=False)
    _last: tuple[float, tuple[int, int, F32, F32]] | None = field(default=None, repr=False)
    #: the bend field of the last camera pose (view size, step, matrix), and its row indices
    _field: tuple[tuple[object, ...], tuple[int, int, F32] | None] | None = field(
        default=None, repr=False
    )
    _rows_map: F32 | None = field(default=None, repr=False)
    #: the last drawing: (held, rows, pose), the band before and after it is bent
    _done: tuple[tuple[object, ...], U8, U8] | None = field(default=None, repr=False)
    _pose: tuple[object, ...] | None = field(default=None, repr=False)

    def _band(self) -> tuple[int, F32]:
        """(top row, how far each set pixel of the grass band may bend, in set pixels)."""
        if self._weights is None:
            width, height = self.set_size
            shape = self.shape
            top = max(0, int(min(y - s for _, y, s in self.tufts)))
            bottom = min(height, int(max(y for _, y, _ in self.tufts)) + 1)
            weights = np.zeros((max(1, bottom - top), width), np.float32)
            for x, y, s in self.tufts:
                r0, r1 = max(top, int(y - s)), min(bottom, int(y - s * shape.rooted))
                half = shape.spread * s
                c0, c1 = max(0, int(x - half)), min(width, int(x + half) + 1)
                if r1 <= r0 or c1 <= c0:
                    continue
                rows = np.arange(r0, r1, dtype=np.float32)
                up = ((y - s * shape.rooted - rows) / (s * (1.0 - shape.rooted)))[:, None]
                cols = np.abs(np.arange(c0, c1, dtype=np.float32) - x)[None, :]
                narrowing = (1.0 - up) if shape.pointed else 1.0
                inside = cols < half * narrowing + 1.0
                bend = np.where(inside, up**shape.stiff * s * shape.reach, 0.0).astype(np.float32)
                patch = weights[r0 - top : r1 - top, c0:c1]
                np.maximum(patch, bend, out=patch)
            self._weights = (top, weights)
        return self._weights

    def _rows(self, view: FrameView) -> tuple[int, int, Matrix] | None:
        """The output rows (y0, y1) the grass band covers, and the ground's output->set map."""
        top, weights = self._band()
        _, ground = _ground_matrices(view, self.horizon, self.set_size[1])
        (_, _, _), (_, d, f) = ground
        y0 = max(0, int((top - f) / d) - 2)
        y1 = min(view.size[1], int((top + weights.shape[0] - f) / d) + 2)
        return (y0, y1, ground) if y1 - y0 >= 2 else None

    def _frame_band(self, view: FrameView, step: int = 1) -> tuple[int, int, F32] | None:
        """The grass band's bend field (output pixels) on output rows (y0, y1): full size, or
        sampled every `step` pixels where `cv2.resize` back to full size expects its samples
        (a close shot magnifies the set's field: sampling it finer than a set pixel is waste).
        """
        rows = self._rows(view)
        if rows is None:
            return None
        y0, y1, ground = rows
        top, weights = self._band()
        width, height = view.size[0], y1 - y0
        small = (-(-width // step), -(-height // step))
        sx, sy = width / small[0], height / small[1]
        # small pixel (u, v) is output pixel (u * sx + (sx - 1) / 2, y0 + v * sy + (sy - 1) / 2)
        local = ground.copy()
        local[:, :2] *= np.array([sx, sy])
        local[:, 2] += ground[:, :2] @ np.array([(sx - 1) / 2, y0 + (sy - 1) / 2])
        local[1, 2] -= top
        field_out = np.asarray(
            cv2.warpAffine(weights, local, small, flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP),
            np.float32,
        )
        field_out *= np.float32(1.0 / float(ground[0, 0]))
        return y0, y1, field_out

    def _maps(self, view: FrameView, held: float) -> tuple[int, int, F32, F32] | None:
        """The remap of one drawing (on twos): the bend field times the wind's waves along x.
        The field is worked out once per camera pose and, in close shots, at the set's own
        resolution (`GRASS_MAX_STEP` output pixels apart at most) and resized up: an insert
        of the grass costs a 2-megapixel warp and product otherwise."""
        _, ground = _ground_matrices(view, self.horizon, self.set_size[1])
        step = int(min(GRASS_MAX_STEP, max(1.0, 1.0 / float(ground[0, 0]))))
        pose = (view.size, step, ground.tobytes())
        if self._field is None or self._field[0] != pose:
            self._field = (pose, self._frame_band(view, step))
        band = self._field[1]
        if band is None:
            return None
        y0, y1, bend = band
        width = view.size[0]
        cycles = max(1, round((0.5 + 1.0 * self.wind) * self.shape.pace * LOOP))
        cols = np.arange(bend.shape[1], dtype=np.float32)
        if step > 1:
            cols = (cols + 0.5) * (width / bend.shape[1]) - 0.5
        xs = cols[None, :] / width
        gust = np.sin(2 * math.pi * (xs * 1.7 - cycles * held / LOOP))
        flutter = 0.35 * np.sin(2 * math.pi * (xs * 9.0 - 2 * cycles * held / LOOP))
        strength = 0.12 + 1.2 * self.wind
        wave = ((gust + flutter) * strength).astype(np.float32)
        map_x = np.asarray(bend * wave, np.float32)
        if step > 1:
            map_x = np.asarray(
                cv2.resize(map_x, (width, y1 - y0), interpolation=cv2.INTER_LINEAR), np.float32
            )
        map_x += np.arange(width, dtype=np.float32)[None, :]
        if self._rows_map is None or self._rows_map.shape != map_x.shape:
            self._rows_map = np.repeat(np.arange(y1 - y0, dtype=np.float32)[:, None], width, 1)
        return y0, y1, map_x, self._rows_map

    def draw(self, frame: Planes, seconds: float, view: FrameView) -> None:
        held = on_twos(seconds)
        if self._last is None or self._last[0] != held:
            # on twos, camera and all: the bend field may lag a moving camera by a frame
            maps = self._maps(view, held)
            if maps is None:
                return
            self._last = (held, maps)
        y0, y1, map_x, map_y = self._last[1]
        region = frame[0][y0:y1]
        if region.shape[0] != map_x.shape[0]:
            return
        pose = _ground_matrices(view, self.horizon, self.set_size[1])[1].tobytes()
        key = (held, y0, y1, view.size, pose)
        done, self._done = self._done, None
        if done is not None and done[0] == key and np.array_equal(done[1], region):
            region[...] = done[2]  # a still camera over a still ground: as a frame ago
            self._done = done
            return
        still = self._pose == (view.size, pose)
        self._pose = (view.size, pose)
        source = region.copy() if still else None  # a moving camera: not worth keeping
        region[...] = cv2.remap(
            region, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
        )
        if source is not None:
            self._done = (key, source, region.copy())

    def region(self, view: FrameView) -> Box | None:
        rows = self._rows(view)
        if rows is None:
            return (0, 0, 0, 0)
        return (0, rows[0], view.size[0], rows[1])


@dataclass
class TreeSway:
    """Tree crowns swaying above their trunks, slower and less than grass, each tree on its
    own beat; worked out in each tree's own box on the frame (cost: the crowns' area)."""

    trees: tuple[tuple[float, float, float], ...]  # (x, feet y, height), set pixels
    wind: float
    horizon: float
    set_height: int
    name: str = "trees"
    _last: tuple[float, list[tuple[Box, F32, F32]]] | None = field(default=None, repr=False)

    def _boxes(self, view: FrameView) -> list[tuple[Box, float, float]]:
        """Each tree's crown box on the frame (clipped), with its centre x and height."""
        xs = np.array([x for x, _, _ in self.trees], np.float32)
        feet = np.array([y for _, y, _ in self.trees], np.float32)
        tops = np.array([y - h for _, y, h in self.trees], np.float32)
        ox, oy, _ = _on_set(
            view,
            np.concatenate([xs, xs]),
            np.concatenate([feet, tops]),
            self.horizon,
            self.set_height,
        )
        n = len(self.trees)
        width, height = view.size
        out = []
        for i in range(n):
            cx, foot, top = float(ox[i]), float(oy[i]), float(oy[n + i])
            size = foot - top
            x0, x1 = max(0, int(cx - 0.45 * size)), min(width, int(cx + 0.45 * size) + 1)
            y0, y1 = max(0, int(top - 0.04 * size)), min(height, int(foot - 0.3 * size))
            if size >= 12 and x1 - x0 >= 4 and y1 - y0 >= 4:
                out.append(((x0, y0, x1, y1), cx, size))
        return out

    def draw(self, frame: Planes, seconds: float, view: FrameView) -> None:
        held = on_twos(seconds)
        if self._last is None or self._last[0] != held:
            cycles = max(1, round((0.25 + 0.5 * self.wind) * LOOP))
            strength = 0.25 + 1.0 * self.wind
            maps = []
            for (x0, y0, x1, y1), cx, size in self._boxes(view):
                beat = 2 * math.pi * (cycles * held / LOOP + cx / view.size[0] * 0.7)
                sway = (math.sin(beat) + 0.3 * math.sin(2 * beat + 1.3)) * strength
                cols = np.arange(x0, x1, dtype=np.float32)
                rows = np.arange(y0, y1, dtype=np.float32)
                across = np.clip(1.0 - (np.abs(cols - cx) / (0.45 * size)) ** 4, 0.0, 1.0)
                up = np.clip((y0 + (y1 - y0) * 1.0 - rows) / (0.7 * size), 0.0, 1.0) ** 1.5
                shift = (up[:, None] * across[None, :]) * (0.02 * size * sway)
                map_x = (shift + (cols - x0)[None, :]).astype(np.float32)
                map_y = np.repeat((rows - y0)[:, None], x1 - x0, axis=1).astype(np.float32)
                maps.append(((x0, y0, x1, y1), map_x, map_y))
            self._last = (held, maps)
        for (x0, y0, x1, y1), map_x, map_y in self._last[1]:
            region = frame[0][y0:y1, x0:x1]
            if region.shape != map_x.shape:
                continue
            region[...] = cv2.remap(
                region, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
            )

    def region(self, view: FrameView) -> Box | None:
        boxes = [box for box, _, _ in self._boxes(view)]
        if not boxes:
            return (0, 0, 0, 0)
        return (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )


@dataclass
class BoatRock:
    """A boat on the water bobbing and rolling about its waterline: gently in a calm, harder
    and faster in a storm. The painted boat's box is turned and lifted on the frame (luma and
    chroma), the water just around it dragged along less and less toward the box's padded
    edge, so nothing outside the padding moves. Drawn on twos; loop-safe."""

    box: SetBox  # the boat (hull, mast and sail), set pixels
    wind: float
    horizon: float
    set_height: int
    seed: int
    name: str = "boat"
    _last: tuple[tuple[object, ...], F32, F32] | None = field(default=None, repr=False)

    def _pose(self, seconds: float) -> tuple[float, float]:
        """(roll in degrees, rise as a share of the boat's height) at `seconds`."""
        beat = (self.seed % 7) / 7.0
        roll_cycles = 1 + round(self.wind)
        roll = (1.2 + 4.5 * self.wind) * math.sin(_phase(seconds, roll_cycles) + 2 * math.pi * beat)
        rise = (0.012 + 0.03 * self.wind) * math.sin(_phase(seconds, 2) + 2 * math.pi * beat + 1.1)
        return roll, rise

    def _box(self, view: FrameView) -> tuple[Box, tuple[float, float], float]:
        """The padded output box, the pivot (waterline centre) and the boat's output height."""
        x0, y0, x1, y1 = self.box
        water = y1 - (y1 - y0) * 0.05
        xs = np.array([x0, x1, x0, x1, (x0 + x1) / 2], np.float32)
        ys = np.array([y0, y0, y1, y1, water], np.float32)
        ox, oy, _ = _on_set(view, xs, ys, self.horizon, self.set_height)
        tall = float(oy[2:4].max() - oy[:2].min())
        pad = int(0.3 * tall) + 4
        box = _box_of(
            np.floor(ox[:4]).astype(np.int32), np.floor(oy[:4]).astype(np.int32), pad, view.size
        )
        return box, (float(ox[4]), float(oy[4])), tall

    def draw(self, frame: Planes, seconds: float, view: FrameView) -> None:
        (x0, y0, x1, y1), (px, py), tall = self._box(view)
        x0, y0 = x0 - x0 % 2, y0 - y0 % 2
        x1, y1 = x1 - x1 % 2, y1 - y1 % 2
        if x1 - x0 < 4 or y1 - y0 < 4 or tall < 3:
            return
        held = on_twos(seconds)
        key = (x0, y0, x1, y1, round(px, 2), round(py, 2), round((held % LOOP) * 12))
        if self._last is None or self._last[0] != key:
            roll, rise = self._pose(held)
            pad = 0.3 * tall
            xs = np.arange(x0, x1, dtype=np.float32)[None, :]
            ys = np.arange(y0, y1, dtype=np.float32)[:, None]
            # where each frame pixel comes from: turned back about the pivot, lifted back down
            angle = math.radians(roll)
            cos, sin = math.cos(angle), math.sin(angle)
            dx, dy = xs - px, ys - py + rise * tall
            src_x = px + cos * dx + sin * dy
            src_y = py - sin * dx + cos * dy
            # the whole boat moves; the water around it less and less toward the padding's edge
            inside_x = np.minimum(xs - x0, x1 - 1 - xs) / pad
            inside_y = np.minimum(ys - y0, y1 - 1 - ys) / pad
            weight = np.clip(np.minimum(inside_x, inside_y), 0.0, 1.0)
            weight = weight * weight * (3 - 2 * weight)
            map_x = (xs + weight * (src_x - xs) - x0).astype(np.float32)
            map_y = (ys + weight * (src_y - ys) - y0).astype(np.float32)
            self._last = (key, map_x, map_y)
        _, map_x, map_y = self._last
        for index, plane in enumerate(frame):
            d = 1 if index == 0 else 2
            region = plane[y0 // d : y1 // d, x0 // d : x1 // d]
            mx, my = (map_x, map_y) if d == 1 else (map_x[::2, ::2] / 2, map_y[::2, ::2] / 2)
            if region.shape != mx.shape:
                continue
            region[...] = cv2.remap(
                region, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
            )

    def region(self, view: FrameView) -> Box | None:
        return self._box(view)[0]


#: Places where something smokes or steams: incense, chimneys, kitchens, cafes.
SMOKY_PLACES = frozenset({"temple", "kitchen", "cafe", "village", "market"})
CALM_SKIES = frozenset({"clear", "clouds"})


def elements_for(
    scene_set: SceneSet, weather: Weather, size: tuple[int, int], fps: int
) -> list[Element]:
    """The elements a scene's weather, time and place call for, back to front."""
    light, seed = weather.light, weather.seed
    found: list[Element] = []
    if weather.outdoors and light.stars > 0.2:
        stars = find_stars(scene_set, seed)
        if stars is not None:
            found.append(stars)
        meteor = shooting_star(scene_set, light, seed)
        if meteor is not None:
            found.append(meteor)
    if weather.outdoors and light.weather in CALM_SKIES and light.night < 0.8:
        found.append(Birds(scene_set.size, scene_set.anchors.horizon, seed))
    for box in scene_set.anchors.water:
        parallax = scene_set.ground_parallax((box[1] + box[3]) / 2)
        strength = 1.0 + weather.wind
        found.append(WaterGlitter(box, parallax, light.sun_x, seed, strength))
    lights = scene_set.anchors.lights
    if lights:
        parallaxes = tuple(
            scene_set.ground_parallax(y) if y > scene_set.anchors.horizon else FAR_PARALLAX
            for _, y, _ in lights
        )
        found.append(Flicker(lights, parallaxes, seed, 1.0 + weather.wind))
        if weather.place in SMOKY_PLACES:
            x, y, r = lights[0]
            parallax = parallaxes[0]
            found.append(Smoke(x, y - r, parallax, scene_set.size[1] * 0.25, seed))
    found.extend(_town_life(scene_set, weather))
    motes = _motes(weather, size)
    if motes is not None:
        found.append(motes)
    if not weather.outdoors:
        return found
    found.extend(falling_weather(weather, size, fps))
    if light.storm:
        found.append(Lightning(size, fps, seed, scene_set.anchors.horizon))
    return found


def falling_weather(weather: Weather, size: tuple[int, int], fps: int) -> list[Element]:
    """Fog, rain and snow: drawn in frame space over everything, so a close-up (which has
    no set) goes on falling and drifting with the wide shots around it."""
    light, seed = weather.light, weather.seed
    found: list[Element] = []
    if not weather.outdoors:
        return found
    if light.fog > 0:
        found.append(FogDrift(size, light.fog, seed))
    if light.rain > 0:
        haze = (_luma(lighten(mix(light.sky_horizon, light.haze, 0.5), 0.45)), 0.12 * light.rain)
        slant = 0.15 + weather.wind * 0.3
        found.append(Precipitation("rain", size, fps, light.rain, slant, seed, haze=haze))
    if light.snow > 0:
        colour = 235.0 if light.night < 0.6 else 190.0
        haze = (colour, 0.14 * light.snow)
        found.append(Precipitation("snow", size, fps, light.snow, weather.wind, seed, colour, haze))
    return found


def _town_life(scene_set: SceneSet, weather: Weather) -> list[Element]:
    """Windows lighting up, crowds, traffic, flags and grass: what the painter marked."""
    anchors, light, seed = scene_set.anchors, weather.light, weather.seed
    found: list[Element] = []
    windows = lit_windows(scene_set, light, seed)
    if windows is not None:
        found.append(windows)
    if weather.outdoors:
        set_height = scene_set.size[1]
        boat = anchors.props.get("boat")
        if boat is not None and anchors.water:
            found.append(BoatRock(boat, weather.wind, anchors.horizon, set_height, seed))
        for flag in anchors.flags:
            found.append(Flutter(flag, weather.wind, anchors.horizon, set_height))
        if anchors.grass and light.snow < 0.5:
            found.append(GrassSway(anchors.grass, weather.wind, anchors.horizon, scene_set.size))
        if anchors.trees:
            found.append(TreeSway(anchors.trees, weather.wind, anchors.horizon, set_height))
        found.extend(_passers_by(scene_set, weather))
    return found


def _passers_by(scene_set: SceneSet, weather: Weather) -> list[Element]:
    """Crowds across lanes and traffic along roads; thinner at night and in a storm."""
    anchors, light, seed = scene_set.anchors, weather.light, weather.seed
    busy = (1.0 - 0.6 * light.night) * (0.4 if light.storm or light.rain > 0.6 else 1.0)
    occluders = _Occluders(anchors.occluders, anchors.horizon, scene_set.size[1])
    found: list[Element] = []
    for index, lane in enumerate(anchors.lanes):
        count = int(min(12, (lane.x1 - lane.x0) / (lane.height * 1.5)) * busy * lane.density)
        if count > 0:
            bank = walker_bank(scene_set, weather, lane.height * 1.15, (80.0, -80.0))
            found.append(Crowd(lane, bank, count, occluders, seed + index))
    lamps = None
    if light.night >= 0.4 or light.weather in ("rain", "storm", "fog"):
        lamps = _yuv((1.0, 0.95, 0.8))
    rng = np.random.default_rng([seed, 86])
    # One bank for both pavements, drawn at the size a walker has a little way in from the
    # picture's edge: painting them as big as they get there (they pass it in a moment)
    # cost several times as much for drawings barely seen at that size.
    pavements = [road.size / road.near for road in anchors.roads if road.kind != "cars"]
    walker_height = max(pavements, default=0.0) / WALKER_SHRINK
    for index, road in enumerate(anchors.roads):
        if road.kind == "cars":
            count = max(1, round(2 * busy))
            lights = (_yuv((0.9, 0.1, 0.08)) if road.side > 0 else lamps) if lamps else None
            looks = _car_looks(rng, count, light)
            found.append(Traffic(road, count, occluders, seed + index, looks, lamps=lights))
        else:
            bank = walker_bank(scene_set, weather, walker_height, (170.0, 15.0))
            count = max(1, round(5 * busy))
            found.append(Traffic(road, count, occluders, seed + index, bank=bank))
    return found


#: Places where fireflies come out at dusk.
FIREFLY_PLACES = frozenset({"forest", "fields", "river", "village", "temple", "mountains"})


def _motes(weather: Weather, size: tuple[int, int]) -> Motes | None:
    """Dust and pollen in daylight, fireflies in the country at dusk, dust in lit rooms."""
    light = weather.light
    if light.rain > 0 or light.snow > 0 or light.fog > 0:
        return None
    if not weather.outdoors:
        return Motes(size, 28, weather.wind * 0.3, weather.seed, glow=30.0)
    if light.night < 0.5:
        return Motes(size, 48, weather.wind, weather.seed, glow=55.0)
    if weather.place in FIREFLY_PLACES:
        return Motes(size, 30, weather.wind * 0.5, weather.seed, glow=95.0)
    return None


def _luma(colour: tuple[float, float, float]) -> float:
    """A colour (0..1 RGB) as limited-range luma, the plane elements draw on."""
    r, g, b = colour
    return 16.0 + 219.0 * (0.299 * r + 0.587 * g + 0.114 * b)


def scene_weather(
    light: Light, mood: str, outdoors: bool, place: str, seed: int, style: Style | None = None
) -> Weather:
    """The wind for a weather and a mood: a calm dawn is gentle, a storm violent."""
    wind = WIND.get(light.weather, 0.2) + MOOD_WIND.get(mood, 0.0)
    style = style if style is not None else style_params("cinematic")
    return Weather(light, max(0.0, min(1.0, wind)), outdoors, place, seed, mood, style)
