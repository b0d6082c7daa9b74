"""Medium-shot faces: bolder features, and a body drawn once while the face talks and blinks."""

from __future__ import annotations

import numpy as np
import skia

from filmstudio.engine.picture.acting import Acting, actor_pose, draw_actor
from filmstudio.engine.picture.canvas import Ctx
from filmstudio.engine.picture.faces import Feel, figure_features
from filmstudio.engine.picture.figures import Placed, draw_figure
from filmstudio.engine.picture.light import compute_light
from filmstudio.engine.picture.looks import look_for
from filmstudio.engine.picture.staging import Actor
from filmstudio.engine.picture.styles import style_params
from filmstudio.engine.plan import EXPRESSIONS, Character

W, H = 1280, 720
LOOK = look_for("Arun", Character(name="Arun", gender="male", age="adult"))
#: a medium shot's figure at 720p (staging frames them H * 1.25 tall, feet below the frame)
MEDIUM = Actor("Arun", LOOK, "talk", 880.0, 130.0 + 1250.0, 1250.0, 30.0)
K = H / 1000  # pixels per virtual unit (the virtual picture is 1000 high)


def _ctx() -> Ctx:
    pixels = np.zeros((H, W, 4), np.uint8)
    light = compute_light("day", "clear", "calm")
    return Ctx(skia.Surface(pixels), pixels, light, style_params("cinematic"), 3)


def _draw(acting: Acting) -> tuple[np.ndarray, Placed]:
    ctx = _ctx()
    placed = draw_actor(ctx, MEDIUM, acting)
    return ctx.pixels.astype(np.int16), placed


def test_a_medium_face_is_drawn_like_the_whole_figure_at_once() -> None:
    feel_acting = Acting("talk", 0.25, "angry", 0.5, 0.0)
    layered, _ = _draw(feel_acting)
    ctx = _ctx()
    pose = actor_pose(ctx, MEDIUM, feel_acting)  # the pose draw_actor draws
    draw_figure(
        ctx, LOOK, pose, MEDIUM.x, MEDIUM.base, MEDIUM.height, MEDIUM.yaw, feel=Feel("angry", 0.5)
    )
    direct = ctx.pixels.astype(np.int16)
    differ = np.abs(layered - direct).max(axis=2) > 48
    figure = direct[..., 3] > 0
    assert figure.sum() > 10_000
    assert differ.sum() < 0.01 * figure.sum(), "the cached body looks like the figure drawn whole"


def test_talking_and_blinking_change_only_the_face() -> None:
    shut, placed = _draw(Acting("talk", 0.0, "happy", 0.0, 0.0))
    for acting in (Acting("talk", 0.0, "happy", 1.0, 0.0), Acting("talk", 0.0, "happy", 0.0, 1.0)):
        other, _ = _draw(acting)
        ys, xs = np.nonzero(np.abs(other - shut).max(axis=2) > 40)
        assert len(xs) > 20, "the mouth or the eyes move"
        far = np.hypot(xs - placed.head[0] * K, ys - placed.head[1] * K) > 1.3 * placed.head_r * K
        assert not far.any(), "nothing but the face changes"


def test_each_expression_reads_differently_in_a_medium_shot() -> None:
    drawn = {e: _draw(Acting("stand", 0.0, e))[0] for e in EXPRESSIONS}
    _, placed = _draw(Acting())
    x, y, r = (int(v * K) for v in (placed.head[0], placed.head[1], placed.head_r))
    faces = {e: img[y - r : y + r, x - r : x + r, :3] for e, img in drawn.items()}
    for a in EXPRESSIONS:
        for b in EXPRESSIONS:
            if a < b:
                moved = (np.abs(faces[a] - faces[b]).max(axis=2) > 40).sum()
                assert moved > 25, f"{a} and {b} look alike in a medium shot"


def test_medium_faces_get_bolder_features_than_close_ups() -> None:
    for expression in ("angry", "sad", "happy"):
        medium, close = figure_features(expression, 50.0), figure_features(expression, 140.0)
        assert abs(medium.brow_inner) > abs(close.brow_inner)
        assert abs(medium.smile) > abs(close.smile)
        assert medium.boost > close.boost
