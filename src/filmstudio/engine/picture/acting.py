"""A character at one instant of acting: the one call the animator makes per drawing.

`draw_actor` draws an `Actor` (from the blocking) doing `Acting` (a verb at a phase, a face,
breath, blink, glance): the pose comes from the puppet's keyframed motion, the face from the
expression, and a held prop lands in the hand. It draws nothing outside `actor_box`, so the
animator can cache each drawing as a sprite of that size.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from filmstudio.engine.picture.canvas import Ctx
from filmstudio.engine.picture.faces import Feel
from filmstudio.engine.picture.figures import ADULT, CHILD, Placed, draw_figure
from filmstudio.engine.picture.handheld import draw_prop
from filmstudio.engine.picture.puppet import (
    HOLD_ARM,
    Pose,
    pose_at,
    settled_phase,
    with_expression,
)
from filmstudio.engine.picture.staging import Actor

#: Verbs that use the hand a prop is held in (the prop stays in it, the arm does the verb).
_BUSY_HAND = frozenset(
    {"wave", "point", "give", "take", "hold", "pray", "embrace", "cry", "dance", "laugh"}
)
#: Below this head radius in pixels a face alone no longer reads: the body shows the feeling.
BODY_LANGUAGE_PX = 9.0


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


def resting(actor: Actor) -> Acting:
    """The actor's lasting state, for a still picture: seated once sat down, mid-stride
    when walking, the expression the scene starts with."""
    return Acting(pose=actor.pose, phase=settled_phase(actor.pose), expression=actor.expression)


def _verb(actor: Actor, verb: str) -> str:
    """A sitter on the ground sits cross-legged, not on an invisible chair."""
    return "sit_ground" if verb == "sit" and actor.seat == "ground" else verb


def actor_pose(ctx: Ctx, actor: Actor, acting: Acting) -> Pose:
    """The puppet's pose for this instant, bent by the feeling where faces are too small."""
    verb = _verb(actor, acting.pose)
    pose = pose_at(verb, acting.phase)
    body = CHILD if actor.look.age == "child" else ADULT
    if body.head_r * actor.height * ctx.k < BODY_LANGUAGE_PX:
        pose = with_expression(pose, verb, acting.expression)
    if actor.held is not None and verb not in _BUSY_HAND:
        pose = replace(pose, arm_front=HOLD_ARM)
    return pose


def draw_actor(ctx: Ctx, actor: Actor, acting: Acting) -> Placed:
    """Draw the actor in this instant of acting (deterministic: same inputs, same pixels)."""
    pose = actor_pose(ctx, actor, acting)
    seat = actor.seat_height if actor.seat not in ("none", "ground") else None
    placed = draw_figure(
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
        feel=Feel(acting.expression, acting.mouth, acting.blink),
        breath=acting.breath,
        glance=acting.glance,
    )
    if actor.held is not None:
        facing = 1.0 if actor.yaw >= 0 else -1.0
        draw_prop(ctx, actor.held, placed.hand_front, actor.height, facing, actor.depth)
    return placed


def actor_box(actor: Actor) -> tuple[float, float, float, float]:
    """Everything draw_actor may paint for this actor in any Acting (a sprite's bounds)."""
    h = actor.height
    return (actor.x - 0.9 * h, actor.base - 1.5 * h, actor.x + 0.9 * h, actor.base + 0.08 * h)
