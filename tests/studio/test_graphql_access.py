"""The access-control matrix for GraphQL: every root field and every computed field answers
each role (owner, another user, an admin, nobody) as its REST twin does; the table must
name every such field of the schema, so a new one cannot skip it. Then hypothesis throws
arbitrary arguments at every root field: never a server error, only the REST's 4xx."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from graphql import GraphQLObjectType, get_named_type
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from filmstudio.studio.app import create_app
from filmstudio.studio.context import Studio
from filmstudio.studio.graphql.schema import schema
from tests.studio.helpers import Account, create_project, register, set_user
from tests.studio.test_access import World
from tests.studio.test_graphql_support import PATH, error_of, gql
from tests.studio.test_mfa_support import mfa_admin_account, password_only_admin

OK = 200
ROLES = ("owner", "other", "admin", "anonymous")


@pytest.fixture
def world(studio: Studio) -> Iterator[World]:
    """REST's access-matrix world (an owner with a project and a queued job, another user,
    an admin), served with ``/graphql``; no worker runs, so new jobs stay queued."""
    app = create_app(studio=studio, run_worker=False)
    with TestClient(app) as client:
        owner, other, third = register(client), register(client), register(client)
        set_user(studio, owner, credits=100)
        project = create_project(client, owner)["id"]
        mfa_admin = mfa_admin_account(client, studio)
        built = World(client, studio, owner, other, mfa_admin, third, project, "")
        built.job = built.queued_job()
        yield built


Prepare = Callable[[World], dict[str, Any]]

MINE = (OK, 404, OK, 401)
AUTHED = (OK, OK, OK, 401)


def _project(w: World) -> dict[str, Any]:
    return {"id": w.project}


#: field -> (operation, variables for it, expected answer per role)
CASES: dict[str, tuple[str, Prepare, tuple[int, int, int, int]]] = {
    "Query.me": ("{ me { id } }", lambda w: {}, AUTHED),
    "Query.project": ("query($id: UUID!) { project(id: $id) { id } }", _project, MINE),
    "Query.projects": ("{ projects { total } }", lambda w: {}, AUTHED),
    "Query.job": ("query($id: UUID!) { job(id: $id) { id } }", lambda w: {"id": w.job}, MINE),
    "Query.jobs": ("{ jobs { total } }", lambda w: {}, AUTHED),
    "Query.credits": ("{ credits { __typename } }", lambda w: {}, (OK, OK, OK, OK)),
    "Credits.balance": ("{ credits { balance { credits } } }", lambda w: {}, AUTHED),
    "Credits.history": ("{ credits { history { total } } }", lambda w: {}, AUTHED),
    "Project.versions": (
        "query($id: UUID!) { project(id: $id) { versions { version } } }",
        _project,
        MINE,
    ),
    "Project.renders": (
        "query($id: UUID!) { project(id: $id) { renders { id } } }",
        _project,
        MINE,
    ),
    "Project.storyboard": (
        "query($id: UUID!) { project(id: $id) { storyboard { source } } }",
        _project,
        MINE,
    ),
    "Mutation.createProject": (
        "mutation($i: JSON!) { createProject(input: $i) { id } }",
        lambda w: {"i": {"title": "T", "script": "A keeper climbs the stairs.", "duration": 30}},
        AUTHED,
    ),
    "Mutation.updateProject": (
        "mutation($id: UUID!) { updateProject(id: $id, input: {duration: 31}) { id } }",
        _project,
        (OK, 404, 403, 401),
    ),
    "Mutation.submitJob": (
        "mutation($id: UUID!) { submitJob(projectId: $id) { id } }",
        _project,
        (OK, 404, 403, 401),
    ),
    "Mutation.cancelJob": (
        "mutation($id: UUID!) { cancelJob(id: $id) { status } }",
        lambda w: {"id": w.queued_job()},
        (OK, 404, OK, 401),
    ),
}

SUBSCRIPTION = "subscription($id: UUID!) { jobProgress(jobId: $id) { status } }"


def _computed_fields() -> set[str]:
    """Every root field, and every field of an object type that returns another object
    type (those run a resolver of their own)."""
    graphql_schema = schema._schema
    names = set()
    for root in (
        graphql_schema.query_type,
        graphql_schema.mutation_type,
        graphql_schema.subscription_type,
    ):
        assert root is not None
        names |= {f"{root.name}.{name}" for name in root.fields}
    roots = {"Query", "Mutation", "Subscription"}
    for type_ in graphql_schema.type_map.values():
        if not isinstance(type_, GraphQLObjectType) or type_.name in roots:
            continue
        if type_.name.startswith("__") or type_.name.endswith("Page"):
            continue
        for name, found in type_.fields.items():
            if isinstance(get_named_type(found.type), GraphQLObjectType):
                names.add(f"{type_.name}.{name}")
    return names


def test_the_table_names_every_field() -> None:
    assert set(CASES) | {"Subscription.jobProgress"} == _computed_fields()


def _outcome(body: dict[str, Any]) -> int:
    if body.get("errors"):
        return error_of(body)[0]
    assert body.get("data"), body
    return OK


@pytest.mark.parametrize("backend", ["sqlite"])
def test_every_field_for_every_role(world: World) -> None:
    wrong = []
    for name, (operation, prepare, expected) in CASES.items():
        for role, want in zip(ROLES, expected, strict=True):
            body = gql(world.client, operation, world.account(role), **prepare(world))
            got = _outcome(body)
            if got != want:
                wrong.append(f"{name} as {role}: {got}, expected {want}: {body}")
    assert not wrong, "\n".join(wrong)


def _first_message(world: World, account: Account | None) -> dict[str, Any]:
    payload = {"Authorization": f"Bearer {account.access_token}"} if account else {}
    with world.client.websocket_connect(PATH, subprotocols=["graphql-transport-ws"]) as socket:
        socket.send_json({"type": "connection_init", "payload": payload})
        assert socket.receive_json()["type"] == "connection_ack"
        socket.send_json(
            {
                "id": "1",
                "type": "subscribe",
                "payload": {"query": SUBSCRIPTION, "variables": {"id": world.job}},
            }
        )
        message: dict[str, Any] = socket.receive_json()
        return message


@pytest.mark.parametrize("backend", ["sqlite"])
def test_the_subscription_for_every_role(world: World) -> None:
    for role, want in zip(ROLES, MINE, strict=True):
        message = _first_message(world, world.account(role))
        assert message["type"] == "next", message
        assert _outcome(message["payload"]) == want, (role, message)


@pytest.mark.parametrize("backend", ["sqlite"])
def test_an_admin_without_the_second_step_has_only_a_users_reach(world: World) -> None:
    """A token from before the promotion (no second step) sees only its own work: the
    owner's project and job are 404 to it, as to any other user, and it cannot cancel."""
    stale = password_only_admin(world.client, world.studio)
    for name in ("Query.project", "Query.job", "Mutation.cancelJob"):
        operation, prepare, _ = CASES[name]
        body = gql(world.client, operation, stale, **prepare(world))
        assert _outcome(body) == 404, (name, body)
        assert _outcome(gql(world.client, operation, world.admin, **prepare(world))) == OK


# Fuzzing: arbitrary arguments for every root field


_texts = st.text(max_size=40)
_ids = st.one_of(st.uuids().map(str), _texts)
_ints = st.one_of(st.integers(), st.integers(min_value=-(2**31), max_value=2**31 - 1))
_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | _texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_texts, inner, max_size=4),
    max_leaves=10,
)
_project_input = st.fixed_dictionaries(
    {},
    optional={
        "title": _texts,
        "script": _texts,
        "duration": st.one_of(
            st.integers(), st.floats(allow_nan=False, allow_infinity=False), _texts
        ),
        "style": _texts,
        "settings": _json,
    },
)

FUZZED: list[tuple[str, st.SearchStrategy[dict[str, Any]]]] = [
    (
        "query($p: Int!, $s: Int!, $st: String) { projects(page: $p, pageSize: $s, status: $st) "
        "{ total items { id versions { version } } } }",
        st.fixed_dictionaries({"p": _ints, "s": _ints, "st": st.none() | _texts}),
    ),
    (
        "query($p: Int!, $s: Int!, $st: String) { jobs(page: $p, pageSize: $s, status: $st) "
        "{ total } credits { history(page: $p, pageSize: $s) { total } } }",
        st.fixed_dictionaries({"p": _ints, "s": _ints, "st": st.none() | _texts}),
    ),
    (
        "query($id: UUID!) { project(id: $id) { id renders { id } storyboard { source } } "
        "job(id: $id) { id } }",
        st.fixed_dictionaries({"id": _ids}),
    ),
    (
        "mutation($i: JSON!) { createProject(input: $i) { id } }",
        st.fixed_dictionaries({"i": _json | _project_input}),
    ),
    (
        "mutation($id: UUID!, $i: JSON!) { updateProject(id: $id, input: $i) { id } }",
        st.fixed_dictionaries({"id": _ids, "i": _json | _project_input}),
    ),
    (
        "mutation($id: UUID!, $k: String) { submitJob(projectId: $id, idempotencyKey: $k) "
        "{ id } cancelJob(id: $id) { status } }",
        st.fixed_dictionaries({"id": _ids, "k": st.none() | st.text(max_size=200)}),
    ),
]


def _client_error(error: dict[str, Any]) -> bool:
    """A refusal the REST API would also give (a 4xx with its code), or a query the GraphQL
    validator turned away before any resolver ran (no path)."""
    status = (error.get("extensions") or {}).get("status")
    if status is not None:
        return 400 <= int(status) < 500 and bool((error.get("extensions") or {}).get("code"))
    return "path" not in error


@pytest.mark.parametrize("backend", ["sqlite"])
@pytest.mark.parametrize(("operation", "variables"), FUZZED, ids=range(len(FUZZED)))
def test_arbitrary_arguments_never_break_the_server(
    world: World, operation: str, variables: st.SearchStrategy[dict[str, Any]]
) -> None:
    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(values=variables)
    def run(values: dict[str, Any]) -> None:
        response = world.client.post(
            PATH,
            json={"query": operation, "variables": values},
            headers=world.owner.headers,
        )
        assert response.status_code == 200, response.text
        for error in response.json().get("errors") or []:
            assert _client_error(error), (operation, values, error)

    run()
