"""Recordings a user uploads to a project: their own music, or their own narration, which a
render may use instead of the composed score or the synthesized narrator (job options
``music_upload`` / ``narration_upload`` name them by id).

Each is recognised by its first bytes (WAV, MP3, Ogg, FLAC or M4A: what ffmpeg decodes for
the engine), stored under the project's folder, and listed in the project's settings under
"audio" (a new project version, like every change).
"""

from __future__ import annotations

import tempfile
import uuid
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from filmstudio.studio.accounts.schemas import UserPublic
from filmstudio.studio.context import Studio
from filmstudio.studio.errors import BadRequest, Forbidden, NotFound, Unprocessable
from filmstudio.studio.jobs.options import AudioKind
from filmstudio.studio.projects import links
from filmstudio.studio.projects import service as projects
from filmstudio.studio.storage import project_prefix

MAX_BYTES = 50 * 1024 * 1024
MAX_RECORDINGS = 6


class AudioPublic(BaseModel):
    id: str
    kind: AudioKind
    filename: str
    size: int
    url: str


def audio_format(data: bytes) -> str | None:
    """The file's extension from its first bytes, or None for anything else."""
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "wav"
    if data[:3] == b"ID3" or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0):
        return "mp3"
    if data[:4] == b"OggS":
        return "ogg"
    if data[:4] == b"fLaC":
        return "flac"
    if data[4:8] == b"ftyp":
        return "m4a"
    return None


def _public(studio: Studio, entry: dict[str, Any]) -> AudioPublic:
    url = links.link(studio, entry["key"], entry["filename"])
    return AudioPublic(**{k: entry[k] for k in ("id", "kind", "filename", "size")}, url=url)


def list_audio(studio: Studio, user: UserPublic, project_id: uuid.UUID) -> list[AudioPublic]:
    project = projects.get(studio, user, project_id)
    return [_public(studio, e) for e in project.settings.get("audio", [])]


def add_audio(
    studio: Studio,
    user: UserPublic,
    project_id: uuid.UUID,
    kind: AudioKind,
    filename: str,
    data: bytes,
) -> AudioPublic:
    """Store an uploaded recording; 422 for a file that is not audio or too large."""
    project = projects.get(studio, user, project_id)
    if project.access not in ("owner", "edit"):
        raise Forbidden("You can view this project but not change it.")
    if not data:
        raise BadRequest("The file is empty.")
    if len(data) > MAX_BYTES:
        raise Unprocessable(f"The recording is {len(data) / 2**20:.1f} MB; the limit is 50 MB.")
    extension = audio_format(data)
    if extension is None:
        raise Unprocessable("This file is not a recording: upload WAV, MP3, Ogg, FLAC or M4A.")
    audio_id = uuid.uuid4().hex[:12]
    key = f"{project_prefix(project.owner_id, project.id)}/audio/{audio_id}.{extension}"
    name = Path(filename or f"{kind}.{extension}").name[:120]
    entry = {"id": audio_id, "kind": kind, "filename": name, "size": len(data), "key": key}
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "upload"
        source.write_bytes(data)
        studio.storage.put_file(key, source)

    def append(settings: dict[str, Any]) -> dict[str, Any]:
        kept = list(settings.get("audio", []))
        if len(kept) >= MAX_RECORDINGS:
            raise BadRequest(f"A project can keep at most {MAX_RECORDINGS} recordings.")
        return {**settings, "audio": [*kept, entry]}

    projects.change_settings(studio, user, project_id, append)
    return _public(studio, entry)


def delete_audio(studio: Studio, user: UserPublic, project_id: uuid.UUID, audio_id: str) -> None:
    removed: list[dict[str, Any]] = []

    def drop(settings: dict[str, Any]) -> dict[str, Any]:
        kept = list(settings.get("audio", []))
        removed.extend(e for e in kept if e["id"] == audio_id)
        if not removed:
            raise NotFound("This project has no recording with this id.")
        return {**settings, "audio": [e for e in kept if e["id"] != audio_id]}

    projects.change_settings(studio, user, project_id, drop)
    for entry in removed:
        studio.storage.delete(entry["key"])
