"""Characters who act: every verb moves the puppet, faces change, props sit in the hand."""

from __future__ import annotations

import numpy as np
import pytest
import skia

from filmstudio.engine.picture.acting import Acting, actor_box, draw_actor, resting
from filmstudio.engine.picture.canvas import Ctx
from filmstudio.engine.picture.figures import Placed
from filmstudio.engine.picture.light import compute_light
from filmstudio.engine.picture.looks import look_for
from filmstudio.engine.picture.puppet import is_cyclic, phase_at, pose_at
from filmstudio.engine.picture.staging import Actor
from filmstudio.engine.picture.styles import style_params
from filmstudio.engine.plan import ACTION_VERBS, EXPRESSIONS, Character

W, H = 480, 360


def _ctx(style: str = "cinematic") -> Ctx:
    pixels = np.zeros((H, W, 4), np.uint8)  # transparent: only the figure has alpha
    return Ctx(
        skia.Surface(pixels), pixels, compute_light("day", "clear", "calm"), style_params(style), 3
    )


def _actor(held: str | None = None, height: float = 600.0, age: str = "adult") -> Actor:
    look = look_for("Maya", Character(name="Maya", gender="female", age=age))  # type: ignore[arg-type]
    return Actor("Maya", look, "stand", 666.0, 900.0, height, 40.0, held=held)


def _draw(acting: Acting, actor: Actor | None = None) -> tuple[np.ndarray, Placed]:
    ctx = _ctx()
    placed = draw_actor(ctx, actor or _actor(), acting)
    return ctx.pixels.copy(), placed


def _two_phases(verb: str) -> tuple[float, float]:
    return (0.0, 0.3) if is_cyclic(verb) else (0.0, 1.0)


@pytest.mark.parametrize("verb", [v for v in ACTION_VERBS if v != "stand"])
def test_each_action_moves_the_limbs_between_phases(verb: str) -> None:
    a, b = (_draw(Acting(pose=verb, phase=p))[0] for p in _two_phases(verb))
    changed = np.abs(a.astype(np.int16) - b.astype(np.int16)).max(axis=2) > 40
    figure = (a[..., 3] > 0) | (b[..., 3] > 0)
    assert changed.sum() > 0.015 * figure.sum(), f"{verb}: the pose barely changes"
    assert not changed[~figure].any(), "changes only where the figure is"


def test_standing_still_only_breathes() -> None:
    still = _draw(Acting())[0]
    breath = _draw(Acting(breath=1.0))[0]
    diff = np.abs(still.astype(np.int16) - breath.astype(np.int16)).max(axis=2) > 40
    assert 0 < diff.sum() < 0.1 * (still[..., 3] > 0).sum(), "a breath is a small rise"


def test_the_same_acting_gives_identical_pixels() -> None:
    acting = Acting(pose="walk", phase=0.37, expression="happy", mouth=0.4, blink=0.2, glance=0.5)
    assert np.array_equal(_draw(acting)[0], _draw(acting)[0])


def test_cycles_loop_and_motions_hold_their_end() -> None:
    for verb in ACTION_VERBS:
        if is_cyclic(verb):
            assert pose_at(verb, 0.0) == pytest.approx(pose_at(verb, 1.0)) or _close(verb)
            assert phase_at(verb, 100.0) < 1.0
        else:
            assert phase_at(verb, 100.0) == 1.0, f"{verb} ends in its held pose"


def _close(verb: str) -> bool:
    a, b = pose_at(verb, 0.0), pose_at(verb, 1.0)
    pairs = zip(
        (*a.arm_front, *a.arm_back, *a.leg_front, *a.leg_back, a.head_pitch, a.head_turn),
        (*b.arm_front, *b.arm_back, *b.leg_front, *b.leg_back, b.head_pitch, b.head_turn),
        strict=True,
    )
    return all(abs(x - y) < 1e-6 for x, y in pairs)


@pytest.mark.parametrize("expression", [e for e in EXPRESSIONS if e != "neutral"])
def test_an_expression_changes_the_face_only(expression: str) -> None:
    neutral, placed = _draw(Acting())
    feeling, _ = _draw(Acting(expression=expression))
    changed = np.abs(neutral.astype(np.int16) - feeling.astype(np.int16)).max(axis=2) > 30
    assert changed.sum() > 20, f"{expression} does not show"
    ys, xs = np.nonzero(changed)
    k = H / 1000
    hx, hy, r = placed.head[0] * k, placed.head[1] * k, placed.head_r * k
    assert (np.hypot(xs - hx, ys - hy) < r * 2.0).all(), f"{expression} changed more than the head"


def test_expressions_look_different_from_each_other() -> None:
    faces = [_draw(Acting(expression=e))[0].astype(np.int16) for e in EXPRESSIONS]
    for i in range(len(faces)):
        for j in range(i + 1, len(faces)):
            assert (np.abs(faces[i] - faces[j]).max(axis=2) > 30).sum() > 10


def test_a_small_figure_shows_its_feeling_with_the_body() -> None:
    small = _actor(height=90.0)
    sad = _draw(Acting(expression="sad"), small)[0]
    afraid = _draw(Acting(expression="afraid"), small)[0]
    assert (np.abs(sad.astype(np.int16) - afraid.astype(np.int16)).max(axis=2) > 40).sum() > 30


@pytest.mark.parametrize("prop", ["bread", "lantern", "book", "basket", "guitar", "kite"])
def test_a_held_prop_is_drawn_at_the_hand(prop: str) -> None:
    empty, _ = _draw(Acting(), _actor())
    holding, placed_holding = _draw(Acting(), _actor(held=prop))
    bare_arm, _ = _draw(Acting(pose="hold", phase=1.0), _actor())
    changed = np.abs(holding.astype(np.int16) - bare_arm.astype(np.int16)).max(axis=2) > 40
    assert changed.sum() > 40, f"{prop} is not drawn"
    ys, xs = np.nonzero(changed)
    k = H / 1000
    hand = np.array(placed_holding.hand_front) * k
    near = np.hypot(xs - hand[0], ys - hand[1]) < 600 * k * 0.35
    assert near.mean() > 0.8, f"{prop} drawn away from the hand"
    assert not np.array_equal(empty, holding)


@pytest.mark.parametrize("verb", ACTION_VERBS)
def test_the_actor_box_holds_every_drawing(verb: str) -> None:
    actor = _actor(held="lantern", height=400.0)
    x0, y0, x1, y1 = (v * H / 1000 for v in actor_box(actor))
    for phase in (0.0, 0.33, 0.66, 1.0):
        pixels, _ = _draw(Acting(pose=verb, phase=phase, expression="afraid"), actor)
        ys, xs = np.nonzero(pixels[..., 3] > 0)
        assert xs.min() >= x0 - 1 and xs.max() <= x1 + 1, verb
        assert ys.min() >= y0 - 1 and ys.max() <= y1 + 1, verb


def test_a_still_picture_shows_the_lasting_state() -> None:
    actor = _actor()
    actor.pose = "sit"
    assert resting(actor).phase == 1.0, "seated, not about to sit"
    actor.pose = "walk"
    assert resting(actor).phase == 0.0


def test_walkers_travel_and_runners_travel_faster() -> None:
    from filmstudio.engine.picture.puppet import speed

    assert 0.5 < speed("walk") < 1.2, "about a body height a second"
    assert speed("run") > 2 * speed("walk")
    assert speed("enter") == speed("walk") and speed("wave") == 0.0
