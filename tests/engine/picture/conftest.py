"""Helpers to build small plans for picture tests (pictures are painted small to stay fast)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

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
    actions: tuple[tuple[str, str] | Action, ...] = (),
    props: tuple[str | tuple[str, str] | Prop, ...] = (),
    expressions: tuple[tuple[str, str], ...] = (),
    speakers: tuple[str, ...] = (),
) -> FilmPlan:
    """A one-scene plan; `actions` as (who, verb), `props` as name or (name, holder),
    `expressions` as (who, expression), `speakers` one line each."""
    scene = Scene(
        actions=[a if isinstance(a, Action) else Action(who=a[0], action=a[1]) for a in actions],  # type: ignore[arg-type]
        props=[
            p
            if isinstance(p, Prop)
            else Prop(name=p)
            if isinstance(p, str)
            else Prop(name=p[0], holder=p[1])
            for p in props
        ],
        expressions=[ExpressionChange(who=w, expression=e) for w, e in expressions],  # type: ignore[arg-type]
        dialogue=[Line(speaker=name, text="Hello there.") for name in speakers],
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
