"""Project endpoints: ``/projects/*``."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from filmstudio.studio.deps import CurrentUser, StudioDep
from filmstudio.studio.pagination import Page, PageDep
from filmstudio.studio.projects import service as projects
from filmstudio.studio.projects.schemas import (
    ProjectCreate,
    ProjectPublic,
    ProjectStatus,
    ProjectUpdate,
    ShareCreate,
    SharePublic,
    VersionPublic,
)

router = APIRouter(prefix="/projects", tags=["projects"])


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


@router.get("/{project_id}")
def get_project(project_id: uuid.UUID, studio: StudioDep, user: CurrentUser) -> ProjectPublic:
    return projects.get(studio, user, project_id)


@router.patch("/{project_id}")
def update_project(
    project_id: uuid.UUID, data: ProjectUpdate, studio: StudioDep, user: CurrentUser
) -> ProjectPublic:
    """Change some fields; any change saves a new version."""
    return projects.update(studio, user, project_id, data)


@router.delete("/{project_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_project(project_id: uuid.UUID, studio: StudioDep, user: CurrentUser) -> Response:
    """Delete (softly: kept for the ledger and admins); unfinished renders are cancelled."""
    projects.delete(studio, user, project_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{project_id}/duplicate", status_code=status.HTTP_201_CREATED)
def duplicate_project(project_id: uuid.UUID, studio: StudioDep, user: CurrentUser) -> ProjectPublic:
    """A copy of the project as a new draft of your own."""
    return projects.duplicate(studio, user, project_id)


@router.get("/{project_id}/versions")
def list_versions(
    project_id: uuid.UUID, studio: StudioDep, user: CurrentUser
) -> list[VersionPublic]:
    """Every saved version, newest first."""
    return projects.versions(studio, user, project_id)


@router.get("/{project_id}/shares")
def list_shares(project_id: uuid.UUID, studio: StudioDep, user: CurrentUser) -> list[SharePublic]:
    return projects.list_shares(studio, user, project_id)


@router.post("/{project_id}/shares", status_code=status.HTTP_201_CREATED)
def share_project(
    project_id: uuid.UUID, data: ShareCreate, studio: StudioDep, user: CurrentUser
) -> SharePublic:
    """Let another user view (or edit and render) the project."""
    return projects.share(studio, user, project_id, data.email, data.permission)


@router.delete("/{project_id}/shares/{user_id}", status_code=status.HTTP_204_NO_CONTENT)
def unshare_project(
    project_id: uuid.UUID, user_id: uuid.UUID, studio: StudioDep, user: CurrentUser
) -> Response:
    projects.unshare(studio, user, project_id, user_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
