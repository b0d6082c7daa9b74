"""Does the script fit the film's length? Answered before any credit is spent.

Why here and not only in the engine: the engine finds out after the voices are made (a
render that fails after it started). The same rule runs first on stand-in speech as long as
words suggest (the planner's own estimate, `planning.coverage.speech_seconds`), laid out with
the timing stage's tightest pauses, so the form can show the shortest length that works and
the API can refuse a film that cannot fit with one stable code: ``duration_too_short``.
"""

from __future__ import annotations

import math
from typing import Any

from filmstudio.studio.errors import ServiceUnavailable, Unprocessable
from filmstudio.studio.projects import catalog
from filmstudio.studio.projects.schemas import LengthPublic

CODE = "duration_too_short"
LONGEST = 300


def plan_minimum(plan: dict[str, Any]) -> int:
    """The shortest film (whole seconds) that a FilmPlan's lines fit in."""
    import numpy as np

    from filmstudio.engine.plan import FilmPlan
    from filmstudio.engine.planning.coverage import speech_seconds
    from filmstudio.engine.timing import shortest_duration
    from filmstudio.engine.voice.base import Speech

    rate = 1000  # samples a second of silent stand-in speech: only its length counts
    film = FilmPlan.model_validate(plan)
    speeches = [
        [Speech(np.zeros(round(speech_seconds(line) * rate), np.float32), rate) for line in s]
        for s in (scene.dialogue for scene in film.scenes)
    ]
    return math.ceil(shortest_duration(film, speeches) - 1e-6)


def script_minimum(fields: dict[str, Any], planner: str | None = None) -> int:
    """The shortest film for a script as the planner would cut it (`fields`: the engine's
    FilmRequest fields, as `service.engine_fields` gives them)."""
    try:
        from filmstudio.engine.errors import FilmError
        from filmstudio.engine.film import EngineOptions, plan_film
        from filmstudio.engine.request import FilmRequest
    except Exception as exc:  # an engine module mid-change must not crash the API
        raise ServiceUnavailable("The planner cannot run right now; try again shortly.") from exc
    options = EngineOptions() if planner is None else EngineOptions(planner=planner)
    request = {**fields, "duration": LONGEST}  # the plan's cut does not depend on the length
    try:
        plan = plan_film(FilmRequest(**request), options)
    except FilmError as error:
        raise Unprocessable(error.message) from error
    return plan_minimum(plan.model_dump(mode="json"))


def too_short(minimum: int, duration: float) -> Unprocessable:
    """The 422 problem for a film set shorter than its speech needs."""
    hint = f"choose at least {minimum} s"
    if minimum > LONGEST:
        hint = f"shorten the script ({LONGEST} s at most)"
    return Unprocessable(
        f"The script needs at least {minimum} s but the film is set to {duration:g} s: {hint}.",
        code=CODE,
    )


def check(minimum: int, duration: float) -> None:
    """Refuse (422 ``duration_too_short``) a length the speech does not fit in."""
    if duration + 1e-6 < minimum:
        raise too_short(minimum, duration)


def estimate(
    script: str, language: str | None, duration: float | None, planner: str | None = None
) -> LengthPublic:
    """Words and the shortest length for a script; `fits` says whether `duration` works."""
    catalog.check_script(script)
    if language is not None:
        catalog.check_choice("language", language)
    minimum = script_minimum({"script": script, "language": language}, planner)
    return LengthPublic(
        words=catalog.count_words(script),
        minimum_duration=minimum,
        duration=duration,
        fits=duration is None or duration + 1e-6 >= minimum,
    )
