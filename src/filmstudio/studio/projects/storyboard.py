"""The storyboard: a project's FilmPlan to read, edit and render again.

Where the plan comes from, first found wins: the user's edited plan (kept in the project's
settings under "plan", so it is versioned with the project and the next render uses it),
the plan of the latest finished film, or a draft planned from the script now (the planner
is rule-based and fast). Scene pictures are painted on first view and kept in storage.
"""

from __future__ import annotations

import hashlib
import json
import logging
import tempfile
import threading
import uuid
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ValidationError
from sqlalchemy import select

from filmstudio.studio.accounts.schemas import UserPublic
from filmstudio.studio.context import Studio
from filmstudio.studio.errors import NotFound, ServiceUnavailable, Unprocessable
from filmstudio.studio.jobs.models import Job
from filmstudio.studio.projects import catalog, links
from filmstudio.studio.projects import service as projects
from filmstudio.studio.projects.files import read_bytes
from filmstudio.studio.projects.models import Project
from filmstudio.studio.storage import project_prefix

log = logging.getLogger("filmstudio.storyboard")
PICTURE_SIZE = (384, 216)
Source = Literal["edited", "film", "draft"]
_painting = threading.Lock()


class StoryboardPublic(BaseModel):
    source: Source
    plan: dict[str, Any]
    pictures: dict[str, str]


def _draft(studio: Studio, project: Project) -> dict[str, Any]:
    try:
        from filmstudio.engine.errors import FilmError
        from filmstudio.engine.film import EngineOptions, plan_film
        from filmstudio.engine.request import FilmRequest
    except Exception as exc:  # an engine module mid-change must not crash the API
        raise ServiceUnavailable("The planner cannot run right now; try again shortly.") from exc
    options = EngineOptions(planner=studio.settings.engine_planner)
    try:
        plan = plan_film(FilmRequest(**projects.engine_fields(project)), options)
    except FilmError as error:
        raise Unprocessable(error.message) from error
    result: dict[str, Any] = plan.model_dump(mode="json")
    return result


def _film_plan(studio: Studio, project: Project) -> dict[str, Any] | None:
    """The plan.json of the project's latest completed film, if it is a valid plan."""
    from filmstudio.engine.plan import FilmPlan

    with studio.db.read_session() as session:
        outputs = session.scalars(
            select(Job.outputs)
            .where(Job.project_id == project.id, Job.status == "completed")
            .order_by(Job.finished_at.desc())
            .limit(1)
        ).first()
    if not outputs or "plan.json" not in outputs:
        return None
    data = read_bytes(studio.storage, str(outputs["plan.json"]))
    if data is None:
        return None
    try:
        plan = FilmPlan.model_validate(json.loads(data))
    except (ValueError, ValidationError):
        return None
    result: dict[str, Any] = plan.model_dump(mode="json")
    return result


def _scene_hash(plan: dict[str, Any], scene: dict[str, Any]) -> str:
    """What the painter depends on: the scene, the style and the seed."""
    material = json.dumps([plan.get("style"), plan.get("seed"), scene], sort_keys=True)
    return hashlib.sha256(material.encode()).hexdigest()[:24]


def _picture_key(project: Project, digest: str) -> str:
    return f"{project_prefix(project.owner_id, project.id)}/storyboard/{digest}.jpg"


def _pictures(studio: Studio, project: Project, plan: dict[str, Any]) -> dict[str, str]:
    return {
        str(scene["scene_number"]): links.link(
            studio,
            _picture_key(project, _scene_hash(plan, scene)),
            f"scene-{scene['scene_number']}.jpg",
            via_studio=True,
        )
        for scene in plan.get("scenes", [])
    }


def _current(studio: Studio, project: Project) -> tuple[Source, dict[str, Any]]:
    edited = (project.settings or {}).get("plan")
    if edited:
        return "edited", dict(edited)
    film = _film_plan(studio, project)
    if film is not None:
        return "film", film
    return "draft", _draft(studio, project)


def read(studio: Studio, user: UserPublic, project_id: uuid.UUID) -> StoryboardPublic:
    with studio.db.read_session() as session:
        project, _ = projects.load(session, project_id, user, "view")
        session.expunge(project)
    source, plan = _current(studio, project)
    return StoryboardPublic(source=source, plan=plan, pictures=_pictures(studio, project, plan))


def validate_plan(data: dict[str, Any]) -> dict[str, Any]:
    """An edited plan the engine will render, or 422 naming the first problem."""
    from filmstudio.engine.plan import FilmPlan, first_problem

    try:
        plan = FilmPlan.model_validate(data)
    except ValidationError as exc:
        raise Unprocessable(f"The storyboard is not valid: {first_problem(exc)}.") from exc
    catalog.check_choice("style", plan.style)
    catalog.check_choice("music", plan.music)
    catalog.check_choice("voice", plan.narrator_voice)
    for character in plan.characters:
        if character.voice:
            catalog.check_choice("voice", character.voice)
    for scene in plan.scenes:
        if not scene.dialogue:
            raise Unprocessable(f"Scene {scene.scene_number} has no lines; give it at least one.")
    result: dict[str, Any] = plan.model_dump(mode="json")
    return result


def save(
    studio: Studio, user: UserPublic, project_id: uuid.UUID, data: dict[str, Any]
) -> StoryboardPublic:
    """Keep an edited plan with the project (a new version); the next render uses it."""
    plan = validate_plan(data)
    projects.change_settings(studio, user, project_id, lambda s: {**s, "plan": plan})
    return read(studio, user, project_id)


def discard(studio: Studio, user: UserPublic, project_id: uuid.UUID) -> StoryboardPublic:
    """Forget the edits: the storyboard follows the script again."""

    def drop(settings: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in settings.items() if k != "plan"}

    projects.change_settings(studio, user, project_id, drop)
    return read(studio, user, project_id)


def paint_missing(studio: Studio, key: str) -> bool:
    """Paint the storyboard picture stored at `key` if it is one of a project's current
    scenes (the media link that named it was signed, so the key came from us)."""
    parts = key.split("/")
    if len(parts) != 6 or parts[0] != "users" or parts[4] != "storyboard":
        return False
    try:
        project_id = uuid.UUID(parts[3])
    except ValueError:
        return False
    with studio.db.read_session() as session:
        project = session.get(Project, project_id)
        if project is None or project.deleted_at is not None:
            return False
        session.expunge(project)
    _, plan = _current(studio, project)
    digest = parts[5].removesuffix(".jpg")
    scene = next((s for s in plan["scenes"] if _scene_hash(plan, s) == digest), None)
    if scene is None:
        raise NotFound("This scene changed since the page was opened; reload it.")
    from PIL import Image

    from filmstudio.engine.picture import paint_scene
    from filmstudio.engine.plan import FilmPlan

    film_plan = FilmPlan.model_validate(plan)
    painted = next(s for s in film_plan.scenes if s.scene_number == scene["scene_number"])
    with _painting:  # one painting at a time: it is CPU-bound and the machine is small
        if studio.storage.exists(key):
            return True
        try:
            pixels = paint_scene(painted, film_plan, *PICTURE_SIZE)
        except Exception as exc:  # an engine module mid-change must not crash the API
            log.warning("cannot paint a storyboard scene", extra={"error": repr(exc)})
            raise ServiceUnavailable("The picture cannot be drawn right now; try again.") from exc
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "scene.jpg"
            Image.fromarray(pixels).save(path, quality=85)
            studio.storage.put_file(key, path)
    return True
