"""A raincoat's hood in a talking close-up reads as a hood (issue 12): rounded, following the
head, shaded, and closed round the face (nothing behind the head shows between jaw and hood)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import skia

from filmstudio.engine.animate.portrait import YAW, FaceRig, paint_portrait
from filmstudio.engine.picture.canvas import Ctx
from filmstudio.engine.picture.colour import hex_rgb
from filmstudio.engine.picture.figures import draw_figure, look_for
from filmstudio.engine.picture.light import compute_light
from filmstudio.engine.picture.styles import style_params
from filmstudio.engine.plan import Character

from .conftest import MakePlan, luma

SIZE = (640, 360)
GREEN, RED = hex_rgb("#2f8f3f"), hex_rgb("#8f2f2f")


def _rain_close_up(plan_for: MakePlan, style: str = "cinematic") -> FaceRig:
    plan = plan_for(place="village", weather="rain", style=style, shot="close-up")
    scene = plan.scenes[0].model_copy(update={"attire": "rain"})
    plan = plan.model_copy(update={"scenes": [scene]})
    portrait = paint_portrait(plan, scene, "Maya", SIZE, backdrop=np.zeros((360, 640, 3), np.uint8))
    assert portrait.rig is not None and portrait.rig.look.headwear == "hood"
    return portrait.rig


def _painted(rig: FaceRig) -> tuple[np.ndarray, float, float, float]:
    """The ungraded bust (premultiplied RGBA) and the head's centre and radius in it."""
    lb = rig.layer_box
    return rig.painted, rig.head[0] - lb.x0, rig.head[1] - lb.y0, rig.head_r


def _outer_edge(
    alpha: np.ndarray, cx: float, cy: float, r: float, rows: tuple[float, float]
) -> np.ndarray:
    """Per row (head radii below the centre), how far left of the head's centre the bust's
    silhouette begins, in head radii: the hood's outer edge behind the face."""
    edges = []
    for y in range(round(cy + rows[0] * r), round(cy + rows[1] * r)):
        row = alpha[y, : round(cx)] > 128
        edges.append((cx - int(np.argmax(row))) / r if row.any() else 0.0)
    return np.array(edges)


@pytest.mark.parametrize("style", ["cinematic", "anime"])
def test_the_hoods_side_follows_the_head_not_a_straight_edge(
    plan_for: MakePlan, style: str
) -> None:
    painted, cx, cy, r = _painted(_rain_close_up(plan_for, style))
    edge = _outer_edge(painted[..., 3], cx, cy, r, (0.3, 1.5))
    ys = np.arange(len(edge), dtype=float)
    fit = np.polyval(np.polyfit(ys, edge, 1), ys)
    # a panel hanging straight from the hood is a line; a cowl drawn in at the neck is not
    assert float(np.abs(edge - fit).max()) > 0.06, edge.round(2)
    assert edge.min() < edge[0] - 0.05, "drawn in along the jaw and neck"


def test_the_hood_beside_the_face_is_shaded_not_flat() -> None:
    """Down the side of the face the hood's cloth turns from the light (a flat panel there
    was one colour from cheek to shoulder)."""
    pixels = np.zeros((720, 1280, 4), np.uint8)
    light = compute_light("day", "clear", "calm")
    ctx = Ctx(skia.Surface(pixels), pixels, light, style_params("cinematic"), 1)
    maya = look_for("Maya", Character(name="Maya", gender="female"))
    look = replace(maya, headwear="hood", headwear_colour=GREEN, top=RED, coat=True, scarf=None)
    placed = draw_figure(ctx, look, "stand", 500.0, 2400.0, 2100.0, YAW)
    cx, cy, r = placed.head[0] * ctx.k, placed.head[1] * ctx.k, placed.head_r * ctx.k
    rgb = pixels[..., :3].astype(float)
    hood = (
        (pixels[..., 3] > 250)
        & (rgb[..., 1] > rgb[..., 0] * 1.3)
        & (rgb[..., 1] > rgb[..., 2] * 1.3)
    )
    levels = luma(rgb)
    xs = slice(round(cx - 1.3 * r), round(cx - 0.7 * r))
    rows = [
        float(levels[y, xs][hood[y, xs]].mean())
        for y in range(round(cy + 0.2 * r), round(cy + 1.3 * r))
        if hood[y, xs].sum() > 3
    ]
    assert len(rows) > 0.8 * r
    assert max(rows) - min(rows) > 8.0, "one flat colour from the cheek to the shoulder"


def test_nothing_behind_the_head_shows_between_jaw_and_hood(plan_for: MakePlan) -> None:
    painted, cx, cy, r = _painted(_rain_close_up(plan_for))
    alpha = painted[..., 3]
    under = alpha[
        round(cy + 0.3 * r) : round(cy + 1.4 * r), round(cx - 0.9 * r) : round(cx + 0.9 * r)
    ]
    assert int((under < 128).sum()) == 0, "a gap beside the chin shows the place behind"
