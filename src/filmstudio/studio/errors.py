"""The studio's errors: each carries an HTTP status and a sentence the user can act on.

Services raise these; the API turns them into RFC 9457 problem details (`problems.py`), so a
service never needs to know it is being called over HTTP. Each error has a stable `code` the
web UI translates: the class gives a general one, a raise site may name a precise one
(``Conflict("...", code="project_rendering")``).
"""

from __future__ import annotations


class StudioError(Exception):
    """Base of every error the studio raises on purpose."""

    status_code = 400
    code = "bad_request"

    def __init__(
        self, detail: str, *, headers: dict[str, str] | None = None, code: str | None = None
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = headers or {}
        if code is not None:
            self.code = code


class BadRequest(StudioError):
    """The request cannot be carried out as asked (fix it and try again)."""

    status_code = 400
    code = "bad_request"


class Unauthorized(StudioError):
    """No valid credentials: log in (again)."""

    status_code = 401
    code = "unauthorized"

    def __init__(self, detail: str, *, code: str | None = None) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": "Bearer"}, code=code)


class PaymentRequired(StudioError):
    """Not enough credits."""

    status_code = 402
    code = "payment_required"


class Forbidden(StudioError):
    """Known user, but not allowed to do this."""

    status_code = 403
    code = "forbidden"


class NotFound(StudioError):
    """No such thing, or not one the user may see (we do not say which)."""

    status_code = 404
    code = "not_found"


class Conflict(StudioError):
    """The thing is in a state that does not allow this (already finished, already exists)."""

    status_code = 409
    code = "conflict"


class Unprocessable(StudioError):
    """Well-formed but invalid input (a script too long, a duration out of range)."""

    status_code = 422
    code = "invalid"


class TooManyRequests(StudioError):
    """A rate limit was hit; ``Retry-After`` says when to come back."""

    status_code = 429
    code = "rate_limited"

    def __init__(self, detail: str, retry_after: int, *, code: str | None = None) -> None:
        super().__init__(detail, headers={"Retry-After": str(max(retry_after, 1))}, code=code)
        self.retry_after = max(retry_after, 1)


class NotAvailable(StudioError):
    """A feature that is not configured here, or arrives in a later release."""

    status_code = 501
    code = "not_available"


class ServiceUnavailable(StudioError):
    """A service the request needs (queue, database) is down; retrying later may work."""

    status_code = 503
    code = "service_unavailable"
