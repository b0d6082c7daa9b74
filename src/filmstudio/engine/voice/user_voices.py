"""Voices a user adds: local model folders (Piper, Kokoro) and cloud voices (clones).

Why a folder per voice: ``filmstudio voices add PATH`` copies the model into the user's voices
directory (``$FILMSTUDIO_VOICES_DIR``, else the platform's user data folder) next to a
``voice.json`` that says which engine speaks it, so the catalog lists it in every later run
and a plan can name it like any built-in voice. A voice is copied into a temporary sibling
and renamed into place, so a half-copied voice is never listed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir

from filmstudio.engine.errors import InputError
from filmstudio.engine.voice.base import VoiceInfo

_MANIFEST = "voice.json"
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")


class VoiceFolderError(InputError):
    """A voice folder (or a cloud voice) cannot be added: the sentence says what is wrong."""


@dataclass(frozen=True)
class UserVoice:
    """A registered voice: what the catalog shows, where its files are, engine settings."""

    info: VoiceInfo
    folder: Path
    settings: Mapping[str, Any] = field(default_factory=dict)


def voices_dir() -> Path:
    """Where user voices live: $FILMSTUDIO_VOICES_DIR, else the user's data folder."""
    configured = os.environ.get("FILMSTUDIO_VOICES_DIR")
    if configured:
        return Path(configured)
    return Path(user_data_dir("filmstudio")) / "voices"


def slug(name: str) -> str:
    """A voice id from a file or folder name: lower case, letters, digits and dashes."""
    cleaned = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:63]
    return cleaned or "voice"


def _read(folder: Path) -> UserVoice | None:
    try:
        data = json.loads((folder / _MANIFEST).read_text("utf-8"))
        info = VoiceInfo(
            id=str(data["id"]),
            engine=str(data["engine"]),
            gender=str(data.get("gender", "unknown")),
            age=str(data.get("age", "adult")),
            languages=tuple(str(code) for code in data["languages"]),
            description=str(data.get("description", "")),
        )
        return UserVoice(info, folder, dict(data.get("settings", {})))
    except (OSError, ValueError, KeyError, TypeError):
        return None  # a broken or half-removed folder is not a voice


def load_user_voices() -> list[UserVoice]:
    """Every registered user voice, by id."""
    root = voices_dir()
    if not root.is_dir():
        return []
    found = [_read(child) for child in sorted(root.iterdir()) if not child.name.startswith(".")]
    return [voice for voice in found if voice is not None]


def find_user_voice(voice_id: str) -> UserVoice | None:
    """The registered voice called `voice_id`, if any."""
    key = voice_id.strip().lower()
    if not _ID.match(key):
        return None
    voice = _read(voices_dir() / key)
    return voice if voice is not None and voice.info.id == key else None


def register(
    info: VoiceInfo, files: Mapping[str, Path], settings: Mapping[str, Any] | None = None
) -> UserVoice:
    """Copy `files` (name in the voice folder → source) and a manifest into the registry."""
    if not _ID.match(info.id):
        raise VoiceFolderError(
            f"'{info.id}' cannot be a voice name: use lower-case letters, digits and dashes."
        )
    root = voices_dir()
    root.mkdir(parents=True, exist_ok=True)
    target = root / info.id
    if target.exists():
        raise VoiceFolderError(
            f"A voice called '{info.id}' is already added; choose another name or remove "
            f"{target} first."
        )
    building = Path(tempfile.mkdtemp(dir=root, prefix=f".{info.id}."))
    try:
        for name, source in files.items():
            shutil.copyfile(source, building / name)
        manifest = {**asdict(info), "languages": list(info.languages), "settings": settings or {}}
        (building / _MANIFEST).write_text(json.dumps(manifest, indent=2), "utf-8")
        os.replace(building, target)
    finally:
        if building.exists():
            shutil.rmtree(building, ignore_errors=True)
    return UserVoice(info, target, dict(settings or {}))
