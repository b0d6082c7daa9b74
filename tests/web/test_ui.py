"""The web UI in Debian's Chromium against a real studio (fake renderer, playable film).

Covers the customer's path (register → log in → create → submit → live progress → play →
download), the language menu, the admin's suspend and moderation, clear errors, and a
screenshot of every page in every language at desktop and phone width (out/screenshots/).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image

from tests.web.conftest import DESKTOP, PHONE, SCREENSHOTS, NewPage
from tests.web.helpers import PASSWORD, SCRIPT, expect
from tests.web.helpers import email as _email
from tests.web.helpers import project_with_film as _project_with_film
from tests.web.helpers import sign_in as _sign_in
from tests.web.locales import LANGUAGES, LOCALES
from tests.web.locales import strings as locale_strings
from tests.web.studio_server import FLAGGED_WORD, RunningStudio

pytestmark = pytest.mark.browser


def test_register_login_create_submit_watch_play_download(
    new_page: NewPage, server: RunningStudio, tmp_path: Path
) -> None:
    page: Any = new_page()
    email = _email("ada")
    page.goto("/auth/register")
    expect(page.get_by_test_id("oauth-google")).to_be_visible()
    expect(page.get_by_test_id("oauth-github")).to_be_visible()
    page.get_by_label("Name").fill("Ada")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("**/dashboard")
    expect(page.get_by_test_id("films-quota")).to_contain_text("0 / 3")

    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(f"{server.url}/")
    page.goto("/auth/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_be_visible()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/dashboard")

    page.get_by_role("link", name="New project").click()
    page.get_by_label("Title").fill("The Lighthouse")
    page.get_by_label("Script").fill(SCRIPT)
    from filmstudio.engine.script import count_words

    words = count_words(SCRIPT)  # the UI counts as the engine's limit does
    expect(page.get_by_test_id("word-count")).to_have_text(f"{words} of 500 words")
    page.get_by_role("button", name=re.compile("^Short")).click()
    expect(page.get_by_test_id("duration-value")).to_have_text("30 seconds")
    picture = tmp_path / "harbour.png"
    Image.new("RGB", (320, 200), (40, 90, 160)).save(picture)
    page.get_by_test_id("image-input").set_input_files(str(picture))
    expect(page.get_by_test_id("image-thumb")).to_have_count(1)

    page.evaluate("window.__sameDocument = true")
    page.get_by_test_id("save-render").click()
    expect(page.get_by_test_id("confirm-dialog")).to_contain_text("uses 1 credit. You have 3 left")
    page.get_by_test_id("confirm-yes").click()
    page.wait_for_url(re.compile(r"/projects/[0-9a-f-]+\?job="))
    expect(page.get_by_test_id("live-progress")).to_have_attribute("data-channel", "ws")
    step = page.get_by_test_id("current-step")
    expect(step).to_have_text(
        re.compile("Recording the voices|Painting the pictures|Rendering the video|Composing")
    )
    bar = page.get_by_role("progressbar").first
    assert int(bar.get_attribute("aria-valuenow")) > 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "progress-en-desktop.png"))

    video = page.get_by_test_id("film-video")
    expect(video).to_be_visible(timeout=20_000)
    assert page.evaluate("window.__sameDocument") is True, "the page reloaded"
    project_id = page.url.rsplit("/", 1)[1].split("?")[0]
    images = server.api("GET", f"/projects/{project_id}/images", _token(page))
    assert [i["filename"] for i in images] == ["harbour.png"]

    page.evaluate("() => { const v = document.querySelector('video'); v.muted = true; v.play() }")
    page.wait_for_function("document.querySelector('video').currentTime > 0.5")
    assert page.evaluate("document.querySelector('video').textTracks[0].mode") == "showing"
    page.get_by_test_id("subtitles-toggle").uncheck()
    assert page.evaluate("document.querySelector('video').textTracks[0].mode") == "hidden"
    markers = page.get_by_test_id("scene-marker")
    expect(markers).to_have_count(3)
    page.evaluate("document.querySelector('video').pause()")
    markers.nth(2).click()
    page.wait_for_function("Math.abs(document.querySelector('video').currentTime - 4) < 0.6")
    options = page.get_by_test_id("quality-select").locator("option").all_inner_texts()
    assert options == ["360p", "720p"]  # the free tier's qualities

    with page.expect_download() as mp4:
        page.get_by_test_id("download-mp4").click()
    assert Path(mp4.value.path()).read_bytes() == server.films["film.mp4"].read_bytes()
    with page.expect_download() as srt:
        page.get_by_test_id("download-srt").click()
    assert srt.value.suggested_filename == "film.srt"
    assert Path(srt.value.path()).read_bytes() == server.films["film.srt"].read_bytes()

    page.get_by_role("navigation").get_by_role("link", name="Projects").click()
    page.get_by_test_id("project-search").fill("lighthouse")
    expect(page.get_by_test_id("project-card")).to_have_count(1)
    page.get_by_test_id("project-search").fill("submarine")
    expect(page.get_by_test_id("project-card")).to_have_count(0)
    page.get_by_test_id("project-search").fill("")
    page.get_by_test_id("status-filter").select_option("failed")
    expect(page.get_by_test_id("project-card")).to_have_count(0)
    page.get_by_test_id("status-filter").select_option("completed")
    expect(page.get_by_test_id("project-card")).to_have_count(1)
    page.get_by_test_id("project-card").click()

    expect(page.get_by_test_id("timeline-scene")).to_have_count(3)
    first_line = page.get_by_test_id("scene-editor").get_by_role("textbox").first
    first_line.fill("The keeper climbed slowly through the storm.")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Storyboard saved.")).to_be_visible()
    saved = server.api("GET", f"/projects/{project_id}/plan", _token(page))
    assert saved["source"] == "edited"
    assert saved["plan"]["scenes"][0]["dialogue"][0]["text"].endswith("through the storm.")


def _token(page: Any) -> str:
    return str(page.evaluate("localStorage.getItem('fs.access')"))


def test_language_menu_switches_each_language_and_remembers_it(
    new_page: NewPage, server: RunningStudio
) -> None:
    headlines = {
        lang: json.loads((LOCALES / f"{lang}.json").read_text())["landing"]["headline"]
        for lang in LANGUAGES
    }
    page: Any = new_page()
    page.goto("/")
    heading = page.locator("h1")
    expect(heading).to_have_text(headlines["en"])
    for lang in ("es", "fr", "hi", "en"):
        page.get_by_test_id("language-menu").select_option(lang)
        expect(heading).to_have_text(headlines[lang])
        assert page.evaluate("document.documentElement.lang") == lang
        page.reload()
        expect(heading).to_have_text(headlines[lang])  # remembered

    french: Any = new_page("fr")  # nothing stored: the browser's language wins
    french.goto("/")
    expect(french.locator("h1")).to_have_text(headlines["fr"])

    page.keyboard.press("Tab")  # keyboard users can skip the navigation
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"


def test_quick_film_goes_from_pasted_script_to_film_on_one_page(
    new_page: NewPage, server: RunningStudio
) -> None:
    page: Any = new_page()
    _sign_in(page, server, server.account(_email("quick")))
    page.goto("/generate")
    page.get_by_label("Script").fill(SCRIPT)
    page.get_by_test_id("make-film").click()
    page.get_by_test_id("confirm-yes").click()
    expect(page.get_by_test_id("live-progress")).to_be_visible()
    expect(page.get_by_test_id("film-video")).to_be_visible(timeout=20_000)
    assert page.url.endswith("/generate")
    page.get_by_test_id("open-project").click()
    expect(page.locator("h1")).to_contain_text("The keeper climbed the lighthouse stairs")


def test_oauth_callback_page_keeps_the_tokens_from_the_fragment(
    new_page: NewPage, server: RunningStudio
) -> None:
    email = _email("octo")
    server.account(email)
    tokens = server.api("POST", "/auth/login", json={"email": email, "password": PASSWORD})
    page: Any = new_page()
    page.goto(
        f"/auth/callback#access_token={tokens['access_token']}"
        f"&refresh_token={tokens['refresh_token']}&expires_in=900"
    )
    page.wait_for_url("**/dashboard")
    expect(page.locator("h1")).to_contain_text(email)
    assert "access_token" not in page.url
    assert page.evaluate("localStorage.getItem('fs.refresh')") == tokens["refresh_token"]

    page.goto("/auth/login#error=GitHub%20did%20not%20confirm%20the%20login.")
    page.wait_for_url("**/dashboard")  # already logged in: the login page steps aside
    fresh: Any = new_page()
    fresh.goto("/auth/login#error=GitHub%20did%20not%20confirm%20the%20login.")
    expect(fresh.get_by_role("alert")).to_contain_text("GitHub did not confirm the login.")


def test_admin_suspends_a_user_and_approves_a_moderated_script(
    new_page: NewPage, server: RunningStudio
) -> None:
    author_email = _email("author")
    author = server.account(author_email)
    project = server.api(
        "POST", "/projects", author,
        json={"title": "Flagged", "script": f"The {FLAGGED_WORD} rose over the hills.",
              "duration": 30},
    )  # fmt: skip
    job = server.api("POST", "/jobs/submit", author, json={"project_id": project["id"]})
    assert job["moderation"] == "pending_review"
    admin = server.account(_email("admin"), role="admin")

    page: Any = new_page()
    _sign_in(page, server, admin)
    page.goto("/admin")
    expect(page.get_by_test_id("admin-stats")).to_be_visible()
    row = page.get_by_test_id("admin-user").filter(has_text=author_email)
    page.once("dialog", lambda dialog: dialog.accept("Spam"))
    row.get_by_role("button", name="Suspend").click()
    expect(row.get_by_text("Suspended")).to_be_visible()
    locked_out = httpx.get(  # the author is locked out at once
        f"{server.url}/api/v1/users/me", headers={"Authorization": f"Bearer {author}"}
    )
    assert locked_out.status_code in (401, 403), locked_out.text
    assert server.api("GET", "/admin/stats", admin)["users"]["suspended"] == 1

    page.get_by_role("tab", name=re.compile("Moderation")).click()
    item = page.get_by_test_id("moderation-item").filter(has_text=FLAGGED_WORD)
    expect(item).to_be_visible()
    item.get_by_role("button", name="Approve").click()
    expect(page.get_by_test_id("moderation-item").filter(has_text=FLAGGED_WORD)).to_have_count(0)
    approved = server.api("GET", "/admin/moderation?status=approved", admin)["items"]
    assert [i["job_id"] for i in approved] == [job["id"]]
    assert server.api("GET", f"/jobs/{job['id']}", admin)["moderation"] is None


def test_clear_errors_for_long_scripts_quota_and_network_loss(
    new_page: NewPage, server: RunningStudio
) -> None:
    token = server.account(_email("broke"), credits=0)
    page: Any = new_page()
    _sign_in(page, server, token)
    page.goto("/generate")
    page.get_by_label("Script").fill(" ".join(["word"] * 501))
    expect(page.get_by_test_id("word-count")).to_contain_text("501 words — the limit is 500")
    expect(page.get_by_test_id("make-film")).to_be_disabled()

    page.get_by_label("Script").fill(SCRIPT)
    page.get_by_test_id("make-film").click()
    expect(page.get_by_role("alert")).to_contain_text("You have used all the films")

    page.context.set_offline(True)
    page.evaluate("window.dispatchEvent(new Event('offline'))")
    expect(page.get_by_text("You are offline.")).to_be_visible()
    page.get_by_test_id("make-film").click()
    expect(page.get_by_role("alert").last).to_contain_text("We cannot reach the studio")
    page.context.set_offline(False)


def test_progress_falls_back_to_server_sent_events_and_cancels(
    new_page: NewPage, server: RunningStudio
) -> None:
    token = server.account(_email("sse"))
    page: Any = new_page()
    _sign_in(page, server, token)
    page.route_web_socket(re.compile(r".*/ws\?.*"), lambda socket: socket.close(code=1011))
    project_id = server.api(
        "POST", "/projects", token, json={"title": "Fallback", "script": SCRIPT, "duration": 30}
    )["id"]
    page.goto(f"/projects/{project_id}")
    page.get_by_test_id("render").click()
    page.get_by_test_id("confirm-yes").click()
    live = page.get_by_test_id("live-progress")
    expect(live).to_have_attribute("data-channel", "sse")
    expect(page.get_by_test_id("film-video")).to_be_visible(timeout=20_000)

    held = server.api(  # held for review: it stays queued until the user cancels it
        "POST", "/projects", token,
        json={"title": "Held", "script": f"The {FLAGGED_WORD} sang.", "duration": 30},
    )["id"]  # fmt: skip
    page.goto(f"/projects/{held}")
    page.get_by_test_id("render").click()
    page.get_by_test_id("confirm-yes").click()
    expect(page.get_by_text("Your script is being reviewed")).to_be_visible()
    before = server.api("GET", "/credits/balance", token)["credits"]
    page.get_by_role("button", name="Cancel").click()
    expect(page.get_by_test_id("project-status")).to_have_text("Cancelled")
    assert server.api("GET", "/credits/balance", token)["credits"] == before + 1


def _english_strings() -> dict[str, dict[str, str]]:
    return {lang: locale_strings(lang) for lang in LANGUAGES}


def _settle(page: Any) -> None:
    """Wait until the page shows its content: a heading, no spinner, every picture loaded."""
    page.wait_for_function(
        "document.querySelector('main h1') && !document.querySelector('main .animate-spin')"
        " && [...document.images].every(i => i.complete)",
        timeout=10_000,
    )
    page.evaluate("document.fonts.ready")


def test_screenshots_of_every_page_in_every_language(
    new_page: NewPage, server: RunningStudio
) -> None:
    """Every page, four languages, desktop and phone: saved for review; no untranslated
    English, no raw translation keys, nothing wider than a phone."""
    admin = server.account(_email("studio"), role="admin", name="Meera")
    me = server.api("GET", "/users/me", admin)
    server.api("PATCH", f"/admin/users/{me['id']}", admin, json={"tier": "pro"})
    project_id = _project_with_film(server, admin, "The Lighthouse")
    author = server.account(_email("poet"))
    flagged = server.api(
        "POST", "/projects", author,
        json={"title": "Night", "script": f"A {FLAGGED_WORD} lit the sky.", "duration": 30},
    )  # fmt: skip
    server.api("POST", "/jobs/submit", author, json={"project_id": flagged["id"]})
    pages = {
        "landing": "/",
        "login": "/auth/login",
        "register": "/auth/register",
        "forgot-password": "/auth/forgot-password",
        "dashboard": "/dashboard",
        "projects": "/projects",
        "project-new": "/projects/new",
        "project-edit": f"/projects/{project_id}/edit",
        "project": f"/projects/{project_id}",
        "generate": "/generate",
        "settings": "/settings",
        "admin": "/admin",
        "admin-moderation": "/admin",
    }
    strings = _english_strings()
    keys = re.compile(r"\b(nav|editor|landing|tiers|player|storyboard|admin|dashboard)\.[a-z]")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    public = (
        "landing",
        "login",
        "register",
        "forgot-password",
    )  # seen logged out, as visitors see them
    for width, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        for lang in LANGUAGES:
            page: Any = new_page(lang, viewport)
            english = {
                value
                for key, value in strings["en"].items()
                if len(value) >= 6
                and "{{" not in value
                and value != strings[lang].get(key)
                and key not in ("landing.sampleSubtitle", "editor.titlePlaceholder")
                and value != "English"  # the language menu names each language in itself
            }
            for name, path in sorted(pages.items(), key=lambda item: item[0] not in public):
                if name == "dashboard":
                    _sign_in(page, server, admin, lang)
                page.goto(path)
                _settle(page)
                if name == "project":
                    expect(page.get_by_test_id("timeline-scene")).to_have_count(3)
                    page.wait_for_function(
                        "[...document.images].every(i => i.complete && i.naturalWidth > 0)"
                    )
                if name == "admin-moderation":
                    page.get_by_role("tab").nth(1).click()
                    expect(page.get_by_test_id("moderation-item")).to_have_count(1)
                page.screenshot(
                    path=str(SCREENSHOTS / f"{name}-{lang}-{width}.png"), full_page=True
                )
                text = page.inner_text("body")
                found = keys.search(text)
                if found:
                    problems.append(f"{name}/{lang}: raw key {found.group(0)}")
                if lang != "en":
                    leftover = sorted(
                        s for s in english if re.search(rf"(?<!\w){re.escape(s)}(?!\w)", text)
                    )
                    if leftover:
                        problems.append(f"{name}/{lang}: English left: {leftover[:5]}")
                overflow = page.evaluate(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                )
                if overflow > 0:
                    problems.append(f"{name}/{lang}/{width}: {overflow}px wider than the screen")
    assert not problems, "\n".join(problems)
