"""Illustrated people: a rigged 3-D skeleton posed, turned and drawn as shaded shapes.

The first attempts drew people as pictograms standing where they should sit. A figure here is
a rig (pelvis, spine, neck, head, upper and lower arms, hands, thighs, shins, feet; joints with
absolute angles) projected at a chosen yaw, so the same pose reads from the front, in
three-quarter view or in profile; the pose comes from puppet.py (every action a keyframed
motion). Limbs are tapered capsules with a lit and a shadowed side, clothes follow the limbs,
and each character's look (looks.py) stays the same in every scene.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

import skia

from filmstudio.engine.picture.canvas import Ctx, Point, oval_path, poly, poly_cw
from filmstudio.engine.picture.colour import RGB, darken, hex_rgb, lighten, mix
from filmstudio.engine.picture.faces import (
    Feel,
    HeadAt,
    back_hair,
    draw_brows,
    draw_face,
    draw_head,
    round_part,
)
from filmstudio.engine.picture.looks import (
    COLOUR_WORDS as COLOUR_WORDS,
)
from filmstudio.engine.picture.looks import (
    Look as Look,
)
from filmstudio.engine.picture.looks import (
    cast_looks as cast_looks,
)
from filmstudio.engine.picture.looks import (
    character_look as character_look,
)
from filmstudio.engine.picture.looks import (
    look_for as look_for,
)
from filmstudio.engine.picture.looks import (
    random_look as random_look,
)
from filmstudio.engine.picture.puppet import POSES, Pose, pose_at, settled_phase
from filmstudio.engine.picture.shading import Part, draw_part


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


def _dir(a: float, b: float, side: float) -> tuple[float, float, float]:
    """Unit vector (lateral, forward, up) for absolute angles a (forward) and b (outward)."""
    ar, br = math.radians(a), math.radians(b)
    return (side * math.sin(br), math.sin(ar) * math.cos(br), -math.cos(ar) * math.cos(br))


V3 = tuple[float, float, float]


def _add(p: V3, d: V3, s: float) -> V3:
    return (p[0] + d[0] * s, p[1] + d[1] * s, p[2] + d[2] * s)


def _sub(a: V3, b: V3) -> V3:
    return (a[0] - b[0], a[1] - b[1], a[2] - b[2])


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
        self.parts: list[Part] = []
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

    def capsule(self, p0: V3, r0: float, p1: V3, r1: float, merged: bool = True) -> skia.Path:
        """A tapered limb; `merged=False` leaves its three contours apart (cheaper) for a
        path op that merges them anyway."""
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
        return skia.Simplify(path) if merged else path

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
        self.parts.append(Part(path, colour, z, width * self.h, outline, ax, flat))

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
    #: how the head is turned (its yaw and nod, radians), and whether a face can show on it
    #: (not turned away, not a dark silhouette): what `draw_features` needs
    head_yaw: float = 0.0
    head_pitch: float = 0.0
    face_shown: bool = False


@dataclass
class _Skeleton:
    """The rig's joints for one pose (figure units; z up, y forward)."""

    pelvis: V3
    spine: V3
    neck: V3
    head_c: V3
    legs: dict[float, tuple[V3, V3, V3]]
    near: float  # which lateral side is nearer the viewer (drawn last)
    facing: float  # +1 the figure faces screen right, -1 left


def resolve_pose(look: Look, pose: str | Pose, umbrella: bool, seat: float | None) -> Pose:
    """The pose to draw: a named pose at its lasting state, fitted to the person (an elder's
    arm on a cane, an umbrella held up in the rain, the height of the seat)."""
    if isinstance(pose, str):
        name = pose
        resolved = pose_at(name, settled_phase(name))
    else:
        name, resolved = "", pose
    if seat is not None and resolved.sit > 0 and name != "sit_ground":
        resolved = replace(resolved, seat=seat)
    if umbrella and resolved.kind in ("stand", "walk"):
        resolved = replace(resolved, arm_front=POSES["umbrella"].arm_front)
    elif look.age == "elder" and resolved.kind in ("stand", "walk"):
        resolved = replace(resolved, arm_front=(28, 6, 40, 3))
    return resolved


def _skeleton(f: _Figure, pose: Pose, breath: float) -> _Skeleton:
    b = f.body
    facing = 1.0 if math.sin(f.yaw) >= 0 else -1.0
    near = -1.0 if math.sin(f.yaw) > 0.05 else 1.0
    if math.cos(f.yaw) < 0:
        near = -near
    legs: dict[float, tuple[V3, V3, V3]] = {}
    for side, (a1, b1, a2, b2) in {near: pose.leg_front, -near: pose.leg_back}.items():
        hip = (side * b.hip, 0.0, 0.0)
        knee, ankle = f.chain(hip, a1 + f.bend, b1, b.thigh, a2 - f.bend * 0.8, b2, b.shin, side)
        legs[side] = (hip, knee, ankle)
    # Feet (or a kneeling knee) stay on the ground; a sitter rests on the seat, feet
    # dangling from a high one, never sinking below the floor from a low one.
    lowest = min(min(v[2][2], v[1][2] - 0.01) for v in legs.values())
    ground = -lowest + 0.03
    hip_y = max(ground, ground + (pose.seat - ground) * pose.sit)
    for side, joints in list(legs.items()):
        legs[side] = tuple((j[0], j[1], j[2] + hip_y) for j in joints)  # type: ignore[assignment]
    lean = math.radians(f.lean)
    pelvis: V3 = (0.0, 0.0, hip_y)
    spine: V3 = (0.0, math.sin(lean), math.cos(lean))
    neck = _add(pelvis, spine, b.torso * (1.0 + 0.015 * breath))
    head_lean = math.radians(f.lean * 1.6 + pose.head_pitch * 0.35)
    head_c = _add(neck, (0.0, math.sin(head_lean), math.cos(head_lean)), b.neck + b.head_r * 0.95)
    return _Skeleton(pelvis, spine, neck, head_c, legs, near, facing)


def draw_figure(
    ctx: Ctx,
    look: Look,
    pose: str | Pose,
    x: float,
    base: float,
    height: float,
    yaw: float,
    depth: float = 0.0,
    umbrella: RGB | None = None,
    silhouette: float = 0.0,
    seat: float | None = None,
    face: bool = True,
    feel: Feel | None = None,
    breath: float = 0.0,
    glance: float = 0.0,
) -> Placed:
    """Draw one person standing (or sitting) at (x, base), `height` tall when standing.

    `pose` is a pose or verb name (drawn at its lasting state) or a Pose from puppet.pose_at.
    `yaw` is degrees: 0 faces the viewer, +90 faces right, -90 left, 180 away.
    `silhouette` (0..1) darkens the figure toward a backlit shape (dusk, noir).
    `face=False` leaves out eyes, brows and mouth (a talking portrait draws animated ones);
    `feel` is the face's expression, talking mouth and blink; `breath` (-1..1) lifts the
    chest; `glance` (-1..1) turns the head toward screen left or right.
    """
    p = resolve_pose(look, pose, umbrella is not None, seat)
    facing0 = 1.0 if math.sin(math.radians(yaw)) >= 0 else -1.0
    f = _Figure(ctx, look, p, x, base, height, yaw + p.turn * facing0, depth)
    sk = _skeleton(f, p, breath)

    def col(c: RGB) -> RGB:
        base_c = ctx.shade(c, depth, lit=0.55)
        return mix(base_c, darken(mix(ctx.light.ambient, base_c, 0.3), 0.55), silhouette)

    leg_z_max = _legs(f, sk, look, col)
    torso_z = max(0.0, leg_z_max + 0.002)
    _lower_garment(f, sk, look, col, leg_z_max, torso_z)
    _torso(ctx, f, sk, look, col, torso_z)
    hands = _arms(f, sk, p, look, col, torso_z)
    turn = p.head_turn * facing0 + 40.0 * max(-1.0, min(1.0, glance))
    head_yaw = f.yaw + math.radians(max(-75.0, min(75.0, turn)))
    hp_ = f.project(sk.head_c)
    r = f.body.head_r * f.h
    head = HeadAt(head_yaw, f.h, math.radians(p.head_pitch))
    head_facing = 1.0 if math.sin(head_yaw) >= 0 else -1.0
    behind = back_hair(head, look, hp_, r, head_facing)
    if behind is not None:
        draw_part(ctx, round_part(ctx, behind, col(look.hair), hp_, r, 1.0, -0.5), f.h, silhouette)
    f.parts.sort(key=lambda part: part.z)
    head_z = torso_z + 0.0008

    def head_now() -> None:
        draw_head(
            ctx,
            head,
            look,
            hp_,
            r,
            col(look.skin),
            col(look.hair),
            head_facing,
            silhouette,
            face,
            feel,
        )

    head_drawn = False
    for part in f.parts:
        if not head_drawn and part.z > head_z:
            head_now()
            head_drawn = True
        draw_part(ctx, part, f.h, silhouette)
    if not head_drawn:
        head_now()
    front_hand = hands.get(sk.near, hp_)
    if look.age == "elder" and p.kind in ("stand", "walk") and umbrella is None:
        cane_bot = (front_hand[0] + sk.facing * f.h * 0.06, base)
        ctx.canvas.drawLine(
            *front_hand, *cane_bot, ctx.paint(col(hex_rgb("#5a3b22")), stroke=max(0.8, f.h * 0.014))
        )
    if umbrella is not None and p.kind in ("stand", "walk"):
        _umbrella(ctx, front_hand, hp_, f.h, col(umbrella))
    shown = math.cos(head_yaw) >= -0.3 and silhouette < 0.7
    return Placed(
        hp_,
        r,
        front_hand,
        hands.get(-sk.near, hp_),
        hp_[1] - r,
        head_yaw,
        math.radians(p.head_pitch),
        shown,
    )


def draw_features(ctx: Ctx, look: Look, placed: Placed, feel: Feel | None) -> None:
    """Eyes, mouth, nose and brows on a figure drawn with `face=False`, where draw_figure
    would have put them: the body can then be drawn once and the face many times."""
    px_r = placed.head_r * ctx.k
    if not placed.face_shown or px_r < 3.5:
        return
    s = math.sin(placed.head_yaw)
    facing = 1.0 if s >= 0 else -1.0
    r = placed.head_r
    centre = (placed.head[0], placed.head[1] + r * 1.1 * 0.35 * math.sin(placed.head_pitch))
    draw_face(ctx, look, centre, r, s, facing, feel)
    if px_r >= 6:
        draw_brows(ctx, look, centre, r, s, feel)


def _legs(f: _Figure, sk: _Skeleton, look: Look, col: Callable[[RGB], RGB]) -> float:
    """Legs and shoes; returns the depth the torso must be drawn above."""
    b = f.body
    leg_z_max = -1.0
    for side, (hip, knee, ankle) in sk.legs.items():
        z = f.zof(knee) + side * 0.001
        leg = skia.Op(
            f.capsule(hip, b.limb * 1.15 * look.build, knee, b.limb * 0.85, merged=False),
            f.capsule(knee, b.limb * 0.85, ankle, b.limb * 0.6, merged=False),
            skia.PathOp.kUnion_PathOp,
        )
        f.add(
            leg, col(look.skin if look.dress else look.bottom), z, b.limb * 1.9, axis=(hip, ankle)
        )
        toe = _add(ankle, (0.0, 0.075 if look.age != "child" else 0.065, 0.0), 1.0)
        toe = (toe[0], toe[1], max(toe[2] - 0.005, ankle[2] - 0.02))
        heel = _add(ankle, (0.0, -0.015, -0.012), 1.0)
        f.limb(heel, b.limb * 0.62, toe, b.limb * 0.52, col(look.shoes), z - 0.0003)
        leg_z_max = max(leg_z_max, z + 0.001)
    return leg_z_max


def _lower_garment(
    f: _Figure, sk: _Skeleton, look: Look, col: Callable[[RGB], RGB], leg_z: float, torso_z: float
) -> None:
    """A skirt or dress over the thighs, or the seat of the trousers joining the legs; a
    coat's skirts to the knees over either."""
    b, pelvis, spine = f.body, sk.pelvis, sk.spine
    if look.coat:
        _coat_skirt(f, sk, col(look.top), torso_z)
    if look.dress:
        pts: list[Point] = []
        for side, (hip, knee, ankle) in sk.legs.items():
            pts.append(f.project(_add(hip, (side, 0, 0), b.hip * 0.7)))
            end = ankle if look.long_skirt else knee
            flare = 0.07 if f.pose.sit < 0.5 else 0.03
            ex, ey = f.project(_add(end, (0, 0, 1), 0.06 if look.long_skirt else -0.03))
            if look.long_skirt and f.pose.sit < 0.5:  # a stride swings the hem, not a tent
                mid = f.project(_add(sk.pelvis, (0, 0, -1), 0.3))[0]
                ex = mid + max(-0.16 * f.h, min(0.16 * f.h, ex - mid))
            pts += [(ex - flare * f.h, ey), (ex + flare * f.h, ey)]
        waist_pt = f.project(_add(pelvis, spine, 0.1))
        pts += [
            (waist_pt[0] - b.waist * f.h, waist_pt[1]),
            (waist_pt[0] + b.waist * f.h, waist_pt[1]),
        ]
        f.add(poly(_hull(pts)), col(look.top), torso_z - 0.0002, 0.12, flat=True)
        return
    width = look.build
    waist = _add(pelvis, spine, 0.1)
    pelvis_pts = [
        f.project(_add(waist, (1, 0, 0), -b.waist * width)),
        f.project(_add(waist, (1, 0, 0), b.waist * width)),
        *[f.project(_add(v[0], (0, 0, -1), 0.05)) for v in sk.legs.values()],
        *[f.project(v[0]) for v in sk.legs.values()],
    ]
    for hip, knee, _ankle in sk.legs.values():
        upper = _add(hip, (knee[0] - hip[0], knee[1] - hip[1], knee[2] - hip[2]), 0.3)
        px_, py_ = f.project(upper)
        pelvis_pts += [(px_ - b.limb * f.h, py_), (px_ + b.limb * f.h, py_)]
    # no ink line of its own: trousers read as one garment with the legs, not as a box
    f.add(poly(_hull(pelvis_pts)), col(look.bottom), leg_z + 0.0005, 0.15, outline=False, flat=True)


def _torso(
    ctx: Ctx, f: _Figure, sk: _Skeleton, look: Look, col: Callable[[RGB], RGB], torso_z: float
) -> None:
    """The torso: a smooth outline through horizontal sections of an ellipse around the
    spine (neck, sloping trapezius, round deltoid, chest, waist, hips). Straight joins
    between sections read as a cut-out paper doll; a spline reads as a body in clothes."""
    b, pelvis, spine = f.body, sk.pelvis, sk.spine
    c, s = math.cos(f.yaw), math.sin(f.yaw)
    fem = look.gender == "female"
    width = look.build
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
    f.add(torso, col(look.top), torso_z, 0.2, flat=True)
    if c > -0.2:
        _front_details(ctx, f, look, pelvis, spine, torso_z, col)
        if look.apron is not None:
            _apron(f, sk, col(look.apron), torso_z)
    if look.scarf is not None and look.age != "child":
        _scarf(f, sk, col(look.scarf), torso_z)
    f.limb(
        _add(sk.neck, spine, -0.04),
        0.024,
        _add(sk.neck, spine, b.neck + 0.02),
        0.022,
        col(look.skin),
        torso_z - 0.001,
    )


def _coat_skirt(f: _Figure, sk: _Skeleton, colour: RGB, torso_z: float) -> None:
    """A coat from the waist to just above the knees, flaring a little."""
    b = f.body
    waist = f.project(_add(sk.pelvis, sk.spine, 0.1))
    pts: list[Point] = [
        (waist[0] - b.waist * f.h * 1.05, waist[1]),
        (waist[0] + b.waist * f.h * 1.05, waist[1]),
    ]
    for side, (hip, knee, _ankle) in sk.legs.items():
        pts.append(f.project(_add(hip, (side, 0, 0), b.hip * 0.9)))
        kx, ky = f.project(_add(knee, (0, 0, 1), 0.03))
        pts += [(kx - 0.06 * f.h, ky), (kx + 0.06 * f.h, ky)]
    f.add(poly(_hull(pts)), colour, torso_z - 0.0001, 0.12, flat=True)


def _apron(f: _Figure, sk: _Skeleton, colour: RGB, torso_z: float) -> None:
    """A work apron from the waist to the knees, over whatever is worn (fisherwoman, baker)."""
    b = f.body
    waist = _add(_add(sk.pelvis, sk.spine, b.torso * 0.5), (0, 1, 0), 0.06)
    knees = [f.project(_add(v[1], (0, 1, 0), 0.05)) for v in sk.legs.values()]
    low_y = max(y for _x, y in knees)
    w = b.waist * 0.85 * abs(math.cos(f.yaw)) + 0.02
    top_l = f.project(_add(waist, (1, 0, 0), -w))
    top_r = f.project(_add(waist, (1, 0, 0), w))
    mid_x = sum(x for x, _y in knees) / len(knees)
    spread = (top_r[0] - top_l[0]) * 0.62
    apron = poly([top_l, top_r, (mid_x + spread, low_y), (mid_x - spread, low_y)])
    f.add(apron, colour, torso_z + 0.0002, 0.1, flat=True)


def _scarf(f: _Figure, sk: _Skeleton, colour: RGB, torso_z: float) -> None:
    """A knotted scarf: a band round the neck, two ends hanging in front, one longer."""
    neck, spine = sk.neck, sk.spine
    ring = _add(neck, spine, -0.012)
    scarf = f.capsule(_add(ring, (-1, 0, 0), 0.035), 0.026, _add(ring, (1, 0, 0), 0.035), 0.026)
    knot = _add(_add(_add(neck, spine, -0.03), (0, 1, 0), 0.05), (1, 0, 0), 0.012)
    long_end = f.capsule(knot, 0.019, _add(_add(knot, spine, -0.14), (1, 0, 0), 0.008), 0.015)
    short_end = f.capsule(
        _add(knot, (1, 0, 0), -0.02), 0.017, _add(_add(knot, spine, -0.09), (1, 0, 0), -0.03), 0.014
    )
    ends = skia.Op(long_end, short_end, skia.PathOp.kUnion_PathOp)
    f.add(
        skia.Op(scarf, ends, skia.PathOp.kUnion_PathOp), colour, torso_z + 0.0003, 0.05, flat=True
    )


def _arm_joints(f: _Figure, sk: _Skeleton, pose: Pose) -> dict[float, tuple[V3, V3, V3, V3]]:
    """Shoulder, elbow, wrist and the forearm's direction for each arm."""
    b = f.body
    joints: dict[float, tuple[V3, V3, V3, V3]] = {}
    for side, (a1, b1, a2, b2) in {sk.near: pose.arm_front, -sk.near: pose.arm_back}.items():
        shoulder = _add(
            _add(sk.pelvis, sk.spine, b.torso * 0.84),
            (side, 0, 0),
            b.shoulder * f.look.build * 0.78,
        )
        elbow, wrist = f.chain(shoulder, a1, b1, b.upper_arm, a2, b2, b.fore_arm, side)
        joints[side] = (shoulder, elbow, wrist, _dir(a2, b2, side))
    return joints


def _arms(
    f: _Figure, sk: _Skeleton, pose: Pose, look: Look, col: Callable[[RGB], RGB], torso_z: float
) -> dict[float, Point]:
    """Sleeved arms and mitten hands; returns where each hand is (screen, virtual units)."""
    b = f.body
    hands: dict[float, Point] = {}
    for side, (shoulder, elbow, wrist, along) in _arm_joints(f, sk, pose).items():
        z = f.zof(elbow) + (0.004 if side == sk.near else -0.004)
        a1, b1, a2, _b2 = pose.arm_front if side == sk.near else pose.arm_back
        raised = a1 > 20 or b1 > 60 or a2 > 60 or pose.kind == "pray"
        if raised and side == sk.near:
            z = max(z, torso_z + 0.01)
        elif not raised:
            z = min(z, torso_z - 0.0005)
        upper = f.capsule(shoulder, b.limb * 0.95 * look.build, elbow, b.limb * 0.78, False)
        fore = f.capsule(elbow, b.limb * 0.78, wrist, b.limb * 0.6, merged=False)
        if look.short_sleeves:  # a bare arm, the sleeve over its top half
            bare = skia.Op(upper, fore, skia.PathOp.kUnion_PathOp)
            f.add(bare, col(look.skin), z, b.limb * 1.6, axis=(shoulder, wrist))
            cuff = _add(shoulder, _sub(elbow, shoulder), 0.55)
            sleeve = f.capsule(shoulder, b.limb * 1.0 * look.build, cuff, b.limb * 0.92)
            f.add(sleeve, col(look.top), z + 0.0005, b.limb * 1.6, axis=(shoulder, cuff))
        else:
            arm = skia.Op(upper, fore, skia.PathOp.kUnion_PathOp)
            f.add(arm, col(look.top), z, b.limb * 1.6, axis=(shoulder, wrist))
        # A hand is a small mitten along the forearm, not a ball: a ball reads as a puppet.
        cuff, tip = _add(wrist, along, -0.012), _add(wrist, along, 0.04)
        hand_path = f.capsule(cuff, b.limb * 0.5, tip, b.limb * 0.42)
        f.add(hand_path, col(look.skin), z + 0.001, b.limb * 0.8, outline=True, axis=(cuff, tip))
        hands[side] = f.project(_add(wrist, along, 0.03))
    return hands


#: Below this head radius in pixels a face alone no longer reads: the body shows the feeling.
BODY_LANGUAGE_PX = 9.0


def shows_body_language(ctx: Ctx, look: Look, height: float) -> bool:
    """Whether a figure this tall is too small for its face to carry a feeling alone."""
    body = CHILD if look.age == "child" else ADULT
    return float(body.head_r * height * ctx.k) < BODY_LANGUAGE_PX


def hands_at(
    ctx: Ctx,
    look: Look,
    pose: str | Pose,
    x: float,
    base: float,
    height: float,
    yaw: float,
    seat: float | None = None,
) -> tuple[Point, Point]:
    """Where the near and far hands of a figure would be (virtual units), without drawing:
    the blocking uses it to say where a held prop is before anything is painted."""
    p = resolve_pose(look, pose, False, seat)
    facing0 = 1.0 if math.sin(math.radians(yaw)) >= 0 else -1.0
    f = _Figure(ctx, look, p, x, base, height, yaw + p.turn * facing0, 0.0)
    sk = _skeleton(f, p, 0.0)
    points = {
        side: f.project(_add(wrist, along, 0.03))
        for side, (_s, _e, wrist, along) in _arm_joints(f, sk, p).items()
    }
    return points[sk.near], points[-sk.near]


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
