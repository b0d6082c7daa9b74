"""The OpenAPI contract: one problem shape for every error, statuses derived from how each
route is built, bounded numbers, links between operations, and the web UI found by default."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from filmstudio.studio import frontend
from filmstudio.studio.errors import Conflict, NotFound
from filmstudio.studio.pagination import MAX_PAGE
from filmstudio.studio.problems import MEDIA_TYPE, Problem, ValidationProblem
from tests.studio.helpers import register

V1 = "/api/v1"


def _operation(spec: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    operation: dict[str, Any] = spec["paths"][V1 + path][method]
    return operation


def _problem_ref(answer: dict[str, Any]) -> str:
    ref: str = answer["content"][MEDIA_TYPE]["schema"]["$ref"]
    return ref.rsplit("/", 1)[-1]


def test_every_error_is_a_problem_document(client: TestClient) -> None:
    user = register(client)
    cases = {
        "unauthorized": client.get(f"{V1}/projects"),
        "not_found": client.get(
            f"{V1}/projects/{'0' * 8}-0000-0000-0000-{'0' * 12}", headers=user.headers
        ),
        "invalid": client.post(f"{V1}/projects", json={"title": ""}, headers=user.headers),
        "method_not_allowed": client.put(f"{V1}/credits/balance", headers=user.headers),
    }
    for code, answer in cases.items():
        assert answer.headers["content-type"] == MEDIA_TYPE, code
        body = answer.json()
        Problem.model_validate(body)
        assert body["code"] == code and body["status"] == answer.status_code
        assert body["type"] == f"urn:filmstudio:problem:{code}" and body["detail"].endswith(".")
    invalid = ValidationProblem.model_validate(cases["invalid"].json())
    assert [e.loc for e in invalid.errors] == [["body", "title"], ["body", "script"]]
    assert cases["method_not_allowed"].headers["allow"] == "GET"


def test_a_raise_site_may_name_a_precise_code() -> None:
    assert NotFound("No such project.").code == "not_found"
    assert Conflict("Rendering.", code="project_rendering").code == "project_rendering"
    assert Conflict("Rendering.").code == "conflict"  # the class default is untouched


def test_statuses_are_derived_from_how_each_route_is_built(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    get_project = _operation(spec, "get", "/projects/{project_id}")["responses"]
    assert {"200", "401", "403", "404", "422", "429"} <= set(get_project)
    assert _problem_ref(get_project["404"]) == "Problem"
    assert _problem_ref(get_project["422"]) == "ValidationProblem"
    submit = _operation(spec, "post", "/jobs/submit")["responses"]
    assert {"400", "402", "409", "503"} <= set(submit)  # body, credits, state, queue
    # public, unlimited, no input: nothing to refuse but a missing file
    media = _operation(spec, "get", "/projects/media/{filename}")["responses"]
    assert "401" not in media and "429" not in media and "403" in media
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            for status, answer in operation["responses"].items():
                if int(status) >= 400:
                    assert MEDIA_TYPE in answer["content"], (method, path, status)


def test_admin_routes_document_the_second_step_refusal(client: TestClient) -> None:
    """Every operation under /admin (and the credit grant) says its 403 may be
    ``mfa_required``; a user's route does not."""
    spec = client.get("/openapi.json").json()
    admin_paths = [p for p in spec["paths"] if p.startswith(f"{V1}/admin/")]
    assert admin_paths
    for path in [*admin_paths, f"{V1}/credits/grant"]:
        for method, operation in spec["paths"][path].items():
            assert "mfa_required" in operation["responses"]["403"]["description"], (method, path)
    mine = _operation(spec, "get", "/projects/{project_id}")["responses"]["403"]
    assert "mfa_required" not in mine["description"]


def test_created_projects_and_jobs_link_to_what_uses_them(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    created = _operation(spec, "post", "/projects")["responses"]["201"]["links"]
    assert created["GetProject"]["parameters"] == {"project_id": "$response.body#/id"}
    assert created["SubmitProject"]["requestBody"] == {"project_id": "$response.body#/id"}
    ids = {op["operationId"] for operations in spec["paths"].values() for op in operations.values()}
    submitted = _operation(spec, "post", "/jobs/submit")["responses"]["202"]["links"]
    assert {"GetJob", "GetJobStatus", "CancelJob"} <= set(submitted)
    assert all(link["operationId"] in ids for link in (*created.values(), *submitted.values()))


def test_numbers_a_client_sends_are_bounded(client: TestClient) -> None:
    user = register(client)
    huge = client.get(f"{V1}/projects", params={"page": 10**30}, headers=user.headers)
    assert huge.status_code == 422 and huge.json()["errors"][0]["loc"] == ["query", "page"]
    last = client.get(f"{V1}/projects", params={"page": MAX_PAGE}, headers=user.headers)
    assert last.status_code == 200 and last.json()["items"] == []


def test_the_web_ui_is_found_without_configuration(tmp_path: Path) -> None:
    built = tmp_path / "dist"
    built.mkdir()
    assert frontend.web_dir(built) is None  # no index.html: nothing to serve
    (built / "index.html").write_text("<html></html>")
    assert frontend.web_dir(built) == built
    assert frontend.CHECKOUT.parts[-2:] == ("web", "dist")
    assert frontend.PACKAGED.parent == Path(frontend.__file__).resolve().parent
    found = frontend.web_dir(None)
    if (frontend.CHECKOUT / "index.html").is_file():  # a checkout with the UI built
        assert found in (frontend.PACKAGED, frontend.CHECKOUT)


def test_the_wheel_build_step_ships_the_built_ui(tmp_path: Path) -> None:
    from filmstudio.studio import webui_build

    root, build_lib = tmp_path / "repo", tmp_path / "build"
    assert not webui_build.copy_web_ui(root, build_lib)  # not built: nothing to ship
    dist = root / webui_build.BUILT_UI
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<html>ui</html>")
    (dist / "assets" / "app.js").write_text("1")
    assert webui_build.copy_web_ui(root, build_lib)
    shipped = build_lib / webui_build.TARGET
    assert (shipped / "assets" / "app.js").read_text() == "1"
    # the copy lands exactly where the installed package looks for it
    assert shipped.relative_to(build_lib).parts == frontend.PACKAGED.parts[-3:]


def test_unconfigured_integrations_say_what_to_configure(client: TestClient) -> None:
    user = register(client)
    answers = {
        "payments_not_configured": client.post(
            f"{V1}/credits/purchase", json={"credits": 10}, headers=user.headers
        ),
        "webhooks_not_configured": client.post(f"{V1}/billing/webhook", content=b"{}"),
        "youtube_not_configured": client.post(f"{V1}/youtube/connect", headers=user.headers),
    }
    for code, answer in answers.items():
        assert answer.status_code == 501, code
        assert answer.json()["code"] == code and "set FILMSTUDIO_" in answer.json()["detail"]
