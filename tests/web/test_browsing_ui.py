"""Browsing and submitting in Chromium: thumbnails on project cards and render lists (a
placeholder before the first film), a script too long for its length caught in the form
before a credit is spent, and a quick film that cannot start leaves no draft behind."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.web.conftest import DESKTOP, PHONE, NewPage
from tests.web.helpers import SCRIPT, email, expect, project_with_film, sign_in
from tests.web.shots import shot
from tests.web.studio_server import RunningStudio

pytestmark = pytest.mark.browser
LONG = " ".join(f"The keeper counted boat number {n} in the harbour." for n in range(30))


def _loaded(image: Any) -> bool:
    return bool(image.evaluate("img => img.complete && img.naturalWidth > 0"))


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_cards_and_renders_show_the_films_thumbnail(
    new_page: NewPage, server: RunningStudio, viewport: str
) -> None:
    page: Any = new_page(viewport=DESKTOP if viewport == "desktop" else PHONE)
    token = server.account(email(f"cards-{viewport}"))
    filmed = project_with_film(server, token, "With a film")
    draft_fields = {"title": "Draft", "script": SCRIPT, "duration": 30}
    server.api("POST", "/projects", token, json=draft_fields)
    sign_in(page, server, token)
    page.goto("/projects")
    cards = page.get_by_test_id("project-card")
    expect(cards).to_have_count(2)
    draft, film = cards.filter(has_text="Draft"), cards.filter(has_text="With a film")
    expect(draft.get_by_test_id("thumbnail-placeholder")).to_be_visible()
    expect(draft.get_by_test_id("thumbnail")).to_have_count(0)
    picture = film.get_by_test_id("thumbnail")
    expect(picture).to_be_visible()
    page.wait_for_function("() => [...document.images].every(i => i.complete)")
    assert _loaded(picture)
    shot(page, f"projects-thumbnails-{viewport}")
    film.click()
    expect(page).to_have_url(re.compile(rf"/projects/{filmed}$"))
    listed = page.locator("#renders-title").locator("..").get_by_test_id("thumbnail")
    expect(listed).to_have_count(1)
    page.wait_for_function("() => [...document.images].every(i => i.complete)")
    assert _loaded(listed)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_length_too_short_is_caught_in_the_form(
    new_page: NewPage, server: RunningStudio, viewport: str
) -> None:
    page: Any = new_page(viewport=DESKTOP if viewport == "desktop" else PHONE)
    token = server.account(email(f"length-{viewport}"))
    credits = server.api("GET", "/credits/balance", token)["credits"]
    sign_in(page, server, token)
    page.goto("/projects/new")
    page.locator("#title").fill("Counting boats")
    page.locator("#script").fill(LONG)
    page.get_by_role("button", name=re.compile("Short")).click()  # 30 s
    hint = page.get_by_test_id("length-hint")
    expect(hint).to_have_attribute("data-fits", "no")
    minimum = int(re.findall(r"\d+", hint.text_content() or "")[0])
    refused = server.api("POST", "/projects/length", token, json={"script": LONG})
    assert refused["minimum_duration"] == minimum > 30  # the same rule as the API's
    expect(page.get_by_test_id("save-render")).to_be_disabled()
    shot(page, f"form-length-too-short-{viewport}")
    page.get_by_test_id("length-fix").click()
    expect(hint).to_have_attribute("data-fits", "yes")
    expect(page.get_by_test_id("save-render")).to_be_enabled()
    assert server.api("GET", "/credits/balance", token)["credits"] == credits
    assert server.api("GET", "/projects", token)["total"] == 0

    page.goto("/generate")
    page.locator("#quick-script").fill(LONG)
    page.locator("#quick-duration").select_option("30")
    expect(page.get_by_test_id("length-hint")).to_have_attribute("data-fits", "no")
    expect(page.get_by_test_id("make-film")).to_be_disabled()
    shot(page, f"quick-length-too-short-{viewport}")
    assert server.api("GET", "/projects", token)["total"] == 0


def test_a_quick_film_that_cannot_start_leaves_no_draft(
    new_page: NewPage, server: RunningStudio
) -> None:
    page: Any = new_page()
    token = server.account(email("quick-fail"))
    sign_in(page, server, token)
    page.route(
        "**/api/v1/jobs/submit",
        lambda route: route.fulfill(
            status=503,
            content_type="application/problem+json",
            body='{"status": 503, "code": "service_unavailable", "detail": "The queue is down."}',
        ),
    )
    page.goto("/generate")
    page.locator("#quick-script").fill(SCRIPT)
    page.get_by_test_id("make-film").click()
    page.get_by_test_id("confirm-yes").click()
    expect(page.get_by_role("alert")).to_contain_text("busy right now")
    assert server.api("GET", "/projects", token)["total"] == 0
    assert server.api("GET", "/jobs", token)["total"] == 0
