"""Portraits and speech shared by the talking-character tests (painted once per session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from filmstudio.engine.animate.portrait import PortraitImage, paint_portrait
from filmstudio.engine.film import EngineOptions, plan_film
from filmstudio.engine.plan import FilmPlan
from filmstudio.engine.request import FilmRequest
from filmstudio.engine.voice import get_provider, get_voice
from filmstudio.engine.voice.base import Speech

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"
SIZE = (640, 360)
LINE = "Ten years. Not one letter. I wrote a hundred, and I never sent them. Still too much pepper."


@pytest.fixture(scope="session")
def beach_plan() -> FilmPlan:
    script = (EXAMPLES / "beach-reunion.fountain").read_text(encoding="utf-8")
    request = FilmRequest(script=script, duration=45, quality="360p")
    return plan_film(request, EngineOptions(voice="fake", music_provider="fake"))


@pytest.fixture(scope="session")
def maria(beach_plan: FilmPlan) -> PortraitImage:
    return paint_portrait(beach_plan, beach_plan.scenes[0], "Maria", SIZE, facing_right=True)


@pytest.fixture(scope="session")
def daniel_indoors(beach_plan: FilmPlan) -> PortraitImage:
    kitchen = next(s for s in beach_plan.scenes if s.setting.interior)
    return paint_portrait(beach_plan, kitchen, "Daniel", SIZE, facing_right=False)


@pytest.fixture(scope="session")
def spoken() -> Speech:
    """A real voice (espeak-ng: instant) with its phoneme timings."""
    return get_provider("espeak").speak(LINE, get_voice("male-1"), "en", "neutral")
