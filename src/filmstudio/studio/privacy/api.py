"""``GET /users/me/export``: the zip of everything the studio keeps about you."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from starlette.background import BackgroundTask
from starlette.responses import FileResponse

from filmstudio.studio.db.base import utcnow
from filmstudio.studio.deps import CurrentUser, StudioDep
from filmstudio.studio.privacy.export import write_export

router = APIRouter(prefix="/users", tags=["users"])


@router.get(
    "/me/export",
    response_class=FileResponse,
    responses={200: {"content": {"application/zip": {}}, "description": "A zip file."}},
)
async def export_my_data(studio: StudioDep, user: CurrentUser) -> FileResponse:
    """Everything the studio keeps about you: your account, projects and their versions,
    jobs, credit history, uploads and payments as JSON, and every file you made."""
    folder = Path(tempfile.mkdtemp(prefix="filmstudio-export-"))
    target = folder / "export.zip"
    await run_in_threadpool(write_export, studio, user.id, target)

    def clean_up() -> None:
        target.unlink(missing_ok=True)
        folder.rmdir()

    name = f"filmstudio-export-{utcnow():%Y%m%d}.zip"
    return FileResponse(
        target, media_type="application/zip", filename=name, background=BackgroundTask(clean_up)
    )
