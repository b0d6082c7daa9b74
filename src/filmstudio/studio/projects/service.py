"""Projects: create, read, change (each change a new version), soft delete, duplicate, share.

Access levels: the owner does everything; an `edit` share may change and render; a `view`
share may read, list versions and duplicate; admins may read and delete any project.
Anyone else gets 404, so project ids reveal nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Select, String, cast, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from filmstudio.studio.accounts.models import User
from filmstudio.studio.accounts.schemas import UserPublic
from filmstudio.studio.cache import balance_key, projects_key
from filmstudio.studio.context import Studio
from filmstudio.studio.db.base import utcnow
from filmstudio.studio.errors import BadRequest, Conflict, Forbidden, NotFound
from filmstudio.studio.pagination import Page, PageParams, paginate
from filmstudio.studio.projects import catalog, thumbnails
from filmstudio.studio.projects.models import Project, ProjectShare, ProjectVersion
from filmstudio.studio.projects.schemas import (
    ProjectCreate,
    ProjectPublic,
    ProjectUpdate,
    SharePublic,
    VersionPublic,
)

Need = Literal["view", "edit", "owner", "delete"]
EDITABLE = ("title", "script", "style", "duration", "language", "voice", "music", "settings")
NO_PROJECT = "There is no project with this id (or it is not shared with you)."
#: Settings the studio keeps itself (an edited storyboard, reference images): a settings
#: change from the editor keeps them.
MANAGED_SETTINGS = ("plan", "images", "audio")
#: Settings only the owner sees (through /shares): never in a version, a copy or a project's
#: public view. Invitations name addresses the sharees must not learn.
PRIVATE_SETTINGS = ("invites",)


def shown(settings: dict[str, Any] | None) -> dict[str, Any]:
    """The settings without the private ones."""
    return {k: v for k, v in (settings or {}).items() if k not in PRIVATE_SETTINGS}


#: Plan fields that follow the project's own fields when those change.
PLAN_FIELDS = {
    "title": "title",
    "style": "style",
    "music": "music",
    "voice": "narrator_voice",
    "duration": "target_duration",
}


def snapshot(project: Project) -> dict[str, Any]:
    """The editable fields of a project, as a version stores them."""
    fields = {name: getattr(project, name) for name in EDITABLE}
    if "settings" in fields:
        fields["settings"] = shown(fields["settings"])
    return fields


def engine_fields(project: Project) -> dict[str, Any]:
    """The engine's FilmRequest fields that come straight from the project (its script,
    choices and settings), shared by the storyboard's draft plan and the render request so
    both plan the same film."""
    settings = project.settings or {}
    return {
        "script": project.script,
        "title": project.title,
        "duration": project.duration,
        "language": project.language,
        "narrator_voice": project.voice,
        "music": project.music,
        "style": project.style,
        "quality": settings.get("quality", "720p"),
        "seed": int(settings.get("seed", 0)),
        "cast": dict(settings.get("cast", {})),
    }


def validate(data: dict[str, Any]) -> None:
    """Check a script and the named choices against what the engine accepts."""
    catalog.check_script(data["script"])
    catalog.check_choice("style", data["style"])
    catalog.check_choice("voice", data["voice"])
    catalog.check_choice("music", data["music"])
    if data["language"] is not None:
        catalog.check_choice("language", data["language"])
    for character, voice in data["settings"].get("cast", {}).items():
        if not character.strip():
            raise BadRequest("A cast entry has an empty character name.")
        catalog.check_choice("voice", voice)


def access_level(session: Session, project: Project, user: UserPublic) -> str | None:
    if project.owner_id == user.id:
        return "owner"
    share = session.scalar(
        select(ProjectShare.permission).where(
            ProjectShare.project_id == project.id, ProjectShare.user_id == user.id
        )
    )
    if share is not None:
        return share
    return "admin" if user.role == "admin" else None


def load(
    session: Session, project_id: uuid.UUID, user: UserPublic, need: Need, *, lock: bool = False
) -> tuple[Project, str]:
    """The project and the caller's access to it, or 404/403 saying what is missing."""
    project = session.get(Project, project_id, with_for_update=lock or None)
    if project is None or project.deleted_at is not None:
        raise NotFound(NO_PROJECT)
    level = access_level(session, project, user)
    if level is None:
        raise NotFound(NO_PROJECT)
    if need == "edit" and level not in ("owner", "edit"):
        raise Forbidden("You can view this project but not change it.")
    if need == "owner" and level != "owner":
        raise Forbidden("Only the project's owner can do this.")
    if need == "delete" and level not in ("owner", "admin"):
        raise Forbidden("Only the project's owner can delete it.")
    return project, level


def public(project: Project, access: str, thumbnail: str | None = None) -> ProjectPublic:
    fields = [c for c in ProjectPublic.model_fields if c not in ("access", "thumbnail_url")]
    return ProjectPublic.model_validate(
        {
            **{c: getattr(project, c) for c in fields},
            "settings": shown(project.settings),
            "access": access,
            "thumbnail_url": thumbnail,
        }
    )


def _public_with_thumbnail(
    studio: Studio, session: Session, project: Project, access: str
) -> ProjectPublic:
    found = thumbnails.latest(studio, session, [project.id])
    return public(project, access, found.get(project.id))


def list_keys(session: Session, project_id: uuid.UUID, owner_id: uuid.UUID) -> list[str]:
    """The cached project lists of everyone who sees this project; delete them after the
    change commits (deleting earlier lets a concurrent read cache the old rows again)."""
    sharees = session.scalars(
        select(ProjectShare.user_id).where(ProjectShare.project_id == project_id)
    ).all()
    return [projects_key(owner_id), *(projects_key(u) for u in sharees)]


def create(studio: Studio, user: UserPublic, data: ProjectCreate) -> ProjectPublic:
    fields = data.model_dump()
    validate(fields)
    with studio.db.transaction() as session:
        project = Project(owner_id=user.id, status="draft", version=1, **fields)
        session.add(project)
        session.flush()
        session.add(
            ProjectVersion(
                project_id=project.id, version=1, data=snapshot(project), created_by=user.id
            )
        )
        result = public(project, "owner")
    studio.cache.delete(projects_key(user.id))
    return result


def _list_query(user: UserPublic, status: str | None) -> Select[Any]:
    shared = select(ProjectShare.project_id).where(ProjectShare.user_id == user.id)
    query = select(Project).where(
        Project.deleted_at.is_(None), or_(Project.owner_id == user.id, Project.id.in_(shared))
    )
    if status is not None:
        query = query.where(Project.status == status)
    return query.order_by(Project.updated_at.desc(), Project.id)


def _page_field(status: str | None, params: PageParams) -> str:
    return f"{status}:{params.page}:{params.page_size}"


def cached_page(
    studio: Studio, user: UserPublic, status: str | None, params: PageParams
) -> str | None:
    """The cached JSON of one page of the user's project list, if there is one."""
    return studio.cache.hget(projects_key(user.id), _page_field(status, params))


async def cached_page_async(
    studio: Studio, user: UserPublic, status: str | None, params: PageParams
) -> str | None:
    """`cached_page` awaited on the event loop (cheaper than a thread-pool hop)."""
    return await studio.cache.ahget(projects_key(user.id), _page_field(status, params))


def list_projects(studio: Studio, user: UserPublic, status: str | None, params: PageParams) -> str:
    """One page of the user's own and shared projects, as JSON, cached in
    user:{id}:projects (a hash with one field per query)."""
    cached = cached_page(studio, user, status, params)
    if cached is not None:
        return cached
    key, field = projects_key(user.id), _page_field(status, params)
    with studio.db.read_session() as session:
        rows, total = paginate(session, _list_query(user, status), params)
        shares = dict(
            session.execute(
                select(ProjectShare.project_id, ProjectShare.permission).where(
                    ProjectShare.user_id == user.id,
                    ProjectShare.project_id.in_([p.id for p in rows]),
                )
            ).all()
        )
        pictures = thumbnails.latest(studio, session, [p.id for p in rows])
        items = [
            public(p, "owner" if p.owner_id == user.id else shares[p.id], pictures.get(p.id))
            for p in rows
        ]
    body = Page[ProjectPublic](
        items=items, total=total, page=params.page, page_size=params.page_size
    ).model_dump_json()
    studio.cache.hset(key, field, body, studio.settings.cache_seconds)
    return body


def get(studio: Studio, user: UserPublic, project_id: uuid.UUID) -> ProjectPublic:
    with studio.db.read_session() as session:
        project, level = load(session, project_id, user, "view")
        return _public_with_thumbnail(studio, session, project, level)


def _carry_managed(before: dict[str, Any], changes: dict[str, Any]) -> None:
    """Keep the studio-kept settings through an edit. An edited storyboard follows the new
    style, music, voice, title and length, and is dropped when the script or its language
    changes (its scenes and lines were made from the old text)."""
    settings = dict(changes.get("settings", before["settings"]))
    for name in MANAGED_SETTINGS:
        if name in before["settings"] and name not in settings:
            settings[name] = before["settings"][name]
    script_changed = any(
        name in changes and changes[name] != before[name] for name in ("script", "language")
    )
    plan = settings.get("plan")
    if plan is not None and script_changed:
        del settings["plan"]
    elif plan is not None:
        plan = dict(plan)
        for field, plan_field in PLAN_FIELDS.items():
            if field in changes:
                plan[plan_field] = changes[field]
        settings["plan"] = plan
    if settings != before["settings"]:
        changes["settings"] = settings


def _edit(
    studio: Studio,
    user: UserPublic,
    project_id: uuid.UUID,
    apply: Callable[[Project], bool],
) -> ProjectPublic:
    """Run `apply` on the locked project; when it reports a change, the project moves to a
    new version. One place for the locking, versioning and cache rules of every edit."""
    try:
        with studio.db.transaction() as session:
            project, level = load(session, project_id, user, "edit", lock=True)
            if apply(project):
                project.version += 1
                session.add(
                    ProjectVersion(
                        project_id=project.id,
                        version=project.version,
                        data=snapshot(project),
                        created_by=user.id,
                    )
                )
                session.flush()
            result = _public_with_thumbnail(studio, session, project, level)
            keys = list_keys(session, project.id, project.owner_id)
    except IntegrityError as exc:
        raise Conflict("The project changed at the same moment; reload it and try again.") from exc
    studio.cache.delete(*keys)
    return result


#: Run an edit as a new version (for the project's own modules: versions, storyboard).
edit = _edit


def change_settings(
    studio: Studio,
    user: UserPublic,
    project_id: uuid.UUID,
    change: Callable[[dict[str, Any]], dict[str, Any]],
) -> ProjectPublic:
    """Replace the project's settings with `change(settings)` as a new version (for the
    settings the studio keeps itself: the storyboard and reference images)."""

    def apply(project: Project) -> bool:
        settings = change(dict(project.settings or {}))
        if settings == project.settings:
            return False
        project.settings = settings
        return True

    return _edit(studio, user, project_id, apply)


def update(
    studio: Studio, user: UserPublic, project_id: uuid.UUID, data: ProjectUpdate
) -> ProjectPublic:
    """Apply the given fields; if anything changed, the project moves to a new version."""
    changes = data.model_dump(exclude_unset=True)
    if "settings" in changes and changes["settings"] is None:
        raise BadRequest("settings cannot be null; leave it out to keep the current settings.")
    for name in ("title", "script", "style", "duration", "voice", "music"):
        if name in changes and changes[name] is None:
            raise BadRequest(f"{name} cannot be null; leave it out to keep the current value.")

    def apply(project: Project) -> bool:
        before = snapshot(project)
        _carry_managed(before, changes)
        after = {**before, **changes}
        if after == before:
            return False
        validate(after)
        private = {k: v for k, v in (project.settings or {}).items() if k in PRIVATE_SETTINGS}
        for name, value in changes.items():
            setattr(project, name, {**value, **private} if name == "settings" else value)
        return True

    return _edit(studio, user, project_id, apply)


def delete(studio: Studio, user: UserPublic, project_id: uuid.UUID) -> None:
    """Soft delete: the project disappears for everyone; unfinished renders are cancelled."""
    from filmstudio.studio.jobs.service import cancel_unfinished_jobs

    with studio.db.transaction() as session:
        project, _ = load(session, project_id, user, "delete", lock=True)
        project.deleted_at = utcnow()
        refunded = cancel_unfinished_jobs(session, project_id=project.id)
        keys = list_keys(session, project.id, project.owner_id)
    studio.cache.delete(*keys, *(balance_key(u) for u in refunded))


def duplicate(studio: Studio, user: UserPublic, project_id: uuid.UUID) -> ProjectPublic:
    """A new draft owned by the caller with the same script and choices."""
    with studio.db.transaction() as session:
        source, _ = load(session, project_id, user, "view")
        fields = snapshot(source)
        fields["title"] = f"Copy of {source.title}"[:200]
        copy = Project(owner_id=user.id, status="draft", version=1, **fields)
        session.add(copy)
        session.flush()
        session.add(
            ProjectVersion(project_id=copy.id, version=1, data=snapshot(copy), created_by=user.id)
        )
        result = public(copy, "owner")
    studio.cache.delete(projects_key(user.id))
    return result


def versions(studio: Studio, user: UserPublic, project_id: uuid.UUID) -> list[VersionPublic]:
    with studio.db.read_session() as session:
        load(session, project_id, user, "view")
        rows = session.scalars(
            select(ProjectVersion)
            .where(ProjectVersion.project_id == project_id)
            .order_by(ProjectVersion.version.desc())
        ).all()
        return [VersionPublic.model_validate(v) for v in rows]


def _share_public(share: ProjectShare, email: str) -> SharePublic:
    return SharePublic(
        user_id=share.user_id,
        email=email,
        permission=share.permission,
        created_at=share.created_at,
    )


def _invite_public(invite: dict[str, Any]) -> SharePublic:
    return SharePublic(
        user_id=uuid.UUID(invite["id"]),
        email=invite["email"],
        permission=invite["permission"],
        created_at=datetime.fromisoformat(invite["created_at"]),
    )


def list_shares(studio: Studio, user: UserPublic, project_id: uuid.UUID) -> list[SharePublic]:
    """Who may open the project: shares with accounts, and invitations to addresses with none
    yet, in one shape (the list does not tell which is which)."""
    with studio.db.read_session() as session:
        project, level = load(session, project_id, user, "view")
        if level not in ("owner", "admin"):
            raise Forbidden("Only the project's owner can see who it is shared with.")
        rows = session.execute(
            select(ProjectShare, User.email)
            .join(User, User.id == ProjectShare.user_id)
            .where(ProjectShare.project_id == project.id)
            .order_by(ProjectShare.created_at)
        ).all()
        shares = [_share_public(share, email) for share, email in rows]
        invites = [_invite_public(i) for i in (project.settings or {}).get("invites", [])]
    return sorted([*shares, *invites], key=lambda entry: entry.created_at)


def _invite(project: Project, address: str, permission: str) -> SharePublic:
    """Keep (or change) an invitation for an address with no account: it becomes a share
    when an account with that address is verified (`claim_invites`)."""
    settings = dict(project.settings or {})
    invites = [dict(i) for i in settings.get("invites", [])]
    found = next((i for i in invites if i["email"] == address), None)
    if found is None:
        found = {"id": str(uuid.uuid4()), "email": address, "created_at": utcnow().isoformat()}
        invites.append(found)
    found["permission"] = permission
    project.settings = {**settings, "invites": invites}
    return _invite_public(found)


def share(
    studio: Studio, user: UserPublic, project_id: uuid.UUID, email: str, permission: str
) -> SharePublic:
    """Give (or change) access to the project by e-mail address. The answer is the same
    whether or not the address has an account (sharing must not reveal who is registered):
    an address with none gets an invitation that waits for its account."""
    address = email.strip().lower()
    invitee: uuid.UUID | None = None
    try:
        with studio.db.transaction() as session:
            project, _ = load(session, project_id, user, "owner", lock=True)
            target = session.scalar(
                select(User).where(User.email == address, User.deleted_at.is_(None))
            )
            if target is None:
                return _invite(project, address, permission)
            if target.id == project.owner_id:
                raise BadRequest("You own this project already; share it with someone else.")
            row = session.scalar(
                select(ProjectShare).where(
                    ProjectShare.project_id == project.id, ProjectShare.user_id == target.id
                )
            )
            if row is None:
                row = ProjectShare(project_id=project.id, user_id=target.id, permission=permission)
                session.add(row)
            else:
                row.permission = permission
            session.flush()
            result, invitee = _share_public(row, target.email), target.id
    except IntegrityError as exc:
        raise Conflict("The project was shared at the same moment; reload and try again.") from exc
    studio.cache.delete(projects_key(invitee))
    return result


def claim_invites(studio: Studio, user_id: uuid.UUID, email: str) -> int:
    """Turn the invitations to `email` into shares for its account (call once the address
    is verified: an unverified address proves nothing). Returns how many were claimed."""
    address = email.strip().lower()
    claimed = 0
    with studio.db.transaction() as session:
        candidates = session.scalars(
            select(Project).where(
                Project.deleted_at.is_(None),
                cast(Project.settings, String).contains(f'"{address}"'),
            )
        ).all()
        for project in candidates:
            settings = dict(project.settings or {})
            invites = list(settings.get("invites", []))
            mine = [i for i in invites if i["email"] == address]
            if not mine or project.owner_id == user_id:
                continue
            project.settings = {**settings, "invites": [i for i in invites if i not in mine]}
            exists = session.scalar(
                select(ProjectShare.user_id).where(
                    ProjectShare.project_id == project.id, ProjectShare.user_id == user_id
                )
            )
            if exists is None:
                session.add(
                    ProjectShare(
                        project_id=project.id, user_id=user_id, permission=mine[0]["permission"]
                    )
                )
                claimed += 1
    studio.cache.delete(projects_key(user_id))
    return claimed


def unshare(studio: Studio, user: UserPublic, project_id: uuid.UUID, user_id: uuid.UUID) -> None:
    """End a share (by the user's id) or an invitation (by its id)."""
    with studio.db.transaction() as session:
        project, _ = load(session, project_id, user, "owner", lock=True)
        row = session.scalar(
            select(ProjectShare).where(
                ProjectShare.project_id == project.id, ProjectShare.user_id == user_id
            )
        )
        if row is not None:
            session.delete(row)
        else:
            settings = dict(project.settings or {})
            invites = list(settings.get("invites", []))
            kept = [i for i in invites if i["id"] != str(user_id)]
            if len(kept) == len(invites):
                raise NotFound("This project is not shared with that user.")
            project.settings = {**settings, "invites": kept}
    studio.cache.delete(projects_key(user_id))
