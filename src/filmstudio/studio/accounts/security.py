"""Passwords (argon2 through pwdlib) and tokens (JWT through PyJWT).

Access tokens live 15 minutes and are checked without the database; refresh tokens live 7
days and are recorded (``refresh_tokens``) so they can be rotated and revoked. One-time
tokens (e-mail verification, password reset) carry a fingerprint of what they change, so a
reset link stops working once the password has changed.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import jwt
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from filmstudio.studio.db.base import utcnow
from filmstudio.studio.errors import Unauthorized

ALGORITHM = "HS256"
#: Access tokens remembered as verified (`Tokens.read`); past this many the memory starts over.
VERIFIED_ACCESS_TOKENS = 4096


class Passwords:
    """Hash and verify passwords; unknown e-mails are checked against a dummy hash so that a
    login takes as long whether or not the account exists."""

    def __init__(self, time_cost: int, memory_kib: int, parallelism: int) -> None:
        self.hasher = PasswordHash(
            (Argon2Hasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism),)
        )
        self._dummy = self.hasher.hash("not a real password")

    def hash(self, password: str) -> str:
        return self.hasher.hash(password)

    def verify(self, password: str, password_hash: str | None) -> bool:
        if password_hash is None:
            self.hasher.verify(password, self._dummy)
            return False
        return bool(self.hasher.verify(password, password_hash))


@dataclass(frozen=True)
class IssuedToken:
    token: str
    jti: uuid.UUID
    expires_at: datetime


def fingerprint(value: str | None) -> str:
    """A short digest of a secret-ish value (a password hash, an e-mail) for one-time tokens."""
    return hashlib.sha256((value or "").encode()).hexdigest()[:16]


class Tokens:
    """Issue and read the studio's JWTs (HS256 with the studio's secret).

    An access token is presented with every request of its 15 minutes (and read by the rate
    limit and by the route), and PyJWT's checks cost about half a millisecond each time, so
    the claims of an access token that passed them are remembered by its exact text: a
    remembered token is only checked for expiry again. Revocation is not a property of the
    token's text, so callers check it on every request as before.
    """

    def __init__(self, key: str, access_minutes: int, refresh_days: int) -> None:
        self.key = key
        self.access_ttl = timedelta(minutes=access_minutes)
        self.refresh_ttl = timedelta(days=refresh_days)
        self._verified: dict[str, dict[str, Any]] = {}

    def _issue(self, claims: dict[str, Any], ttl: timedelta) -> IssuedToken:
        now = utcnow()
        jti = uuid.uuid4()
        expires = now + ttl
        payload = {**claims, "jti": str(jti), "iat": now, "exp": expires}
        return IssuedToken(jwt.encode(payload, self.key, algorithm=ALGORITHM), jti, expires)

    def access(self, user_id: uuid.UUID, *, mfa: bool = False) -> IssuedToken:
        """`mfa`: the login was confirmed with a second factor (claim ``mfa: true``)."""
        claims: dict[str, Any] = {"sub": str(user_id), "typ": "access"}
        if mfa:
            claims["mfa"] = True
        return self._issue(claims, self.access_ttl)

    def refresh(
        self, user_id: uuid.UUID, family_id: uuid.UUID, *, mfa: bool = False
    ) -> IssuedToken:
        claims: dict[str, Any] = {"sub": str(user_id), "typ": "refresh", "fam": str(family_id)}
        if mfa:
            claims["mfa"] = True
        return self._issue(claims, self.refresh_ttl)

    def purpose(
        self,
        user_id: uuid.UUID,
        purpose: str,
        print_of: str | None,
        ttl: timedelta,
        **extra: str,
    ) -> str:
        """A one-time token for `purpose`; `extra` claims ride along (a new e-mail address)."""
        claims = {**extra, "sub": str(user_id), "typ": purpose, "fp": fingerprint(print_of)}
        return self._issue(claims, ttl).token

    def read(self, token: str, kind: str) -> dict[str, Any]:
        """The claims of a valid, unexpired token of `kind`; else 401 with a clear reason."""
        known = self._verified.get(token) if kind == "access" else None
        if known is not None:
            if known["exp"] <= time.time():  # PyJWT's rule: expired from `exp` on
                self._verified.pop(token, None)
                raise Unauthorized(f"The {_label(kind)} has expired.", code="token_expired")
            return dict(known)
        claims = self._decode(token, kind)
        if kind == "access":
            if len(self._verified) >= VERIFIED_ACCESS_TOKENS:
                self._verified.clear()  # atomic under the GIL; the live tokens return at once
            self._verified[token] = claims
            return dict(claims)
        return claims

    def _decode(self, token: str, kind: str) -> dict[str, Any]:
        """`read` without the memory: PyJWT's signature, expiry and claim checks."""
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                self.key,
                algorithms=[ALGORITHM],
                options={"require": ["sub", "typ", "jti", "exp"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise Unauthorized(f"The {_label(kind)} has expired.", code="token_expired") from exc
        except jwt.PyJWTError as exc:
            raise Unauthorized(f"The {_label(kind)} is not valid.", code="token_invalid") from exc
        if claims.get("typ") != kind:
            raise Unauthorized(f"The {_label(kind)} is not valid.", code="token_invalid")
        try:
            uuid.UUID(claims["sub"])
        except ValueError as exc:
            raise Unauthorized(f"The {_label(kind)} is not valid.", code="token_invalid") from exc
        return claims


def _label(kind: str) -> str:
    return {
        "access": "access token",
        "refresh": "refresh token",
        "verify": "verification link",
        "reset": "password reset link",
        "email_change": "e-mail change link",
        "mfa": "login step token",
    }.get(kind, "token")
