"""Reference images: pictures a user uploads so the film's scenes look like them.

Each is checked with Pillow (only real JPEG, PNG or WebP pictures), stored with a small
JPEG thumbnail under the project's folder, and listed in the project's settings under
"images" (a new project version, like every change).
"""

from __future__ import annotations

import io
import tempfile
import uuid
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from filmstudio.studio.accounts.schemas import UserPublic
from filmstudio.studio.context import Studio
from filmstudio.studio.errors import BadRequest, Forbidden, NotFound, Unprocessable
from filmstudio.studio.projects import links
from filmstudio.studio.projects import service as projects
from filmstudio.studio.storage import project_prefix

MAX_BYTES = 10 * 1024 * 1024
MAX_IMAGES = 8
THUMBNAIL = (240, 240)
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


class ImagePublic(BaseModel):
    id: str
    #: What a storyboard scene names to show this image (its `image`).
    key: str
    filename: str
    width: int
    height: int
    size: int
    url: str
    thumbnail_url: str


def _public(studio: Studio, entry: dict[str, Any]) -> ImagePublic:
    return ImagePublic(
        id=entry["id"],
        key=entry["key"],
        filename=entry["filename"],
        width=entry["width"],
        height=entry["height"],
        size=entry["size"],
        url=links.link(studio, entry["key"], entry["filename"]),
        thumbnail_url=links.link(studio, entry["thumbnail_key"], f"thumb-{entry['id']}.jpg"),
    )


def list_images(studio: Studio, user: UserPublic, project_id: uuid.UUID) -> list[ImagePublic]:
    project = projects.get(studio, user, project_id)
    return [_public(studio, e) for e in project.settings.get("images", [])]


def _inspect(data: bytes) -> tuple[str, int, int, bytes]:
    """(extension, width, height, JPEG thumbnail) of a real picture, else 422."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        with Image.open(io.BytesIO(data)) as picture:
            kind = picture.format or ""
            if kind not in FORMATS:
                raise Unprocessable(
                    f"A {kind or 'file of this'} type cannot be used: upload JPEG, PNG or WebP."
                )
            width, height = picture.size
            thumb = picture.convert("RGB")
            thumb.thumbnail(THUMBNAIL)
            out = io.BytesIO()
            thumb.save(out, "JPEG", quality=85)
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise Unprocessable("This file is not a picture: upload a JPEG, PNG or WebP.") from exc
    return FORMATS[kind], width, height, out.getvalue()


def add_image(
    studio: Studio, user: UserPublic, project_id: uuid.UUID, filename: str, data: bytes
) -> ImagePublic:
    project = projects.get(studio, user, project_id)
    if project.access not in ("owner", "edit"):
        raise Forbidden("You can view this project but not change it.")
    if len(project.settings.get("images", [])) >= MAX_IMAGES:
        raise BadRequest(f"A project can have at most {MAX_IMAGES} reference images.")
    if not data:
        raise BadRequest("The file is empty.")
    if len(data) > MAX_BYTES:
        raise Unprocessable(f"The picture is {len(data) / 2**20:.1f} MB; the limit is 10 MB.")
    extension, width, height, thumbnail = _inspect(data)
    image_id = uuid.uuid4().hex[:12]
    folder = f"{project_prefix(project.owner_id, project.id)}/references"
    key, thumbnail_key = f"{folder}/{image_id}.{extension}", f"{folder}/{image_id}-thumb.jpg"
    entry: dict[str, Any] = {
        "id": image_id,
        "filename": Path(filename or f"image.{extension}").name[:120],
        "width": width,
        "height": height,
        "size": len(data),
        "key": key,
        "thumbnail_key": thumbnail_key,
    }
    with tempfile.TemporaryDirectory() as work:
        original, small = Path(work) / "original", Path(work) / "thumb"
        original.write_bytes(data)
        small.write_bytes(thumbnail)
        studio.storage.put_file(key, original)
        studio.storage.put_file(thumbnail_key, small)

    def append(settings: dict[str, Any]) -> dict[str, Any]:
        images = list(settings.get("images", []))
        if len(images) >= MAX_IMAGES:
            raise BadRequest(f"A project can have at most {MAX_IMAGES} reference images.")
        return {**settings, "images": [*images, entry]}

    projects.change_settings(studio, user, project_id, append)
    return _public(studio, entry)


def delete_image(studio: Studio, user: UserPublic, project_id: uuid.UUID, image_id: str) -> None:
    removed: list[dict[str, Any]] = []

    def drop(settings: dict[str, Any]) -> dict[str, Any]:
        images = list(settings.get("images", []))
        removed.extend(e for e in images if e["id"] == image_id)
        if not removed:
            raise NotFound("This project has no reference image with this id.")
        kept = [e for e in images if e["id"] != image_id]
        changed = {**settings, "images": kept}
        if settings.get("plan"):  # the storyboard's scene that showed it is painted again
            changed["plan"] = plan_with_keys(settings["plan"], stored_keys(changed))
        return changed

    project = projects.change_settings(studio, user, project_id, drop)
    own = project_prefix(project.owner_id, project.id) + "/"
    for entry in removed:  # a duplicated project shares its source's files: keep those
        for key in (entry["key"], entry["thumbnail_key"]):
            if key.startswith(own):
                studio.storage.delete(key)


# --- which reference image a storyboard scene shows -----------------------------------------
# A plan's `scene.image` is a local path for the engine but a storage key in the studio: a
# path is only valid inside the job that fetched it (work/job-*/references/NN-<id>.<ext>), so a
# plan read back from a finished film, or saved by an older studio, names a file that is gone.


def stored_keys(settings: dict[str, Any]) -> list[str]:
    """The storage keys of a project's reference images, in upload order."""
    return [e["key"] for e in settings.get("images", []) if isinstance(e, dict) and "key" in e]


def stored_key(image: str, keys: list[str]) -> str | None:
    """The key among `keys` that `image` names: the key itself, or a job's local copy of it
    (the worker names a copy `NN-<stored file name>`); None when it names none of them."""
    if image in keys:
        return image
    name = Path(image).name
    return next((k for k in keys if name.endswith("-" + Path(k).name)), None)


def _scenes_with(plan: dict[str, Any], image_of: Any) -> dict[str, Any]:
    scenes = [
        {**scene, "image": image_of(scene["image"])} if scene.get("image") else scene
        for scene in plan.get("scenes", [])
    ]
    return {**plan, "scenes": scenes}


def plan_with_keys(plan: dict[str, Any], keys: list[str]) -> dict[str, Any]:
    """The plan with every scene image named by its storage key; an image no longer stored
    (deleted, or a path from elsewhere) is dropped, so the painter draws that scene."""
    return _scenes_with(plan, lambda image: stored_key(image, keys))


def plan_with_files(plan: dict[str, Any], files: dict[str, str]) -> dict[str, Any]:
    """What the engine renders: each scene's storage key replaced by the local file the job
    fetched for it (`files`: key -> path); a key with no file is dropped (deleted since)."""
    keys = list(files)
    return _scenes_with(plan, lambda image: files.get(stored_key(image, keys) or ""))


def check_plan_images(plan: dict[str, Any], keys: list[str]) -> None:
    """422 when a scene names a picture that is not one of the project's reference images."""
    for scene in plan.get("scenes", []):
        image = scene.get("image")
        if image and stored_key(image, keys) is None:
            raise Unprocessable(
                f"Scene {scene.get('scene_number')} shows a picture that is not one of this "
                "project's reference images; upload it first, then choose it."
            )
