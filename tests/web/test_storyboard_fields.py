"""The storyboard offers the plan's newer fields in Chromium: the open sea as a place, the
scene's clothes, and the object a give or take passes; they are saved and come back after a
reload, on a desktop and a phone, and es/fr/hi name them in their own words."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.conftest import DESKTOP, PHONE, NewPage
from tests.web.helpers import email, expect, project_with_film, sign_in
from tests.web.locales import LANGUAGES, strings
from tests.web.shots import shot
from tests.web.studio_server import RunningStudio

pytestmark = pytest.mark.browser

#: The translations this feature added (the English of each must not show in another language).
NEW_KEYS = ("timeline.places.sea", "timeline.attire", "timeline.passes", "timeline.noProp")


def _open_scene_one(page: Any, server: RunningStudio, tag: str, language: str = "en") -> str:
    token = server.account(email(f"fields-{tag}"))
    project_id = project_with_film(server, token, "The Lighthouse")
    # two people in scene 1, so that one can give the other something
    plan = server.api("GET", f"/projects/{project_id}/plan", token)["plan"]
    plan["characters"] = [{"name": "Mira", "gender": "female"}, {"name": "Tomas", "gender": "male"}]
    plan["scenes"][0]["characters"] = ["Mira", "Tomas"]
    server.api("PUT", f"/projects/{project_id}/plan", token, json=plan)
    sign_in(page, server, token, language)
    page.goto(f"/projects/{project_id}")
    expect(page.get_by_test_id("timeline-scene")).to_have_count(3)
    page.get_by_test_id("timeline-scene").nth(0).get_by_role("button").click()
    return project_id


def _add_a_give(page: Any, words: dict[str, str], prop: str) -> None:
    """Add an object named `prop` and an action that gives it (labels in the page's language)."""
    editor = page.get_by_test_id("scene-editor")
    editor.get_by_role("button", name=words["timeline.addProp"]).click()
    page.locator("#prop-1-0").fill(prop)
    editor.get_by_role("button", name=words["timeline.addAction"]).click()
    editor.get_by_label(words["timeline.does"], exact=True).select_option("give")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_attire_sea_and_a_passed_prop_are_kept(
    new_page: NewPage, server: RunningStudio, viewport: str
) -> None:
    page: Any = new_page(viewport=DESKTOP if viewport == "desktop" else PHONE)
    project_id = _open_scene_one(page, server, viewport)
    english = strings("en")
    page.get_by_test_id("scene-place").select_option("sea")
    page.get_by_test_id("scene-attire").select_option("rain")
    expect(page.get_by_test_id("action-prop")).to_have_count(0)
    _add_a_give(page, english, "lantern")
    passes = page.get_by_test_id("action-prop")
    expect(passes).to_have_value("")  # nothing passes until one is chosen
    passes.select_option("lantern")
    page.get_by_test_id("scene-editor").get_by_label("To whom").select_option("Tomas")
    shot(page, f"storyboard-fields-edited-{viewport}")
    page.get_by_test_id("save-storyboard").click()
    expect(page.get_by_test_id("save-storyboard")).to_be_disabled()

    page.reload()
    page.get_by_test_id("timeline-scene").nth(0).get_by_role("button").click()
    expect(page.get_by_test_id("scene-place")).to_have_value("sea")
    expect(page.get_by_test_id("scene-attire")).to_have_value("rain")
    expect(page.get_by_test_id("action-prop")).to_have_value("lantern")
    shot(page, f"storyboard-fields-reloaded-{viewport}")
    scene = _saved_scene(page, project_id)
    assert scene["setting"]["place"] == "sea" and scene["attire"] == "rain"
    gives = [a for a in scene["actions"] if a["action"] == "give"]
    assert [(a["who"], a["prop"], a["target"]) for a in gives] == [("Mira", "lantern", "Tomas")]

    # a renamed object is still the one given; an action that passes nothing drops it
    page.locator("#prop-1-0").fill("lamp")
    expect(page.get_by_test_id("action-prop")).to_have_value("lamp")
    page.get_by_test_id("scene-editor").get_by_label("Does", exact=True).select_option("walk")
    expect(page.get_by_test_id("action-prop")).to_have_count(0)
    page.get_by_test_id("save-storyboard").click()
    expect(page.get_by_test_id("save-storyboard")).to_be_disabled()
    scene = _saved_scene(page, project_id)
    assert [(a["action"], a["prop"]) for a in scene["actions"]] == [("walk", None)]
    assert scene["props"] == [{"name": "lamp", "holder": None}]


def _saved_scene(page: Any, project_id: str) -> dict[str, Any]:
    """Scene 1 of the storyboard the server keeps, fetched with the page's own sign-in."""
    plan: dict[str, Any] = page.evaluate(
        """async (id) => {
            const token = localStorage.getItem('fs.access')
            const r = await fetch(`/api/v1/projects/${id}/plan`,
                                  {headers: {Authorization: `Bearer ${token}`}})
            return (await r.json()).plan
        }""",
        project_id,
    )
    scene: dict[str, Any] = plan["scenes"][0]
    return scene


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_the_new_fields_speak_the_readers_language(
    new_page: NewPage, server: RunningStudio, language: str
) -> None:
    english, mine = strings("en"), strings(language)
    keys = [*NEW_KEYS, *(k for k in english if k.startswith("timeline.attires."))]
    page: Any = new_page(language, PHONE)
    _open_scene_one(page, server, language, language)
    _add_a_give(page, mine, "lantern")
    expect(page.get_by_test_id("action-prop")).to_be_visible()
    shot(page, f"storyboard-fields-{language}")
    text = page.get_by_test_id("scene-editor").text_content()
    assert [mine[k] for k in keys if mine[k] not in text] == []
    assert [english[k] for k in keys if english[k] != mine[k] and english[k] in text] == []
