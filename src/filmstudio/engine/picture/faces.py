"""Heads and faces: skull, hair, and features that show a feeling in every shot size.

An expression is a set of feature shapes (how open the eyes are, how the brows tilt, how the
mouth curves and opens), so happy, sad, angry, surprised, afraid and thoughtful read from a
close-up down to a wide shot, where each feature is still drawn at least a pixel wide.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import skia

from filmstudio.engine.picture.canvas import Ctx, Point, oval_path, poly
from filmstudio.engine.picture.colour import RGB, darken, hex_rgb, lighten, mix, to_color
from filmstudio.engine.picture.looks import Look
from filmstudio.engine.picture.shading import Part, draw_part, shading


@dataclass(frozen=True)
class HeadAt:
    """How a head is turned: its own yaw and nod (radians) and the figure's height."""

    yaw: float
    h: float
    pitch: float = 0.0


def _hair_cap(f: HeadAt, look: Look, hc: Point, r: float, facing: float) -> skia.Path | None:
    """Hair on the head: a crown larger than the skull minus the face, framing it."""
    ry = r * 1.1
    s = math.sin(f.yaw)
    back = math.cos(f.yaw) < -0.3
    cx, cy = hc
    fx = cx + s * r * 0.38
    face = oval_path(fx, cy + ry * 0.3, r * (0.8 - 0.12 * abs(s)), ry * 0.86)
    if look.hair_style == "bald":
        # a fringe lying on the skull round the back, below a dome's curved hairline
        band = oval_path(cx - s * r * 0.3, cy + ry * 0.15, r * 1.03, ry * 0.55)
        band = skia.Op(band, oval_path(cx, cy, r * 1.04, ry * 1.02), skia.PathOp.kIntersect_PathOp)
        dome = oval_path(cx + s * r * 0.1, cy - ry * 0.3, r * 1.02, ry * 0.74)
        band = skia.Op(band, dome, skia.PathOp.kDifference_PathOp)
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


def back_hair(f: HeadAt, look: Look, hc: Point, r: float, facing: float) -> skia.Path | None:
    """Hair that falls behind the shoulders (drawn before the body)."""
    cx, cy = hc
    s = math.sin(f.yaw)
    ry = r * 1.1
    if look.headwear in ("headscarf", "hood"):
        return None  # the scarf hides the hair
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


def headwear(
    kind: str, hc: Point, r: float, s: float, facing: float, head: skia.Path | None = None
) -> skia.Path:
    """What a role wears on the head, over the hair: a scarf or hood framing the face, a
    cap with its peak toward where the face turns, a helmet, a turban, a brimmed hat, a crown.
    `head` is the skull's outline: a scarf's opening keeps inside it (beside a tapering jaw
    it would open onto whatever is behind the head)."""
    cx, cy = hc
    ry = r * 1.1
    if kind == "hood":
        return _hood_shape(hc, r, s, 1.75, 1.4, head)
    if kind == "headscarf":
        outer = oval_path(cx - s * r * 0.1, cy + ry * 0.05, r * 1.18, ry * 1.2)
        # tied over the hair, framing the face and the fringe
        face = oval_path(cx + s * r * 0.38, cy + ry * 0.3, r * (0.8 - 0.12 * abs(s)), ry * 0.84)
        if head is not None:
            face = skia.Op(face, head, skia.PathOp.kIntersect_PathOp)
        return skia.Op(outer, face, skia.PathOp.kDifference_PathOp)
    if kind == "crown":
        pts = [(cx - r * 0.75, cy - ry * 0.55)]
        for i in range(5):
            x = cx - r * 0.75 + r * 1.5 * (i + 0.5) / 5
            pts += [(x, cy - ry * 1.35), (x + r * 0.15, cy - ry * 0.95)]
        pts += [(cx + r * 0.75, cy - ry * 0.55)]
        return poly(pts)
    dome = oval_path(cx - s * r * 0.08, cy - ry * 0.35, r * 1.06, ry * 0.78)
    keep = poly(
        [
            (cx - r * 3, cy - ry * 3),
            (cx + r * 3, cy - ry * 3),
            (cx + r * 3, cy - ry * 0.3),
            (cx - r * 3, cy - ry * 0.3),
        ]
    )
    dome = skia.Op(dome, keep, skia.PathOp.kIntersect_PathOp)
    if kind == "helmet":
        rim = oval_path(cx - s * r * 0.05, cy - ry * 0.32, r * 1.2, ry * 0.14)
        return skia.Op(dome, rim, skia.PathOp.kUnion_PathOp)
    if kind == "turban":
        wrap = oval_path(cx - s * r * 0.1, cy - ry * 0.55, r * 1.12, ry * 0.72)
        return skia.Op(dome, wrap, skia.PathOp.kUnion_PathOp)
    if kind == "beanie":  # a knitted hat: a folded cuff and a bobble
        cuff = oval_path(cx - s * r * 0.06, cy - ry * 0.36, r * 1.1, ry * 0.16)
        bobble = oval_path(cx - s * r * 0.12, cy - ry * 1.12, r * 0.24, r * 0.24)
        return skia.Op(
            skia.Op(dome, cuff, skia.PathOp.kUnion_PathOp), bobble, skia.PathOp.kUnion_PathOp
        )
    if kind == "hat":
        brim = oval_path(cx, cy - ry * 0.35, r * 1.9, ry * 0.22)
        crown = oval_path(cx, cy - ry * 0.75, r * 0.85, ry * 0.5)
        return skia.Op(brim, crown, skia.PathOp.kUnion_PathOp)
    peak_x = cx + facing * r * (0.5 + 0.6 * abs(s))
    peak = oval_path(peak_x, cy - ry * 0.32, r * (0.55 + 0.2 * (1 - abs(s))), ry * 0.1)
    return skia.Op(dome, peak, skia.PathOp.kUnion_PathOp)


def _hood_opening(hc: Point, r: float, s: float, head: skia.Path | None) -> skia.Path:
    """The hood's opening: an oval round the face, cut by the jaw so the hood meets the chin."""
    cx, cy = hc
    ry = r * 1.1
    opening = oval_path(cx + s * r * 0.34, cy + ry * 0.24, r * (0.84 - 0.14 * abs(s)), ry * 0.88)
    return opening if head is None else skia.Op(opening, head, skia.PathOp.kIntersect_PathOp)


def _hood_shape(
    hc: Point, r: float, s: float, drop: float, spread: float, head: skia.Path | None
) -> skia.Path:
    """A raincoat's hood: a round cowl over the skull, bulging behind it, drawn in along the
    jaw and neck and spreading `spread` head radii either side onto the shoulders, `drop`
    head radii below the head's centre (curved there, as cloth lies on shoulders), open
    round the face. `head=None` is a head seen from behind: no opening."""
    cx, cy = hc
    ry = r * 1.1
    bx = cx - s * r * 0.16  # the hood bulges behind the head
    crown = oval_path(bx, cy - ry * 0.04, r * 1.2, ry * 1.2)
    bottom = cy + r * drop
    cowl = skia.Path()
    neck = bottom - r * 0.45
    cowl.moveTo(bx - r * 1.17, cy + ry * 0.1)
    # down the cheek, drawn in round the neck, then out onto the shoulder
    cowl.cubicTo(bx - r * 1.17, cy + r * 0.55, bx - r * 1.0, neck - r * 0.3, bx - r, neck)
    # shoulders turned away from the viewer look narrower
    spread = 1.0 + (spread - 1.0) * math.sqrt(max(0.0, 1.0 - s * s) + (0.45 * s) ** 2)
    front = cx + s * r * 0.45
    cowl.quadTo(bx - r * 1.02, bottom - r * 0.08, bx - r * spread, bottom)
    # the hem rounds off over each shoulder (a corner there stuck out like a wing)
    cowl.cubicTo(
        bx - r * spread,
        bottom + r * 0.2,
        front - r * 0.6,
        bottom + r * 0.4,
        front,
        bottom + r * 0.4,
    )
    cowl.cubicTo(
        front + r * 0.6,
        bottom + r * 0.4,
        bx + r * spread,
        bottom + r * 0.2,
        bx + r * spread,
        bottom,
    )
    cowl.quadTo(bx + r * 1.02, bottom - r * 0.08, bx + r, neck)
    cowl.cubicTo(
        bx + r * 1.0, neck - r * 0.3, bx + r * 1.17, cy + r * 0.55, bx + r * 1.17, cy + ry * 0.1
    )
    cowl.close()
    shape = skia.Op(crown, cowl, skia.PathOp.kUnion_PathOp)
    if head is None:
        return shape
    return skia.Op(shape, _hood_opening(hc, r, s, head), skia.PathOp.kDifference_PathOp)


def draw_hood(
    ctx: Ctx,
    colour: RGB,
    hc: Point,
    r: float,
    s: float,
    fig_h: float,
    head: skia.Path | None,
) -> None:
    """A hood that reads as one in a close-up: a rounded, lit cowl (a radial gradient from
    the light's side), its dark lining showing inside the rim and shading the brow, a thick
    hem following the face, and cloth gathered under the chin and at the neck. `head=None`:
    seen from behind."""
    cx, cy = hc
    ry = r * 1.1
    px_r = r * ctx.k
    # shoulders sit about 0.05 figure heights below the chin and 0.09 either side of the
    # spine: a child's (a bigger head) nearer and narrower in head radii
    heads = fig_h / max(r, 1e-6)
    drop, spread = min(2.0, 0.95 + 0.05 * heads), max(1.1, min(1.42, 0.09 * heads))
    shape = _hood_shape(hc, r, s, drop, spread, head)
    lit, dark, backlit = shading(ctx, colour)
    side = ctx.light.light_side
    if ctx.style.hard_shadows:
        cols, stops = [lit, lit, colour, colour], [0.0, 0.5, 0.5, 1.0]
    elif backlit:
        cols, stops = [lit, colour, colour, dark], [0.0, 0.2, 0.45, 1.0]
    else:
        cols, stops = [lit, colour, colour, dark], [0.0, 0.3, 0.5, 1.0]
    shader = skia.GradientShader.MakeRadial(
        skia.Point(cx + side * r * 0.55 - s * r * 0.1, cy - ry * 0.55),
        r * 2.9,
        [to_color(c) for c in cols],
        stops,
    )
    ctx.canvas.drawPath(shape, skia.Paint(AntiAlias=True, Shader=shader))
    canvas = ctx.canvas
    if head is not None and px_r > 5:
        opening = _hood_opening(hc, r, s, head)
        ox, oy = cx + s * r * 0.34, cy + ry * 0.24
        orx, ory = r * (0.84 - 0.14 * abs(s)), ry * 0.88
        inner = oval_path(ox + s * r * 0.06, oy + ory * 0.12, orx * 0.9, ory * 0.9)
        lining = skia.Op(opening, inner, skia.PathOp.kDifference_PathOp)
        canvas.save()
        canvas.clipPath(opening, doAntiAlias=True)
        if not ctx.style.hard_shadows:
            # the hood's shade on the brow, fading toward the eyes
            shade = skia.GradientShader.MakeLinear(
                [skia.Point(ox, oy - ory), skia.Point(ox, oy - ory * 0.35)],
                [to_color(darken(colour, 0.6), 0.4), to_color(darken(colour, 0.6), 0.0)],
                [0.0, 1.0],
            )
            canvas.drawRect(
                skia.Rect(ox - orx, oy - ory, ox + orx, oy),
                skia.Paint(AntiAlias=True, Shader=shade),
            )
        ctx.fill(lining, darken(mix(colour, dark, 0.5), 0.35), 0.92)
        canvas.restore()
        canvas.save()
        canvas.clipPath(shape, doAntiAlias=True)
        # the hem: a thick edge catching the light, on the hood's side of the opening
        ctx.stroke(opening, mix(colour, lighten(lit, 0.1), 0.7), r * 0.13, 0.85)
        if px_r > 10:
            folds = skia.Path()
            for depth, reach in ((1.22, 0.78), (1.42, 0.55)):
                folds.moveTo(ox - orx * reach, cy + ry * (depth - 0.05))
                folds.quadTo(
                    ox, cy + ry * (depth + 0.3), ox + orx * reach, cy + ry * (depth - 0.05)
                )
            bx = cx - s * r * 0.16
            back = -1.0 if s >= 0 else 1.0
            folds.moveTo(bx + back * r * 1.02, cy + ry * 0.45)
            folds.quadTo(
                bx + back * r * 0.92, cy + r * (drop - 0.5), bx + back * r * 1.2, cy + r * drop
            )
            ctx.stroke(folds, darken(colour, 0.4), max(0.5, r * 0.045), 0.45)
        canvas.restore()
    if ctx.style.outline > 0:
        ctx.stroke(shape, ctx.ink(colour), min(ctx.style.outline, fig_h * 0.012), 0.9)


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


def draw_head(
    ctx: Ctx,
    f: HeadAt,
    look: Look,
    hc: Point,
    r: float,
    skin: RGB,
    hair: RGB,
    facing: float,
    silhouette: float,
    face: bool = True,
    feel: Feel | None = None,
) -> None:
    """The head: skull, ears, face (when `face`), beard and hair, turned by `f.yaw`."""
    cx, cy = hc
    ry = r * 1.1
    s = math.sin(f.yaw)
    c = math.cos(f.yaw)
    head = _head_outline(cx, cy, r, ry, s, facing)
    draw_part(ctx, Part(head, skin, 0, r * 1.2, True), f.h, silhouette)  # crescents: a face
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
        draw_face(ctx, look, (cx, cy + ry * 0.35 * math.sin(f.pitch)), r, s, facing, feel)
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
    covered = look.headwear == "hood"
    cap = None if covered else _hair_cap(f, look, hc, r, facing)
    if cap is not None:
        draw_part(ctx, round_part(ctx, cap, hair, hc, r, 0.9), f.h, silhouette)
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
    if look.headwear == "hood":
        colour = ctx.shade(look.headwear_colour, 0.0, 0.55)
        draw_hood(ctx, colour, hc, r, s, f.h, None if back else head)
    elif look.headwear != "none":
        colour = ctx.shade(look.headwear_colour, 0.0, 0.55)
        covering = headwear(look.headwear, hc, r, s, facing, None if back else head)
        draw_part(ctx, round_part(ctx, covering, colour, hc, r, 1.0), f.h, silhouette)
    if face and not back and px_r >= 6 and silhouette < 0.7:
        # over the fringe: brows carry most of a feeling, hair must not hide them
        draw_brows(ctx, look, (cx, cy + ry * 0.35 * math.sin(f.pitch)), r, s, feel)


def round_part(
    ctx: Ctx, path: skia.Path, colour: RGB, hc: Point, r: float, width: float, z: float = 0.0
) -> Part:
    """Hair or headwear on a head at `hc`: in soft styles shaded across the head's upright
    axis (a gradient: blurred crescents made the head most of a medium shot's drawing
    time); in hard-shadow styles as crescents (unblurred there, and a hard gradient would
    split the hair in two)."""
    if ctx.style.hard_shadows:
        return Part(path, colour, z, r * width, True)
    axis = (hc[0], hc[1] - r * 1.1), (hc[0], hc[1] + r * 2.0)
    return Part(path, colour, z, r * 2.0, True, axis)


@dataclass(frozen=True)
class Features:
    """How an expression shapes the features, in head radii and fractions of normal."""

    eye_open: float = 1.0
    eye_size: float = 1.0
    brow_inner: float = 0.0  # + raised toward the forehead
    brow_outer: float = 0.0
    smile: float = 0.15  # + corners up, - corners down
    mouth_open: float = 0.0  # 0 shut .. 1 wide
    mouth_width: float = 1.0
    gaze: tuple[float, float] = (0.0, 0.0)  # pupils toward the facing side, and down
    asymmetric: bool = False  # one brow up, one down, the mouth to one side
    boost: float = 1.0  # how much a small face's features are enlarged to stay readable


EXPRESSION_FEATURES: dict[str, Features] = {
    "neutral": Features(),
    "happy": Features(0.65, 1.0, 0.15, 0.1, 1.0, 0.3, 1.3),
    "sad": Features(0.7, 1.0, 0.55, -0.3, -0.9, 0.0, 0.85, (0.0, 0.4)),
    "angry": Features(0.75, 1.0, -0.7, 0.3, -0.7, 0.3, 1.1),
    "surprised": Features(1.35, 1.2, 0.8, 0.7, 0.0, 0.9, 0.55),
    "afraid": Features(1.3, 1.12, 0.65, 0.0, -0.5, 0.4, 1.15, (-0.3, 0.0)),
    "thoughtful": Features(0.6, 1.0, 0.5, 0.1, -0.35, 0.0, 0.55, (0.45, -0.45), True),
}


#: Heads this many pixels in radius and smaller are "medium" faces: seen from further away,
#: they get bolder brows and mouths so a feeling reads at the size a medium shot draws them.
MEDIUM_FACE_PX = 100.0


def features(expression: str, px_r: float) -> Features:
    """The expression's features for a head `px_r` pixels in radius: a small face gets
    bolder features (a cartoonist's trick), so the feeling still reads in a wide shot."""
    feat = EXPRESSION_FEATURES.get(expression, EXPRESSION_FEATURES["neutral"])
    boost = min(1.8, max(1.0, 22.0 / max(px_r, 1e-3)))
    if boost == 1.0:
        return feat
    return replace(
        feat,
        eye_size=feat.eye_size * boost**0.5,
        brow_inner=feat.brow_inner * boost,
        brow_outer=feat.brow_outer * boost,
        smile=feat.smile * boost,
        mouth_open=min(1.0, feat.mouth_open * boost),
        mouth_width=feat.mouth_width * boost**0.6,
        boost=boost,
    )


def figure_features(expression: str, px_r: float) -> Features:
    """A figure's face (not a talking portrait's): below MEDIUM_FACE_PX, as in a medium
    shot, the brows, smile and mouth are bolder still, so the feeling reads at that size."""
    feat = features(expression, px_r)
    emphasis = 1.0 + 0.5 * min(1.0, max(0.0, (MEDIUM_FACE_PX - px_r) / 60.0))
    if emphasis == 1.0:
        return feat
    return replace(
        feat,
        eye_size=feat.eye_size * emphasis**0.3,
        brow_inner=feat.brow_inner * emphasis,
        brow_outer=feat.brow_outer * emphasis,
        smile=feat.smile * emphasis,
        mouth_width=feat.mouth_width * emphasis**0.4,
        boost=feat.boost * emphasis**0.8,
    )


@dataclass(frozen=True)
class Feel:
    """What a face shows at one instant: an expression, the talking mouth, a blink."""

    expression: str = "neutral"
    mouth: float = 0.0  # 0 shut .. 1 wide open (speech)
    blink: float = 0.0  # 0 open .. 1 shut


def _face_ink(look: Look) -> RGB:
    ink = darken(look.hair, 0.5)
    return (ink[0] * 0.5, ink[1] * 0.5, ink[2] * 0.5)


def draw_face(
    ctx: Ctx,
    look: Look,
    centre: Point,
    r: float,
    s: float,
    facing: float,
    feel: Feel | None = None,
) -> None:
    """Eyes, brows, nose and mouth shaped by the expression, on a head of radius `r`.

    `s` is the sine of the head's yaw. Below a few pixels a feature is still drawn at least
    one pixel wide, so a smile or a frown reads in a wide shot too.
    """
    feel = feel or Feel()
    cx, cy = centre
    ry = r * 1.1
    px_r = r * ctx.k
    feat = figure_features(feel.expression, px_r)
    eye_y = cy + ry * 0.08
    eyes = _eye_xs(cx, r, s)
    _eyes(ctx, look, feat, feel, eyes, eye_y, r, s, facing, px_r)
    if px_r > 4.5:
        _mouth(ctx, look, feat, feel, (cx + r * 0.62 * s, cy + ry * 0.52), r, s, facing)
    if px_r > 7 and abs(s) < 0.5:
        nose = skia.Path()
        nx = cx + r * 0.5 * s
        nose.moveTo(nx, cy + ry * 0.18)
        nose.quadTo(nx + facing * r * 0.08, cy + ry * 0.34, nx - facing * r * 0.04, cy + ry * 0.36)
        colour, alpha = nose_ink(look.skin, ctx.style.feature_weight)
        ctx.stroke(nose, colour, max(0.5, r * 0.05 * ctx.style.feature_weight**0.5), alpha)
    if px_r > 9:
        blush(ctx, [ex for _lat, ex in eyes], eye_y, s, r, ry)
    if feel.expression == "sad" and px_r > 12 and eyes:
        lat, ex = eyes[-1]
        tear = oval_path(ex + lat * r * 0.05, eye_y + r * 0.3, r * 0.045, r * 0.08)
        ctx.fill(tear, hex_rgb("#9fd3f2"), 0.85)
    if look.glasses and px_r > 8:
        for _lat, ex in eyes:
            ctx.canvas.drawCircle(
                ex, eye_y, r * 0.22, ctx.paint(hex_rgb("#2b2b2b"), 0.8, stroke=max(0.5, r * 0.04))
            )


def _eyes(
    ctx: Ctx,
    look: Look,
    feat: Features,
    feel: Feel,
    eyes: list[tuple[float, float]],
    eye_y: float,
    r: float,
    s: float,
    facing: float,
    px_r: float,
) -> None:
    """Eyes open as wide as the feeling (and the blink) allows; brows tilted by it."""
    canvas = ctx.canvas
    ink = _face_ink(look)
    one_px = 1.0 / ctx.k
    er = max(r * 0.1 * feat.eye_size, one_px * 0.8)
    openness = feat.eye_open * (1.0 - min(1.0, max(0.0, feel.blink)))
    detailed = px_r > 16 and ctx.style.face_detail
    weight = ctx.style.feature_weight
    if not detailed:  # plain dot eyes read only if they are a little bigger than drawn ones
        er *= 1.25 * weight**0.5
    gx, gy = feat.gaze[0] * facing * er, feat.gaze[1] * er
    for _lat, ex in eyes:
        if openness < 0.22 or (feel.expression == "happy" and not detailed):
            # shut, or the upturned arcs of smiling eyes
            lid = skia.Path()
            bend = -0.8 if feel.expression == "happy" and openness >= 0.22 else 0.5
            lid.moveTo(ex - er * 1.2, eye_y)
            lid.quadTo(ex, eye_y + er * bend * 1.6, ex + er * 1.2, eye_y)
            ctx.stroke(lid, ink, max(one_px, r * 0.055 * weight), min(1.0, 0.9 * weight))
        elif detailed:
            white = oval_path(ex, eye_y, er * 1.5, er * 1.1 * openness)
            ctx.fill(white, hex_rgb("#f6f1ea"), 0.95)
            canvas.save()
            canvas.clipPath(white, doAntiAlias=True)
            px, py = ex + s * er * 0.4 + gx, eye_y + gy
            canvas.drawCircle(px, py, er * 0.95, ctx.paint(mix(look.hair, ink, 0.5)))
            canvas.drawCircle(px, py, er * 0.45, ctx.paint(ink))
            canvas.drawCircle(
                px + er * 0.3, py - er * 0.35, er * 0.28, ctx.paint(hex_rgb("#ffffff"), 0.9)
            )
            canvas.restore()
            ctx.stroke(_lid_line(ex, eye_y, er, openness), ink, max(one_px, r * 0.035), 0.8)
        else:
            h = er * max(0.35, openness)
            canvas.drawOval(
                skia.Rect(
                    ex - er * 0.75 + gx * 0.3, eye_y - h, ex + er * 0.75 + gx * 0.3, eye_y + h
                ),
                ctx.paint(ink, min(1.0, 0.9 * weight)),
            )


def _eye_xs(cx: float, r: float, s: float) -> list[tuple[float, float]]:
    """(lateral side, x) of each eye the viewer can see on a head turned by asin(s)."""
    c = math.sqrt(max(0.0, 1.0 - s * s))
    return [
        (lat, cx + r * (lat * 0.36 * c + 0.93 * s * 0.75))
        for lat in (-1.0, 1.0)
        if -lat * 0.36 * s + 0.93 * c >= -0.05
    ]


def draw_brows(
    ctx: Ctx, look: Look, centre: Point, r: float, s: float, feel: Feel | None = None
) -> None:
    """Both brows, tilted by the expression."""
    feat = figure_features((feel or Feel()).expression, r * ctx.k)
    eye_y = centre[1] + r * 1.1 * 0.08
    for lat, ex in _eye_xs(centre[0], r, s):
        _brow(ctx, look, feat, lat, ex, eye_y, r * 0.1, r, s)


def _lid_line(ex: float, eye_y: float, er: float, openness: float) -> skia.Path:
    lid = skia.Path()
    top = eye_y - er * 1.1 * openness
    lid.moveTo(ex - er * 1.55, eye_y + er * 0.1)
    lid.quadTo(ex, top - er * 0.5, ex + er * 1.55, eye_y + er * 0.1)
    return lid


def _brow(
    ctx: Ctx,
    look: Look,
    feat: Features,
    lat: float,
    ex: float,
    eye_y: float,
    er: float,
    r: float,
    s: float,
) -> None:
    """One brow: its inner end (toward the nose) and outer end raised or lowered."""
    inner_x = ex - lat * er * 1.5 + s * er * 0.3
    outer_x = ex + lat * er * 1.7 + s * er * 0.3
    base = eye_y - er * 2.1
    raise_in = feat.brow_inner * er * 1.3
    raise_out = feat.brow_outer * er * 1.3
    if feat.asymmetric and lat > 0:
        raise_in, raise_out = raise_in * 0.2, -raise_out  # one brow up, one down
    brow = skia.Path()
    brow.moveTo(inner_x, base - raise_in)
    brow.quadTo(ex, base - er * 0.8 - (raise_in + raise_out) * 0.5, outer_x, base - raise_out)
    weight = ctx.style.feature_weight
    width = max(1.0 / ctx.k, r * (0.085 if feat.brow_inner < -0.3 else 0.06) * feat.boost)
    colour = _brow_colour(look)
    if weight > 1.0:
        colour = mix(colour, _face_ink(look), min(1.0, weight - 1.0))
    ctx.stroke(brow, colour, width * weight**0.7, min(1.0, 0.9 * weight))


def _brow_colour(look: Look) -> RGB:
    """Brows in the hair's colour, darkened enough to read on the skin (grey, blond, bald)."""
    light_hair = sum(look.hair) / 3 > 0.45 or look.hair_style == "bald"
    return mix(look.hair, _face_ink(look), 0.72 if light_hair else 0.4)


def _mouth(
    ctx: Ctx,
    look: Look,
    feat: Features,
    feel: Feel,
    centre: Point,
    r: float,
    s: float,
    facing: float,
) -> None:
    """A mouth curved by the smile (or frown), opened by speech and by surprise or fear."""
    mx, my = centre
    if feat.asymmetric:
        mx += facing * r * 0.08
    one_px = 1.0 / ctx.k
    mw = max(one_px * 1.2, r * 0.28 * feat.mouth_width * (1 - 0.4 * abs(s)))
    opening = min(1.0, max(feat.mouth_open, feel.mouth, 0.0))
    oh = r * 0.36 * opening
    corner = my - feat.smile * r * 0.1
    weight = ctx.style.feature_weight
    lips = lip_line(look.skin, weight)
    if oh < max(r * 0.03, one_px * 0.8):
        line = skia.Path()
        line.moveTo(mx - mw, corner)
        line.quadTo(mx, my + feat.smile * r * 0.14, mx + mw, corner)
        ctx.stroke(line, lips, max(one_px, r * 0.06 * feat.boost * weight**0.7), 0.85)
        return
    shape = skia.Path()
    shape.moveTo(mx - mw, corner)
    shape.quadTo(mx, my - oh * 0.35 + feat.smile * r * 0.05, mx + mw, corner)
    shape.quadTo(mx, my + oh + feat.smile * r * 0.12, mx - mw, corner)
    shape.close()
    ctx.fill(shape, hex_rgb("#4a1c1c"), 0.95)
    if opening > 0.2 and r * ctx.k > 24:  # teeth: smaller, they read as a white block
        canvas = ctx.canvas
        canvas.save()
        canvas.clipPath(shape, doAntiAlias=True)
        ctx.fill(
            oval_path(mx, my - oh * 0.35, mw * 0.8, oh * 0.28), hex_rgb("#f4efe8"), 0.9
        )  # upper teeth
        ctx.fill(oval_path(mx, my + oh * 0.9, mw * 0.6, oh * 0.35), hex_rgb("#c25b5b"), 0.9)
        canvas.restore()
    ctx.stroke(shape, lips, max(one_px * 0.8, r * 0.04 * weight**0.7), 0.8)


def lip_line(skin: RGB, weight: float = 1.0) -> RGB:
    """The line between the lips: the skin toward a dark red, darker in a style that draws
    features bolder (`Style.feature_weight`)."""
    return mix(skin, hex_rgb("#7a2e2e") if weight <= 1.0 else hex_rgb("#5a1c20"), 0.6)


def nose_ink(skin: RGB, weight: float = 1.0) -> tuple[RGB, float]:
    """The nose line's colour and opacity on this skin (bolder with `Style.feature_weight`)."""
    return darken(skin, 0.3 * min(1.6, weight)), min(0.95, 0.6 * weight)


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
