"""The OpenAPI document as a contract: every status a route can answer, with its real body.

Why central: most error statuses follow from how a route is built, not from what it does,
so they are derived here for every router (ours and every domain's): 401/403 from the auth
dependencies, 404 from ids in the path, 422 from any input, 429 from the rate limit. Statuses
that only a service knows (402, 409, 501, 503...) are declared on the route with `answers`.
Links between operations let a client (and the stateful fuzzer) follow a created resource.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts

from filmstudio.studio import deps
from filmstudio.studio.problems import MEDIA_TYPE, FieldProblem, Problem, ValidationProblem

#: Why a derived status may be answered, for the document's readers.
REASONS = {
    400: "The body could not be read (send JSON encoded as UTF-8), or cannot be carried out.",
    401: "No valid access token: log in (again).",
    403: "The account is suspended, or may not do this.",
    404: "No such resource, or not one you may see.",
    422: "The request is not valid; `errors` names each field.",
    429: "Too many requests; `Retry-After` says when to come back.",
}

#: The 403 of an administrator's route says more: the UI acts on ``mfa_required``.
ADMIN_403 = (
    "Not an administrator (`forbidden`), or an administrator whose login did not pass the "
    "second step (`mfa_required`: log in again and enter the authenticator app's code)."
)

_NEEDS_LOGIN: set[Callable[..., Any]] = {deps.get_claims, deps.get_current_user, deps.get_admin}
_CHECKS_ACCOUNT: set[Callable[..., Any]] = {deps.get_current_user, deps.get_admin}


@dataclass(frozen=True)
class Link:
    """An OpenAPI link: from one operation's answer to another operation that uses it."""

    source: tuple[str, str, int]  # method, path, status
    name: str
    target: tuple[str, str]  # method, path
    parameters: tuple[tuple[str, str], ...] = ()
    body: tuple[tuple[str, str], ...] = ()


def answers(*statuses: int, **described: str) -> dict[int | str, dict[str, Any]]:
    """Extra error statuses of a route (``responses=answers(402, 409)``): the body is a
    problem, filled in by `document`; ``described`` gives a status (as ``s409="..."``) its
    own description."""
    documented: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        text = described.get(f"s{status}", HTTPStatus(status).phrase)
        documented[status] = {"description": text}
    return documented


def _dependants(dependant: Dependant) -> Iterator[Dependant]:
    yield dependant
    for child in dependant.dependencies:
        yield from _dependants(child)


def _calls(route: RouteContext) -> set[Callable[..., Any]]:
    return {d.call for d in _dependants(route.dependant) if d.call is not None}


def admin_only(route: RouteContext) -> bool:
    """Whether `route` needs an administrator (signed in through the second step)."""
    return deps.get_admin in _calls(route)


def derived_statuses(route: RouteContext, rate_limited: bool) -> set[int]:
    """The error statuses that follow from how `route` (as included in the app) is built."""
    found: set[int] = set()
    dependant: Dependant = route.dependant
    tree = list(_dependants(dependant))
    calls = _calls(route)
    if calls & _NEEDS_LOGIN:
        found.add(401)
    if calls & _CHECKS_ACCOUNT:
        found.add(403)
    if dependant.path_params:
        found.add(404)
    if any(
        d.path_params or d.query_params or d.header_params or d.cookie_params or d.body_params
        for d in tree
    ):
        found.add(422)
    if any(d.body_params for d in tree):
        found.add(400)
    if rate_limited:
        found.add(429)
    return found


def _problem_answer(status: int, description: str | None) -> dict[str, Any]:
    model = ValidationProblem if status == 422 else Problem
    return {
        "description": description or REASONS.get(status) or HTTPStatus(status).phrase,
        "content": {MEDIA_TYPE: {"schema": {"$ref": f"#/components/schemas/{model.__name__}"}}},
    }


def _add_components(document: dict[str, Any]) -> None:
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for model in (Problem, ValidationProblem, FieldProblem):
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)


def _document_route(
    operation: dict[str, Any], statuses: Iterable[int], described: dict[int, str]
) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    for status in statuses:
        responses.setdefault(str(status), {"description": described.get(status)})
    for key, answer in list(responses.items()):
        if key.isdigit() and int(key) >= 400:
            responses[key] = _problem_answer(int(key), answer.get("description"))


def _operation_ids(document: dict[str, Any]) -> dict[tuple[str, str], str]:
    return {
        (method.upper(), path): operation["operationId"]
        for path, operations in document.get("paths", {}).items()
        for method, operation in operations.items()
        if isinstance(operation, dict) and "operationId" in operation
    }


def _add_links(document: dict[str, Any], links: Iterable[Link]) -> None:
    ids = _operation_ids(document)
    for link in links:
        method, path, status = link.source
        if link.target not in ids or (method, path) not in ids:
            continue
        answer = document["paths"][path][method.lower()]["responses"][str(status)]
        entry: dict[str, Any] = {"operationId": ids[link.target]}
        if link.parameters:
            entry["parameters"] = dict(link.parameters)
        if link.body:
            entry["requestBody"] = dict(link.body)
        answer.setdefault("links", {})[link.name] = entry


def document(
    schema: dict[str, Any],
    routes: Iterable[Any],
    *,
    limited: Callable[[str], bool],
    links: Iterable[Link] = (),
) -> dict[str, Any]:
    """Complete FastAPI's document in place: problem bodies, derived statuses, links."""
    _add_components(schema)
    paths = schema.get("paths", {})
    for route in iter_route_contexts(list(routes)):
        if not isinstance(route.original_route, APIRoute) or not route.include_in_schema:
            continue
        statuses = derived_statuses(route, limited(route.path or ""))
        described = {403: ADMIN_403} if admin_only(route) else {}
        for method in route.methods or ():
            operation = paths.get(route.path_format, {}).get(method.lower())
            if operation is not None:
                _document_route(operation, statuses, described)
    _add_links(schema, links)
    return schema


def install(
    app: FastAPI,
    *,
    limited: Callable[[str], bool],
    links: Iterable[Link] = (),
) -> None:
    """Make `app.openapi()` answer the completed document (built once, then cached)."""
    chosen = tuple(links)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = FastAPI.openapi(app)
            app.openapi_schema = document(schema, app.routes, limited=limited, links=chosen)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
