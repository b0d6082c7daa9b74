"""The Planner capability: a parsed script and the user's settings in, a FilmPlan out.

Our offline default is the rule-based planner; an LLM planner returns the same schema.
Third-party planners register under the ``filmstudio.planner`` entry-point group.
"""

from __future__ import annotations

from typing import Protocol

from filmstudio.engine.plan import FilmPlan
from filmstudio.engine.request import FilmRequest
from filmstudio.engine.script import ScriptDocument


class Planner(Protocol):
    """Anything that can turn a parsed script into a storyboard."""

    name: str

    def plan(self, doc: ScriptDocument, request: FilmRequest) -> FilmPlan:
        """The FilmPlan for `doc`, honouring the request's title, language, style and length."""
        ...
