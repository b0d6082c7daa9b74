"""The drawing context every painter module receives.

Drawing happens in *virtual units*: the picture is 1000 units tall and `W` units wide, whatever
its pixel size, so a figure, a window or a raindrop keeps its proportion at 360p and at 1080p.
The skia surface wraps a numpy array, so a module can switch between vector drawing (skia) and
pixel work (numpy/cv2: reflections, clouds, depth of field) without copying the picture.
All colour goes through `shade`, so the scene's one lighting model reaches every shape.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import skia
from numpy.typing import NDArray

from filmstudio.engine.picture.colour import RGB, darken, mix, mul, stable_hash, to_color
from filmstudio.engine.picture.light import Light
from filmstudio.engine.picture.noise import fbm2
from filmstudio.engine.picture.styles import Style

U8 = NDArray[np.uint8]
F32 = NDArray[np.float32]
Point = tuple[float, float]

VIRTUAL_HEIGHT = 1000.0
#: Moonlight added to what every surface receives at night (scaled by how much night it
#: is, none before dusk): at the bare night light faces and sets sank to a mean luma of
#: ~45; with it they read, and the blue still says night. Lamps and glows are drawn in
#: their own colours, so they stay warm; a lamplit room (a warm ambient) gets none.
NIGHT_LIFT = (0.2, 0.21, 0.26)
LINEAR = skia.SamplingOptions(skia.FilterMode.kLinear)


def poly(points: Sequence[Point], close: bool = True) -> skia.Path:
    """A path through points (closed by default)."""
    path = skia.Path()
    if not points:
        return path
    path.moveTo(*points[0])
    for x, y in points[1:]:
        path.lineTo(x, y)
    if close:
        path.close()
    return path


def poly_cw(points: Sequence[Point]) -> skia.Path:
    """A closed polygon wound clockwise, like skia's circles and rects.

    Shapes combined into one path under the non-zero rule must wind the same way, or their
    overlap becomes a hole; this is the cheap alternative to a path union.
    """
    area = 0.0
    for i, (x0, y0) in enumerate(points):
        x1, y1 = points[(i + 1) % len(points)]
        area += x0 * y1 - x1 * y0
    return poly(points if area >= 0 else list(reversed(points)))


def rect_path(x0: float, y0: float, x1: float, y1: float) -> skia.Path:
    path = skia.Path()
    path.addRect(skia.Rect(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
    return path


def rrect_path(x0: float, y0: float, x1: float, y1: float, r: float) -> skia.Path:
    path = skia.Path()
    path.addRoundRect(skia.Rect(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)), r, r)
    return path


def oval_path(cx: float, cy: float, rx: float, ry: float) -> skia.Path:
    path = skia.Path()
    path.addOval(skia.Rect(cx - rx, cy - ry, cx + rx, cy + ry))
    return path


def new_surface(width: int, height: int) -> tuple[skia.Surface, U8]:
    """An opaque RGBA surface drawing straight into the returned numpy array."""
    pixels: U8 = np.zeros((height, width, 4), np.uint8)
    pixels[..., 3] = 255
    return skia.Surface(pixels), pixels


def array_image(rgba: U8) -> skia.Image:
    """A skia image of a premultiplied RGBA uint8 array (copied, so the array may change)."""
    return skia.Image.fromarray(
        np.ascontiguousarray(rgba),
        colorType=skia.kRGBA_8888_ColorType,
        alphaType=skia.kPremul_AlphaType,
    )


def premultiply(rgb: NDArray[Any], alpha: NDArray[Any]) -> U8:
    """Float RGB (h, w, 3) and alpha (h, w) in 0..1 to a premultiplied uint8 RGBA array."""
    a = np.clip(alpha, 0.0, 1.0)[..., None]
    out = np.empty((*alpha.shape, 4), np.uint8)
    out[..., :3] = np.clip(rgb * a * 255.0 + 0.5, 0, 255).astype(np.uint8)
    out[..., 3] = (a[..., 0] * 255.0 + 0.5).astype(np.uint8)
    return out


Box = tuple[float, float, float, float]
#: Four corners (x0, y0, ..., x3, y3): a pane seen in perspective.
Quad = tuple[float, float, float, float, float, float, float, float]


@dataclass(frozen=True)
class Lane:
    """People walking across the picture at one row (set pixels): feet on `y`, `height` tall."""

    x0: float
    x1: float
    y: float
    height: float
    #: how busy it is (1: a market crowd, lower: a village street)
    density: float = 1.0


@dataclass(frozen=True)
class Road:
    """A street in one-point perspective (set pixels): something `z` metres away on it stands
    at x = vx + side / z with its feet at y = horizon + eye / z and is size / z tall.
    `kind` is "walkers" (a pavement) or "cars" (a lane; side < 0 drives away)."""

    kind: str
    vx: float
    horizon: float
    side: float
    eye: float
    size: float
    near: float
    far: float


@dataclass
class Marks:
    """What a painter drew that lives on screen (set pixels), gathered while a set is painted:
    panes (quads) that may light up at dusk, flags that flutter, grass tufts and trees
    (x, feet y, height) that sway, where crowds walk and what stands in front of them,
    roads with traffic."""

    windows: list[Quad] = field(default_factory=list)
    flags: list[Box] = field(default_factory=list)
    grass: list[tuple[float, float, float]] = field(default_factory=list)
    trees: list[tuple[float, float, float]] = field(default_factory=list)
    lanes: list[Lane] = field(default_factory=list)
    roads: list[Road] = field(default_factory=list)
    occluders: list[Box] = field(default_factory=list)


#: Set while a layered set is painted (see `layers.paint_set`); painters report into it.
MARKS: ContextVar[Marks | None] = ContextVar("marks", default=None)


def marked_quad(ctx: Ctx, points: Sequence[Point]) -> Quad:
    """Four corners in the canvas's current units as set pixels."""
    matrix = ctx.canvas.getTotalMatrix()
    mapped = [matrix.mapXY(x, y) for x, y in points[:4]]
    a, b, c, d = mapped
    return (a.x(), a.y(), b.x(), b.y(), c.x(), c.y(), d.x(), d.y())


def marked_box(ctx: Ctx, x0: float, y0: float, x1: float, y1: float) -> Box:
    """A box in the canvas's current units as set pixels (through its whole transform)."""
    matrix = ctx.canvas.getTotalMatrix()
    a, b = matrix.mapXY(x0, y0), matrix.mapXY(x1, y1)
    return (min(a.x(), b.x()), min(a.y(), b.y()), max(a.x(), b.x()), max(a.y(), b.y()))


@dataclass
class Ctx:
    """Canvas + lighting + style for one picture; passed to every drawing function."""

    surface: skia.Surface
    pixels: U8
    light: Light
    style: Style
    seed: int
    mood: str = "calm"
    horizon: float = 600.0
    place: str = "fields"
    #: Unused by the painters (they read plan fields: layout.props, actions); kept so
    #: callers that still pass it keep working.
    words: frozenset[str] = frozenset()
    _texture: skia.Image | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.px_h, self.px_w = self.pixels.shape[:2]
        self.k = self.px_h / VIRTUAL_HEIGHT
        self.H = VIRTUAL_HEIGHT
        self.W = self.px_w / self.k
        self.canvas: skia.Canvas = self.surface.getCanvas()
        self.canvas.resetMatrix()
        self.canvas.scale(self.k, self.k)

    # -- randomness ---------------------------------------------------------------------
    def rng(self, tag: str) -> np.random.Generator:
        """A generator for one element: adding an element never reshuffles the others."""
        return np.random.default_rng([self.seed & 0xFFFFFFFF, stable_hash(tag)])

    # -- colour -------------------------------------------------------------------------
    def shade(self, base: RGB, depth: float = 0.0, lit: float = 0.5) -> RGB:
        """The colour a surface of albedo `base` shows in this scene's light.

        `lit` is how squarely it faces the key light (0 shadow side, 1 full light) and
        `depth` how far it is (0 near, 1 at the horizon): far things fade into the haze,
        more so in fog, which is what gives the pictures depth.
        """
        light = self.light
        cool = light.ambient[2] > light.ambient[0]  # moonlight, not a lamplit room
        moon = max(0.0, light.night - 0.3) / 0.7 if cool else 0.0
        lit_colour = (
            light.ambient[0] * 0.8 + light.key[0] * lit * 0.62 + NIGHT_LIFT[0] * moon,
            light.ambient[1] * 0.8 + light.key[1] * lit * 0.62 + NIGHT_LIFT[1] * moon,
            light.ambient[2] * 0.8 + light.key[2] * lit * 0.62 + NIGHT_LIFT[2] * moon,
        )
        colour = mul(base, lit_colour)
        colour = (min(1.0, colour[0]), min(1.0, colour[1]), min(1.0, colour[2]))
        haze = light.haze_strength * max(0.0, depth) ** 1.25 + light.fog * 0.35 * max(0.0, depth)
        return mix(colour, light.haze, min(1.0, haze))

    def ink(self, colour: RGB) -> RGB:
        """The outline colour for a fill colour in this style."""
        return darken(colour, self.style.outline_ink)

    # -- paints -------------------------------------------------------------------------
    def paint(
        self,
        colour: RGB,
        alpha: float = 1.0,
        stroke: float = 0.0,
        blend: skia.BlendMode | None = None,
        blur: float = 0.0,
    ) -> skia.Paint:
        paint = skia.Paint(AntiAlias=True, Color=to_color(colour, alpha))
        if stroke > 0:
            paint.setStyle(skia.Paint.kStroke_Style)
            paint.setStrokeWidth(stroke)
            paint.setStrokeCap(skia.Paint.kRound_Cap)
            paint.setStrokeJoin(skia.Paint.kRound_Join)
        if blend is not None:
            paint.setBlendMode(blend)
        if blur > 0:
            paint.setMaskFilter(skia.MaskFilter.MakeBlur(skia.kNormal_BlurStyle, blur))
        return paint

    def fill(
        self,
        path: skia.Path,
        colour: RGB,
        alpha: float = 1.0,
        outline: bool = False,
        outline_scale: float = 1.0,
    ) -> None:
        """Fill a shape; `outline` shapes get the style's ink line (anime, storybook)."""
        self.canvas.drawPath(path, self.paint(colour, alpha))
        if outline and self.style.outline > 0:
            self.canvas.drawPath(
                path,
                self.paint(
                    self.ink(colour), alpha * 0.9, stroke=self.style.outline * outline_scale
                ),
            )

    def stroke(self, path: skia.Path, colour: RGB, width: float, alpha: float = 1.0) -> None:
        self.canvas.drawPath(path, self.paint(colour, alpha, stroke=width))

    def vgrad(
        self, y0: float, y1: float, colours: Sequence[RGB], alphas: Sequence[float] | None = None
    ) -> skia.Shader:
        """A vertical gradient shader from y0 (first colour) to y1 (last colour)."""
        alphas = alphas or [1.0] * len(colours)
        pos = [i / max(1, len(colours) - 1) for i in range(len(colours))]
        return skia.GradientShader.MakeLinear(
            [skia.Point(0, y0), skia.Point(0, y1)],
            [to_color(c, a) for c, a in zip(colours, alphas, strict=True)],
            pos,
        )

    def hgrad(
        self, x0: float, x1: float, colours: Sequence[RGB], alphas: Sequence[float] | None = None
    ) -> skia.Shader:
        alphas = alphas or [1.0] * len(colours)
        pos = [i / max(1, len(colours) - 1) for i in range(len(colours))]
        return skia.GradientShader.MakeLinear(
            [skia.Point(x0, 0), skia.Point(x1, 0)],
            [to_color(c, a) for c, a in zip(colours, alphas, strict=True)],
            pos,
        )

    def fill_shader(
        self,
        path: skia.Path,
        shader: skia.Shader,
        blend: skia.BlendMode | None = None,
        alpha: float = 1.0,
    ) -> None:
        paint = skia.Paint(AntiAlias=True, Shader=shader)
        if alpha < 1.0:
            paint.setAlphaf(alpha)
        if blend is not None:
            paint.setBlendMode(blend)
        self.canvas.drawPath(path, paint)

    def glow(
        self,
        x: float,
        y: float,
        radius: float,
        colour: RGB,
        alpha: float = 1.0,
        blend: skia.BlendMode = skia.BlendMode.kScreen,
        ry: float | None = None,
    ) -> None:
        """A soft radial light (sun halo, lamp, window bloom) without a costly blur."""
        if radius <= 0 or alpha <= 0:
            return
        shader = skia.GradientShader.MakeRadial(
            skia.Point(0, 0),
            1.0,
            [
                to_color(colour, alpha),
                to_color(colour, alpha * 0.45),
                to_color(colour, alpha * 0.12),
                to_color(colour, 0.0),
            ],
            [0.0, 0.25, 0.6, 1.0],
        )
        paint = skia.Paint(AntiAlias=True, Shader=shader, BlendMode=blend)
        canvas = self.canvas
        canvas.save()
        canvas.translate(x, y)
        canvas.scale(radius, ry if ry is not None else radius)
        canvas.drawCircle(0, 0, 1.0, paint)
        canvas.restore()

    def texture(
        self,
        path: skia.Path,
        strength: float = 1.0,
        size: float = 260.0,
        stretch: float = 1.0,
        blend: skia.BlendMode = skia.BlendMode.kOverlay,
    ) -> None:
        """Overlay the scene's noise texture on a shape (rock, grass, plaster, sand).

        The style scales it: clean anime surfaces get little, documentary more.
        """
        amount = strength * self.style.texture * 0.7
        if amount <= 0.01:
            return
        if self._texture is None:
            tex = fbm2(self.rng("texture"), 512, 512, cells=7.0, octaves=6, gain=0.62, tile=True)
            tex = (tex - tex.mean()) * 1.25 + 0.5
            grey = np.clip(tex * 255.0, 0, 255).astype(np.uint8)
            rgba = np.dstack([grey, grey, grey, np.full_like(grey, 255)])
            self._texture = array_image(rgba)
        matrix = skia.Matrix.Scale(size / 256.0 * stretch, size / 256.0)
        matrix.preScale(0.5, 0.5)
        shader = self._texture.makeShader(
            skia.TileMode.kRepeat, skia.TileMode.kRepeat, LINEAR, matrix
        )
        paint = skia.Paint(AntiAlias=True, Shader=shader, BlendMode=blend)
        paint.setAlphaf(min(1.0, amount))
        self.canvas.drawPath(path, paint)

    def draw_rgba(
        self,
        rgba: U8,
        x: float,
        y: float,
        w: float,
        h: float,
        blend: skia.BlendMode | None = None,
        alpha: float = 1.0,
    ) -> None:
        """Draw a premultiplied RGBA array stretched over a virtual rectangle (smoothly)."""
        paint = skia.Paint(AntiAlias=True)
        if blend is not None:
            paint.setBlendMode(blend)
        if alpha < 1.0:
            paint.setAlphaf(alpha)
        self.canvas.drawImageRect(array_image(rgba), skia.Rect(x, y, x + w, y + h), LINEAR, paint)

    # -- pixel access -------------------------------------------------------------------
    def px_rows(self, y0: float, y1: float) -> tuple[int, int]:
        """Pixel row range of a virtual band, clipped to the picture."""
        r0 = max(0, min(self.px_h, round(y0 * self.k)))
        r1 = max(0, min(self.px_h, round(y1 * self.k)))
        return r0, r1
