"""Furniture and room props, sized by `u` (an adult's height at that depth).

Seats are sized from the same unit as the figures, so a seated figure's pelvis lands on the
seat and its feet on the floor; everything else (shelves, lamps, plants) uses the same unit so
rooms keep human scale in every shot.
"""

from __future__ import annotations

import skia

from filmstudio.engine.picture.canvas import Ctx, oval_path, poly, rect_path, rrect_path
from filmstudio.engine.picture.colour import RGB, darken, hex_rgb, lighten, mix

WOOD = hex_rgb("#8a5a3b")
DARK_WOOD = hex_rgb("#5a3a26")
METAL = hex_rgb("#3a3f44")


def bench(ctx: Ctx, x0: float, x1: float, base: float, u: float, depth: float = 0.0) -> None:
    """A park bench with slatted seat and back and iron legs."""
    seat_y = base - u * 0.27
    wood = ctx.shade(WOOD, depth, 0.65)
    iron = ctx.shade(METAL, depth, 0.4)
    canvas = ctx.canvas
    for lx in (x0 + (x1 - x0) * 0.08, x1 - (x1 - x0) * 0.08):
        canvas.drawRect(
            skia.Rect(lx - u * 0.015, seat_y - u * 0.3, lx + u * 0.015, base), ctx.paint(iron)
        )
    for k in range(3):
        y = seat_y - u * (0.12 + k * 0.075)
        slat = rrect_path(x0, y - u * 0.025, x1, y + u * 0.02, u * 0.01)
        ctx.fill(slat, ctx.shade(WOOD, depth, 0.45), outline=True)
    seat = rrect_path(x0 - u * 0.03, seat_y - u * 0.03, x1 + u * 0.03, seat_y + u * 0.02, u * 0.01)
    ctx.fill(seat, wood, outline=True)
    ctx.texture(seat, 0.6, size=u * 0.3, stretch=5)


def chair(
    ctx: Ctx, x: float, base: float, u: float, facing: float, colour: RGB = WOOD, depth: float = 0.0
) -> None:
    """A simple side-on chair; its back is on the side away from where the sitter faces."""
    seat_y = base - u * 0.27
    c = ctx.shade(colour, depth, 0.55)
    back_x = x - facing * u * 0.12
    canvas = ctx.canvas
    legs = skia.Path()
    for lx in (x - u * 0.12, x + u * 0.12):
        legs.addRect(skia.Rect(lx - u * 0.012, seat_y, lx + u * 0.012, base))
    ctx.fill(legs, darken(c, 0.2), outline=True)
    back = rrect_path(back_x - u * 0.02, seat_y - u * 0.32, back_x + u * 0.02, seat_y, u * 0.01)
    ctx.fill(back, darken(c, 0.1), outline=True)
    top = rrect_path(
        back_x - u * 0.04, seat_y - u * 0.34, back_x + u * 0.04, seat_y - u * 0.26, u * 0.015
    )
    ctx.fill(top, c, outline=True)
    seat = rrect_path(x - u * 0.16, seat_y - u * 0.03, x + u * 0.16, seat_y + u * 0.015, u * 0.01)
    ctx.fill(seat, lighten(c, 0.05), outline=True)
    del canvas


def sofa(
    ctx: Ctx, x0: float, x1: float, base: float, u: float, colour: RGB, depth: float = 0.0
) -> None:
    """A sofa seen from the front with cushions and rolled arms."""
    c = ctx.shade(colour, depth, 0.55)
    back = rrect_path(x0 + u * 0.05, base - u * 0.56, x1 - u * 0.05, base - u * 0.2, u * 0.06)
    ctx.fill(back, darken(c, 0.12), outline=True)
    n = max(2, round((x1 - x0) / (u * 0.45)))
    cw = (x1 - x0 - u * 0.3) / n
    for i in range(n):
        cx0 = x0 + u * 0.15 + i * cw
        cushion = rrect_path(
            cx0 + u * 0.01, base - u * 0.5, cx0 + cw - u * 0.01, base - u * 0.27, u * 0.05
        )
        ctx.fill(cushion, mix(c, darken(c, 0.12), 0.4), outline=True)
    seat = rrect_path(x0 + u * 0.08, base - u * 0.3, x1 - u * 0.08, base - u * 0.14, u * 0.04)
    ctx.fill(seat, c, outline=True)
    for ax in (x0, x1 - u * 0.16):
        arm = rrect_path(ax, base - u * 0.4, ax + u * 0.16, base - u * 0.06, u * 0.06)
        ctx.fill(arm, lighten(c, 0.04), outline=True)
    base_rect = rect_path(x0 + u * 0.03, base - u * 0.14, x1 - u * 0.03, base - u * 0.04)
    ctx.fill(base_rect, darken(c, 0.25), outline=True)
    canvas = ctx.canvas
    for lx in (x0 + u * 0.08, x1 - u * 0.08):
        canvas.drawRect(
            skia.Rect(lx - u * 0.015, base - u * 0.05, lx + u * 0.015, base),
            ctx.paint(ctx.shade(DARK_WOOD, depth, 0.4)),
        )
    ctx.texture(seat, 0.5, size=u * 0.2)


def table(
    ctx: Ctx,
    x: float,
    base: float,
    u: float,
    width: float,
    colour: RGB = WOOD,
    round_top: bool = False,
    depth: float = 0.0,
    cloth: RGB | None = None,
) -> float:
    """A table; returns the y of its top (for cups, books, plates)."""
    top_y = base - u * 0.44
    c = ctx.shade(colour, depth, 0.6)
    canvas = ctx.canvas
    if round_top:
        canvas.drawRect(
            skia.Rect(x - u * 0.02, top_y, x + u * 0.02, base), ctx.paint(darken(c, 0.3))
        )
        ctx.fill(oval_path(x, base - u * 0.005, u * 0.12, u * 0.02), darken(c, 0.3))
        ctx.fill(oval_path(x, top_y, width / 2, u * 0.035), c, outline=True)
        ctx.fill(oval_path(x, top_y - u * 0.004, width / 2 * 0.96, u * 0.025), lighten(c, 0.12))
    else:
        for lx in (x - width / 2 + u * 0.04, x + width / 2 - u * 0.04):
            canvas.drawRect(
                skia.Rect(lx - u * 0.018, top_y, lx + u * 0.018, base), ctx.paint(darken(c, 0.25))
            )
        top = rect_path(x - width / 2, top_y - u * 0.03, x + width / 2, top_y + u * 0.01)
        ctx.fill(top, c, outline=True)
        if cloth is not None:
            drape = rect_path(
                x - width / 2 - u * 0.01,
                top_y - u * 0.03,
                x + width / 2 + u * 0.01,
                top_y + u * 0.12,
            )
            ctx.fill(drape, ctx.shade(cloth, depth, 0.7), outline=True)
    return top_y - u * 0.03


def cup(
    ctx: Ctx, x: float, y: float, u: float, colour: RGB = (0.95, 0.93, 0.88), steam: bool = True
) -> None:
    c = ctx.shade(colour, 0.0, 0.8)
    body = poly(
        [
            (x - u * 0.025, y - u * 0.05),
            (x + u * 0.025, y - u * 0.05),
            (x + u * 0.02, y),
            (x - u * 0.02, y),
        ]
    )
    ctx.fill(body, c, outline=True)
    ctx.canvas.drawCircle(x + u * 0.032, y - u * 0.028, u * 0.013, ctx.paint(c, stroke=u * 0.006))
    if steam and u > 120:
        wisp = skia.Path()
        for k in (-1, 1):
            wisp.moveTo(x + k * u * 0.008, y - u * 0.06)
            wisp.cubicTo(
                x + k * u * 0.02,
                y - u * 0.09,
                x - k * u * 0.015,
                y - u * 0.11,
                x + k * u * 0.01,
                y - u * 0.14,
            )
        ctx.stroke(wisp, (1.0, 1.0, 1.0), max(0.6, u * 0.004), 0.35)


def bed(
    ctx: Ctx, x0: float, x1: float, base: float, u: float, colour: RGB, depth: float = 0.0
) -> None:
    """A bed seen from the side: headboard, mattress, duvet, pillow."""
    wood = ctx.shade(DARK_WOOD, depth, 0.5)
    head = rrect_path(x0, base - u * 0.62, x0 + u * 0.06, base, u * 0.02)
    ctx.fill(head, wood, outline=True)
    foot = rrect_path(x1 - u * 0.05, base - u * 0.38, x1, base, u * 0.02)
    ctx.fill(foot, wood, outline=True)
    frame = rect_path(x0, base - u * 0.2, x1, base - u * 0.1)
    ctx.fill(frame, wood, outline=True)
    mattress = rrect_path(x0 + u * 0.05, base - u * 0.3, x1 - u * 0.04, base - u * 0.19, u * 0.03)
    ctx.fill(mattress, ctx.shade(hex_rgb("#f1ede6"), depth, 0.7), outline=True)
    pillow = rrect_path(x0 + u * 0.08, base - u * 0.38, x0 + u * 0.38, base - u * 0.28, u * 0.05)
    ctx.fill(pillow, ctx.shade(hex_rgb("#fbf8f2"), depth, 0.8), outline=True)
    duvet = skia.Path()
    duvet.moveTo(x0 + u * 0.35, base - u * 0.33)
    duvet.quadTo((x0 + x1) / 2, base - u * 0.37, x1 - u * 0.03, base - u * 0.32)
    duvet.lineTo(x1 - u * 0.02, base - u * 0.13)
    duvet.lineTo(x0 + u * 0.32, base - u * 0.15)
    duvet.close()
    ctx.fill(duvet, ctx.shade(colour, depth, 0.6), outline=True)
    ctx.texture(duvet, 0.5, size=u * 0.3)


def stone_block(
    ctx: Ctx,
    x0: float,
    x1: float,
    base: float,
    u: float,
    height: float,
    colour: RGB,
    depth: float = 0.0,
) -> None:
    """A low wall, step or rock ledge to sit on."""
    block = rrect_path(x0, base - u * height, x1, base, u * 0.02)
    ctx.fill(block, ctx.shade(colour, depth, 0.6), outline=True)
    ctx.canvas.drawLine(
        x0,
        base - u * height,
        x1,
        base - u * height,
        ctx.paint(ctx.shade(lighten(colour, 0.2), depth, 0.9), stroke=max(0.8, u * 0.006)),
    )
    ctx.texture(block, 0.9, size=u * 0.25)


def bookshelf(
    ctx: Ctx, x: float, base: float, u: float, w: float, h: float, depth: float = 0.1
) -> None:
    """Shelves of books in many colours: instantly says 'home' or 'study'."""
    rng = ctx.rng(f"books{x:.0f}")
    wood = ctx.shade(DARK_WOOD, depth, 0.55)
    ctx.fill(rect_path(x, base - h, x + w, base), wood, outline=True)
    inner = ctx.shade(darken(DARK_WOOD, 0.4), depth, 0.3)
    shelves = 4
    gap = (h - u * 0.06) / shelves
    book_cols = [
        hex_rgb(c)
        for c in (
            "#a93226",
            "#1f618d",
            "#b7950b",
            "#1e8449",
            "#6c3483",
            "#ca6f1e",
            "#2e4053",
            "#d5d8dc",
            "#922b21",
        )
    ]
    for sidx in range(shelves):
        y1 = base - u * 0.03 - sidx * gap
        y0 = y1 - gap + u * 0.025
        ctx.fill(rect_path(x + u * 0.025, y0, x + w - u * 0.025, y1), inner)
        bx = x + u * 0.03
        while bx < x + w - u * 0.06:
            bw = u * (0.018 + rng.random() * 0.02)
            bh = (y1 - y0) * (0.65 + rng.random() * 0.3)
            col = book_cols[int(rng.integers(len(book_cols)))]
            ctx.fill(rect_path(bx, y1 - bh, bx + bw, y1), ctx.shade(col, depth, 0.6))
            bx += bw + u * 0.002
            if rng.random() < 0.08:
                bx += u * 0.04


def plant(ctx: Ctx, x: float, base: float, u: float, depth: float = 0.0, size: float = 1.0) -> None:
    """A potted plant with broad leaves."""
    rng = ctx.rng(f"plant{x:.0f}")
    pot = poly(
        [
            (x - u * 0.08 * size, base - u * 0.16 * size),
            (x + u * 0.08 * size, base - u * 0.16 * size),
            (x + u * 0.06 * size, base),
            (x - u * 0.06 * size, base),
        ]
    )
    ctx.fill(pot, ctx.shade(hex_rgb("#b5654a"), depth, 0.6), outline=True)
    leaf_c = ctx.shade(hex_rgb("#3f7d3a"), depth, 0.5)
    leaf_l = ctx.shade(hex_rgb("#5a9e4b"), depth, 0.9)
    for k in range(9):
        ang = -150 + k * 15 + (rng.random() - 0.5) * 10
        import math

        a = math.radians(ang)
        length = u * size * (0.22 + rng.random() * 0.12)
        sx, sy = x, base - u * 0.15 * size
        ex, ey = sx + math.cos(a) * length, sy + math.sin(a) * length
        leaf = skia.Path()
        leaf.moveTo(sx, sy)
        nx, ny = -math.sin(a) * length * 0.22, math.cos(a) * length * 0.22
        leaf.quadTo((sx + ex) / 2 + nx, (sy + ey) / 2 + ny, ex, ey)
        leaf.quadTo((sx + ex) / 2 - nx, (sy + ey) / 2 - ny, sx, sy)
        ctx.fill(leaf, leaf_l if math.cos(a) * ctx.light.light_side > 0 else leaf_c, outline=True)


def lamp(
    ctx: Ctx, x: float, base: float, u: float, on: bool, depth: float = 0.0, floor: bool = True
) -> None:
    """A floor or table lamp; when on it pools warm light around it."""
    h = u * (0.95 if floor else 0.3)
    metal = ctx.shade(hex_rgb("#3b3128"), depth, 0.5)
    ctx.canvas.drawRect(skia.Rect(x - u * 0.008, base - h, x + u * 0.008, base), ctx.paint(metal))
    ctx.fill(oval_path(x, base, u * 0.07, u * 0.012), metal)
    shade_top, shade_bot = base - h - u * 0.12, base - h + u * 0.02
    shade = poly(
        [
            (x - u * 0.06, shade_top),
            (x + u * 0.06, shade_top),
            (x + u * 0.1, shade_bot),
            (x - u * 0.1, shade_bot),
        ]
    )
    warm = hex_rgb("#ffd99a")
    ctx.fill(shade, warm if on else ctx.shade(hex_rgb("#e8dcc0"), depth, 0.7), outline=True)
    if on:
        ctx.glow(x, shade_bot, u * 1.1, hex_rgb("#ffc46b"), 0.45)
        ctx.glow(x, shade_bot, u * 0.25, hex_rgb("#fff1d0"), 0.6)


def pendant(ctx: Ctx, x: float, top: float, y: float, u: float, on: bool) -> None:
    """A hanging ceiling lamp (cafes, kitchens, classrooms)."""
    ctx.canvas.drawLine(x, top, x, y, ctx.paint(hex_rgb("#222222"), stroke=max(0.6, u * 0.005)))
    shade = skia.Path()
    shade.moveTo(x - u * 0.02, y)
    shade.lineTo(x + u * 0.02, y)
    shade.lineTo(x + u * 0.09, y + u * 0.07)
    shade.lineTo(x - u * 0.09, y + u * 0.07)
    shade.close()
    ctx.fill(shade, ctx.shade(hex_rgb("#2d3e36"), 0.1, 0.6), outline=True)
    if on:
        ctx.canvas.drawCircle(x, y + u * 0.07, u * 0.025, ctx.paint(hex_rgb("#fff3d6")))
        ctx.glow(x, y + u * 0.08, u * 0.9, hex_rgb("#ffc878"), 0.4)
        ctx.glow(x, y + u * 0.08, u * 0.15, hex_rgb("#fff1d0"), 0.8)


def frame(ctx: Ctx, x: float, y: float, w: float, h: float, tag: str, depth: float = 0.1) -> None:
    """A framed picture on the wall: a tiny landscape in warm colours."""
    rng = ctx.rng(tag)
    wood = ctx.shade(hex_rgb("#6e4a2e") if rng.random() < 0.6 else hex_rgb("#c9a227"), depth, 0.6)
    ctx.fill(rect_path(x, y, x + w, y + h), wood, outline=True)
    pad = min(w, h) * 0.1
    sky = ctx.shade(hex_rgb("#f0c27b") if rng.random() < 0.5 else hex_rgb("#9cc3d5"), depth, 0.7)
    ctx.fill(rect_path(x + pad, y + pad, x + w - pad, y + h - pad), sky)
    hill = poly(
        [
            (x + pad, y + h - pad),
            (x + pad, y + h * 0.6),
            (x + w * 0.4, y + h * 0.45),
            (x + w - pad, y + h * 0.65),
            (x + w - pad, y + h - pad),
        ]
    )
    ctx.fill(hill, ctx.shade(hex_rgb("#5d7a4a"), depth, 0.6))


def rug(ctx: Ctx, cx: float, y: float, rx: float, ry: float, colour: RGB) -> None:
    ctx.fill(oval_path(cx, y, rx, ry), ctx.shade(colour, 0.05, 0.55))
    ctx.canvas.drawOval(
        skia.Rect(cx - rx * 0.85, y - ry * 0.8, cx + rx * 0.85, y + ry * 0.8),
        ctx.paint(ctx.shade(lighten(colour, 0.25), 0.05, 0.6), 0.8, stroke=max(1.0, ry * 0.06)),
    )
    ctx.texture(oval_path(cx, y, rx, ry), 0.6, size=40)


def clock(ctx: Ctx, x: float, y: float, r: float) -> None:
    ctx.fill(oval_path(x, y, r, r), ctx.shade(hex_rgb("#f6f3ea"), 0.1, 0.7), outline=True)
    ctx.canvas.drawCircle(
        x, y, r, ctx.paint(ctx.shade(hex_rgb("#333333"), 0.1, 0.5), stroke=r * 0.12)
    )
    ctx.canvas.drawLine(x, y, x, y - r * 0.65, ctx.paint(hex_rgb("#222222"), stroke=r * 0.08))
    ctx.canvas.drawLine(
        x, y, x + r * 0.45, y + r * 0.15, ctx.paint(hex_rgb("#222222"), stroke=r * 0.08)
    )


def seat_for(
    ctx: Ctx, kind: str, x0: float, x1: float, base: float, u: float, facing: float, colour: RGB
) -> None:
    """Draw whatever `kind` of seat sitting figures between x0 and x1 need."""
    if kind == "bench":
        bench(ctx, x0 - u * 0.25, x1 + u * 0.25, base, u)
    elif kind == "sofa":
        sofa(ctx, x0 - u * 0.35, x1 + u * 0.35, base, u, colour)
    elif kind in ("chair", "stool", "none"):
        for x in ((x0 + x1) / 2,) if abs(x1 - x0) < 1 else (x0, x1):
            chair(ctx, x, base, u, facing)
    elif kind == "bed":
        bed(ctx, x0 - u * 0.7, x1 + u * 0.5, base, u, colour)
    elif kind == "steps":
        stone_block(ctx, x0 - u * 0.4, x1 + u * 0.4, base, u, 0.2, hex_rgb("#c9b79c"))
    elif kind == "rock":
        from filmstudio.engine.picture.terrain import draw_rock

        draw_rock(
            ctx,
            (x0 + x1) / 2,
            base,
            (x1 - x0) + u * 0.7,
            u * 0.26,
            hex_rgb("#8a8378"),
            0.0,
            f"seat{x0:.0f}",
        )
