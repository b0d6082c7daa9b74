"""Finding planners by name: our registry, entry points, and the make_plan shortcut."""

from __future__ import annotations

from importlib.metadata import EntryPoint

import pytest

from filmstudio.engine.errors import ChoiceError, ScriptError
from filmstudio.engine.plan import FilmPlan
from filmstudio.engine.planning import (
    PLANNERS,
    OpenAIPlanner,
    RuleBasedPlanner,
    get_planner,
    make_plan,
    planner_names,
)
from filmstudio.engine.planning import base as planning_base
from filmstudio.engine.request import FilmRequest
from filmstudio.engine.script import ScriptDocument


class EchoPlanner:
    """A third-party planner, found only through its entry point."""

    name = "echo"

    def __init__(self, title: str = "echo") -> None:
        self.title = title

    def plan(self, doc: ScriptDocument, request: FilmRequest) -> FilmPlan:
        return FilmPlan.model_validate({"title": self.title, "scenes": [{"scene_number": 1}]})


def test_our_planners_are_registered() -> None:
    assert {"rules": RuleBasedPlanner, "openai": OpenAIPlanner} == PLANNERS
    assert {"openai", "rules"} <= set(planner_names())
    assert isinstance(get_planner("rules"), RuleBasedPlanner)


def test_openai_planner_takes_options_and_defaults() -> None:
    planner = get_planner("openai", base_url="http://x/v1", api_key="k", model="m", fallback=None)
    assert isinstance(planner, OpenAIPlanner)
    assert (planner.base_url, planner.model, planner.fallback) == ("http://x/v1", "m", None)
    assert isinstance(get_planner("openai"), OpenAIPlanner)


def test_unknown_planner_is_a_choice_error_listing_the_names() -> None:
    with pytest.raises(ChoiceError) as caught:
        get_planner("oracle")
    assert caught.value.message.startswith("Unknown planner 'oracle'. Choose one of: ")
    assert "openai" in caught.value.message and "rules" in caught.value.message


def test_bad_options_are_a_choice_error() -> None:
    with pytest.raises(ChoiceError, match="does not accept the options colour"):
        get_planner("rules", colour="blue")


def test_entry_point_planners_are_discovered(monkeypatch: pytest.MonkeyPatch) -> None:
    point = EntryPoint("echo", f"{__name__}:EchoPlanner", "filmstudio.planner")
    monkeypatch.setattr("filmstudio.engine.planning._entry_points", lambda: {"echo": point})
    assert "echo" in planner_names()
    planner = get_planner("echo", title="from a plug-in")
    assert planner.plan(
        ScriptDocument("prose", "en", None, 1, ()), FilmRequest(script="x")
    ).title == ("from a plug-in")


def test_a_broken_entry_point_is_a_choice_error(monkeypatch: pytest.MonkeyPatch) -> None:
    point = EntryPoint("broken", "no_such_module_here:Planner", "filmstudio.planner")
    monkeypatch.setattr("filmstudio.engine.planning._entry_points", lambda: {"broken": point})
    with pytest.raises(ChoiceError, match="installed but cannot be loaded"):
        get_planner("broken")


def test_installed_entry_points_name_our_planners() -> None:
    from importlib.metadata import entry_points

    points = {ep.name: ep.value for ep in entry_points(group="filmstudio.planner")}
    assert points.get("rules") == "filmstudio.engine.planning.rules:RuleBasedPlanner"
    assert points.get("openai") == "filmstudio.engine.planning.llm:OpenAIPlanner"


def test_make_plan_parses_and_plans_with_rules_by_default() -> None:
    text = "The kettle sang in the kitchen at dawn."
    plan = make_plan(text, FilmRequest(script=text))
    assert plan.scenes[0].setting.place == "kitchen"
    assert make_plan(text, FilmRequest(script=text), EchoPlanner()).title == "echo"
    with pytest.raises(ScriptError):
        make_plan("  ", FilmRequest(script="  "))


def test_planners_satisfy_the_protocol() -> None:
    planners: list[planning_base.Planner] = [RuleBasedPlanner(), OpenAIPlanner(), EchoPlanner()]
    assert [p.name for p in planners] == ["rules", "openai", "echo"]
