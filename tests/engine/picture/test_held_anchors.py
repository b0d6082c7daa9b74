"""Where a prop would be in each character's hand, for inserts on props that change hands."""

from __future__ import annotations

from filmstudio.engine.animate.camera import actor_box
from filmstudio.engine.picture.layers import SceneSet, paint_set
from filmstudio.engine.plan import Action, Character, FilmPlan, Line, Prop, Scene, Setting


def _plan(props: list[Prop], actions: list[Action]) -> FilmPlan:
    scene = Scene(
        scene_number=1,
        description="Tomas lifts the lantern.",
        setting=Setting(place="harbour", time_of_day="night"),
        characters=["Maya", "Tomas"],
        dialogue=[
            Line(speaker="Maya", text="Wait!"),
            Line(speaker="Tomas", text="Nobody crosses."),
        ],
        props=props,
        actions=actions,
    )
    cast = [Character(name="Maya", gender="female"), Character(name="Tomas", gender="male")]
    return FilmPlan(characters=cast, scenes=[scene])


def test_a_taken_prop_has_a_place_in_the_takers_hand_not_only_on_the_floor() -> None:
    plan = _plan(
        [Prop(name="lantern")], [Action(who="Tomas", action="take", prop="lantern", line=1)]
    )
    scene_set = paint_set(plan.scenes[0], plan, 640, 360)
    tomas = next(a for a in scene_set.actors if a.name == "Tomas")
    x0, y0, x1, y1 = actor_box(tomas, scene_set.k)
    standing = scene_set.anchors.props["lantern"]
    in_hand = scene_set.anchors.held["lantern"]["Tomas"]
    assert standing[3] > y1 - (y1 - y0) * 0.1  # on the ground, by the feet
    cx, cy = (in_hand[0] + in_hand[2]) / 2, (in_hand[1] + in_hand[3]) / 2
    assert x0 - (x1 - x0) * 0.5 < cx < x1 + (x1 - x0) * 0.5
    assert y0 + (y1 - y0) * 0.25 < cy < y0 + (y1 - y0) * 0.7  # at the hand: waist height


def test_the_starting_holders_hand_box_is_the_insert_box_and_survives_the_cache() -> None:
    plan = _plan([Prop(name="lantern", holder="Maya")], [])
    scene = plan.scenes[0]
    scene_set = paint_set(scene, plan, 640, 360)
    assert scene_set.anchors.held["lantern"]["Maya"] == scene_set.anchors.props["lantern"]
    assert set(scene_set.anchors.held["lantern"]) == {"Maya", "Tomas"}
    arrays, meta = scene_set.to_arrays()
    assert SceneSet.from_arrays(arrays, meta, scene, plan).anchors == scene_set.anchors
