"""A character at one instant of acting: the one call the animator makes per drawing.

`draw_actor` draws an `Actor` (from the blocking) doing `Acting` (a verb at a phase, a face,
breath, blink, glance, what is in the hand): the pose comes from the puppet's keyframed
motion, the face from the expression, and a held prop lands in the hand. `hands_in_line`
reads from the plan who holds what at a moment of a line, so a given prop travels with the
giver's reach into the taker's hand. It draws nothing outside `actor_box`, so the
animator can cache each drawing as a sprite of that size.
"""

from __future__ import annotations

from dataclasses import dataclass

from filmstudio.engine.picture.canvas import Ctx
from filmstudio.engine.picture.faces import Feel
from filmstudio.engine.picture.figures import Placed, draw_figure, shows_body_language
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


def hands_in_line(scene: Scene, who: str, line: int | None, into: float) -> Hands:
    """`who`'s hands `into` seconds into dialogue line `line`: a give or take tied to that
    line plays its reach (the one handed something reaches too), and the prop changes hands
    when the reach arrives, as the plan's `Scene.holders` says."""
    passing = [
        a
        for a in scene.actions
        if a.line == line and a.action in PASSING_VERBS and a.prop is not None
    ]
    mine = next((a for a in passing if who in (a.who, a.target)), None)
    if mine is None:
        return Hands(None, 0.0, scene.held_by(who, line))
    phase = phase_at(mine.action, into)
    passed = phase >= HANDOFF[mine.action]
    verb = mine.action if who == mine.who else "take" if mine.action == "give" else "give"
    return Hands(verb, phase_at(verb, into), scene.held_by(who, line, passed))


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
    """Draw the actor in this instant of acting (deterministic: same inputs, same pixels)."""
    pose = actor_pose(ctx, actor, acting)
    held = held_now(actor, acting)
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
    if held is not None:
        facing = 1.0 if actor.yaw >= 0 else -1.0
        hand, h = placed.hand_front, actor.height
        if draw_held_object(ctx, held, hand, h, facing) is None:
            draw_prop(ctx, held, hand, h, facing, actor.depth)
    return placed


def actor_box(actor: Actor) -> tuple[float, float, float, float]:
    """Everything draw_actor may paint for this actor in any Acting (a sprite's bounds)."""
    h = actor.height
    return (actor.x - 0.9 * h, actor.base - 1.5 * h, actor.x + 0.9 * h, actor.base + 0.08 * h)
