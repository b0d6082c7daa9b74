"""Everything that moves in life, drawn on I420 frames: rain, snow, fog, lightning, stars,
water, flames and lamps, smoke, birds.

Each element is seeded and reads only typed plan fields (weather, time of day, place, mood)
through `Weather`, so the same plan always moves the same way. Repeating motion is periodic in
`LOOP` seconds (frame 0 equals frame LOOP: a loop-safe cache and no visible seam); events
(lightning, birds crossing) follow scene-local time, so a scene shifted in the film is drawn
identically. Costs are per frame on planes: rain and snow are pre-rendered loops at the
frame's size, point-like things (stars, glitter, sparks) are vectorised index writes, and
patches (glows, puffs) touch only their box.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Protocol

import cv2
import numpy as np
from numpy.typing import NDArray

from filmstudio.engine.animate.camera import CameraPath
from filmstudio.engine.picture.colour import lighten, mix
from filmstudio.engine.picture.layers import FAR_PARALLAX, SKY_PARALLAX, SceneSet
from filmstudio.engine.picture.light import Light
from filmstudio.engine.render.motion import Planes

#: The period of every repeating motion, in seconds.
LOOP = 4.0
Box = tuple[int, int, int, int]
U8 = NDArray[np.uint8]
F32 = NDArray[np.float32]

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
#: Pre-rendered weather loops shared by every shot of a scene (its shots have the same
#: weather and seed): rendered once per scene, not once per shot. Two scenes at most.
_LOOPS: OrderedDict[tuple[object, ...], list[tuple[U8, U8]]] = OrderedDict()
_LOOPS_KEPT = 2


@dataclass
class Precipitation:
    """Rain or snow falling in depth: far fine and slow, near big, soft and fast.

    Pre-rendered once per scene as a loop at the frame's size, with the wet haze that falls
    with it folded in: each loop frame is a (keep, add) pair, so a frame costs one multiply
    and one add over the luma (out = luma * keep / 255 + add). Rain repeats every half LOOP
    (it is too fast to see the repeat; half the memory), snow every LOOP.
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

    def _frames(self) -> list[tuple[U8, U8]]:
        key = self._key()
        if key in _LOOPS:
            _LOOPS.move_to_end(key)
            return _LOOPS[key]
        level, thickest = self.haze
        rows = np.linspace(0.3, 1.0, self.size[1], dtype=np.float32) * thickest
        veil = np.repeat(rows[:, None], self.size[0], axis=1)
        haze_keep = np.asarray((1.0 - veil) * 255.0 + 0.5, np.float32).astype(np.uint8)
        haze_add = np.asarray(veil * level + 0.5, np.float32).astype(np.uint8)
        frames = [self._pair(mask, haze_keep, haze_add) for mask in self._masks()]
        _LOOPS[key] = frames
        while len(_LOOPS) > _LOOPS_KEPT:
            _LOOPS.popitem(last=False)
        return frames

    def _pair(self, drops: U8, haze_keep: U8, haze_add: U8) -> tuple[U8, U8]:
        """(keep, add) for one loop frame: the haze mixed in, then the drops over it."""
        clear = cv2.bitwise_not(drops)
        keep = cv2.multiply(haze_keep, clear, scale=1 / 255)
        lit = cv2.convertScaleAbs(drops, alpha=self.colour / 255)
        add = cv2.add(cv2.multiply(haze_add, clear, scale=1 / 255), lit)
        return np.asarray(keep, np.uint8), np.asarray(add, np.uint8)

    def _layers(self) -> list[tuple[float, float, int, float, int]]:
        """(count per megapixel, length, thickness, brightness, screen heights per period)."""
        if self.name == "snow":
            return [(700, 2.0, 1, 150, 1), (200, 3.5, 2, 190, 2), (30, 6.0, 3, 230, 3)]
        return [(1100, 14, 1, 45, 4), (260, 26, 1, 70, 6), (35, 50, 2, 95, 8)]

    def _masks(self) -> list[U8]:
        """The drops of each loop frame as a luma mask (0..255)."""
        width, height = self.size
        frames = max(1, round(self.period * self.fps))
        rng = np.random.default_rng([self.seed, 71 if self.name == "rain" else 72])
        unit = height / 720.0
        snow = self.name == "snow"
        megapixels = width * height / 1e6
        drops = []
        for count, length, thick, bright, travels in self._layers():
            n = int(count * megapixels * self.amount)
            drops.append(
                (
                    rng.random(n) * (width + 200) - 100,
                    rng.random(n),
                    rng.random(n) * 2 * math.pi,
                    length * unit,
                    max(1, round(thick * unit)),
                    bright,
                    travels,
                )
            )
        masks = []
        slant = self.wind * (0.4 if snow else 1.2)
        for index in range(frames):
            t = index / frames
            mask = np.zeros((height, width), np.uint8)
            for xs, ys, phases, length, thick, bright, travels in drops:
                span = height + length
                y = ((ys + t * travels) % 1.0) * span - length
                if snow:
                    sway = np.sin(phases + 2 * math.pi * t * 2) * 6 * unit
                    for cx, cy in zip(xs + slant * y + sway, y, strict=True):
                        cv2.circle(mask, (int(cx), int(cy)), thick, bright, -1, cv2.LINE_AA)
                    continue
                x = xs + slant * y
                ends = np.stack([x, y, x + slant * length, y + length], axis=1)
                streaks = list(ends.astype(np.int32).reshape(-1, 2, 1, 2))
                cv2.polylines(mask, streaks, False, bright, thick, cv2.LINE_AA)
            if snow:
                mask = np.asarray(cv2.GaussianBlur(mask, (0, 0), 0.6 * unit), np.uint8)
            masks.append(mask)
        return masks

    def draw(self, frame: Planes, seconds: float, view: FrameView) -> None:
        frames = self._frames()
        keep, add = frames[round(seconds * self.fps) % len(frames)]
        luma = frame[0]
        cv2.multiply(luma, keep, dst=luma, scale=1 / 255)
        cv2.add(luma, add, dst=luma)

    def region(self, view: FrameView) -> Box | None:
        return None


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
        held = math.floor(seconds * 12) / 12
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

    def _fields(self, w: int, h: int, seconds: float) -> tuple[F32, F32, U8]:
        """The ripple's sampling maps and the crests' light for a water box of w x h."""
        sh, sw = max(2, h // 4), max(2, w // 4)
        near = np.linspace(0.35, 1.0, sh, dtype=np.float32)[:, None]
        rows = np.linspace(h * 0.5 + 8.0, h * 1.5 + 8.0, sh, dtype=np.float32)[:, None]
        cols = np.linspace(0.0, w, sw, dtype=np.float32)[None, :]
        phase = _phase(seconds, 3)
        scale = h / 120.0 + 0.5
        sway = np.sin(rows**0.7 * 0.9 - phase + np.sin(cols / (37.0 * scale)) * 1.3)
        crest = np.sin(rows**0.6 * 1.4 - phase + np.cos(cols / (53.0 * scale) + phase) * 0.8)
        shift = (sway * near * 1.8 * scale * self.strength).astype(np.float32)
        lift = (np.maximum(crest, 0.0) ** 3 * 16.0 * self.strength * near).astype(np.float32)
        shift, lift = (cv2.resize(f, (w, h), interpolation=cv2.INTER_LINEAR) for f in (shift, lift))
        if self._grid is None or self._grid[0].shape != (h, w):
            xs, ys = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
            self._grid = (xs, ys)
        grid_x, grid_y = self._grid
        return shift + grid_x, grid_y, lift.astype(np.uint8)

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
    motes = _motes(weather, size)
    if motes is not None:
        found.append(motes)
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
    if light.storm:
        found.append(Lightning(size, fps, seed, scene_set.anchors.horizon))
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


def scene_weather(light: Light, mood: str, outdoors: bool, place: str, seed: int) -> Weather:
    """The wind for a weather and a mood: a calm dawn is gentle, a storm violent."""
    wind = WIND.get(light.weather, 0.2) + MOOD_WIND.get(mood, 0.0)
    return Weather(light, max(0.0, min(1.0, wind)), outdoors, place, seed)
