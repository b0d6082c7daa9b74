"""Painting one body part (limb, torso, head, hair) lit from the scene's side, in the style.

Shared by the body (figures.py) and the head (faces.py) so both are lit alike.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import skia

from filmstudio.engine.picture.canvas import Ctx, Point
from filmstudio.engine.picture.colour import RGB, darken, lighten, mix, to_color


@dataclass
class Part:
    """A shape of the figure and how to shade it (collected, then drawn back to front)."""

    path: skia.Path
    colour: RGB
    z: float
    width: float
    outline: bool = True
    axis: tuple[Point, Point] | None = None  # limbs: shaded across this axis
    flat: bool = False  # torso-like: shaded left to right


def shading(ctx: Ctx, colour: RGB) -> tuple[RGB, RGB, bool]:
    light = ctx.light
    backlit = light.time in ("dusk", "night", "golden_hour") or light.storm
    lit = lighten(mix(colour, light.key, 0.18), 0.07 if not backlit else 0.2)
    dark = darken(colour, 0.28 if not backlit else 0.4)
    return lit, dark, backlit


def draw_part(ctx: Ctx, part: Part, fig_h: float, silhouette: float) -> None:
    """Fill a body part lit from the scene's light side, with a core shadow on the other.

    Limbs are shaded across their axis and the torso left to right (a gradient, hard-edged
    in cel styles); round parts (head, hair) get offset crescents.
    """
    canvas = ctx.canvas
    lit_col, dark_col, backlit = shading(ctx, part.colour)
    side = ctx.light.light_side
    hard = ctx.style.hard_shadows
    base = part.colour
    if backlit:
        stops = [0.0, 0.16, 0.5, 1.0] if not hard else [0.0, 0.14, 0.14, 1.0]
        cols = [lit_col, base, base, dark_col]
    else:
        stops = [0.0, 0.35, 0.6, 1.0] if not hard else [0.0, 0.64, 0.64, 1.0]
        cols = [lit_col, base, base, dark_col] if not hard else [lit_col, lit_col, base, base]
    shader: skia.Shader | None = None
    if part.axis is not None:
        (x0, y0), (x1, y1) = part.axis
        dx, dy = x1 - x0, y1 - y0
        length = math.hypot(dx, dy) or 1e-3
        nx, ny = -dy / length, dx / length
        if nx * side < 0 or (abs(nx) < 1e-3 and ny > 0):
            nx, ny = -nx, -ny
        mx, my = (x0 + x1) / 2, (y0 + y1) / 2
        w = part.width * 0.55
        shader = skia.GradientShader.MakeLinear(
            [skia.Point(mx + nx * w, my + ny * w), skia.Point(mx - nx * w, my - ny * w)],
            [to_color(c) for c in cols],
            stops,
        )
    elif part.flat:
        bounds = part.path.getBounds()
        xa, xb = (bounds.right(), bounds.left()) if side > 0 else (bounds.left(), bounds.right())
        shader = skia.GradientShader.MakeLinear(
            [skia.Point(xa, 0), skia.Point(xb, 0)], [to_color(c) for c in cols], stops
        )
    if shader is not None:
        canvas.drawPath(part.path, skia.Paint(AntiAlias=True, Shader=shader))
    else:
        ctx.fill(part.path, base)
        shift = max(0.6, part.width * (0.18 if backlit else 0.25))
        canvas.save()
        canvas.clipPath(part.path, doAntiAlias=True)
        moved = skia.Path(part.path)
        moved.offset(-side * shift, shift * 0.2)
        lit = skia.Op(part.path, moved, skia.PathOp.kDifference_PathOp)
        blur = 0.0 if hard else max(0.0, part.width * 0.1)
        canvas.drawPath(lit, ctx.paint(lit_col, 0.9, blur=blur))
        moved2 = skia.Path(part.path)
        moved2.offset(side * shift * 0.9, 0)
        dark = skia.Op(part.path, moved2, skia.PathOp.kDifference_PathOp)
        canvas.drawPath(dark, ctx.paint(dark_col, 0.6, blur=blur))
        canvas.restore()
    if part.outline and ctx.style.outline > 0:
        ctx.stroke(part.path, ctx.ink(part.colour), min(ctx.style.outline, fig_h * 0.012), 0.9)
