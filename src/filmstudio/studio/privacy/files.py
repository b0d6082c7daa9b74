"""Every stored file of a user, on either storage backend (everything a user owns lives
under ``users/{id}/`` in the bucket layout).

The storage interface has no listing yet: this walks the local folder or pages through S3's
listing. It belongs in `Storage` as ``keys(prefix)``; until then it lives here."""

from __future__ import annotations

import uuid
from pathlib import Path

from filmstudio.studio.storage import LocalStorage, S3Storage, Storage


def user_prefix(user_id: uuid.UUID) -> str:
    return f"users/{user_id}/"


def keys_under(storage: Storage, prefix: str) -> list[str]:
    """The keys that start with `prefix`, sorted."""
    if isinstance(storage, LocalStorage):
        root = storage.root.resolve()
        base = root / prefix
        if not base.is_dir():
            return []
        found = (p for p in base.rglob("*") if p.is_file() and not p.name.startswith(".partial-"))
        return sorted(Path(p).resolve().relative_to(root).as_posix() for p in found)
    if isinstance(storage, S3Storage):
        keys: list[str] = []
        pages = storage.client.get_paginator("list_objects_v2").paginate(
            Bucket=storage.bucket, Prefix=storage.prefix + prefix
        )
        for page in pages:
            keys.extend(item["Key"][len(storage.prefix) :] for item in page.get("Contents", []))
        return sorted(keys)
    raise TypeError(f"Cannot list the files of a {type(storage).__name__}.")


def erase(storage: Storage, prefix: str) -> int:
    """Delete every file under `prefix` (and the local folders left empty); returns how many."""
    keys = keys_under(storage, prefix)
    for key in keys:
        storage.delete(key)
    if isinstance(storage, LocalStorage):
        base = storage.root / prefix
        folders = sorted((p for p in base.rglob("*") if p.is_dir()), reverse=True)
        for folder in [*folders, base]:
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
    return len(keys)
