"""Built places: village, city, street, temple, palace, market.

The street is drawn in true one-point perspective (facades, windows, lamps and kerbs all
projected from metres), because a street is recognised by its vanishing lines, and because
rain on a street is recognised by reflections that follow them.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import numpy as np
import skia

from filmstudio.engine.picture import buildings, figures, plants, terrain, water
from filmstudio.engine.picture.canvas import (
    MARKS,
    Ctx,
    Lane,
    Point,
    Road,
    marked_box,
    oval_path,
    poly,
    rect_path,
)
from filmstudio.engine.picture.colour import RGB, darken, hex_rgb, lighten, mix
from filmstudio.engine.picture.staging import Layout

Foreground = Callable[[], None] | None

PAVING = hex_rgb("#9a948c")
ASPHALT = hex_rgb("#4a4d52")


class _Camera:
    """Metres to picture: ground at y=0, camera `eye` metres up, looking down the street."""

    def __init__(self, ctx: Ctx, vx: float, eye: float, floor: float, floor_depth: float) -> None:
        self.vx, self.hz, self.eye = vx, ctx.horizon, eye
        self.f = (floor - ctx.horizon) * floor_depth / eye

    def p(self, x: float, y: float, z: float) -> Point:
        return (self.vx + x * self.f / z, self.hz + (self.eye - y) * self.f / z)

    def quad(self, x: float, y0: float, y1: float, z0: float, z1: float) -> skia.Path:
        return poly([self.p(x, y0, z0), self.p(x, y0, z1), self.p(x, y1, z1), self.p(x, y1, z0)])


def _facade(
    ctx: Ctx,
    cam: _Camera,
    side: float,
    z0: float,
    z1: float,
    height: float,
    colour: RGB,
    rng: np.random.Generator,
    shop: bool,
    lit_shops: list[tuple[Point, float]],
) -> None:
    x = side * 7.0
    depth = min(1.0, (z0 + z1) / 2 / 120.0)
    face_lit = 0.8 if side * ctx.light.light_side < 0 else 0.3
    face = cam.quad(x, 0, height, z0, z1)
    ctx.fill(face, ctx.shade(colour, depth, face_lit), outline=True)
    ctx.texture(face, 0.4, size=50)
    cornice = cam.quad(x, height - 0.5, height, z0, z1)
    ctx.fill(cornice, ctx.shade(lighten(colour, 0.15), depth, face_lit + 0.1))
    floors = int((height - 4) // 3.2)
    bays = max(1, int((z1 - z0) // 3.0))
    for fl in range(floors):
        y0 = 4.2 + fl * 3.2
        for b in range(bays):
            za = z0 + (b + 0.3) * (z1 - z0) / bays
            zb = z0 + (b + 0.7) * (z1 - z0) / bays
            colour_w, lit = buildings.window_colour(ctx, rng, depth)
            corners = [cam.p(x, y0, za), cam.p(x, y0, zb), cam.p(x, y0 + 1.7, zb)]
            buildings.mark_dark_pane(ctx, [*corners, cam.p(x, y0 + 1.7, za)], lit)
            pane = cam.quad(x, y0, y0 + 1.7, za, zb)
            ctx.fill(pane, colour_w)
            if lit:
                cx, cy = cam.p(x, y0 + 0.85, (za + zb) / 2)
                ctx.glow(cx, cy, cam.f / za * 1.8, colour_w, 0.25)
    if shop:
        sz0, sz1 = z0 + 0.6, z1 - 0.6
        glass = cam.quad(x, 0.4, 3.0, sz0, sz1)
        evening = ctx.light.night > 0.3 or ctx.light.weather in ("rain", "storm", "fog")
        evening = evening and rng.random() < 0.7
        dark_glass = ctx.shade(mix(ctx.light.sky_mid, hex_rgb("#2a3440"), 0.6), depth, 0.6)
        shop_col = (
            mix(hex_rgb("#e9a24f"), hex_rgb("#ffd58f"), rng.random()) if evening else dark_glass
        )
        ctx.fill(glass, shop_col)
        shelves = skia.Path()
        for level in (1.0, 1.7, 2.4):
            shelves.addPath(cam.quad(x, level, level + 0.12, sz0 + 0.4, sz1 - 0.4))
        ctx.fill(shelves, darken(shop_col, 0.45), 0.7)
        if evening:
            cx, cy = cam.p(x, 1.7, (sz0 + sz1) / 2)
            radius = cam.f / ((sz0 + sz1) / 2) * 3.0
            ctx.glow(cx, cy, radius, hex_rgb("#ffc46b"), 0.45)
            lit_shops.append(((cx, cy), radius))
        awning_c = [hex_rgb(c) for c in ("#a93226", "#1f618d", "#1e8449", "#7d3c98", "#b9770e")]
        awn = poly(
            [
                cam.p(x, 3.4, sz0),
                cam.p(x, 3.4, sz1),
                cam.p(x - side * 1.4, 2.8, sz1),
                cam.p(x - side * 1.4, 2.8, sz0),
            ]
        )
        ctx.fill(
            awn, ctx.shade(awning_c[int(rng.integers(len(awning_c)))], depth, 0.6), outline=True
        )


def street(ctx: Ctx, layout: Layout) -> Foreground:
    """A city street in one-point perspective: facades, shops, lamps, kerbs, wet reflections."""
    hz = ctx.horizon
    rng = ctx.rng("street")
    vx = ctx.W * (0.5 + (rng.random() - 0.5) * 0.12)
    cam = _Camera(ctx, vx, 1.75, 900.0, 6.0)
    buildings.skyline(
        ctx, hz + 4, 0.75, "street-sky", 180, 8, detail=False, x0=vx - 260, x1=vx + 260
    )
    far_z = 160.0
    road = poly([cam.p(-4, 0, far_z), cam.p(4, 0, far_z), cam.p(4, 0, 2.0), cam.p(-4, 0, 2.0)])
    ground = poly([cam.p(-7, 0, far_z), cam.p(7, 0, far_z), cam.p(7, 0, 1.0), cam.p(-7, 0, 1.0)])
    wet = ctx.light.wet
    asphalt = ASPHALT if not wet else darken(ASPHALT, 0.35)
    ctx.fill_shader(
        ground,
        ctx.vgrad(
            hz,
            ctx.H,
            [
                ctx.shade(terrain.snowy(ctx, PAVING), 0.6, 0.6),
                ctx.shade(terrain.snowy(ctx, PAVING), 0.0, 0.6),
            ],
        ),
    )
    ctx.fill_shader(
        road,
        ctx.vgrad(
            hz,
            ctx.H,
            [
                ctx.shade(terrain.snowy(ctx, asphalt, 0.7), 0.6, 0.5),
                ctx.shade(terrain.snowy(ctx, asphalt, 0.7), 0.0, 0.5),
            ],
        ),
    )
    ctx.texture(road, 0.8, size=60, stretch=2)
    joints = skia.Path()
    for kerb_side in (-1.0, 1.0):
        z = 2.0
        while z < far_z:
            joints.moveTo(*cam.p(kerb_side * 4.2, 0, z))
            joints.lineTo(*cam.p(kerb_side * 7, 0, z))
            z *= 1.18
        joints.moveTo(*cam.p(kerb_side * 4.0, 0, 2))
        joints.lineTo(*cam.p(kerb_side * 4.0, 0, far_z))
    ctx.stroke(joints, ctx.shade(darken(PAVING, 0.3), 0.2, 0.5), 1.2, 0.5)
    kerb = skia.Path()
    for kerb_side in (-1.0, 1.0):
        kerb.addPath(
            poly(
                [
                    cam.p(kerb_side * 4, 0, 2),
                    cam.p(kerb_side * 4, 0, far_z),
                    cam.p(kerb_side * 4.15, 0.15, far_z),
                    cam.p(kerb_side * 4.15, 0.15, 2),
                ]
            )
        )
    ctx.fill(kerb, ctx.shade(hex_rgb("#b8b2a8"), 0.2, 0.8))
    dashes = skia.Path()
    z = 3.0
    while z < far_z:
        dashes.addPath(
            poly(
                [
                    cam.p(-0.08, 0, z),
                    cam.p(0.08, 0, z),
                    cam.p(0.08, 0, z + 2.5),
                    cam.p(-0.08, 0, z + 2.5),
                ]
            )
        )
        z += 6.0
    ctx.fill(dashes, ctx.shade(hex_rgb("#e8e2c8"), 0.2, 0.8), 0.8)
    for k in range(7):
        zc = 9.0
        stripe = poly(
            [
                cam.p(-3.6 + k * 1.1, 0, zc),
                cam.p(-3.1 + k * 1.1, 0, zc),
                cam.p(-3.1 + k * 1.1, 0, zc + 3),
                cam.p(-3.6 + k * 1.1, 0, zc + 3),
            ]
        )
        ctx.fill(stripe, ctx.shade(hex_rgb("#e9e6dc"), 0.1, 0.8), 0.85)
    lit_shops: list[tuple[Point, float]] = []
    gap0, gap1 = SIDE_STREET
    for side in (-1.0, 1.0):
        _side_street(ctx, cam, side, gap0, gap1, asphalt)
    for side in (-1.0, 1.0):
        zs: list[float] = [1.0]
        while zs[-1] < far_z:
            step = zs[-1] + 6 + rng.random() * 10
            if zs[-1] == gap0:
                step = gap1
            elif zs[-1] < gap0 < step + 3:
                step = gap0  # the block ends at the side street (no sliver of a building)
            zs.append(step)
        pieces = [piece for piece in itertools.pairwise(zs) if piece != (gap0, gap1)]
        for z0, z1 in reversed(pieces):
            height = 9 + rng.random() * 14
            colour = buildings.WALLS[int(rng.integers(len(buildings.WALLS)))]
            _facade(ctx, cam, side, z0, z1, height, colour, rng, z0 < 60, lit_shops)
    _mark_roads(ctx, cam)
    lamps: list[tuple[float, float, float]] = []
    for side in (-1.0, 1.0):
        z = 5.0 + rng.random() * 3
        while z < 90:
            lamps.append((side, z, rng.random()))
            z += 14
    for side, z, _r in sorted(lamps, key=lambda t: -t[1]):
        x, y = cam.p(side * 5.2, 0, z)
        h = cam.f / z * 5.0
        buildings.lamp_post(ctx, x, y, h, min(1.0, z / 120), arm=-side)
    if wet:
        base = np.full(ctx.px_w, hz * ctx.k, np.float32)
        cols = (np.arange(ctx.px_w, dtype=np.float32) + 0.5) / ctx.k
        for side in (-1.0, 1.0):
            # Facade foot: x = vx + 7 side f/z and y = hz + eye f/z, so y = hz + eye (x-vx)/(7 side)
            foot = hz + cam.eye * (cols - vx) / (side * 7.0)
            mask = (cols - vx) * side > 0
            base = np.where(mask, np.maximum(base, foot * ctx.k), base)
        base = np.minimum(base, ctx.px_h - 1)
        water.mirror_ground(ctx, base, hz, 0.55, "street-wet", clip=ground, smear=22)
        for (cx, cy), r in lit_shops[:12]:
            ctx.glow(cx, cy + r * 1.6, r * 0.35, hex_rgb("#ffc46b"), 0.3, ry=r * 1.4)
    return None


#: Where a side street opens on both sides of `street` (metres from the camera): the cars'
#: lanes end in its middle (`Road.near`), where they turn into it and out of it, hidden by
#: the corner of the block before it (7 m out, see `elements.Traffic`), instead of fading.
SIDE_STREET = (30.0, 40.0)


def _side_street(ctx: Ctx, cam: _Camera, side: float, z0: float, z1: float, asphalt: RGB) -> None:
    """A side street between the blocks from z0 to z1: its road running off to the side and
    the end wall of the block beyond it, facing the camera."""
    out = 60.0
    ground = poly(
        [
            cam.p(side * 7, 0, z0),
            cam.p(side * out, 0, z0),
            cam.p(side * out, 0, z1),
            cam.p(side * 7, 0, z1),
        ]
    )
    depth = min(1.0, (z0 + z1) / 2 / 120.0)
    ctx.fill(ground, ctx.shade(terrain.snowy(ctx, asphalt, 0.7), depth, 0.5))
    wall_c = buildings.WALLS[int(ctx.rng(f"side-street{side}").integers(len(buildings.WALLS)))]
    wall = poly(
        [
            cam.p(side * 7, 0, z1),
            cam.p(side * out, 0, z1),
            cam.p(side * out, 14, z1),
            cam.p(side * 7, 14, z1),
        ]
    )
    ctx.fill(wall, ctx.shade(darken(wall_c, 0.15), depth, 0.45), outline=True)
    ctx.texture(wall, 0.4, size=50)


#: Passers-by walk the pavements 5.6 m out, 1.7 m tall, between the side street (they turn
#: into it and out of it, hidden by the corner of the block before it) and a point near
#: enough that they have walked out of the picture at its edge (see `elements.Traffic`).
PAVEMENT_OUT, WALKER_HEIGHT = 5.6, 1.7


def _mark_roads(ctx: Ctx, cam: _Camera) -> None:
    """The street's pavements and lanes, for the stage's passers-by and traffic (metres:
    pavements 5.6 m out, lanes 2 m out; people 1.7 m tall, cars 1.5 m)."""
    marks = MARKS.get()
    if marks is None:
        return
    k = ctx.k
    side_street = (SIDE_STREET[0] + SIDE_STREET[1]) / 2
    # a walker (half as wide as 0.45 of their height) is past the picture's edge this near
    reach = (PAVEMENT_OUT - 0.45 * WALKER_HEIGHT) * cam.f
    edge = {
        side: 0.9 * reach / max(room, 1.0) for side, room in ((-1.0, cam.vx), (1.0, ctx.W - cam.vx))
    }
    for kind, out, size in (("walkers", PAVEMENT_OUT, WALKER_HEIGHT), ("cars", 2.0, 1.5)):
        for side in (-1.0, 1.0):
            near, far = (edge[side], side_street) if kind == "walkers" else (side_street, 170.0)
            marks.roads.append(
                Road(
                    kind,
                    cam.vx * k,
                    cam.hz * k,
                    side * out * cam.f * k,
                    cam.eye * cam.f * k,
                    size * cam.f * k,
                    near,
                    far,
                )
            )


def _mark_lane(ctx: Ctx, y: float, height: float, density: float = 1.0) -> None:
    """A row where a crowd walks across (virtual units), for the stage."""
    marks = MARKS.get()
    if marks is not None:
        x0, top, x1, feet = marked_box(ctx, -80, y - height, ctx.W + 80, y)
        marks.lanes.append(Lane(x0, x1, feet, feet - top, density))


def village(ctx: Ctx, layout: Layout) -> Foreground:
    """A lane between cottages toward a church spire, hills and trees behind."""
    hz = ctx.horizon
    rng = ctx.rng("village")
    terrain.draw_hills(
        ctx, "v-hills", hz + 10, 110, hex_rgb("#6f8f58"), 0.7, bottom=hz + 60, cells=1.8
    )
    plants.tree_line(ctx, hz + 40, 70, 0.55, "v-trees", density=1.0)
    cx = ctx.W * (0.5 + (rng.random() - 0.5) * 0.2)
    church_base = hz + 48
    stone = hex_rgb("#cfc3ad")
    nave = poly(
        [
            (cx - 50, church_base),
            (cx - 50, church_base - 60),
            (cx, church_base - 95),
            (cx + 50, church_base - 60),
            (cx + 50, church_base),
        ]
    )
    ctx.fill(nave, ctx.shade(stone, 0.5, 0.6), outline=True)
    tower = rect_path(cx - 62, church_base - 120, cx - 30, church_base)
    ctx.fill(tower, ctx.shade(stone, 0.5, 0.75), outline=True)
    spire = poly(
        [(cx - 64, church_base - 120), (cx - 46, church_base - 210), (cx - 28, church_base - 120)]
    )
    ctx.fill(spire, ctx.shade(terrain.snowy(ctx, hex_rgb("#5a5f6a"), 0.5), 0.5, 0.6), outline=True)
    buildings.window(ctx, cx - 52, church_base - 100, 12, 18, 0.5, rng, ctx.shade(stone, 0.5, 0.9))
    lane = poly(
        [
            (cx - 30, hz + 50),
            (cx + 30, hz + 50),
            (ctx.W * 0.75, ctx.H + 10),
            (ctx.W * 0.25, ctx.H + 10),
        ]
    )
    green = terrain.snowy(ctx, hex_rgb("#6d9548"))
    verge = rect_path(-10, hz + 50, ctx.W + 10, ctx.H + 10)
    ctx.fill_shader(
        verge, ctx.vgrad(hz + 50, ctx.H, [ctx.shade(green, 0.45, 0.7), ctx.shade(green, 0.0, 0.6)])
    )
    ctx.texture(verge, 0.8, size=90, stretch=3)
    cobble = terrain.snowy(ctx, hex_rgb("#a89a86"), 0.7)
    ctx.fill_shader(
        lane, ctx.vgrad(hz + 50, ctx.H, [ctx.shade(cobble, 0.45, 0.6), ctx.shade(cobble, 0.0, 0.6)])
    )
    canvas = ctx.canvas
    canvas.save()
    canvas.clipPath(lane, doAntiAlias=True)
    stones = skia.Path()
    for _ in range(220):
        t = rng.random() ** 1.6
        y = hz + 50 + (ctx.H - hz - 50) * t
        x = cx + (rng.random() - 0.5) * (60 + t * ctx.W * 0.6)
        r = 2 + t * 16
        stones.addOval(skia.Rect(x - r, y - r * 0.45, x + r, y + r * 0.45))
    ctx.stroke(stones, ctx.shade(darken(cobble, 0.3), 0.1, 0.5), 1.2, 0.5)
    canvas.restore()
    if ctx.light.wet:
        water.reflect(ctx, hz + 52, ctx.H - hz, 0.3, "lane-wet", ripple=3, clip=lane)
    # villagers cross the street between the second and third rows of cottages, sized to
    # the cottages (a third of one's height), not to the cast
    _mark_lane(ctx, hz + 150, 60, density=0.35)
    for side in (-1.0, 1.0):
        for k in range(4):
            t = (3 - k) / 3
            scale = 0.35 + 0.65 * (1 - t)
            y = hz + 60 + (ctx.H * 0.86 - hz - 60) * (1 - t) ** 1.5
            x = cx + side * (90 + (1 - t) * ctx.W * 0.38)
            w = 120 * scale * 1.6
            buildings.house(ctx, x, y, w, w * 0.7, 0.5 * t, f"vh{side}{k}", side_w=w * 0.45)
            if k == 2:
                plants.tree(ctx, x + side * w * 0.8, y + 6, 260 * scale, 0.4 * t, f"vt{side}")
    lamp_x = ctx.W * (0.2 if rng.random() < 0.5 else 0.8)
    buildings.lamp_post(ctx, lamp_x, ctx.H * 0.9, 380, 0.0)
    if layout.shows("bunting", "flags", "garland", "balloons") or ctx.mood == "joyful":
        buildings.bunting(ctx, -10, hz - 40, ctx.W + 10, hz - 20, 60, "v-bunting")
    return None


def city(ctx: Ctx, layout: Layout) -> Foreground:
    """A skyline across the water from a riverside promenade; lights double in the river."""
    hz = ctx.horizon
    buildings.skyline(ctx, hz + 12, 0.75, "city-far", 300, 16, detail=False)
    buildings.skyline(ctx, hz + 18, 0.45, "city-mid", 330, 11, detail=True)
    quay = rect_path(-10, hz + 14, ctx.W + 10, hz + 24)
    ctx.fill(quay, ctx.shade(hex_rgb("#5d5a55"), 0.4, 0.5))
    promenade = hz + 170
    water.draw_water(
        ctx,
        hz + 24,
        hex_rgb("#203f55"),
        "city-river",
        bottom=promenade + 4,
        waves=0.5,
        reflect_strength=0.8,
        horizon=hz,
    )
    walk = rect_path(-10, promenade, ctx.W + 10, ctx.H + 10)
    pave = terrain.snowy(ctx, PAVING, 0.8)
    ctx.fill_shader(
        walk, ctx.vgrad(promenade, ctx.H, [ctx.shade(pave, 0.2, 0.7), ctx.shade(pave, 0.0, 0.55)])
    )
    joints = skia.Path()
    vx = ctx.W / 2
    for k in range(-12, 13):
        joints.moveTo(vx + k * 40, promenade + 30)
        joints.lineTo(vx + k * 160, ctx.H + 10)
    for k in range(8):
        y = promenade + 30 + (ctx.H - promenade) * (k / 8) ** 1.5
        joints.moveTo(-10, y)
        joints.lineTo(ctx.W + 10, y)
    ctx.stroke(joints, ctx.shade(darken(PAVING, 0.3), 0.1, 0.5), 1.0, 0.4)
    ctx.texture(walk, 0.6, size=80)
    if ctx.light.wet:
        water.reflect(ctx, promenade + 30, ctx.H - promenade, 0.35, "prom-wet", ripple=2, clip=walk)
    rail_y = promenade + 26
    _mark_lane(ctx, rail_y + 40, 250)
    rail = skia.Path()
    rail.addRect(skia.Rect(-10, rail_y - 70, ctx.W + 10, rail_y - 62))
    rail.addRect(skia.Rect(-10, rail_y - 38, ctx.W + 10, rail_y - 34))
    for k in range(30):
        x = k * ctx.W / 29
        rail.addRect(skia.Rect(x - 2.5, rail_y - 70, x + 2.5, rail_y))
    ctx.fill(rail, ctx.shade(hex_rgb("#2c3035"), 0.1, 0.5))
    for fx in (0.08, 0.92):
        buildings.lamp_post(ctx, ctx.W * fx, ctx.H * 0.95, 430, 0.0, arm=1 if fx < 0.5 else -1)
    return None


def temple(ctx: Ctx, layout: Layout) -> Foreground:
    """A Hindu temple: tiered shikhara tower, pillared hall, steps, flags and oil lamps."""
    hz = ctx.horizon
    rng = ctx.rng("temple")
    plants.tree_line(ctx, hz + 20, 120, 0.6, "t-trees", kind="round", density=1.0)
    cx = ctx.W * 0.5
    base = hz + 100
    sand = hex_rgb("#d9a066") if rng.random() < 0.6 else hex_rgb("#ece4d6")
    court = rect_path(-10, hz + 12, ctx.W + 10, ctx.H + 10)
    ctx.fill_shader(
        court,
        ctx.vgrad(
            base,
            ctx.H,
            [
                ctx.shade(terrain.snowy(ctx, hex_rgb("#c9b79c")), 0.3, 0.65),
                ctx.shade(terrain.snowy(ctx, hex_rgb("#b8a487")), 0.0, 0.6),
            ],
        ),
    )
    slabs = skia.Path()
    for k in range(-10, 11):
        slabs.moveTo(cx + k * 30, base + 10)
        slabs.lineTo(cx + k * 200, ctx.H + 10)
    for k in range(7):
        y = base + 10 + (ctx.H - base) * (k / 7) ** 1.6
        slabs.moveTo(-10, y)
        slabs.lineTo(ctx.W + 10, y)
    ctx.stroke(slabs, ctx.shade(hex_rgb("#8f7d63"), 0.1, 0.5), 1.0, 0.45)
    if ctx.light.wet:
        water.reflect(ctx, base + 4, ctx.H - base, 0.3, "court-wet", ripple=2, clip=court)
    canvas = ctx.canvas
    canvas.save()
    # The temple is drawn at a human scale, then enlarged about the foot of its steps so it
    # towers over the courtyard as a temple should.
    canvas.translate(cx, base + 40)
    canvas.scale(1.4, 1.4)
    canvas.translate(-cx, -(base + 40))
    for side in (-1, 1):
        _shikhara(ctx, cx + side * 170, base - 20, 60, 170, sand, 0.35)
    _shikhara(ctx, cx, base - 40, 120, 390, sand, 0.2)
    hall_top = base - 150
    roof = poly(
        [
            (cx - 190, hall_top),
            (cx + 190, hall_top),
            (cx + 165, hall_top - 40),
            (cx - 165, hall_top - 40),
        ]
    )
    ctx.fill(roof, ctx.shade(darken(sand, 0.08), 0.2, 0.75), outline=True)
    for k in range(3):
        dx = (k - 1) * 110
        ctx.fill(oval_path(cx + dx, hall_top - 40, 30, 22), ctx.shade(sand, 0.2, 0.8), outline=True)
    inner = rect_path(cx - 170, hall_top, cx + 170, base - 40)
    ctx.fill(inner, ctx.shade(darken(sand, 0.55), 0.2, 0.3))
    if ctx.light.night > 0.3 or ctx.mood == "devotional":
        ctx.glow(cx, base - 80, 120, hex_rgb("#ffb347"), 0.6)
        ctx.canvas.drawCircle(cx, base - 85, 8, ctx.paint(hex_rgb("#fff0c0")))
    buildings.pillar_row(ctx, cx - 175, cx + 175, hall_top + 6, base - 40, 6, sand, 0.2)
    top = buildings.steps(ctx, cx - 230, cx + 230, base + 40, 4, 20, 10, lighten(sand, 0.05), 0.15)
    del top
    bell_x = cx + 120
    ctx.canvas.drawLine(
        bell_x,
        hall_top + 4,
        bell_x,
        hall_top + 40,
        ctx.paint(ctx.shade(hex_rgb("#3b3b3b"), 0.2, 0.5), stroke=1.5),
    )
    bell = poly(
        [
            (bell_x - 9, hall_top + 58),
            (bell_x - 6, hall_top + 40),
            (bell_x + 6, hall_top + 40),
            (bell_x + 9, hall_top + 58),
        ]
    )
    ctx.fill(bell, ctx.shade(hex_rgb("#c9a227"), 0.2, 0.85), outline=True)
    if (
        ctx.light.night > 0.2
        or ctx.mood == "devotional"
        or layout.shows("lamp", "diya", "candle", "candles")
    ):
        for k in range(11):
            lx = cx - 250 + k * 50
            ly = base + 44
            ctx.fill(oval_path(lx, ly, 7, 3), ctx.shade(hex_rgb("#a0522d"), 0.1, 0.6))
            flame = poly([(lx - 2.5, ly - 2), (lx, ly - 11), (lx + 2.5, ly - 2)])
            ctx.fill(flame, hex_rgb("#ffcf5c"))
            ctx.glow(lx, ly - 6, 40, hex_rgb("#ffa640"), 0.55)
    canvas.restore()
    # The hall's front, its lit door and the foot of the tower (as enlarged above): what a
    # closer shot of the temple shows. A shot with nobody in it frames the set's marked spots,
    # so a sloka's medium shot finds the temple here, not the bare steps below a diya.
    layout.prop_boxes["temple"] = (cx - 266.0, base - 380.0, cx + 266.0, base - 72.0)
    _flagstaff(ctx, cx + 200, base + 46, base - 120, hex_rgb("#f39c12"))
    for side in (-1, 1):
        plants.tree(
            ctx,
            cx + side * ctx.W * 0.42,
            ctx.H * 0.92,
            560,
            0.0,
            f"banyan{side}",
            leaf=hex_rgb("#3f6f35"),
        )
    return None


def _flagstaff(ctx: Ctx, x: float, foot: float, top: float, colour: RGB) -> None:
    """The temple's flagstaff (dhvaja stambha) standing in the courtyard before the hall, its
    pennant flying at the hall's height: inside the usual wide framing, where a pennant on
    the tower's finial flew above the set, out of every shot."""
    brass = ctx.shade(hex_rgb("#b8892e"), 0.15, 0.8)
    plinth = rect_path(x - 16, foot - 14, x + 16, foot)
    ctx.fill(plinth, ctx.shade(hex_rgb("#8f7d63"), 0.15, 0.6), outline=True)
    ctx.canvas.drawLine(x, foot - 14, x, top, ctx.paint(brass, stroke=6.0))
    for k in range(4):
        ring = foot - 30 - k * (foot - top - 40) / 4
        ctx.canvas.drawLine(x - 5, ring, x + 5, ring, ctx.paint(darken(brass, 0.25), stroke=3.0))
    buildings.flag(ctx, x, top, 85, colour, 0.15)


def _shikhara(
    ctx: Ctx, cx: float, base: float, half: float, height: float, stone: RGB, depth: float
) -> None:
    """A curvilinear temple tower: tiers narrowing as they rise, ribbed cap and finial."""
    tiers = 9
    side = ctx.light.light_side
    for t in range(tiers):
        f0, f1 = t / tiers, (t + 1) / tiers
        w0 = half * math.cos(f0 * math.pi / 2.3)
        w1 = half * math.cos(f1 * math.pi / 2.3)
        y0, y1 = base - height * f0 * 0.85, base - height * f1 * 0.85
        tier = poly([(cx - w0, y0), (cx + w0, y0), (cx + w1 * 1.02, y1), (cx - w1 * 1.02, y1)])
        ctx.fill(tier, ctx.shade(stone, depth, 0.7 if t % 2 == 0 else 0.55), outline=True)
        shade = poly(
            [
                (cx - side * w0, y0),
                (cx - side * w0 * 0.35, y0),
                (cx - side * w1 * 0.35, y1),
                (cx - side * w1, y1),
            ]
        )
        ctx.fill(shade, ctx.shade(stone, depth, 0.1), 0.6)
        ctx.canvas.drawLine(
            cx - w0,
            y0,
            cx + w0,
            y0,
            ctx.paint(ctx.shade(darken(stone, 0.3), depth, 0.4), stroke=1.2),
        )
    top = base - height * 0.85
    ctx.fill(
        oval_path(cx, top - half * 0.08, half * 0.45, half * 0.14),
        ctx.shade(stone, depth, 0.8),
        outline=True,
    )
    pot = poly(
        [
            (cx - half * 0.1, top - half * 0.16),
            (cx - half * 0.06, top - half * 0.38),
            (cx, top - half * 0.46),
            (cx + half * 0.06, top - half * 0.38),
            (cx + half * 0.1, top - half * 0.16),
        ]
    )
    ctx.fill(pot, ctx.shade(hex_rgb("#d4a017"), depth, 0.9), outline=True)


def palace(ctx: Ctx, layout: Layout) -> Foreground:
    """A domed palace with minarets, mirrored in a long pool between cypress rows."""
    hz = ctx.horizon
    rng = ctx.rng("palace")
    marble = hex_rgb("#efe8dc") if rng.random() < 0.6 else hex_rgb("#e6b98f")
    cx = ctx.W / 2
    base = hz + 30
    plants.tree_line(ctx, base + 2, 70, 0.6, "palace-trees", kind="round", density=1.2)
    wing = rect_path(cx - 420, base - 120, cx + 420, base)
    ctx.fill(wing, ctx.shade(marble, 0.4, 0.65), outline=True)
    arch_col = ctx.shade(darken(marble, 0.45), 0.4, 0.3)
    for k in range(12):
        ax = cx - 400 + k * 70 + (40 if k >= 6 else 0) - 20
        if abs(ax + 20 - cx) < 130:
            continue
        buildings.arch_window(ctx, ax, base - 100, 34, 80, arch_col)
    block = rect_path(cx - 140, base - 230, cx + 140, base)
    ctx.fill(block, ctx.shade(marble, 0.35, 0.75), outline=True)
    buildings.arch_window(
        ctx, cx - 60, base - 200, 120, 190, ctx.shade(darken(marble, 0.5), 0.35, 0.3)
    )
    inner_lit = ctx.light.night > 0.3
    if inner_lit:
        ctx.glow(cx, base - 60, 90, hex_rgb("#ffc46b"), 0.5)
    buildings.dome(ctx, cx, base - 230, 120, marble, 0.35, onion=True)
    for side in (-1, 1):
        buildings.dome(ctx, cx + side * 260, base - 120, 45, marble, 0.4, onion=True)
        mx = cx + side * 440
        minaret = rect_path(mx - 16, base - 330, mx + 16, base)
        ctx.fill(minaret, ctx.shade(marble, 0.4, 0.7), outline=True)
        for k in range(3):
            ring = rect_path(mx - 22, base - 110 - k * 90, mx + 22, base - 100 - k * 90)
            ctx.fill(ring, ctx.shade(lighten(marble, 0.1), 0.4, 0.85), outline=True)
        buildings.dome(ctx, mx, base - 330, 20, marble, 0.4, onion=True)
    if ctx.light.night > 0.3:
        for k in range(-5, 6):
            ctx.glow(cx + k * 75, base - 60, 18, hex_rgb("#ffcf7a"), 0.5)
    ground = rect_path(-10, base, ctx.W + 10, ctx.H + 10)
    lawn = terrain.snowy(ctx, hex_rgb("#6a9448"))
    ctx.fill_shader(
        ground, ctx.vgrad(base, ctx.H, [ctx.shade(lawn, 0.4, 0.7), ctx.shade(lawn, 0.0, 0.6)])
    )
    ctx.texture(ground, 0.7, size=90, stretch=3)
    walk = poly(
        [
            (cx - 120, base + 4),
            (cx + 120, base + 4),
            (cx + ctx.W * 0.52, ctx.H + 10),
            (cx - ctx.W * 0.52, ctx.H + 10),
        ]
    )
    ctx.fill_shader(
        walk,
        ctx.vgrad(
            base,
            ctx.H,
            [
                ctx.shade(hex_rgb("#d8cbb5"), 0.4, 0.7),
                ctx.shade(terrain.snowy(ctx, hex_rgb("#cdbfa6")), 0.0, 0.65),
            ],
        ),
    )
    pool = poly(
        [
            (cx - 60, base + 8),
            (cx + 60, base + 8),
            (cx + ctx.W * 0.2, ctx.H + 10),
            (cx - ctx.W * 0.2, ctx.H + 10),
        ]
    )
    water.draw_water(
        ctx,
        base + 8,
        hex_rgb("#2d5a70"),
        "palace-pool",
        clip=pool,
        waves=0.25,
        reflect_strength=0.85,
        horizon=hz,
    )
    ctx.stroke(pool, ctx.shade(hex_rgb("#b3a58e"), 0.2, 0.7), 5.0)
    for side in (-1, 1):
        for k in range(6):
            t = k / 5
            y = base + 10 + (ctx.H * 0.8 - base) * t**1.7
            x = cx + side * (140 + ctx.W * 0.38 * t**1.7)
            h = 70 + 320 * t**1.7
            cypress = skia.Path()
            cypress.addOval(skia.Rect(x - h * 0.1, y - h, x + h * 0.1, y))
            ctx.fill(cypress, ctx.shade(hex_rgb("#2f5a3a"), 0.4 * (1 - t), 0.4), outline=True)
            canvas = ctx.canvas
            canvas.save()
            canvas.clipPath(cypress, doAntiAlias=True)
            ctx.fill(
                rect_path(x, y - h, x + ctx.light.light_side * h * 0.1, y),
                ctx.shade(hex_rgb("#4a7d4f"), 0.4 * (1 - t), 0.9),
                0.7,
            )
            canvas.restore()
    return None


def market(ctx: Ctx, layout: Layout) -> Foreground:
    """A busy market lane: striped stalls receding, shoppers, lanterns strung overhead."""
    hz = ctx.horizon
    rng = ctx.rng("market")
    x = -30.0
    while x < ctx.W + 30:
        w = 90 + rng.random() * 70
        h = 150 + rng.random() * 140
        colour = buildings.WALLS[int(rng.integers(len(buildings.WALLS)))]
        face = rect_path(x, hz + 30 - h, x + w, hz + 30)
        ctx.fill(face, ctx.shade(colour, 0.45, 0.6), outline=True)
        for r in range(int(h // 50)):
            for c in range(2):
                buildings.window(
                    ctx,
                    x + 15 + c * (w / 2),
                    hz + 30 - h + 18 + r * 50,
                    w * 0.2,
                    26,
                    0.45,
                    rng,
                    ctx.shade(lighten(colour, 0.3), 0.45, 0.6),
                )
        x += w
    ground = rect_path(-10, hz + 30, ctx.W + 10, ctx.H + 10)
    dust = terrain.snowy(ctx, hex_rgb("#b59e7e"))
    ctx.fill_shader(
        ground, ctx.vgrad(hz + 30, ctx.H, [ctx.shade(dust, 0.4, 0.6), ctx.shade(dust, 0.0, 0.6)])
    )
    ctx.texture(ground, 0.9, size=80, stretch=2)
    if ctx.light.wet:
        water.reflect(ctx, hz + 32, ctx.H - hz, 0.3, "market-wet", ripple=2, clip=ground)
    _mark_lane(ctx, hz + 72, 100)
    for i in range(10):
        look = figures.random_look(ctx, f"shopper{i}")
        px = rng.random() * ctx.W
        py = hz + 60 + rng.random() * 30
        figures.draw_figure(
            ctx,
            look,
            "walk" if rng.random() < 0.5 else "stand",
            px,
            py,
            110,
            80.0 if rng.random() < 0.5 else -80.0,
            0.35,
        )
    for side in (-1, 1):
        for j in range(3):
            t = (2 - j) / 2
            scale = 0.45 + 0.55 * (1 - t)
            sx = ctx.W / 2 + side * (170 + (1 - t) * ctx.W * 0.28)
            sy = hz + 90 + (ctx.H * 0.8 - hz - 90) * (1 - t) ** 1.4
            buildings.stall(ctx, sx, sy, 230 * scale, 0.3 * t, f"stall{side}{j}")
    for j in range(2):
        buildings.bunting(
            ctx, -10, hz - 170 + j * 60, ctx.W + 10, hz - 150 + j * 60, 50, f"m-bunt{j}"
        )
    if ctx.light.night > 0.3:
        for j in range(9):
            lx = (j + 0.5) * ctx.W / 9
            ly = hz - 110 + 20 * math.sin(j)
            ctx.canvas.drawCircle(lx, ly, 9, ctx.paint(hex_rgb("#ff9f43")))
            ctx.glow(lx, ly, 70, hex_rgb("#ffb347"), 0.5)
    return None
