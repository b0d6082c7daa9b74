"""The storyboard editor in Chromium: the timeline's edits reach the next render, previews are
free, renders ask before spending a credit, unsaved edits are guarded; desktop and phone."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from tests.web.conftest import DESKTOP, PHONE, NewPage
from tests.web.helpers import email, expect, project_with_film, sign_in
from tests.web.shots import shot
from tests.web.studio_server import RunningStudio

pytestmark = pytest.mark.browser
SHOWING = "[...document.querySelector('video').textTracks].filter(t => t.mode === 'showing')"


def _shot(page: Any, name: str) -> None:
    shot(page, f"editor-{name}")


def _job_plan(server: RunningStudio, job_id: str) -> dict[str, Any]:
    """The plan frozen into a job: what the renderer is given."""
    from filmstudio.studio.jobs.models import Job

    with server.studio.db.read_session() as session:
        job = session.get(Job, uuid.UUID(job_id))
        assert job is not None
        plan: dict[str, Any] = job.request["plan"]
        return plan


def _open(page: Any, server: RunningStudio, viewport: str) -> tuple[str, str]:
    token = server.account(email(f"editor-{viewport}"))
    project_id = project_with_film(server, token, "The Lighthouse")
    sign_in(page, server, token)
    page.goto(f"/projects/{project_id}")
    expect(page.get_by_test_id("timeline-scene")).to_have_count(3)
    return token, project_id


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_timeline_edits_reach_the_next_render(
    new_page: NewPage, server: RunningStudio, tmp_path: Path, viewport: str
) -> None:
    page: Any = new_page(viewport=DESKTOP if viewport == "desktop" else PHONE)
    token, project_id = _open(page, server, viewport)
    expect(page.get_by_test_id("waveform")).to_have_count(3)  # the film's voice per scene
    _shot(page, f"opened-{viewport}")
    tiles = page.get_by_test_id("timeline-scene")
    credits = server.api("GET", "/credits/balance", token)["credits"]

    # scene 2 at dawn in the snow, 3.5 seconds long, with a free preview of the change
    tiles.nth(1).get_by_role("button").click()
    page.get_by_test_id("scene-time").select_option("dawn")
    page.get_by_test_id("scene-weather").select_option("snow")
    page.get_by_test_id("scene-seconds").fill("3.5")
    picture = page.get_by_test_id("scene-picture")
    expect(picture).to_have_attribute("src", re.compile(r"^blob:"))
    _shot(page, f"preview-{viewport}")

    # a second line on scene 1, then split it in two: four scenes
    tiles.nth(0).get_by_role("button").click()
    page.get_by_role("button", name="Add a line").click()
    editor = page.get_by_test_id("scene-editor")
    editor.get_by_role("textbox").nth(1).fill("The lamp turned over the water.")
    page.get_by_test_id("scene-split").click()
    expect(tiles).to_have_count(4)

    # move the last scene first (drag on a desktop, the button on a phone), delete scene 2
    if viewport == "desktop":
        tiles.nth(3).drag_to(tiles.nth(0))
    else:
        tiles.nth(3).get_by_role("button").click()
        for _ in range(3):
            page.get_by_test_id("scene-earlier").click()
    tiles.nth(1).get_by_role("button").click()
    page.get_by_test_id("scene-delete").click()
    expect(tiles).to_have_count(3)
    page.get_by_test_id("scene-delete").click()  # one too many: undo it, redo, undo again
    expect(tiles).to_have_count(2)
    page.get_by_test_id("undo").click()
    page.get_by_test_id("redo").click()
    expect(tiles).to_have_count(2)
    page.get_by_test_id("undo").click()
    expect(tiles).to_have_count(3)

    # the first scene shows my own picture; every picture gets another take
    tiles.nth(0).get_by_role("button").click()
    mine = tmp_path / "harbour.png"
    Image.new("RGB", (320, 200), (200, 60, 40)).save(mine)
    page.get_by_test_id("scene-image-input").set_input_files(str(mine))
    expect(page.get_by_test_id("use-image")).to_have_count(1)
    page.get_by_test_id("new-pictures").click()
    _shot(page, f"edited-{viewport}")

    # leaving asks first; "Back to the script" asks first
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("main").get_by_role("link", name="Projects").first.click()
    assert f"/projects/{project_id}" in page.url
    page.get_by_test_id("back-to-script").click()
    expect(page.get_by_test_id("confirm-dialog")).to_contain_text("edits will be lost")
    page.get_by_test_id("confirm-no").click()

    # render again: it says what it costs and asks
    page.get_by_test_id("rerender").click()
    expect(page.get_by_test_id("confirm-dialog")).to_contain_text(f"You have {credits} left")
    _shot(page, f"credit-{viewport}")
    page.get_by_test_id("confirm-yes").click()
    expect(page.get_by_test_id("live-progress")).to_be_visible()
    job_id = page.url.split("job=")[1]
    plan = _job_plan(server, job_id)
    scenes = plan["scenes"]
    assert [s["scene_number"] for s in scenes] == [1, 2, 3]
    assert scenes[0]["image"] and scenes[0]["image"].endswith(".png")
    assert scenes[0]["dialogue"][0]["text"].startswith("At dawn")  # the last scene, moved first
    dawn = [s for s in scenes if s["setting"]["time_of_day"] == "dawn"]
    assert any(s["setting"]["weather"] == "snow" and s["duration"] == 3.5 for s in dawn)
    assert [line["text"] for s in scenes for line in s["dialogue"]].count(
        "The lamp turned over the water."
    ) == 1
    assert plan["seed"] == 1
    assert server.api("GET", "/credits/balance", token)["credits"] == credits - 1


def test_choosing_a_quality_not_made_yet_asks_before_spending_a_credit(
    new_page: NewPage, server: RunningStudio
) -> None:
    page: Any = new_page()
    token, _ = _open(page, server, "quality")
    credits = server.api("GET", "/credits/balance", token)["credits"]
    page.get_by_test_id("quality-select").select_option("360p")
    expect(page.get_by_test_id("confirm-dialog")).to_contain_text("uses 1 credit")
    page.get_by_test_id("confirm-no").click()
    assert server.api("GET", "/credits/balance", token)["credits"] == credits
    expect(page.get_by_test_id("download-mp4")).to_contain_text("720p")  # the best film stays


def test_the_subtitle_switch_turns_the_text_track_off(
    new_page: NewPage, server: RunningStudio
) -> None:
    page: Any = new_page()
    _open(page, server, "subtitles")
    page.wait_for_function(f"{SHOWING}.length === 1")
    assert page.evaluate(f"{SHOWING}[0].language") == "en"
    page.get_by_test_id("subtitles-toggle").uncheck()
    page.wait_for_function(f"{SHOWING}.length === 0")  # off means off: nothing burned in
    page.get_by_test_id("subtitles-toggle").check()
    page.wait_for_function(f"{SHOWING}.length === 1")


def test_the_subtitle_menu_switches_language(new_page: NewPage, server: RunningStudio) -> None:
    page: Any = new_page()
    _open(page, server, "languages")
    page.get_by_test_id("subtitle-language").select_option("es")
    page.wait_for_function(f"{SHOWING}.length === 1 && {SHOWING}[0].language === 'es'")
    _shot(page, "subtitles-desktop")


def test_render_options_travel_with_the_job(new_page: NewPage, server: RunningStudio) -> None:
    page: Any = new_page(viewport=PHONE)
    _open(page, server, "options")
    page.get_by_test_id("render-options").locator("summary").click()
    page.get_by_test_id("subtitle-es").check()
    page.get_by_test_id("subtitle-hi").check()
    page.get_by_test_id("option-stems").check()
    page.get_by_test_id("option-burn_subtitles").check()
    page.get_by_test_id("option-newTake").check()
    _shot(page, "render-options-phone")
    page.get_by_test_id("render").click()
    with page.expect_request("**/api/v1/jobs/submit") as sent:
        page.get_by_test_id("confirm-yes").click()
    options = sent.value.post_data_json["options"]
    assert options["subtitles"] == ["es", "hi"] and options["stems"] is True
    assert options["burn_subtitles"] is True and 0 <= options["seed"] < 2**31
    # a studio whose worker takes no options yet says so in the reader's words (its code)
    outcome = page.get_by_test_id("live-progress").or_(
        page.get_by_role("alert").filter(has_text="cannot use render options yet")
    )
    expect(outcome.first).to_be_visible()


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_vertical_short_previews_tall_and_saves(
    new_page: NewPage, server: RunningStudio, viewport: str
) -> None:
    page: Any = new_page(viewport=DESKTOP if viewport == "desktop" else PHONE)
    token, project_id = _open(page, server, f"tall-{viewport}")
    page.get_by_test_id("film-settings").locator("summary").click()
    page.get_by_test_id("aspect-9x16").click()
    frame = page.get_by_test_id("scene-preview")
    expect(frame).to_have_attribute("data-aspect", "9:16")
    page.wait_for_function(
        "(() => { const i = document.querySelector('[data-testid=scene-picture]');"
        " return i && i.src.startsWith('blob:') && i.complete"
        " && i.naturalHeight > i.naturalWidth })()"
    )
    box = frame.bounding_box()
    assert box["height"] > box["width"]  # the frame on screen is tall too
    _shot(page, f"vertical-{viewport}")
    page.get_by_test_id("save-storyboard").click()
    expect(page.get_by_text("Storyboard saved.")).to_be_visible()
    assert server.api("GET", f"/projects/{project_id}/plan", token)["plan"]["aspect"] == "9:16"
