"""Reading stored files back, on either storage backend.

The storage interface writes and links files; the storyboard also needs to read a small
one (a film's plan.json) on the server, which this does for both backends.
"""

from __future__ import annotations

from filmstudio.studio.storage import S3Storage, Storage


def read_bytes(storage: Storage, key: str) -> bytes | None:
    """The stored file's bytes, or None when it is not there."""
    path = storage.local_path(key)
    if path is not None:
        return path.read_bytes()
    if isinstance(storage, S3Storage) and storage.exists(key):
        body = storage.client.get_object(Bucket=storage.bucket, Key=storage.prefix + key)["Body"]
        data: bytes = body.read()
        return data
    return None
