"""Support for the GraphQL tests (no tests here): the app with ``/graphql`` mounted (until
app.py mounts it) and a small client for queries."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from filmstudio.studio.app import create_app
from filmstudio.studio.context import Studio
from filmstudio.studio.graphql.router import router as graphql_router
from filmstudio.studio.jobs.renderer import FakeRenderer
from tests.studio.helpers import Account

PATH = "/graphql"


def with_graphql(app: FastAPI) -> FastAPI:
    """Mount ``/graphql`` ahead of the app's catch-all web mount, unless it is there."""
    if any(route.path == PATH for route in iter_route_contexts(list(app.routes))):
        return app
    before = list(app.router.routes)
    app.include_router(graphql_router, prefix=PATH, include_in_schema=False)
    known = {id(r) for r in before}
    app.router.routes[:] = [r for r in app.router.routes if id(r) not in known] + before
    app.openapi_schema = None
    return app


@pytest.fixture
def gql_client(studio: Studio) -> Iterator[TestClient]:
    app = create_app(studio=studio, renderer=FakeRenderer(seconds=0.2), run_worker=True)
    with TestClient(with_graphql(app)) as client:
        yield client


def gql(
    client: TestClient,
    query: str,
    account: Account | None = None,
    **variables: Any,
) -> dict[str, Any]:
    """The GraphQL answer (``data`` and perhaps ``errors``); HTTP must say 200."""
    headers = account.headers if account is not None else {}
    response = client.post(PATH, json={"query": query, "variables": variables}, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def error_of(body: dict[str, Any]) -> tuple[int, str]:
    """(status, code) of the first error."""
    assert body.get("errors"), body
    extensions = body["errors"][0].get("extensions") or {}
    return int(extensions.get("status", 0)), str(extensions.get("code", ""))
