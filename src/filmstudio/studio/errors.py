"""The studio's errors: each carries an HTTP status and a sentence the user can act on.

Services raise these; the API turns them into ``{"detail": "..."}`` responses, so a
service never needs to know it is being called over HTTP.
"""

from __future__ import annotations


class StudioError(Exception):
    """Base of every error the studio raises on purpose."""

    status_code = 400

    def __init__(self, detail: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = headers or {}


class BadRequest(StudioError):
    """The request cannot be carried out as asked (fix it and try again)."""

    status_code = 400


class Unauthorized(StudioError):
    """No valid credentials: log in (again)."""

    status_code = 401

    def __init__(self, detail: str) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": "Bearer"})


class PaymentRequired(StudioError):
    """Not enough credits."""

    status_code = 402


class Forbidden(StudioError):
    """Known user, but not allowed to do this."""

    status_code = 403


class NotFound(StudioError):
    """No such thing, or not one the user may see (we do not say which)."""

    status_code = 404


class Conflict(StudioError):
    """The thing is in a state that does not allow this (already finished, already exists)."""

    status_code = 409


class Unprocessable(StudioError):
    """Well-formed but invalid input (a script too long, a duration out of range)."""

    status_code = 422


class TooManyRequests(StudioError):
    """A rate limit was hit; ``Retry-After`` says when to come back."""

    status_code = 429

    def __init__(self, detail: str, retry_after: int) -> None:
        super().__init__(detail, headers={"Retry-After": str(max(retry_after, 1))})
        self.retry_after = max(retry_after, 1)


class NotAvailable(StudioError):
    """A feature that is not configured here, or arrives in a later release."""

    status_code = 501


class ServiceUnavailable(StudioError):
    """A service the request needs (queue, database) is down; retrying later may work."""

    status_code = 503
