"""Props the plan names: animals and objects from Debian's openclipart, birds, a campfire.

Openclipart drawings come in every style, so they are never pasted as-is: each is rendered to
an alpha mask and filled with a colour from the scene's light (a silhouette), which makes a
cat drawn by one artist sit in a watercolour dusk drawn by us. Masks are cached by file and
size because the same dog may appear in every scene of a film.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
import skia

from filmstudio.engine.picture.canvas import U8, Ctx, oval_path, premultiply
from filmstudio.engine.picture.colour import RGB, hex_rgb, lighten
from filmstudio.engine.picture.handheld import draw_prop, grip_on_ground
from filmstudio.engine.picture.staging import Box, Layout

CLIPART_ROOTS = (Path("/usr/share/openclipart/svg"), Path("/usr/share/openclipart"))

#: animal (plan prop noun) -> (clipart file, height in adult heights, colour, faces right)
ANIMALS: dict[str, tuple[str, float, str, bool]] = {
    "cat": ("animals/mammals/housecats/gatto_cat_architetto_fra_04.svg", 0.2, "#3a3330", False),
    "kitten": ("animals/mammals/housecats/gatto_cat_architetto_fra_02.svg", 0.13, "#6b5a4a", True),
    "dog": ("animals/mammals/dogs/beagle_copper_ganson.svg", 0.3, "#6b4a30", False),
    "puppy": ("animals/mammals/dogs/beagle_copper_ganson.svg", 0.2, "#8a6440", False),
    "horse": ("animals/mammals/horses/cavallo_architetto_franc_05.svg", 1.0, "#4a3224", True),
    "camel": ("unsorted/cammello.svg", 1.15, "#8a6a45", True),
    "elephant": ("animals/mammals/contour_elephant.svg", 1.6, "#5d5a58", False),
    "cow": ("unsorted/mucca.svg", 0.8, "#4a3f38", False),
    "deer": ("animals/mammals/deer_matt_todd_01.svg", 0.8, "#7a5536", False),
    "fox": ("animals/mammals/contour_fox.svg", 0.3, "#b5562a", False),
    "rabbit": ("animals/mammals/coniglio_architetto_fran_01.svg", 0.14, "#8a7a6a", True),
    "crow": ("animals/birds/crow_01.svg", 0.12, "#1c1c1f", False),
    "gull": ("animals/birds/gull_marcelo_staudt_01.svg", 0.12, "#d9dde0", False),
    "swan": ("animals/birds/cigno_architetto_frances_01.svg", 0.3, "#f2f2ee", False),
}
#: object (plan prop noun) -> (file, height in adult heights, faces right): drawn in their own
#: colours, lit and tinted by the scene (a silhouette would lose what makes a guitar a guitar).
OBJECTS: dict[str, tuple[str, float, bool]] = {
    "car": ("transportation/vehicles/car.svg", 0.62, True),
    "bicycle": ("transportation/vehicles/bicycle_01.svg", 0.55, True),
    "motorcycle": ("transportation/motorcycle_jarno_vasama_.svg", 0.6, True),
    "bus": ("transportation/vehicles/bus2_jarno_vasamaa_01.svg", 1.25, True),
    "tractor": ("transportation/vehicles/trattore_architetto_fran_01.svg", 0.95, True),
    "guitar": ("recreation/music/guitar_profile_philippe__01.svg", 0.32, True),
    "violin": ("recreation/music/violin_colour_ganson.svg", 0.22, True),
    "suitcase": ("transportation/little_tan_suitcase_jona_.svg", 0.3, True),
    "telescope": ("tools/telescope_01.svg", 0.8, True),
    "balloons": ("recreation/party/balloons_01.svg", 0.9, True),
}


def _clipart(rel: str) -> Path | None:
    for root in CLIPART_ROOTS:
        path = root / rel
        if path.is_file():
            return path
    return None


def _render_trimmed(rel: str, height_px: int) -> U8 | None:
    """The drawing rendered `height_px` tall (canvas included) as RGBA, cut to the part that
    is drawn; None when the clipart is not installed, unreadable or empty."""
    path = _clipart(rel)
    if path is None:
        return None
    # Keep the data and stream referenced while skia parses: a temporary would be freed
    # underneath it (that crashes the interpreter, not just this call).
    data = skia.Data.MakeFromFileName(str(path))
    if data is None:
        return None
    stream = skia.MemoryStream(data)
    try:
        dom = skia.SVGDOM.MakeFromStream(stream)
    except Exception:
        return None
    if dom is None:
        return None
    size = dom.containerSize()
    w, h = size.width(), size.height()
    if w <= 0 or h <= 0:
        return None
    scale = height_px / h
    pixels = np.zeros((height_px + 2, max(2, int(w * scale) + 2), 4), np.uint8)
    surface = skia.Surface(pixels)
    canvas = surface.getCanvas()
    canvas.translate(1, 1)
    canvas.scale(scale, scale)
    dom.render(canvas)
    alpha = pixels[..., 3]
    rows = np.nonzero(alpha.max(axis=1) > 16)[0]
    cols = np.nonzero(alpha.max(axis=0) > 16)[0]
    if rows.size == 0 or cols.size == 0:
        return None
    return pixels[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]


@lru_cache(maxsize=32)
def _mask(rel: str, height_px: int) -> U8 | None:
    """The drawing's alpha at `height_px` tall (None when the clipart is not installed)."""
    if height_px < 2:
        return None
    crop = _render_trimmed(rel, height_px)
    if crop is None:
        return None
    alpha = crop[..., 3].copy()
    alpha.setflags(write=False)
    return alpha


@lru_cache(maxsize=32)
def _colour_art(rel: str, height_px: int) -> tuple[U8, U8] | None:
    """The drawing in its own colours with its visible part `height_px` tall: (rgb, alpha).

    SVG canvases often carry empty margins, so the drawing is rendered once at a reference
    size, trimmed to what is drawn, then scaled so the drawing itself has the asked height.
    """
    art = _reference_art(rel)
    if art is None or height_px < 2:
        return None
    rgb, alpha = art
    width_px = max(2, round(rgb.shape[1] * height_px / rgb.shape[0]))
    interp = cv2.INTER_AREA if height_px < rgb.shape[0] else cv2.INTER_LINEAR
    out_rgb = np.asarray(cv2.resize(rgb, (width_px, height_px), interpolation=interp), np.uint8)
    out_a = np.asarray(cv2.resize(alpha, (width_px, height_px), interpolation=interp), np.uint8)
    out_rgb.setflags(write=False)
    out_a.setflags(write=False)
    return out_rgb, out_a


@lru_cache(maxsize=16)
def _reference_art(rel: str, height_px: int = 900) -> tuple[U8, U8] | None:
    """The drawing rendered at a reference size and trimmed to its visible part."""
    crop = _render_trimmed(rel, height_px)
    if crop is None:
        return None
    a = crop[..., 3].astype(np.float32)
    rgb = crop[..., :3].astype(np.float32) * (255.0 / np.maximum(a, 1.0))[..., None]
    out_rgb = np.clip(rgb, 0, 255).astype(np.uint8)
    out_a = crop[..., 3].copy()
    out_rgb.setflags(write=False)
    out_a.setflags(write=False)
    return out_rgb, out_a


def draw_object(
    ctx: Ctx,
    kind: str,
    x: float,
    base: float,
    height: float,
    depth: float,
    face_right: bool | None = None,
) -> bool:
    """Draw a clip-art object standing on `base`, recoloured into the scene's palette.

    Its own colours are kept as structure but lit by the scene's light (multiplied by what a
    white surface looks like here), pulled toward the haze with distance and a little
    desaturated, so a bright clip-art car sits in a dusk street instead of glowing on it.
    """
    if kind not in OBJECTS:
        return False
    rel, _size, drawn_right = OBJECTS[kind]
    art = _colour_art(rel, max(2, min(int(height * ctx.k), 1200)))
    if art is None:
        return False
    rgb8, alpha8 = art
    if face_right is not None and face_right != drawn_right:
        rgb8, alpha8 = rgb8[:, ::-1], alpha8[:, ::-1]
    rgb = rgb8.astype(np.float32) / 255.0
    grey = rgb @ np.array([0.299, 0.587, 0.114], np.float32)
    rgb = rgb * 0.75 + grey[..., None] * 0.25
    lit = np.array(ctx.shade((1.0, 1.0, 1.0), depth, 0.6), np.float32)
    rgb = np.clip(rgb * lit * 1.15, 0.0, 1.0)
    haze = np.array(ctx.light.haze, np.float32)
    rgb = rgb * (1 - 0.5 * depth) + haze * (0.5 * depth)
    a = alpha8.astype(np.float32) / 255.0
    h_v, w_v = a.shape[0] / ctx.k, a.shape[1] / ctx.k
    ctx.fill(oval_path(x, base, w_v * 0.45, max(2.0, h_v * 0.05)), (0.0, 0.0, 0.0), 0.25)
    ctx.draw_rgba(premultiply(rgb.astype(np.float32), a), x - w_v / 2, base - h_v, w_v, h_v)
    return True


#: Props a place painter draws as part of the place (a boat on the sea, a tree, a fire).
PAINTED_BY_PLACE = frozenset(
    {"boat", "ship", "pier", "palm", "lake", "cactus", "tree", "campfire", "fire", "bonfire"}
)


def objects(ctx: Ctx, layout: Layout) -> None:
    """Props the plan says stand in the scene (a car, a basket, a lantern) beside the
    characters; each one's box goes into `layout.prop_boxes`."""
    if layout.shot not in ("establishing", "wide"):
        return
    wanted = [
        name
        for name in dict.fromkeys(layout.standing_props())
        if name not in ANIMALS and name not in PAINTED_BY_PLACE
    ]
    rng = ctx.rng("objects")
    offset = 0.0
    for kind in wanted[:3]:
        size = OBJECTS[kind][1] if kind in OBJECTS else 0.3
        width = size * layout.unit * (2.0 if kind in ("car", "bus", "tractor") else 0.8)
        if layout.actors:
            xs = [a.x for a in layout.actors]
            # beside the group, on the side with more room
            side = 1.0 if sum(xs) / len(xs) < ctx.W / 2 else -1.0
            edge = max(xs) if side > 0 else min(xs)
            x = edge + side * (layout.unit * 0.22 + offset + width * 0.5)
            base = max(a.base for a in layout.actors) - layout.unit * 0.01
            face_right = side < 0
        else:
            x = ctx.W * (0.3 + 0.4 * rng.random()) + offset
            base = layout.floor
            face_right = bool(rng.random() < 0.5)
        offset += width + layout.unit * 0.1
        box = draw_standing(ctx, kind, x, base, layout.unit, face_right)
        if box is not None:
            layout.prop_boxes[kind] = box


def draw_standing(
    ctx: Ctx, kind: str, x: float, base: float, unit: float, face_right: bool
) -> Box | None:
    """A prop standing on the ground at (x, base) for figures `unit` tall; its box."""
    if kind in OBJECTS:
        height = unit * OBJECTS[kind][1]
        if not draw_object(ctx, kind, x, base, height, 0.0, face_right):
            return None
        width = height * 2.0 if kind in ("car", "bus", "tractor") else height * 0.8
        return (x - width / 2, base - height, x + width / 2, base)
    grip = grip_on_ground(kind, x, base, unit)
    ctx.fill(oval_path(x, base, unit * 0.06, unit * 0.012), (0.0, 0.0, 0.0), 0.25)
    return draw_prop(ctx, kind, grip, unit, 1.0 if face_right else -1.0)


def draw_held_object(
    ctx: Ctx, kind: str, hand: tuple[float, float], unit: float, facing: float
) -> Box | None:
    """A clip-art object (a guitar, a suitcase) carried in the hand; None if not clip art."""
    if kind not in OBJECTS or kind in ("car", "bus", "tractor", "motorcycle", "telescope"):
        return None
    height = unit * OBJECTS[kind][1] * 0.8
    base = hand[1] + height * 0.55
    if not draw_object(ctx, kind, hand[0], base, height, 0.0, facing > 0):
        return None
    return (hand[0] - height * 0.4, base - height, hand[0] + height * 0.4, base)


def silhouette(
    ctx: Ctx,
    kind: str,
    x: float,
    base: float,
    height: float,
    depth: float,
    face_right: bool | None = None,
    colour: RGB | None = None,
) -> bool:
    """Draw an animal silhouette standing on `base`; False when its clipart is missing."""
    if kind not in ANIMALS:
        return False
    rel, _size, hex_colour, drawn_right = ANIMALS[kind]
    height_px = int(height * ctx.k)
    alpha = _mask(rel, max(2, min(height_px, 1200)))
    if alpha is None:
        return False
    if face_right is not None and face_right != drawn_right:
        alpha = alpha[:, ::-1]
    fill = ctx.shade(colour or hex_rgb(hex_colour), depth, 0.5)
    a = alpha.astype(np.float32) / 255.0
    rgb = np.empty((*a.shape, 3), np.float32)
    rgb[:] = np.array(fill, np.float32)
    h_v = a.shape[0] / ctx.k
    w_v = a.shape[1] / ctx.k
    rim = lighten(fill, 0.35)
    rim_rgb = np.empty_like(rgb)
    rim_rgb[:] = np.array(rim, np.float32)
    dx = ctx.light.light_side * max(0.8, height * 0.015)
    ctx.draw_rgba(premultiply(rim_rgb, a * 0.8), x - w_v / 2 + dx, base - h_v, w_v, h_v)
    ctx.draw_rgba(premultiply(rgb, a), x - w_v / 2, base - h_v, w_v, h_v)
    return True


def companions(ctx: Ctx, layout: Layout) -> None:
    """Animals among the scene's props, at the characters' feet (or centre stage)."""
    wanted = [name for name in dict.fromkeys(p.name for p in layout.props) if name in ANIMALS]
    if not wanted:
        return
    rng = ctx.rng("companions")
    for i, kind in enumerate(wanted[:2]):
        size = ANIMALS[kind][1]
        if layout.actors:
            anchor = layout.actors[i % len(layout.actors)]
            side = 1.0 if anchor.x < ctx.W / 2 else -1.0
            x = anchor.x + side * layout.unit * (0.28 + size * 0.4)
            base = anchor.base + layout.unit * 0.02
            face_right = side < 0
        else:
            x = ctx.W * (0.35 + 0.3 * rng.random())
            base = layout.floor
            face_right = bool(rng.random() < 0.5)
        silhouette(ctx, kind, x, base, layout.unit * size, 0.0, face_right)


def birds(ctx: Ctx, count: int, y0: float, y1: float, tag: str) -> None:
    """A loose flock of distant birds: two curved strokes each."""
    rng = ctx.rng(tag)
    path = skia.Path()
    cx = ctx.W * (0.2 + rng.random() * 0.6)
    for _ in range(count):
        x = cx + (rng.random() - 0.5) * ctx.W * 0.35
        y = y0 + rng.random() * (y1 - y0)
        s = 4 + rng.random() * 7
        path.moveTo(x - s, y - s * 0.3)
        path.quadTo(x - s * 0.5, y - s * 0.7, x, y)
        path.quadTo(x + s * 0.5, y - s * 0.7, x + s, y - s * 0.3)
    colour = ctx.shade(hex_rgb("#2b2b30"), 0.4, 0.3)
    ctx.stroke(path, colour, 1.6, 0.85)


def campfire(ctx: Ctx, x: float, base: float, size: float) -> None:
    """Logs and flames with a warm light pool: the focus of a night by the fire."""
    logs = skia.Path()
    for k in (-1, 1):
        logs.addRoundRect(
            skia.Rect(x - size * 0.5, base - size * 0.12, x + size * 0.5, base),
            size * 0.06,
            size * 0.06,
        )
        logs.transform(skia.Matrix.RotateDeg(k * 14, skia.Point(x, base)))
    ctx.fill(logs, ctx.shade(hex_rgb("#5a3b22"), 0.0, 0.5), outline=True)
    for colour, scale_f in (("#ff7a1a", 1.0), ("#ffc23d", 0.65), ("#fff2b0", 0.32)):
        flame = skia.Path()
        h = size * 1.1 * scale_f
        w = size * 0.42 * scale_f
        flame.moveTo(x - w, base - size * 0.08)
        flame.cubicTo(x - w * 1.1, base - h * 0.5, x - w * 0.2, base - h * 0.7, x, base - h)
        flame.cubicTo(
            x + w * 0.3, base - h * 0.65, x + w * 1.1, base - h * 0.5, x + w, base - size * 0.08
        )
        flame.close()
        ctx.canvas.drawPath(flame, ctx.paint(hex_rgb(colour), 0.95))
    ctx.glow(x, base - size * 0.4, size * 6.0, hex_rgb("#ff9a3c"), 0.45)
    ctx.glow(x, base, size * 4.0, hex_rgb("#ffb347"), 0.35, ry=size * 0.8)


def extras(ctx: Ctx, layout: Layout, outdoors: bool) -> None:
    """Props the plan asks for that stand behind the characters (a tree)."""
    if not outdoors or layout.shot not in ("establishing", "wide"):
        return
    occupied = [a.x for a in layout.actors]
    free_x = ctx.W * (0.15 if not occupied or sum(occupied) / len(occupied) > ctx.W / 2 else 0.85)
    if layout.shows("tree") and ctx.place not in ("forest", "temple"):
        from filmstudio.engine.picture.plants import tree

        base, height = layout.floor - layout.unit * 0.1, layout.unit * 1.5
        tree(ctx, free_x, base, height, 0.05, "asked-tree")
        layout.prop_boxes["tree"] = (
            free_x - height * 0.4,
            base - height,
            free_x + height * 0.4,
            base,
        )


def front_extras(ctx: Ctx, layout: Layout, outdoors: bool) -> None:
    """Props the plan asks for in front of the characters (a campfire)."""
    if not outdoors or layout.shot not in ("establishing", "wide"):
        return
    if layout.shows("campfire", "bonfire", "fire") and ctx.place not in (
        "street",
        "city",
        "market",
    ):
        occupied = [a.x for a in layout.actors]
        centre = sum(occupied) / len(occupied) if occupied else ctx.W / 2
        if len(occupied) < 2:
            centre += layout.unit * 0.4 * (1.0 if centre < ctx.W / 2 else -1.0)
        base, size = layout.floor + layout.unit * 0.1, layout.unit * 0.17
        campfire(ctx, centre, base, size)
        box = (centre - size * 0.6, base - size * 1.1, centre + size * 0.6, base)
        for name in ("campfire", "bonfire", "fire"):
            if layout.shows(name):
                layout.prop_boxes[name] = box
