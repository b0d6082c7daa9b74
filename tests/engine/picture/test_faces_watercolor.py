"""Watercolour keeps faces readable (issue 13): its washes soften and lighten small shapes, so
it draws eyes, brows, nose and mouth bolder; at 720p in a close-up and in a medium shot each
feature stands well apart from the skin. Other styles draw faces as before."""

from __future__ import annotations

import math

import numpy as np
import pytest

from filmstudio.engine.animate.portrait import paint_portrait
from filmstudio.engine.picture.acting import Acting, draw_actor
from filmstudio.engine.picture.canvas import Ctx, new_surface
from filmstudio.engine.picture.grade import finish
from filmstudio.engine.picture.light import compute_light
from filmstudio.engine.picture.looks import scene_look
from filmstudio.engine.picture.staging import Actor
from filmstudio.engine.picture.styles import STYLES, style_params

from .conftest import MakePlan, luma

FRAME = (1280, 720)
GREY = 180


def _contrasts(img: np.ndarray, cx: float, cy: float, r: float, yaw: float) -> dict[str, float]:
    """How many luma levels each feature's darkest pixels lie below the cheek's skin."""
    levels = luma(img[..., :3].astype(float))
    s, c = math.sin(yaw), math.cos(yaw)
    ry = r * 1.1

    def darkest(x: float, y: float, half_w: float, half_h: float) -> float:
        window = levels[
            round(y - half_h) : round(y + half_h), round(x - half_w) : round(x + half_w)
        ]
        return float(np.percentile(window, 10))

    skin = float(
        np.median(
            levels[
                round(cy + 0.25 * r) : round(cy + 0.45 * r),
                round(cx - 0.15 * r) : round(cx + 0.15 * r),
            ]
        )
    )
    eye_y = cy + ry * 0.08
    eyes = [cx + r * (lat * 0.36 * c + 0.93 * s * 0.75) for lat in (-1.0, 1.0)]
    return {
        "eyes": skin - max(darkest(ex, eye_y, 0.12 * r, 0.12 * r) for ex in eyes),
        "brow": skin - darkest(eyes[1], eye_y - 0.27 * r, 0.15 * r, 0.1 * r),
        "mouth": skin - darkest(cx + r * 0.62 * s, cy + ry * 0.52, 0.2 * r, 0.12 * r),
    }


def _close_up(plan_for: MakePlan, style: str) -> dict[str, float]:
    plan = plan_for(place="village", style=style, shot="close-up")
    backdrop = np.full((FRAME[1], FRAME[0], 3), GREY, np.uint8)
    portrait = paint_portrait(plan, plan.scenes[0], "Maya", FRAME, backdrop=backdrop)
    rig = portrait.rig
    assert rig is not None
    return _contrasts(np.asarray(portrait), *rig.head, rig.head_r, math.radians(rig.yaw))


def _medium(plan_for: MakePlan, style: str) -> dict[str, float]:
    plan = plan_for(place="village", style=style, shot="medium")
    surface, pixels = new_surface(*FRAME)
    pixels[..., :3] = GREY
    ctx = Ctx(surface, pixels, compute_light("day", "clear", "calm"), style_params(style), 7)
    look = scene_look(plan, plan.scenes[0], "Maya")
    placed = draw_actor(ctx, Actor("Maya", look, "stand", 760.0, 1480.0, 1350.0, 38.0), Acting())
    surface.flushAndSubmit()
    frame = finish(pixels, style_params(style), "calm", 7)
    k = ctx.k
    return _contrasts(
        frame, placed.head[0] * k, placed.head[1] * k, placed.head_r * k, placed.head_yaw
    )


@pytest.mark.parametrize(("shot", "brow"), [("close-up", 60.0), ("medium", 70.0)])
def test_watercolour_features_stand_apart_from_the_skin(
    plan_for: MakePlan, shot: str, brow: float
) -> None:
    seen = (_close_up if shot == "close-up" else _medium)(plan_for, "watercolor")
    assert seen["eyes"] >= 70.0, seen
    assert seen["brow"] >= brow, seen
    assert seen["mouth"] >= 27.0, seen


def test_only_watercolour_draws_features_bolder() -> None:
    bolder = [name for name in STYLES if style_params(name).feature_weight != 1.0]
    assert bolder == ["watercolor"]
