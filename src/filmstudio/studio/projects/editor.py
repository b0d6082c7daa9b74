"""What the web editor needs beside the storyboard: the plan's vocabulary and a fast preview.

The preview paints one scene of a plan the user has not saved yet, small and without a
credit, so a creator sees an edit before paying for a render. It uses the engine's own
painter (or the user's reference image), exactly as the render will.
"""

from __future__ import annotations

import functools
import io
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from filmstudio.studio.accounts.schemas import UserPublic
from filmstudio.studio.context import Studio
from filmstudio.studio.contract import answers
from filmstudio.studio.deps import CurrentUser, StudioDep
from filmstudio.studio.errors import NotFound
from filmstudio.studio.projects import catalog, images, shot_preview, storyboard
from filmstudio.studio.projects import service as projects

router = APIRouter(tags=["editor"])


def vocabulary() -> dict[str, list[str]]:
    """Every closed list a scene's fields choose from, straight from the plan's types (and
    the voice's emotions, which a line's `emotion` names)."""
    from filmstudio.engine import plan
    from filmstudio.engine.voice.emotion import EMOTIONS, MANNERS

    return {
        "emotions": [e for e in EMOTIONS if e not in MANNERS],
        "places": list(plan.PLACES),
        "times_of_day": list(plan.TIMES_OF_DAY),
        "weathers": list(plan.WEATHERS),
        "attires": list(plan.ATTIRES),
        "moods": list(plan.MOODS),
        "shot_kinds": list(plan.SHOT_KINDS),
        "camera_moves": list(plan.CAMERA_MOVES),
        "actions": list(plan.ACTION_VERBS),
        "passing_actions": list(plan.PASSING_VERBS),
        "expressions": list(plan.EXPRESSIONS),
        "deliveries": list(plan.DELIVERIES),
        "voice_effects": list(plan.VOICE_EFFECTS),
        "transitions": list(plan.TRANSITIONS),
        "aspects": list(plan.ASPECTS),
    }


def preview(
    studio: Studio, user: UserPublic, project_id: uuid.UUID, data: dict[str, Any], number: int
) -> bytes:
    """A JPEG of scene `number` of the (unsaved) plan `data`; 422 for a plan the storyboard
    would refuse, 404 for a scene it does not have. Costs nothing."""
    from PIL import Image

    project = projects.get(studio, user, project_id)
    plan = storyboard.validate_plan(data)
    keys = images.stored_keys(project.settings)
    images.check_plan_images(plan, keys)
    plan = images.plan_with_keys(plan, keys)
    if not any(scene["scene_number"] == number for scene in plan["scenes"]):
        raise NotFound(f"The storyboard has no scene {number}.")
    size = storyboard.picture_size(plan.get("aspect", "16:9"))
    with storyboard.painting:
        pixels = storyboard.scene_pixels(studio, plan, number, size)
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, "JPEG", quality=85)
    return out.getvalue()


#: The scene every style's sample picture shows: a harbour at golden hour with a keeper.
SAMPLE_SCENE: dict[str, Any] = {
    "scene_number": 1,
    "setting": {"place": "harbour", "time_of_day": "golden_hour", "weather": "clouds"},
    "characters": ["Mira"],
    "dialogue": [{"speaker": "Mira", "text": "The boats are home."}],
    "mood": "hopeful",
}


@functools.lru_cache(maxsize=16)
def style_sample(style: str) -> bytes:
    """A JPEG of the sample scene in `style` (kept: the same style paints the same picture)."""
    from PIL import Image

    from filmstudio.engine.picture import paint_scene
    from filmstudio.engine.plan import FilmPlan

    plan = FilmPlan.model_validate(
        {
            "style": style,
            "characters": [{"name": "Mira", "gender": "female"}],
            "scenes": [SAMPLE_SCENE],
        }
    )
    with storyboard.painting:
        pixels = paint_scene(plan.scenes[0], plan, *storyboard.picture_size("16:9"))
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, "JPEG", quality=85)
    return out.getvalue()


@router.get(
    "/editor/samples/styles/{style}",
    response_class=Response,
    responses={200: {"content": {"image/jpeg": {}}, "description": "The sample picture."}},
)
async def get_style_sample(style: str) -> Response:
    """What a style looks like: one sample scene painted in it."""
    catalog.check_choice("style", style)
    picture = await run_in_threadpool(style_sample, style)
    return Response(
        picture, media_type="image/jpeg", headers={"Cache-Control": "public, max-age=86400"}
    )


@router.get("/editor/vocabulary")
def get_vocabulary() -> dict[str, list[str]]:
    """The choices of a scene: places, times of day, weathers, attires, moods, shot kinds,
    camera moves, actions (and those that pass a prop), expressions, deliveries, voice
    effects, transitions, aspects."""
    return vocabulary()


@router.post(
    "/projects/{project_id}/preview",
    response_class=Response,
    responses={200: {"content": {"image/jpeg": {}}, "description": "The scene, painted small."}},
)
async def post_preview(
    project_id: uuid.UUID,
    studio: StudioDep,
    user: CurrentUser,
    plan: Annotated[dict[str, Any], Body()],
    scene: Annotated[int, Query(ge=1, le=1000)] = 1,
) -> Response:
    """Paint one scene of an edited, unsaved storyboard at low resolution (no credit)."""
    picture = await run_in_threadpool(preview, studio, user, project_id, plan, scene)
    return Response(picture, media_type="image/jpeg", headers={"Cache-Control": "no-store"})


@router.post(
    "/projects/{project_id}/preview/shot",
    response_class=Response,
    responses={
        200: {"content": {"video/mp4": {}}, "description": "The shot, a few seconds at 360p."},
        **answers(422, 503),
    },
)
async def post_shot_preview(
    project_id: uuid.UUID,
    studio: StudioDep,
    user: CurrentUser,
    plan: Annotated[dict[str, Any], Body()],
    scene: Annotated[int, Query(ge=1, le=1000)] = 1,
    shot: Annotated[int, Query(ge=1, le=100, description="The shot's place in its scene.")] = 1,
) -> Response:
    """Film one shot of an edited, unsaved storyboard: a few seconds at low resolution, with
    its voice, and no credit."""
    film = await run_in_threadpool(
        shot_preview.preview_shot, studio, user, project_id, plan, scene, shot - 1
    )
    return Response(film, media_type="video/mp4", headers={"Cache-Control": "no-store"})
