"""The painter reads plan fields, whatever the script's language: actions, props, faces."""

from __future__ import annotations

import numpy as np
import pytest

from filmstudio.engine.picture import paint_scene
from filmstudio.engine.picture.acting import draw_actor, resting
from filmstudio.engine.picture.canvas import Ctx, new_surface
from filmstudio.engine.picture.light import compute_light
from filmstudio.engine.picture.places import PLACE_SPECS
from filmstudio.engine.picture.props import objects
from filmstudio.engine.picture.staging import Layout, plan_layout
from filmstudio.engine.picture.styles import style_params
from filmstudio.engine.plan import (
    Action,
    Character,
    ExpressionChange,
    FilmPlan,
    Line,
    Prop,
    Scene,
    Setting,
)

W, H = 480, 270

# The words are only context: what is drawn comes from the fields the planner wrote.
SCENES = {
    "es": (
        "Un anciano cruza la plaza con un pan bajo el brazo, saluda a su vecina y se sienta "
        "junto a la fuente.",
        [("Don Pedro", "walk"), ("Don Pedro", "wave"), ("Don Pedro", "sit"), ("Rosa", "wave")],
        [Prop(name="bread", holder="Don Pedro")],
    ),
    "fr": (
        "Camille s'agenouille devant la tombe et pose des fleurs; Louis tient une lanterne.",
        [("Camille", "kneel"), ("Louis", "hold")],
        [Prop(name="flower", holder="Camille"), Prop(name="lantern", holder="Louis")],
    ),
    "hi": (
        "दादी दीया जलाकर प्रार्थना करती हैं और राजू टोकरी लेकर दौड़ता है।",
        [("Dadi", "pray"), ("Raju", "run")],
        [Prop(name="diya", holder="Dadi"), Prop(name="basket", holder="Raju")],
    ),
}


def _plan(language: str, shot: str = "wide") -> FilmPlan:
    text, actions, props = SCENES[language]
    names = list(dict.fromkeys(who for who, _verb in actions))
    scene = Scene(
        scene_number=1,
        description=text,
        setting=Setting(place="village"),
        characters=names,
        shot_type=shot,  # type: ignore[arg-type]
        actions=[Action(who=who, action=verb) for who, verb in actions],  # type: ignore[arg-type]
        props=props,
        expressions=[ExpressionChange(who=names[0], expression="happy")],
        dialogue=[Line(speaker=names[-1], text=text, language=language)],  # type: ignore[arg-type]
    )
    cast = [
        Character(name=n, age="elder" if n in ("Don Pedro", "Dadi") else "adult") for n in names
    ]
    return FilmPlan(language=language, scenes=[scene], characters=cast)  # type: ignore[arg-type]


def _ctx() -> Ctx:
    surface, pixels = new_surface(W, H)
    return Ctx(surface, pixels, compute_light("day", "clear", "calm"), style_params("cinematic"), 5)


def _layout(plan: FilmPlan) -> tuple[Ctx, Layout]:
    ctx = _ctx()
    return ctx, plan_layout(ctx, plan.scenes[0], plan, PLACE_SPECS["village"].stage)


@pytest.mark.parametrize("language", list(SCENES))
def test_actions_props_and_faces_come_from_the_fields(language: str) -> None:
    plan = _plan(language)
    _, layout = _layout(plan)
    scene = plan.scenes[0]
    by_name = {a.name: a for a in layout.actors}
    for prop in scene.props:
        assert prop.holder is not None
        assert by_name[prop.holder].held == prop.name
        assert prop.name in layout.prop_boxes, "the camera can find the prop"
    first = scene.characters[0]
    assert by_name[first].expression == "happy"
    verbs = {a.who: a.action for a in scene.actions}
    for name, actor in by_name.items():
        assert actor.pose in (verbs[name], "sit_ground", "sit"), (name, actor.pose)
    if language == "es":
        assert by_name["Don Pedro"].pose == "sit", "sitting lasts: the still shows it"


@pytest.mark.parametrize("language", list(SCENES))
def test_held_props_are_drawn_inside_their_boxes(language: str) -> None:
    plan = _plan(language)
    ctx, layout = _layout(plan)
    before = ctx.pixels.copy()
    for actor in layout.actors:
        draw_actor(ctx, actor, resting(actor))
    with_props = ctx.pixels.copy()
    ctx2, layout2 = _layout(plan)
    for actor in layout2.actors:
        actor.held = None
        draw_actor(ctx2, actor, resting(actor))
    for name, (x0, y0, x1, y1) in layout.prop_boxes.items():
        k = ctx.k
        box = (slice(int(y0 * k), int(y1 * k) + 1), slice(int(x0 * k), int(x1 * k) + 1))
        diff = np.abs(with_props[box].astype(np.int16) - ctx2.pixels[box].astype(np.int16))
        assert (diff.max(axis=2) > 40).sum() >= 4, f"{name} not drawn in its box"
    assert not np.array_equal(before, with_props)


def test_a_standing_prop_is_put_down_beside_the_people_and_boxed() -> None:
    plan = _plan("hi")
    scene = plan.scenes[0].model_copy(update={"props": [Prop(name="basket")]})
    plan = plan.model_copy(update={"scenes": [scene]})
    ctx, layout = _layout(plan)
    before = ctx.pixels.copy()
    objects(ctx, layout)
    assert "basket" in layout.prop_boxes
    x0, y0, x1, y1 = (int(v * ctx.k) for v in layout.prop_boxes["basket"])
    changed = np.abs(ctx.pixels.astype(np.int16) - before.astype(np.int16)).max(axis=2) > 30
    assert changed[y0 : y1 + 1, x0 : x1 + 1].sum() > 10
    assert changed.sum() == changed[max(0, y0 - 3) : y1 + 4, max(0, x0 - 3) : x1 + 4].sum()


def test_editing_an_action_in_the_plan_changes_the_picture() -> None:
    plan = _plan("fr")
    scene = plan.scenes[0]
    edited = scene.model_copy(
        update={
            "actions": [Action(who="Camille", action="stand"), Action(who="Louis", action="hold")]
        }
    )
    a = paint_scene(scene, plan, W, H)
    b = paint_scene(edited, plan.model_copy(update={"scenes": [edited]}), W, H)
    assert (np.abs(a.astype(np.int16) - b.astype(np.int16)).max(axis=2) > 40).sum() > 100


def test_faces_and_actions_follow_the_lines_they_are_tied_to() -> None:
    from filmstudio.engine.picture.staging import action_at, expression_at

    scene = Scene(
        scene_number=1,
        characters=["Ana"],
        actions=[
            Action(who="Ana", action="walk", line=None),
            Action(who="Ana", action="sit", line=1),
            Action(who="Ana", action="cry", line=3),
        ],
        expressions=[
            ExpressionChange(who="Ana", expression="happy"),
            ExpressionChange(who="Ana", expression="sad", line=2),
        ],
    )
    assert [expression_at(scene, "Ana", i) for i in (None, 0, 1, 2, 3)] == [
        "happy",
        "happy",
        "happy",
        "sad",
        "sad",
    ]
    assert [action_at(scene, "Ana", i) for i in (None, 0, 1, 2, 3)] == [
        "walk",
        "walk",
        "sit",
        "sit",
        "cry",
    ]
    assert action_at(scene, "Nobody", 2) is None and expression_at(scene, "Nobody", 2) == "neutral"


def test_a_gesture_aimed_at_someone_turns_toward_them() -> None:
    for target_side in ("Rosa", "Luis"):
        scene = Scene(
            scene_number=1,
            characters=["Rosa", "Ana", "Luis"],
            actions=[Action(who="Ana", action="point", target=target_side)],
        )
        plan = FilmPlan(scenes=[scene])
        _, layout = _layout(plan)
        by_name = {a.name: a for a in layout.actors}
        ana, target = by_name["Ana"], by_name[target_side]
        assert (ana.yaw > 45) == (target.x > ana.x), f"Ana turns toward {target_side}"


def test_someone_entering_faces_into_the_picture_and_someone_leaving_faces_out() -> None:
    for verb, inward in (("enter", True), ("exit", False)):
        scene = Scene(scene_number=1, characters=["Ana"], actions=[Action(who="Ana", action=verb)])
        ctx, layout = _layout(FilmPlan(scenes=[scene]))
        ana = layout.actors[0]
        faces_centre = (ana.yaw > 0) == (ana.x < ctx.W / 2)
        assert faces_centre == inward, verb


@pytest.mark.parametrize(("place", "prop"), [("beach", "boat"), ("fields", "campfire")])
def test_props_the_place_paints_are_boxed_where_they_are_drawn(place: str, prop: str) -> None:
    from filmstudio.engine.picture.places import place_spec
    from filmstudio.engine.picture.props import front_extras

    def painted(props: list[Prop]) -> tuple[np.ndarray, Layout]:
        scene = Scene(scene_number=1, characters=["Ana"], props=props, setting=Setting(place=place))
        plan = FilmPlan(scenes=[scene])
        ctx = _ctx()
        spec = place_spec(place)
        layout = plan_layout(ctx, scene, plan, spec.stage)
        spec.paint(ctx, layout)
        front_extras(ctx, layout, spec.outdoors)
        return ctx.pixels.copy(), layout

    with_prop, layout = painted([Prop(name=prop)])
    without, _ = painted([])
    x0, y0, x1, y1 = (round(v * H / 1000) for v in layout.prop_boxes[prop])
    changed = np.abs(with_prop.astype(np.int16) - without.astype(np.int16)).max(axis=2) > 30
    inside = changed[max(0, y0) : y1 + 1, max(0, x0) : x1 + 1].sum()
    assert inside > 20, f"the {prop} is drawn in its box"
    strong = np.abs(with_prop.astype(np.int16) - without.astype(np.int16)).max(axis=2) > 90
    core = strong[max(0, y0) : y1 + 1, max(0, x0) : x1 + 1].sum()
    assert core > 0.6 * strong.sum(), f"the {prop} itself (not its glow) lies in its box"
