"""Landscapes: beach, harbour (quay or pier), cliffs, mountains, forest, fields, river, desert,
space and the night sky.

Each function paints everything behind the characters, far to near, and may return a
callable that paints what stands in front of them. Each place has a signature silhouette (the
lighthouse headland, the winding river, the snowcapped range) so the places stay recognisable
as thumbnails, whatever the light and weather.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import skia

from filmstudio.engine.picture import buildings, plants, terrain, water, weather
from filmstudio.engine.picture.canvas import Ctx, Point, oval_path, poly, rect_path
from filmstudio.engine.picture.colour import RGB, darken, hex_rgb, lighten, mix
from filmstudio.engine.picture.noise import fbm1
from filmstudio.engine.picture.sky import draw_milky_way
from filmstudio.engine.picture.staging import Layout

Foreground = Callable[[], None] | None

SAND = hex_rgb("#dcc39a")
WET_SAND = hex_rgb("#a48c6c")
SEA = hex_rgb("#1f5f7a")
GRASS = hex_rgb("#6d9a45")
MEADOW = hex_rgb("#7fa24c")
ROCK = hex_rgb("#8a8378")


def _fog_between(ctx: Ctx, y: float, tag: str, height: float = 120.0) -> None:
    if ctx.light.fog > 0:
        weather.fog_band(ctx, y, height, 0.8 * ctx.light.fog, tag)
    elif ctx.light.weather in ("rain", "snow", "storm"):
        weather.fog_band(ctx, y, height * 0.8, 0.3, tag)


#: Words that put a boat on the water (the planner names the prop "boat").
BOAT_WORDS = ("boat", "ship", "yacht", "sailboat")


def _boat_box(
    x: float, waterline: float, size: float, kind: str
) -> tuple[float, float, float, float]:
    """Where `buildings.boat` paints a boat of `kind`: hull, and mast and sail or cabin."""
    top = {"sail": 1.35, "fishing": 0.78}.get(kind, 0.3)
    return (x - size * 0.55, waterline - size * top, x + size * 0.55, waterline + size * 0.06)


def _boat_if_asked(
    ctx: Ctx,
    layout: Layout,
    y: float,
    size: float,
    x: float | None = None,
    kind: str = "sail",
    clip: skia.Path | None = None,
    depth: float = 0.3,
) -> None:
    """A boat on the water at (`x`, waterline `y`) when the scene's props include one, with
    its reflection (kept inside `clip`: the river's banks); its box goes into
    `layout.prop_boxes` so an insert finds it and the stage rocks it on the water."""
    if not layout.shows(*BOAT_WORDS):
        return
    if x is None:
        x = ctx.W * (0.25 + ctx.rng("boat-word").random() * 0.5)
    buildings.boat(ctx, x, y, size, depth, "wordboat", kind)
    x0, y0, x1, y1 = _boat_box(x, y, size, kind)
    layout.prop_boxes["boat"] = (x0, y0, x1, y1)
    water.reflect(
        ctx,
        y + 2,
        size * 0.5,
        0.35,
        "wordboat-r",
        x - size * 0.7,
        x + size * 0.7,
        ripple=4.0,
        clip=clip,
    )


def beach(ctx: Ctx, layout: Layout) -> Foreground:
    """Open sea to the horizon, surf on a curving shore, dry sand and dune grass."""
    hz = ctx.horizon
    rng = ctx.rng("beach")
    head_side = 1 if rng.random() < 0.5 else -1
    n_head = 80
    xs = np.linspace(-20, ctx.W * (0.3 + 0.15 * rng.random()), n_head, dtype=np.float32)
    if head_side > 0:
        xs = ctx.W - xs
    prof = fbm1(rng, n_head, cells=4, octaves=5)
    ridge: list[Point] = []
    for i, x in enumerate(xs):
        t = 1.0 - i / (n_head - 1)  # 1 at the frame edge, 0 at the tip
        rise = min(1.0, t * 5.0) ** 0.6 * (0.55 + 0.45 * t)
        ridge.append((float(x), float(hz + 1 - rise * (60 + 40 * prof[i]))))
    head = poly([*ridge, (float(xs[-1]), hz + 3), (float(xs[0]), hz + 3)])
    land = hex_rgb("#5f7458")
    ctx.fill_shader(
        head, ctx.vgrad(hz - 100, hz, [ctx.shade(land, 0.7, 0.8), ctx.shade(land, 0.8, 0.3)])
    )
    ctx.texture(head, 0.6, size=60, stretch=2)
    shore_y = hz + (ctx.H - hz) * 0.42
    water.draw_water(ctx, hz, SEA, "sea", bottom=shore_y + 40)
    _boat_if_asked(ctx, layout, hz + 40, 70)
    n = 80
    wob = fbm1(ctx.rng("shore"), n, cells=3, octaves=4)
    shore: list[Point] = []
    for i in range(n):
        x = -20 + (ctx.W + 40) * i / (n - 1)
        shore.append((x, shore_y + (wob[i] - 0.5) * 50 + 20 * math.sin(i / n * math.pi * 2)))
    sand = poly([*shore, (ctx.W + 20, ctx.H + 10), (-20, ctx.H + 10)])
    dry = ctx.shade(terrain.snowy(ctx, SAND), 0.1, 0.75)
    wet = ctx.shade(terrain.snowy(ctx, WET_SAND, 0.5), 0.3, 0.6)
    ctx.fill_shader(
        sand, ctx.vgrad(shore_y - 30, ctx.H, [wet, mix(wet, dry, 0.7), dry, lighten(dry, 0.04)])
    )
    ctx.texture(sand, 0.7, size=90, stretch=3.0)
    canvas = ctx.canvas
    canvas.save()
    canvas.clipPath(sand, doAntiAlias=True)
    water.reflect(ctx, shore_y - 25, 60, 0.35, "wetsand", ripple=3.0, fade=1.0)
    canvas.restore()
    water.foam_line(ctx, shore, 7.0, "surf")
    back = [(x, y - 18 - 10 * math.sin(x * 0.01)) for x, y in shore]
    water.foam_line(ctx, back, 3.0, "surf2")
    ripples = skia.Path()
    for k in range(90):
        y = shore_y + 60 + (ctx.H - shore_y) * (k / 90) ** 1.3
        x = rng.random() * ctx.W
        w = 20 + 80 * (y - shore_y) / (ctx.H - shore_y)
        ripples.moveTo(x, y)
        ripples.quadTo(x + w / 2, y - 3, x + w, y)
    ctx.stroke(ripples, ctx.shade(darken(SAND, 0.2), 0.0, 0.5), 1.4, 0.35)
    if rng.random() < 0.6 or layout.shows("palm", "palm_tree"):
        px = ctx.W * (0.06 if head_side > 0 else 0.94)
        plants.palm(ctx, px, ctx.H * 0.97, 520, 0.0, "palm1")
    grass_x = ctx.W * (0.9 if head_side > 0 else 0.1)
    for k in range(3):
        plants.reeds(
            ctx,
            grass_x - 90 + k * 60,
            grass_x - 30 + k * 60,
            ctx.H - 10 + k * 4,
            90,
            0.0,
            f"dune{k}",
        )
    return None


def harbour(ctx: Ctx, layout: Layout) -> Foreground:
    """A working harbour: far town on the water, moored boats with reflections, a stone quay."""
    hz = ctx.horizon
    rng = ctx.rng("harbour")
    terrain.draw_hills(ctx, "harbour-hills", hz - 10, 80, hex_rgb("#5f7a5a"), 0.75, bottom=hz + 40)
    town_base = hz + 28
    x = -20.0
    i = 0
    while x < ctx.W + 20:
        w = 40 + rng.random() * 50
        h = 34 + rng.random() * 40
        buildings.house(
            ctx, x + w / 2, town_base, w, h, 0.55, f"ht{i}", side_w=w * 0.25, roof_h=w * 0.35
        )
        x += w * 1.15
        i += 1
    quay = rect_path(-10, town_base - 2, ctx.W + 10, town_base + 8)
    ctx.fill(quay, ctx.shade(hex_rgb("#7d7468"), 0.5, 0.6))
    lx = ctx.W * (0.8 if rng.random() < 0.5 else 0.2)
    buildings.lighthouse(ctx, lx, town_base, 90, 0.45)
    water_top = town_base + 8
    quay_top = hz + (ctx.H - hz) * 0.6
    pier = layout.shows("pier", "jetty", "dock", "boardwalk", "wharf")
    water.draw_water(
        ctx,
        water_top,
        hex_rgb("#24566a"),
        "harbour-water",
        bottom=ctx.H + 10 if pier else quay_top + 5,
        waves=0.6,
        horizon=hz,
    )
    for k in range(4):
        t = (k + 1) / 5
        y = water_top + (quay_top - water_top) * (0.25 + 0.6 * t * t)
        size = 60 + 150 * t * t
        bx = ctx.W * (0.12 + 0.76 * rng.random())
        kind = "sail" if rng.random() < 0.55 else "fishing"
        buildings.boat(ctx, bx, y, size, 0.4 * (1 - t), f"hb{k}", kind)
        if k == 3 and layout.shows(*BOAT_WORDS):  # the nearest one is the boat the text names
            layout.prop_boxes["boat"] = _boat_box(bx, y, size, kind)
        water.reflect(
            ctx,
            y + size * 0.03,
            size * 0.5,
            0.5,
            f"hbr{k}",
            bx - size * 0.6,
            bx + size * 0.6,
            ripple=3 + 4 * t,
        )
    if pier:
        _pier(ctx, layout, water_top, quay_top)
        return None
    wall = rect_path(-10, quay_top, ctx.W + 10, ctx.H + 10)
    stone = ctx.shade(terrain.snowy(ctx, hex_rgb("#8f857a"), 0.7), 0.05, 0.6)
    ctx.fill_shader(wall, ctx.vgrad(quay_top, ctx.H, [lighten(stone, 0.08), stone]))
    blocks = skia.Path()
    for row in range(6):
        y = quay_top + 22 + row * 26 * (1 + row * 0.25)
        blocks.moveTo(-10, y)
        blocks.lineTo(ctx.W + 10, y)
    ctx.stroke(blocks, darken(stone, 0.3), 1.2, 0.4)
    ctx.texture(wall, 1.0, size=120, stretch=2)
    edge = rect_path(-10, quay_top - 6, ctx.W + 10, quay_top + 10)
    ctx.fill(edge, ctx.shade(lighten(hex_rgb("#9d948a"), 0.1), 0.05, 0.8), outline=True)
    if ctx.light.wet:
        water.reflect(ctx, quay_top + 12, 120, 0.25, "quay-wet", ripple=2.0)
    for k in range(3):
        bx = ctx.W * (0.1 + 0.4 * k) + rng.random() * 40
        post = poly(
            [
                (bx - 14, quay_top + 40),
                (bx - 11, quay_top - 2),
                (bx + 11, quay_top - 2),
                (bx + 14, quay_top + 40),
            ]
        )
        ctx.fill(post, ctx.shade(hex_rgb("#2f3438"), 0.0, 0.5), outline=True)
        ctx.fill(oval_path(bx, quay_top - 2, 16, 6), ctx.shade(hex_rgb("#3b4146"), 0.0, 0.8))
    lamp_x = ctx.W * (0.9 if layout.actors and layout.actors[0].x < ctx.W / 2 else 0.1)
    buildings.lamp_post(ctx, lamp_x, ctx.H * 0.97, 420, 0.0)
    return None


PLANK = hex_rgb("#8a6a4a")


def _pier(ctx: Ctx, layout: Layout, water_top: float, quay_top: float) -> None:
    """A wooden pier running out over the water from under our feet toward the horizon.

    The water comes right up to the frame edges on both sides, so the people stand out over
    the sea: what "on the pier" looks like, rather than on a stone quay.
    """
    rng = ctx.rng("pier")
    # The pier runs out under the people (wherever the blocking put them), so they stand on it.
    xs = [a.x for a in layout.actors if layout.shot in ("establishing", "wide")]
    centre = sum(xs) / len(xs) if xs else ctx.W * (0.5 + (rng.random() - 0.5) * 0.12)
    centre = min(max(centre, ctx.W * 0.3), ctx.W * 0.7)
    far_y = water_top + 55
    near_y = ctx.H + 10
    spread = max(xs) - min(xs) if xs else 0.0
    near_half = max(ctx.W * 0.36, spread * 1.4 + 260)
    vx = ctx.W * 0.5 + (centre - ctx.W * 0.5) * 1.15
    near_l, near_r = (
        centre + (centre - vx) * 0.3 - near_half,
        centre + (centre - vx) * 0.3 + near_half,
    )
    far_half = 55.0

    def edge(t: float, side: float) -> Point:
        # t: 0 at the far end, 1 at the near edge of the frame
        y = far_y + (near_y - far_y) * t
        near_x = near_r if side > 0 else near_l
        return (vx + side * far_half + (near_x - vx - side * far_half) * t, y)

    deck = poly([edge(0, -1), edge(0, 1), edge(1, 1), edge(1, -1)])
    plank = ctx.shade(terrain.snowy(ctx, PLANK, 0.8), 0.05, 0.65)
    # the deck's thickness and the piles under it, both sides, far to near
    piles = skia.Path()
    beams = skia.Path()
    for side in (-1.0, 1.0):
        pts = [edge(t, side) for t in np.linspace(0.0, 1.0, 10)]
        beams.addPath(
            poly(
                [*pts, *[(x, y + 6 + 30 * (i / 9)) for i, (x, y) in reversed(list(enumerate(pts)))]]
            )
        )
        for k in range(1, 9):
            t = (k / 8) ** 1.6
            x, y = edge(t, side)
            w = 4 + 22 * t
            piles.addRect(skia.Rect(x - w / 2, y, x + w / 2, y + 20 + 160 * t))
    dark = ctx.shade(darken(PLANK, 0.55), 0.05, 0.3)
    ctx.fill(piles, dark, outline=True)
    water.reflect(ctx, quay_top - 4, 160, 0.3, "pier-r", near_l, near_r, ripple=4.0)
    ctx.fill(beams, darken(plank, 0.35), outline=True)
    ctx.fill_shader(
        deck, ctx.vgrad(far_y, near_y, [darken(plank, 0.15), plank, lighten(plank, 0.06)])
    )
    canvas = ctx.canvas
    canvas.save()
    canvas.clipPath(deck, doAntiAlias=True)
    seams = skia.Path()
    depth = 1.0 / 18.0
    for k in range(1, 40):
        t = 1.0 - 1.0 / (1.0 + k * depth * 3.0)  # evenly spaced boards in perspective
        t = 1.0 - t
        y = far_y + (near_y - far_y) * (1.0 - t) ** 1.0
        if y >= near_y:
            break
        (xl, _), (xr, _) = (
            edge((y - far_y) / (near_y - far_y), -1),
            edge((y - far_y) / (near_y - far_y), 1),
        )
        seams.moveTo(xl, y)
        seams.lineTo(xr, y)
    ctx.stroke(seams, darken(plank, 0.4), 1.6, 0.55)
    ctx.texture(deck, 1.0, size=70, stretch=4.0)
    if ctx.light.wet:
        water.reflect(ctx, far_y + 10, 140, 0.2, "pier-wet", ripple=2.0)
    canvas.restore()
    # low posts along both edges, a lamp at the far end, a coil of rope
    posts = skia.Path()
    for side in (-1.0, 1.0):
        for k in range(1, 7):
            t = (k / 6) ** 1.5
            x, y = edge(t, side)
            w, h = 3 + 14 * t, 10 + 70 * t
            posts.addRect(
                skia.Rect(x - w / 2 - side * w * 0.5, y - h, x + w / 2 - side * w * 0.5, y + 2)
            )
    ctx.fill(posts, ctx.shade(darken(PLANK, 0.3), 0.0, 0.5), outline=True)
    fx, fy = edge(0.02, 1)
    buildings.lamp_post(ctx, fx - 6, fy, 70, 0.3)


def cliffs(ctx: Ctx, layout: Layout) -> Foreground:
    """A headland with a lighthouse across the water, and the clifftop we stand on."""
    hz = ctx.horizon
    rng = ctx.rng("cliffs")
    side = -1.0  # the headland on the left, our clifftop on the right (see places.py centre)
    water.draw_water(ctx, hz, hex_rgb("#1d5470"), "cliff-sea", waves=1.3)
    _fog_between(ctx, hz + 20, "cliff-fog1", 90)
    far_edge = ctx.W * (0.3 if side < 0 else 0.7)
    # A tall headland: its face rises well above the horizon, so it reads as a cliff (a low
    # slab at the waterline read as a rocky shore) and the lighthouse stands against the sky.
    cliff_top = hz - 150
    cliff_foot = hz + 175
    terrain.draw_cliff(ctx, far_edge, cliff_top, cliff_foot, side, "far-cliff")
    _boat_if_asked(ctx, layout, hz + 45, 70, x=ctx.W * (0.5 - side * 0.2))
    lh_x = ctx.W * (0.15 if side < 0 else 0.85)
    top_y = cliff_top - 6
    buildings.lighthouse(ctx, lh_x, top_y, 210, 0.2)
    cottage_x = lh_x + (75 if side < 0 else -75)
    buildings.house(ctx, cottage_x, top_y + 4, 62, 38, 0.25, "keeper", side_w=20, roof_h=24)
    foam = skia.Path()
    for _ in range(90):
        fx = far_edge + 25 + side * (rng.random() * 170 - 60)
        fy = cliff_foot - 18 + rng.random() * 30
        foam.addCircle(fx, fy, 2 + rng.random() * 7)
    ctx.fill(foam, ctx.shade(hex_rgb("#f2f5f7"), 0.3, 0.9), 0.75)
    for k in range(3):
        sx = far_edge + 60 + k * 70 + rng.random() * 30
        terrain.draw_rock(
            ctx, sx, cliff_foot + 6 + k * 4, 34 - k * 6, 40 - k * 8, ROCK, 0.3, f"stack{k}"
        )
    # The clifftop in the foreground: a grass plateau whose rock face drops away on the sea
    # side toward the bottom corner, so we stand high above the water, not beside it.
    edge_x = ctx.W * (0.4 if side < 0 else 0.6)
    plateau_top = ctx.H * 0.72
    n = 30
    jag = fbm1(ctx.rng("lip"), n, cells=4, octaves=3)
    lip: list[Point] = []
    for i in range(n):
        t = i / (n - 1)
        y = plateau_top + t * (ctx.H + 10 - plateau_top)
        lip.append((edge_x + side * (t * 260 + (jag[i] - 0.5) * 40), y))
    far_x = ctx.W + 20 if side < 0 else -20
    plateau = poly(
        [(edge_x, plateau_top), (far_x, plateau_top - 24), (far_x, ctx.H + 10), *reversed(lip)]
    )
    face_far = [
        (edge_x + side * (12 + t * 1150), plateau_top + 4 + t**1.6 * (ctx.H + 10 - plateau_top))
        for t in np.linspace(0.0, 1.0, 12)
    ]
    face = poly([*lip, *reversed([(float(x), float(y)) for x, y in face_far])])
    rock_col = terrain.snowy(ctx, ROCK, 0.3)
    ctx.fill_shader(
        face,
        ctx.vgrad(
            plateau_top,
            ctx.H,
            [ctx.shade(rock_col, 0.0, 0.45), ctx.shade(darken(rock_col, 0.25), 0.0, 0.15)],
        ),
    )
    canvas = ctx.canvas
    canvas.save()
    canvas.clipPath(face, doAntiAlias=True)
    ledges = skia.Path()
    for k in range(7):
        y = plateau_top + 30 + k * 45 + rng.random() * 20
        ledges.moveTo(edge_x - side * 500, y + 30)
        ledges.lineTo(edge_x + side * 300, y - 20)
    ctx.stroke(ledges, ctx.shade(darken(rock_col, 0.4), 0.0, 0.1), 5.0, 0.5)
    ctx.texture(face, 1.3, size=80, stretch=0.5)
    canvas.restore()
    if ctx.style.outline > 0:
        ctx.stroke(face, ctx.ink(rock_col), ctx.style.outline, 0.8)
    grass = terrain.snowy(ctx, hex_rgb("#6a8f42"))
    ctx.fill_shader(
        plateau,
        ctx.vgrad(
            plateau_top - 20,
            ctx.H,
            [ctx.shade(lighten(grass, 0.06), 0.1, 0.85), ctx.shade(grass, 0.0, 0.55)],
        ),
    )
    ctx.texture(plateau, 0.9, size=100, stretch=2.5)
    canvas.save()
    canvas.clipPath(plateau, doAntiAlias=True)
    terrain.grass_tufts(ctx, "cliff-grass", plateau_top + 10, ctx.H, grass, 160, 22)
    canvas.restore()
    for k in range(3):
        rx = edge_x - side * (40 + k * 35)
        terrain.draw_rock(
            ctx, rx, plateau_top + 30 + k * 38, 50 + k * 18, 26 + k * 9, ROCK, 0.0, f"lipr{k}"
        )
    return None


def mountains(ctx: Ctx, layout: Layout) -> Foreground:
    """Layered ranges fading into haze, snowcaps, a pine line and an alpine meadow."""
    hz = ctx.horizon
    rng = ctx.rng("mountains")
    terrain.draw_range(
        ctx,
        "far-range",
        hz + 10,
        360,
        hex_rgb("#8a93a8"),
        0.85,
        sharp=0.85,
        snowcaps=0.9,
        cells=2.2,
    )
    _fog_between(ctx, hz + 20, "mfog1", 140)
    terrain.draw_range(
        ctx,
        "mid-range",
        hz + 70,
        230,
        hex_rgb("#6f7a72"),
        0.5,
        sharp=0.7,
        snowcaps=0.35 + 0.5 * ctx.light.snow,
        cells=3.0,
    )
    _fog_between(ctx, hz + 80, "mfog2", 120)
    lake = rng.random() < 0.5 or layout.shows("lake")
    if lake:
        top = hz + 90
        water.draw_water(
            ctx,
            top,
            hex_rgb("#2f5f6f"),
            "alpine-lake",
            bottom=hz + 170,
            waves=0.4,
            reflect_strength=0.8,
        )
    plants.tree_line(ctx, hz + 150, 90, 0.35, "m-pines", kind="pine", density=1.4)
    terrain.draw_hills(ctx, "meadow", hz + 190, 60, MEADOW, 0.12, cells=1.2)
    terrain.grass_tufts(ctx, "m-grass", hz + 200, ctx.H, MEADOW, 220, 20)
    plants.flowers(ctx, hz + 210, ctx.H, 160, "m-flowers")
    for k, fx in enumerate((0.05, 0.93)):
        plants.pine(ctx, ctx.W * fx, ctx.H * (0.98 + 0.02 * k), 520 + 60 * k, 0.0, f"fgpine{k}")
    terrain.draw_rock(
        ctx, ctx.W * (0.2 + 0.6 * rng.random()), ctx.H * 0.86, 120, 60, ROCK, 0.05, "mrock"
    )
    return None


def forest(ctx: Ctx, layout: Layout) -> Foreground:
    """Trunks receding into haze under a canopy, light shafts, a path and ferns."""
    hz = ctx.horizon
    rng = ctx.rng("forest")
    for k, (base, height, depth) in enumerate(((hz + 40, 260, 0.8), (hz + 70, 330, 0.6))):
        plants.tree_line(ctx, base, height, depth, f"ftl{k}", kind="mixed", density=1.8)
        _fog_between(ctx, base - 40, f"ffog{k}", 160)
    floor_top = hz + 60
    ground = rect_path(-10, floor_top, ctx.W + 10, ctx.H + 10)
    moss = terrain.snowy(ctx, hex_rgb("#4f6b34"))
    ctx.fill_shader(
        ground, ctx.vgrad(floor_top, ctx.H, [ctx.shade(moss, 0.5, 0.5), ctx.shade(moss, 0.0, 0.55)])
    )
    ctx.texture(ground, 1.0, size=90, stretch=3)
    path = poly(
        [
            (ctx.W * 0.47, floor_top + 4),
            (ctx.W * 0.53, floor_top + 4),
            (ctx.W * 0.78, ctx.H + 10),
            (ctx.W * 0.22, ctx.H + 10),
        ]
    )
    ctx.fill_shader(
        path,
        ctx.vgrad(
            floor_top,
            ctx.H,
            [
                ctx.shade(hex_rgb("#8a7353"), 0.5, 0.6),
                ctx.shade(terrain.snowy(ctx, hex_rgb("#9c8160")), 0.0, 0.65),
            ],
        ),
    )
    ctx.texture(path, 0.8, size=50, stretch=2)
    trunks = sorted(((rng.random(), rng.random()) for _ in range(14)), key=lambda t: t[0])
    bark = hex_rgb("#4b3a2c")
    for t, u in trunks:
        x = ctx.W * u
        if abs(u - 0.5) < 0.08:
            continue
        base = floor_top + 10 + t * (ctx.H - floor_top) * 0.55
        w = 8 + t * 45
        depth = 0.6 * (1 - t)
        trunk = poly(
            [(x - w * 0.6, base), (x - w * 0.45, -10), (x + w * 0.45, -10), (x + w * 0.6, base)]
        )
        ctx.fill(trunk, ctx.shade(bark, depth, 0.3), outline=True)
        lit = poly(
            [
                (x + ctx.light.light_side * w * 0.15, base),
                (x + ctx.light.light_side * w * 0.1, -10),
                (x + ctx.light.light_side * w * 0.45, -10),
                (x + ctx.light.light_side * w * 0.6, base),
            ]
        )
        ctx.fill(lit, ctx.shade(lighten(bark, 0.15), depth, 0.9), 0.7)
        ctx.texture(trunk, 0.8, size=40, stretch=0.3)
    canopy = skia.Path()
    for _ in range(40):
        canopy.addCircle(rng.random() * ctx.W, rng.random() * 140 - 20, 60 + rng.random() * 90)
    canopy = skia.Simplify(canopy)
    ctx.fill(
        canopy,
        ctx.shade(plants.LEAF_DARK if ctx.light.snow < 0.5 else hex_rgb("#cfd6dc"), 0.2, 0.35),
    )
    ctx.texture(canopy, 0.8, size=60)
    if ctx.light.sun_visible and not ctx.light.is_moon and ctx.light.time != "night":
        from filmstudio.engine.picture.sky import draw_god_rays

        draw_god_rays(ctx, ctx.W * ctx.light.sun_x, -40, lighten(ctx.light.sun_colour, 0.2), 0.3)
    for k in range(12):
        fx = rng.random() * ctx.W
        fy = ctx.H * (0.82 + rng.random() * 0.18)
        plants.bush(ctx, fx, fy, 90 + rng.random() * 80, 0.0, f"fern{k}", hex_rgb("#4f7d3a"))
    terrain.grass_tufts(ctx, "f-grass", floor_top + 40, ctx.H, hex_rgb("#55783a"), 120, 18)
    if ctx.light.night > 0.6 and ctx.light.weather in ("clear", "clouds"):
        flies = skia.Path()
        for _ in range(40):
            flies.addCircle(rng.random() * ctx.W, hz - 100 + rng.random() * 400, 1.6)
        ctx.canvas.drawPath(flies, ctx.paint(hex_rgb("#fff6a0"), 0.9))
        ctx.canvas.drawPath(flies, ctx.paint(hex_rgb("#fff6a0"), 0.35, blur=6))
    return None


def fields(ctx: Ctx, layout: Layout) -> Foreground:
    """Rolling patchwork farmland, hedgerows, a farmhouse, a lone tree and a fence."""
    hz = ctx.horizon
    rng = ctx.rng("fields")
    terrain.draw_hills(
        ctx, "far-hills", hz + 5, 70, hex_rgb("#7d9a63"), 0.8, bottom=hz + 60, cells=2.0
    )
    xs, ys = terrain.draw_hills(ctx, "mid-hills", hz + 60, 70, hex_rgb("#8aa851"), 0.45, cells=1.4)
    canvas = ctx.canvas
    mid = terrain.profile_path(xs, ys, ctx.H + 10)
    canvas.save()
    canvas.clipPath(mid, doAntiAlias=True)
    crops = [hex_rgb(c) for c in ("#c9b458", "#86a84a", "#a88a55", "#6f9640", "#d2c16b")]
    bands = 7
    for b in range(bands):
        y0 = hz - 40 + b * 26
        pts = [
            (-20.0, y0 + 20 * math.sin(b)),
            (ctx.W * 0.5, y0 + 14),
            (ctx.W + 20, y0 - 10 * math.cos(b)),
            (ctx.W + 20, y0 + 36),
            (-20.0, y0 + 40),
        ]
        colour = terrain.snowy(ctx, crops[b % len(crops)])
        ctx.fill(poly(pts), ctx.shade(colour, 0.4 - b * 0.04, 0.75), 0.8)
        hedge = skia.Path()
        hedge.moveTo(*pts[0])
        hedge.quadTo(pts[1][0], pts[1][1] - 6, *pts[2])
        ctx.stroke(hedge, ctx.shade(plants.LEAF_DARK, 0.4, 0.4), 5, 0.8)
    canvas.restore()
    fx = ctx.W * (0.72 if rng.random() < 0.5 else 0.28)
    buildings.house(ctx, fx, hz + 58, 70, 45, 0.45, "farm", side_w=40, roof_h=32)
    barn = poly(
        [
            (fx + 70, hz + 60),
            (fx + 70, hz + 20),
            (fx + 100, hz),
            (fx + 130, hz + 20),
            (fx + 130, hz + 60),
        ]
    )
    ctx.fill(barn, ctx.shade(hex_rgb("#9e3b2c"), 0.45, 0.6), outline=True)
    plants.tree(ctx, ctx.W * (0.15 if fx > ctx.W / 2 else 0.85), hz + 120, 230, 0.3, "lone-tree")
    near_y = hz + 170
    near = rect_path(-10, near_y, ctx.W + 10, ctx.H + 10)
    wheat = terrain.snowy(ctx, hex_rgb("#c7ad52") if ctx.rng("crop").random() < 0.5 else MEADOW)
    ctx.fill_shader(
        near, ctx.vgrad(near_y, ctx.H, [ctx.shade(wheat, 0.3, 0.8), ctx.shade(wheat, 0.0, 0.6)])
    )
    rows = skia.Path()
    vx = ctx.W * 0.5
    for k in range(-14, 15):
        rows.moveTo(vx + k * 20, near_y)
        rows.lineTo(vx + k * 160, ctx.H + 10)
    ctx.stroke(rows, ctx.shade(darken(wheat, 0.3), 0.1, 0.5), 2.0, 0.35)
    ctx.texture(near, 0.9, size=70, stretch=4)
    terrain.grass_tufts(ctx, "fld-grass", near_y + 10, ctx.H, wheat, 200, 22)
    plants.flowers(ctx, near_y, ctx.H, 90, "fld-flowers")
    posts = skia.Path()
    rails = skia.Path()
    fy = ctx.H * 0.86
    for k in range(9):
        px = -30 + k * ctx.W / 8
        posts.addRect(skia.Rect(px - 6, fy - 110, px + 6, fy + 10))
    for ry in (fy - 90, fy - 50):
        rails.addRect(skia.Rect(-40, ry, ctx.W + 40, ry + 9))
    fence_side = rng.random() < 0.5
    canvas.save()
    canvas.clipRect(
        skia.Rect(
            0 if fence_side else ctx.W * 0.55, 0, ctx.W * 0.45 if fence_side else ctx.W, ctx.H
        )
    )
    ctx.fill(rails, ctx.shade(hex_rgb("#8a6a48"), 0.0, 0.6), outline=True)
    ctx.fill(posts, ctx.shade(hex_rgb("#6e5236"), 0.0, 0.5), outline=True)
    canvas.restore()
    return None


def river(ctx: Ctx, layout: Layout) -> Foreground:
    """A river winding from the horizon to our feet, between wooded banks, under a bridge."""
    hz = ctx.horizon
    rng = ctx.rng("river")
    terrain.draw_hills(
        ctx, "r-hills", hz + 5, 90, hex_rgb("#6f8f5f"), 0.75, bottom=hz + 40, cells=2.0
    )
    plants.tree_line(ctx, hz + 25, 70, 0.6, "r-trees", density=1.3)
    bank = rect_path(-10, hz + 20, ctx.W + 10, ctx.H + 10)
    grass = terrain.snowy(ctx, GRASS)
    ctx.fill_shader(
        bank, ctx.vgrad(hz + 20, ctx.H, [ctx.shade(grass, 0.5, 0.7), ctx.shade(grass, 0.0, 0.6)])
    )
    ctx.texture(bank, 0.9, size=110, stretch=3)
    n = 40
    wob = fbm1(rng, n, cells=2.5, octaves=3)
    left: list[Point] = []
    right: list[Point] = []
    mouth = ctx.W * (0.3 if rng.random() < 0.5 else 0.22)
    for i in range(n):
        t = i / (n - 1)
        y = hz + 22 + (ctx.H + 20 - hz - 22) * t**1.6
        centre = (
            ctx.W * 0.55
            + (mouth - ctx.W * 0.55) * t
            + math.sin(t * 5.5) * 160 * t
            + (wob[i] - 0.5) * 60 * t
        )
        half = 6 + 520 * t**1.7
        left.append((centre - half, y))
        right.append((centre + half, y))
    river_path = poly([*left, *reversed(right)])
    water.draw_water(
        ctx, hz + 22, hex_rgb("#2c5d6c"), "river-water", clip=river_path, waves=0.5, horizon=hz
    )
    ctx.stroke(poly(left, False), ctx.shade(hex_rgb("#5b4a36"), 0.2, 0.5), 3.0, 0.6)
    ctx.stroke(poly(right, False), ctx.shade(hex_rgb("#5b4a36"), 0.2, 0.5), 3.0, 0.6)
    by = hz + 60
    i_b = next(i for i, p in enumerate(left) if p[1] >= by)
    bx0, bx1 = left[i_b][0] - 60, right[i_b][0] + 60
    stone = ctx.shade(hex_rgb("#a39583"), 0.4, 0.65)
    deck = skia.Path()
    deck.moveTo(bx0, by)
    deck.lineTo(bx1, by)
    deck.lineTo(bx1, by - 22)
    deck.quadTo((bx0 + bx1) / 2, by - 48, bx0, by - 22)
    deck.close()
    arch = skia.Path()
    arch.addOval(skia.Rect(left[i_b][0] - 6, by - 38, right[i_b][0] + 6, by + 30))
    deck = skia.Op(deck, arch, skia.PathOp.kDifference_PathOp)
    ctx.fill(deck, stone, outline=True)
    ctx.texture(deck, 0.8, size=30)
    water.reflect(ctx, by, 40, 0.4, "bridge-r", bx0, bx1, ripple=4.0, clip=river_path)
    at = int(n * 0.55)
    boat_x = (left[at][0] + right[at][0]) / 2
    boat_size = (right[at][0] - left[at][0]) * 0.4
    _boat_if_asked(ctx, layout, left[at][1], boat_size, boat_x, "row", river_path, 0.2)
    for k in range(6):
        side = -1 if k % 2 else 1
        t = 0.35 + 0.1 * k
        i = min(n - 1, int(t * n))
        px = (
            (left[i][0] - 80 - rng.random() * 120)
            if side < 0
            else (right[i][0] + 80 + rng.random() * 120)
        )
        plants.tree(ctx, px, left[i][1] + 10, 120 + 220 * t * t, 0.3 * (1 - t), f"rt{k}")
    plants.reeds(ctx, left[-8][0] - 40, left[-8][0] + 60, left[-8][1] + 8, 90, 0.0, "reeds-l")
    plants.reeds(ctx, right[-10][0] - 60, right[-10][0] + 40, right[-10][1] + 8, 80, 0.0, "reeds-r")
    terrain.grass_tufts(ctx, "r-grass", hz + 120, ctx.H, GRASS, 140, 20)
    return None


def desert(ctx: Ctx, layout: Layout) -> Foreground:
    """Mesas on a wide horizon, dunes with sharp sunlit crests, rippled sand, heat haze."""
    hz = ctx.horizon
    rng = ctx.rng("desert")
    mesa = skia.Path()
    x = -50.0
    while x < ctx.W:
        w = 120 + rng.random() * 260
        h = 70 + rng.random() * 120
        if rng.random() < 0.55:
            mesa.addPath(
                poly(
                    [(x, hz + 10), (x + w * 0.15, hz - h), (x + w * 0.85, hz - h), (x + w, hz + 10)]
                )
            )
        x += w * (1.0 + rng.random() * 1.5)
    rock = hex_rgb("#b0654a")
    ctx.fill(mesa, ctx.shade(rock, 0.7, 0.7))
    canvas = ctx.canvas
    canvas.save()
    canvas.clipPath(mesa, doAntiAlias=True)
    bands = skia.Path()
    for k in range(12):
        bands.addRect(skia.Rect(-10, hz - 190 + k * 17, ctx.W + 10, hz - 184 + k * 17))
    ctx.fill(bands, ctx.shade(darken(rock, 0.25), 0.7, 0.4), 0.5)
    canvas.restore()
    terrain.draw_dunes(ctx, "dune-far", hz + 40, 60, 0.6, ctx.H + 10)
    terrain.draw_dunes(ctx, "dune-mid", hz + 150, 150, 0.3, ctx.H + 10)
    terrain.draw_dunes(ctx, "dune-near", hz + 290, 110, 0.0, ctx.H + 10)
    ripples = skia.Path()
    for k in range(70):
        y = hz + 200 + (ctx.H - hz - 200) * (k / 70) ** 1.2
        x0 = rng.random() * ctx.W
        w = 60 + 200 * (y - hz) / (ctx.H - hz)
        ripples.moveTo(x0, y)
        ripples.cubicTo(x0 + w * 0.3, y - 4, x0 + w * 0.6, y + 4, x0 + w, y)
    ctx.stroke(ripples, ctx.shade(hex_rgb("#a07040"), 0.0, 0.3), 1.6, 0.35)
    if layout.shows("camel", "caravan"):
        from filmstudio.engine.picture.props import silhouette

        silhouette(ctx, "camel", ctx.W * 0.7, hz + 125, 70, 0.4)
        layout.prop_boxes.setdefault(
            "camel", (ctx.W * 0.7 - 60, hz + 55, ctx.W * 0.7 + 60, hz + 125)
        )
    if rng.random() < 0.5 or layout.shows("cactus"):
        _cactus(ctx, ctx.W * (0.1 + 0.8 * rng.random()), ctx.H * 0.95, 230)
    return None


def _cactus(ctx: Ctx, x: float, base: float, h: float) -> None:
    col = ctx.shade(hex_rgb("#4f7a45"), 0.0, 0.6)
    body = skia.Path()
    body.addRoundRect(skia.Rect(x - h * 0.07, base - h, x + h * 0.07, base), h * 0.07, h * 0.07)
    body.addRoundRect(
        skia.Rect(x - h * 0.3, base - h * 0.72, x - h * 0.18, base - h * 0.35), h * 0.06, h * 0.06
    )
    body.addRect(skia.Rect(x - h * 0.3, base - h * 0.42, x, base - h * 0.32))
    body.addRoundRect(
        skia.Rect(x + h * 0.17, base - h * 0.85, x + h * 0.29, base - h * 0.5), h * 0.06, h * 0.06
    )
    body.addRect(skia.Rect(x, base - h * 0.57, x + h * 0.29, base - h * 0.47))
    body = skia.Simplify(body)
    ctx.fill(body, col, outline=True)
    canvas = ctx.canvas
    canvas.save()
    canvas.clipPath(body, doAntiAlias=True)
    shade = rect_path(x - ctx.light.light_side * h * 0.4, base - h * 1.1, x, base)
    ctx.fill(shade, darken(col, 0.35), 0.6)
    canvas.restore()


def space(ctx: Ctx, layout: Layout) -> Foreground:
    """Deep space above a cratered moon: nebula, Milky Way, a ringed planet, earthrise."""
    hz = ctx.horizon
    rng = ctx.rng("space")
    draw_milky_way(ctx, 1.2)
    from filmstudio.engine.picture.canvas import premultiply
    from filmstudio.engine.picture.noise import fbm2, smoothstep

    gh, gw = 90, 160
    n = fbm2(rng, gh, gw, cells=2.5, octaves=6)
    m = smoothstep(0.45, 0.8, n)
    rgb = np.empty((gh, gw, 3), np.float32)
    hue = rng.random()
    a_col = np.array((0.55, 0.25, 0.75) if hue < 0.5 else (0.2, 0.45, 0.8), np.float32)
    b_col = np.array((0.95, 0.45, 0.55), np.float32)
    rgb[:] = a_col
    rgb = rgb * (1 - n[..., None]) + b_col * n[..., None]
    ctx.draw_rgba(
        premultiply(rgb, (m * 0.55).astype(np.float32)),
        0,
        0,
        ctx.W,
        hz,
        blend=skia.BlendMode.kScreen,
    )
    px, py, pr = ctx.W * (0.72 if rng.random() < 0.5 else 0.28), hz * 0.35, 150.0
    planet = oval_path(px, py, pr, pr)
    base = hex_rgb("#c58b5a") if rng.random() < 0.5 else hex_rgb("#6f9bc4")
    ring = skia.Path()
    ring.addOval(skia.Rect(px - pr * 2.1, py - pr * 0.42, px + pr * 2.1, py + pr * 0.42))
    inner = skia.Path()
    inner.addOval(skia.Rect(px - pr * 1.45, py - pr * 0.26, px + pr * 1.45, py + pr * 0.26))
    ring = skia.Op(ring, inner, skia.PathOp.kDifference_PathOp)
    back_half = skia.Op(
        ring, rect_path(px - pr * 3, py - pr, px + pr * 3, py), skia.PathOp.kIntersect_PathOp
    )
    front_half = skia.Op(
        ring, rect_path(px - pr * 3, py, px + pr * 3, py + pr), skia.PathOp.kIntersect_PathOp
    )
    ring_col = hex_rgb("#d8c7a3")
    ctx.fill(back_half, ring_col, 0.6)
    ctx.glow(px, py, pr * 1.4, lighten(base, 0.3), 0.35)
    ctx.fill(planet, base)
    canvas = ctx.canvas
    canvas.save()
    canvas.clipPath(planet, doAntiAlias=True)
    for k in range(7):
        y = py - pr + k * pr * 0.3
        canvas.drawRect(
            skia.Rect(px - pr, y, px + pr, y + pr * 0.12),
            ctx.paint(darken(base, 0.15) if k % 2 else lighten(base, 0.1), 0.6),
        )
    night = oval_path(px - pr * 0.45, py - pr * 0.2, pr * 1.05, pr * 1.1)
    ctx.fill(skia.Op(planet, night, skia.PathOp.kDifference_PathOp), (0.02, 0.02, 0.05), 0.75)
    canvas.restore()
    ctx.fill(front_half, ring_col, 0.8)
    xs, ys = terrain.profile(ctx, "moon-ridge", hz + 30, 70, cells=3, sharp=0.5)
    ground = terrain.profile_path(xs, ys, ctx.H + 10)
    grey = hex_rgb("#9c9a96")
    ctx.fill_shader(
        ground, ctx.vgrad(hz - 40, ctx.H, [ctx.shade(grey, 0.2, 0.8), ctx.shade(grey, 0.0, 0.25)])
    )
    ctx.texture(ground, 1.2, size=90)
    canvas.save()
    canvas.clipPath(ground, doAntiAlias=True)
    for _ in range(18):
        t = rng.random()
        cy = hz + 60 + t * (ctx.H - hz - 40)
        cx = rng.random() * ctx.W
        r = 15 + t * 90
        ctx.fill(oval_path(cx, cy, r, r * 0.28), ctx.shade(darken(grey, 0.4), 0.0, 0.2), 0.7)
        ctx.stroke(
            oval_path(cx + r * 0.05, cy + r * 0.03, r, r * 0.28),
            ctx.shade(lighten(grey, 0.2), 0.0, 0.9),
            1.5 + t * 2,
            0.6,
        )
    canvas.restore()
    return None


def night_sky(ctx: Ctx, layout: Layout) -> Foreground:
    """A hilltop under the whole sky: the Milky Way, a lone tree (the stage's elements add
    the twinkle and, now and then, a shooting star that moves).

    The land is kept low and dark so the sky fills two thirds of the frame: stargazing
    scenes are about the sky. By day it is simply a grassy hilltop with a wide sky.
    """
    hz = ctx.horizon
    light = ctx.light
    clear_night = light.stars > 0.3 and light.cloud_cover < 0.6
    if clear_night:
        draw_milky_way(ctx, 1.3 * light.stars)
    terrain.draw_hills(ctx, "ns-far", hz + 10, 70, hex_rgb("#4f6a58"), 0.7)
    _fog_between(ctx, hz + 30, "ns-fog", 80)
    terrain.draw_hills(ctx, "ns-mid", hz + 90, 60, hex_rgb("#5d7d4a"), 0.4)
    # our hilltop: a broad rounded crown across the frame
    crown = skia.Path()
    top = hz + 215
    crown.moveTo(-20, ctx.H + 10)
    crown.lineTo(-20, top + 120)
    crown.cubicTo(ctx.W * 0.25, top - 30, ctx.W * 0.7, top - 40, ctx.W + 20, top + 90)
    crown.lineTo(ctx.W + 20, ctx.H + 10)
    crown.close()
    grass = terrain.snowy(ctx, hex_rgb("#587f3c"))
    ctx.fill_shader(
        crown,
        ctx.vgrad(top - 40, ctx.H, [ctx.shade(grass, 0.1, 0.8), ctx.shade(grass, 0.0, 0.35)]),
    )
    ctx.texture(crown, 0.8, size=100, stretch=2.5)
    canvas = ctx.canvas
    canvas.save()
    canvas.clipPath(crown, doAntiAlias=True)
    terrain.grass_tufts(ctx, "ns-grass", top + 20, ctx.H, grass, 140, 20)
    canvas.restore()
    xs = [a.x for a in layout.actors]
    tree_x = ctx.W * (0.85 if not xs or sum(xs) / len(xs) < ctx.W / 2 else 0.15)
    plants.tree(ctx, tree_x, top + 40, 430, 0.0, "ns-tree")
    return None


def sea(ctx: Ctx, layout: Layout) -> Foreground:
    """Out at sea, on board: open water to every side of the horizon, the far side of the
    boat (its bulwark and rail) across the frame, the deck the people stand on, a mast and
    its rigging; the near gunwale passes in front of them. "On the ferry", "in the boat",
    "at sea" read as a boat, not as a beach."""
    hz = ctx.horizon
    rng = ctx.rng("sea")
    rail_y = hz + (layout.floor - hz) * 0.28
    water.draw_water(ctx, hz, SEA, "open-sea", bottom=rail_y + 4, waves=1.4)
    if ctx.light.weather in ("clear", "clouds") and rng.random() < 0.6:
        far = ctx.W * (0.15 + 0.7 * rng.random())
        if not layout.shows(*BOAT_WORDS):
            buildings.boat(ctx, far, hz + 14, 60, 0.8, "far-boat", "sail")
    # another boat the text names, nearer than the far sail: the one the people watch
    _boat_if_asked(ctx, layout, hz + 30, 90, depth=0.6)
    hull = hex_rgb(("#f1ede4", "#2e4a62", "#a23b2a", "#34495e")[int(rng.integers(4))])
    wood = terrain.snowy(ctx, PLANK, 0.8)
    deck_top = rail_y + 70
    bulwark = rect_path(-10, rail_y, ctx.W + 10, deck_top)
    ctx.fill(bulwark, ctx.shade(darken(hull, 0.1), 0.05, 0.35), outline=True)
    ctx.texture(bulwark, 0.5, size=40, stretch=4)
    ribs = skia.Path()
    for k in range(-1, 12):
        x = k * ctx.W / 10 + 20
        ribs.addRect(skia.Rect(x - 6, rail_y, x + 6, deck_top))
    ctx.fill(ribs, ctx.shade(darken(hull, 0.3), 0.05, 0.3))
    cap = rect_path(-10, rail_y - 12, ctx.W + 10, rail_y + 4)
    ctx.fill(cap, ctx.shade(wood, 0.05, 0.8), outline=True)
    deck = rect_path(-10, deck_top, ctx.W + 10, ctx.H + 10)
    ctx.fill_shader(
        deck,
        ctx.vgrad(deck_top, ctx.H, [ctx.shade(wood, 0.1, 0.45), ctx.shade(wood, 0.0, 0.7)]),
    )
    ctx.texture(deck, 0.8, size=70, stretch=5)
    seams = skia.Path()
    for k in range(1, 14):
        y = deck_top + (ctx.H - deck_top) * (k / 14) ** 1.5
        seams.moveTo(-10, y)
        seams.lineTo(ctx.W + 10, y)
    vx = ctx.W * (0.45 + 0.1 * rng.random())
    for k in range(-14, 15):
        seams.moveTo(vx + k * 60, deck_top)
        seams.lineTo(vx + k * 260, ctx.H + 10)
    ctx.stroke(seams, ctx.shade(darken(PLANK, 0.5), 0.0, 0.4), 1.2, 0.45)
    if ctx.light.wet:
        water.reflect(ctx, deck_top + 8, ctx.H - deck_top, 0.25, "wet-deck", ripple=2, clip=deck)
    _mast(ctx, rng, deck_top, wood)
    if ctx.light.night > 0.4:
        x = ctx.W * (0.12 if rng.random() < 0.5 else 0.88)
        ctx.canvas.drawCircle(x, rail_y - 40, 10, ctx.paint(hex_rgb("#ffb457")))
        ctx.glow(x, rail_y - 40, 90, hex_rgb("#ffc46b"), 0.55)

    def near_gunwale() -> None:
        near = rect_path(-10, ctx.H - 34, ctx.W + 10, ctx.H + 10)
        ctx.fill(near, ctx.shade(wood, 0.0, 0.6), outline=True)
        ctx.texture(near, 0.6, size=30, stretch=6)
        edge = rect_path(-10, ctx.H - 40, ctx.W + 10, ctx.H - 30)
        ctx.fill(edge, ctx.shade(lighten(wood, 0.15), 0.0, 0.85))

    return near_gunwale


def _mast(ctx: Ctx, rng: np.random.Generator, deck_top: float, wood: RGB) -> None:
    """A mast rising from the deck at one side with its shrouds (the boat's silhouette)."""
    side = -1.0 if rng.random() < 0.5 else 1.0
    x = ctx.W * (0.5 + side * 0.38)
    base = deck_top + 40
    mast = rect_path(x - 9, -20, x + 9, base)
    ctx.fill(mast, ctx.shade(darken(PLANK, 0.25), 0.0, 0.6), outline=True)
    rope = skia.Path()
    for dx in (-160.0, -90.0, 90.0, 160.0):
        rope.moveTo(x, 30)
        rope.lineTo(x + dx, deck_top - 60)
    ctx.stroke(rope, ctx.shade(hex_rgb("#3b3026"), 0.0, 0.5), 2.0, 0.9)
