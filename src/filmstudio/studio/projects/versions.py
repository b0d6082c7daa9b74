"""Versions a creator can name, compare and restore.

Every change already saves a version (service._edit); here a version gets a name, two
versions are compared (the project's fields, its settings, and its storyboard scene by scene
and line by line), and an old version becomes the current one again as a *new* version, so
restoring never loses what came after it.

A version without an edited storyboard is compared by the plan its script drafts now (the
planner is rule-based and fast), so "what changed" is always told in scenes and lines.
"""

from __future__ import annotations

import itertools
import uuid
from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy import select

from filmstudio.studio.accounts.schemas import UserPublic
from filmstudio.studio.context import Studio
from filmstudio.studio.errors import NotFound
from filmstudio.studio.projects import images, storyboard
from filmstudio.studio.projects import service as projects
from filmstudio.studio.projects.models import Project, ProjectVersion
from filmstudio.studio.projects.schemas import ProjectPublic, ProjectSettings, VersionPublic

#: Project fields compared one by one (the settings are compared key by key).
FIELDS = ("title", "script", "style", "duration", "language", "voice", "music")
#: Settings that name the project's own files, which stay as they are now on a restore.
FILE_SETTINGS = ("images", "audio")
#: Settings that are not the creator's choices: the storyboard is compared by scenes, files
#: are the project's own (not a version's).
NOT_CHOICES = (*projects.MANAGED_SETTINGS, *projects.PRIVATE_SETTINGS)
#: Scene fields compared one by one (lines are compared apart).
SCENE_FIELDS = (
    "description",
    "setting",
    "characters",
    "mood",
    "shot_type",
    "duration",
    "image",
    "actions",
    "props",
    "transition",
)
#: Plan fields beside the scenes that a creator changes in the editor.
PLAN_FIELDS = ("aspect", "seed", "style", "music", "target_duration")
LINE_FIELDS = ("speaker", "text", "emotion")


class Change(BaseModel):
    field: str
    before: Any
    after: Any


class LineChange(BaseModel):
    line: int
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class SceneChange(BaseModel):
    scene: int
    status: Literal["added", "removed", "changed"]
    fields: list[Change]
    lines: list[LineChange]


class VersionDiff(BaseModel):
    before: VersionPublic
    after: VersionPublic
    fields: list[Change]
    settings: list[Change]
    storyboard: list[Change]
    scenes: list[SceneChange]


def _row(session: Any, project_id: uuid.UUID, version: int) -> ProjectVersion:
    row = session.scalar(
        select(ProjectVersion).where(
            ProjectVersion.project_id == project_id, ProjectVersion.version == version
        )
    )
    if row is None:
        raise NotFound(f"This project has no version {version}.")
    found: ProjectVersion = row
    return found


def rename(
    studio: Studio, user: UserPublic, project_id: uuid.UUID, version: int, name: str | None
) -> VersionPublic:
    """Give a version a name (blank or null removes it); naming is not a change of the film,
    so it saves no new version."""
    with studio.db.transaction() as session:
        projects.load(session, project_id, user, "edit")
        row = _row(session, project_id, version)
        row.name = (name or "").strip() or None
        session.flush()
        return VersionPublic.model_validate(row)


def _changes(names: tuple[str, ...], before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    return [
        Change(field=name, before=before.get(name), after=after.get(name))
        for name in names
        if before.get(name) != after.get(name)
    ]


def _plan_of(studio: Studio, owner: uuid.UUID, data: dict[str, Any]) -> dict[str, Any]:
    """The storyboard a version stands for: its edited plan, else its script's draft."""
    settings = data.get("settings") or {}
    edited = settings.get("plan")
    if edited:
        return dict(edited)
    fields = {name: data.get(name) for name in projects.EDITABLE}
    draft = Project(owner_id=owner, **fields)  # never added to a session: only read
    return storyboard.draft_plan(studio, draft)


def _line(line: dict[str, Any] | None) -> dict[str, Any] | None:
    return None if line is None else {name: line.get(name) for name in LINE_FIELDS}


def _scene_change(
    number: int, before: dict[str, Any] | None, after: dict[str, Any] | None
) -> SceneChange | None:
    if before is None or after is None:
        status: Literal["added", "removed", "changed"] = "added" if before is None else "removed"
        scene = after if after is not None else before
        assert scene is not None
        lines = [
            LineChange(
                line=index + 1,
                before=None if before is None else _line(line),
                after=None if after is None else _line(line),
            )
            for index, line in enumerate(scene.get("dialogue") or [])
        ]
        return SceneChange(scene=number, status=status, fields=[], lines=lines)
    fields = _changes(SCENE_FIELDS, before, after)
    lines = []
    pairs = itertools.zip_longest(before.get("dialogue") or [], after.get("dialogue") or [])
    for index, (old, new) in enumerate(pairs):
        if _line(old) != _line(new):
            lines.append(LineChange(line=index + 1, before=_line(old), after=_line(new)))
    if not fields and not lines:
        return None
    return SceneChange(scene=number, status="changed", fields=fields, lines=lines)


def scene_changes(before: dict[str, Any], after: dict[str, Any]) -> list[SceneChange]:
    """Scene by scene (in film order), what an edit added, removed or changed."""
    changes = []
    pairs = itertools.zip_longest(before.get("scenes") or [], after.get("scenes") or [])
    for index, (old, new) in enumerate(pairs):
        change = _scene_change(index + 1, old, new)
        if change is not None:
            changes.append(change)
    return changes


def compare(
    studio: Studio, user: UserPublic, project_id: uuid.UUID, first: int, second: int
) -> VersionDiff:
    """What changed from version `first` to version `second`."""
    with studio.db.read_session() as session:
        project, _ = projects.load(session, project_id, user, "view")
        rows = [_row(session, project_id, first), _row(session, project_id, second)]
        owner = project.owner_id
        before, after = (VersionPublic.model_validate(row) for row in rows)
    plans = [_plan_of(studio, owner, v.data) for v in (before, after)]
    defaults = ProjectSettings().model_dump()  # a setting left out has its default
    settings = [
        {
            **defaults,
            **{k: v for k, v in (v.data.get("settings") or {}).items() if k not in NOT_CHOICES},
        }
        for v in (before, after)
    ]
    return VersionDiff(
        before=before,
        after=after,
        fields=_changes(FIELDS, before.data, after.data),
        settings=_changes(tuple(sorted({*settings[0], *settings[1]})), *settings),
        storyboard=_changes(PLAN_FIELDS, *plans),
        scenes=scene_changes(*plans),
    )


def restore(studio: Studio, user: UserPublic, project_id: uuid.UUID, version: int) -> ProjectPublic:
    """Make an old version current again, as a new version. The project's own files
    (reference images, recordings) stay as they are now: a restored storyboard loses only a
    picture whose file was deleted since."""
    with studio.db.read_session() as session:
        projects.load(session, project_id, user, "edit")
        data = dict(_row(session, project_id, version).data)

    def apply(project: Project) -> bool:
        current = dict(project.settings or {})
        settings = {k: v for k, v in (data.get("settings") or {}).items() if k not in NOT_CHOICES}
        for name in (*FILE_SETTINGS, *projects.PRIVATE_SETTINGS):
            if name in current:
                settings[name] = current[name]
        plan = (data.get("settings") or {}).get("plan")
        if plan:
            settings["plan"] = images.plan_with_keys(dict(plan), images.stored_keys(current))
        fields = {name: data[name] for name in FIELDS if name in data}
        projects.validate({**projects.snapshot(project), **fields, "settings": settings})
        before = (projects.snapshot(project), project.settings)
        for name, value in fields.items():
            setattr(project, name, value)
        project.settings = settings
        return (projects.snapshot(project), project.settings) != before

    return projects.edit(studio, user, project_id, apply)
