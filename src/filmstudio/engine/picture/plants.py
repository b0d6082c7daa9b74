"""Trees, bushes, reeds and flowers.

Trees are built from clusters of overlapping discs in three values (shadow, body, highlight)
offset toward the light, the way illustrators block in foliage: cheap, and it reads as volume
at any size. Far rows of trees collapse to flat silhouettes that the haze swallows.
"""

from __future__ import annotations

import math

import numpy as np
import skia

from filmstudio.engine.picture.canvas import MARKS, Ctx, Point, marked_box, poly, poly_cw
from filmstudio.engine.picture.colour import RGB, hex_rgb, lighten, mix
from filmstudio.engine.picture.terrain import SNOW

LEAF = hex_rgb("#4f7f3a")
LEAF_DARK = hex_rgb("#2f5a34")
PINE = hex_rgb("#2f5b45")
BARK = hex_rgb("#5b4434")


def _trunk(ctx: Ctx, x: float, base: float, top: float, width: float, colour: RGB) -> None:
    lean = (ctx.rng(f"lean{x:.0f}").random() - 0.5) * width
    path = poly(
        [
            (x - width * 0.6, base),
            (x - width * 0.3 + lean, top),
            (x + width * 0.3 + lean, top),
            (x + width * 0.6, base),
        ]
    )
    ctx.fill(path, colour, outline=True)


def _mark_tree(ctx: Ctx, x: float, base: float, height: float) -> None:
    """Report a tree to the stage (set pixels), whose crown sways with the wind."""
    marks = MARKS.get()
    if marks is not None:
        x0, top, x1, feet = marked_box(ctx, x - height * 0.4, base - height, x + height * 0.4, base)
        marks.trees.append(((x0 + x1) / 2, feet, feet - top))


def tree(
    ctx: Ctx,
    x: float,
    base: float,
    height: float,
    depth: float,
    tag: str,
    leaf: RGB = LEAF,
    bare: bool = False,
) -> None:
    """A broadleaf tree standing on `base`, `height` tall."""
    _mark_tree(ctx, x, base, height)
    rng = ctx.rng(tag)
    side = ctx.light.light_side
    trunk_w = height * 0.07
    cy = base - height * 0.62
    rx, ry = height * (0.3 + rng.random() * 0.08), height * 0.36
    bark = ctx.shade(BARK, depth, lit=0.4)
    _trunk(ctx, x, base, cy, trunk_w, bark)
    branches = skia.Path()
    for k in range(3):
        a = math.radians(-90 + (k - 1) * 35 + (rng.random() - 0.5) * 20)
        sx, sy = x, base - height * (0.35 + 0.1 * k)
        branches.moveTo(sx, sy)
        branches.lineTo(sx + math.cos(a) * rx * 0.8, sy + math.sin(a) * ry * 0.8)
    ctx.stroke(branches, bark, trunk_w * 0.35)
    if bare or (ctx.light.snow > 0.5 and rng.random() < 0.5):
        if ctx.light.snow > 0.5:
            snow = skia.Path()
            for k in range(3):
                a = math.radians(-90 + (k - 1) * 35)
                snow.addCircle(
                    x + math.cos(a) * rx * 0.5,
                    base - height * 0.55 + math.sin(a) * ry * 0.4,
                    trunk_w * 0.6,
                )
            ctx.fill(snow, ctx.shade(SNOW, depth, 0.8))
        return
    blobs: list[tuple[float, float, float]] = []
    for _ in range(14):
        a = rng.random() * math.tau
        d = math.sqrt(rng.random())
        r = height * (0.11 + rng.random() * 0.09)
        blobs.append(
            (x + math.cos(a) * d * (rx - r * 0.6), cy + math.sin(a) * d * (ry - r * 0.6), r)
        )
    if ctx.light.snow > 0.5:
        leaf = mix(leaf, SNOW, 0.55)
    canopy = skia.Path()
    for bx, by, r in blobs:
        canopy.addCircle(bx, by, r)
    canopy = skia.Simplify(canopy)
    dark = ctx.shade(mix(leaf, LEAF_DARK, 0.5), depth, lit=0.1)
    body = ctx.shade(leaf, depth, lit=0.55)
    high = ctx.shade(lighten(leaf, 0.12), depth, lit=1.0)
    ctx.fill(canopy, dark, outline=True)
    canvas = ctx.canvas
    canvas.save()
    canvas.clipPath(canopy, doAntiAlias=True)
    mid = skia.Path()
    top = skia.Path()
    for bx, by, r in blobs:
        mid.addCircle(bx + side * r * 0.25, by - r * 0.25, r * 0.8)
        if (bx - x) * side > -rx * 0.2 and by < cy + ry * 0.2:
            top.addCircle(bx + side * r * 0.4, by - r * 0.4, r * 0.5)
    ctx.fill(mid, body)
    ctx.fill(top, high, 0.9)
    ctx.texture(canopy, 1.0, size=50)
    canvas.restore()


def pine(
    ctx: Ctx, x: float, base: float, height: float, depth: float, tag: str, colour: RGB = PINE
) -> None:
    """A conifer: stacked jagged tiers, lit on the light side, snow on the tiers in snow."""
    _mark_tree(ctx, x, base, height)
    rng = ctx.rng(tag)
    side = ctx.light.light_side
    w = height * 0.34
    tiers = 5
    trunk = ctx.shade(BARK, depth, lit=0.3)
    ctx.fill(
        poly(
            [
                (x - w * 0.07, base),
                (x - w * 0.05, base - height * 0.3),
                (x + w * 0.05, base - height * 0.3),
                (x + w * 0.07, base),
            ]
        ),
        trunk,
    )
    body = skia.Path()
    for t in range(tiers):
        f = t / tiers
        y_bot = base - height * (0.12 + 0.8 * f)
        y_top = y_bot - height * 0.34
        half = w * (1.0 - f * 0.75) * (0.9 + rng.random() * 0.2)
        pts: list[Point] = [(x, y_top)]
        for s in (1, -1):
            pts_side: list[Point] = []
            for j in range(4):
                u = (j + 1) / 4
                pts_side.append(
                    (x + s * half * u, y_top + (y_bot - y_top) * u + (j % 2) * height * 0.03)
                )
            pts.extend(pts_side if s == 1 else list(reversed(pts_side)))
            if s == 1:
                pts.append((x, y_bot - height * 0.04))
        body.addPath(poly(pts))
    body = skia.Simplify(body)
    ctx.fill(body, ctx.shade(colour, depth, lit=0.2), outline=True)
    canvas = ctx.canvas
    canvas.save()
    canvas.clipPath(body, doAntiAlias=True)
    half_rect = skia.Rect(x, base - height * 1.1, x + side * w * 1.2, base)
    half_rect.sort()
    canvas.drawRect(half_rect, ctx.paint(ctx.shade(lighten(colour, 0.06), depth, lit=0.85)))
    if ctx.light.snow > 0.5:
        snow = skia.Path()
        for t in range(tiers):
            f = t / tiers
            y_bot = base - height * (0.12 + 0.8 * f)
            half = w * (1.0 - f * 0.75)
            snow.addOval(
                skia.Rect(
                    x - half * 0.8, y_bot - height * 0.12, x + half * 0.8, y_bot - height * 0.05
                )
            )
        ctx.fill(snow, ctx.shade(SNOW, depth, 0.8), 0.95)
    canvas.restore()


def palm(ctx: Ctx, x: float, base: float, height: float, depth: float, tag: str) -> None:
    """A leaning palm with a segmented trunk and drooping fronds (beaches)."""
    rng = ctx.rng(tag)
    lean = (0.25 + rng.random() * 0.2) * (1 if rng.random() < 0.5 else -1)
    top = (x + lean * height, base - height)
    trunk = skia.Path()
    trunk.moveTo(x, base)
    trunk.quadTo(x + lean * height * 0.1, base - height * 0.6, *top)
    bark = ctx.shade(hex_rgb("#7a5a3c"), depth, lit=0.5)
    ctx.stroke(trunk, bark, height * 0.05)
    leaf = ctx.shade(hex_rgb("#3f7a3a"), depth, lit=0.5)
    leaf_lit = ctx.shade(hex_rgb("#5a9a45"), depth, lit=0.9)
    for k in range(7):
        a = math.radians(-170 + k * 27 + (rng.random() - 0.5) * 12)
        length = height * (0.42 + rng.random() * 0.12)
        ex = top[0] + math.cos(a) * length
        ey = top[1] + math.sin(a) * length * 0.5 + length * 0.35
        cxp = top[0] + math.cos(a) * length * 0.5
        cyp = top[1] + math.sin(a) * length * 0.6 - length * 0.1
        frond = skia.Path()
        frond.moveTo(*top)
        frond.quadTo(cxp, cyp - length * 0.08, ex, ey)
        frond.quadTo(cxp, cyp + length * 0.1, *top)
        ctx.fill(frond, leaf_lit if math.cos(a) * ctx.light.light_side > 0 else leaf, outline=True)


def bush(
    ctx: Ctx, x: float, base: float, w: float, depth: float, tag: str, leaf: RGB = LEAF
) -> None:
    rng = ctx.rng(tag)
    path = skia.Path()
    blobs = []
    for i in range(6):
        bx = x + (i / 5 - 0.5) * w * 0.8
        r = w * (0.16 + rng.random() * 0.1)
        blobs.append((bx, base - r * 0.8, r))
        path.addCircle(bx, base - r * 0.8, r)
    path = skia.Simplify(path)
    if ctx.light.snow > 0.5:
        leaf = mix(leaf, SNOW, 0.6)
    ctx.fill(path, ctx.shade(leaf, depth, lit=0.15), outline=True)
    canvas = ctx.canvas
    canvas.save()
    canvas.clipPath(path, doAntiAlias=True)
    hi = skia.Path()
    for bx, by, r in blobs:
        hi.addCircle(bx + ctx.light.light_side * r * 0.3, by - r * 0.3, r * 0.7)
    ctx.fill(hi, ctx.shade(leaf, depth, lit=0.8))
    canvas.restore()


def tree_line(
    ctx: Ctx,
    base: float,
    height: float,
    depth: float,
    tag: str,
    kind: str = "mixed",
    density: float = 1.0,
    x0: float = -30.0,
    x1: float | None = None,
) -> None:
    """A far row of trees as one hazy silhouette with a lighter sunlit edge."""
    rng = ctx.rng(tag)
    x1 = ctx.W + 30 if x1 is None else x1
    path = skia.Path()
    x = x0
    while x < x1:
        h = height * (0.6 + rng.random() * 0.6)
        conifer = kind == "pine" or (kind == "mixed" and rng.random() < 0.45)
        if conifer:
            w = h * 0.28
            path.addPath(
                poly_cw(
                    [
                        (x - w, base),
                        (x - w * 0.6, base - h * 0.45),
                        (x - w * 0.75, base - h * 0.45),
                        (x, base - h),
                        (x + w * 0.75, base - h * 0.45),
                        (x + w * 0.6, base - h * 0.45),
                        (x + w, base),
                    ]
                )
            )
        else:
            r = h * 0.32
            path.addCircle(x, base - h + r, r)
            path.addCircle(x - r * 0.6, base - h * 0.55, r * 0.9)
            path.addCircle(x + r * 0.6, base - h * 0.5, r * 0.9)
            path.addRect(skia.Rect(x - r * 1.4, base - h * 0.5, x + r * 1.4, base))
        x += h * (0.22 + rng.random() * 0.3) / max(0.2, density)
    path.addRect(skia.Rect(x0, base - height * 0.2, x1, base + 4))
    path = skia.Simplify(path)
    colour = PINE if kind == "pine" else mix(LEAF_DARK, PINE, 0.5)
    if ctx.light.snow > 0.5:
        colour = mix(colour, SNOW, 0.35)
    ctx.fill(path, ctx.shade(colour, depth, lit=0.35))
    canvas = ctx.canvas
    canvas.save()
    canvas.clipPath(path, doAntiAlias=True)
    ctx.texture(path, 0.5, size=40)
    dx = ctx.light.light_side * 2.5
    shifted = skia.Path(path)
    shifted.offset(-dx, 2.5)
    rim = skia.Op(path, shifted, skia.PathOp.kDifference_PathOp)
    ctx.fill(rim, ctx.shade(lighten(colour, 0.2), depth, lit=1.0), 0.6)
    canvas.restore()


def reeds(ctx: Ctx, x0: float, x1: float, y: float, height: float, depth: float, tag: str) -> None:
    rng = ctx.rng(tag)
    stems = skia.Path()
    heads = skia.Path()
    n = int((x1 - x0) / max(2.0, height * 0.08))
    for _ in range(n):
        x = x0 + rng.random() * (x1 - x0)
        h = height * (0.5 + rng.random() * 0.6)
        bend = (rng.random() - 0.4) * h * 0.3
        stems.moveTo(x, y)
        stems.quadTo(x + bend * 0.3, y - h * 0.6, x + bend, y - h)
        if rng.random() < 0.3:
            heads.addRoundRect(
                skia.Rect(
                    x + bend - h * 0.03, y - h - h * 0.05, x + bend + h * 0.03, y - h + h * 0.12
                ),
                h * 0.03,
                h * 0.03,
            )
    ctx.stroke(stems, ctx.shade(hex_rgb("#6f7d3c"), depth, 0.6), max(0.8, height * 0.015))
    ctx.fill(heads, ctx.shade(hex_rgb("#5a3b24"), depth, 0.5))


def flowers(ctx: Ctx, y0: float, y1: float, count: int, tag: str) -> None:
    """Specks of colour in a meadow, bigger toward the viewer."""
    if ctx.light.snow > 0.5:
        return
    rng = ctx.rng(tag)
    colours = [hex_rgb(c) for c in ("#f4e04d", "#f2f2f2", "#e4572e", "#b892ff", "#ff99c8")]
    paths = [skia.Path() for _ in colours]
    for _ in range(count):
        t = rng.random() ** 0.6
        y = y0 + (y1 - y0) * t
        x = rng.random() * ctx.W
        r = 0.8 + 3.2 * t
        paths[int(rng.integers(len(colours)))].addCircle(x, y, r)
    for colour, path in zip(colours, paths, strict=True):
        ctx.fill(path, ctx.shade(colour, 0.3, lit=0.9))


def scatter_positions(
    rng: np.random.Generator, n: int, x0: float, x1: float, gap: float
) -> list[float]:
    """n x positions at least `gap` apart (best effort), for placing trees without overlap."""
    xs: list[float] = []
    for _ in range(n * 8):
        if len(xs) >= n:
            break
        x = x0 + rng.random() * (x1 - x0)
        if all(abs(x - o) >= gap for o in xs):
            xs.append(float(x))
    return sorted(xs)
