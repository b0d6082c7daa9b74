"""Who is asking: the same access token as REST (an ``Authorization: Bearer`` header, or for
a WebSocket the ``token`` query parameter or the connection's ``Authorization`` payload),
checked by the same code (revoked tokens, suspended and deleted accounts refused)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials
from graphql import GraphQLError
from starlette.requests import HTTPConnection
from strawberry.fastapi import BaseContext
from strawberry.types import Info

from filmstudio.studio.accounts.schemas import UserPublic
from filmstudio.studio.context import Studio
from filmstudio.studio.deps import get_current_user
from filmstudio.studio.errors import StudioError

T = TypeVar("T")


class Context(BaseContext):
    """The studio and the caller's token; the account is looked up once per operation."""

    def __init__(self, studio: Studio, token: str | None) -> None:
        super().__init__()
        self.studio = studio
        self._token = token
        self._user: UserPublic | None = None

    def token(self) -> str | None:
        params = self.connection_params if isinstance(self.connection_params, dict) else {}
        offered = params.get("Authorization") or params.get("authorization")
        if isinstance(offered, str) and offered.lower().startswith("bearer "):
            return offered[7:].strip()
        return self._token or (str(params["token"]) if params.get("token") else None)

    async def user(self) -> UserPublic:
        """The caller's account, or a GraphQL error with the REST status and code."""
        if self._user is None:
            token = self.token()
            offered = (
                HTTPAuthorizationCredentials(scheme="Bearer", credentials=token) if token else None
            )
            try:  # REST's own dependency: the same checks, the cache read on the event loop
                self._user = await get_current_user(self.studio, offered)
            except StudioError as error:
                raise problem(error) from error
        return self._user


def bearer(connection: HTTPConnection) -> str | None:
    header = connection.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return connection.query_params.get("token")


async def get_context(connection: HTTPConnection) -> Context:
    return Context(connection.app.state.studio, bearer(connection))


def problem(error: StudioError) -> GraphQLError:
    """A studio error as a GraphQL error: the same sentence, status and stable code."""
    code = getattr(error, "code", None) or type(error).__name__
    return GraphQLError(error.detail, extensions={"status": error.status_code, "code": code})


async def call(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a (blocking) service function off the event loop; its errors become GraphQL
    errors."""
    try:
        return await run_in_threadpool(function, *args, **kwargs)
    except StudioError as error:
        raise problem(error) from error


def context_of(info: Info[Context, Any]) -> Context:
    return info.context
