"""Signed, expiring links to stored files, for the browser's <video>, <img> and <a download>.

Why: those elements cannot send an Authorization header, and a token in a URL would grant
everything the token does. A link signs one storage key for a short time instead, so it
shows one file and nothing else. On S3 the store's own presigned link is used.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from urllib.parse import quote, urlencode

from filmstudio.studio.context import Studio
from filmstudio.studio.errors import Forbidden

LINK_SECONDS = 3600
MEDIA_PATH = "/api/v1/projects/media"


def _signature(studio: Studio, key: str, expires: int) -> str:
    secret = hashlib.sha256(("media-links:" + studio.settings.signing_key).encode()).digest()
    return hmac.new(secret, f"{key}\n{expires}".encode(), hashlib.sha256).hexdigest()


def link(
    studio: Studio,
    key: str,
    filename: str,
    *,
    seconds: int = LINK_SECONDS,
    via_studio: bool = False,
) -> str:
    """A URL that serves the stored file `key` as `filename` for `seconds`; `via_studio`
    sends it through the studio even on S3 (for files made on first request)."""
    url = None if via_studio else studio.storage.download_url(key, filename, seconds)
    if url is not None:
        return url
    expires = int(time.time()) + seconds
    query = urlencode({"k": key, "e": expires, "s": _signature(studio, key, expires)})
    return f"{MEDIA_PATH}/{quote(filename)}?{query}"


def check(studio: Studio, key: str, expires: int, signature: str) -> None:
    """Refuse a link that was not made here, was changed, or has expired."""
    expected = _signature(studio, key, expires)
    if not hmac.compare_digest(expected, signature):
        raise Forbidden("This link is not valid. Open the page again for a fresh one.")
    if expires < time.time():
        raise Forbidden("This link has expired. Open the page again for a fresh one.")
