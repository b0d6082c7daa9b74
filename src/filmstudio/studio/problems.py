"""RFC 9457 problem details: the one shape of every error the API answers.

Why one module: the exception handlers that write problems and the OpenAPI contract that
documents them (`contract.py`) must agree on the body; both read the models here. A client
reads `code` (stable, machine-readable: the web UI translates it) and may show `detail`
(an English sentence saying what to do).
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import iter_route_contexts
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException
from starlette.routing import Match

from filmstudio.studio.errors import StudioError

log = logging.getLogger("filmstudio.problems")

MEDIA_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:filmstudio:problem:"
CODE_PATTERN = r"^[a-z][a-z0-9_]*$"

#: The code of an error that no StudioError raised (routing, framework), by HTTP status.
STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "rate_limited",
    500: "internal_error",
    501: "not_available",
    503: "service_unavailable",
}


class Problem(BaseModel):
    """What went wrong (RFC 9457), with a stable `code` to translate."""

    type: str = Field(description="A URI for the kind of problem: urn:filmstudio:problem:<code>.")
    title: str = Field(description="The HTTP status phrase.")
    status: int = Field(ge=400, le=599, description="The HTTP status code.")
    detail: str = Field(description="A sentence saying what happened and what to do.")
    code: str = Field(pattern=CODE_PATTERN, description="Stable and machine-readable.")


class FieldProblem(BaseModel):
    """One field that is not valid: where (`loc`), why (`msg`) and Pydantic's error type."""

    loc: list[str | int]
    msg: str
    type: str


class ValidationProblem(Problem):
    """A 422: the problem, plus one entry per field that is not valid."""

    errors: list[FieldProblem]


def body(status: int, detail: str, code: str | None = None) -> dict[str, Any]:
    """The problem document for `status`: `code` defaults to the status's general code."""
    code = code or STATUS_CODES.get(status, "error")
    return {
        "type": TYPE_PREFIX + code,
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "code": code,
    }


def response(
    status: int,
    detail: str,
    code: str | None = None,
    *,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> JSONResponse:
    """A problem answer (``application/problem+json``)."""
    content = {**body(status, detail, code), **(extra or {})}
    return JSONResponse(content, status_code=status, headers=headers, media_type=MEDIA_TYPE)


def _field_errors(error: RequestValidationError) -> list[dict[str, Any]]:
    return [
        {
            "loc": [p if isinstance(p, int) else str(p) for p in item.get("loc", ())],
            "msg": str(item.get("msg", "is not valid")),
            "type": str(item.get("type", "value_error")),
        }
        for item in error.errors()
    ]


def validation_detail(errors: list[dict[str, Any]]) -> str:
    """One sentence naming each field that is not valid and why."""
    parts = []
    for item in errors:
        where = ".".join(str(p) for p in item["loc"] if p not in ("body", "query", "path"))
        parts.append(f"{where}: {item['msg']}" if where else item["msg"])
    return "The request is not valid: " + "; ".join(parts) + "."


async def _studio_error(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StudioError)
    extra: dict[str, Any] | None = (
        {"errors": []} if error.status_code == 422 else None
    )  # a 422 always lists fields
    return response(error.status_code, error.detail, error.code, headers=error.headers, extra=extra)


async def _invalid_request(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    errors = _field_errors(error)
    return response(422, validation_detail(errors), "invalid", extra={"errors": errors})


def allowed_methods(request: Request) -> list[str]:
    """Every method some route takes at this path (the framework names only the first
    route's, and a path may be served by several routes)."""
    scope = {**request.scope, "method": "OPTIONS"}
    found: set[str] = set()
    for route in iter_route_contexts(request.app.routes):
        if route.methods and route.matches(scope)[0] != Match.NONE:
            found.update(route.methods)
    return sorted(found - {"HEAD"})


_FRAMEWORK_SENTENCES = {
    400: "The request body could not be read: send JSON encoded as UTF-8.",
    404: "There is nothing at this address.",
    405: "This address does not take that method.",
}


async def _http_error(request: Request, error: Exception) -> JSONResponse:
    """Framework errors (no such page, wrong method, unreadable body) in the same shape."""
    assert isinstance(error, HTTPException)
    headers = dict(error.headers or {})
    if error.status_code == 405:
        headers["Allow"] = ", ".join(allowed_methods(request))
    detail = _FRAMEWORK_SENTENCES.get(error.status_code) or str(error.detail)
    return response(error.status_code, detail, headers=headers)


async def _crash(request: Request, error: Exception) -> JSONResponse:
    log.exception("unhandled error", extra={"path": request.url.path})
    return response(500, "Something went wrong on our side; try again in a moment.")


def install(app: FastAPI) -> None:
    """Answer every error as a problem: the studio's own, invalid requests, routing, crashes."""
    app.add_exception_handler(StudioError, _studio_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _crash)
