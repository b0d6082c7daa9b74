"""Support for the GraphQL tests (no tests here): a client of the app (which serves
``/graphql``) and a small helper for queries."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from filmstudio.studio.app import create_app
from filmstudio.studio.context import Studio
from filmstudio.studio.jobs.renderer import FakeRenderer
from tests.studio.helpers import Account

PATH = "/graphql"


@pytest.fixture
def gql_client(studio: Studio) -> Iterator[TestClient]:
    app = create_app(studio=studio, renderer=FakeRenderer(seconds=0.2), run_worker=True)
    with TestClient(app) as client:
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
