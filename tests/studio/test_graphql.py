"""GraphQL beside REST: the same services, answers and errors (status and stable code in
each error's extensions), and job progress over a WebSocket subscription."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.studio.helpers import SCRIPT, create_project, register, submit, wait_for
from tests.studio.test_graphql_support import error_of, gql, gql_client  # noqa: F401

CREATE = """
mutation Create($input: JSON!) {
  createProject(input: $input) { id title version status access duration }
}"""

PROJECT = """
query Project($id: UUID!) {
  project(id: $id) {
    id title version
    versions { version data }
    renders { id status files }
    storyboard { source plan }
  }
}"""


@pytest.fixture
def client(gql_client: TestClient) -> TestClient:  # noqa: F811
    return gql_client


def test_me_and_credits(client: TestClient) -> None:
    user = register(client)
    body = gql(
        client,
        "{ me { id email tier role } credits { balance { credits tier } "
        "history { total items { amount kind } } } }",
        user,
    )
    assert "errors" not in body, body
    data = body["data"]
    assert data["me"] == {"id": str(user.id), "email": user.email, "tier": "free", "role": "user"}
    assert data["credits"]["balance"] == {"credits": 3, "tier": "free"}
    assert data["credits"]["history"]["total"] == 1
    assert data["credits"]["history"]["items"][0] == {"amount": 3, "kind": "signup"}


def test_create_update_and_read_a_project_as_rest_does(client: TestClient) -> None:
    user = register(client)
    made = gql(client, CREATE, user, input={"title": "Harbour", "script": SCRIPT, "duration": 30})
    assert "errors" not in made, made
    project = made["data"]["createProject"]
    assert (project["title"], project["version"], project["status"]) == ("Harbour", 1, "draft")
    rest = client.get(f"/api/v1/projects/{project['id']}", headers=user.headers).json()
    assert rest["title"] == "Harbour" and rest["access"] == project["access"] == "owner"
    changed = gql(
        client,
        "mutation U($id: UUID!, $input: JSON!) { updateProject(id: $id, input: $input) "
        "{ title version } }",
        user,
        id=project["id"],
        input={"title": "Harbour at Dawn"},
    )
    assert changed["data"]["updateProject"] == {"title": "Harbour at Dawn", "version": 2}
    read = gql(client, PROJECT, user, id=project["id"])["data"]["project"]
    assert [v["version"] for v in read["versions"]] == [2, 1]
    assert read["renders"] == [] and read["storyboard"]["source"] == "draft"
    listed = gql(client, "{ projects { total items { id } } }", user)["data"]["projects"]
    assert listed == {"total": 1, "items": [{"id": project["id"]}]}


def test_bad_input_answers_the_rest_validation(client: TestClient) -> None:
    user = register(client)
    short = gql(client, CREATE, user, input={"title": "x", "script": SCRIPT, "duration": 5})
    assert error_of(short) == (422, "validation_error")
    assert "duration" in short["errors"][0]["message"]
    page = gql(client, "{ projects(pageSize: 0) { total } }", user)
    assert error_of(page) == (422, "validation_error")
    status = gql(client, '{ jobs(status: "nonsense") { total } }', user)
    assert error_of(status) == (422, "validation_error")


def test_submit_follow_and_list_jobs(client: TestClient) -> None:
    user = register(client)
    project = create_project(client, user)
    submitted = gql(
        client,
        'mutation S($p: UUID!) { submitJob(projectId: $p, idempotencyKey: "k1") { id status } }',
        user,
        p=project["id"],
    )
    assert "errors" not in submitted, submitted
    job_id = submitted["data"]["submitJob"]["id"]
    again = gql(
        client,
        'mutation S($p: UUID!) { submitJob(projectId: $p, idempotencyKey: "k1") { id } }',
        user,
        p=project["id"],
    )
    assert again["data"]["submitJob"]["id"] == job_id  # the same key: the same job, one charge
    assert wait_for(client, user, job_id)["status"] == "completed"
    job = gql(client, "query J($id: UUID!) { job(id: $id) { status files } }", user, id=job_id)
    assert job["data"]["job"]["status"] == "completed" and "film.mp4" in job["data"]["job"]["files"]
    renders = gql(client, PROJECT, user, id=project["id"])["data"]["project"]["renders"]
    assert renders[0]["status"] == "completed" and "film.mp4" in renders[0]["files"]
    listed = gql(client, "{ jobs { total items { id } } }", user)["data"]["jobs"]
    assert listed == {"total": 1, "items": [{"id": job_id}]}


def test_cancel_a_job(idle_client: TestClient) -> None:
    client = idle_client
    user = register(client)
    job = submit(client, user, create_project(client, user)["id"])
    cancelled = gql(
        client, "mutation C($id: UUID!) { cancelJob(id: $id) { status } }", user, id=job["id"]
    )
    assert cancelled["data"]["cancelJob"]["status"] == "cancelled"
    twice = gql(
        client, "mutation C($id: UUID!) { cancelJob(id: $id) { status } }", user, id=job["id"]
    )
    assert error_of(twice)[0] == 409


def test_job_progress_over_a_websocket_subscription(client: TestClient) -> None:
    user = register(client)
    job = submit(client, user, create_project(client, user)["id"])
    seen = []
    with client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as socket:
        socket.send_json(
            {"type": "connection_init", "payload": {"Authorization": f"Bearer {user.access_token}"}}
        )
        assert socket.receive_json()["type"] == "connection_ack"
        socket.send_json(
            {
                "id": "1",
                "type": "subscribe",
                "payload": {
                    "query": "subscription P($id: UUID!) { jobProgress(jobId: $id) "
                    "{ status progress currentStep } }",
                    "variables": {"id": job["id"]},
                },
            }
        )
        while True:
            message = socket.receive_json()
            if message["type"] == "complete":
                break
            assert message["type"] == "next", message
            seen.append(message["payload"]["data"]["jobProgress"])
    assert seen[-1]["status"] == "completed" and seen[-1]["progress"] == 100
    progress = [s["progress"] for s in seen]
    assert progress == sorted(progress)


def test_a_subscription_without_a_login_is_refused(client: TestClient) -> None:
    user = register(client)
    job = submit(client, user, create_project(client, user)["id"])
    with client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as socket:
        socket.send_json({"type": "connection_init", "payload": {}})
        assert socket.receive_json()["type"] == "connection_ack"
        socket.send_json(
            {
                "id": "1",
                "type": "subscribe",
                "payload": {
                    "query": "subscription P($id: UUID!) { jobProgress(jobId: $id) { status } }",
                    "variables": {"id": job["id"]},
                },
            }
        )
        message = socket.receive_json()
        assert message["type"] == "next", message
        assert message["payload"]["data"] is None
        assert message["payload"]["errors"][0]["extensions"] == {
            "status": 401,
            "code": "unauthorized",
        }
