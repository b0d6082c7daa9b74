"""FastAPI dependencies as ``Annotated`` aliases: StudioDep, SessionDep, CurrentUser, AdminUser."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, Header
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session
from starlette.requests import HTTPConnection

from filmstudio.studio.accounts import service as accounts
from filmstudio.studio.accounts.errors import MfaRequired
from filmstudio.studio.accounts.schemas import UserPublic
from filmstudio.studio.accounts.second_step import confirmed_by_second_factor
from filmstudio.studio.cache import profile_key, revoked_token_key
from filmstudio.studio.context import Studio
from filmstudio.studio.errors import Forbidden, Unauthorized


async def get_studio(connection: HTTPConnection) -> Studio:
    """Async (it does no I/O): sync dependencies cost a thread-pool hop each."""
    studio: Studio = connection.app.state.studio
    return studio


StudioDep = Annotated[Studio, Depends(get_studio)]


def get_session(studio: StudioDep) -> Iterator[Session]:
    with studio.db.session() as session:
        yield session


def get_read_session(studio: StudioDep) -> Iterator[Session]:
    with studio.db.read_session() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
ReadSessionDep = Annotated[Session, Depends(get_read_session)]

_bearer = HTTPBearer(auto_error=False, description="The access token from /auth/login.")


def _access_claims(studio: Studio, token: str | None) -> dict[str, Any]:
    """The claims of a valid access token (no I/O), or 401 saying what is wrong."""
    if not token:
        raise Unauthorized("Log in first: this needs an access token (Authorization: Bearer …).")
    return studio.tokens.read(token, "access")


def _live_keys(claims: dict[str, Any]) -> tuple[str, str]:
    """The revocation marker of the token and the cached profile of its user, read together
    so that both cost one cache round trip."""
    return revoked_token_key(claims["jti"]), profile_key(uuid.UUID(claims["sub"]))


def _check_live(revoked: str | None) -> None:
    if revoked is not None:
        raise Unauthorized("This access token was revoked when you logged out. Log in again.")


def _live_claims(studio: Studio, token: str | None) -> tuple[dict[str, Any], str | None]:
    """The claims of a live access token and the cached profile of its user (one cache
    round trip for both), or 401 saying what is wrong."""
    claims = _access_claims(studio, token)
    revoked, cached = studio.cache.get_many(*_live_keys(claims))
    _check_live(revoked)
    return claims, cached


def token_claims(studio: Studio, token: str | None) -> dict[str, Any]:
    """The claims of a live access token, or 401 saying what is wrong."""
    return _live_claims(studio, token)[0]


def _account(studio: Studio, claims: dict[str, Any], cached: str | None = None) -> UserPublic:
    """The account behind valid claims, as stored; suspended accounts are refused."""
    user = accounts.profile(studio, uuid.UUID(claims["sub"]), cached)
    if user is None:
        raise Unauthorized("The account for this token no longer exists.")
    if user.is_suspended:
        raise Forbidden("This account is suspended. Contact support to restore it.")
    return user


def powers_of(user: UserPublic, claims: dict[str, Any]) -> UserPublic:
    """The account as the studio's services may trust it: an administrator whose login did
    not pass the second step (a token from before the promotion) acts as a user, so no
    route (REST, GraphQL, a progress socket) lends them an administrator's reach over other
    users' work."""
    if user.role == "admin" and not confirmed_by_second_factor(claims):
        return user.model_copy(update={"role": "user"})
    return user


def user_for(studio: Studio, claims: dict[str, Any], cached: str | None = None) -> UserPublic:
    """The account behind valid claims, with the powers its login earned (`powers_of`)."""
    return powers_of(_account(studio, claims, cached), claims)


def get_claims(
    studio: StudioDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> dict[str, Any]:
    return token_claims(studio, credentials.credentials if credentials else None)


Claims = Annotated[dict[str, Any], Depends(get_claims)]


async def _caller(
    studio: Studio, credentials: HTTPAuthorizationCredentials | None
) -> tuple[dict[str, Any], UserPublic]:
    """The token's claims and its account as stored. The token check and the cache read
    run on the event loop (the cache is awaited, not blocked on: a thread-pool hop costs
    more than the round trip); only a profile missing from the cache is loaded in a worker
    thread."""
    claims = _access_claims(studio, credentials.credentials if credentials else None)
    revoked, cached = await studio.cache.aget_many(*_live_keys(claims))
    _check_live(revoked)
    if cached is not None:
        return claims, _account(studio, claims, cached)
    return claims, await run_in_threadpool(_account, studio, claims)


async def get_current_user(
    studio: StudioDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> UserPublic:
    """The caller's account, with the powers its login earned (`powers_of`)."""
    claims, user = await _caller(studio, credentials)
    return powers_of(user, claims)


CurrentUser = Annotated[UserPublic, Depends(get_current_user)]


async def get_admin(
    studio: StudioDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> UserPublic:
    """An administrator whose login passed the second step. An administrator signed in
    without it (a token from before the promotion) gets 403 ``mfa_required``: the UI asks
    them to log in again and enter the code from their authenticator app."""
    claims, user = await _caller(studio, credentials)
    if user.role != "admin":
        raise Forbidden("This needs an administrator account.")
    if not confirmed_by_second_factor(claims):
        raise MfaRequired(
            "Administrator work needs a login confirmed with your authenticator app: "
            "log in again and enter its code."
        )
    return user


AdminUser = Annotated[UserPublic, Depends(get_admin)]

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=150,
        description="Any unique string; retrying with the same key never spends twice.",
    ),
]
