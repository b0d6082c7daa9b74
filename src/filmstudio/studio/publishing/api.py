"""Publishing endpoints: YouTube and downloads, one router that the app includes."""

from __future__ import annotations

from fastapi import APIRouter

from filmstudio.studio.publishing import downloads_api, youtube_api

router = APIRouter(tags=["publishing"])
router.include_router(youtube_api.router)
router.include_router(downloads_api.router)
