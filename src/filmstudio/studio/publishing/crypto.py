"""Secrets of the publishing domain: OAuth tokens encrypted at rest, and signed links.

Tokens are sealed with Fernet (AES-CBC + HMAC): a copy of the database alone does not let
anyone act on a user's channel. The key is configured, or derived from the studio signing
key with HKDF so a one-machine studio needs no extra setting. Download links and the OAuth
`state` are HMAC-signed strings that carry their own expiry, so the studio keeps no table
of them and a changed byte or a passed deadline is caught without a database read.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def derive_key(signing_key: str, purpose: bytes) -> bytes:
    """A 32-byte key for one purpose, derived from the studio signing key."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(
        signing_key.encode()
    )


class TokenBox:
    """Encrypts and decrypts OAuth tokens for storage."""

    def __init__(self, signing_key: str, configured_key: str | None = None) -> None:
        key = configured_key.encode() if configured_key else None
        if key is None:
            key = base64.urlsafe_b64encode(derive_key(signing_key, b"filmstudio youtube tokens"))
        self._fernet = Fernet(key)

    def seal(self, token: str | None) -> str | None:
        return None if token is None else self._fernet.encrypt(token.encode()).decode("ascii")

    def open(self, sealed: str | None) -> str | None:
        """The token, or None when there is none or it cannot be read (a changed key)."""
        if sealed is None:
            return None
        try:
            return self._fernet.decrypt(sealed.encode()).decode()
        except InvalidToken:
            return None


class BadSignature(Exception):
    """A signed value was changed, or was made with another key."""


class Expired(Exception):
    """A signed value was genuine but its time is over; `expired_at` says when it ended."""

    def __init__(self, expired_at: int) -> None:
        super().__init__(expired_at)
        self.expired_at = expired_at


class Signer:
    """Signs small JSON payloads with an expiry: ``payload.signature``, both base64url."""

    def __init__(self, signing_key: str, purpose: bytes) -> None:
        self._key = derive_key(signing_key, purpose)

    def _mac(self, body: str) -> str:
        return _b64(hmac.new(self._key, body.encode(), hashlib.sha256).digest())

    def sign(self, payload: dict[str, Any], expires_at: int) -> str:
        body = _b64(json.dumps({**payload, "exp": expires_at}, separators=(",", ":")).encode())
        return f"{body}.{self._mac(body)}"

    def read(self, token: str, now: float | None = None) -> dict[str, Any]:
        """The payload of a genuine, unexpired token; BadSignature or Expired otherwise."""
        body, _, mac = token.partition(".")
        if not body or not mac or not hmac.compare_digest(self._mac(body), mac):
            raise BadSignature(token)
        try:
            payload: dict[str, Any] = json.loads(_unb64(body))
            expires_at = int(payload["exp"])
        except (ValueError, KeyError, TypeError) as error:
            raise BadSignature(token) from error
        if (time.time() if now is None else now) >= expires_at:
            raise Expired(expires_at)
        return payload
