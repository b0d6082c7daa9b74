"""What the browser tests share: signing in, a project with a finished film, Playwright's expect."""

from __future__ import annotations

import uuid
from typing import Any

from tests.web.studio_server import RunningStudio

PASSWORD = "correct horse battery"
SCRIPT = (
    "The keeper climbed the lighthouse stairs at night. The storm came from the sea. "
    "At dawn a small boat reached the harbour, and the keeper smiled."
)


def expect(target: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


def email(tag: str) -> str:
    return f"{tag}-{uuid.uuid4().hex[:8]}@example.com"


def sign_in(page: Any, server: RunningStudio, token: str, language: str = "en") -> None:
    """Start a page already logged in (tokens where the UI keeps them) in `language`."""
    page.goto("/auth/login")
    page.evaluate(
        "([token, lang]) => { localStorage.setItem('fs.access', token);"
        " localStorage.setItem('fs.lang', lang) }",
        [token, language],
    )


def wait_for_film(server: RunningStudio, token: str, job_id: str) -> None:
    import time

    deadline = time.monotonic() + 30
    while server.api("GET", f"/jobs/{job_id}", token)["status"] != "completed":
        assert time.monotonic() < deadline, "the test film did not finish"
        time.sleep(0.2)


def project_with_film(server: RunningStudio, token: str, title: str) -> str:
    project = server.api(
        "POST", "/projects", token, json={"title": title, "script": SCRIPT, "duration": 30}
    )
    job = server.api(
        "POST", "/jobs/submit", token, json={"project_id": project["id"]},
        headers={"Idempotency-Key": uuid.uuid4().hex},
    )  # fmt: skip
    wait_for_film(server, token, job["id"])
    return str(project["id"])
