"""Download endpoints: ``/downloads/*`` (links, e-mailed links, signed files, zips)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import (
    FileResponse,
    JSONResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)

from filmstudio.studio.contract import answers
from filmstudio.studio.deps import CurrentUser, StudioDep
from filmstudio.studio.errors import NotFound
from filmstudio.studio.projects.schemas import Quality
from filmstudio.studio.publishing import downloads
from filmstudio.studio.publishing.schemas import (
    DownloadFormat,
    DownloadLink,
    EmailRequest,
    EmailSent,
    RenderStarted,
    ZipRequest,
)
from filmstudio.studio.storage import content_type

router = APIRouter(prefix="/downloads", tags=["downloads"])

RENDERING: dict[int | str, dict[str, Any]] = {
    202: {"model": RenderStarted, "description": "That quality is being rendered."},
    **answers(400, 402, 403, 409, 503, s403="That quality is above your tier's."),
}


def _accepted(result: RenderStarted) -> JSONResponse:
    return JSONResponse(result.model_dump(mode="json"), status_code=status.HTTP_202_ACCEPTED)


@router.get("/{project_id:uuid}/link", response_model=DownloadLink, responses=RENDERING)
def download_link(
    project_id: uuid.UUID,
    studio: StudioDep,
    user: CurrentUser,
    format: DownloadFormat = "mp4",
    quality: Annotated[Quality | None, Query(description="Default: your tier's best.")] = None,
) -> DownloadLink | JSONResponse:
    """A link valid for one hour (MP4 up to your tier's quality, or SRT/VTT subtitles).
    A quality not rendered yet is rendered now: 202 with the job id."""
    result = downloads.link(studio, user, project_id, format, quality)
    return _accepted(result) if isinstance(result, RenderStarted) else result


@router.post("/{project_id:uuid}/email", response_model=EmailSent, responses=RENDERING)
def email_link(
    project_id: uuid.UUID, studio: StudioDep, user: CurrentUser, data: EmailRequest | None = None
) -> EmailSent | JSONResponse:
    """E-mail yourself a download link valid for seven days."""
    data = data or EmailRequest()
    result = downloads.email_link(studio, user, project_id, data.format, data.quality)
    return _accepted(result) if isinstance(result, RenderStarted) else result


@router.get(
    "/file/{token}",
    response_class=Response,
    responses={
        200: {"description": "The file."},
        307: {"description": "A fresh S3 link."},
        **answers(403, s403="The link expired or was changed."),
    },
)
def signed_file(token: Annotated[str, Path(max_length=4000)], studio: StudioDep) -> Response:
    """The file behind a signed download link (no login: the link is the permission)."""
    found = downloads.read_link(studio, token)
    path = studio.storage.local_path(found.key)
    if path is not None:
        return FileResponse(path, media_type=content_type(found.filename), filename=found.filename)
    url = studio.storage.download_url(found.key, found.filename, 300)
    if url is None or studio.storage.size(found.key) is None:
        raise NotFound("The file is no longer stored; ask for a new link after rendering again.")
    return RedirectResponse(url, status_code=status.HTTP_307_TEMPORARY_REDIRECT)


@router.post(
    "/zip",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/zip": {}}}, **answers(404, 409)},
)
async def zip_projects(data: ZipRequest, studio: StudioDep, user: CurrentUser) -> StreamingResponse:
    """Several projects' newest films (and subtitles) as one zip, streamed from storage."""
    files = await run_in_threadpool(downloads.zip_plan, studio, user, data.project_ids)
    return StreamingResponse(
        downloads.zip_stream(studio, files),
        media_type="application/zip",
        headers={"Content-Disposition": 'attachment; filename="films.zip"'},
    )
