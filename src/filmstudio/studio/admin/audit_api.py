"""The admin audit log endpoint (``/admin/audit``): a router of its own so each file keeps
one job (like every admin route, it needs a login confirmed with two-step login)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from filmstudio.studio.admin import audit
from filmstudio.studio.admin.schemas import AuditEntryPublic
from filmstudio.studio.deps import AdminUser, StudioDep
from filmstudio.studio.pagination import Page, PageDep

router = APIRouter(prefix="/admin", tags=["admin"])


@router.get("/audit")
def audit_log(
    studio: StudioDep,
    _: AdminUser,
    params: PageDep,
    actor_id: Annotated[uuid.UUID | None, Query(description="One administrator's actions.")] = None,
    action: Annotated[str | None, Query(max_length=60, description="e.g. user.suspend")] = None,
    target_id: Annotated[str | None, Query(max_length=100)] = None,
) -> Page[AuditEntryPublic]:
    """What administrators did (who, what, when, on what), newest first. Needs a login
    confirmed with two-step login."""
    return audit.entries(studio, params, actor_id=actor_id, action=action, target_id=target_id)
