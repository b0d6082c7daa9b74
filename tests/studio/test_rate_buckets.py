"""REST and GraphQL are rate limited in buckets of their own: a user who used up REST's
requests can still ask GraphQL, and the other way round; each bucket still ends in 429."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from filmstudio.studio.app import create_app
from filmstudio.studio.context import Studio
from tests.studio.helpers import register

LIMIT = 3


def _statuses(
    client: TestClient, calls: int, path: str, headers: dict[str, str], query: str | None = None
) -> list[int]:
    """The statuses of `calls` requests: POST `query` to `path` when given, else GET."""
    if query is None:
        return [client.get(path, headers=headers).status_code for _ in range(calls)]
    body = {"query": query}
    return [client.post(path, json=body, headers=headers).status_code for _ in range(calls)]


@pytest.mark.parametrize("settings", [{"rate_limit": f"{LIMIT}/minute"}], indirect=True)
def test_rest_and_graphql_count_apart(studio: Studio) -> None:
    with TestClient(create_app(studio=studio, run_worker=False)) as client:
        user = register(client)  # register + login: two REST requests of this address
        assert _statuses(client, LIMIT + 1, "/api/v1/users/me", user.headers)[-1] == 429
        asked = _statuses(client, LIMIT + 1, "/graphql", user.headers, "{ me { id } }")
        assert asked == [200] * LIMIT + [429]
        assert client.get("/api/v1/users/me", headers=user.headers).status_code == 429
