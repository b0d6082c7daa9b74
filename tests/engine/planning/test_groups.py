"""Plural person nouns name a crowd, not a character: "the farmers", "los niños", "बच्चे"."""

from __future__ import annotations

from pathlib import Path

import pytest

from filmstudio.engine.plan import FilmPlan
from filmstudio.engine.planning import make_plan
from filmstudio.engine.request import FilmRequest

ROOT = Path(__file__).resolve().parents[3]


def _plan(text: str) -> FilmPlan:
    return make_plan(text, FilmRequest(script=text, duration=30))


def _cast(plan: FilmPlan) -> list[str]:
    return [c.name for c in plan.characters]


def _actions(plan: FilmPlan) -> set[tuple[str, str]]:
    return {(a.who, a.action) for s in plan.scenes for a in s.actions}


@pytest.mark.parametrize(
    ("path", "crowd"),
    [
        ("bench/scripts/salt-road.txt", {"Men", "Grandfathers"}),
        ("bench/scripts/nadi.txt", {"बच्चे"}),
        ("examples/monsoon.txt", {"Farmers", "Grandmothers"}),
        ("examples/mercado.txt", {"Niños"}),
    ],
)
def test_the_crowds_of_the_scripts_are_not_cast(path: str, crowd: set[str]) -> None:
    plan = _plan((ROOT / path).read_text(encoding="utf-8"))
    assert not crowd & set(_cast(plan))
    assert not {who for who, _ in _actions(plan)} & crowd


def test_mercado_keeps_its_two_named_sellers() -> None:
    plan = _plan((ROOT / "examples/mercado.txt").read_text(encoding="utf-8"))
    assert _cast(plan) == ["Doña Carmen", "Don Julián"]


@pytest.mark.parametrize(
    ("text", "cast", "actions"),
    [
        (
            "The farmers run to the fields and laugh. A grandmother sits by the door.",
            ["Grandmother"],
            {("Grandmother", "sit")},
        ),
        ("Maria and the children dance.", ["Maria"], {("Maria", "dance")}),
        (
            "Los niños corren. Un anciano cruza la plaza.",
            ["Anciano"],
            {("Anciano", "walk")},
        ),
        (
            "Les pêcheurs rient. Le vieux pêcheur marche jusqu'au port.",
            ["Vieux pêcheur"],
            {("Vieux pêcheur", "walk")},
        ),
        (
            "A soldier walks to the sea. The princess walks to the sea.",
            ["Soldier", "Princess"],  # "princess" is no plural of "prince"
            {("Soldier", "walk"), ("Princess", "walk")},
        ),
    ],
)
def test_one_person_stays_and_the_group_goes(
    text: str, cast: list[str], actions: set[tuple[str, str]]
) -> None:
    plan = _plan(text)
    assert _cast(plan) == cast
    assert _actions(plan) == actions


def test_a_crowds_verbs_go_to_nobody_not_to_the_person_before() -> None:
    plan = _plan("Ravi sits on the hill. The villagers run past him and laugh.")
    assert _actions(plan) == {("Ravi", "sit")}


def test_a_hindi_noun_in_e_before_a_case_marker_is_one_child() -> None:
    plan = _plan("सुबह एक सैनिक मंदिर में आता है। वह बच्चे को फूल देता है।")
    assert _cast(plan) == ["सैनिक", "बच्चे"]
