"""Helpers to build small plans for picture tests (pictures are painted small to stay fast)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from filmstudio.engine.plan import Character, FilmPlan, Scene, Setting

CAST = [
    Character(name="Maya", gender="female", age="adult"),
    Character(name="Arun", gender="male", age="adult"),
    Character(name="Tara", gender="female", age="child"),
]

MakePlan = Callable[..., FilmPlan]


def make_plan(
    place: str = "beach",
    time: str = "day",
    weather: str = "clear",
    style: str = "cinematic",
    shot: str = "wide",
    mood: str = "calm",
    characters: tuple[str, ...] = ("Maya", "Arun"),
    description: str = "Maya and Arun look at the view.",
    seed: int = 0,
    number: int = 1,
) -> FilmPlan:
    scene = Scene(
        scene_number=number,
        description=description,
        setting=Setting(place=place, time_of_day=time, weather=weather),  # type: ignore[arg-type]
        characters=list(characters),
        shot_type=shot,  # type: ignore[arg-type]
        mood=mood,  # type: ignore[arg-type]
    )
    return FilmPlan(scenes=[scene], characters=CAST, style=style, seed=seed)


@pytest.fixture
def plan_for() -> MakePlan:
    return make_plan


def luma(img: np.ndarray) -> np.ndarray:
    return img[..., 0] * 0.299 + img[..., 1] * 0.587 + img[..., 2] * 0.114
