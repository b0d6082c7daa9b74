"""Painting one scene: light, place, depth of field, characters, weather, grade.

This is the only module that knows the order of the passes; each pass lives in its own
module. The order matters: reflections copy what is already painted, depth of field softens
only the background, and weather falls in front of everyone.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import cv2
import numpy as np

from filmstudio.engine.errors import ChoiceError
from filmstudio.engine.picture import acting, furniture, props, sky, weather
from filmstudio.engine.picture.canvas import U8, Ctx, new_surface
from filmstudio.engine.picture.colour import hex_rgb
from filmstudio.engine.picture.figures import ground_shadow
from filmstudio.engine.picture.grade import blur_background, finish
from filmstudio.engine.picture.light import compute_light
from filmstudio.engine.picture.places import PlaceSpec, place_spec
from filmstudio.engine.picture.staging import Actor, Layout, plan_layout
from filmstudio.engine.picture.styles import style_params
from filmstudio.engine.plan import FilmPlan, Scene

MIN_SIZE = 16
MAX_SIZE = 8192


def scene_seed(plan: FilmPlan, scene: Scene) -> int:
    """Seed for a scene: stable for the same plan seed and scene number."""
    return (plan.seed * 1_000_003 + scene.scene_number * 7919) & 0xFFFFFFFF


def _words(scene: Scene) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z]+", f"{scene.heading} {scene.description}".lower()))


def _zoom(pixels: U8, zoom: float, cx: float, cy: float) -> None:
    """Magnify the painted background about (cx, cy) pixels: a longer lens, same place."""
    if zoom <= 1.001:
        return
    h, w = pixels.shape[:2]
    m = np.array([[zoom, 0.0, cx * (1 - zoom)], [0.0, zoom, cy * (1 - zoom)]], np.float32)
    pixels[..., :3] = cv2.warpAffine(
        np.ascontiguousarray(pixels[..., :3]),
        m,
        (w, h),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_REFLECT,
    )


def _adult_height(actor: Actor) -> float:
    """The seat scale for an actor: what an adult's height would be at the actor's depth."""
    return actor.height / {"child": 0.62, "elder": 0.96}.get(actor.look.age, 1.0)


def _seats(ctx: Ctx, layout: Layout) -> None:
    """Chairs, a bench, a sofa... under whoever sits (each seat at its sitter's scale)."""
    sitting = [a for a in layout.actors if a.pose == "sit" and a.seat not in ("ground", "none")]
    if not sitting:
        return
    kind = sitting[0].seat
    colour = hex_rgb("#6d7f96") if kind == "sofa" else hex_rgb("#5d6d9e")
    if kind == "chair" or len({round(_adult_height(a)) for a in sitting}) > 1:
        for a in sitting:
            u = _adult_height(a)
            facing = 1.0 if math.sin(math.radians(a.yaw)) >= 0 else -1.0
            if kind == "chair":
                furniture.chair(ctx, a.x + facing * u * 0.02, a.base, u, facing)
            else:
                furniture.seat_for(ctx, kind, a.x, a.x, a.base, u, facing, colour)
        return
    u = _adult_height(sitting[0])
    xs = [a.x for a in sitting]
    base = max(a.base for a in sitting)
    furniture.seat_for(ctx, kind, min(xs), max(xs), base, u, 1.0, colour)


def draw_actor(ctx: Ctx, layout: Layout, actor: Actor) -> None:
    """An actor at rest (a still picture), with a ground shadow in the wider shots."""
    if layout.shot in ("establishing", "wide") and actor.pose != "sit_ground":
        ground_shadow(ctx, actor.x, actor.base, actor.height * 0.24)
    acting.draw_actor(ctx, actor, acting.resting(actor))


@dataclass
class Painting:
    """What every pass of one scene's painting shares: canvas, light, place and blocking."""

    ctx: Ctx
    spec: PlaceSpec
    layout: Layout
    seed: int


def check_size(width: int, height: int) -> None:
    """A clear error for a picture size the painter cannot draw."""
    if not (MIN_SIZE <= width <= MAX_SIZE and MIN_SIZE <= height <= MAX_SIZE):
        raise ChoiceError(
            f"A picture must be between {MIN_SIZE} and {MAX_SIZE} pixels on each side "
            f"(asked for {width}x{height})."
        )


def begin(scene: Scene, plan: FilmPlan, width: int, height: int) -> Painting:
    """A blank canvas lit for the scene, with its place and its characters' blocking."""
    check_size(width, height)
    style = style_params(plan.style)
    setting = scene.setting
    spec = place_spec(setting.place)
    light = compute_light(
        setting.time_of_day, setting.weather, scene.mood, space=spec.name == "space"
    )
    surface, pixels = new_surface(width, height)
    seed = scene_seed(plan, scene)
    ctx = Ctx(
        surface, pixels, light, style, seed, scene.mood, spec.horizon, spec.name, _words(scene)
    )
    return Painting(ctx, spec, plan_layout(ctx, scene, plan, spec.stage), seed)


def paint_props(ctx: Ctx, layout: Layout, outdoors: bool) -> None:
    """What stands on the ground behind the characters: extras, objects, seats."""
    props.extras(ctx, layout, outdoors)
    props.objects(ctx, layout)
    _seats(ctx, layout)


def paint_near(ctx: Ctx, layout: Layout, outdoors: bool) -> None:
    """What stands in front of the characters: companions (dogs...), front extras."""
    props.companions(ctx, layout)
    props.front_extras(ctx, layout, outdoors)


def paint_scene(scene: Scene, plan: FilmPlan, width: int, height: int) -> U8:
    """Paint a scene as an RGB uint8 array of shape (height, width, 3).

    Deterministic: the same scene, plan and size give identical pixels.
    """
    painting = begin(scene, plan, width, height)
    ctx, spec, layout = painting.ctx, painting.spec, painting.layout
    light, pixels = ctx.light, ctx.pixels
    if spec.outdoors:
        sky.draw_sky(ctx)
        if light.storm:
            weather.draw_lightning(ctx, ctx.horizon)
    foreground = spec.paint(ctx, layout)
    if spec.outdoors and light.fog > 0:
        weather.fog_veil(ctx, 0.95)
    if (
        layout.shot in ("establishing", "wide")
        and spec.outdoors
        and spec.name in ("beach", "harbour", "cliffs")
        and light.weather in ("clear", "clouds")
    ):
        props.birds(ctx, 5, ctx.horizon * 0.3, ctx.horizon * 0.6, "gulls")
    _zoom(pixels, layout.zoom, ctx.px_w / 2, ctx.horizon * ctx.k * 0.85)
    blur_background(pixels, layout.dof * ctx.k)

    paint_props(ctx, layout, spec.outdoors)
    for actor in sorted(layout.actors, key=lambda a: (a.base, -abs(a.x - ctx.W / 2))):
        draw_actor(ctx, layout, actor)
    paint_near(ctx, layout, spec.outdoors)
    if foreground is not None:
        foreground()
    if spec.outdoors:
        if light.rain > 0:
            weather.draw_rain(ctx, light.rain, ground=ctx.horizon + 40)
        if light.snow > 0:
            weather.draw_snow(ctx, 1.0)
        if light.fog > 0:
            near = {"establishing": 0.75, "wide": 0.55, "medium": 0.3}.get(layout.shot, 0.15)
            weather.fog_veil(ctx, near)
    return finish(pixels, ctx.style, scene.mood, painting.seed)
