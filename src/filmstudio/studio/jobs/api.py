"""Job endpoints: ``/jobs/*``, with live progress over WebSocket and server-sent events."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, WebSocket, WebSocketDisconnect, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, RedirectResponse, Response, StreamingResponse

from filmstudio.studio.accounts.schemas import UserPublic
from filmstudio.studio.context import Studio
from filmstudio.studio.contract import answers
from filmstudio.studio.deps import CurrentUser, IdempotencyKey, StudioDep, token_claims, user_for
from filmstudio.studio.errors import NotFound, StudioError
from filmstudio.studio.jobs import options as job_options
from filmstudio.studio.jobs import service as jobs
from filmstudio.studio.jobs.models import FINISHED_STATES
from filmstudio.studio.jobs.options import JobOptions
from filmstudio.studio.jobs.schemas import (
    JobProgress,
    JobPublic,
    JobStatus,
    JobStatusPublic,
    JobSubmit,
)
from filmstudio.studio.pagination import Page, PageDep
from filmstudio.studio.projects import service as projects
from filmstudio.studio.storage import content_type

router = APIRouter(prefix="/jobs", tags=["jobs"])

LIVE_POLL_SECONDS = 0.5


@router.post(
    "/submit",
    status_code=status.HTTP_202_ACCEPTED,
    responses=answers(402, 404, 409, 501, 503),
)
async def submit(
    data: JobSubmit, studio: StudioDep, user: CurrentUser, key: IdempotencyKey = None
) -> JobStatusPublic:
    """Queue a render of the project (1 credit, refunded if the film fails; 402 when none
    are left), with any engine options. Retrying with the same Idempotency-Key returns the
    same job."""
    # Async with one thread hop for the database work, like every route here that answers
    # with a model: FastAPI checks the answer of a sync route against its response model
    # in a second thread hop.
    return await run_in_threadpool(_submit, studio, user, data, key)


def _submit(studio: Studio, user: UserPublic, data: JobSubmit, key: str | None) -> JobStatusPublic:
    fields = _option_fields(studio, user, data)
    return jobs.submit(studio, user, data.project_id, key, options=fields or None)


def _option_fields(studio: Studio, user: UserPublic, data: JobSubmit) -> dict[str, Any]:
    """What the job's request keeps of the submitted options (checked first: a bad option
    never costs a credit)."""
    if data.options == JobOptions():
        return {}
    job_options.check(data.options)
    uploads = projects.get(studio, user, data.project_id).settings.get("audio", [])
    return job_options.request_fields(data.options, uploads)


@router.get("")
async def list_jobs(
    studio: StudioDep,
    user: CurrentUser,
    params: PageDep,
    status: Annotated[JobStatus | None, Query(description="Only jobs in this state.")] = None,
) -> Page[JobPublic]:
    """Your jobs, newest first."""
    return await run_in_threadpool(jobs.list_jobs, studio, params, user=user, status=status)


@router.get("/{job_id:uuid}")
async def get_job(job_id: uuid.UUID, studio: StudioDep, user: CurrentUser) -> JobPublic:
    return await run_in_threadpool(jobs.get, studio, user, job_id)


@router.get("/{job_id:uuid}/status")
async def job_status(job_id: uuid.UUID, studio: StudioDep, user: CurrentUser) -> JobStatusPublic:
    job = await run_in_threadpool(jobs.get, studio, user, job_id)
    return JobStatusPublic(
        id=job.id,
        status=job.status,
        cancel_requested=job.cancel_requested,
        moderation=job.moderation,
    )


@router.get("/{job_id:uuid}/progress")
async def job_progress(job_id: uuid.UUID, studio: StudioDep, user: CurrentUser) -> JobProgress:
    """Progress 0–100 and the step the render is on."""
    return await run_in_threadpool(jobs.progress_of, studio, user, job_id)


@router.delete(
    "/{job_id:uuid}/cancel", status_code=status.HTTP_202_ACCEPTED, responses=answers(409)
)
async def cancel_job(job_id: uuid.UUID, studio: StudioDep, user: CurrentUser) -> JobStatusPublic:
    """Cancel: a queued job at once, a running render within seconds; the credit comes back."""
    return await run_in_threadpool(jobs.cancel, studio, user, job_id)


@router.get(
    "/{job_id:uuid}/files/{name:path}",
    response_class=Response,
    responses={
        200: {"description": "The file."},
        307: {"description": "Its S3 link."},
        **answers(409, s409="The job has not completed."),
    },
)
def job_file(job_id: uuid.UUID, name: str, studio: StudioDep, user: CurrentUser) -> Response:
    """Download one output of a completed job (film.mp4, film.srt, thumbnail.jpg, ...)."""
    key = jobs.output_key(studio, user, job_id, name)
    path = studio.storage.local_path(key)
    if path is not None:
        return FileResponse(path, media_type=content_type(name), filename=name)
    url = studio.storage.download_url(key, name)
    if url is None:
        raise NotFound("The file is missing from storage; render the project again.")
    return RedirectResponse(url, status_code=status.HTTP_307_TEMPORARY_REDIRECT)


def _bearer(header: str | None, query_token: str | None) -> str | None:
    if header and header.lower().startswith("bearer "):
        return header[7:].strip()
    return query_token


def _live_user(studio: Studio, token: str | None, job_id: uuid.UUID) -> UserPublic:
    """Authenticate a live-progress connection (browsers pass ``?token=`` there, since
    EventSource and WebSocket cannot set headers) and check the job is theirs."""
    user = user_for(studio, token_claims(studio, token))
    jobs.progress_of(studio, user, job_id)
    return user


@router.get(
    "/{job_id:uuid}/events",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}, **answers(401, 403)},
)
async def job_events(
    job_id: uuid.UUID,
    request: Request,
    studio: StudioDep,
    token: Annotated[str | None, Query(description="Access token, for EventSource.")] = None,
) -> StreamingResponse:
    """Server-sent events: a `progress` event at each change, `end` when the job finishes."""
    header = request.headers.get("authorization")
    user = await run_in_threadpool(_live_user, studio, _bearer(header, token), job_id)

    async def events() -> AsyncIterator[str]:
        last = None
        while not await request.is_disconnected():
            state = await run_in_threadpool(jobs.progress_of, studio, user, job_id)
            if state != last:
                yield f"event: progress\ndata: {state.model_dump_json()}\n\n"
                last = state
            if state.status in FINISHED_STATES:
                yield f"event: end\ndata: {json.dumps({'status': state.status})}\n\n"
                return
            await asyncio.sleep(LIVE_POLL_SECONDS)

    return StreamingResponse(
        events(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


@router.websocket("/{job_id:uuid}/ws")
async def job_socket(
    websocket: WebSocket,
    job_id: uuid.UUID,
    token: Annotated[str | None, Query(description="Access token.")] = None,
) -> None:
    """Live progress: a JSON message at each change; closed (1000) when the job finishes.
    A refused connection is closed with 4401 (log in), 4403 (suspended) or 4404 (no job)."""
    studio: Studio = websocket.app.state.studio
    await websocket.accept()
    header = websocket.headers.get("authorization")
    try:
        user = await run_in_threadpool(_live_user, studio, _bearer(header, token), job_id)
    except StudioError as error:
        await websocket.close(code=4000 + error.status_code, reason=error.detail[:120])
        return
    last = None
    try:
        while True:
            state = await run_in_threadpool(jobs.progress_of, studio, user, job_id)
            if state != last:
                await websocket.send_text(state.model_dump_json())
                last = state
            if state.status in FINISHED_STATES:
                await websocket.close(code=1000)
                return
            await asyncio.sleep(LIVE_POLL_SECONDS)
    except WebSocketDisconnect:
        return
