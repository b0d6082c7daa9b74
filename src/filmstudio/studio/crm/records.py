"""What each studio record looks like in Salesforce.

Every object carries the external id field ``Studio_Id__c`` (the studio's UUID), so upserts
by it are idempotent, and refers to its parents by their external ids
(``Contact__r: {"Studio_Id__c": ...}``), so no Salesforce id needs to be stored here.
Status fields (``Status__c`` on projects and uploads, ``Low_Credits__c`` and
``Credits_Balance__c`` on contacts) are what record-triggered Flows react to.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from filmstudio.studio.accounts.models import User
from filmstudio.studio.credits.models import CreditTransaction
from filmstudio.studio.crm.capture import CONTACT, CREDIT, PROJECT, UPLOAD
from filmstudio.studio.jobs.models import Job
from filmstudio.studio.projects.models import Project
from filmstudio.studio.publishing.models import YoutubeUpload

EXTERNAL_ID = "Studio_Id__c"

Record = dict[str, Any]


def _ref(studio_id: uuid.UUID | None) -> dict[str, str] | None:
    return {EXTERNAL_ID: str(studio_id)} if studio_id is not None else None


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment is not None else None


def _names(user: User) -> tuple[str, str]:
    """Salesforce requires LastName: the last word of the name, else the address's local
    part (a deleted account keeps only a placeholder)."""
    parts = user.name.split()
    if len(parts) >= 2:
        return " ".join(parts[:-1])[:40], parts[-1][:80]
    if parts:
        return "", parts[0][:80]
    return "", user.email.split("@")[0][:80] or "Studio user"


def contact(user: User, low_threshold: int) -> Record:
    first, last = _names(user)
    status = "deleted" if user.deleted_at else "suspended" if user.is_suspended else "active"
    return {
        EXTERNAL_ID: str(user.id),
        "Email": user.email,
        "FirstName": first,
        "LastName": last,
        "Studio_Tier__c": user.tier,
        "Credits_Balance__c": user.credits,
        "Low_Credits__c": user.tier != "enterprise" and user.credits < low_threshold,
        "Email_Verified__c": user.email_verified,
        "Studio_Status__c": status,
        "Preferred_Language__c": user.language,
        "Studio_Signup_Date__c": _when(user.created_at),
    }


def project(row: Project) -> Record:
    return {
        EXTERNAL_ID: str(row.id),
        "Name": row.title[:80],
        "Contact__r": _ref(row.owner_id),
        "Status__c": row.status,
        "Style__c": row.style,
        "Duration_Seconds__c": row.duration,
        "Language__c": row.language,
        "Version__c": row.version,
        "Deleted__c": row.deleted_at is not None,
        "Created_Date__c": _when(row.created_at),
        "Last_Changed__c": _when(row.updated_at),
    }


def credit(row: CreditTransaction, project_id: uuid.UUID | None) -> Record:
    record: Record = {
        EXTERNAL_ID: str(row.id),
        "Contact__r": _ref(row.user_id),
        "Amount__c": row.amount,
        "Balance_After__c": row.balance_after,
        "Type__c": row.kind,
        "Description__c": row.description[:255],
        "Transaction_Date__c": _when(row.created_at),
    }
    if project_id is not None:
        record["AI_Project__r"] = _ref(project_id)
    return record


def upload(row: YoutubeUpload) -> Record:
    video = row.youtube_video_id
    return {
        EXTERNAL_ID: str(row.id),
        "Name": row.title[:80],
        "Contact__r": _ref(row.user_id),
        "AI_Project__r": _ref(row.project_id),
        "YouTube_Video_Id__c": video,
        "Video_URL__c": f"https://www.youtube.com/watch?v={video}" if video else None,
        "Status__c": row.status,
        "Privacy__c": row.privacy,
        "Error__c": (row.error or "")[:255] or None,
        "Last_Changed__c": _when(row.updated_at),
    }


def load(
    session: Session, sobject: str, ids: Iterable[str], low_threshold: int
) -> dict[str, Record]:
    """The current records for `ids` of one object, by studio id (missing ids: gone)."""
    keys = [uuid.UUID(i) for i in ids]
    out: dict[str, Record] = {}
    if sobject == CONTACT:
        for user in session.scalars(select(User).where(User.id.in_(keys))):
            out[str(user.id)] = contact(user, low_threshold)
    elif sobject == PROJECT:
        for row in session.scalars(select(Project).where(Project.id.in_(keys))):
            out[str(row.id)] = project(row)
    elif sobject == CREDIT:
        rows = session.execute(
            select(CreditTransaction, Job.project_id)
            .outerjoin(Job, Job.id == CreditTransaction.job_id)
            .where(CreditTransaction.id.in_(keys))
        ).all()
        for tx, project_id in rows:
            out[str(tx.id)] = credit(tx, project_id)
    elif sobject == UPLOAD:
        for up in session.scalars(select(YoutubeUpload).where(YoutubeUpload.id.in_(keys))):
            out[str(up.id)] = upload(up)
    return out
