"""The storyboard: a project's FilmPlan to read, edit and render again.

Where the plan comes from, first found wins: the user's edited plan (kept in the project's
settings under "plan", so it is versioned with the project and the next render uses it),
the plan of the latest finished film, or a draft planned from the script now (the planner
is rule-based and fast). Scene pictures are painted on first view and kept in storage.

A scene's reference image is named by its storage key here, never by a file path: a path
belongs to the job that fetched the file and is gone once that job ends (images.py).
"""

from __future__ import annotations

import hashlib
import json
import logging
import tempfile
import threading
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ValidationError
from sqlalchemy import select

from filmstudio.studio.accounts.schemas import UserPublic
from filmstudio.studio.context import Studio
from filmstudio.studio.errors import NotFound, ServiceUnavailable, Unprocessable
from filmstudio.studio.jobs.models import Job
from filmstudio.studio.projects import catalog, images, length, links
from filmstudio.studio.projects import service as projects
from filmstudio.studio.projects.files import read_bytes
from filmstudio.studio.projects.models import Project
from filmstudio.studio.projects.schemas import LengthPublic
from filmstudio.studio.storage import project_prefix

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    Pixels = NDArray[np.uint8]

log = logging.getLogger("filmstudio.storyboard")
#: The short side of a storyboard picture; the long side follows the plan's aspect.
PICTURE_SHORT_SIDE = 216
Source = Literal["edited", "film", "draft"]
#: One painting at a time: it is CPU-bound and the machine is small.
painting = threading.Lock()


class StoryboardPublic(BaseModel):
    source: Source
    plan: dict[str, Any]
    pictures: dict[str, str]


def draft_plan(studio: Studio, project: Project) -> dict[str, Any]:
    """The plan the project's script drafts now (its reference images assigned)."""
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
    keys = images.stored_keys(project.settings or {})
    if keys:  # the same assignment the job's engine makes from the fetched copies
        from filmstudio.engine.picture import match_references

        plan = match_references(plan, [Path(key) for key in keys])
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
    keys = images.stored_keys(project.settings or {})
    edited = (project.settings or {}).get("plan")
    if edited:
        return "edited", images.plan_with_keys(dict(edited), keys)
    film = _film_plan(studio, project)
    if film is not None:  # its scene images are paths of the finished job's scratch folder
        return "film", images.plan_with_keys(film, keys)
    return "draft", draft_plan(studio, project)


def read(studio: Studio, user: UserPublic, project_id: uuid.UUID) -> StoryboardPublic:
    with studio.db.read_session() as session:
        project, _ = projects.load(session, project_id, user, "view")
        session.expunge(project)
    source, plan = _current(studio, project)
    return StoryboardPublic(source=source, plan=plan, pictures=_pictures(studio, project, plan))


def validate_plan(data: dict[str, Any]) -> dict[str, Any]:
    """An edited plan the engine will render, or 422 naming the first problem."""
    from filmstudio.engine.plan import FilmPlan, first_problem

    for scene in data.get("scenes") or []:  # first: an empty scene also breaks its shots
        if isinstance(scene, dict) and scene.get("dialogue") == []:
            number = scene.get("scene_number", "?")
            raise Unprocessable(f"Scene {number} has no lines; give it at least one.")
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
    result: dict[str, Any] = plan.model_dump(mode="json")
    return result


def save(
    studio: Studio, user: UserPublic, project_id: uuid.UUID, data: dict[str, Any]
) -> StoryboardPublic:
    """Keep an edited plan with the project (a new version); the next render uses it.
    Scene images are kept as storage keys, checked against the project's own images."""
    plan = validate_plan(data)
    length.check(length.plan_minimum(plan), float(plan["target_duration"]))

    def keep(settings: dict[str, Any]) -> dict[str, Any]:
        keys = images.stored_keys(settings)
        images.check_plan_images(plan, keys)
        return {**settings, "plan": images.plan_with_keys(plan, keys)}

    projects.change_settings(studio, user, project_id, keep)
    return read(studio, user, project_id)


def _minimum(studio: Studio, project: Project) -> tuple[int, float]:
    """(shortest length, length set) of the project's film: its edited storyboard's, else
    the draft of its script's."""
    edited = (project.settings or {}).get("plan")
    plan = validate_plan(dict(edited)) if edited else draft_plan(studio, project)
    duration = float(plan["target_duration"]) if edited else project.duration
    return length.plan_minimum(plan), duration


def length_of(studio: Studio, user: UserPublic, project_id: uuid.UUID) -> LengthPublic:
    """The project's words and the shortest length its film fits in, and whether the length
    it is set to is enough."""
    with studio.db.read_session() as session:
        project, _ = projects.load(session, project_id, user, "view")
        session.expunge(project)
    minimum, duration = _minimum(studio, project)
    return LengthPublic(
        words=catalog.count_words(project.script),
        minimum_duration=minimum,
        duration=duration,
        fits=duration + 1e-6 >= minimum,
    )


def check_fits(studio: Studio, project: Project) -> None:
    """422 ``duration_too_short`` when the project's film cannot fit its length: for a
    submit to call before it spends a credit."""
    length.check(*_minimum(studio, project))


def discard(studio: Studio, user: UserPublic, project_id: uuid.UUID) -> StoryboardPublic:
    """Forget the edits: the storyboard follows the script again."""

    def drop(settings: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in settings.items() if k != "plan"}

    projects.change_settings(studio, user, project_id, drop)
    return read(studio, user, project_id)


def _scene_of(studio: Studio, key: str) -> tuple[Project, dict[str, Any], int] | None:
    """(project, current plan, scene number) of a storyboard picture key, None when the key
    is not one (a media link was signed, so the key came from us)."""
    parts = key.split("/")
    if len(parts) != 6 or parts[0] != "users" or parts[4] != "storyboard":
        return None
    try:
        project_id = uuid.UUID(parts[3])
    except ValueError:
        return None
    with studio.db.read_session() as session:
        project = session.get(Project, project_id)
        if project is None or project.deleted_at is not None:
            return None
        session.expunge(project)
    _, plan = _current(studio, project)
    digest = parts[5].removesuffix(".jpg")
    scene = next((s for s in plan["scenes"] if _scene_hash(plan, s) == digest), None)
    if scene is None:
        raise NotFound("This scene changed since the page was opened; reload it.")
    return project, plan, int(scene["scene_number"])


def picture_size(aspect: str) -> tuple[int, int]:
    """(width, height) of a storyboard picture: 384x216 wide, 216x384 tall, 216x216 square."""
    from filmstudio.engine.plan import frame_size

    width, height = frame_size("360p", aspect)
    scale = PICTURE_SHORT_SIDE / min(width, height)
    return round(width * scale), round(height * scale)


def scene_pixels(
    studio: Studio, plan: dict[str, Any], number: int, size: tuple[int, int]
) -> Pixels:
    """The picture of one scene as RGB pixels: the user's reference image when the scene
    has one (fetched from storage), else the engine's painting."""
    from filmstudio.engine.picture import load_reference, paint_scene
    from filmstudio.engine.plan import FilmPlan

    film_plan = FilmPlan.model_validate(plan)
    scene = next(s for s in film_plan.scenes if s.scene_number == number)
    try:
        if scene.image and studio.storage.exists(scene.image):
            with tempfile.TemporaryDirectory() as folder:
                local = Path(folder) / Path(scene.image).name
                studio.storage.fetch(scene.image, local)
                return load_reference(local, *size, film_plan.style)
        return paint_scene(scene, film_plan, *size)
    except Exception as exc:  # an engine module mid-change must not crash the API
        log.warning("cannot paint a storyboard scene", extra={"error": repr(exc)})
        raise ServiceUnavailable("The picture cannot be drawn right now; try again.") from exc


def store_jpeg(studio: Studio, key: str, pixels: Pixels) -> None:
    """Keep RGB pixels in storage as a JPEG (written whole: the storage renames into place)."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scene.jpg"
        Image.fromarray(pixels).save(path, quality=85)
        studio.storage.put_file(key, path)


def paint_missing(studio: Studio, key: str) -> bool:
    """Paint the storyboard picture stored at `key` if it is one of a project's current
    scenes; False when the key is not a storyboard picture."""
    found = _scene_of(studio, key)
    if found is None:
        return False
    _, plan, number = found
    with painting:
        if not studio.storage.exists(key):
            size = picture_size(plan.get("aspect", "16:9"))
            store_jpeg(studio, key, scene_pixels(studio, plan, number, size))
    return True
