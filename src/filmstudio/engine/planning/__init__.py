"""The plan stage: a parsed script and the user's settings become a FilmPlan (the storyboard).

Planners are listed in PLANNERS (name -> class) and, for third-party packages, under the
``filmstudio.planner`` entry-point group; `get_planner` finds either by name.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import EntryPoint, entry_points
from typing import Any

from filmstudio.engine.errors import ChoiceError
from filmstudio.engine.plan import FilmPlan
from filmstudio.engine.planning.base import Planner
from filmstudio.engine.planning.coverage import cover
from filmstudio.engine.planning.llm import OpenAIPlanner
from filmstudio.engine.planning.rules import RuleBasedPlanner
from filmstudio.engine.request import FilmRequest
from filmstudio.engine.script import parse_script

ENTRY_POINT_GROUP = "filmstudio.planner"
DEFAULT_PLANNER = "rules"

#: Our own planners; entry points may add more (ours win on a name clash).
PLANNERS: dict[str, Callable[..., Planner]] = {
    "rules": RuleBasedPlanner,
    "openai": OpenAIPlanner,
}


def _entry_points() -> dict[str, EntryPoint]:
    """Planners other packages register, by name (loaded only when asked for)."""
    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}


def planner_names() -> tuple[str, ...]:
    """Every planner name `get_planner` accepts, sorted."""
    return tuple(sorted(set(PLANNERS) | set(_entry_points())))


def get_planner(name: str, **options: Any) -> Planner:
    """The planner called `name`, made with `options`; ChoiceError when there is none."""
    factory = PLANNERS.get(name)
    if factory is None:
        point = _entry_points().get(name)
        if point is None:
            raise ChoiceError(
                f"Unknown planner '{name}'. Choose one of: {', '.join(planner_names())}."
            )
        try:
            factory = point.load()
        except Exception as error:  # a broken plug-in is the user's to fix, not a crash
            raise ChoiceError(
                f"The planner '{name}' is installed but cannot be loaded: {error}."
            ) from error
    try:
        return factory(**options)
    except TypeError as error:
        raise ChoiceError(
            f"The planner '{name}' does not accept the options {', '.join(sorted(options))}."
        ) from error


def make_plan(text: str, request: FilmRequest, planner: Planner | None = None) -> FilmPlan:
    """Parse `text` and plan it: the one call from a script to a storyboard."""
    return (planner or RuleBasedPlanner()).plan(parse_script(text), request)


__all__ = [
    "DEFAULT_PLANNER",
    "ENTRY_POINT_GROUP",
    "PLANNERS",
    "OpenAIPlanner",
    "Planner",
    "RuleBasedPlanner",
    "cover",
    "get_planner",
    "make_plan",
    "planner_names",
]
