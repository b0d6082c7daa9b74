"""Reading stored files back, on either storage backend.

The storage interface writes and links files; the storyboard also needs to read a small
one (a film's plan.json) on the server. It goes through the interface's own reads, so every
backend (and its key layout) is handled in one place.
"""

from __future__ import annotations

from filmstudio.studio.storage import Storage

_CHUNK = 1 << 20


def read_bytes(storage: Storage, key: str) -> bytes | None:
    """The stored file's bytes, or None when it is not there."""
    if not storage.exists(key):
        return None
    return b"".join(storage.iter_chunks(key, _CHUNK))
