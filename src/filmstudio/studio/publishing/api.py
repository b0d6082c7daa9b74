"""Publishing endpoints: YouTube and downloads."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["publishing"])
