"""A talking portrait's moving features are graded like the rest of the picture: in a black
and white style the lips and eyes are grey too, in a sepia one brown (a colour map fitted on
the frame alone left them purple and blue)."""

from __future__ import annotations

import numpy as np
import pytest

from filmstudio.engine.animate.portrait import paint_portrait, with_features
from filmstudio.engine.animate.visemes import Mouth
from filmstudio.engine.plan import Character, FilmPlan, Line, Scene, Setting


def _plan(style: str, name: str, character: Character, weather: str, attire: str) -> FilmPlan:
    scene = Scene(
        scene_number=1,
        characters=[name],
        setting=Setting(place="village", time_of_day="day", weather=weather),
        dialogue=[Line(speaker=name, text="Hello.")],
        attire=attire,
    )
    return FilmPlan(scenes=[scene], characters=[character], style=style)


def test_a_sepia_portrait_in_the_rain_keeps_brown_eyes() -> None:
    plan = _plan(
        "vintage", "Pip", Character(name="Pip", gender="male", age="child"), "rain", "rain"
    )
    grey = np.full((360, 640, 3), 170, np.uint8)
    portrait = paint_portrait(plan, plan.scenes[0], "Pip", (640, 360), backdrop=grey)
    rig = portrait.rig
    assert rig is not None
    eyes = rig.eye_patch(0.0).astype(int)
    drawn = np.abs(eyes - rig.layer_pixels(rig.eye_box)[..., :3]).max(axis=2) > 24
    assert drawn.sum() > 30
    red, blue = eyes[..., 0][drawn], eyes[..., 2][drawn]
    assert float((blue - red).mean()) <= 0.0, "sepia eyes and brows turned blue"


def test_noir_portraits_show_no_colour_even_in_the_mouth_and_eyes() -> None:
    priest = Character(name="Tomas", gender="male", age="elder", role="priest")
    plan = _plan("noir", "Tomas", priest, "clear", "everyday")
    grey = np.full((360, 640, 3), 128, np.uint8)
    portrait = paint_portrait(plan, plan.scenes[0], "Tomas", (640, 360), backdrop=grey)
    rig = portrait.rig
    assert rig is not None
    for mouth, closure in ((Mouth(), 0.0), (Mouth(open=0.8), 0.0), (Mouth(open=0.4), 1.0)):
        layer = with_features(rig, mouth, closure)[..., :3].astype(int)
        chroma = layer.max(axis=2) - layer.min(axis=2)
        assert int(chroma.max()) <= 3, (mouth, closure, int(chroma.max()))


@pytest.mark.parametrize("style", ["storybook", "anime"])
def test_rain_in_front_of_a_speaker_is_not_inked(style: str) -> None:
    """The inking styles trace contours after painting: rain laid over the figure before the
    grade came out as dark dashes all over the coat."""
    plan = _plan(style, "Arun", Character(name="Arun", gender="male"), "rain", "rain")
    grey = np.full((360, 640, 3), 170, np.uint8)
    rig = paint_portrait(plan, plan.scenes[0], "Arun", (640, 360), backdrop=grey).rig
    assert rig is not None
    cx, cy, r = rig.head[0] - rig.layer_box.x0, rig.head[1] - rig.layer_box.y0, rig.head_r
    chest = rig.layer[
        round(cy + 2.5 * r) : round(cy + 3.2 * r), round(cx - 0.4 * r) : round(cx + 0.4 * r)
    ]
    levels = chest[..., :3].astype(float) @ np.array([0.299, 0.587, 0.114])
    dark = float((levels < np.median(levels) - 25).mean())
    assert dark < 0.01, f"{dark:.0%} of the coat is dark dashes"
