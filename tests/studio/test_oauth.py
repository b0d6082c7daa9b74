"""Log in with GitHub (OAuth 2.0) and Google (OpenID Connect) against fake providers served
on 127.0.0.1, through Authlib as in production."""

from __future__ import annotations

import socket
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
import uvicorn
from fastapi import FastAPI, Form, Request
from fastapi.testclient import TestClient
from joserfc import jwt as jose_jwt
from joserfc.jwk import RSAKey

from filmstudio.studio.app import create_app
from filmstudio.studio.context import build_studio
from filmstudio.studio.notify import OutboxMailer
from tests.studio.conftest import MakeSettings


class FakeProvider:
    """GitHub- and Google-shaped endpoints; `people` maps an auth code to a person."""

    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "k1"})
        self.people: dict[str, dict[str, Any]] = {}
        self.app = FastAPI()
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        app = self.app

        @app.post("/github/token")
        def github_token(code: str = Form()) -> dict[str, str]:
            return {"access_token": f"gh-{code}", "token_type": "bearer", "scope": "user"}

        @app.get("/github/api/user")
        def github_user(request: Request) -> dict[str, Any]:
            person = self.people[request.headers["authorization"].split("gh-")[1]]
            return {"id": person["id"], "login": person["login"], "name": person["name"]}

        @app.get("/github/api/user/emails")
        def github_emails(request: Request) -> list[dict[str, Any]]:
            person = self.people[request.headers["authorization"].split("gh-")[1]]
            return [{"email": person["email"], "primary": True, "verified": person["verified"]}]

        @app.get("/google/.well-known/openid-configuration")
        def google_metadata() -> dict[str, Any]:
            return {
                "issuer": self.base,
                "authorization_endpoint": f"{self.base}/google/authorize",
                "token_endpoint": f"{self.base}/google/token",
                "jwks_uri": f"{self.base}/google/jwks",
                "id_token_signing_alg_values_supported": ["RS256"],
            }

        @app.get("/google/jwks")
        def google_jwks() -> dict[str, Any]:
            return {"keys": [self.key.as_dict(private=False)]}

        @app.post("/google/token")
        def google_token(code: str = Form()) -> dict[str, Any]:
            person = self.people[code]
            now = int(time.time())
            claims = {
                "iss": self.base,
                "aud": "google-client",
                "sub": person["id"],
                "email": person["email"],
                "email_verified": person["verified"],
                "name": person["name"],
                "nonce": person["nonce"],
                "iat": now,
                "exp": now + 600,
            }
            token = jose_jwt.encode({"alg": "RS256", "kid": "k1"}, claims, self.key)
            return {
                "access_token": f"g-{code}",
                "token_type": "Bearer",
                "expires_in": 600,
                "id_token": token,
            }

    def __enter__(self) -> FakeProvider:
        config = uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="error")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        while not self.server.started:
            time.sleep(0.01)
        return self

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self.thread.join()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def provider() -> Iterator[FakeProvider]:
    with FakeProvider() as fake:
        yield fake


@pytest.fixture
def oauth_client(make_settings: MakeSettings, provider: FakeProvider) -> Iterator[TestClient]:
    settings = make_settings(
        github_client_id="github-client",
        github_client_secret="github-secret",
        github_authorize_url=f"{provider.base}/github/authorize",
        github_token_url=f"{provider.base}/github/token",
        github_api_url=f"{provider.base}/github/api/",
        google_client_id="google-client",
        google_client_secret="google-secret",
        google_metadata_url=f"{provider.base}/google/.well-known/openid-configuration",
    )
    studio = build_studio(settings, mailer=OutboxMailer())
    try:
        with TestClient(create_app(studio=studio, run_worker=False)) as client:
            yield client
    finally:
        studio.close()


def _login(client: TestClient, provider: FakeProvider, name: str, person: dict[str, Any]) -> Any:
    start = client.get(f"/api/v1/auth/oauth/{name}/login", follow_redirects=False)
    assert start.status_code == 302, start.text
    query = parse_qs(urlparse(start.headers["location"]).query)
    assert query["client_id"] == [f"{name}-client"]
    code = uuid.uuid4().hex
    provider.people[code] = {**person, "nonce": query.get("nonce", [""])[0]}
    return client.get(
        f"/api/v1/auth/oauth/{name}/callback",
        params={"code": code, "state": query["state"][0]},
        follow_redirects=False,
    )


def _fragment(response: Any, page: str) -> dict[str, str]:
    """The values the callback put in the fragment of its redirect to the web UI's `page`."""
    assert response.status_code == 303, response.text
    target = urlparse(response.headers["location"])
    assert target.path == page, target
    assert not target.query  # tokens never travel where servers log them
    return {key: values[0] for key, values in parse_qs(target.fragment).items()}


def _tokens(response: Any) -> dict[str, str]:
    tokens = _fragment(response, "/auth/callback")
    assert set(tokens) == {"access_token", "refresh_token", "expires_in"}
    return tokens


def test_github_login_creates_then_finds_the_account(
    oauth_client: TestClient, provider: FakeProvider
) -> None:
    person = {
        "id": 4242,
        "login": "octo",
        "name": "Octo Cat",
        "email": "octo@example.com",
        "verified": True,
    }
    first = _tokens(_login(oauth_client, provider, "github", person))
    headers = {"Authorization": f"Bearer {first['access_token']}"}
    me = oauth_client.get("/api/v1/users/me", headers=headers).json()
    assert me["email"] == "octo@example.com" and me["email_verified"] and me["name"] == "Octo Cat"
    assert oauth_client.get("/api/v1/credits/balance", headers=headers).json()["credits"] == 3
    second = _login(oauth_client, provider, "github", {**person, "email": "changed@example.com"})
    again = {"Authorization": f"Bearer {_tokens(second)['access_token']}"}
    assert oauth_client.get("/api/v1/users/me", headers=again).json()["id"] == me["id"]


def test_google_login_links_an_existing_account(
    oauth_client: TestClient, provider: FakeProvider
) -> None:
    from tests.studio.helpers import register, set_user

    existing = register(oauth_client, "linda@example.com")
    studio = oauth_client.app.state.studio  # type: ignore[attr-defined]
    set_user(studio, existing, email_verified=True)  # linking needs a verified address
    person = {"id": "g-123", "name": "Linda", "email": "linda@example.com", "verified": True}
    tokens = _tokens(_login(oauth_client, provider, "google", person))
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert oauth_client.get("/api/v1/users/me", headers=headers).json()["id"] == str(existing.id)


def test_unverified_addresses_and_forged_state_are_refused(
    oauth_client: TestClient, provider: FakeProvider
) -> None:
    person = {"id": 7, "login": "x", "name": "X", "email": "x@example.com", "verified": False}
    refused = _fragment(_login(oauth_client, provider, "github", person), "/auth/login")
    assert "no verified e-mail" in refused["error"] and "access_token" not in refused
    forged = oauth_client.get(
        "/api/v1/auth/oauth/github/callback",
        params={"code": "c", "state": "not-the-state"},
        follow_redirects=False,
    )
    assert "did not confirm the login" in _fragment(forged, "/auth/login")["error"]
    unknown = oauth_client.get("/api/v1/auth/oauth/myspace/login", follow_redirects=False)
    assert unknown.status_code == 404 and "google, github" in unknown.json()["detail"]
    assert oauth_client.get("/api/v1/auth/oauth/providers").json() == ["google", "github"]
