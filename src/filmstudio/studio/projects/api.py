"""Project endpoints: ``/projects/*``."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query, UploadFile, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, RedirectResponse, Response

from filmstudio.studio.contract import answers
from filmstudio.studio.deps import CurrentUser, StudioDep
from filmstudio.studio.errors import NotFound, ServiceUnavailable
from filmstudio.studio.jobs.options import AudioKind
from filmstudio.studio.pagination import Page, PageDep
from filmstudio.studio.projects import (
    audio,
    catalog,
    images,
    length,
    links,
    renders,
    samples,
    storyboard,
    versions,
)
from filmstudio.studio.projects import service as projects
from filmstudio.studio.projects.schemas import (
    LengthPublic,
    LengthRequest,
    ProjectCreate,
    ProjectPublic,
    ProjectStatus,
    ProjectUpdate,
    ShareCreate,
    SharePublic,
    VersionPublic,
    VersionRename,
)

router = APIRouter(prefix="/projects", tags=["projects"])

# Fixed paths first: /projects/{project_id} would otherwise claim them.


@router.get("/choices", responses=answers(503))
def list_choices() -> dict[str, Any]:
    """Styles, voices, music and languages a project may name, each with a description."""
    described = catalog.describe()
    if described is None:
        raise ServiceUnavailable("The list of choices cannot be read right now; try again.")
    return {**described, "max_words": catalog.MAX_WORDS}


def _serve(studio: StudioDep, key: str, filename: str, download: bool = False) -> Response:
    path = studio.storage.local_path(key)
    if path is not None:
        disposition = "attachment" if download else "inline"
        return FileResponse(path, filename=filename, content_disposition_type=disposition)
    url = studio.storage.download_url(key, filename)
    if url is None:
        raise NotFound("The file is missing from storage.")
    return RedirectResponse(url, status_code=status.HTTP_307_TEMPORARY_REDIRECT)


@router.get("/samples/voices/{voice}", response_class=Response, responses=answers(503))
def voice_sample(
    voice: str,
    studio: StudioDep,
    language: Annotated[str, Query(max_length=10)] = "en",
) -> Response:
    """A few seconds of the voice (a WAV), made on first request."""
    key = samples.voice_sample(studio, voice, language)
    return _serve(studio, key, f"{voice}-{language}.wav")


@router.get("/samples/music/{music}", response_class=Response, responses=answers(503))
def music_sample(music: str, studio: StudioDep) -> Response:
    """A few seconds of the music choice (a WAV), made on first request."""
    return _serve(studio, samples.music_sample(studio, music), f"{music}.wav")


@router.get(
    "/media/{filename}",
    response_class=Response,
    responses=answers(403, s403="The link expired or was changed."),
)
def media(
    filename: str,
    studio: StudioDep,
    k: Annotated[str, Query(max_length=400)],
    e: Annotated[int, Query(ge=0, le=10**11, description="Expiry (Unix time).")],
    s: Annotated[str, Query(pattern="^[0-9a-f]{64}$", description="The link's signature.")],
    download: bool = False,
) -> Response:
    """A stored file behind a signed, expiring link (films, subtitles, pictures)."""
    links.check(studio, k, e, s)
    if not studio.storage.exists(k) and not storyboard.paint_missing(studio, k):
        raise NotFound("The file is missing from storage.")
    return _serve(studio, k, filename, download)


TOO_SHORT = (
    "Problem code `duration_too_short`: the script's speech needs a longer film than the "
    "duration asked for (the detail names the shortest length that works)."
)


@router.post("/length", responses=answers(422, 503, s422=TOO_SHORT))
def check_length(data: LengthRequest, studio: StudioDep, user: CurrentUser) -> LengthPublic:
    """How long a film the script needs (its words and the shortest length its speech fits
    in), checked before a project is made or a credit is spent. With `duration`, a length
    too short for the script answers 422 with the code ``duration_too_short``."""
    found = length.estimate(
        data.script, data.language, data.duration, studio.settings.engine_planner
    )
    if not found.fits and data.duration is not None:
        raise length.too_short(found.minimum_duration, data.duration)
    return found


@router.get("", response_model=Page[ProjectPublic])
async def list_projects(
    studio: StudioDep,
    user: CurrentUser,
    params: PageDep,
    status: Annotated[
        ProjectStatus | None, Query(description="Only projects in this state.")
    ] = None,
) -> Response:
    """Your projects and those shared with you, most recently changed first."""
    body = await projects.cached_page_async(studio, user, status, params)
    if body is None:  # the database may wait: not on the event loop
        body = await run_in_threadpool(projects.list_projects, studio, user, status, params)
    return Response(body, media_type="application/json")


@router.post("", status_code=status.HTTP_201_CREATED)
def create_project(data: ProjectCreate, studio: StudioDep, user: CurrentUser) -> ProjectPublic:
    """A new draft (version 1); the script may have at most 500 words, the film 30–300 s."""
    return projects.create(studio, user, data)


@router.get("/{project_id:uuid}")
def get_project(project_id: uuid.UUID, studio: StudioDep, user: CurrentUser) -> ProjectPublic:
    return projects.get(studio, user, project_id)


@router.patch("/{project_id:uuid}", responses=answers(409))
def update_project(
    project_id: uuid.UUID, data: ProjectUpdate, studio: StudioDep, user: CurrentUser
) -> ProjectPublic:
    """Change some fields; any change saves a new version."""
    return projects.update(studio, user, project_id, data)


@router.delete("/{project_id:uuid}", status_code=status.HTTP_204_NO_CONTENT, responses=answers(409))
def delete_project(project_id: uuid.UUID, studio: StudioDep, user: CurrentUser) -> Response:
    """Delete (softly: kept for the ledger and admins); unfinished renders are cancelled."""
    projects.delete(studio, user, project_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{project_id:uuid}/duplicate", status_code=status.HTTP_201_CREATED)
def duplicate_project(project_id: uuid.UUID, studio: StudioDep, user: CurrentUser) -> ProjectPublic:
    """A copy of the project as a new draft of your own."""
    return projects.duplicate(studio, user, project_id)


@router.get("/{project_id:uuid}/versions")
def list_versions(
    project_id: uuid.UUID, studio: StudioDep, user: CurrentUser
) -> list[VersionPublic]:
    """Every saved version, newest first."""
    return projects.versions(studio, user, project_id)


@router.get("/{project_id:uuid}/length", responses=answers(503))
def project_length(project_id: uuid.UUID, studio: StudioDep, user: CurrentUser) -> LengthPublic:
    """Whether the project's film fits its length now (its edited storyboard, else its
    script), and the shortest length that works: asked before a render spends a credit."""
    return storyboard.length_of(studio, user, project_id)


@router.patch("/{project_id:uuid}/versions/{version:int}")
def rename_version(
    project_id: uuid.UUID,
    version: Annotated[int, Path(ge=1, le=10**9)],
    data: VersionRename,
    studio: StudioDep,
    user: CurrentUser,
) -> VersionPublic:
    """Name a version ("Before the new ending"); a blank name removes it."""
    return versions.rename(studio, user, project_id, version, data.name)


@router.get("/{project_id:uuid}/versions/compare", responses=answers(503))
def compare_versions(
    project_id: uuid.UUID,
    studio: StudioDep,
    user: CurrentUser,
    before: Annotated[int, Query(ge=1, le=10**9, description="The older version.")],
    after: Annotated[int, Query(ge=1, le=10**9, description="The newer version.")],
) -> versions.VersionDiff:
    """What changed between two versions: fields, settings, and the storyboard scene by
    scene and line by line."""
    return versions.compare(studio, user, project_id, before, after)


@router.post("/{project_id:uuid}/versions/{version:int}/restore", responses=answers(409, 422))
def restore_version(
    project_id: uuid.UUID,
    version: Annotated[int, Path(ge=1, le=10**9)],
    studio: StudioDep,
    user: CurrentUser,
) -> ProjectPublic:
    """Make an old version current again (saved as a new version: nothing is lost)."""
    return versions.restore(studio, user, project_id, version)


@router.get("/{project_id:uuid}/shares")
def list_shares(project_id: uuid.UUID, studio: StudioDep, user: CurrentUser) -> list[SharePublic]:
    return projects.list_shares(studio, user, project_id)


@router.post(
    "/{project_id:uuid}/shares", status_code=status.HTTP_202_ACCEPTED, responses=answers(409)
)
def share_project(
    project_id: uuid.UUID, data: ShareCreate, studio: StudioDep, user: CurrentUser
) -> SharePublic:
    """Let someone view (or edit and render) the project, by e-mail address. The answer is
    the same whether or not the address has an account: one without gets an invitation that
    becomes a share when an account with that address is verified."""
    return projects.share(studio, user, project_id, data.email, data.permission)


@router.delete("/{project_id:uuid}/shares/{user_id:uuid}", status_code=status.HTTP_204_NO_CONTENT)
def unshare_project(
    project_id: uuid.UUID, user_id: uuid.UUID, studio: StudioDep, user: CurrentUser
) -> Response:
    projects.unshare(studio, user, project_id, user_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{project_id:uuid}/renders")
def list_renders(
    project_id: uuid.UUID, studio: StudioDep, user: CurrentUser
) -> list[renders.RenderPublic]:
    """The project's renders, newest first, with links to each finished film's files."""
    return renders.list_renders(studio, user, project_id)


@router.get("/{project_id:uuid}/plan", responses=answers(503))
def read_plan(
    project_id: uuid.UUID, studio: StudioDep, user: CurrentUser
) -> storyboard.StoryboardPublic:
    """The storyboard: your edited plan, else the latest film's, else a draft of the script."""
    return storyboard.read(studio, user, project_id)


@router.put("/{project_id:uuid}/plan", responses=answers(409, 503))
def save_plan(
    project_id: uuid.UUID,
    studio: StudioDep,
    user: CurrentUser,
    plan: Annotated[dict[str, Any], Body(description="A FilmPlan (as GET .../plan returns).")],
) -> storyboard.StoryboardPublic:
    """Keep an edited storyboard (a new version); the next render follows it."""
    return storyboard.save(studio, user, project_id, plan)


@router.delete("/{project_id:uuid}/plan", responses=answers(409, 503))
def discard_plan(
    project_id: uuid.UUID, studio: StudioDep, user: CurrentUser
) -> storyboard.StoryboardPublic:
    """Forget the storyboard edits: the plan follows the script again."""
    return storyboard.discard(studio, user, project_id)


@router.get("/{project_id:uuid}/audio")
def list_audio(
    project_id: uuid.UUID, studio: StudioDep, user: CurrentUser
) -> list[audio.AudioPublic]:
    """Your uploaded recordings (music and narration) that a render may use."""
    return audio.list_audio(studio, user, project_id)


@router.post("/{project_id:uuid}/audio", status_code=status.HTTP_201_CREATED)
async def add_audio(
    project_id: uuid.UUID,
    file: UploadFile,
    studio: StudioDep,
    user: CurrentUser,
    kind: Annotated[AudioKind, Query(description="Your own music, or your own narration.")],
) -> audio.AudioPublic:
    """Upload a recording (WAV, MP3, Ogg, FLAC or M4A, up to 50 MB; 6 per project); a job
    uses it with the option music_upload or narration_upload."""
    data = await file.read(audio.MAX_BYTES + 1)
    return await run_in_threadpool(
        audio.add_audio, studio, user, project_id, kind, file.filename or "", data
    )


@router.delete("/{project_id:uuid}/audio/{audio_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_audio(
    project_id: uuid.UUID,
    audio_id: Annotated[str, Path(max_length=40)],
    studio: StudioDep,
    user: CurrentUser,
) -> Response:
    audio.delete_audio(studio, user, project_id, audio_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{project_id:uuid}/images")
def list_images(
    project_id: uuid.UUID, studio: StudioDep, user: CurrentUser
) -> list[images.ImagePublic]:
    return images.list_images(studio, user, project_id)


@router.post(
    "/{project_id:uuid}/images", status_code=status.HTTP_201_CREATED, responses=answers(409)
)
async def add_image(
    project_id: uuid.UUID, file: UploadFile, studio: StudioDep, user: CurrentUser
) -> images.ImagePublic:
    """Upload a reference picture (JPEG, PNG or WebP, up to 10 MB; 8 per project)."""
    data = await file.read(images.MAX_BYTES + 1)
    return await run_in_threadpool(
        images.add_image, studio, user, project_id, file.filename or "", data
    )


@router.delete("/{project_id:uuid}/images/{image_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_image(
    project_id: uuid.UUID, image_id: str, studio: StudioDep, user: CurrentUser
) -> Response:
    images.delete_image(studio, user, project_id, image_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
