"""A character at one instant of acting: the one call the animator makes per drawing.

`draw_actor` draws an `Actor` (from the blocking) doing `Acting` (a verb at a phase, a face,
breath, blink, glance, what is in the hand): the pose comes from the puppet's keyframed
motion, the face from the expression, and a held prop lands in the hand. `hands_in_line`
reads from the plan who holds what at a moment of a line, so a given prop travels with the
giver's reach into the taker's hand. It draws nothing outside `actor_box`, so the
animator can cache each drawing as a sprite of that size.
"""

from __future__ import annotations

import copy
import math
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace

import skia

from filmstudio.engine.picture.canvas import Ctx
from filmstudio.engine.picture.faces import Feel
from filmstudio.engine.picture.figures import (
    Placed,
    draw_features,
    draw_figure,
    shows_body_language,
)
from filmstudio.engine.picture.handheld import draw_prop
from filmstudio.engine.picture.props import draw_held_object
from filmstudio.engine.picture.puppet import Pose, acted_pose, phase_at, settled_phase
from filmstudio.engine.picture.staging import Actor
from filmstudio.engine.plan import PASSING_VERBS, Scene


@dataclass(frozen=True)
class Acting:
    """What a figure is doing at one instant (the animator asks for one per drawing)."""

    pose: str = "stand"  # today's pose names plus every plan.ACTION_VERBS verb
    phase: float = 0.0  # 0..1 through the action's motion (walk cycle, sitting down..)
    expression: str = "neutral"  # plan.EXPRESSIONS
    mouth: float = 0.0  # 0 closed .. 1 wide open (talking in wide/medium shots)
    blink: float = 0.0  # 0 open .. 1 shut
    breath: float = 0.0  # -1 .. 1 chest/shoulder rise
    glance: float = 0.0  # head turn -1 (to the left of screen) .. 1 (right)
    #: the prop in the hand now (None: empty-handed); AS_BLOCKED keeps the blocking's
    #: `Actor.held` (what the character holds as the scene starts)
    held: str | None = "as_blocked"


#: `Acting.held` when the hand holds what the blocking put in it.
AS_BLOCKED = "as_blocked"
#: How far through a give or take (phase) the prop changes hands: the reach has arrived.
HANDOFF = {"give": 0.7, "take": 0.45}


@dataclass(frozen=True)
class Hands:
    """What a character's hands do at one moment of a line: the give or take they play
    (`verb` at `phase`; None when they do neither) and the prop they hold."""

    verb: str | None
    phase: float
    held: str | None


def line_at(spans: Sequence[tuple[float, float]], seconds: float) -> tuple[int | None, float]:
    """The dialogue line under way at scene-local `seconds` (the last one begun; None before
    the first) and how many seconds it has been going: `spans` are each line's (start, end)
    in scene seconds, in the scene's line order (the narrator's lines too)."""
    begun = [index for index, (start, _end) in enumerate(spans) if start <= seconds]
    if not begun:
        return None, 0.0
    return begun[-1], seconds - spans[begun[-1]][0]


def hands_in_line(scene: Scene, who: str, line: int | None, into: float) -> Hands:
    """`who`'s hands `into` seconds into dialogue line `line`: a give or take tied to that
    line plays its reach (the one handed something reaches too), and the prop changes hands
    when the reach arrives, as the plan's `Scene.holders` says. Around it, whoever takes part
    in a handoff holds the prop ready ("hold") or, once it is given away, lets the arm down
    ("stand"); `verb` is None for everyone else."""
    passing = [a for a in scene.actions if a.action in PASSING_VERBS and a.prop is not None]
    mine = [a for a in passing if who in (a.who, a.target)]
    held = scene.held_by(who, line)
    now = next((a for a in mine if a.line == line), None)
    if now is None:
        if not mine:
            return Hands(None, 0.0, held)
        return Hands("hold", 1.0, held) if held is not None else Hands("stand", 0.0, None)
    phase = phase_at(now.action, into)
    passed = phase >= HANDOFF[now.action]
    verb = now.action if who == now.who else "take" if now.action == "give" else "give"
    return Hands(verb, phase_at(verb, into), scene.held_by(who, line, passed))


#: Blocking poses a handoff may take over: a seated, kneeling or walking figure keeps its
#: pose, and only the prop moves.
_HANDS_FREE = frozenset({"stand", "talk", "nod", "hold", "give", "take"})


def with_hands(scene: Scene, actor: Actor, acting: Acting, line: int | None, into: float) -> Acting:
    """`acting` with the hands of a handoff (see `hands_in_line`): the reach played and the
    prop in the hand it is in now. The one call the stage makes per drawing, with the line
    under way (`line_at`)."""
    hands = hands_in_line(scene, actor.name, line, into)
    if hands.verb is None or actor.pose not in _HANDS_FREE or acting.pose not in _HANDS_FREE:
        return replace(acting, held=hands.held)
    if hands.verb in ("stand", "hold") and acting.pose in ("talk", "nod"):
        return replace(acting, held=hands.held)  # talking hands and nods go on
    return replace(acting, pose=hands.verb, phase=hands.phase, held=hands.held)


def resting(actor: Actor) -> Acting:
    """The actor's lasting state, for a still picture: seated once sat down, mid-stride
    when walking, the expression the scene starts with."""
    return Acting(pose=actor.pose, phase=settled_phase(actor.pose), expression=actor.expression)


def _verb(actor: Actor, verb: str) -> str:
    """A sitter on the ground sits cross-legged, not on an invisible chair."""
    return "sit_ground" if verb == "sit" and actor.seat == "ground" else verb


def held_now(actor: Actor, acting: Acting) -> str | None:
    """The prop in the actor's hand at this instant."""
    return actor.held if acting.held == AS_BLOCKED else acting.held


def actor_pose(ctx: Ctx, actor: Actor, acting: Acting) -> Pose:
    """The puppet's pose for this instant of the actor's acting."""
    return acted_pose(
        _verb(actor, acting.pose),
        acting.phase,
        acting.expression,
        holding=held_now(actor, acting) is not None,
        body_language=shows_body_language(ctx, actor.look, actor.height),
    )


def draw_actor(ctx: Ctx, actor: Actor, acting: Acting) -> Placed:
    """Draw the actor in this instant of acting (deterministic: same inputs, same pixels).

    Where the face is big enough to read (medium shots and closer), the body is drawn once
    per pose as a layer and only the face (eyes, brows, mouth) is drawn anew: talking and
    blinking change the face many times for each change of the body.
    """
    pose = actor_pose(ctx, actor, acting)
    held = held_now(actor, acting)
    feel = Feel(acting.expression, acting.mouth, acting.blink)
    if _head_px(ctx, actor) >= LAYER_FROM_PX:
        placed = _layered(ctx, actor, pose, acting, feel)
    else:
        placed = _figure(ctx, actor, pose, acting, feel)
    if held is not None:
        facing = 1.0 if actor.yaw >= 0 else -1.0
        hand, h = placed.hand_front, actor.height
        if draw_held_object(ctx, held, hand, h, facing) is None:
            draw_prop(ctx, held, hand, h, facing, actor.depth)
    return placed


def _figure(ctx: Ctx, actor: Actor, pose: Pose, acting: Acting, feel: Feel | None) -> Placed:
    """The whole figure drawn at once; without `feel` the face is left for draw_features."""
    seat = actor.seat_height if actor.seat not in ("none", "ground") else None
    return draw_figure(
        ctx,
        actor.look,
        pose,
        actor.x,
        actor.base,
        actor.height,
        actor.yaw,
        actor.depth,
        umbrella=actor.umbrella,
        silhouette=actor.silhouette,
        seat=seat,
        face=feel is not None,
        feel=feel,
        breath=acting.breath,
        glance=acting.glance,
    )


#: Heads at least this many pixels in radius (medium shots and closer; a 720p wide shot's are
#: about 17) get their body recorded and reused.
LAYER_FROM_PX = 24.0
#: How many bodies are kept (a medium two-shot needs a handful per actor).
BODY_LAYERS = 24


@dataclass
class _Body:
    """A body drawn without its face: recorded (`picture`, in device pixels) and turned
    into pixels (`image` at `left`, `top`). No image when a hand is at the face (the face
    must then be drawn beneath the hand, with the whole figure) or nothing is on the canvas."""

    picture: skia.Picture | None
    placed: Placed
    image: skia.Image | None = None
    left: int = 0
    top: int = 0


_BODIES: OrderedDict[tuple[object, ...], _Body] = OrderedDict()


def _head_px(ctx: Ctx, actor: Actor) -> float:
    scale = ctx.canvas.getTotalMatrix().getScaleX()
    return float(actor.height * 0.064 * abs(scale))


def _layered(ctx: Ctx, actor: Actor, pose: Pose, acting: Acting, feel: Feel) -> Placed:
    """The body from the cache (recorded on a miss), then the face over it."""
    canvas = ctx.canvas
    matrix = canvas.getTotalMatrix()
    key = (
        actor.look,
        pose,
        actor.x,
        actor.base,
        actor.height,
        actor.yaw,
        actor.depth,
        actor.umbrella,
        actor.silhouette,
        actor.seat,
        actor.seat_height,
        acting.breath,
        acting.glance,
        ctx.light,
        ctx.style,
        ctx.k,
        tuple(round(matrix.get(i), 6) for i in range(9)),
        (canvas.imageInfo().width(), canvas.imageInfo().height()),
    )
    body = _BODIES.get(key)
    if body is None:
        body = _record_body(ctx, actor, pose, acting, matrix)
        _BODIES[key] = body
        while len(_BODIES) > BODY_LAYERS:
            _BODIES.popitem(last=False)
    else:
        _BODIES.move_to_end(key)
    if body.image is None:  # a hand at the face, or nothing of the body on the canvas
        return _figure(ctx, actor, pose, acting, feel)
    canvas.save()
    canvas.resetMatrix()
    canvas.drawImage(body.image, body.left, body.top)
    canvas.restore()
    draw_features(ctx, actor.look, body.placed, feel)
    return body.placed


def _record_body(ctx: Ctx, actor: Actor, pose: Pose, acting: Acting, matrix: skia.Matrix) -> _Body:
    """Record the faceless body's drawing (tightly bounded, in device pixels)."""
    recorder = skia.PictureRecorder()
    far = 1e6
    layer = copy.copy(ctx)
    layer.canvas = recorder.beginRecording(skia.Rect(-far, -far, far, far), skia.RTreeFactory()())
    layer.canvas.setMatrix(matrix)
    placed = _figure(layer, actor, pose, acting, None)
    picture = recorder.finishRecordingAsPicture()
    reach = placed.head_r * 1.8
    body = _Body(picture, placed)
    for hand in (placed.hand_front, placed.hand_back):
        if math.hypot(hand[0] - placed.head[0], hand[1] - placed.head[1]) < reach:
            return body
    _rasterise(ctx.canvas, body)
    return body


def _rasterise(canvas: skia.Canvas, body: _Body) -> None:
    """Turn the recorded body into pixels (the part on the canvas): every drawing of it is
    then the same pixels, the first one too."""
    assert body.picture is not None
    info = canvas.imageInfo()
    bounds = body.picture.cullRect()
    left, top = max(0, math.floor(bounds.left())), max(0, math.floor(bounds.top()))
    right = min(info.width(), math.ceil(bounds.right()))
    bottom = min(info.height(), math.ceil(bounds.bottom()))
    if right - left < 1 or bottom - top < 1:
        return
    # in the canvas's own pixel format: rasterising into skia's native one was 5x slower
    surface = skia.Surface.MakeRaster(info.makeWH(right - left, bottom - top))
    surface.getCanvas().translate(-left, -top)
    surface.getCanvas().drawPicture(body.picture)
    body.image, body.left, body.top = surface.makeImageSnapshot(), left, top


def actor_box(actor: Actor) -> tuple[float, float, float, float]:
    """Everything draw_actor may paint for this actor in any Acting (a sprite's bounds)."""
    h = actor.height
    return (actor.x - 0.9 * h, actor.base - 1.5 * h, actor.x + 0.9 * h, actor.base + 0.08 * h)
