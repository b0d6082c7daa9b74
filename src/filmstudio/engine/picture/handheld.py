"""Props a character holds (or sets down): a lantern, bread, a book, flowers, a basket...

The plan names props with canonical English nouns; each noun here is a few shapes built around
a grip point (where the hand closes on it), sized to the figure that holds it. The same shapes
give the prop's box without drawing it, so the blocking can tell the camera where the bread is
before anything is painted. A noun without its own drawing is a cloth bundle: still visibly
something in the hand.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import skia

from filmstudio.engine.picture.canvas import Ctx, Point, oval_path, poly, rrect_path
from filmstudio.engine.picture.colour import RGB, hex_rgb

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Shape:
    """One filled shape of a prop; `glow` marks a light source (flame, lantern glass)."""

    path: skia.Path
    colour: RGB
    glow: bool = False
    stroke: float = 0.0


Maker = Callable[[float, float, float, float], list[Shape]]


def _c(hex_colour: str) -> RGB:
    return hex_rgb(hex_colour)


def _line(x0: float, y0: float, x1: float, y1: float) -> skia.Path:
    path = skia.Path()
    path.moveTo(x0, y0)
    path.lineTo(x1, y1)
    return path


def _lantern(x: float, y: float, h: float, f: float) -> list[Shape]:
    w, top, bot = h * 0.028, y + h * 0.025, y + h * 0.11
    handle = skia.Path()
    handle.moveTo(x - w * 0.8, top)
    handle.quadTo(x, y - h * 0.015, x + w * 0.8, top)
    return [
        Shape(handle, _c("#3a3a3a"), stroke=h * 0.005),
        Shape(rrect_path(x - w, top, x + w, bot, w * 0.3), _c("#2f2a24")),
        Shape(
            rrect_path(x - w * 0.7, top + h * 0.012, x + w * 0.7, bot - h * 0.01, w * 0.2),
            _c("#ffd27a"),
            glow=True,
        ),
    ]


def _bread(x: float, y: float, h: float, f: float) -> list[Shape]:
    loaf = oval_path(x + f * h * 0.015, y + h * 0.005, h * 0.065, h * 0.028)
    scores = skia.Path()
    for k in (-1, 0, 1):
        cx = x + f * h * 0.015 + k * h * 0.025
        scores.moveTo(cx - h * 0.008, y - h * 0.012)
        scores.lineTo(cx + h * 0.008, y + h * 0.012)
    return [Shape(loaf, _c("#c68642")), Shape(scores, _c("#8a5a2b"), stroke=h * 0.004)]


def _book(x: float, y: float, h: float, f: float) -> list[Shape]:
    cover = rrect_path(x - h * 0.035, y - h * 0.045, x + h * 0.035, y + h * 0.045, h * 0.004)
    pages = rrect_path(x - h * 0.03, y - h * 0.04, x + h * 0.03, y + h * 0.04, h * 0.002)
    spine = _line(x - f * h * 0.035, y - h * 0.045, x - f * h * 0.035, y + h * 0.045)
    return [
        Shape(pages, _c("#f2ead8")),
        Shape(cover, _c("#7b2d26")),
        Shape(spine, _c("#4a1a16"), stroke=h * 0.008),
    ]


def _letter(x: float, y: float, h: float, f: float) -> list[Shape]:
    sheet = poly(
        [
            (x - h * 0.03, y - h * 0.05),
            (x + h * 0.035, y - h * 0.046),
            (x + h * 0.03, y + h * 0.04),
            (x - h * 0.035, y + h * 0.036),
        ]
    )
    lines = skia.Path()
    for k in range(4):
        ly = y - h * 0.03 + k * h * 0.018
        lines.moveTo(x - h * 0.02, ly)
        lines.lineTo(x + h * 0.02, ly + h * 0.002)
    return [Shape(sheet, _c("#f7f3e8")), Shape(lines, _c("#6b6b80"), stroke=h * 0.003)]


def _flowers(x: float, y: float, h: float, f: float) -> list[Shape]:
    stems = skia.Path()
    heads: list[Shape] = []
    for k, colour in enumerate(("#e0457b", "#f2c14e", "#e86a3a", "#b565d8")):
        ang = math.radians(-20 + k * 13)
        tx, ty = x + math.sin(ang) * h * 0.1, y - math.cos(ang) * h * 0.1
        stems.moveTo(x, y + h * 0.02)
        stems.lineTo(tx, ty)
        heads.append(Shape(oval_path(tx, ty, h * 0.018, h * 0.016), _c(colour)))
    return [Shape(stems, _c("#3f7d3a"), stroke=h * 0.005), *heads]


def _basket(x: float, y: float, h: float, f: float) -> list[Shape]:
    top, bot, w = y + h * 0.04, y + h * 0.1, h * 0.06
    handle = skia.Path()
    handle.moveTo(x - w * 0.8, top)
    handle.quadTo(x, y - h * 0.03, x + w * 0.8, top)
    body = poly([(x - w, top), (x + w, top), (x + w * 0.75, bot), (x - w * 0.75, bot)])
    weave = skia.Path()
    for k in range(1, 3):
        wy = top + (bot - top) * k / 3
        weave.moveTo(x - w * (1 - 0.25 * k / 3), wy)
        weave.lineTo(x + w * (1 - 0.25 * k / 3), wy)
    return [
        Shape(handle, _c("#8a6030"), stroke=h * 0.007),
        Shape(body, _c("#b8864b")),
        Shape(weave, _c("#7a5228"), stroke=h * 0.004),
    ]


def _fish(x: float, y: float, h: float, f: float) -> list[Shape]:
    body = oval_path(x, y + h * 0.06, h * 0.02, h * 0.055)
    tail = poly(
        [(x, y + h * 0.105), (x - h * 0.025, y + h * 0.135), (x + h * 0.025, y + h * 0.135)]
    )
    return [Shape(tail, _c("#7f9bb0")), Shape(body, _c("#a9c2d3"))]


def _cup(x: float, y: float, h: float, f: float) -> list[Shape]:
    cup = rrect_path(x - h * 0.018, y - h * 0.02, x + h * 0.018, y + h * 0.02, h * 0.006)
    return [
        Shape(cup, _c("#e9e4da")),
        Shape(oval_path(x, y - h * 0.02, h * 0.018, h * 0.005), _c("#6b3e1f")),
    ]


def _flame(x: float, y: float, size: float) -> Shape:
    flame = skia.Path()
    flame.moveTo(x - size * 0.5, y)
    flame.quadTo(x - size * 0.4, y - size * 1.2, x, y - size * 2.0)
    flame.quadTo(x + size * 0.4, y - size * 1.2, x + size * 0.5, y)
    flame.close()
    return Shape(flame, _c("#ffc94a"), glow=True)


def _candle(x: float, y: float, h: float, f: float) -> list[Shape]:
    stick = rrect_path(x - h * 0.009, y - h * 0.06, x + h * 0.009, y + h * 0.02, h * 0.003)
    return [Shape(stick, _c("#f3ecd6")), _flame(x, y - h * 0.062, h * 0.011)]


def _diya(x: float, y: float, h: float, f: float) -> list[Shape]:
    bowl = skia.Path()
    bowl.moveTo(x - h * 0.03, y - h * 0.01)
    bowl.quadTo(x, y + h * 0.03, x + h * 0.03, y - h * 0.01)
    bowl.close()
    return [Shape(bowl, _c("#b5562a")), _flame(x + h * 0.012, y - h * 0.012, h * 0.009)]


def _staff(x: float, y: float, h: float, f: float) -> list[Shape]:
    return [
        Shape(
            _line(x + f * h * 0.01, y - h * 0.35, x - f * h * 0.02, y + h * 0.52),
            _c("#6b4a2b"),
            stroke=h * 0.013,
        )
    ]


def _sword(x: float, y: float, h: float, f: float) -> list[Shape]:
    blade = poly(
        [
            (x - h * 0.006, y - h * 0.02),
            (x + h * 0.006, y - h * 0.02),
            (x + h * 0.004, y - h * 0.3),
            (x, y - h * 0.32),
            (x - h * 0.004, y - h * 0.3),
        ]
    )
    guard = _line(x - h * 0.03, y - h * 0.02, x + h * 0.03, y - h * 0.02)
    return [Shape(blade, _c("#c9ced6")), Shape(guard, _c("#7a6230"), stroke=h * 0.01)]


def _phone(x: float, y: float, h: float, f: float) -> list[Shape]:
    return [
        Shape(
            rrect_path(x - h * 0.012, y - h * 0.024, x + h * 0.012, y + h * 0.024, h * 0.004),
            _c("#1e1f24"),
        )
    ]


def _bag(x: float, y: float, h: float, f: float) -> list[Shape]:
    strap = skia.Path()
    strap.moveTo(x - h * 0.02, y + h * 0.04)
    strap.quadTo(x, y - h * 0.01, x + h * 0.02, y + h * 0.04)
    body = rrect_path(x - h * 0.045, y + h * 0.04, x + h * 0.045, y + h * 0.11, h * 0.01)
    return [Shape(strap, _c("#4a3224"), stroke=h * 0.006), Shape(body, _c("#7a4e2d"))]


def _box(x: float, y: float, h: float, f: float) -> list[Shape]:
    box = rrect_path(x - h * 0.04, y - h * 0.035, x + h * 0.04, y + h * 0.035, h * 0.003)
    ribbon = _line(x, y - h * 0.035, x, y + h * 0.035)
    ribbon.addPath(_line(x - h * 0.04, y, x + h * 0.04, y))
    return [Shape(box, _c("#c0392b")), Shape(ribbon, _c("#f1c40f"), stroke=h * 0.008)]


def _ball(x: float, y: float, h: float, f: float) -> list[Shape]:
    return [Shape(oval_path(x + f * h * 0.01, y, h * 0.035, h * 0.035), _c("#e74c3c"))]


def _bottle(x: float, y: float, h: float, f: float) -> list[Shape]:
    body = rrect_path(x - h * 0.014, y - h * 0.03, x + h * 0.014, y + h * 0.045, h * 0.006)
    neck = rrect_path(x - h * 0.005, y - h * 0.06, x + h * 0.005, y - h * 0.028, h * 0.002)
    return [Shape(neck, _c("#2e6b4a")), Shape(body, _c("#2e7d5a"))]


def _pot(x: float, y: float, h: float, f: float) -> list[Shape]:
    pot = oval_path(x, y + h * 0.05, h * 0.045, h * 0.045)
    rim = oval_path(x, y + h * 0.01, h * 0.025, h * 0.008)
    return [Shape(pot, _c("#a0522d")), Shape(rim, _c("#7a3b1d"))]


def _umbrella_closed(x: float, y: float, h: float, f: float) -> list[Shape]:
    shaft = _line(x, y, x + f * h * 0.03, y + h * 0.42)
    folded = poly(
        [
            (x + f * h * 0.004, y + h * 0.06),
            (x + f * h * 0.034, y + h * 0.08),
            (x + f * h * 0.03, y + h * 0.4),
            (x + f * h * 0.02, y + h * 0.4),
        ]
    )
    return [Shape(shaft, _c("#2b2b2b"), stroke=h * 0.006), Shape(folded, _c("#2e4a7a"))]


def _torch(x: float, y: float, h: float, f: float) -> list[Shape]:
    stick = _line(x, y + h * 0.06, x + f * h * 0.01, y - h * 0.12)
    return [
        Shape(stick, _c("#5a3b22"), stroke=h * 0.012),
        _flame(x + f * h * 0.01, y - h * 0.12, h * 0.025),
    ]


def _net(x: float, y: float, h: float, f: float) -> list[Shape]:
    mesh = skia.Path()
    for k in range(5):
        mesh.moveTo(x - h * 0.05 + k * h * 0.025, y)
        mesh.lineTo(x - h * 0.04 + k * h * 0.02, y + h * 0.16)
    for k in range(1, 5):
        mesh.moveTo(x - h * 0.05, y + k * h * 0.035)
        mesh.lineTo(x + h * 0.05, y + k * h * 0.035)
    return [Shape(mesh, _c("#8a7a55"), stroke=h * 0.004)]


def _bundle(x: float, y: float, h: float, f: float) -> list[Shape]:
    sack = oval_path(x, y + h * 0.045, h * 0.04, h * 0.045)
    knot = oval_path(x, y, h * 0.012, h * 0.01)
    return [Shape(sack, _c("#c9a46b")), Shape(knot, _c("#8a6a3b"))]


MAKERS: dict[str, Maker] = {
    "lantern": _lantern,
    "lamp": _lantern,
    "bread": _bread,
    "loaf": _bread,
    "book": _book,
    "letter": _letter,
    "paper": _letter,
    "map": _letter,
    "flower": _flowers,
    "flowers": _flowers,
    "bouquet": _flowers,
    "basket": _basket,
    "fish": _fish,
    "cup": _cup,
    "tea": _cup,
    "coffee": _cup,
    "candle": _candle,
    "diya": _diya,
    "staff": _staff,
    "stick": _staff,
    "cane": _staff,
    "spear": _staff,
    "sword": _sword,
    "phone": _phone,
    "bag": _bag,
    "box": _box,
    "gift": _box,
    "ball": _ball,
    "bottle": _bottle,
    "pot": _pot,
    "jar": _pot,
    "umbrella": _umbrella_closed,
    "torch": _torch,
    "net": _net,
}


def shapes(name: str, grip: Point, h: float, facing: float) -> list[Shape]:
    """The prop's shapes held at `grip` by a figure `h` tall facing `facing` (+1 right)."""
    return MAKERS.get(name, _bundle)(grip[0], grip[1], h, facing)


def _bounds(parts: list[Shape]) -> Box:
    x0 = y0 = math.inf
    x1 = y1 = -math.inf
    for part in parts:
        r = part.path.computeTightBounds()
        pad = part.stroke / 2
        x0, y0 = min(x0, r.left() - pad), min(y0, r.top() - pad)
        x1, y1 = max(x1, r.right() + pad), max(y1, r.bottom() + pad)
    return (x0, y0, x1, y1)


def prop_box(name: str, grip: Point, h: float, facing: float) -> Box:
    """Where the prop would be drawn (virtual units), without drawing it."""
    return _bounds(shapes(name, grip, h, facing))


def grip_on_ground(name: str, x: float, base: float, h: float) -> Point:
    """Where to put the grip so the prop stands on the ground at (x, base)."""
    _x0, _y0, _x1, y1 = prop_box(name, (x, 0.0), h, 1.0)
    return (x, base - y1)


def draw_prop(ctx: Ctx, name: str, grip: Point, h: float, facing: float, depth: float = 0.0) -> Box:
    """Draw the prop lit by the scene (light sources glow); returns its box."""
    parts = shapes(name, grip, h, facing)
    for part in parts:
        colour = part.colour if part.glow else ctx.shade(part.colour, depth, 0.6)
        if part.stroke > 0:
            ctx.stroke(part.path, colour, part.stroke)
        else:
            ctx.fill(part.path, colour, outline=not part.glow)
        if part.glow:
            r = part.path.computeTightBounds()
            ctx.glow(r.centerX(), r.centerY(), max(r.width(), r.height()) * 2.2, colour, 0.45)
    return _bounds(parts)
