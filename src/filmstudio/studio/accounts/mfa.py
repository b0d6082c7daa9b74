"""Second factor: TOTP (RFC 6238, through pyotp) and one-time recovery codes.

Administrators must have it: their password alone never yields tokens (`login` answers a
challenge instead), and tokens obtained through the second step carry ``mfa: true``. The
secret is sealed at rest with a key derived from the signing key, a code is accepted once
(the step it matched is stored), and recovery codes are kept only as digests.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
import uuid
from dataclasses import dataclass

import pyotp
from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from filmstudio.studio.accounts.errors import (
    MfaAlreadyOn,
    MfaKeptForAdmins,
    MfaNotEnabled,
    MfaNotStarted,
    WrongMfaCode,
)
from filmstudio.studio.accounts.models import MfaSecret, RecoveryCode, User
from filmstudio.studio.context import Studio
from filmstudio.studio.db.base import utcnow
from filmstudio.studio.errors import TooManyRequests
from filmstudio.studio.publishing.crypto import derive_key

ISSUER = "AI Film Studio"
STEP_SECONDS = 30
RECOVERY_CODES = 10
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud, typed by hand


@dataclass(frozen=True)
class Enrolment:
    secret: str
    otpauth_uri: str


def _box(studio: Studio) -> Fernet:
    key = derive_key(studio.settings.signing_key, b"filmstudio mfa secrets")
    return Fernet(base64.urlsafe_b64encode(key))


def _digest(code: str) -> str:
    return hashlib.sha256(normalise(code).encode()).hexdigest()


def normalise(code: str) -> str:
    """What a person typed, without spaces, dashes or case; only ASCII letters and digits
    are kept, so a code with other characters is simply wrong (``hmac.compare_digest``
    refuses non-ASCII text with TypeError)."""
    return "".join(c for c in code.lower() if c.isascii() and c.isalnum())


def new_recovery_codes() -> list[str]:
    """Ten codes like ``k7m2p-x9q4t`` (50 bits each)."""
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    return codes


def _replace_recovery_codes(session: Session, user_id: uuid.UUID) -> list[str]:
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    codes = new_recovery_codes()
    session.add_all(RecoveryCode(user_id=user_id, code_hash=_digest(c)) for c in codes)
    return codes


def enabled(session: Session, user_id: uuid.UUID) -> bool:
    row = session.get(MfaSecret, user_id)
    return row is not None and row.confirmed_at is not None


def recovery_codes_left(session: Session, user_id: uuid.UUID) -> int:
    return (
        session.scalar(
            select(func.count()).where(
                RecoveryCode.user_id == user_id, RecoveryCode.used_at.is_(None)
            )
        )
        or 0
    )


def start(studio: Studio, session: Session, user: User) -> Enrolment:
    """A new secret to scan (replacing one never confirmed); refused while one is on."""
    row = session.get(MfaSecret, user.id)
    if row is not None and row.confirmed_at is not None:
        raise MfaAlreadyOn("Two-step login is already on for this account.")
    secret = pyotp.random_base32()
    sealed = _box(studio).encrypt(secret.encode()).decode("ascii")
    if row is None:
        session.add(MfaSecret(user_id=user.id, sealed_secret=sealed))
    else:
        row.sealed_secret, row.last_step = sealed, None
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)
    return Enrolment(secret=secret, otpauth_uri=uri)


def _matching_step(secret: str, code: str, after: int | None) -> int | None:
    """The time step (now, or one either side for clock drift) whose code is `code`, if it
    was not used before (`after`: the last step accepted)."""
    totp = pyotp.TOTP(secret)
    now = int(time.time()) // STEP_SECONDS
    for step in (now - 1, now, now + 1):
        if after is not None and step <= after:
            continue
        if hmac.compare_digest(totp.at(step * STEP_SECONDS), code):
            return step
    return None


def _check_totp(studio: Studio, row: MfaSecret, code: str) -> bool:
    try:
        secret = _box(studio).decrypt(row.sealed_secret.encode()).decode()
    except InvalidToken:
        return False  # the signing key changed: the user must recover
    step = _matching_step(secret, code, row.last_step)
    if step is None:
        return False
    row.last_step = step
    return True


def _use_recovery_code(session: Session, user_id: uuid.UUID, code: str) -> bool:
    found = session.scalar(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user_id,
            RecoveryCode.code_hash == _digest(code),
            RecoveryCode.used_at.is_(None),
        )
    )
    if found is None:
        return False
    found.used_at = utcnow()
    return True


def _limited(studio: Studio, user_id: uuid.UUID) -> None:
    verdict = studio.limiter.login_attempt(f"mfa:{user_id}")
    if not verdict.allowed:
        raise TooManyRequests(
            f"Too many wrong codes. Try again in {verdict.retry_after} seconds.",
            verdict.retry_after,
            code="mfa_attempts_exceeded",
        )


def check(studio: Studio, session: Session, user_id: uuid.UUID, code: str) -> str:
    """Accept an authenticator code or a recovery code (each once) for a user with two-step
    login on; returns which kind matched ("totp" or "recovery"), else WrongMfaCode."""
    _limited(studio, user_id)
    row = session.get(MfaSecret, user_id)
    if row is None or row.confirmed_at is None:
        raise MfaNotEnabled("Two-step login is not on for this account.")
    typed = normalise(code)
    if typed.isdigit() and _check_totp(studio, row, typed):
        kind = "totp"
    elif _use_recovery_code(session, user_id, typed):
        kind = "recovery"
    else:
        raise WrongMfaCode("The code is wrong or was already used. Try the next one.")
    studio.limiter.login_succeeded(f"mfa:{user_id}")
    return kind


def confirm(studio: Studio, session: Session, user_id: uuid.UUID, code: str) -> list[str]:
    """Turn two-step login on with the first code from the app; returns the recovery codes
    (shown once)."""
    _limited(studio, user_id)
    row = session.get(MfaSecret, user_id)
    if row is None:
        raise MfaNotStarted("Start setting up two-step login first (scan a new secret).")
    if row.confirmed_at is not None:
        raise MfaAlreadyOn("Two-step login is already on for this account.")
    if not _check_totp(studio, row, normalise(code)):
        raise WrongMfaCode("The code does not match the secret. Check the app and try again.")
    row.confirmed_at = utcnow()
    studio.limiter.login_succeeded(f"mfa:{user_id}")
    return _replace_recovery_codes(session, user_id)


def regenerate(studio: Studio, session: Session, user_id: uuid.UUID, code: str) -> list[str]:
    """New recovery codes (the old ones stop working), after a code proves the factor."""
    check(studio, session, user_id, code)
    return _replace_recovery_codes(session, user_id)


def disable(studio: Studio, session: Session, user: User, code: str) -> None:
    """Turn two-step login off (not for administrators: their role needs it)."""
    if user.role == "admin":
        raise MfaKeptForAdmins("Administrators must keep two-step login on.")
    check(studio, session, user.id, code)
    forget(session, user.id)


def forget(session: Session, user_id: uuid.UUID) -> None:
    """Remove the secret and recovery codes (turning it off, deleting the account)."""
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    session.execute(delete(MfaSecret).where(MfaSecret.user_id == user_id))
