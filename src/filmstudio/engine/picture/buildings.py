"""Buildings and structures: houses, towers, skylines, lighthouse, lamps, boats, stalls.

Buildings are drawn in 2.5-D (a front face plus a receding side face and roof plane, each lit
differently) because flat rectangles are what made the first attempts look like clip-art.
Windows carry the time of day: sky reflections by day, warm lit panes with a glow at night.
"""

from __future__ import annotations

import math

import numpy as np
import skia

from filmstudio.engine.picture.canvas import (
    MARKS,
    Ctx,
    Point,
    marked_box,
    marked_quad,
    poly,
    rect_path,
    rrect_path,
)
from filmstudio.engine.picture.colour import RGB, darken, hex_rgb, lighten, mix
from filmstudio.engine.picture.terrain import SNOW

WARM_LIGHTS = [hex_rgb(c) for c in ("#ffd38a", "#ffc56b", "#ffe2a8", "#ffb457", "#fff0c9")]
WALLS = [
    hex_rgb(c)
    for c in (
        "#e8d8bc",
        "#d9b99b",
        "#c98f6b",
        "#e6e1d3",
        "#b8c4c9",
        "#d8c07a",
        "#a9765a",
        "#f0e6d0",
    )
]
ROOFS = [hex_rgb(c) for c in ("#8c3b2e", "#6b4a3a", "#4d5561", "#a0522d", "#5a3d36")]


#: From this much night (dusk is 0.6) dark panes are reported to the stage, which lights
#: some of them up as the scene goes on.
DUSK_NIGHT = 0.4


def lit_fraction(ctx: Ctx) -> float:
    """Share of windows lit: none by day, most at night."""
    night = ctx.light.night
    return 0.0 if night < 0.2 else min(0.85, 0.15 + night * 0.6)


def window_colour(ctx: Ctx, rng: np.random.Generator, depth: float) -> tuple[RGB, bool]:
    """The colour of one pane and whether it glows."""
    if rng.random() < lit_fraction(ctx):
        warm = WARM_LIGHTS[int(rng.integers(len(WARM_LIGHTS)))]
        if rng.random() < 0.06:
            warm = hex_rgb("#a9d0ff")
        return mix(warm, ctx.light.haze, depth * 0.3), True
    glass = mix(ctx.light.sky_mid, hex_rgb("#1d2a3a"), 0.55 if ctx.light.night < 0.5 else 0.8)
    return ctx.shade(glass, depth, lit=0.6), False


def mark_dark_pane(ctx: Ctx, corners: list[Point], lit: bool) -> None:
    """Report a dark pane at dusk or night: the stage may light it up as the scene goes on."""
    marks = MARKS.get()
    if marks is not None and not lit and ctx.light.night >= DUSK_NIGHT:
        marks.windows.append(marked_quad(ctx, corners))


def window(
    ctx: Ctx,
    x: float,
    y: float,
    w: float,
    h: float,
    depth: float,
    rng: np.random.Generator,
    frame: RGB | None = None,
    mullion: bool = True,
) -> bool:
    """One window with frame, glass and (at night, maybe) a warm glow. Returns lit."""
    colour, lit = window_colour(ctx, rng, depth)
    mark_dark_pane(ctx, [(x, y), (x + w, y), (x + w, y + h), (x, y + h)], lit)
    canvas = ctx.canvas
    if frame is not None:
        pad = max(0.6, w * 0.1)
        canvas.drawRect(skia.Rect(x - pad, y - pad, x + w + pad, y + h + pad), ctx.paint(frame))
    canvas.drawRect(skia.Rect(x, y, x + w, y + h), ctx.paint(colour))
    if lit:
        ctx.glow(x + w / 2, y + h / 2, max(w, h) * 1.4, colour, 0.35 * (1 - depth * 0.5))
    elif ctx.light.night < 0.5 and w > 4:
        canvas.save()
        canvas.clipRect(skia.Rect(x, y, x + w, y + h))
        hl = poly([(x, y + h * 0.7), (x + w * 0.6, y), (x + w * 0.85, y), (x, y + h)])
        ctx.fill(hl, lighten(colour, 0.35), 0.5)
        canvas.restore()
    if mullion and w > 5 and frame is not None:
        bar = max(0.5, w * 0.07)
        canvas.drawRect(
            skia.Rect(x + w / 2 - bar / 2, y, x + w / 2 + bar / 2, y + h), ctx.paint(frame)
        )
        canvas.drawRect(
            skia.Rect(x, y + h * 0.45 - bar / 2, x + w, y + h * 0.45 + bar / 2), ctx.paint(frame)
        )
    return lit


def house(
    ctx: Ctx,
    x: float,
    base: float,
    w: float,
    h: float,
    depth: float,
    tag: str,
    side_w: float | None = None,
    roof_h: float | None = None,
) -> None:
    """A cottage: gabled front, receding side wall and roof plane, door, windows, chimney."""
    rng = ctx.rng(tag)
    side = -1.0 if x > ctx.W / 2 else 1.0
    sw = w * 0.6 if side_w is None else side_w
    rh = w * (0.45 + rng.random() * 0.2) if roof_h is None else roof_h
    rise = sw * 0.22
    wall = WALLS[int(rng.integers(len(WALLS)))]
    roof = ROOFS[int(rng.integers(len(ROOFS)))]
    front_lit = 0.55
    side_lit = 0.9 if side * ctx.light.light_side > 0 else 0.15
    fx0, fx1 = x - w / 2, x + w / 2
    edge = fx1 if side > 0 else fx0
    far = edge + side * sw
    marks = MARKS.get()
    if marks is not None:  # villagers pass behind the cottage
        marks.occluders.append(marked_box(ctx, min(fx0, far), base - h - rh, max(fx1, far), base))
    side_wall = poly([(edge, base), (far, base - rise), (far, base - h - rise), (edge, base - h)])
    ctx.fill(side_wall, ctx.shade(wall, depth, side_lit), outline=True)
    roof_plane = poly(
        [
            (x, base - h - rh),
            (x + side * sw, base - h - rh - rise),
            (far + side * w * 0.06, base - h - rise + 4),
            (edge + side * w * 0.06, base - h + 4),
        ]
    )
    roof_col = snowy_roof(ctx, roof)
    ctx.fill(
        roof_plane, ctx.shade(roof_col, depth, 0.75 if ctx.light.night < 0.5 else 0.5), outline=True
    )
    ctx.texture(roof_plane, 0.7, size=30, stretch=3)
    front = poly([(fx0, base), (fx0, base - h), (x, base - h - rh), (fx1, base - h), (fx1, base)])
    ctx.fill(front, ctx.shade(wall, depth, front_lit), outline=True)
    ctx.texture(front, 0.5, size=60)
    eave = poly(
        [(fx0 - w * 0.06, base - h + 4), (x, base - h - rh - 3), (fx1 + w * 0.06, base - h + 4)],
        False,
    )
    ctx.stroke(eave, ctx.shade(darken(roof_col, 0.2), depth, 0.5), max(1.0, w * 0.05))
    if rng.random() < 0.7:
        cx = x + side * sw * 0.55
        cy = base - h - rh - rise * 0.55 + rh * 0.35
        chim = rect_path(cx - w * 0.05, cy - rh * 0.55, cx + w * 0.05, cy + rh * 0.2)
        ctx.fill(chim, ctx.shade(darken(wall, 0.25), depth, 0.5), outline=True)
        if ctx.light.night > 0.5 or ctx.light.snow > 0:
            smoke = skia.Path()
            sx, sy = cx, cy - rh * 0.6
            for i in range(5):
                smoke.addCircle(
                    sx + i * w * 0.05 * ctx.light.light_side * -1,
                    sy - i * w * 0.08,
                    w * (0.03 + i * 0.012),
                )
            ctx.fill(smoke, ctx.shade(hex_rgb("#c8c8c8"), depth + 0.2, 0.6), 0.25)
    dw, dh = w * 0.18, h * 0.55
    door = rrect_path(x - dw / 2, base - dh, x + dw / 2, base, dw * 0.2)
    ctx.fill(door, ctx.shade(darken(roof, 0.2), depth, 0.4), outline=True)
    ww, wh = w * 0.17, h * 0.26
    frame = ctx.shade(lighten(wall, 0.3), depth, 0.6)
    for wx in (fx0 + w * 0.1, fx1 - w * 0.1 - ww):
        window(ctx, wx, base - h * 0.72, ww, wh, depth, rng, frame)
    if rh > w * 0.35:
        window(ctx, x - ww * 0.4, base - h - rh * 0.45, ww * 0.8, wh * 0.7, depth, rng, frame)
    # Side wall windows: skewed to follow the receding wall.
    for u in (0.3, 0.7):
        sx0 = edge + side * sw * (u - 0.12)
        sx1 = edge + side * sw * (u + 0.12)
        y_off0 = rise * (u - 0.12)
        y_off1 = rise * (u + 0.12)
        top0, top1 = base - h * 0.72 - y_off0, base - h * 0.72 - y_off1
        colour, lit = window_colour(ctx, rng, depth)
        corners = [(sx0, top0), (sx1, top1), (sx1, top1 + wh), (sx0, top0 + wh)]
        mark_dark_pane(ctx, corners, lit)
        ctx.fill(poly(corners), colour)
        if lit:
            ctx.glow((sx0 + sx1) / 2, top0 + wh / 2, ww * 1.5, colour, 0.3)


def snowy_roof(ctx: Ctx, roof: RGB) -> RGB:
    return mix(roof, SNOW, 0.85 * ctx.light.snow)


def tower(
    ctx: Ctx,
    x: float,
    base: float,
    w: float,
    h: float,
    depth: float,
    tag: str,
    detail: bool = True,
) -> None:
    """An office or apartment tower with a lit side, a window grid and rooftop clutter."""
    rng = ctx.rng(tag)
    palette = [
        hex_rgb(c)
        for c in ("#8a96a3", "#6f7c8a", "#a6a091", "#5e6a78", "#b4b9bf", "#7d6f66", "#93a2b0")
    ]
    colour = palette[int(rng.integers(len(palette)))]
    side = 1.0 if x < ctx.W / 2 else -1.0
    sw = w * 0.28
    body = rect_path(x, base - h, x + w, base)
    lit_front = 0.55 if side * ctx.light.light_side < 0 else 0.75
    ctx.fill(body, ctx.shade(colour, depth, lit_front), outline=detail)
    edge = x + w if side > 0 else x
    side_face = poly(
        [
            (edge, base),
            (edge + side * sw, base - sw * 0.12),
            (edge + side * sw, base - h - sw * 0.12),
            (edge, base - h),
        ]
    )
    ctx.fill(
        side_face,
        ctx.shade(colour, depth, 0.95 if side * ctx.light.light_side > 0 else 0.1),
        outline=detail,
    )
    roof = poly(
        [
            (x, base - h),
            (edge + side * sw if side > 0 else x + w, base - h - sw * 0.12),
            (edge + side * sw if side < 0 else x + w, base - h - sw * 0.12),
            (x + w, base - h),
        ]
    )
    ctx.fill(roof, ctx.shade(lighten(colour, 0.15), depth, 0.9))
    if not detail:
        return
    cols = max(2, int(w / 9))
    rows = max(3, int(h / 12))
    gap_x, gap_y = w / cols, h / rows
    pw, ph = gap_x * 0.55, gap_y * 0.5
    canvas = ctx.canvas
    lit_path = skia.Path()
    dark_path = skia.Path()
    lit_cols: list[RGB] = []
    band = rng.random() < 0.35
    for r in range(rows - 1):
        for c in range(cols):
            wx = x + c * gap_x + (gap_x - pw) / 2
            wy = base - h + gap_y * 0.6 + r * gap_y
            if band:
                rect = skia.Rect(x + w * 0.06, wy, x + w * 0.94, wy + ph)
                if c:
                    continue
            else:
                rect = skia.Rect(wx, wy, wx + pw, wy + ph)
            colour_w, lit = window_colour(ctx, rng, depth)
            if lit:
                lit_path.addRect(rect)
                lit_cols.append(colour_w)
            else:
                dark_path.addRect(rect)
    glass = ctx.shade(mix(ctx.light.sky_mid, hex_rgb("#22313f"), 0.6), depth, 0.6)
    ctx.fill(dark_path, glass, 0.9)
    if lit_cols:
        warm = lit_cols[0]
        ctx.fill(lit_path, warm)
        canvas.save()
        canvas.clipPath(rect_path(x - w, base - h * 1.2, x + w * 2, base))
        paint = ctx.paint(warm, 0.25, blend=skia.BlendMode.kScreen, blur=3.0)
        canvas.drawPath(lit_path, paint)
        canvas.restore()
    if rng.random() < 0.5:
        ax = x + w * (0.3 + rng.random() * 0.4)
        canvas.drawLine(
            ax,
            base - h,
            ax,
            base - h - h * 0.12,
            ctx.paint(ctx.shade(colour, depth, 0.3), stroke=1.2),
        )
        if ctx.light.night > 0.4:
            canvas.drawCircle(ax, base - h - h * 0.12, 1.6, ctx.paint(hex_rgb("#ff4a3d")))
            ctx.glow(ax, base - h - h * 0.12, 8, hex_rgb("#ff4a3d"), 0.6)
    elif rng.random() < 0.5:
        tank = rect_path(x + w * 0.6, base - h - w * 0.18, x + w * 0.8, base - h)
        ctx.fill(tank, ctx.shade(darken(colour, 0.3), depth, 0.4))


def skyline(
    ctx: Ctx,
    base: float,
    depth: float,
    tag: str,
    height: float,
    count: int,
    detail: bool = True,
    x0: float = -40.0,
    x1: float | None = None,
) -> None:
    """A row of towers of varied height; far rows pass detail=False and become silhouettes."""
    rng = ctx.rng(tag)
    x1 = ctx.W + 40 if x1 is None else x1
    positions = np.sort(rng.random(count)) * (x1 - x0) + x0
    bodies = skia.Path()
    for i, px in enumerate(positions):
        w = height * (0.18 + rng.random() * 0.22)
        h = height * (0.35 + rng.random() ** 1.5 * 0.75)
        tower(ctx, float(px) - w / 2, base, w, h, depth, f"{tag}{i}", detail)
        bodies.addRect(skia.Rect(float(px) - w / 2, base - h, float(px) + w / 2, base))
    if not detail and lit_fraction(ctx) > 0:
        # Far towers: a sparse scatter of lit windows, only where there is a tower.
        dots = skia.Path()
        size = max(1.6, height * 0.012)
        for _ in range(int(count * 14 * lit_fraction(ctx))):
            dx = x0 + rng.random() * (x1 - x0)
            dy = base - rng.random() ** 1.3 * height * 0.95
            dots.addRect(skia.Rect(dx, dy, dx + size, dy + size * 1.3))
        canvas = ctx.canvas
        canvas.save()
        canvas.clipPath(bodies, doAntiAlias=True)
        ctx.fill(dots, mix(WARM_LIGHTS[0], ctx.light.haze, depth * 0.5), 0.8)
        canvas.restore()


def lamp_post(ctx: Ctx, x: float, base: float, h: float, depth: float, arm: float = 0.0) -> None:
    """A street lamp; lit from dusk, with a pool of light on the ground."""
    metal = ctx.shade(hex_rgb("#2d3136"), depth, 0.4)
    marks = MARKS.get()
    if marks is not None:  # a post stands in front of whoever walks behind it
        marks.occluders.append(marked_box(ctx, x - h * 0.014, base - h, x + h * 0.014, base))
        marks.occluders.append(marked_box(ctx, x - h * 0.032, base - h * 0.06, x + h * 0.032, base))
    canvas = ctx.canvas
    canvas.drawRect(skia.Rect(x - h * 0.012, base - h, x + h * 0.012, base), ctx.paint(metal))
    canvas.drawRect(skia.Rect(x - h * 0.03, base - h * 0.06, x + h * 0.03, base), ctx.paint(metal))
    hx, hy = x + arm * h * 0.25, base - h
    if arm:
        canvas.drawLine(x, base - h * 0.97, hx, hy, ctx.paint(metal, stroke=h * 0.015))
    head = poly(
        [
            (hx - h * 0.05, hy + h * 0.02),
            (hx + h * 0.05, hy + h * 0.02),
            (hx + h * 0.03, hy - h * 0.05),
            (hx - h * 0.03, hy - h * 0.05),
        ]
    )
    lit = ctx.light.night > 0.3 or ctx.light.weather in ("rain", "storm", "fog")
    bulb = hex_rgb("#ffd890") if lit else ctx.shade(hex_rgb("#dde3e6"), depth, 0.6)
    ctx.fill(head, bulb, outline=True)
    canvas.drawRect(
        skia.Rect(hx - h * 0.06, hy - h * 0.07, hx + h * 0.06, hy - h * 0.05), ctx.paint(metal)
    )
    if lit:
        strength = 0.55 + 0.45 * ctx.light.night
        ctx.glow(hx, hy, h * 0.5, hex_rgb("#ffcf7a"), 0.55 * strength)
        ctx.glow(hx, hy, h * 0.12, hex_rgb("#fff1cf"), 0.9 * strength)
        ctx.glow(hx, base, h * 0.45, hex_rgb("#ffc46b"), 0.35 * strength, ry=h * 0.08)
        cone = poly(
            [(hx - h * 0.04, hy), (hx + h * 0.04, hy), (hx + h * 0.3, base), (hx - h * 0.3, base)]
        )
        shader = skia.GradientShader.MakeLinear(
            [skia.Point(0, hy), skia.Point(0, base)],
            [
                skia.Color4f(1.0, 0.85, 0.55, 0.22 * strength).toColor(),
                skia.Color4f(1.0, 0.85, 0.55, 0.0).toColor(),
            ],
            [0.0, 1.0],
        )
        ctx.fill_shader(cone, shader, blend=skia.BlendMode.kScreen)


def lighthouse(ctx: Ctx, x: float, base: float, h: float, depth: float) -> None:
    """A striped lighthouse; its lamp burns and sweeps a beam whenever the light is low."""
    w0, w1 = h * 0.16, h * 0.1
    body = poly(
        [
            (x - w0 / 2, base),
            (x - w1 / 2, base - h * 0.78),
            (x + w1 / 2, base - h * 0.78),
            (x + w0 / 2, base),
        ]
    )
    white = ctx.shade(hex_rgb("#f1ede4"), depth, 0.7)
    red = ctx.shade(hex_rgb("#c0392b"), depth, 0.7)
    ctx.fill(body, white, outline=True)
    canvas = ctx.canvas
    canvas.save()
    canvas.clipPath(body, doAntiAlias=True)
    for i in range(4):
        y0 = base - h * 0.78 * (i * 2 + 1) / 8
        canvas.drawRect(skia.Rect(x - w0, y0 - h * 0.78 / 8, x + w0, y0), ctx.paint(red))
    side = ctx.light.light_side
    shade = rect_path(x - side * w0, base - h, x - side * w0 * 0.1, base)
    ctx.fill(shade, (0.0, 0.02, 0.08), 0.3)
    canvas.restore()
    gy = base - h * 0.78
    canvas.drawRect(
        skia.Rect(x - w1 * 0.75, gy - h * 0.02, x + w1 * 0.75, gy + h * 0.01),
        ctx.paint(ctx.shade(hex_rgb("#333333"), depth, 0.5)),
    )
    lamp_y = gy - h * 0.1
    on = ctx.light.night > 0.2 or ctx.light.weather in ("storm", "fog", "rain")
    glass = hex_rgb("#fff4c2") if on else ctx.shade(hex_rgb("#9fb6c4"), depth, 0.8)
    canvas.drawRect(
        skia.Rect(x - w1 * 0.4, lamp_y - h * 0.06, x + w1 * 0.4, gy - h * 0.02), ctx.paint(glass)
    )
    cap = poly(
        [
            (x - w1 * 0.6, lamp_y - h * 0.06),
            (x, lamp_y - h * 0.14),
            (x + w1 * 0.6, lamp_y - h * 0.06),
        ]
    )
    ctx.fill(cap, red, outline=True)
    if on:
        beam_dir = -1.0 if x > ctx.W / 2 else 1.0
        length = ctx.W * 0.8
        beam = poly(
            [
                (x, lamp_y - h * 0.04),
                (x + beam_dir * length, lamp_y - h * 0.25),
                (x + beam_dir * length, lamp_y + h * 0.18),
            ]
        )
        shader = skia.GradientShader.MakeLinear(
            [skia.Point(x, 0), skia.Point(x + beam_dir * length, 0)],
            [
                skia.Color4f(1.0, 0.96, 0.8, 0.55).toColor(),
                skia.Color4f(1.0, 0.96, 0.8, 0.0).toColor(),
            ],
            [0.0, 1.0],
        )
        ctx.fill_shader(beam, shader, blend=skia.BlendMode.kScreen)
        ctx.glow(x, lamp_y - h * 0.04, h * 0.5, hex_rgb("#fff0b0"), 0.7)
        ctx.glow(x, lamp_y - h * 0.04, h * 0.12, hex_rgb("#ffffff"), 0.9)


def boat(
    ctx: Ctx, x: float, waterline: float, length: float, depth: float, tag: str, kind: str = "sail"
) -> None:
    """A small boat on the water: hull with a lit gunwale, cabin or mast and sail."""
    rng = ctx.rng(tag)
    hull_cols = [hex_rgb(c) for c in ("#f1ede4", "#2e4a62", "#a23b2a", "#27ae60", "#34495e")]
    hull_c = hull_cols[int(rng.integers(len(hull_cols)))]
    dirn = 1.0 if rng.random() < 0.5 else -1.0
    L, H = length, length * 0.22
    hull = skia.Path()
    hull.moveTo(x - L / 2, waterline - H)
    hull.lineTo(x + L / 2, waterline - H * 1.25 if dirn > 0 else waterline - H)
    hull.quadTo(
        x + L * 0.42 * dirn if dirn > 0 else x + L * 0.45,
        waterline,
        x + L * 0.3,
        waterline + H * 0.15,
    )
    hull.lineTo(x - L * 0.35, waterline + H * 0.15)
    hull.quadTo(x - L * 0.48, waterline, x - L / 2, waterline - H)
    hull.close()
    ctx.fill(hull, ctx.shade(hull_c, depth, 0.55), outline=True)
    ctx.canvas.drawLine(
        x - L / 2,
        waterline - H,
        x + L / 2,
        waterline - H * (1.25 if dirn > 0 else 1.0),
        ctx.paint(ctx.shade(lighten(hull_c, 0.4), depth, 0.9), stroke=max(0.8, H * 0.12)),
    )
    wood = ctx.shade(hex_rgb("#6d5038"), depth, 0.5)
    if kind == "sail":
        mast_h = L * 1.1
        mx = x - L * 0.05
        ctx.canvas.drawLine(
            mx,
            waterline - H,
            mx,
            waterline - H - mast_h,
            ctx.paint(wood, stroke=max(0.8, L * 0.015)),
        )
        sail = poly(
            [
                (mx + L * 0.02, waterline - H - mast_h * 0.95),
                (mx + L * 0.42, waterline - H * 1.6),
                (mx + L * 0.02, waterline - H * 1.5),
            ]
        )
        jib = poly(
            [
                (mx - L * 0.02, waterline - H - mast_h * 0.9),
                (mx - L * 0.35, waterline - H * 1.4),
                (mx - L * 0.02, waterline - H * 1.4),
            ]
        )
        sail_c = hex_rgb("#f6f1e3") if rng.random() < 0.7 else hex_rgb("#d96c3f")
        ctx.fill(sail, ctx.shade(sail_c, depth, 0.85), outline=True)
        ctx.fill(jib, ctx.shade(sail_c, depth, 0.45), outline=True)
    elif kind == "fishing":
        cab = rect_path(x - L * 0.1, waterline - H - L * 0.22, x + L * 0.18, waterline - H)
        ctx.fill(cab, ctx.shade(hex_rgb("#e8e2d0"), depth, 0.6), outline=True)
        win_rng = ctx.rng(tag + "w")
        window(ctx, x - L * 0.05, waterline - H - L * 0.17, L * 0.08, L * 0.06, depth, win_rng)
        ctx.canvas.drawLine(
            x - L * 0.25,
            waterline - H,
            x - L * 0.25,
            waterline - H - L * 0.55,
            ctx.paint(wood, stroke=max(0.8, L * 0.012)),
        )
        ctx.canvas.drawLine(
            x - L * 0.25,
            waterline - H - L * 0.5,
            x + L * 0.4,
            waterline - H,
            ctx.paint(wood, 0.7, stroke=max(0.5, L * 0.006)),
        )


def stall(ctx: Ctx, x: float, base: float, w: float, depth: float, tag: str) -> None:
    """A market stall: posts, striped scalloped awning, a counter of produce and lanterns."""
    rng = ctx.rng(tag)
    h = w * 0.9
    marks = MARKS.get()
    if marks is not None:  # shoppers pass behind the stall
        marks.occluders.append(marked_box(ctx, x - w * 0.6, base - h * 1.15, x + w * 0.6, base))
    stripe_sets = [
        ("#c0392b", "#f4efe6"),
        ("#2e86c1", "#f4efe6"),
        ("#e67e22", "#f7dc6f"),
        ("#27ae60", "#f4efe6"),
        ("#8e44ad", "#f5cba7"),
    ]
    a, b = (hex_rgb(c) for c in stripe_sets[int(rng.integers(len(stripe_sets)))])
    wood = ctx.shade(hex_rgb("#6b4a30"), depth, 0.5)
    canvas = ctx.canvas
    for px in (x - w / 2, x + w / 2):
        canvas.drawRect(skia.Rect(px - w * 0.02, base - h, px + w * 0.02, base), ctx.paint(wood))
    counter = rect_path(x - w * 0.52, base - h * 0.42, x + w * 0.52, base)
    ctx.fill(counter, ctx.shade(hex_rgb("#8b6440"), depth, 0.55), outline=True)
    ctx.texture(counter, 0.8, size=25, stretch=4)
    goods = [hex_rgb(c) for c in ("#e74c3c", "#f39c12", "#f1c40f", "#27ae60", "#8e44ad", "#d35400")]
    for i in range(5):
        cx0 = x - w * 0.48 + i * w * 0.196
        crate = rect_path(cx0, base - h * 0.5, cx0 + w * 0.18, base - h * 0.4)
        ctx.fill(crate, ctx.shade(hex_rgb("#a57c52"), depth, 0.6), outline=True)
        heap = skia.Path()
        gc = goods[int(rng.integers(len(goods)))]
        for _ in range(7):
            heap.addCircle(
                cx0 + w * (0.02 + rng.random() * 0.14),
                base - h * (0.5 + rng.random() * 0.05),
                w * 0.022,
            )
        ctx.fill(heap, ctx.shade(gc, depth, 0.75))
    n = 6
    awn_top = base - h
    drop = h * 0.28
    stripes_w = (w * 1.15) / n
    for i in range(n):
        sx0 = x - w * 0.575 + i * stripes_w
        piece = skia.Path()
        piece.moveTo(sx0 + stripes_w * 0.1, awn_top - h * 0.12)
        piece.lineTo(sx0 + stripes_w * 0.9, awn_top - h * 0.12)
        piece.lineTo(sx0 + stripes_w, awn_top + drop)
        piece.quadTo(sx0 + stripes_w / 2, awn_top + drop + stripes_w * 0.5, sx0, awn_top + drop)
        piece.close()
        ctx.fill(piece, ctx.shade(a if i % 2 else b, depth, 0.7), outline=True)
    if ctx.light.night > 0.3:
        for i in range(3):
            lx = x - w * 0.3 + i * w * 0.3
            ly = awn_top + drop + h * 0.08
            canvas.drawCircle(lx, ly, w * 0.03, ctx.paint(hex_rgb("#ffcf6b")))
            ctx.glow(lx, ly, w * 0.35, hex_rgb("#ffb347"), 0.5)


def bunting(ctx: Ctx, x0: float, y0: float, x1: float, y1: float, sag: float, tag: str) -> None:
    """A string of little triangular flags (markets, villages, festivals)."""
    rng = ctx.rng(tag)
    colours = [
        hex_rgb(c) for c in ("#e74c3c", "#f1c40f", "#3498db", "#2ecc71", "#e67e22", "#9b59b6")
    ]
    n = max(4, int(abs(x1 - x0) / 22))
    rope = skia.Path()
    rope.moveTo(x0, y0)
    rope.quadTo((x0 + x1) / 2, (y0 + y1) / 2 + sag * 2, x1, y1)
    ctx.stroke(rope, ctx.shade(hex_rgb("#3b3b3b"), 0.2, 0.5), 0.8)
    for i in range(n):
        t = (i + 0.5) / n
        x = (1 - t) ** 2 * x0 + 2 * (1 - t) * t * (x0 + x1) / 2 + t * t * x1
        y = (1 - t) ** 2 * y0 + 2 * (1 - t) * t * ((y0 + y1) / 2 + sag * 2) + t * t * y1
        flag = poly([(x - 6, y), (x + 6, y), (x, y + 13)])
        ctx.fill(flag, ctx.shade(colours[int(rng.integers(len(colours)))], 0.2, 0.7))


def arch_window(ctx: Ctx, x: float, y: float, w: float, h: float, colour: RGB) -> skia.Path:
    """A round-headed window or doorway shape (palaces, temples)."""
    path = skia.Path()
    path.moveTo(x, y + h)
    path.lineTo(x, y + w / 2)
    path.arcTo(skia.Rect(x, y, x + w, y + w), 180, 180, False)
    path.lineTo(x + w, y + h)
    path.close()
    ctx.fill(path, colour)
    return path


def dome(
    ctx: Ctx, cx: float, base: float, r: float, colour: RGB, depth: float, onion: bool = True
) -> None:
    """A dome (onion-shaped when `onion`) with a finial, lit from the light side."""
    path = skia.Path()
    if onion:
        path.moveTo(cx - r, base)
        path.cubicTo(
            cx - r * 1.35, base - r * 0.9, cx - r * 0.25, base - r * 1.3, cx, base - r * 1.9
        )
        path.cubicTo(cx + r * 0.25, base - r * 1.3, cx + r * 1.35, base - r * 0.9, cx + r, base)
    else:
        path.moveTo(cx - r, base)
        path.arcTo(skia.Rect(cx - r, base - r, cx + r, base + r), 180, 180, False)
    path.close()
    ctx.fill(path, ctx.shade(colour, depth, 0.6), outline=True)
    canvas = ctx.canvas
    canvas.save()
    canvas.clipPath(path, doAntiAlias=True)
    side = ctx.light.light_side
    ctx.fill(
        oval_shadow(cx - side * r * 0.6, base - r * 0.6, r * 0.8, r * 1.4),
        ctx.shade(colour, depth, 0.1),
        0.6,
    )
    ctx.glow(cx + side * r * 0.35, base - r * 0.8, r * 0.5, lighten(colour, 0.5), 0.4)
    canvas.restore()
    top = base - (r * 1.9 if onion else r)
    canvas.drawLine(
        cx,
        top,
        cx,
        top - r * 0.35,
        ctx.paint(ctx.shade(hex_rgb("#c9a227"), depth, 0.8), stroke=max(0.8, r * 0.06)),
    )
    canvas.drawCircle(
        cx, top - r * 0.2, r * 0.07, ctx.paint(ctx.shade(hex_rgb("#e1b83a"), depth, 0.9))
    )


def oval_shadow(cx: float, cy: float, rx: float, ry: float) -> skia.Path:
    path = skia.Path()
    path.addOval(skia.Rect(cx - rx, cy - ry, cx + rx, cy + ry))
    return path


def steps(
    ctx: Ctx,
    x0: float,
    x1: float,
    base: float,
    n: int,
    rise: float,
    inset: float,
    colour: RGB,
    depth: float,
) -> float:
    """A flight of steps seen from the front; returns the top step's y."""
    y = base
    for i in range(n):
        top = y - rise
        tread = rect_path(x0 + i * inset, top, x1 - i * inset, y)
        ctx.fill(tread, ctx.shade(colour, depth, 0.7 if i % 2 == 0 else 0.55), outline=True)
        ctx.canvas.drawLine(
            x0 + i * inset,
            top,
            x1 - i * inset,
            top,
            ctx.paint(ctx.shade(lighten(colour, 0.25), depth, 0.9), stroke=1.0),
        )
        y = top
    return y


def flag(ctx: Ctx, x: float, y: float, size: float, colour: RGB, depth: float) -> None:
    """A pennant on a pole top, blowing away from the light."""
    ctx.canvas.drawLine(
        x,
        y,
        x,
        y - size * 1.2,
        ctx.paint(ctx.shade(hex_rgb("#5b4a3a"), depth, 0.5), stroke=max(0.6, size * 0.04)),
    )
    wind = -ctx.light.light_side
    marks = MARKS.get()
    if marks is not None:  # (pole x, top, tip x, bottom): the pennant flutters from its pole
        matrix = ctx.canvas.getTotalMatrix()
        pole = matrix.mapXY(x, y - size * 1.32)
        tip = matrix.mapXY(x + wind * size * 0.95, y - size * 0.72)
        marks.flags.append((pole.x(), pole.y(), tip.x(), tip.y()))
    pennant = skia.Path()
    pennant.moveTo(x, y - size * 1.2)
    pennant.quadTo(x + wind * size * 0.5, y - size * 1.25, x + wind * size * 0.9, y - size * 1.05)
    pennant.quadTo(x + wind * size * 0.45, y - size * 0.95, x, y - size * 0.75)
    pennant.close()
    ctx.fill(pennant, ctx.shade(colour, depth, 0.8), outline=True)


def pillar_row(
    ctx: Ctx, x0: float, x1: float, top: float, base: float, n: int, colour: RGB, depth: float
) -> None:
    """Evenly spaced columns with capitals and a lit side."""
    w = (x1 - x0) / (n * 2.2)
    for i in range(n):
        cx = x0 + (x1 - x0) * (i + 0.5) / n
        col = rect_path(cx - w / 2, top, cx + w / 2, base)
        ctx.fill(col, ctx.shade(colour, depth, 0.7), outline=True)
        half = rect_path(cx - ctx.light.light_side * w / 2, top, cx, base)
        ctx.fill(half, ctx.shade(colour, depth, 0.25), 0.7)
        cap = rect_path(cx - w * 0.8, top - w * 0.3, cx + w * 0.8, top)
        ctx.fill(cap, ctx.shade(lighten(colour, 0.1), depth, 0.8), outline=True)


def ring_arc(cx: float, cy: float, r: float, a0: float, a1: float) -> list[Point]:
    return [
        (cx + math.cos(math.radians(a)) * r, cy + math.sin(math.radians(a)) * r)
        for a in np.linspace(a0, a1, 12)
    ]
