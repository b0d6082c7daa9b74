"""Rooms: cafe, living room, kitchen, bedroom, office, classroom.

A room is a one-point-perspective box (back wall, side walls, floor) whose windows show the
outside at the scene's time and weather (rain runs down the glass), lit from inside: daylight
by day, warm lamps at night. The signature furniture of each room sits against the back wall;
seats for the characters are placed by the staging at their own scale.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

import skia

from filmstudio.engine.picture import buildings, furniture, plants, sky, terrain, weather
from filmstudio.engine.picture.canvas import Ctx, oval_path, poly, rect_path, rrect_path
from filmstudio.engine.picture.colour import RGB, darken, hex_rgb, lighten, mix, scale
from filmstudio.engine.picture.light import Light
from filmstudio.engine.picture.staging import Layout

Foreground = Callable[[], None] | None


@dataclass(frozen=True)
class Room:
    x0: float  # back wall left
    x1: float  # back wall right
    floor: float  # back wall foot
    vx: float  # vanishing point x (eye level is ctx.horizon)


def interior_light(light: Light) -> Light:
    """Light inside: daylight through windows by day, warm lamplight after dusk."""
    night = light.night
    warm_key = hex_rgb("#ffcf94")
    warm_amb = hex_rgb("#8a7560")
    day_key = scale(mix(light.key, hex_rgb("#fff8ee"), 0.5), 0.85)
    day_amb = mix(light.ambient, hex_rgb("#c9c4bc"), 0.55)
    key = mix(day_key, scale(warm_key, 0.8), min(1.0, night * 1.2))
    ambient = mix(day_amb, warm_amb, min(1.0, night * 1.1))
    if light.weather in ("rain", "storm", "snow", "fog") and night < 0.5:
        ambient = scale(ambient, 0.9)
        key = scale(key, 0.8)
    return replace(
        light,
        key=key,
        ambient=ambient,
        haze=mix(ambient, hex_rgb("#d8cdbd"), 0.5),
        haze_strength=0.12,
        fog=0.0,
        light_side=-1.0 if light.light_side < 0 else 1.0,
        snow=0.0,
    )


def _room(ctx: Ctx, wall: RGB, floor_kind: str, floor_col: RGB, tag: str) -> Room:
    rng = ctx.rng(tag)
    vx = ctx.W * (0.5 + (rng.random() - 0.5) * 0.2)
    room = Room(ctx.W * 0.1, ctx.W * 0.9, 660.0, vx)
    hz = ctx.horizon

    def down(x: float, y: float, to_y: float) -> float:
        return float(vx + (x - vx) * (to_y - hz) / (y - hz))

    back = rect_path(room.x0, -10, room.x1, room.floor)
    ctx.fill(back, ctx.shade(wall, 0.15, 0.6))
    for side, xb in ((-1, room.x0), (1, room.x1)):
        edge_x = -10.0 if side < 0 else ctx.W + 10
        top_at_edge = hz + (-10 - hz) * (edge_x - vx) / (xb - vx)
        bot_at_edge = hz + (room.floor - hz) * (edge_x - vx) / (xb - vx)
        side_wall = poly(
            [(xb, -10), (edge_x, top_at_edge), (edge_x, bot_at_edge), (xb, room.floor)]
        )
        lit = 0.75 if side * ctx.light.light_side < 0 else 0.35
        ctx.fill(side_wall, ctx.shade(darken(wall, 0.05), 0.1, lit))
    ctx.texture(rect_path(-10, -10, ctx.W + 10, room.floor), 0.35, size=160)
    floor = poly(
        [
            (room.x0, room.floor),
            (room.x1, room.floor),
            (down(room.x1, room.floor, ctx.H + 10), ctx.H + 10),
            (down(room.x0, room.floor, ctx.H + 10), ctx.H + 10),
        ]
    )
    floor_full = rect_path(-10, room.floor, ctx.W + 10, ctx.H + 10)
    ctx.fill_shader(
        floor_full,
        ctx.vgrad(
            room.floor,
            ctx.H,
            [ctx.shade(floor_col, 0.15, 0.5), ctx.shade(lighten(floor_col, 0.05), 0.0, 0.6)],
        ),
    )
    lines = skia.Path()
    if floor_kind == "wood":
        for k in range(-30, 31):
            x = vx + k * 28
            lines.moveTo(x, room.floor)
            lines.lineTo(vx + (x - vx) * (ctx.H + 10 - hz) / (room.floor - hz), ctx.H + 10)
        ctx.stroke(lines, ctx.shade(darken(floor_col, 0.35), 0.1, 0.4), 1.2, 0.5)
        ctx.texture(floor_full, 0.9, size=60, stretch=0.25)
    elif floor_kind == "tile":
        for k in range(-20, 21):
            x = vx + k * 45
            lines.moveTo(x, room.floor)
            lines.lineTo(vx + (x - vx) * (ctx.H + 10 - hz) / (room.floor - hz), ctx.H + 10)
        y = room.floor
        step = 12.0
        while y < ctx.H + 10:
            lines.moveTo(-10, y)
            lines.lineTo(ctx.W + 10, y)
            step *= 1.35
            y += step
        ctx.stroke(lines, ctx.shade(darken(floor_col, 0.3), 0.1, 0.4), 1.4, 0.55)
    else:
        ctx.texture(floor_full, 1.0, size=30)
    ctx.fill(
        rect_path(room.x0, room.floor - 14, room.x1, room.floor),
        ctx.shade(lighten(wall, 0.2), 0.1, 0.7),
    )
    if ctx.light.night > 0.5:
        ctx.fill_shader(
            floor_full, ctx.vgrad(room.floor, ctx.H, [(0, 0, 0), (0, 0, 0)], [0.0, 0.25])
        )
    del floor
    return room


def _window(
    ctx: Ctx,
    outside: Light,
    x0: float,
    y0: float,
    x1: float,
    y1: float,
    scenery: str,
    curtains: RGB | None = None,
    panes: int = 2,
) -> None:
    """A window onto the outside at this scene's time and weather, with frame and curtains."""
    inside = ctx.light
    ctx.light = outside
    canvas = ctx.canvas
    canvas.save()
    canvas.clipRect(skia.Rect(x0, y0, x1, y1))
    s = max((x1 - x0) / ctx.W, (y1 - y0) / ctx.H) * 1.1
    canvas.translate((x0 + x1) / 2 - ctx.W * s / 2, y0 - ctx.H * s * 0.12)
    canvas.scale(s, s)
    old_hz = ctx.horizon
    ctx.horizon = 720.0
    sky.draw_sky(ctx)
    if scenery == "city":
        buildings.skyline(ctx, 740, 0.6, "win-far", 420, 12, detail=False)
        buildings.skyline(ctx, 760, 0.35, "win-mid", 480, 7, detail=False)
    elif scenery == "street":
        for k in range(5):
            buildings.tower(
                ctx,
                k * ctx.W / 5 + 20,
                1000,
                ctx.W / 5 - 40,
                500 + 120 * (k % 2),
                0.3,
                f"ws{k}",
                detail=False,
            )
            rng = ctx.rng(f"wsw{k}")
            for row in range(5):
                for col in range(3):
                    colour, lit = buildings.window_colour(ctx, rng, 0.3)
                    if lit or outside.night < 0.3:
                        wx = k * ctx.W / 5 + 50 + col * (ctx.W / 5 - 100) / 2.4
                        wy = 1000 - 460 - 120 * (k % 2) + row * 85
                        ctx.fill(rect_path(wx, wy, wx + 40, wy + 50), colour)
        if outside.night > 0.3:
            for k in range(6):
                ctx.glow(k * ctx.W / 5, 880, 120, hex_rgb("#ffc46b"), 0.5)
    else:
        terrain.draw_hills(ctx, "win-hills", 760, 90, hex_rgb("#6f9a55"), 0.5)
        for k in range(3):
            plants.tree(ctx, ctx.W * (0.15 + 0.35 * k), 980, 420, 0.2, f"wt{k}")
    if outside.rain > 0:
        weather.draw_rain(ctx, outside.rain)
    if outside.snow > 0:
        weather.draw_snow(ctx, 1.0)
    if outside.fog > 0:
        weather.fog_veil(ctx, 0.9)
    if outside.storm:
        weather.draw_lightning(ctx, 700)
    ctx.horizon = old_hz
    canvas.restore()
    ctx.light = inside
    canvas.save()
    canvas.clipRect(skia.Rect(x0, y0, x1, y1))
    sheen = poly(
        [
            (x0, y1),
            (x0 + (x1 - x0) * 0.35, y0),
            (x0 + (x1 - x0) * 0.5, y0),
            (x0 + (x1 - x0) * 0.15, y1),
        ]
    )
    ctx.fill(sheen, (1.0, 1.0, 1.0), 0.07)
    if outside.rain > 0:
        rng = ctx.rng("glass")
        drops = skia.Path()
        trails = skia.Path()
        for _ in range(int((x1 - x0) * (y1 - y0) / 900)):
            dx, dy = x0 + rng.random() * (x1 - x0), y0 + rng.random() * (y1 - y0)
            r = 0.8 + rng.random() * 2.5
            drops.addCircle(dx, dy, r)
            if rng.random() < 0.35:
                # water running down the glass: the cue that says "rain" through a window
                trails.moveTo(dx, dy)
                trails.quadTo(
                    dx + rng.random() * 6 - 3,
                    dy - 40,
                    dx + rng.random() * 8 - 4,
                    dy - 70 - rng.random() * 110,
                )
        ctx.fill(drops, lighten(outside.sky_horizon, 0.45), 0.6)
        ctx.stroke(trails, lighten(outside.sky_horizon, 0.4), 1.8, 0.45)
    canvas.restore()
    frame = ctx.shade(hex_rgb("#f2eee6") if curtains is not None else hex_rgb("#3b3a38"), 0.1, 0.7)
    bars = skia.Path()
    t = max(3.0, (x1 - x0) * 0.02)
    bars.addRect(skia.Rect(x0 - t, y0 - t, x1 + t, y0))
    bars.addRect(skia.Rect(x0 - t, y1, x1 + t, y1 + t))
    bars.addRect(skia.Rect(x0 - t, y0, x0, y1))
    bars.addRect(skia.Rect(x1, y0, x1 + t, y1))
    for k in range(1, panes):
        px = x0 + (x1 - x0) * k / panes
        bars.addRect(skia.Rect(px - t / 2, y0, px + t / 2, y1))
    bars.addRect(skia.Rect(x0, (y0 + y1) / 2 - t / 3, x1, (y0 + y1) / 2 + t / 3))
    ctx.fill(bars, frame, outline=True)
    sill = rect_path(x0 - t * 3, y1 + t, x1 + t * 3, y1 + t * 3)
    ctx.fill(sill, ctx.shade(lighten(frame, 0.1), 0.1, 0.8), outline=True)
    if outside.night < 0.5 and outside.sun_visible:
        ctx.glow((x0 + x1) / 2, y1 + 200, (x1 - x0) * 0.9, lighten(outside.key, 0.2), 0.2, ry=80)
    if curtains is not None:
        for side in (-1, 1):
            cx0 = x0 - t * 4 if side < 0 else x1 - (x1 - x0) * 0.12
            cx1 = x0 + (x1 - x0) * 0.12 if side < 0 else x1 + t * 4
            drape = skia.Path()
            drape.moveTo(cx0, y0 - 30)
            drape.lineTo(cx1, y0 - 30)
            drape.quadTo((cx0 + cx1) / 2 + side * 10, (y0 + y1) / 2, cx1 + side * 10, y1 + 60)
            drape.lineTo(cx0, y1 + 60)
            drape.close()
            c = ctx.shade(curtains, 0.1, 0.6)
            ctx.fill(drape, c, outline=True)
            canvas.save()
            canvas.clipPath(drape, doAntiAlias=True)
            folds = skia.Path()
            for k in range(5):
                fx = cx0 + (cx1 - cx0) * (k + 0.5) / 5
                folds.addRect(skia.Rect(fx - 3, y0 - 30, fx + 3, y1 + 60))
            ctx.fill(folds, darken(c, 0.25), 0.5)
            canvas.restore()
        rod = rect_path(x0 - t * 6, y0 - 36, x1 + t * 6, y0 - 30)
        ctx.fill(rod, ctx.shade(hex_rgb("#5a3a26"), 0.1, 0.5))


def _table_between(
    ctx: Ctx, layout: Layout, round_top: bool, cloth: RGB | None = None, cups: bool = True
) -> Foreground:
    """When characters sit, a table stands between them (drawn in front of their laps)."""
    sitting = [a for a in layout.actors if a.pose == "sit"]
    if not sitting:
        return None

    def draw() -> None:
        u = layout.unit
        xs = [a.x for a in sitting]
        x = (
            sum(xs) / len(xs)
            if len(xs) > 1
            else xs[0] + (u * 0.45 if xs[0] < ctx.W / 2 else -u * 0.45)
        )
        width = max(u * 0.5, (max(xs) - min(xs)) * 0.55)
        if sitting[0].seat == "sofa":
            # A low coffee table in front of the sofa, not a dining table across laps.
            base = sitting[0].base + u * 0.16
            top = base - u * 0.24
            board = rrect_path(
                x - width * 0.7, top - u * 0.025, x + width * 0.7, top + u * 0.02, u * 0.01
            )
            for lx in (x - width * 0.6, x + width * 0.6):
                ctx.fill(
                    rect_path(lx - u * 0.015, top, lx + u * 0.015, base),
                    ctx.shade(furniture.DARK_WOOD, 0.0, 0.5),
                    outline=True,
                )
            ctx.fill(board, ctx.shade(furniture.WOOD, 0.0, 0.7), outline=True)
            top -= u * 0.025
        else:
            top = furniture.table(
                ctx, x, sitting[0].base + u * 0.04, u, width, round_top=round_top, cloth=cloth
            )
        if cups:
            furniture.cup(ctx, x - width * 0.2, top, u)
            furniture.cup(ctx, x + width * 0.22, top, u, hex_rgb("#c0392b"), steam=False)

    return draw


def cafe(ctx: Ctx, layout: Layout) -> Foreground:
    """Brick walls, a big window onto the street, pendant lamps, a counter and tiled floor."""
    outside = ctx.light
    ctx.light = interior_light(outside)
    rng = ctx.rng("cafe")
    room = _room(ctx, hex_rgb("#a5573e"), "tile", hex_rgb("#c9b9a0"), "cafe-room")
    bricks = skia.Path()
    y = 0.0
    row = 0
    while y < room.floor:
        bricks.moveTo(-10, y)
        bricks.lineTo(ctx.W + 10, y)
        off = 0 if row % 2 else 22
        for bx in range(int(room.x0) + off, int(room.x1), 44):
            bricks.moveTo(bx, y)
            bricks.lineTo(bx, y + 16)
        y += 16
        row += 1
    canvas = ctx.canvas
    canvas.save()
    canvas.clipRect(skia.Rect(room.x0, 0, room.x1, room.floor))
    ctx.stroke(bricks, ctx.shade(hex_rgb("#d9c9b3"), 0.1, 0.5), 1.6, 0.5)
    canvas.restore()
    wx0, wx1 = ctx.W * 0.2, ctx.W * 0.62
    _window(ctx, outside, wx0, 110, wx1, 500, "street", panes=3)
    counter_x0 = ctx.W * 0.68
    shelf = rect_path(counter_x0 + 20, 200, room.x1 - 10, 212)
    ctx.fill(shelf, ctx.shade(furniture.DARK_WOOD, 0.1, 0.6))
    for k in range(8):
        furniture.cup(ctx, counter_x0 + 50 + k * 30, 200, 160, steam=False)
    board = rect_path(counter_x0 + 30, 60, room.x1 - 30, 170)
    ctx.fill(board, ctx.shade(hex_rgb("#2c332e"), 0.1, 0.5), outline=True)
    chalk = skia.Path()
    for k in range(5):
        chalk.moveTo(counter_x0 + 50, 85 + k * 18)
        for j in range(8):
            chalk.lineTo(
                counter_x0 + 55 + j * 14 + rng.random() * 8, 85 + k * 18 + rng.random() * 4
            )
    ctx.stroke(chalk, (0.9, 0.9, 0.85), 1.4, 0.7)
    counter = rect_path(counter_x0, 420, room.x1 + 40, room.floor + 20)
    ctx.fill(counter, ctx.shade(hex_rgb("#6e4a2e"), 0.1, 0.6), outline=True)
    ctx.texture(counter, 0.7, size=40, stretch=4)
    ctx.fill(
        rect_path(counter_x0 - 8, 412, room.x1 + 40, 424), ctx.shade(hex_rgb("#d8d0c4"), 0.1, 0.8)
    )
    machine = rrect_path(counter_x0 + 40, 330, counter_x0 + 130, 412, 6)
    ctx.fill(machine, ctx.shade(hex_rgb("#b9bcc0"), 0.1, 0.85), outline=True)
    on = outside.night > 0.3 or outside.weather in ("rain", "storm", "fog", "snow")
    for k in range(3):
        furniture.pendant(ctx, ctx.W * (0.25 + 0.25 * k), -10, 120 + 20 * (k % 2), 300, on)
    for k in range(2):
        tx = ctx.W * (0.14 + 0.5 * k)
        furniture.table(ctx, tx, room.floor + 30, 220, 90, round_top=True, depth=0.15)
        furniture.chair(ctx, tx - 60, room.floor + 30, 220, 1.0, depth=0.15)
    furniture.plant(ctx, room.x0 + 30, room.floor + 10, 300, 0.1)
    return _table_between(ctx, layout, round_top=True)


def living_room(ctx: Ctx, layout: Layout) -> Foreground:
    """Wallpaper, a curtained window, bookshelf, pictures, lamp, sofa and a rug."""
    outside = ctx.light
    ctx.light = interior_light(outside)
    rng = ctx.rng("living")
    walls = [hex_rgb(c) for c in ("#d9c7a7", "#a9c1b5", "#c7b2c9", "#e0cfa8", "#b8c7d9")]
    wall = walls[int(rng.integers(len(walls)))]
    room = _room(ctx, wall, "wood", hex_rgb("#9a6b45"), "living-room")
    stripes = skia.Path()
    for k in range(int((room.x1 - room.x0) / 36)):
        x = room.x0 + k * 36
        stripes.addRect(skia.Rect(x, 0, x + 12, room.floor))
    ctx.fill(stripes, ctx.shade(lighten(wall, 0.08), 0.15, 0.6), 0.5)
    win_left = rng.random() < 0.5
    wx0 = ctx.W * (0.16 if win_left else 0.56)
    _window(
        ctx,
        outside,
        wx0,
        120,
        wx0 + ctx.W * 0.26,
        430,
        "garden",
        curtains=[hex_rgb(c) for c in ("#8e3b46", "#2e5e6e", "#b9770e", "#5d6d3f")][
            int(rng.integers(4))
        ],
    )
    shelf_x = ctx.W * (0.66 if win_left else 0.14)
    furniture.bookshelf(ctx, shelf_x, room.floor, 330, 170, 320)
    fx = ctx.W * (0.5 if win_left else 0.44)
    furniture.frame(ctx, fx - 40, 170, 80, 60, "pic1")
    furniture.frame(ctx, fx + 50, 190, 50, 70, "pic2")
    sitting_on_sofa = any(a.seat == "sofa" for a in layout.actors)
    if not sitting_on_sofa:
        furniture.sofa(
            ctx, ctx.W * 0.36, ctx.W * 0.64, room.floor + 60, 300, hex_rgb("#6d7f96"), 0.05
        )
    on = outside.night > 0.3 or outside.weather in ("rain", "storm")
    furniture.lamp(ctx, shelf_x + (220 if win_left else -50), room.floor + 40, 330, on)
    furniture.rug(ctx, ctx.W / 2, room.floor + 170, ctx.W * 0.3, 55, hex_rgb("#8e4b3a"))
    furniture.plant(ctx, ctx.W * (0.93 if win_left else 0.07), room.floor + 120, 360)
    return _table_between(ctx, layout, round_top=False, cups=True)


def kitchen(ctx: Ctx, layout: Layout) -> Foreground:
    """Tiled splashback, cabinets, a counter under the window, a fridge, pots and steam."""
    outside = ctx.light
    ctx.light = interior_light(outside)
    rng = ctx.rng("kitchen")
    room = _room(ctx, hex_rgb("#e8dfc9"), "tile", hex_rgb("#b7aa96"), "kitchen-room")
    counter_top = 430.0
    splash = rect_path(room.x0, 250, room.x1, counter_top)
    ctx.fill(splash, ctx.shade(hex_rgb("#f2f0ea"), 0.12, 0.65))
    tiles = skia.Path()
    for r in range(int((counter_top - 250) / 18)):
        tiles.moveTo(room.x0, 250 + r * 18)
        tiles.lineTo(room.x1, 250 + r * 18)
        for c in range(int((room.x1 - room.x0) / 36)):
            x = room.x0 + c * 36 + (18 if r % 2 else 0)
            tiles.moveTo(x, 250 + r * 18)
            tiles.lineTo(x, 268 + r * 18)
    ctx.stroke(tiles, ctx.shade(hex_rgb("#c9c4b8"), 0.12, 0.5), 1.0, 0.6)
    cab = [hex_rgb(c) for c in ("#5e7f6e", "#2f4f6f", "#b55d3d", "#8a6b4e")][int(rng.integers(4))]
    wx0 = ctx.W * 0.38
    _window(ctx, outside, wx0, 120, wx0 + ctx.W * 0.24, 380, "garden", panes=2)
    for x0, x1 in ((room.x0, wx0 - 30), (wx0 + ctx.W * 0.24 + 30, room.x1 - 150)):
        upper = rect_path(x0, 60, x1, 230)
        ctx.fill(upper, ctx.shade(cab, 0.1, 0.6), outline=True)
        doors = int((x1 - x0) // 90) + 1
        for d in range(doors):
            dx0 = x0 + d * (x1 - x0) / doors + 8
            ctx.stroke(
                rect_path(dx0, 70, dx0 + (x1 - x0) / doors - 16, 220),
                darken(ctx.shade(cab, 0.1, 0.6), 0.2),
                2.0,
            )
    lower = rect_path(room.x0, counter_top, room.x1 - 150, room.floor)
    ctx.fill(lower, ctx.shade(cab, 0.1, 0.5), outline=True)
    for d in range(int((room.x1 - 150 - room.x0) // 90)):
        dx0 = room.x0 + d * 90 + 8
        ctx.stroke(
            rect_path(dx0, counter_top + 20, dx0 + 74, room.floor - 10),
            darken(ctx.shade(cab, 0.1, 0.5), 0.2),
            2.0,
        )
    top = rect_path(room.x0 - 5, counter_top - 12, room.x1 - 145, counter_top + 2)
    ctx.fill(top, ctx.shade(hex_rgb("#d9d4ca"), 0.1, 0.85), outline=True)
    fridge = rrect_path(room.x1 - 140, 120, room.x1, room.floor, 10)
    ctx.fill(fridge, ctx.shade(hex_rgb("#dfe3e6"), 0.1, 0.75), outline=True)
    ctx.canvas.drawLine(
        room.x1 - 125, 300, room.x1 - 125, 380, ctx.paint(hex_rgb("#8a9096"), stroke=4)
    )
    ctx.canvas.drawLine(room.x1 - 140, 330, room.x1, 330, ctx.paint(hex_rgb("#b8bec3"), stroke=2))
    px = wx0 - 120
    # the stove under the pot: what makes a room with cupboards a kitchen
    steel = ctx.shade(hex_rgb("#c9ccd0"), 0.1, 0.7)
    stove = rect_path(px - 75, counter_top - 10, px + 75, room.floor)
    ctx.fill(stove, steel, outline=True)
    oven = rrect_path(px - 58, counter_top + 55, px + 58, room.floor - 25, 6)
    ctx.fill(oven, ctx.shade(hex_rgb("#23262a"), 0.1, 0.5), outline=True)
    ctx.fill(
        rect_path(px - 50, counter_top + 40, px + 50, counter_top + 46),
        ctx.shade(hex_rgb("#8a9096"), 0.1, 0.8),
    )
    knobs = skia.Path()
    for k in range(4):
        knobs.addCircle(px - 45 + k * 30, counter_top + 18, 6)
    ctx.fill(knobs, ctx.shade(hex_rgb("#2b2e33"), 0.1, 0.6))
    hood = poly(
        [
            (px - 70, 235),
            (px + 70, 235),
            (px + 40, 170),
            (px + 40, 60),
            (px - 40, 60),
            (px - 40, 170),
        ]
    )
    ctx.fill(hood, steel, outline=True)
    pot = rrect_path(px - 40, counter_top - 62, px + 40, counter_top - 12, 8)
    ctx.fill(pot, ctx.shade(hex_rgb("#c0392b"), 0.1, 0.7), outline=True)
    steam = skia.Path()
    for k in range(3):
        sx = px - 20 + k * 20
        steam.moveTo(sx, counter_top - 66)
        steam.cubicTo(
            sx + 12, counter_top - 100, sx - 12, counter_top - 130, sx + 6, counter_top - 170
        )
    ctx.stroke(steam, (1.0, 1.0, 1.0), 3.0, 0.25)
    bowl_x = wx0 + ctx.W * 0.3
    ctx.fill(oval_path(bowl_x, counter_top - 22, 40, 14), ctx.shade(hex_rgb("#e8e2d6"), 0.1, 0.8))
    for k, fruit in enumerate(("#e74c3c", "#f39c12", "#f1c40f", "#27ae60")):
        ctx.canvas.drawCircle(
            bowl_x - 24 + k * 16,
            counter_top - 32 - (k % 2) * 6,
            10,
            ctx.paint(ctx.shade(hex_rgb(fruit), 0.1, 0.8)),
        )
    rail = rect_path(room.x0 + 30, 238, wx0 - 60, 243)
    ctx.fill(rail, ctx.shade(hex_rgb("#8a8f94"), 0.1, 0.7))
    for k in range(5):
        ux = room.x0 + 50 + k * 26
        ctx.canvas.drawLine(
            ux, 243, ux, 290, ctx.paint(ctx.shade(hex_rgb("#5b5f63"), 0.1, 0.6), stroke=3)
        )
    on = outside.night > 0.3
    furniture.pendant(ctx, ctx.W * 0.5, -10, 70, 300, on)
    return _table_between(ctx, layout, round_top=False, cloth=hex_rgb("#d9e2ec"))


def bedroom(ctx: Ctx, layout: Layout) -> Foreground:
    """A bed under the window, bedside lamp, wardrobe, pictures and a rug."""
    outside = ctx.light
    ctx.light = interior_light(outside)
    rng = ctx.rng("bedroom")
    walls = [hex_rgb(c) for c in ("#c9d6e3", "#e3cfd6", "#d6e3cf", "#e8dcc4")]
    wall = walls[int(rng.integers(len(walls)))]
    room = _room(ctx, wall, "wood", hex_rgb("#a77c55"), "bedroom-room")
    _window(
        ctx,
        outside,
        ctx.W * 0.56,
        110,
        ctx.W * 0.8,
        390,
        "city" if rng.random() < 0.5 else "garden",
        curtains=[hex_rgb(c) for c in ("#f1e3c6", "#9bb7d4", "#d4a5a5")][int(rng.integers(3))],
    )
    on_bed = any(a.seat == "bed" for a in layout.actors)
    if not on_bed:
        furniture.bed(
            ctx,
            ctx.W * 0.14,
            ctx.W * 0.5,
            room.floor + 50,
            380,
            [hex_rgb(c) for c in ("#5d6d9e", "#b05a5a", "#5e8c6a", "#c9a14a")][
                int(rng.integers(4))
            ],
            0.05,
        )
    stand = rect_path(ctx.W * 0.5 + 10, room.floor - 40, ctx.W * 0.5 + 80, room.floor + 50)
    ctx.fill(stand, ctx.shade(furniture.WOOD, 0.05, 0.6), outline=True)
    on = outside.night > 0.3
    furniture.lamp(ctx, ctx.W * 0.5 + 45, room.floor - 40, 380, on, floor=False)
    wardrobe = rect_path(ctx.W * 0.83, 140, room.x1 + 60, room.floor + 20)
    ctx.fill(wardrobe, ctx.shade(furniture.WOOD, 0.1, 0.55), outline=True)
    ctx.stroke(
        poly([(ctx.W * 0.83 + 70, 150), (ctx.W * 0.83 + 70, room.floor + 10)], False),
        darken(ctx.shade(furniture.WOOD, 0.1, 0.55), 0.3),
        2.0,
    )
    furniture.frame(ctx, ctx.W * 0.25, 170, 90, 65, "bpic")
    furniture.rug(ctx, ctx.W * 0.55, room.floor + 200, ctx.W * 0.25, 50, hex_rgb("#c9a27a"))
    return None


def office(ctx: Ctx, layout: Layout) -> Foreground:
    """Ribbon windows onto the city, desks with glowing monitors, plants and a whiteboard."""
    outside = ctx.light
    ctx.light = interior_light(outside)
    room = _room(ctx, hex_rgb("#d9dcdf"), "carpet", hex_rgb("#7c8590"), "office-room")
    for k in range(3):
        x0 = room.x0 + 20 + k * (room.x1 - room.x0 - 40) / 3
        _window(
            ctx, outside, x0 + 10, 70, x0 + (room.x1 - room.x0 - 40) / 3 - 10, 420, "city", panes=2
        )
    panels = skia.Path()
    for k in range(4):
        panels.addRect(skia.Rect(ctx.W * (0.15 + 0.2 * k), 8, ctx.W * (0.15 + 0.2 * k) + 140, 22))
    ctx.fill(panels, hex_rgb("#f6f8fa"), 0.95)
    night = outside.night > 0.3
    for k in range(3):
        dx = ctx.W * (0.2 + 0.3 * k)
        top = room.floor + 20 - 210 * 0.44
        desk = rect_path(dx - 110, top - 8, dx + 110, top + 4)
        ctx.fill(desk, ctx.shade(hex_rgb("#e5e1da"), 0.1, 0.8), outline=True)
        for lx in (dx - 100, dx + 100):
            ctx.canvas.drawRect(
                skia.Rect(lx - 3, top, lx + 3, room.floor + 20),
                ctx.paint(ctx.shade(furniture.METAL, 0.1, 0.5)),
            )
        mon = rrect_path(dx - 45, top - 70, dx + 45, top - 16, 3)
        ctx.fill(mon, ctx.shade(hex_rgb("#222428"), 0.1, 0.5), outline=True)
        screen = rect_path(dx - 41, top - 66, dx + 41, top - 20)
        glow_c = hex_rgb("#8fc1ff")
        ctx.fill(screen, glow_c if night else ctx.shade(hex_rgb("#6f8fb3"), 0.1, 0.9))
        if night:
            ctx.glow(dx, top - 40, 120, glow_c, 0.3)
        ctx.canvas.drawRect(
            skia.Rect(dx - 4, top - 16, dx + 4, top - 8), ctx.paint(hex_rgb("#333333"))
        )
        furniture.chair(
            ctx, dx, room.floor + 40, 210, 1.0 if k % 2 else -1.0, hex_rgb("#2d3e50"), 0.1
        )
    furniture.plant(ctx, room.x0 + 40, room.floor + 40, 360, 0.05, 1.3)
    board = rect_path(room.x1 - 210, 150, room.x1 - 20, 300)
    ctx.fill(board, ctx.shade(hex_rgb("#fbfbfb"), 0.1, 0.8), outline=True)
    scrib = skia.Path()
    scrib.moveTo(room.x1 - 190, 270)
    for k in range(8):
        scrib.lineTo(room.x1 - 180 + k * 20, 260 - k * 12 + (k % 2) * 15)
    ctx.stroke(scrib, hex_rgb("#2e86c1"), 2.5, 0.8)
    ctx.light = ctx.light
    return _table_between(ctx, layout, round_top=False, cups=True)


def classroom(ctx: Ctx, layout: Layout) -> Foreground:
    """Blackboard with chalk, teacher's desk, clock, side windows and rows of desks."""
    outside = ctx.light
    ctx.light = interior_light(outside)
    rng = ctx.rng("classroom")
    room = _room(ctx, hex_rgb("#e6dfc8"), "wood", hex_rgb("#b08a5e"), "class-room")
    wains = rect_path(room.x0, 470, room.x1, room.floor)
    ctx.fill(wains, ctx.shade(hex_rgb("#7d9a7a"), 0.12, 0.55))
    bx0, bx1 = ctx.W * 0.26, ctx.W * 0.74
    board = rect_path(bx0, 150, bx1, 400)
    ctx.fill(
        rect_path(bx0 - 12, 138, bx1 + 12, 412), ctx.shade(furniture.WOOD, 0.1, 0.6), outline=True
    )
    ctx.fill(board, ctx.shade(hex_rgb("#2f4a3a"), 0.1, 0.55))
    ctx.texture(board, 0.5, size=60)
    chalk = skia.Path()
    for line in range(4):
        y = 190.0 + line * 48
        x = bx0 + 40
        chalk.moveTo(x, y)
        for j in range(int((bx1 - bx0 - 240) / 16)):
            x += 16
            chalk.lineTo(x, y + math.sin(j * 1.7 + line) * 6 + rng.random() * 3)
    chalk.addCircle(bx1 - 110, 270, 50)
    chalk.moveTo(bx1 - 160, 270)
    chalk.lineTo(bx1 - 60, 270)
    chalk.moveTo(bx1 - 110, 220)
    chalk.lineTo(bx1 - 110, 320)
    ctx.stroke(chalk, (0.92, 0.92, 0.88), 2.2, 0.75)
    ctx.fill(rect_path(bx0, 400, bx1, 408), ctx.shade(hex_rgb("#c9b79c"), 0.1, 0.7))
    furniture.clock(ctx, ctx.W / 2, 95, 28)
    left_wall_x = room.x0
    for k in range(2):
        y0, y1 = 120 + k * 10, 380 - k * 10
        x0 = left_wall_x - 120 + k * 70
        win = poly([(x0, y0 - 20 * (1 - k)), (x0 + 50, y0), (x0 + 50, y1), (x0, y1 + 20 * (1 - k))])
        ctx.fill(
            win,
            ctx.shade(
                mix(outside.sky_mid, hex_rgb("#ffffff"), 0.3)
                if outside.night < 0.5
                else outside.sky_top,
                0.1,
                0.9,
            ),
        )
        ctx.stroke(win, ctx.shade(hex_rgb("#f2eee6"), 0.1, 0.8), 5)
    desk = rect_path(ctx.W * 0.62, room.floor - 70, ctx.W * 0.84, room.floor - 56)
    ctx.fill(desk, ctx.shade(furniture.WOOD, 0.1, 0.65), outline=True)
    ctx.fill(
        rect_path(ctx.W * 0.63, room.floor - 56, ctx.W * 0.83, room.floor + 10),
        ctx.shade(furniture.DARK_WOOD, 0.1, 0.5),
        outline=True,
    )
    for k in range(4):
        ctx.fill(
            rect_path(
                ctx.W * 0.66 + k * 14,
                room.floor - 92 + k * 4,
                ctx.W * 0.66 + k * 14 + 12,
                room.floor - 70,
            ),
            ctx.shade(hex_rgb(("#c0392b", "#2e86c1", "#f1c40f", "#27ae60")[k]), 0.1, 0.7),
        )
    for row in range(2):
        for col in range(4):
            u = 200.0 + row * 60
            y = room.floor + 70 + row * 110
            x = ctx.W * (0.14 + 0.24 * col) + (row * 40)
            top = y - u * 0.44
            ctx.fill(
                rect_path(x - u * 0.3, top - u * 0.03, x + u * 0.3, top + u * 0.02),
                ctx.shade(furniture.WOOD, 0.05, 0.7),
                outline=True,
            )
            for lx in (x - u * 0.26, x + u * 0.26):
                ctx.canvas.drawRect(
                    skia.Rect(lx - 3, top, lx + 3, y),
                    ctx.paint(ctx.shade(furniture.METAL, 0.05, 0.5)),
                )
    furniture.pendant(ctx, ctx.W * 0.3, -10, 40, 260, outside.night > 0.3)
    furniture.pendant(ctx, ctx.W * 0.7, -10, 40, 260, outside.night > 0.3)
    return None
