"""The API docs in real Chromium with every request that leaves 127.0.0.1 blocked: Swagger
UI lists the operations and ReDoc renders (their assets come from the studio itself)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import pytest

from tests.web.conftest import SCREENSHOTS, NewPage

pytestmark = pytest.mark.browser


def _offline(page: Any) -> list[str]:
    """Abort every request to another host; return the list of what was tried."""
    tried: list[str] = []

    def route(handle: Any) -> None:
        host = urlparse(handle.request.url).hostname
        if host in ("127.0.0.1", "localhost"):
            handle.continue_()
        else:
            tried.append(handle.request.url)
            handle.abort()

    page.route("**/*", route)
    return tried


def test_swagger_ui_and_redoc_work_offline(new_page: NewPage) -> None:
    page: Any = new_page()
    tried = _offline(page)
    page.goto("/docs")
    page.locator(".opblock-summary-path").first.wait_for()
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/jobs/submit" in [p.replace("\u200b", "") for p in paths]
    assert page.get_by_text("Unable to render this definition").count() == 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "docs-swagger.png"))

    page.goto("/redoc")
    page.get_by_text("AI Film Studio").first.wait_for()
    page.locator("[data-section-id]").first.wait_for()
    assert page.locator("[data-section-id]").count() > 20  # a section per operation and tag
    page.screenshot(path=str(SCREENSHOTS / "docs-redoc.png"))
    assert tried == []  # nothing was even asked of another host
