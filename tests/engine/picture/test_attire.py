"""Clothes follow the scene's attire (a plan field) and stay the same in every shot of it."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import skia

from filmstudio.engine.picture.acting import Acting, draw_actor
from filmstudio.engine.picture.canvas import Ctx, new_surface
from filmstudio.engine.picture.light import compute_light
from filmstudio.engine.picture.looks import Look, dressed_for, scene_look
from filmstudio.engine.picture.places import PLACE_SPECS
from filmstudio.engine.picture.staging import Actor, plan_layout
from filmstudio.engine.picture.styles import style_params
from filmstudio.engine.plan import FilmPlan

from .conftest import MakePlan


def _ctx(width: int = 640, height: int = 360) -> Ctx:
    surface, pixels = new_surface(width, height)
    return Ctx(surface, pixels, compute_light("day", "clear", "calm"), style_params("cinematic"), 1)


def _dressed(plan: FilmPlan, attire: str) -> FilmPlan:
    scene = plan.scenes[0].model_copy(update={"attire": attire})
    return plan.model_copy(update={"scenes": [scene]})


def _looks(plan: FilmPlan, shot: str) -> dict[str, Look]:
    scene = plan.scenes[0].model_copy(update={"shot_type": shot})
    layout = plan_layout(_ctx(), scene, plan, PLACE_SPECS["village"].stage)
    return {actor.name: actor.look for actor in layout.actors}


def test_the_blocking_dresses_people_in_the_scenes_attire(plan_for: MakePlan) -> None:
    plan = plan_for(place="village")
    everyday, warm = _looks(plan, "wide"), _looks(_dressed(plan, "warm"), "wide")
    rain, light = _looks(_dressed(plan, "rain"), "wide"), _looks(_dressed(plan, "light"), "wide")
    for name in everyday:
        assert not everyday[name].coat and warm[name].coat and warm[name].scarf is not None
        assert rain[name].coat and rain[name].headwear == "hood"
        assert light[name].short_sleeves and light[name].scarf is None
        assert (warm[name].skin, warm[name].hair) == (everyday[name].skin, everyday[name].hair)


def test_a_scene_dresses_everyone_alike_in_every_shot(plan_for: MakePlan) -> None:
    plan = _dressed(plan_for(place="village"), "warm")
    wide = _looks(plan, "wide")
    for shot in ("establishing", "medium", "close-up", "over-the-shoulder"):
        for name, look in _looks(plan, shot).items():
            assert look == wide[name], f"{name} changed clothes in the {shot} shot"
            assert look == scene_look(plan, plan.scenes[0], name), "portraits dress the same"


def _thigh_colour(look: Look) -> np.ndarray:
    """The mean colour drawn across the thighs of a standing figure."""
    pixels = np.zeros((360, 640, 4), np.uint8)
    light = compute_light("day", "clear", "calm")
    ctx = Ctx(skia.Surface(pixels), pixels, light, style_params("cinematic"), 1)
    actor = Actor("Arun", look, "stand", 960.0, 1000.0, 900.0, 20.0)
    draw_actor(ctx, actor, Acting())
    top, bottom = (int((1000.0 - f * 900.0) * ctx.k) for f in (0.42, 0.32))
    band = pixels[top:bottom]
    inside = band[..., 3] > 200
    return np.asarray(band[..., :3][inside].mean(axis=0), float)


def test_a_coat_covers_the_thighs_in_its_own_colour(plan_for: MakePlan) -> None:
    plan = plan_for(place="village")
    trousers = (0.85, 0.85, 0.8)  # pale, so a dark coat over them shows
    everyday = replace(scene_look(plan, plan.scenes[0], "Arun"), bottom=trousers)
    warm = dressed_for(everyday, "warm")
    coat, pale = np.array(warm.top) * 255, np.array(trousers) * 255
    in_coat, in_trousers = _thigh_colour(warm), _thigh_colour(everyday)
    assert np.linalg.norm(in_coat - coat) < np.linalg.norm(in_coat - pale)
    assert np.linalg.norm(in_trousers - pale) < np.linalg.norm(in_trousers - coat)
