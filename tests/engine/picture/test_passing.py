"""A given prop is drawn in the giver's hand before the handoff and in the taker's after,
as the plan's holders say (the painter reads `Scene.holders`, never words)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from filmstudio.engine.picture.acting import (
    Acting,
    Hands,
    draw_actor,
    hands_in_line,
    line_at,
    with_hands,
)
from filmstudio.engine.picture.canvas import Ctx, new_surface
from filmstudio.engine.picture.light import compute_light
from filmstudio.engine.picture.places import PLACE_SPECS
from filmstudio.engine.picture.staging import Actor, plan_layout
from filmstudio.engine.picture.styles import style_params
from filmstudio.engine.plan import Action, FilmPlan

from .conftest import MakePlan

W, H = 640, 360
GIVE = Action(who="Maya", action="give", target="Arun", line=1, prop="bread")


def _ctx() -> Ctx:
    surface, pixels = new_surface(W, H)
    return Ctx(surface, pixels, compute_light("day", "clear", "calm"), style_params("cinematic"), 1)


def _plan(plan_for: MakePlan) -> FilmPlan:
    return plan_for(
        place="fields",
        actions=(GIVE,),
        props=(("bread", "Maya"),),
        speakers=("Maya", "Arun", "Maya"),
    )


def _draw(
    actor: Actor, hands: Hands, with_prop: bool
) -> tuple[np.ndarray, tuple[float, float], float]:
    ctx = _ctx()
    acting = Acting(hands.verb or "stand", hands.phase, held=hands.held if with_prop else None)
    placed = draw_actor(ctx, actor, acting)
    return ctx.pixels[..., :3].astype(np.int16), placed.hand_front, ctx.k


def _prop_near_hand(actor: Actor, hands: Hands) -> float | None:
    """How far (pixels) the prop drawn for `hands` is from the actor's hand; None: no prop."""
    full, hand, k = _draw(actor, hands, True)
    bare, _, _ = _draw(actor, hands, False)
    ys, xs = np.nonzero(np.abs(full - bare).max(axis=2) > 30)
    if len(xs) < 8:
        return None
    return float(np.hypot(xs.mean() - hand[0] * k, ys.mean() - hand[1] * k))


def test_the_plan_says_the_prop_moves_between_the_lines(plan_for: MakePlan) -> None:
    scene = _plan(plan_for).scenes[0]
    assert hands_in_line(scene, "Maya", 0, 1.0).held == "bread"
    assert hands_in_line(scene, "Arun", 0, 1.0).held is None
    assert hands_in_line(scene, "Maya", 2, 0.0).held is None
    assert hands_in_line(scene, "Arun", 2, 0.0).held == "bread"


@pytest.mark.parametrize(("into", "holder"), [(0.15, "Maya"), (3.0, "Arun")])
def test_the_prop_is_drawn_in_the_holders_hand_during_the_handoff(
    plan_for: MakePlan, into: float, holder: str
) -> None:
    plan = _plan(plan_for)
    scene = plan.scenes[0]
    actors = {
        a.name: a for a in plan_layout(_ctx(), scene, plan, PLACE_SPECS["fields"].stage).actors
    }
    hands = {name: hands_in_line(scene, name, 1, into) for name in actors}
    assert hands["Maya"].verb == "give" and hands["Arun"].verb == "take", "both reach"
    for name, actor in actors.items():
        distance = _prop_near_hand(actor, hands[name])
        if name == holder:
            assert distance is not None, f"{name} should hold the bread"
            assert distance < 0.12 * actor.height * _ctx().k, "the bread sits in the hand"
        else:
            assert distance is None, f"{name} should not hold the bread now"


def test_the_line_under_way_and_how_long_it_has_run() -> None:
    spans = [(0.5, 2.0), (2.4, 4.0), (4.0, 6.5)]
    assert line_at(spans, 0.2) == (None, 0.0)
    assert line_at(spans, 1.0) == (0, 0.5)
    assert line_at(spans, 2.2) == (0, pytest.approx(1.7)), "the pause after a line is still it"
    assert line_at(spans, 4.0) == (2, 0.0)


def test_around_the_handoff_the_giver_holds_it_ready_then_lets_the_arm_down(
    plan_for: MakePlan,
) -> None:
    plan = _plan(plan_for)
    scene = plan.scenes[0]
    maya, arun = plan_layout(_ctx(), scene, plan, PLACE_SPECS["fields"].stage).actors
    still = Acting("stand")
    before, after = with_hands(scene, maya, still, 0, 1.0), with_hands(scene, maya, still, 2, 1.0)
    assert (before.pose, before.held) == ("hold", "bread")
    assert (after.pose, after.held) == ("stand", None)
    assert with_hands(scene, arun, still, 2, 0.0).held == "bread"
    reaching = with_hands(scene, maya, still, 1, 0.5)
    assert reaching.pose == "give" and 0.0 < reaching.phase < 1.0
    seated = replace(maya, pose="sit")
    sitting = with_hands(scene, seated, Acting("sit", 1.0), 1, 0.5)
    assert (sitting.pose, sitting.phase, sitting.held) == ("sit", 1.0, "bread"), (
        "only the prop moves"
    )
