"""Land: mountain ranges, hills, ground planes, cliffs, dunes and rocks.

The first attempts drew land as flat single-colour ridges. Here every landform has a lit side
and a shadow side (from the scene's light direction), texture, and fades with distance, which
is most of what makes a procedural landscape read as an illustration rather than clip-art.
"""

from __future__ import annotations

import numpy as np
import skia

from filmstudio.engine.picture.canvas import MARKS, Ctx, Point, marked_box, poly, rect_path
from filmstudio.engine.picture.colour import RGB, hex_rgb, lighten, mix
from filmstudio.engine.picture.noise import F32, fbm1

SNOW = hex_rgb("#eef3f8")


def snowy(ctx: Ctx, albedo: RGB, cover: float = 0.85) -> RGB:
    """Ground colour under this scene's snow (unchanged when it is not snowing)."""
    return mix(albedo, SNOW, ctx.light.snow * cover)


def profile(
    ctx: Ctx,
    tag: str,
    base: float,
    amp: float,
    cells: float = 3.0,
    octaves: int = 6,
    sharp: float = 0.0,
    n: int = 260,
    x0: float = -20.0,
    x1: float | None = None,
) -> tuple[F32, F32]:
    """x and y of a landform's top edge: `base` is its lowest line, `amp` its height.

    `sharp` mixes in ridged noise (1-|2n-1|), which turns soft hills into alpine peaks.
    """
    x1 = ctx.W + 20.0 if x1 is None else x1
    rng = ctx.rng(tag)
    soft = fbm1(rng, n, cells=cells, octaves=octaves)
    ridged = 1.0 - np.abs(fbm1(rng, n, cells=cells * 0.8, octaves=octaves) * 2.0 - 1.0)
    h = soft * (1.0 - sharp) + ridged * sharp
    h = (h - h.min()) / max(1e-6, float(h.max() - h.min()))
    xs = np.linspace(x0, x1, n, dtype=np.float32)
    ys = (base - h * amp).astype(np.float32)
    return xs, ys


def profile_path(xs: F32, ys: F32, bottom: float) -> skia.Path:
    pts: list[Point] = [(float(xs[0]), bottom)]
    pts += [(float(x), float(y)) for x, y in zip(xs, ys, strict=True)]
    pts.append((float(xs[-1]), bottom))
    return poly(pts)


def draw_range(
    ctx: Ctx,
    tag: str,
    base: float,
    amp: float,
    albedo: RGB,
    depth: float,
    sharp: float = 0.7,
    snowcaps: float = 0.0,
    cells: float = 2.5,
    bottom: float | None = None,
) -> tuple[F32, F32]:
    """A mountain range with lit and shadowed faces, optional snowcaps, fading with depth."""
    xs, ys = profile(ctx, tag, base, amp, cells=cells, sharp=sharp)
    bottom = base + 40 if bottom is None else bottom
    path = profile_path(xs, ys, bottom)
    albedo = snowy(ctx, albedo, 0.5)
    lit_col = ctx.shade(albedo, depth, lit=0.85)
    dark_col = ctx.shade(albedo, depth, lit=0.1)
    top_y = float(ys.min())
    ctx.fill_shader(path, ctx.vgrad(top_y, bottom, [lit_col, mix(lit_col, ctx.light.haze, 0.35)]))
    canvas = ctx.canvas
    canvas.save()
    canvas.clipPath(path, doAntiAlias=True)
    _facets(ctx, xs, ys, bottom, dark_col, tag)
    if snowcaps > 0:
        _snowcaps(ctx, xs, ys, base, amp, snowcaps, depth, tag)
    ctx.texture(path, 0.6 * (1.0 - depth), size=180)
    ctx.fill_shader(
        rect_path(xs[0], top_y, xs[-1], bottom),
        ctx.vgrad(base - amp * 0.4, bottom, [ctx.light.haze, ctx.light.haze], [0.0, 0.55]),
    )
    canvas.restore()
    if ctx.style.outline > 0 and depth < 0.7:
        ctx.stroke(
            poly([(float(x), float(y)) for x, y in zip(xs, ys, strict=True)], False),
            ctx.ink(lit_col),
            ctx.style.outline * 0.7,
            0.6,
        )
    return xs, ys


def _facets(ctx: Ctx, xs: F32, ys: F32, bottom: float, dark: RGB, tag: str) -> None:
    """Shadow faces: from each peak down the side away from the light."""
    rng = ctx.rng(tag + "facets")
    side = ctx.light.light_side
    n = len(xs)
    window = 6
    peaks = [
        i
        for i in range(window, n - window)
        if ys[i] <= ys[i - window : i + window + 1].min() + 1e-3
    ]
    path = skia.Path()
    for i in peaks:
        px, py = float(xs[i]), float(ys[i])
        j = i
        step = -1 if side > 0 else 1
        while 0 < j < n - 1 and not (ys[j + step] < ys[j] - 0.5 and abs(j - i) > 3):
            j += step
        pts: list[Point] = [
            (float(xs[k]), float(ys[k])) for k in range(i, j + step, step) if 0 <= k < n
        ]
        height = bottom - py
        spine: list[Point] = []
        steps = 7
        for s in range(steps, -1, -1):
            t = s / steps
            jitter = (rng.random() - 0.5) * height * 0.08
            spine.append((px + side * height * 0.18 * t + jitter * t, py + height * t))
        pts.append((pts[-1][0], bottom))
        path.addPath(poly(pts + spine))
    ctx.fill(path, dark, 0.85)


def _snowcaps(
    ctx: Ctx, xs: F32, ys: F32, base: float, amp: float, amount: float, depth: float, tag: str
) -> None:
    rng = ctx.rng(tag + "snow")
    line = base - amp * (0.55 - 0.35 * amount)
    jag = fbm1(rng, len(xs), cells=14, octaves=3)
    pts: list[Point] = [(float(xs[0]), -10.0), (float(xs[-1]), -10.0)]
    for i in range(len(xs) - 1, -1, -1):
        pts.append((float(xs[i]), float(line + (jag[i] - 0.5) * amp * 0.35)))
    snow = poly(pts)
    ctx.fill(snow, ctx.shade(SNOW, depth, lit=0.9))
    canvas = ctx.canvas
    canvas.save()
    canvas.clipPath(snow, doAntiAlias=True)
    _facets(ctx, xs, ys, base + 40, ctx.shade(lighten(hex_rgb("#9fb3cf"), 0.1), depth, 0.3), tag)
    canvas.restore()


def draw_hills(
    ctx: Ctx,
    tag: str,
    base: float,
    amp: float,
    albedo: RGB,
    depth: float,
    bottom: float | None = None,
    cells: float = 1.6,
) -> tuple[F32, F32]:
    """Rolling hills: lit tops, darker feet, texture, a soft rim where they meet the sky."""
    xs, ys = profile(ctx, tag, base, amp, cells=cells, octaves=4, sharp=0.0)
    bottom = ctx.H + 10 if bottom is None else bottom
    path = profile_path(xs, ys, bottom)
    albedo = snowy(ctx, albedo)
    top = ctx.shade(lighten(albedo, 0.08), depth, lit=0.9)
    foot = ctx.shade(albedo, depth, lit=0.35)
    ctx.fill_shader(path, ctx.vgrad(float(ys.min()), base + (bottom - base) * 0.5, [top, foot]))
    ctx.texture(path, 0.8 * (1.0 - depth), size=140, stretch=2.0)
    if ctx.style.outline > 0:
        ctx.stroke(
            poly([(float(x), float(y)) for x, y in zip(xs, ys, strict=True)], False),
            ctx.ink(top),
            ctx.style.outline * 0.8,
            0.7,
        )
    return xs, ys


def draw_ground(
    ctx: Ctx,
    y0: float,
    far: RGB,
    near: RGB,
    tag: str,
    stretch: float = 3.0,
    texture: float = 1.0,
) -> skia.Path:
    """A flat ground plane from y0 to the bottom edge, far colour to near colour."""
    path = rect_path(-10, y0, ctx.W + 10, ctx.H + 10)
    far_c = ctx.shade(snowy(ctx, far), 0.7, lit=0.75)
    near_c = ctx.shade(snowy(ctx, near), 0.0, lit=0.6)
    ctx.fill_shader(path, ctx.vgrad(y0, ctx.H, [far_c, near_c]))
    ctx.texture(path, texture, size=220, stretch=stretch)
    return path


def grass_tufts(
    ctx: Ctx, tag: str, y0: float, y1: float, albedo: RGB, count: int, size: float = 14.0
) -> None:
    """Blades of grass drawn bigger toward the viewer: perspective in a few hundred strokes."""
    if ctx.light.snow > 0.5:
        return
    rng = ctx.rng(tag)
    side = ctx.light.light_side
    paths = [skia.Path(), skia.Path()]
    marks = MARKS.get()
    for _ in range(count):
        t = rng.random() ** 0.7
        y = y0 + (y1 - y0) * t
        x = rng.random() * ctx.W
        s = size * (0.3 + 1.4 * t)
        if marks is not None:
            box = marked_box(ctx, x - s * 0.6, y - s * 1.3, x + s * 0.6, y)
            marks.grass.append(((box[0] + box[2]) / 2, box[3], box[3] - box[1]))
        for _b in range(3):
            lean = (rng.random() - 0.5) * s * 0.9
            p = paths[0 if rng.random() < 0.5 else 1]
            p.moveTo(x - s * 0.08, y)
            p.quadTo(x + lean * 0.4, y - s * 0.6, x + lean, y - s * (0.7 + rng.random() * 0.6))
            p.quadTo(x + lean * 0.4 + s * 0.1, y - s * 0.5, x + s * 0.08, y)
            p.close()
            x += (rng.random() - 0.5) * s * 0.5
    ctx.fill(paths[0], ctx.shade(albedo, 0.1, lit=0.3 if side > 0 else 0.8))
    ctx.fill(paths[1], ctx.shade(lighten(albedo, 0.1), 0.1, lit=0.8 if side > 0 else 0.3))


def draw_rock(
    ctx: Ctx, x: float, base: float, w: float, h: float, albedo: RGB, depth: float, tag: str
) -> None:
    """A faceted boulder: lit top and side, dark side, small texture."""
    rng = ctx.rng(tag)
    n = 9
    pts: list[Point] = []
    for i in range(n + 1):
        a = np.pi * i / n
        r = 0.75 + rng.random() * 0.35
        pts.append((x - np.cos(a) * w / 2 * r, base - np.sin(a) * h * r))
    path = poly(pts)
    ctx.fill(path, ctx.shade(albedo, depth, lit=0.65), outline=True)
    side = ctx.light.light_side
    shadow = poly(
        [
            (x + side * -0.05 * w, base - h * 0.85),
            (x - side * w * 0.55, base),
            (x + side * w * 0.1, base),
        ]
    )
    canvas = ctx.canvas
    canvas.save()
    canvas.clipPath(path, doAntiAlias=True)
    ctx.fill(shadow, ctx.shade(albedo, depth, lit=0.05), 0.8)
    ctx.texture(path, 0.9, size=60)
    canvas.restore()


def draw_dunes(ctx: Ctx, tag: str, base: float, amp: float, depth: float, bottom: float) -> None:
    """Sand dunes: each crest splits a sunlit face from a shadowed one, as in real deserts."""
    albedo = snowy(ctx, hex_rgb("#d9a86a"), 0.6)
    xs, ys = profile(ctx, tag, base, amp, cells=1.5, octaves=3, sharp=0.55)
    path = profile_path(xs, ys, bottom)
    lit = ctx.shade(albedo, depth, lit=0.95)
    dark = ctx.shade(mix(albedo, hex_rgb("#9b5c3c"), 0.3), depth, lit=0.12)
    ctx.fill_shader(path, ctx.vgrad(float(ys.min()), bottom, [lit, mix(lit, dark, 0.35)]))
    canvas = ctx.canvas
    canvas.save()
    canvas.clipPath(path, doAntiAlias=True)
    _slip_faces(ctx, xs, ys, dark)
    ctx.texture(path, 0.5, size=90, stretch=3.0)
    canvas.restore()
    if ctx.style.outline > 0:
        ctx.stroke(
            poly([(float(x), float(y)) for x, y in zip(xs, ys, strict=True)], False),
            ctx.ink(lit),
            ctx.style.outline * 0.7,
            0.6,
        )


def _slip_faces(ctx: Ctx, xs: F32, ys: F32, dark: RGB) -> None:
    """Crescent shadows on the lee of each dune crest, ending in the trough below it.

    A shadow that dropped straight to the bottom of the layer read as cardboard cut-outs;
    ending it where the sand starts rising again, with a curved lower edge, reads as sand.
    """
    side = ctx.light.light_side
    n = len(xs)
    window = 8
    step = -1 if side > 0 else 1
    path = skia.Path()
    for i in range(window, n - window):
        if ys[i] > ys[i - window : i + window + 1].min() + 1e-3:
            continue
        j = i
        while 0 < j + step < n - 1 and ys[j + step] >= ys[j] - 0.2:
            j += step
        if abs(j - i) < 3:
            continue
        px, py = float(xs[i]), float(ys[i])
        tx, ty = float(xs[j]), float(ys[j])
        pts: list[Point] = [(float(xs[k]), float(ys[k])) for k in range(i, j + step, step)]
        shadow = poly(pts, close=False)
        shadow.quadTo(px + (tx - px) * 0.25, py + (ty - py) * 1.35, px, py)
        shadow.close()
        path.addPath(shadow)
    ctx.fill(path, dark, 0.5)


def draw_cliff(
    ctx: Ctx, x_edge: float, top: float, bottom: float, side: float, tag: str
) -> skia.Path:
    """A sea cliff: grassy top, rock face with strata, lit and shadowed buttresses.

    `x_edge` is where the face drops to the sea, `side` +1 puts the land mass to the right.
    Returns the cliff outline (so a lighthouse or figures can stand on top).
    """
    rng = ctx.rng(tag)
    far_x = ctx.W + 40 if side > 0 else -40.0
    n = 40
    top_line = fbm1(rng, n, cells=3, octaves=3)
    face = fbm1(rng, n, cells=5, octaves=4)
    top_pts: list[Point] = []
    for i in range(n):
        t = i / (n - 1)
        x = x_edge + (far_x - x_edge) * t
        top_pts.append((x, top - 12 * top_line[i] - 20 * t))
    face_pts: list[Point] = []
    for i in range(n):
        t = i / (n - 1)
        y = top + (bottom - top) * t
        bulge = (face[i] - 0.5) * 60 + t * 50
        face_pts.append((x_edge - side * bulge, y))
    outline = [*reversed(face_pts), *top_pts, (far_x, bottom)]
    path = poly(outline)
    rock = snowy(ctx, hex_rgb("#8d7f70"), 0.3)
    lit_face = (side < 0 and ctx.light.light_side > 0) or (side > 0 and ctx.light.light_side < 0)
    face_col = ctx.shade(rock, 0.05, lit=0.75 if lit_face else 0.25)
    ctx.fill_shader(
        path,
        ctx.vgrad(
            top, bottom, [lighten(face_col, 0.05), mix(face_col, ctx.shade(rock, 0.0, 0.05), 0.6)]
        ),
    )
    canvas = ctx.canvas
    canvas.save()
    canvas.clipPath(path, doAntiAlias=True)
    # Buttresses: vertical slabs with a lit and a dark edge.
    for k in range(9):
        bx = x_edge + side * (20 + k * 55 + rng.random() * 30)
        w = 22 + rng.random() * 40
        slab = poly(
            [
                (bx, top + 10 + rng.random() * 40),
                (bx + side * w, top + 30 + rng.random() * 60),
                (bx + side * w * 1.2, bottom),
                (bx - side * w * 0.2, bottom),
            ]
        )
        shade_lit = 0.15 + 0.7 * rng.random()
        ctx.fill(slab, ctx.shade(rock, 0.05, lit=shade_lit), 0.55)
    # Strata: slightly tilted darker bands.
    strata = skia.Path()
    y = top + 25
    while y < bottom:
        h = 4 + rng.random() * 9
        tilt = 0.06 * side
        strata.addPath(
            poly(
                [
                    (x_edge - 200, y),
                    (far_x + 200, y + tilt * abs(far_x - x_edge)),
                    (far_x + 200, y + tilt * abs(far_x - x_edge) + h),
                    (x_edge - 200, y + h),
                ]
            )
        )
        y += 18 + rng.random() * 30
    ctx.fill(strata, ctx.shade(rock, 0.05, lit=0.0), 0.28)
    ctx.texture(path, 1.2, size=120, stretch=0.6)
    canvas.restore()
    # Grass cap, with a lip hanging over the face.
    grass = snowy(ctx, hex_rgb("#5f8a3c"))
    cap_pts = [*top_pts, (far_x, top + 30)]
    lip: list[Point] = []
    for i in range(n - 1, -1, -1):
        x, yy = top_pts[i]
        lip.append((x, yy + 14 + 10 * rng.random()))
    cap = poly([*cap_pts[:-1], *lip])
    ctx.fill(cap, ctx.shade(grass, 0.05, lit=0.8), outline=True)
    ctx.texture(cap, 0.6, size=60)
    if ctx.style.outline > 0:
        ctx.stroke(poly(outline), ctx.ink(face_col), ctx.style.outline, 0.8)
    return path
