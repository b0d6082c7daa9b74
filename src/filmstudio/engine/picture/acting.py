"""A character at one instant of acting: the one call the animator makes per drawing.

`draw_actor` draws an `Actor` (from the blocking) doing `Acting` (a verb at a phase, a face,
breath, blink, glance): the pose comes from the puppet's keyframed motion, the face from the
expression, and a held prop lands in the hand. It draws nothing outside `actor_box`, so the
animator can cache each drawing as a sprite of that size.
"""

from __future__ import annotations

from dataclasses import dataclass

from filmstudio.engine.picture.canvas import Ctx
from filmstudio.engine.picture.faces import Feel
from filmstudio.engine.picture.figures import Placed, draw_figure, shows_body_language
from filmstudio.engine.picture.handheld import draw_prop
from filmstudio.engine.picture.props import draw_held_object
from filmstudio.engine.picture.puppet import Pose, acted_pose, settled_phase
from filmstudio.engine.picture.staging import Actor


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
    """The puppet's pose for this instant of the actor's acting."""
    return acted_pose(
        _verb(actor, acting.pose),
        acting.phase,
        acting.expression,
        holding=actor.held is not None,
        body_language=shows_body_language(ctx, actor.look, actor.height),
    )


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
        hand, h = placed.hand_front, actor.height
        if draw_held_object(ctx, actor.held, hand, h, facing) is None:
            draw_prop(ctx, actor.held, hand, h, facing, actor.depth)
    return placed


def actor_box(actor: Actor) -> tuple[float, float, float, float]:
    """Everything draw_actor may paint for this actor in any Acting (a sprite's bounds)."""
    h = actor.height
    return (actor.x - 0.9 * h, actor.base - 1.5 * h, actor.x + 0.9 * h, actor.base + 0.08 * h)
