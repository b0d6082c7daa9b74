"""Log in with Google (OpenID Connect) or GitHub (OAuth 2.0) through Authlib.

A provider is offered only when its client id and secret are configured; its endpoints are
settings too, so tests (and private deployments) can point them at another server.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from authlib.integrations.starlette_client import OAuth, OAuthError

from filmstudio.studio.accounts.schemas import MfaChallenge, TokenPair
from filmstudio.studio.errors import BadRequest, NotFound
from filmstudio.studio.settings import Settings

PROVIDERS = ("google", "github")


def build_oauth(settings: Settings) -> OAuth:
    oauth = OAuth()
    if settings.google_client_id and settings.google_client_secret:
        oauth.register(
            "google",
            client_id=settings.google_client_id,
            client_secret=settings.google_client_secret,
            server_metadata_url=settings.google_metadata_url,
            client_kwargs={"scope": "openid email profile"},
        )
    if settings.github_client_id and settings.github_client_secret:
        oauth.register(
            "github",
            client_id=settings.github_client_id,
            client_secret=settings.github_client_secret,
            authorize_url=settings.github_authorize_url,
            access_token_url=settings.github_token_url,
            api_base_url=settings.github_api_url,
            client_kwargs={"scope": "read:user user:email"},
        )
    return oauth


def available(oauth: OAuth) -> list[str]:
    """The configured providers, in a fixed order."""
    return [p for p in PROVIDERS if oauth.create_client(p) is not None]


def success_url(settings: Settings, tokens: TokenPair | MfaChallenge) -> str:
    """The web UI page that stores the tokens (or asks for the second-step code); they ride
    in the fragment, which browsers never send to a server, so they stay out of access logs
    and Referer headers."""
    if isinstance(tokens, MfaChallenge):
        fragment = urlencode(
            {
                "mfa_token": tokens.mfa_token,
                "enrolment_required": str(tokens.enrolment_required).lower(),
                "expires_in": tokens.expires_in,
            }
        )
        return f"{settings.public_url.rstrip('/')}/auth/callback#{fragment}"
    fragment = urlencode(
        {
            "access_token": tokens.access_token,
            "refresh_token": tokens.refresh_token,
            "expires_in": tokens.expires_in,
        }
    )
    return f"{settings.public_url.rstrip('/')}/auth/callback#{fragment}"


def failure_url(settings: Settings, detail: str) -> str:
    """The login page, with the sentence saying why the provider's login did not work."""
    return f"{settings.public_url.rstrip('/')}/auth/login#{urlencode({'error': detail})}"


def client(oauth: OAuth, provider: str) -> Any:
    found = oauth.create_client(provider) if provider in PROVIDERS else None
    if found is None:
        raise NotFound(
            f"Login with {provider!r} is not available here: the server offers "
            + (", ".join(available(oauth)) or "no OAuth providers")
            + ".",
            code="oauth_provider_unknown",
        )
    return found


async def identity(provider: str, remote: Any, request: Any) -> tuple[str, str | None, bool, str]:
    """(subject, e-mail, e-mail verified, name) from the provider's callback."""
    try:
        token = await remote.authorize_access_token(request)
    except OAuthError as exc:
        raise BadRequest(
            f"{provider.title()} did not confirm the login: {exc.description}",
            code="oauth_refused",
        ) from exc
    if provider == "google":
        info = token.get("userinfo") or {}
        return (
            str(info["sub"]),
            info.get("email"),
            bool(info.get("email_verified")),
            str(info.get("name") or ""),
        )
    user = (await remote.get("user", token=token)).json()
    emails = (await remote.get("user/emails", token=token)).json()
    primary = next((e for e in emails if e.get("primary") and e.get("verified")), None)
    return (
        str(user["id"]),
        primary["email"] if primary else None,
        primary is not None,
        str(user.get("name") or user.get("login") or ""),
    )
