"""Who holds what when: a given prop passes from the giver's hand to the taker's, and the
taker keeps it in their later scenes; the plan says so, in every language."""

from __future__ import annotations

import json

import pytest

from filmstudio.engine.plan import Action, FilmPlan, Prop, Scene
from filmstudio.engine.planning import make_plan
from filmstudio.engine.request import FilmRequest


def _plan(text: str) -> FilmPlan:
    return make_plan(text, FilmRequest(script=text, duration=30))


def _handoff(plan: FilmPlan) -> tuple[int, Scene, Action]:
    for number, scene in enumerate(plan.scenes):
        for action in scene.actions:
            if action.action in ("give", "take") and action.prop is not None:
                return number, scene, action
    raise AssertionError("no prop changes hands")


@pytest.mark.parametrize(
    ("text", "prop", "giver", "taker"),
    [
        (
            "Luis walks into the square with a loaf of bread. Luis gives the bread to Ana. "
            "Ana smiles and sits down. Later Ana walks home.",
            "bread",
            "Luis",
            "Ana",
        ),
        (
            "Ana and Luis meet at the market. The bread was given to Ana by Luis.",
            "bread",
            "Luis",
            "Ana",
        ),
        (
            "Luis entra en la plaza con un pan. Luis le da el pan a Ana. Ana sonríe.",
            "bread",
            "Luis",
            "Ana",
        ),
        (
            "Luc arrive avec une lanterne. Luc donne la lanterne à Anne. Anne sourit.",
            "lantern",
            "Luc",
            "Anne",
        ),
        ("पुजारी द्वारा लड़की को फूल दिया गया। लड़की मुस्कुराती है।", "flower", "पुजारी", "लड़की"),
    ],
)
def test_the_plan_says_who_holds_the_prop_before_and_after_it_is_given(
    text: str, prop: str, giver: str, taker: str
) -> None:
    plan = _plan(text)
    number, scene, action = _handoff(plan)
    assert (action.who, action.action, action.target, action.prop) == (giver, "give", taker, prop)
    line = action.line or 0
    assert scene.holders()[prop] == giver, "in the giver's hand as the scene starts"
    assert scene.holders(line, passed=False)[prop] == giver, "still theirs during the reach"
    assert scene.holders(line)[prop] == taker, "the taker's once it is handed over"
    assert scene.held_by(taker, line) == prop and scene.held_by(giver, line) is None
    for later in plan.scenes[number + 1 :]:
        if taker in later.characters:
            assert later.holders().get(prop) == taker, "the taker keeps it"


@pytest.mark.parametrize(
    "text",
    [
        "Luis walks in with a lantern. Ana takes the lantern from Luis and smiles. Luis laughs.",
        "Luis entra con un farol. Ana toma el farol y sonríe. Luis ríe.",
    ],
)
def test_a_prop_taken_from_someone_leaves_their_hand(text: str) -> None:
    plan = _plan(text)
    _, scene, action = _handoff(plan)
    assert (action.who, action.action, action.prop) == ("Ana", "take", "lantern")
    assert scene.holders(action.line, passed=False)["lantern"] == "Luis"
    assert scene.holders(action.line)["lantern"] == "Ana"


def test_a_take_passes_the_prop_from_its_holder() -> None:
    scene = Scene(
        scene_number=1,
        characters=["Luis", "Ana"],
        actions=[Action(who="Ana", action="take", target="Luis", line=1, prop="lantern")],
        props=[Prop(name="lantern", holder="Luis")],
    )
    assert [scene.holders(line).get("lantern") for line in (None, 0, 1)] == ["Luis", "Luis", "Ana"]
    assert scene.holders(1, passed=False)["lantern"] == "Luis"


def test_editing_the_receiver_in_the_plan_changes_who_holds_it() -> None:
    plan = _plan("Luis walks in with a loaf of bread. Luis gives the bread to Ana. Ana smiles.")
    _, scene, action = _handoff(plan)
    edited = scene.model_copy(
        update={
            "characters": [*scene.characters, "Marta"],
            "actions": [
                a.model_copy(update={"target": "Marta"}) if a == action else a
                for a in scene.actions
            ],
        }
    )
    assert edited.holders(action.line)["bread"] == "Marta"


def test_plans_written_before_props_changed_hands_still_load() -> None:
    old = {
        "version": 2,
        "scenes": [
            {
                "scene_number": 1,
                "actions": [{"who": "Ana", "action": "give", "target": "Luis", "line": 0}],
                "props": [{"name": "bread", "holder": "Ana"}],
            }
        ],
    }
    plan = FilmPlan.model_validate_json(json.dumps(old))
    scene = plan.scenes[0]
    assert scene.actions[0].prop is None
    assert scene.holders(0) == {"bread": "Ana"}, "without a prop nothing changes hands"
    assert scene.attire == "everyday", "a plan from before attire dresses people as before"
    v1 = {"version": 1, "scenes": [{"scene_number": 1, "dialogue": [{"text": "Hi."}]}]}
    assert FilmPlan.model_validate(v1).scenes[0].holders() == {}
