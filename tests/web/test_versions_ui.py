"""Versions in Chromium: name one, compare two side by side (scenes, lines, settings), restore
one as the current storyboard; and a free preview of one shot. Desktop and phone."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.web.conftest import DESKTOP, PHONE, NewPage
from tests.web.helpers import email, expect, project_with_film, sign_in
from tests.web.locales import strings
from tests.web.shots import shot
from tests.web.studio_server import RunningStudio

pytestmark = pytest.mark.browser
NEW_LINE = "The lamp went dark over the water."


def _two_more_versions(server: RunningStudio, token: str, project_id: str) -> str:
    """Version 2 changes scene 1's line, version 3 the title; returns the original line."""
    board = server.api("GET", f"/projects/{project_id}/plan", token)
    plan = board["plan"]
    original = str(plan["scenes"][0]["dialogue"][0]["text"])
    plan["scenes"][0]["dialogue"][0]["text"] = NEW_LINE
    server.api("PUT", f"/projects/{project_id}/plan", token, json=plan)
    server.api("PATCH", f"/projects/{project_id}", token, json={"title": "The Dark Lamp"})
    return original


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_name_compare_and_restore_a_version(
    new_page: NewPage, server: RunningStudio, viewport: str
) -> None:
    page: Any = new_page(viewport=DESKTOP if viewport == "desktop" else PHONE)
    token = server.account(email(f"versions-{viewport}"))
    project_id = project_with_film(server, token, "The Lighthouse")
    original = _two_more_versions(server, token, project_id)
    sign_in(page, server, token)
    page.goto(f"/projects/{project_id}")
    rows = page.get_by_test_id("version-row")
    expect(rows).to_have_count(3)

    rows.nth(2).get_by_test_id("version-rename").click()  # version 1 (newest first)
    page.get_by_test_id("version-name").fill("First cut")
    page.get_by_test_id("version-name-save").click()
    expect(rows.nth(2).get_by_test_id("version-label")).to_have_text("First cut")
    versions = server.api("GET", f"/projects/{project_id}/versions", token)
    assert [v["name"] for v in versions] == [None, None, "First cut"]

    page.get_by_test_id("compare-before").select_option("1")
    page.get_by_test_id("compare-after").select_option("3")
    page.get_by_test_id("compare").click()
    comparison = page.get_by_test_id("comparison")
    expect(comparison).to_contain_text("First cut")
    line = comparison.get_by_test_id("diff-line").first
    expect(line).to_contain_text(original)
    expect(line).to_contain_text(NEW_LINE)
    expect(comparison.get_by_test_id("diff-field").first).to_contain_text("The Dark Lamp")
    comparison.scroll_into_view_if_needed()
    shot(page, f"versions-compare-{viewport}")

    rows.nth(2).get_by_test_id("version-restore").click()
    expect(page.get_by_test_id("confirm-dialog")).to_contain_text("version 1")
    shot(page, f"versions-restore-question-{viewport}")
    page.get_by_test_id("confirm-yes").click()
    expect(page.get_by_test_id("versions-panel")).to_contain_text("Version 1 is the current")
    expect(page.get_by_test_id("version-row")).to_have_count(4)
    project = server.api("GET", f"/projects/{project_id}", token)
    assert (project["version"], project["title"]) == (4, "The Lighthouse")
    board = server.api("GET", f"/projects/{project_id}/plan", token)
    assert board["plan"]["scenes"][0]["dialogue"][0]["text"] == original
    expect(page.get_by_test_id("scene-editor").get_by_role("textbox").first).to_have_value(original)
    shot(page, f"versions-restored-{viewport}")


@pytest.mark.slow
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_shot_preview_plays_a_few_seconds_and_costs_nothing(
    new_page: NewPage, server: RunningStudio, viewport: str
) -> None:
    page: Any = new_page(viewport=DESKTOP if viewport == "desktop" else PHONE)
    token = server.account(email(f"shot-{viewport}"))
    project_id = project_with_film(server, token, "The Lighthouse")
    credits = server.api("GET", "/credits/balance", token)["credits"]
    sign_in(page, server, token)
    page.goto(f"/projects/{project_id}")
    buttons = page.get_by_test_id("shot-preview")
    expect(buttons.first).to_be_visible()
    buttons.last.click()
    video = page.get_by_test_id("shot-video")
    expect(video).to_have_attribute("src", re.compile(r"^blob:"), timeout=90_000)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=shot-video]').readyState >= 1"
    )
    seconds = page.evaluate("document.querySelector('[data-testid=shot-video]').duration")
    assert 2.9 <= seconds <= 15.5
    shot(page, f"editor-shot-preview-{viewport}")
    assert server.api("GET", "/credits/balance", token)["credits"] == credits


@pytest.mark.parametrize("language", ["es", "fr", "hi"])
def test_versions_and_length_speak_the_readers_language(
    new_page: NewPage, server: RunningStudio, language: str
) -> None:
    """No English string of the new panels is left on the page in another language."""
    english = {
        key: value
        for key, value in strings("en").items()
        if key.split(".")[0] in ("versions", "shotPreview", "billing", "length")
        and len(value) > 6
        and value != strings(language).get(key)
    }
    page: Any = new_page(language=language)
    token = server.account(email(f"versions-{language}"))
    project_id = project_with_film(server, token, "The Lighthouse")
    _two_more_versions(server, token, project_id)
    sign_in(page, server, token, language)
    page.goto(f"/projects/{project_id}")
    page.get_by_test_id("compare").click()
    expect(page.get_by_test_id("comparison")).to_be_visible()
    panel = page.get_by_test_id("versions-panel").inner_text()
    storyboard = page.get_by_test_id("shot-previews").inner_text()
    text = f"{panel}\n{storyboard}"
    left = [k for k, v in english.items() if re.search(rf"(?<!\w){re.escape(v)}(?!\w)", text)]
    assert left == [], left
    assert strings(language)["versions.compare"] in panel
    shot(page, f"versions-compare-{language}")
