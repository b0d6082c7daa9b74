"""Illustrated people: a small 3-D skeleton posed, turned and drawn as shaded shapes.

The first attempts drew people as pictograms standing where they should sit. A figure here is
a skeleton (pelvis, spine, limbs with absolute angles) projected at a chosen yaw, so the same
pose reads from the front, in three-quarter view or in profile; limbs are tapered capsules with
a lit and a shadowed side, clothes follow the limbs, and each character's look (skin, hair,
clothes) is derived from the name, so they look the same in every scene.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

import skia

from filmstudio.engine.picture.canvas import Ctx, Point, oval_path, poly, poly_cw
from filmstudio.engine.picture.colour import (
    RGB,
    darken,
    hex_rgb,
    lighten,
    mix,
    stable_hash,
    to_color,
)
from filmstudio.engine.plan import Character, FilmPlan

SKINS = [
    hex_rgb(c)
    for c in (
        "#f3cfb3",
        "#e8b894",
        "#d29a72",
        "#b57a52",
        "#8d5a3b",
        "#6b4430",
        "#f0c2a0",
        "#c98e66",
    )
]
HAIRS = [
    hex_rgb(c)
    for c in (
        "#2a1b14",
        "#3b2619",
        "#5a3b25",
        "#161514",
        "#8a5a2b",
        "#c9a25a",
        "#6e2f1a",
        "#2f2622",
        "#1f1712",
        "#4a3020",
    )
]
GREYS = [hex_rgb(c) for c in ("#d9d6d0", "#bdb9b2", "#ecebe6", "#a7a39b")]
TOPS = [
    hex_rgb(c)
    for c in (
        "#c0392b",
        "#2e86c1",
        "#27ae60",
        "#d68910",
        "#8e44ad",
        "#16a085",
        "#e67e22",
        "#34495e",
        "#b03a2e",
        "#1f618d",
        "#e2b93b",
        "#7d3c98",
        "#d35400",
        "#2874a6",
        "#a93226",
        "#117864",
        "#c2185b",
        "#5d6d7e",
    )
]
BOTTOMS = [
    hex_rgb(c)
    for c in (
        "#2c3e50",
        "#34495e",
        "#5d4037",
        "#1b2631",
        "#4a5a6a",
        "#3e4a3d",
        "#6b5b4b",
        "#2e3b55",
        "#7b6a58",
    )
]
COLOUR_WORDS: dict[str, RGB] = {
    "red": hex_rgb("#c0392b"),
    "crimson": hex_rgb("#a93226"),
    "blue": hex_rgb("#2e86c1"),
    "navy": hex_rgb("#1f3a5f"),
    "green": hex_rgb("#27ae60"),
    "yellow": hex_rgb("#e2b93b"),
    "orange": hex_rgb("#e67e22"),
    "purple": hex_rgb("#8e44ad"),
    "violet": hex_rgb("#7d3c98"),
    "pink": hex_rgb("#e27396"),
    "white": hex_rgb("#eeeae2"),
    "black": hex_rgb("#222326"),
    "grey": hex_rgb("#7f8c8d"),
    "gray": hex_rgb("#7f8c8d"),
    "brown": hex_rgb("#6e4b32"),
    "saffron": hex_rgb("#f0932b"),
    "gold": hex_rgb("#d4a017"),
    "golden": hex_rgb("#d4a017"),
    "teal": hex_rgb("#16a085"),
    "maroon": hex_rgb("#7b241c"),
}
HAIR_WORDS: dict[str, RGB] = {
    "blonde": hex_rgb("#d8b45e"),
    "blond": hex_rgb("#d8b45e"),
    "redhead": hex_rgb("#a0461f"),
    "ginger": hex_rgb("#b0531f"),
    "auburn": hex_rgb("#7a3319"),
    "brunette": hex_rgb("#4a2f1e"),
    "silver": hex_rgb("#d9d6d0"),
    "white-haired": hex_rgb("#ecebe6"),
    "grey-haired": hex_rgb("#bdb9b2"),
    "dark-haired": hex_rgb("#1f1712"),
}
GARMENT_WORDS = (
    "coat",
    "dress",
    "shirt",
    "jacket",
    "sweater",
    "scarf",
    "sari",
    "kurta",
    "hoodie",
    "cloak",
    "robe",
    "uniform",
    "saree",
    "top",
    "blouse",
)


@dataclass(frozen=True)
class Look:
    """How one character looks; derived from the name so it is stable across scenes."""

    age: str
    gender: str
    skin: RGB
    hair: RGB
    hair_style: str
    top: RGB
    bottom: RGB
    dress: bool
    long_skirt: bool
    shoes: RGB
    scarf: RGB | None
    beard: bool
    glasses: bool
    build: float
    accent: RGB
    jacket: bool = False


def look_for(name: str, character: Character | None) -> Look:
    """The look of a character: hashed from the name, refined by words in its description."""
    key = name.strip().lower()

    def roll(attr: str, n: int) -> int:
        return stable_hash(f"{key}|{attr}") % n

    def pick(seq: list[RGB], attr: str) -> RGB:
        return seq[roll(attr, len(seq))]

    gender = character.gender if character else "unknown"
    age = character.age if character else "adult"
    desc = (character.description if character else "").lower()
    words = set(re.findall(r"[a-z\-]+", desc))
    if gender == "unknown":
        if words & {"she", "her", "woman", "girl", "mother", "grandmother", "queen", "lady"}:
            gender = "female"
        elif words & {"he", "his", "man", "boy", "father", "grandfather", "king"}:
            gender = "male"
    if age == "adult":
        if words & {"child", "boy", "girl", "kid", "little"}:
            age = "child"
        elif words & {"old", "elderly", "grandmother", "grandfather", "aged"}:
            age = "elder"
    female = gender == "female" or (gender == "unknown" and roll("gender", 2) == 0)
    styles_f = ["long", "bob", "bun", "ponytail", "long", "curly"]
    styles_m = ["short", "short", "curly", "short", "swept"]
    if age == "child":
        styles_f, styles_m = ["pigtails", "bob", "ponytail"], ["short", "curly"]
    choices = styles_f if female else styles_m
    hair_style = choices[roll("hairstyle", len(choices))]
    hair = pick(HAIRS, "hair")
    if age == "elder":
        hair = pick(GREYS, "hair")
        if not female and roll("bald", 3) == 0:
            hair_style = "bald"
        elif female:
            hair_style = "bun"
    top = pick(TOPS, "top")
    bottom = pick(BOTTOMS, "bottom")
    dress = female and roll("dress", 3) == 0
    long_skirt = dress and (age == "elder" or roll("skirt", 2) == 0)
    scarf = pick(TOPS, "scarf") if roll("has-scarf", 4) == 0 else None
    for w in sorted(words):
        if w in HAIR_WORDS:
            hair = HAIR_WORDS[w]
    m = re.search(r"(\w+)[ -]hair", desc)
    if m and m.group(1) in COLOUR_WORDS:
        hair = mix(COLOUR_WORDS[m.group(1)], hex_rgb("#3b2619"), 0.35)
    m = re.search(r"(\w+)\s+(?:" + "|".join(GARMENT_WORDS) + r")", desc)
    if m and m.group(1) in COLOUR_WORDS:
        top = COLOUR_WORDS[m.group(1)]
    if words & {"dress", "sari", "saree", "gown", "skirt"}:
        dress, long_skirt = True, bool(words & {"sari", "saree", "gown"}) or long_skirt
    if "bald" in words:
        hair_style = "bald"
    if "long" in words and "hair" in words:
        hair_style = "long"
    return Look(
        age=age,
        gender="female" if female else "male",
        skin=pick(SKINS, "skin"),
        hair=hair,
        hair_style=hair_style,
        top=top,
        bottom=bottom,
        dress=dress,
        long_skirt=long_skirt,
        shoes=darken(pick(BOTTOMS, "shoes"), 0.4),
        scarf=scarf,
        beard=(not female) and age != "child" and (roll("beard", 3) == 0 or "beard" in words),
        glasses=age == "elder" or "glasses" in words,
        build=0.92 + roll("build", 5) * 0.04,
        accent=pick(TOPS, "accent"),
        jacket=not dress and roll("jacket", 3) == 0,
    )


def character_look(plan: FilmPlan, name: str) -> Look:
    """How `name` looks in this film: skin, hair colour and style, clothes, accessories.

    The one function to call for a character's appearance (scenes, portraits, thumbnails):
    it depends only on the plan's cast, so the result is the same in every scene.
    """
    cast: list[tuple[str, Character | None]] = [(c.name, c) for c in plan.characters]
    return cast_looks(cast).get(name) or look_for(name, plan.character(name))


def _distance(a: RGB, b: RGB) -> float:
    return abs(a[0] - b[0]) + abs(a[1] - b[1]) + abs(a[2] - b[2])


def cast_looks(cast: list[tuple[str, Character | None]]) -> dict[str, Look]:
    """Looks for a whole cast, nudged apart so no two characters share clothes or hair.

    Depends only on the cast list (the same for every scene of a film), so each character
    still looks the same in every scene.
    """
    looks: dict[str, Look] = {}
    for name, character in cast:
        if name in looks:
            continue
        look = look_for(name, character)
        described = character is not None and any(
            w in character.description.lower() for w in COLOUR_WORDS
        )
        for attempt in range(len(TOPS)):
            clash = any(_distance(look.top, o.top) < 0.35 for o in looks.values())
            if not clash or described:
                break
            look = replace(
                look,
                top=TOPS[(TOPS.index(look.top) + 5 + attempt) % len(TOPS)]
                if look.top in TOPS
                else TOPS[attempt],
            )
        if any(_distance(look.hair, o.hair) < 0.12 and look.age == o.age for o in looks.values()):
            pool = GREYS if look.age == "elder" else HAIRS
            idx = pool.index(look.hair) if look.hair in pool else 0
            look = replace(look, hair=pool[(idx + 3) % len(pool)])
        looks[name] = look
    return looks


def random_look(ctx: Ctx, tag: str) -> Look:
    """An anonymous passer-by (crowds in markets and streets)."""
    rng = ctx.rng(tag)
    base = look_for(f"extra{int(rng.integers(1 << 30))}", None)
    return replace(base, age="adult" if rng.random() < 0.85 else "elder")


# -- proportions and poses ----------------------------------------------------------------


@dataclass(frozen=True)
class Body:
    """Lengths in units of the figure's standing height."""

    head_r: float
    neck: float
    torso: float
    shoulder: float
    hip: float
    upper_arm: float
    fore_arm: float
    thigh: float
    shin: float
    limb: float  # limb thickness (radius at the top)
    waist: float


ADULT = Body(0.064, 0.026, 0.3, 0.112, 0.06, 0.17, 0.155, 0.245, 0.235, 0.038, 0.084)
CHILD = Body(0.092, 0.03, 0.27, 0.105, 0.058, 0.16, 0.15, 0.215, 0.205, 0.042, 0.09)


@dataclass(frozen=True)
class Pose:
    """Absolute limb angles in degrees: `a` swings forward from hanging down, `b` outward."""

    arm_front: tuple[float, float, float, float]
    arm_back: tuple[float, float, float, float]
    leg_front: tuple[float, float, float, float]
    leg_back: tuple[float, float, float, float]
    lean: float = 0.0
    seat: float | None = None  # pelvis height when sitting (figure units)
    kind: str = "stand"


POSES: dict[str, Pose] = {
    "stand": Pose((6, 7, 14, 4), (-4, 7, 6, 4), (3, 3, 0, 2), (-2, 3, -1, 2)),
    "walk": Pose(
        (24, 4, 50, 2), (-24, 4, -8, 2), (24, 2, 4, 1), (-18, 2, -42, 1), lean=4, kind="walk"
    ),
    "run": Pose(
        (50, 4, 110, 2), (-40, 4, 10, 2), (45, 2, -20, 1), (-30, 2, -80, 1), lean=12, kind="walk"
    ),
    "sit": Pose(
        (22, 8, 72, 4), (18, 8, 68, 4), (88, 5, 6, 3), (86, 6, 2, 3), lean=-6, seat=0.27, kind="sit"
    ),
    "sit_ground": Pose(
        (35, 14, 88, 8),
        (32, 14, 84, 8),
        (135, 7, -25, 3),
        (128, 9, -28, 3),
        lean=8,
        seat=0.055,
        kind="sit",
    ),
    "wave": Pose((0, 140, 0, 168), (-4, 7, 6, 4), (3, 3, 0, 2), (-2, 3, -1, 2), kind="wave"),
    "pray": Pose((30, -6, 125, -28), (30, -6, 125, -28), (3, 3, 0, 2), (-2, 3, -1, 2), kind="pray"),
    "talk": Pose((14, 22, 62, 40), (-4, 7, 8, 4), (3, 3, 0, 2), (-2, 3, -1, 2), kind="talk"),
    "point": Pose((82, 4, 86, 4), (-4, 7, 6, 4), (4, 3, 0, 2), (-3, 3, -1, 2), kind="point"),
    "embrace": Pose(
        (62, 16, 90, -78), (58, 20, 86, -74), (4, 3, 0, 2), (-3, 3, -1, 2), lean=5, kind="embrace"
    ),
    "umbrella": Pose((38, 4, 150, 2), (-4, 7, 6, 4), (3, 3, 0, 2), (-2, 3, -1, 2), kind="stand"),
    "hold": Pose((30, 4, 95, 2), (-4, 7, 6, 4), (3, 3, 0, 2), (-2, 3, -1, 2), kind="stand"),
}


def _dir(a: float, b: float, side: float) -> tuple[float, float, float]:
    """Unit vector (lateral, forward, up) for absolute angles a (forward) and b (outward)."""
    ar, br = math.radians(a), math.radians(b)
    return (side * math.sin(br), math.sin(ar) * math.cos(br), -math.cos(ar) * math.cos(br))


V3 = tuple[float, float, float]


def _add(p: V3, d: V3, s: float) -> V3:
    return (p[0] + d[0] * s, p[1] + d[1] * s, p[2] + d[2] * s)


@dataclass
class _Part:
    path: skia.Path
    colour: RGB
    z: float
    width: float
    outline: bool = True
    axis: tuple[Point, Point] | None = None  # limbs: shaded across this axis
    flat: bool = False  # torso-like: shaded left to right


class _Figure:
    """Projects the skeleton and collects the parts to draw in depth order."""

    def __init__(
        self,
        ctx: Ctx,
        look: Look,
        pose: Pose,
        x: float,
        base: float,
        height: float,
        yaw: float,
        depth: float,
    ) -> None:
        self.ctx, self.look, self.pose = ctx, look, pose
        self.x, self.base, self.h = x, base, height
        self.yaw = math.radians(yaw)
        self.depth = depth
        self.body = CHILD if look.age == "child" else ADULT
        self.parts: list[_Part] = []
        elder = look.age == "elder"
        self.lean = pose.lean + (10.0 if elder and pose.kind != "sit" else 0.0)
        self.bend = 8.0 if elder and pose.kind in ("stand", "wave", "pray", "point") else 0.0

    def project(self, p: V3) -> Point:
        c, s = math.cos(self.yaw), math.sin(self.yaw)
        return (self.x + self.h * (p[0] * c + p[1] * s), self.base - self.h * p[2])

    def zof(self, p: V3) -> float:
        c, s = math.cos(self.yaw), math.sin(self.yaw)
        return -p[0] * s + p[1] * c

    def chain(
        self,
        start: V3,
        a1: float,
        b1: float,
        l1: float,
        a2: float,
        b2: float,
        l2: float,
        side: float,
    ) -> tuple[V3, V3]:
        mid = _add(start, _dir(a1, b1, side), l1)
        end = _add(mid, _dir(a2, b2, side), l2)
        return mid, end

    def capsule(self, p0: V3, r0: float, p1: V3, r1: float) -> skia.Path:
        (x0, y0), (x1, y1) = self.project(p0), self.project(p1)
        r0, r1 = r0 * self.h, r1 * self.h
        dx, dy = x1 - x0, y1 - y0
        length = math.hypot(dx, dy) or 1e-3
        nx, ny = -dy / length, dx / length
        path = skia.Path()
        path.addCircle(x0, y0, r0)
        path.addCircle(x1, y1, r1)
        path.addPath(
            poly_cw(
                [
                    (x0 + nx * r0, y0 + ny * r0),
                    (x1 + nx * r1, y1 + ny * r1),
                    (x1 - nx * r1, y1 - ny * r1),
                    (x0 - nx * r0, y0 - ny * r0),
                ]
            )
        )
        return skia.Simplify(path)

    def add(
        self,
        path: skia.Path,
        colour: RGB,
        z: float,
        width: float,
        outline: bool = True,
        axis: tuple[V3, V3] | None = None,
        flat: bool = False,
    ) -> None:
        ax = (self.project(axis[0]), self.project(axis[1])) if axis is not None else None
        self.parts.append(_Part(path, colour, z, width * self.h, outline, ax, flat))

    def limb(self, p0: V3, r0: float, p1: V3, r1: float, colour: RGB, z: float) -> None:
        self.add(self.capsule(p0, r0, p1, r1), colour, z, (r0 + r1), axis=(p0, p1))


def _spline(path: skia.Path, pts: list[Point], start: bool) -> None:
    """Append a smooth Catmull-Rom curve through `pts` (moveTo the first when `start`)."""
    if start:
        path.moveTo(*pts[0])
    else:
        path.lineTo(*pts[0])
    for i in range(len(pts) - 1):
        p0 = pts[max(0, i - 1)]
        p1, p2 = pts[i], pts[i + 1]
        p3 = pts[min(len(pts) - 1, i + 2)]
        path.cubicTo(
            p1[0] + (p2[0] - p0[0]) / 6,
            p1[1] + (p2[1] - p0[1]) / 6,
            p2[0] - (p3[0] - p1[0]) / 6,
            p2[1] - (p3[1] - p1[1]) / 6,
            p2[0],
            p2[1],
        )


def _hull(points: list[Point]) -> list[Point]:
    pts = sorted(set(points))
    if len(pts) < 3:
        return pts

    def cross(o: Point, a: Point, b: Point) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[Point] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[Point] = []
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


@dataclass(frozen=True)
class Placed:
    """Where a drawn figure's head and hands ended up (for props and speech framing)."""

    head: Point
    head_r: float
    hand_front: Point
    hand_back: Point
    top: float


def draw_figure(
    ctx: Ctx,
    look: Look,
    pose_name: str,
    x: float,
    base: float,
    height: float,
    yaw: float,
    depth: float = 0.0,
    umbrella: RGB | None = None,
    silhouette: float = 0.0,
    seat: float | None = None,
    face: bool = True,
) -> Placed:
    """Draw one person standing (or sitting) at (x, base), `height` tall when standing.

    `yaw` is degrees: 0 faces the viewer, +90 faces right, -90 left, 180 away.
    `silhouette` (0..1) darkens the figure toward a backlit shape (dusk, noir).
    `face=False` leaves out eyes, brows and mouth (a talking portrait draws animated ones).
    """
    pose = POSES.get(pose_name, POSES["stand"])
    if seat is not None and pose.seat is not None and pose.kind == "sit" and pose_name == "sit":
        pose = replace(pose, seat=seat)
    if umbrella is not None and pose.kind in ("stand", "walk"):
        pose = replace(pose, arm_front=POSES["umbrella"].arm_front)
    if look.age == "elder" and pose.kind in ("stand", "walk"):
        pose = replace(pose, arm_front=(28, 6, 40, 3))
    f = _Figure(ctx, look, pose, x, base, height, yaw, depth)
    b = f.body
    facing = 1.0 if math.sin(f.yaw) >= 0 else -1.0
    # Which lateral side is nearer the viewer (drawn last).
    near = -1.0 if math.sin(f.yaw) > 0.05 else 1.0
    if math.cos(f.yaw) < 0:
        near = -near

    lean = math.radians(f.lean)
    legs: dict[float, tuple[V3, V3, V3]] = {}
    leg_specs = {near: pose.leg_front, -near: pose.leg_back}
    arm_specs = {near: pose.arm_front, -near: pose.arm_back}
    if pose.kind == "wave":
        arm_specs = {near: pose.arm_front, -near: pose.arm_back}
    hip_y = 0.0
    for side, (a1, b1, a2, b2) in leg_specs.items():
        a1 += f.bend
        a2 -= f.bend * 0.8
        hip = (side * b.hip, 0.0, 0.0)
        knee, ankle = f.chain(hip, a1, b1, b.thigh, a2, b2, b.shin, side)
        legs[side] = (hip, knee, ankle)
    if pose.seat is None:
        lowest = min(v[2][2] for v in legs.values())
        hip_y = -lowest + 0.03
    else:
        hip_y = pose.seat
    for side, (hip, knee, ankle) in list(legs.items()):
        legs[side] = (
            (hip[0], hip[1], hip[2] + hip_y),
            (knee[0], knee[1], knee[2] + hip_y),
            (ankle[0], ankle[1], ankle[2] + hip_y),
        )
    pelvis: V3 = (0.0, 0.0, hip_y)
    spine: V3 = (0.0, math.sin(lean), math.cos(lean))
    neck = _add(pelvis, spine, b.torso)
    head_lean = math.radians(f.lean * 1.6)
    head_c = _add(neck, (0.0, math.sin(head_lean), math.cos(head_lean)), b.neck + b.head_r * 0.95)
    width = look.build

    shade_lit = ctx.light

    # -- colours under the scene light
    def col(c: RGB) -> RGB:
        base_c = ctx.shade(c, depth, lit=0.55)
        return mix(base_c, darken(mix(shade_lit.ambient, base_c, 0.3), 0.55), silhouette)

    skin, hair = col(look.skin), col(look.hair)
    top, bottom, shoes = col(look.top), col(look.bottom), col(look.shoes)

    # -- legs
    leg_z_max = -1.0
    for side, (hip, knee, ankle) in legs.items():
        z = f.zof(knee) + side * 0.001
        leg_col = skin if look.dress else bottom
        leg = skia.Op(
            f.capsule(hip, b.limb * 1.15 * width, knee, b.limb * 0.85),
            f.capsule(knee, b.limb * 0.85, ankle, b.limb * 0.6),
            skia.PathOp.kUnion_PathOp,
        )
        f.add(leg, leg_col, z, b.limb * 1.9, axis=(hip, ankle))
        fwd = (0.0, 0.075 if look.age != "child" else 0.065, 0.0)
        toe = _add(ankle, fwd, 1.0)
        toe = (toe[0], toe[1], max(toe[2] - 0.005, ankle[2] - 0.02))
        heel = _add(ankle, (0.0, -0.015, -0.012), 1.0)
        f.limb(heel, b.limb * 0.62, toe, b.limb * 0.52, shoes, z - 0.0003)
        leg_z_max = max(leg_z_max, z + 0.001)

    # -- skirt / dress over the thighs
    torso_z = max(0.0, leg_z_max + 0.002)
    if look.dress:
        pts: list[Point] = []
        for side, (hip, knee, ankle) in legs.items():
            pts.append(f.project(_add(hip, (side, 0, 0), b.hip * 0.7)))
            end = ankle if look.long_skirt else knee
            flare = 0.07 if pose.kind != "sit" else 0.03
            lower = _add(end, (0, 0, 1), 0.06 if look.long_skirt else -0.03)
            ex, ey = f.project(lower)
            pts.append((ex - flare * f.h, ey))
            pts.append((ex + flare * f.h, ey))
        waist_pt = f.project(_add(pelvis, spine, 0.1))
        pts.append((waist_pt[0] - b.waist * f.h, waist_pt[1]))
        pts.append((waist_pt[0] + b.waist * f.h, waist_pt[1]))
        f.add(poly(_hull(pts)), top, torso_z - 0.0002, 0.12, flat=True)

    if not look.dress:
        waist_l = f.project(_add(_add(pelvis, spine, 0.1), (1, 0, 0), -b.waist * width))
        waist_r = f.project(_add(_add(pelvis, spine, 0.1), (1, 0, 0), b.waist * width))
        hips = [f.project(_add(v[0], (0, 0, -1), 0.05)) for v in legs.values()]
        knees_in = [f.project(_add(v[0], _dir(0, 0, 1), 0.0)) for v in legs.values()]
        pelvis_pts = [waist_l, waist_r, *hips, *knees_in]
        for hip, knee, _ankle in legs.values():
            upper = _add(hip, (knee[0] - hip[0], knee[1] - hip[1], knee[2] - hip[2]), 0.3)
            px_, py_ = f.project(upper)
            pelvis_pts += [(px_ - b.limb * f.h, py_), (px_ + b.limb * f.h, py_)]
        # no ink line of its own: trousers read as one garment with the legs, not as a box
        f.add(poly(_hull(pelvis_pts)), bottom, leg_z_max + 0.0005, 0.15, outline=False, flat=True)

    # -- torso: a smooth outline through horizontal sections of an ellipse around the spine:
    # neck, sloping trapezius, round deltoid, chest, waist, hips. Straight joins between
    # sections read as a cut-out paper doll; a spline through them reads as a body in clothes.
    c, s = math.cos(f.yaw), math.sin(f.yaw)
    fem = look.gender == "female"
    sh = b.shoulder * width * (0.9 if fem else 1.0)
    hip_w = (b.hip + 0.028) * width * (1.08 if fem else 1.0)
    sections = [
        (b.torso * 1.0 + 0.004, 0.034, 0.03),
        (b.torso * 0.985, sh * 0.72, 0.045),
        (b.torso * 0.9, sh * 1.02, 0.055),
        (b.torso * 0.74, sh * 0.96, 0.065),
        (b.torso * 0.5, b.waist * width * (0.95 if fem else 1.02), 0.058),
        (b.torso * 0.2, hip_w * 0.98, 0.058),
        (0.03 if not look.dress else 0.0, hip_w, 0.06),
    ]
    left: list[Point] = []
    right: list[Point] = []
    for t, wx, wz in sections:
        centre = f.project(_add(pelvis, spine, t))
        half = math.sqrt((wx * c) ** 2 + (wz * s) ** 2) * f.h
        left.append((centre[0] - half, centre[1]))
        right.append((centre[0] + half, centre[1]))
    torso = skia.Path()
    _spline(torso, [*reversed(left), *right[:1]], start=True)
    _spline(torso, right, start=False)
    hem_mid = f.project(_add(pelvis, spine, sections[-1][0] - 0.015))
    torso.quadTo(hem_mid[0], hem_mid[1], *left[-1])
    torso.close()
    f.add(torso, top, torso_z, 0.2, flat=True)
    if math.cos(f.yaw) > -0.2:
        _front_details(ctx, f, look, pelvis, spine, torso_z, col)
    if look.scarf is not None and look.age != "child":
        scarf = f.capsule(
            _add(_add(neck, spine, -0.012), (-1, 0, 0), 0.035),
            0.026,
            _add(_add(neck, spine, -0.012), (1, 0, 0), 0.035),
            0.026,
        )
        # two ends hanging in front, one longer than the other: a knotted scarf
        knot = _add(_add(_add(neck, spine, -0.03), (0, 1, 0), 0.05), (1, 0, 0), 0.012)
        long_end = f.capsule(knot, 0.019, _add(_add(knot, spine, -0.14), (1, 0, 0), 0.008), 0.015)
        short_end = f.capsule(
            _add(knot, (1, 0, 0), -0.02),
            0.017,
            _add(_add(knot, spine, -0.09), (1, 0, 0), -0.03),
            0.014,
        )
        ends = skia.Op(long_end, short_end, skia.PathOp.kUnion_PathOp)
        f.add(
            skia.Op(scarf, ends, skia.PathOp.kUnion_PathOp),
            col(look.scarf),
            torso_z + 0.0003,
            0.05,
            flat=True,
        )

    # -- neck and head
    f.limb(
        _add(neck, spine, -0.04),
        0.024,
        _add(neck, spine, b.neck + 0.02),
        0.022,
        skin,
        torso_z - 0.001,
    )

    # -- arms
    hands: dict[float, Point] = {}
    for side, (a1, b1, a2, b2) in arm_specs.items():
        shoulder = _add(
            _add(pelvis, spine, b.torso * 0.84), (side, 0, 0), b.shoulder * width * 0.78
        )
        elbow, wrist = f.chain(shoulder, a1, b1, b.upper_arm, a2, b2, b.fore_arm, side)
        hand = _add(wrist, _dir(a2, b2, side), 0.03)
        z = f.zof(elbow) + (0.004 if side == near else -0.004)
        raised = a1 > 20 or b1 > 60 or a2 > 60 or pose.kind == "pray"
        if raised and side == near:
            z = max(z, torso_z + 0.01)
        elif not raised:
            z = min(z, torso_z - 0.0005)
        arm = skia.Op(
            f.capsule(shoulder, b.limb * 0.95 * width, elbow, b.limb * 0.78),
            f.capsule(elbow, b.limb * 0.78, wrist, b.limb * 0.6),
            skia.PathOp.kUnion_PathOp,
        )
        f.add(arm, top, z, b.limb * 1.6, axis=(shoulder, wrist))
        # A hand is a small mitten along the forearm, not a ball: a ball reads as a puppet.
        cuff = _add(wrist, _dir(a2, b2, side), -0.012)
        tip = _add(wrist, _dir(a2, b2, side), 0.04)
        hand_path = f.capsule(cuff, b.limb * 0.5, tip, b.limb * 0.42)
        f.add(hand_path, skin, z + 0.001, b.limb * 0.8, outline=True, axis=(cuff, tip))
        hands[side] = f.project(hand)

    # -- draw back to front
    head_z = torso_z + 0.0008
    hp_ = f.project(head_c)
    back_hair = _back_hair(f, look, hp_, b.head_r * f.h, facing)
    if back_hair is not None:
        _draw_part(ctx, _Part(back_hair, hair, -0.5, b.head_r * f.h), f.h, silhouette)
    f.parts.sort(key=lambda p: p.z)
    head_drawn = False
    for part in f.parts:
        if not head_drawn and part.z > head_z:
            _head(ctx, f, look, hp_, b.head_r * f.h, skin, hair, facing, silhouette, face)
            head_drawn = True
        _draw_part(ctx, part, f.h, silhouette)
    if not head_drawn:
        _head(ctx, f, look, hp_, b.head_r * f.h, skin, hair, facing, silhouette, face)

    front_hand = hands.get(near, hp_)
    back_hand = hands.get(-near, hp_)
    if look.age == "elder" and pose.kind in ("stand", "walk"):
        cane_top = front_hand
        cane_bot = (front_hand[0] + facing * f.h * 0.06, base)
        ctx.canvas.drawLine(
            *cane_top, *cane_bot, ctx.paint(col(hex_rgb("#5a3b22")), stroke=max(0.8, f.h * 0.014))
        )
    if umbrella is not None and pose.kind in ("stand", "walk"):
        _umbrella(ctx, front_hand, hp_, f.h, col(umbrella))
    top_y = hp_[1] - b.head_r * f.h
    return Placed(hp_, b.head_r * f.h, front_hand, back_hand, top_y)


def _front_details(
    ctx: Ctx, f: _Figure, look: Look, pelvis: V3, spine: V3, z: float, col: Callable[[RGB], RGB]
) -> None:
    """An open jacket over a light shirt, or a neckline: breaks up a plain torso."""
    b = f.body
    c = math.cos(f.yaw)
    fwd = 0.055

    def front(t: float, lateral: float) -> Point:
        return f.project(_add(_add(_add(pelvis, spine, t), (0, 1, 0), fwd), (1, 0, 0), lateral))

    if look.jacket:
        w = 0.028 * max(0.3, c)
        strip = poly(
            [
                front(b.torso * 0.97, -w * 1.3),
                front(b.torso * 0.97, w * 1.3),
                front(0.04, w * 0.6),
                front(0.04, -w * 0.6),
            ]
        )
        f.add(strip, col(hex_rgb("#ebe6dc")), z + 0.0001, 0.06, outline=True, flat=True)
    elif look.age != "child" or look.gender == "female":
        w = 0.042 * max(0.3, c)
        top_l, top_r = front(b.torso * 1.0, -w), front(b.torso * 1.0, w)
        low = front(b.torso * (0.93 if look.gender == "female" else 0.955), 0.0)
        scoop = skia.Path()
        scoop.moveTo(*top_l)
        scoop.quadTo(top_l[0], low[1], low[0], low[1])
        scoop.quadTo(top_r[0], low[1], *top_r)
        scoop.close()
        f.add(scoop, col(look.skin), z + 0.0001, 0.04, outline=True, flat=True)


def _shading(ctx: Ctx, colour: RGB) -> tuple[RGB, RGB, bool]:
    light = ctx.light
    backlit = light.time in ("dusk", "night", "golden_hour") or light.storm
    lit = lighten(mix(colour, light.key, 0.18), 0.07 if not backlit else 0.2)
    dark = darken(colour, 0.28 if not backlit else 0.4)
    return lit, dark, backlit


def _draw_part(ctx: Ctx, part: _Part, fig_h: float, silhouette: float) -> None:
    """Fill a body part lit from the scene's light side, with a core shadow on the other.

    Limbs are shaded across their axis and the torso left to right (a gradient, hard-edged
    in cel styles); round parts (head, hair) get offset crescents.
    """
    canvas = ctx.canvas
    lit_col, dark_col, backlit = _shading(ctx, part.colour)
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


def _hair_cap(f: _Figure, look: Look, hc: Point, r: float, facing: float) -> skia.Path | None:
    """Hair on the head: a crown larger than the skull minus the face, framing it."""
    ry = r * 1.1
    s = math.sin(f.yaw)
    back = math.cos(f.yaw) < -0.3
    cx, cy = hc
    fx = cx + s * r * 0.38
    face = oval_path(fx, cy + ry * 0.3, r * (0.8 - 0.12 * abs(s)), ry * 0.86)
    if look.hair_style == "bald":
        band = oval_path(cx - s * r * 0.3, cy + ry * 0.1, r * 1.03, ry * 0.5)
        keep = poly(
            [
                (cx - r * 2, cy - ry * 0.1),
                (cx + r * 2, cy - ry * 0.1),
                (cx + r * 2, cy + ry),
                (cx - r * 2, cy + ry),
            ]
        )
        band = skia.Op(band, keep, skia.PathOp.kIntersect_PathOp)
        return skia.Op(band, face, skia.PathOp.kDifference_PathOp)
    volume = 1.12 if look.hair_style in ("curly", "bob", "long") else 1.07
    crown = oval_path(cx - s * r * 0.12, cy - ry * 0.08, r * volume, ry * 1.05)
    if look.hair_style == "curly":
        bumps = skia.Path()
        for i in range(11):
            a = math.pi * 0.9 + i * math.pi * 1.2 / 10
            bumps.addCircle(
                cx + math.cos(a) * r * 1.0 - s * r * 0.12, cy + math.sin(a) * ry * 0.95, r * 0.3
            )
        crown = skia.Op(crown, bumps, skia.PathOp.kUnion_PathOp)
    if back:
        return crown
    drop = {
        "short": 0.15,
        "swept": 0.15,
        "curly": 0.4,
        "bob": 0.85,
        "long": 1.0,
        "bun": 0.2,
        "ponytail": 0.2,
        "pigtails": 0.45,
    }.get(look.hair_style, 0.2)
    back_drop = max(drop, 0.62)
    if abs(s) < 0.35:
        y_l = y_r = cy + ry * drop
    else:
        y_face, y_back = cy + ry * drop * 0.6, cy + ry * back_drop
        y_l, y_r = (y_back, y_face) if facing > 0 else (y_face, y_back)
    keep = poly(
        [(cx - r * 3, cy - ry * 3), (cx + r * 3, cy - ry * 3), (cx + r * 3, y_r), (cx - r * 3, y_l)]
    )
    crown = skia.Op(crown, keep, skia.PathOp.kIntersect_PathOp)
    sweep = 0.55 if look.hair_style == "swept" else 0.42
    fringe = oval_path(fx - facing * r * 0.32, cy - ry * 0.28, r * sweep, ry * 0.3)
    face = skia.Op(face, fringe, skia.PathOp.kDifference_PathOp)
    return skia.Op(crown, face, skia.PathOp.kDifference_PathOp)


def _back_hair(f: _Figure, look: Look, hc: Point, r: float, facing: float) -> skia.Path | None:
    """Hair that falls behind the shoulders (drawn before the body)."""
    cx, cy = hc
    s = math.sin(f.yaw)
    ry = r * 1.1
    if look.hair_style == "long":
        bx = cx - s * r * 0.35
        return skia.Path().addRoundRect(
            skia.Rect(bx - r * 1.05, cy - ry * 0.3, bx + r * 1.05, cy + ry * 2.3), r * 0.6, r * 0.6
        )
    if look.hair_style == "ponytail":
        bx = cx - facing * r * 0.9 if abs(s) > 0.3 else cx
        path = skia.Path()
        path.addOval(skia.Rect(bx - r * 0.35, cy - ry * 0.2, bx + r * 0.35, cy + ry * 1.6))
        return path
    if look.hair_style == "bun":
        bx = cx - s * r * 0.7
        path = skia.Path()
        path.addCircle(bx, cy - ry * (0.85 - 0.35 * abs(s)), r * 0.45)
        return path
    if look.hair_style == "pigtails":
        path = skia.Path()
        for side in (-1, 1):
            path.addOval(
                skia.Rect(
                    cx + side * r * 1.0 - r * 0.28,
                    cy - ry * 0.1,
                    cx + side * r * 1.0 + r * 0.28,
                    cy + ry * 0.9,
                )
            )
        return path
    return None


def _head_outline(cx: float, cy: float, r: float, ry: float, s: float, facing: float) -> skia.Path:
    """Skull and jaw as one shape: the chin tapers and, turned, juts toward the facing side."""
    pts: list[Point] = []
    for i in range(36):
        t = math.tau * i / 36
        x, y = math.cos(t) * r, math.sin(t) * ry
        if y > 0:
            k = (y / ry) ** 1.5
            x *= 1.0 - 0.16 * k
            x += facing * abs(s) * r * 0.2 * k
            y *= 1.0 + 0.06 * k
        pts.append((cx + x, cy + y))
    path = poly(pts)
    if abs(s) > 0.8:
        nose = poly(
            [
                (cx + facing * r * 0.82, cy - ry * 0.02),
                (cx + facing * r * 1.1, cy + ry * 0.3),
                (cx + facing * r * 0.86, cy + ry * 0.36),
            ]
        )
        path = skia.Op(path, nose, skia.PathOp.kUnion_PathOp)
    return path


def _head(
    ctx: Ctx,
    f: _Figure,
    look: Look,
    hc: Point,
    r: float,
    skin: RGB,
    hair: RGB,
    facing: float,
    silhouette: float,
    face: bool = True,
) -> None:
    cx, cy = hc
    ry = r * 1.1
    s = math.sin(f.yaw)
    c = math.cos(f.yaw)
    head = _head_outline(cx, cy, r, ry, s, facing)
    _draw_part(ctx, _Part(head, skin, 0, r * 1.2, True), f.h, silhouette)
    px_r = r * ctx.k
    back = c < -0.3
    if not back and px_r > 4:
        for lat in (-1.0, 1.0):
            if -lat * s < -0.2 or (abs(c) < 0.15 and lat * facing > 0):
                continue
            ex = cx + r * lat * c * 0.95 - facing * abs(s) * r * 0.15
            ear = oval_path(ex, cy + ry * 0.12, r * 0.16, ry * 0.24)
            ctx.fill(ear, darken(skin, 0.08), outline=True)
    if face and not back and px_r >= 3.5 and silhouette < 0.7:
        _face(ctx, look, cx, cy, r, ry, s, c, facing, px_r)
    if look.beard and not back:
        beard = oval_path(cx + s * r * 0.3, cy + ry * 0.45, r * (0.82 - 0.2 * abs(s)), ry * 0.52)
        beard = skia.Op(beard, head, skia.PathOp.kIntersect_PathOp)
        keep = poly(
            [
                (cx - r * 2, cy + ry * 0.2),
                (cx + r * 2, cy + ry * 0.2),
                (cx + r * 2, cy + ry * 2),
                (cx - r * 2, cy + ry * 2),
            ]
        )
        beard = skia.Op(beard, keep, skia.PathOp.kIntersect_PathOp)
        mouth = oval_path(cx + s * r * 0.62, cy + ry * 0.52, r * 0.2, ry * 0.07)
        beard = skia.Op(beard, mouth, skia.PathOp.kDifference_PathOp)
        ctx.fill(beard, hair, 0.95)
    cap = _hair_cap(f, look, hc, r, facing)
    if cap is not None:
        _draw_part(ctx, _Part(cap, hair, 0, r * 0.9, True), f.h, silhouette)
        if px_r > 10 and ctx.style.texture > 0.1:
            shine = oval_path(
                cx + ctx.light.light_side * r * 0.35 - s * r * 0.1,
                cy - ry * 0.62,
                r * 0.35,
                ry * 0.1,
            )
            canvas = ctx.canvas
            canvas.save()
            canvas.clipPath(cap, doAntiAlias=True)
            ctx.fill(shine, lighten(hair, 0.35), 0.35)
            if look.hair_style != "curly":
                # a few strands combed toward the parting: hair, not a helmet
                strands = skia.Path()
                for k in range(8):
                    t = (k + 0.5) / 8
                    x0 = cx - r * 0.95 + t * r * 1.9 - s * r * 0.12
                    strands.moveTo(x0 - facing * r * 0.1, cy - ry * 1.05)
                    strands.quadTo(
                        x0 + facing * r * 0.2, cy - ry * 0.55, x0 + facing * r * 0.3, cy - ry * 0.1
                    )
                ctx.stroke(strands, darken(hair, 0.4), max(0.5, r * 0.045), 0.45)
            canvas.restore()


def _face(
    ctx: Ctx,
    look: Look,
    cx: float,
    cy: float,
    r: float,
    ry: float,
    s: float,
    c: float,
    facing: float,
    px_r: float,
) -> None:
    canvas = ctx.canvas
    ink = darken(look.hair, 0.5)
    ink = (ink[0] * 0.5, ink[1] * 0.5, ink[2] * 0.5)
    eye_y = cy + ry * 0.08
    eyes: list[float] = []
    for lat in (-1.0, 1.0):
        z = -lat * 0.36 * s + 0.93 * c
        if z < -0.05:
            continue
        ex = cx + r * (lat * 0.36 * c + 0.93 * s * 0.75)
        eyes.append(ex)
    er = r * 0.1
    for ex in eyes:
        if px_r > 16 and ctx.style.face_detail:
            canvas.drawOval(
                skia.Rect(ex - er * 1.5, eye_y - er * 1.1, ex + er * 1.5, eye_y + er * 1.1),
                ctx.paint(hex_rgb("#f6f1ea"), 0.95),
            )
            canvas.drawCircle(
                ex + s * er * 0.4, eye_y, er * 0.95, ctx.paint(mix(look.hair, ink, 0.5))
            )
            canvas.drawCircle(
                ex + s * er * 0.4 + er * 0.3,
                eye_y - er * 0.35,
                er * 0.28,
                ctx.paint(hex_rgb("#ffffff"), 0.9),
            )
        else:
            canvas.drawOval(
                skia.Rect(ex - er * 0.75, eye_y - er, ex + er * 0.75, eye_y + er),
                ctx.paint(ink, 0.9),
            )
        if px_r > 9:
            brow = skia.Path()
            brow.moveTo(ex - er * 1.6, eye_y - er * 2.4)
            brow.quadTo(ex, eye_y - er * 3.2, ex + er * 1.6, eye_y - er * 2.5)
            ctx.stroke(brow, mix(look.hair, ink, 0.4), max(0.5, r * 0.06), 0.8)
    if px_r > 7:
        mx = cx + r * 0.62 * s
        my = cy + ry * 0.52
        mouth = skia.Path()
        mw = r * (0.28 - 0.12 * abs(s))
        mouth.moveTo(mx - mw, my)
        mouth.quadTo(mx, my + r * 0.1, mx + mw, my)
        ctx.stroke(mouth, mix(look.skin, hex_rgb("#7a2e2e"), 0.6), max(0.5, r * 0.06), 0.8)
        if abs(s) < 0.5:
            nose = skia.Path()
            nx = cx + r * 0.5 * s
            nose.moveTo(nx, cy + ry * 0.18)
            nose.quadTo(
                nx + facing * r * 0.08, cy + ry * 0.34, nx - facing * r * 0.04, cy + ry * 0.36
            )
            ctx.stroke(nose, darken(look.skin, 0.3), max(0.5, r * 0.05), 0.6)
    if px_r > 9:
        blush(ctx, eyes, eye_y, s, r, ry)
    if look.glasses and px_r > 8:
        for ex in eyes:
            canvas.drawCircle(
                ex, eye_y, r * 0.22, ctx.paint(hex_rgb("#2b2b2b"), 0.8, stroke=max(0.5, r * 0.04))
            )


def blush(ctx: Ctx, eyes: list[float], eye_y: float, s: float, r: float, ry: float) -> None:
    """Rosy cheeks below each eye, in the styles that draw them (anime, storybook,
    watercolor): one drawing for the figures and the talking portraits so they match.
    `s` is the sine of the head's yaw; `r`/`ry` the head's radii."""
    if ctx.style.name not in ("anime", "storybook", "watercolor"):
        return
    for ex in eyes:
        ctx.glow(
            ex + s * r * 0.05,
            eye_y + ry * 0.32,
            r * 0.28,
            hex_rgb("#ff8a8a"),
            0.35,
            blend=skia.BlendMode.kSrcOver,
        )


def _umbrella(ctx: Ctx, hand: Point, head: Point, h: float, colour: RGB) -> None:
    top = (hand[0], head[1] - h * 0.22)
    ctx.canvas.drawLine(
        hand[0],
        hand[1] + h * 0.03,
        top[0],
        top[1],
        ctx.paint(hex_rgb("#2b2b2b"), stroke=max(0.7, h * 0.008)),
    )
    w = h * 0.34
    canopy = skia.Path()
    canopy.moveTo(top[0] - w, top[1] + h * 0.1)
    canopy.quadTo(top[0] - w * 0.9, top[1] - h * 0.06, top[0], top[1] - h * 0.07)
    canopy.quadTo(top[0] + w * 0.9, top[1] - h * 0.06, top[0] + w, top[1] + h * 0.1)
    for i in range(4, 0, -1):
        x = top[0] - w + 2 * w * (i - 0.5) / 4
        canopy.quadTo(x + w * 0.25, top[1] + h * 0.05, x, top[1] + h * 0.1)
    canopy.close()
    ctx.fill(canopy, colour, outline=True)
    canvas = ctx.canvas
    canvas.save()
    canvas.clipPath(canopy, doAntiAlias=True)
    ctx.fill(
        oval_path(top[0] + ctx.light.light_side * w * 0.5, top[1], w * 0.6, h * 0.1),
        lighten(colour, 0.2),
        0.5,
    )
    canvas.restore()


def ground_shadow(ctx: Ctx, x: float, base: float, width: float, strength: float = 0.45) -> None:
    """A soft contact shadow so figures stand on the ground instead of floating."""
    shader = skia.GradientShader.MakeRadial(
        skia.Point(0, 0),
        1.0,
        [skia.Color4f(0, 0, 0, strength).toColor(), skia.Color4f(0, 0, 0, 0).toColor()],
        [0.0, 1.0],
    )
    canvas = ctx.canvas
    canvas.save()
    canvas.translate(x + ctx.light.light_side * -width * 0.15, base)
    canvas.scale(width, width * 0.16)
    canvas.drawCircle(0, 0, 1.0, skia.Paint(AntiAlias=True, Shader=shader))
    canvas.restore()
