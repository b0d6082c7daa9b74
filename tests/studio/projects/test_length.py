"""A script that needs more time than the chosen length is refused before a credit is spent:
422 with the stable code ``duration_too_short`` and the shortest length that works."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from filmstudio.studio.context import Studio
from filmstudio.studio.errors import Unprocessable
from filmstudio.studio.projects import length, storyboard
from filmstudio.studio.projects.models import Project
from tests.studio.helpers import SCRIPT, create_project, register

API = "/api/v1/projects"
LONG = " ".join(f"The keeper counted boat number {n} in the harbour." for n in range(40))


def test_the_estimate_names_the_shortest_length(client: TestClient) -> None:
    user = register(client)
    short = client.post(f"{API}/length", json={"script": SCRIPT}, headers=user.headers)
    assert short.status_code == 200, short.text
    body = short.json()
    assert body["words"] == 26 and body["fits"] is True and body["duration"] is None
    assert 5 <= body["minimum_duration"] <= 30
    long = client.post(f"{API}/length", json={"script": LONG}, headers=user.headers).json()
    assert long["minimum_duration"] > 60  # 360 words take minutes, not seconds


def test_a_duration_too_short_is_a_documented_422(client: TestClient) -> None:
    user = register(client)
    refused = client.post(
        f"{API}/length", json={"script": LONG, "duration": 30}, headers=user.headers
    )
    assert refused.status_code == 422
    problem = refused.json()
    assert problem["code"] == "duration_too_short"
    minimum = client.post(f"{API}/length", json={"script": LONG}, headers=user.headers).json()
    assert f"at least {minimum['minimum_duration']} s" in problem["detail"]
    fits = client.post(
        f"{API}/length",
        json={"script": LONG, "duration": min(300, minimum["minimum_duration"])},
        headers=user.headers,
    )
    assert fits.status_code == 200 and fits.json()["fits"] is True
    documented = client.get("/openapi.json").json()["paths"][f"{API}/length"]["post"]
    assert "duration_too_short" in documented["responses"]["422"]["description"]


def test_a_project_says_whether_its_film_fits_before_a_render(client: TestClient) -> None:
    user = register(client)
    fine = create_project(client, user)
    assert client.get(f"{API}/{fine['id']}/length", headers=user.headers).json()["fits"]
    tight = create_project(client, user, script=LONG, duration=30)
    checked = client.get(f"{API}/{tight['id']}/length", headers=user.headers).json()
    assert checked["fits"] is False and checked["duration"] == 30
    assert checked["minimum_duration"] > 60


def test_a_storyboard_that_no_longer_fits_is_not_saved(client: TestClient) -> None:
    user = register(client)
    project = create_project(client, user)
    plan = client.get(f"{API}/{project['id']}/plan", headers=user.headers).json()["plan"]
    plan["scenes"][0]["dialogue"][0]["text"] = LONG
    saved = client.put(f"{API}/{project['id']}/plan", json=plan, headers=user.headers)
    assert saved.status_code == 422 and saved.json()["code"] == "duration_too_short"


def test_the_estimate_agrees_with_the_engine_timing_rule() -> None:
    """Below the estimate, the engine's own timing refuses the same plan (stand-in speech)."""
    from filmstudio.engine.film import plan_film
    from filmstudio.engine.planning.coverage import estimated_timeline
    from filmstudio.engine.request import FilmRequest

    plan = plan_film(FilmRequest(script=LONG, duration=300))
    minimum = length.plan_minimum(plan.model_dump(mode="json"))
    assert estimated_timeline(plan.model_copy(update={"target_duration": minimum})) is not None
    too_short = plan.model_copy(update={"target_duration": minimum - 2})
    assert estimated_timeline(too_short) is None


def test_check_fits_is_what_a_submit_calls_before_spending(
    client: TestClient, studio: Studio
) -> None:
    user = register(client)
    fine = create_project(client, user)
    tight = create_project(client, user, script=LONG, duration=30)
    with studio.db.read_session() as session:
        rows = {str(p.id): p for p in session.scalars(select(Project))}
        for row in rows.values():
            session.expunge(row)
    storyboard.check_fits(studio, rows[fine["id"]])  # fits: no error
    with pytest.raises(Unprocessable) as refused:
        storyboard.check_fits(studio, rows[tight["id"]])
    assert refused.value.code == "duration_too_short"
