"""A prop given on screen: the stage asks the plan who holds it while a line is heard, and an
insert on it frames the hand it is in during the shot."""

from __future__ import annotations

import pytest

from filmstudio.engine.animate.camera import frame_shot
from filmstudio.engine.animate.stage import StageShot
from filmstudio.engine.picture.layers import SceneSet, paint_set
from filmstudio.engine.plan import (
    Action,
    Character,
    FilmPlan,
    Line,
    Prop,
    Scene,
    Setting,
    Shot,
)

SIZE = (320, 180)
#: when each line is heard, in scene seconds
SPANS = [(0.5, 2.0), (2.5, 4.0), (4.5, 6.0)]


def _plan() -> FilmPlan:
    scene = Scene(
        scene_number=1,
        description="Maya gives Arun the bread.",
        setting=Setting(place="fields", time_of_day="day", weather="clear"),
        characters=["Maya", "Arun"],
        dialogue=[
            Line(speaker="Maya", text="Here."),
            Line(speaker="Maya", text="Take it, it is still warm."),
            Line(speaker="Arun", text="Thank you."),
        ],
        props=[Prop(name="bread", holder="Maya")],
        actions=[Action(who="Maya", action="give", target="Arun", line=1, prop="bread")],
    )
    cast = [Character(name="Maya", gender="female"), Character(name="Arun", gender="male")]
    return FilmPlan(characters=cast, scenes=[scene])


@pytest.fixture(scope="module")
def painted() -> tuple[FilmPlan, SceneSet]:
    plan = _plan()
    return plan, paint_set(plan.scenes[0], plan, *SIZE)


def test_the_prop_is_in_the_givers_hand_before_its_line_and_the_takers_after(
    painted: tuple[FilmPlan, SceneSet],
) -> None:
    plan, scene_set = painted
    shot = StageShot(
        scene_set, plan, 0, Shot(kind="two-shot"), SIZE, 24, 0.0, 6.0, line_spans=SPANS
    )
    cast = shot.cast
    holding = {
        seconds: {a.name: cast.acting(i, a, seconds).held for i, a in enumerate(cast.actors)}
        for seconds in (1.0, 5.0)
    }
    assert holding[1.0] == {"Maya": "bread", "Arun": None}
    assert holding[5.0] == {"Maya": None, "Arun": "bread"}
    blind = StageShot(scene_set, plan, 0, Shot(kind="two-shot"), SIZE, 24, 0.0, 6.0)
    assert blind.cast.line_spans == [], "without the lines' times nothing changes hands"


def test_an_insert_on_the_prop_frames_the_hand_it_is_in(
    painted: tuple[FilmPlan, SceneSet],
) -> None:
    plan, scene_set = painted
    hands = scene_set.anchors.held["bread"]
    scene = plan.scenes[0]
    before = frame_shot(scene_set, scene, Shot(kind="insert", subject="bread", lines=[0]), SIZE)
    after = frame_shot(scene_set, scene, Shot(kind="insert", subject="bread", lines=[2]), SIZE)
    for view, holder in ((before, "Maya"), (after, "Arun")):
        x0, y0, x1, y1 = hands[holder]
        assert abs(view.cx - (x0 + x1) / 2) < view.height, holder
        assert view.cy - view.height / 2 <= y1 and y0 <= view.cy + view.height / 2, holder
    assert abs(before.cx - after.cx) > 1.0
