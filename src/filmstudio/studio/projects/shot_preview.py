"""A few seconds of one shot, filmed small: see a camera, a line and its voice before paying.

Why the engine's own `make_film` and not a sketch: the preview must show what the render will
(the set, the camera move, the talking figure, the voice), only smaller and shorter. The
shot becomes a one-scene, one-shot plan at 360p, timed to its speech with the tightest
pauses; nothing is stored and no credit is spent. A cutaway (a shot that covers no line) is
filmed over the line it follows, or the scene's first line when it opens the scene.
"""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path
from typing import Any

from filmstudio.studio.accounts.schemas import UserPublic
from filmstudio.studio.context import Studio
from filmstudio.studio.errors import NotFound, ServiceUnavailable, Unprocessable
from filmstudio.studio.projects import images, length, storyboard
from filmstudio.studio.projects import service as projects

QUALITY = "360p"
#: The shortest preview (seconds): a shot of one short word is still seen moving.
SHORTEST = 3.0
#: The longest: a preview is a glance, not the film.
LONGEST = 15.0


def _covered(scene: Any, index: int) -> list[int]:
    """The lines the preview of shot `index` speaks: its own, else the line before it."""
    shot = scene.shots[index]
    if shot.lines:
        return list(shot.lines)
    before = [line for earlier in scene.shots[:index] for line in earlier.lines]
    if before:
        return [before[-1]]
    return [0] if scene.dialogue else []


def shot_plan(data: dict[str, Any], number: int, index: int) -> Any:
    """A FilmPlan of scene `number`'s shot `index` alone, small and as short as it can be."""
    from filmstudio.engine.plan import FilmPlan
    from filmstudio.engine.planning.coverage import cover

    plan = cover(FilmPlan.model_validate(data))
    scene = next((s for s in plan.scenes if s.scene_number == number), None)
    if scene is None:
        raise NotFound(f"The storyboard has no scene {number}.")
    if not 0 <= index < len(scene.shots):
        raise NotFound(f"Scene {number} has no shot {index + 1}.")
    lines = _covered(scene, index)
    if not lines:
        raise Unprocessable(f"Scene {number} has no lines to preview; give it one first.")
    shot = scene.shots[index].model_copy(update={"lines": list(range(len(lines)))})
    alone = scene.model_copy(
        update={
            "scene_number": 1,
            "dialogue": [scene.dialogue[i] for i in lines],
            "expressions": [],
            "shots": [shot],
            "transition": "cut",
            "duration": 0.0,
        }
    )
    small = plan.model_copy(update={"scenes": [alone], "quality": QUALITY, "watermark": False})
    seconds = length.plan_minimum(small.model_dump(mode="json"))
    # model_copy does not validate: a preview is allowed under the 30 s a film must last.
    return small.model_copy(update={"target_duration": min(max(seconds, SHORTEST), LONGEST)})


def _options(studio: Studio) -> Any:
    from filmstudio.engine.film import EngineOptions

    settings = studio.settings
    return EngineOptions(
        planner=settings.engine_planner,
        voice=settings.engine_voice,
        music_provider=settings.engine_music,
        pictures=settings.engine_pictures,
        talking=settings.engine_talking,
        lipsync=settings.engine_lipsync,
        ambience=False,
    )


def film_shot(studio: Studio, plan: Any) -> bytes:
    """The MP4 of a one-shot plan, made in a scratch folder that is then removed."""
    from filmstudio.engine.errors import FilmError
    from filmstudio.engine.film import make_film

    try:
        with tempfile.TemporaryDirectory(prefix="shot-") as folder:
            with storyboard.painting:  # one at a time: CPU-bound, and the machine is small
                result = make_film(plan, Path(folder) / "out", options=_options(studio))
            return result.files["film.mp4"].read_bytes()
    except FilmError as error:
        raise Unprocessable(error.message) from error
    except Exception as exc:  # an engine module mid-change must not crash the API
        raise ServiceUnavailable("The shot cannot be filmed right now; try again.") from exc


def preview_shot(
    studio: Studio,
    user: UserPublic,
    project_id: uuid.UUID,
    data: dict[str, Any],
    number: int,
    index: int,
) -> bytes:
    """An MP4 of shot `index` (from 0) of scene `number` of the unsaved plan `data`."""
    project = projects.get(studio, user, project_id)
    plan = storyboard.validate_plan(data)
    keys = images.stored_keys(project.settings)
    images.check_plan_images(plan, keys)
    plan = images.plan_with_keys(plan, keys)
    with tempfile.TemporaryDirectory(prefix="shot-images-") as folder:
        files = _fetch_images(studio, plan, Path(folder))
        local = images.plan_with_files(plan, files)
        return film_shot(studio, shot_plan(local, number, index))


def _fetch_images(studio: Studio, plan: dict[str, Any], folder: Path) -> dict[str, str]:
    """The scenes' reference images copied from storage into `folder` (key -> path)."""
    files: dict[str, str] = {}
    for scene in plan.get("scenes", []):
        key = scene.get("image")
        if key and key not in files and studio.storage.exists(key):
            local = folder / f"{len(files)}-{Path(key).name}"
            studio.storage.fetch(key, local)
            files[key] = str(local)
    return files
