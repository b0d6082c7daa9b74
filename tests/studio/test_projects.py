"""Projects over the API: validation, listing, versions, soft delete, duplicate, sharing."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from filmstudio.studio.context import Studio
from tests.studio.helpers import SCRIPT, create_project, register

API = "/api/v1/projects"


def test_create_and_read(client: TestClient) -> None:
    user = register(client)
    project = create_project(client, user, style="cinematic", settings={"quality": "1080p"})
    assert project["status"] == "draft" and project["version"] == 1
    assert project["access"] == "owner"
    assert project["settings"] == {"quality": "1080p", "seed": 0, "cast": {}}
    fetched = client.get(f"{API}/{project['id']}", headers=user.headers)
    assert fetched.status_code == 200
    assert fetched.json()["script"] == SCRIPT


def test_create_validates_script_duration_and_choices(client: TestClient) -> None:
    user = register(client)
    cases = [
        ({"script": "word " * 501}, "501 words; the limit is 500"),
        ({"script": "   "}, "script is empty"),
        ({"duration": 10}, "duration"),
        ({"duration": 301}, "duration"),
        ({"music": "polka"}, "Unknown music 'polka'"),
        ({"voice": "darth"}, "Unknown voice 'darth'"),
        ({"style": "cubist"}, "Unknown style 'cubist'"),
        ({"settings": {"cast": {"SARAH": "darth"}}}, "Unknown voice 'darth'"),
        ({"language": "de"}, "Unknown language 'de'"),
        ({"settings": {"quality": "8k"}}, "quality"),
        ({"settings": {"watermark": False}}, "watermark"),
        ({"title": ""}, "title"),
    ]
    for fields, words in cases:
        body = {"title": "T", "script": SCRIPT, "duration": 30, **fields}
        response = client.post(API, json=body, headers=user.headers)
        assert response.status_code == 422, (fields, response.text)
        assert words in response.json()["detail"], (fields, response.json())


def test_a_500_word_script_is_accepted(client: TestClient) -> None:
    user = register(client)
    create_project(client, user, script="word " * 500)


def test_list_is_paginated_filtered_and_fresh(client: TestClient) -> None:
    user = register(client)
    ids = [create_project(client, user, title=f"Film {i}")["id"] for i in range(5)]
    page = client.get(API, params={"page_size": 2}, headers=user.headers).json()
    assert page["total"] == 5 and len(page["items"]) == 2 and page["page"] == 1
    assert page["items"][0]["id"] == ids[-1]  # newest first
    last = client.get(API, params={"page": 3, "page_size": 2}, headers=user.headers).json()
    assert [p["id"] for p in last["items"]] == [ids[0]]
    drafts = client.get(API, params={"status": "draft"}, headers=user.headers).json()
    assert drafts["total"] == 5
    done = client.get(API, params={"status": "completed"}, headers=user.headers).json()
    assert done["total"] == 0
    # the list is cached, yet a write shows at once
    create_project(client, user, title="Film 5")
    assert client.get(API, params={"page_size": 2}, headers=user.headers).json()["total"] == 6
    bad = client.get(API, params={"status": "lost"}, headers=user.headers)
    assert bad.status_code == 422
    too_big = client.get(API, params={"page_size": 1000}, headers=user.headers)
    assert too_big.status_code == 422


def test_users_only_see_their_own_projects(client: TestClient) -> None:
    ana, ben = register(client), register(client)
    project = create_project(client, ana)
    assert client.get(API, headers=ben.headers).json()["total"] == 0
    response = client.get(f"{API}/{project['id']}", headers=ben.headers)
    assert response.status_code == 404
    assert "no project with this id" in response.json()["detail"]


def test_each_change_makes_a_new_version(client: TestClient) -> None:
    user = register(client)
    project = create_project(client, user)
    url = f"{API}/{project['id']}"
    changed = client.patch(url, json={"title": "Night Watch", "duration": 45}, headers=user.headers)
    assert changed.status_code == 200
    assert changed.json()["version"] == 2 and changed.json()["title"] == "Night Watch"
    same = client.patch(url, json={"title": "Night Watch"}, headers=user.headers)
    assert same.json()["version"] == 2  # nothing changed, no new version
    client.patch(url, json={"settings": {"quality": "360p", "seed": 7}}, headers=user.headers)
    versions = client.get(f"{url}/versions", headers=user.headers).json()
    assert [v["version"] for v in versions] == [3, 2, 1]
    assert versions[2]["data"]["title"] == "The Lighthouse"
    assert versions[1]["data"]["duration"] == 45
    assert versions[0]["data"]["settings"]["seed"] == 7
    invalid = client.patch(url, json={"script": "word " * 600}, headers=user.headers)
    assert invalid.status_code == 422
    null = client.patch(url, json={"title": None}, headers=user.headers)
    assert null.status_code == 400
    assert client.get(url, headers=user.headers).json()["version"] == 3


def test_soft_delete_hides_the_project(client: TestClient, studio: Studio) -> None:
    from filmstudio.studio.projects.models import Project

    user = register(client)
    project = create_project(client, user)
    assert client.delete(f"{API}/{project['id']}", headers=user.headers).status_code == 204
    assert client.get(f"{API}/{project['id']}", headers=user.headers).status_code == 404
    assert client.get(API, headers=user.headers).json()["total"] == 0
    assert client.delete(f"{API}/{project['id']}", headers=user.headers).status_code == 404
    with studio.db.read_session() as session:
        row = session.get(Project, __import__("uuid").UUID(project["id"]))
        assert row is not None and row.deleted_at is not None


def test_duplicate_makes_an_own_draft(client: TestClient) -> None:
    user = register(client)
    project = create_project(client, user, settings={"seed": 3})
    client.patch(f"{API}/{project['id']}", json={"duration": 60}, headers=user.headers)
    copy = client.post(f"{API}/{project['id']}/duplicate", headers=user.headers)
    assert copy.status_code == 201
    body = copy.json()
    assert body["id"] != project["id"]
    assert body["title"] == "Copy of The Lighthouse"
    assert body["version"] == 1 and body["duration"] == 60 and body["settings"]["seed"] == 3


def test_sharing_view_and_edit(client: TestClient) -> None:
    owner, viewer, editor = register(client), register(client), register(client)
    project = create_project(client, owner)
    url = f"{API}/{project['id']}"
    shared = client.post(f"{url}/shares", json={"email": viewer.email}, headers=owner.headers)
    assert shared.status_code == 202 and shared.json()["permission"] == "view"
    client.post(
        f"{url}/shares", json={"email": editor.email, "permission": "edit"}, headers=owner.headers
    )
    seen = client.get(API, headers=viewer.headers).json()
    assert seen["total"] == 1 and seen["items"][0]["access"] == "view"
    assert client.get(url, headers=viewer.headers).json()["access"] == "view"
    refused = client.patch(url, json={"title": "Mine"}, headers=viewer.headers)
    assert refused.status_code == 403
    assert "view this project but not change it" in refused.json()["detail"]
    assert client.patch(url, json={"title": "Ours"}, headers=editor.headers).status_code == 200
    assert client.get(API, headers=owner.headers).json()["items"][0]["title"] == "Ours"
    assert client.get(f"{url}/shares", headers=editor.headers).status_code == 403
    assert len(client.get(f"{url}/shares", headers=owner.headers).json()) == 2
    assert client.delete(url, headers=editor.headers).status_code == 403
    self_share = client.post(f"{url}/shares", json={"email": owner.email}, headers=owner.headers)
    assert self_share.status_code == 400
    removed = client.delete(f"{url}/shares/{viewer.id}", headers=owner.headers)
    assert removed.status_code == 204
    assert client.get(url, headers=viewer.headers).status_code == 404
    assert client.get(API, headers=viewer.headers).json()["total"] == 0


def test_malformed_ids_name_nothing(client: TestClient) -> None:
    """A project id that is not a UUID is no address: 404 (so /projects/choices and other
    fixed paths never reach a route of /projects/{project_id}), as a problem document."""
    user = register(client)
    response = client.get(f"{API}/not-a-uuid", headers=user.headers)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "not_found"
    wrong_method = client.patch(f"{API}/choices", headers=user.headers, json={})
    assert wrong_method.status_code == 405
    assert wrong_method.headers["allow"] == "GET"


# --- what the web UI needs: choices, storyboard, renders and links, images, previews ---


def _png(width: int = 320, height: int = 200) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (30, 120, 200)).save(out, "PNG")
    return out.getvalue()


def _fetch(client: TestClient, url: str) -> Any:
    """Fetch a signed link as a browser element would: no Authorization header."""
    return client.get(url)


def test_choices_describe_every_option(client: TestClient) -> None:
    body = client.get(f"{API}/choices").json()
    assert body["max_words"] == 500
    for kind, expected in (
        ("styles", "cinematic"),
        ("voices", "narrator-female"),
        ("music", "auto"),
        ("languages", "hi"),
    ):
        found = {c["id"]: c["description"] for c in body[kind]}
        assert found.get(expected), kind


def test_storyboard_draft_edits_versions_and_follows_the_project(client: TestClient) -> None:
    from PIL import Image

    user = register(client)
    project = create_project(client, user)
    url = f"{API}/{project['id']}/plan"
    draft = client.get(url, headers=user.headers).json()
    assert draft["source"] == "draft"
    scenes = draft["plan"]["scenes"]
    assert scenes and set(draft["pictures"]) == {str(s["scene_number"]) for s in scenes}
    picture = _fetch(client, draft["pictures"][str(scenes[0]["scene_number"])])
    assert picture.status_code == 200 and picture.headers["content-type"] == "image/jpeg"
    import io

    assert Image.open(io.BytesIO(picture.content)).size == (384, 216)

    edited = draft["plan"]
    edited["scenes"][0]["dialogue"][0]["text"] = "A new first line."
    edited["scenes"][0]["mood"] = "joyful"
    saved = client.put(url, json=edited, headers=user.headers)
    assert saved.status_code == 200, saved.text
    assert saved.json()["source"] == "edited"
    assert saved.json()["plan"]["scenes"][0]["dialogue"][0]["text"] == "A new first line."
    after = client.get(f"{API}/{project['id']}", headers=user.headers).json()
    assert after["version"] == 2 and after["settings"]["plan"]["scenes"][0]["mood"] == "joyful"

    restyled = client.patch(
        f"{API}/{project['id']}",
        json={"style": "noir", "settings": {"quality": "360p"}},
        headers=user.headers,
    ).json()
    assert restyled["settings"]["plan"]["style"] == "noir"  # the storyboard follows
    assert restyled["settings"]["quality"] == "360p"
    assert client.get(url, headers=user.headers).json()["source"] == "edited"

    rewritten = client.patch(
        f"{API}/{project['id']}", json={"script": SCRIPT + " The end."}, headers=user.headers
    ).json()
    assert "plan" not in rewritten["settings"]  # made from the old text: dropped
    assert client.get(url, headers=user.headers).json()["source"] == "draft"

    client.put(url, json=edited, headers=user.headers)
    discarded = client.delete(url, headers=user.headers)
    assert discarded.status_code == 200 and discarded.json()["source"] == "draft"


def test_an_invalid_storyboard_is_refused_with_the_reason(client: TestClient) -> None:
    user = register(client)
    project = create_project(client, user)
    url = f"{API}/{project['id']}/plan"
    plan = client.get(url, headers=user.headers).json()["plan"]
    cases = [
        ({**plan, "scenes": []}, "scenes"),
        ({**plan, "narrator_voice": "darth"}, "Unknown voice 'darth'"),
        ({**plan, "style": "cubist"}, "Unknown style 'cubist'"),
        ({**plan, "scenes": [{**plan["scenes"][0], "mood": "angry"}]}, "mood"),
        ({**plan, "scenes": [{**plan["scenes"][0], "dialogue": [], "shots": []}]}, "no lines"),
    ]
    for body, words in cases:
        refused = client.put(url, json=body, headers=user.headers)
        assert refused.status_code == 422, body
        assert words in refused.json()["detail"], refused.json()
    stranger = register(client)
    assert client.get(url, headers=stranger.headers).status_code == 404


def test_the_storyboard_follows_the_latest_film(client: TestClient, studio: Studio) -> None:
    import json

    from filmstudio.engine.plan import FilmPlan
    from filmstudio.studio.jobs import service as jobs
    from tests.studio.helpers import submit, wait_for

    user = register(client)
    project = create_project(client, user)
    job = wait_for(client, user, submit(client, user, project["id"])["id"])
    assert job["status"] == "completed"
    url = f"{API}/{project['id']}/plan"
    # the fake renderer's plan.json is not a real plan: the storyboard stays a draft
    assert client.get(url, headers=user.headers).json()["source"] == "draft"
    film_plan = FilmPlan.model_validate(
        {"title": "Filmed", "scenes": [{"scene_number": 1, "dialogue": [{"text": "Filmed."}]}]}
    )
    import uuid

    owner = next(iter(_users(studio, user.id)))
    key = jobs.output_key(studio, owner, uuid.UUID(job["id"]), "plan.json")
    path = studio.storage.local_path(key)
    assert path is not None
    path.write_text(json.dumps(film_plan.model_dump(mode="json")))
    board = client.get(url, headers=user.headers).json()
    assert board["source"] == "film" and board["plan"]["title"] == "Filmed"


def _users(studio: Studio, user_id: Any) -> list[Any]:
    from filmstudio.studio.accounts import service as accounts

    found = accounts.profile(studio, user_id)
    assert found is not None
    return [found]


def test_renders_link_to_their_files_with_signed_expiring_links(
    client: TestClient, studio: Studio
) -> None:
    from filmstudio.studio.projects import links
    from tests.studio.helpers import submit, wait_for

    user = register(client)
    project = create_project(client, user)
    wait_for(client, user, submit(client, user, project["id"])["id"])
    renders = client.get(f"{API}/{project['id']}/renders", headers=user.headers).json()
    assert [r["status"] for r in renders] == ["completed"]
    files = renders[0]["files"]
    assert {"film.mp4", "film.srt", "film.vtt", "thumbnail.jpg", "plan.json"} <= set(files)
    film = _fetch(client, files["film.mp4"])
    assert film.status_code == 200 and film.content.startswith(b"fake film.mp4")
    assert film.headers["content-type"] == "video/mp4"
    download = _fetch(client, files["film.srt"] + "&download=1")
    assert download.headers["content-disposition"].startswith("attachment")
    vtt = _fetch(client, files["film.vtt"])
    assert vtt.headers["content-type"].startswith("text/vtt")

    tampered = files["film.mp4"].replace("film.mp4&", "film.srt&")
    assert _fetch(client, tampered.replace("k=", "k=x")).status_code == 403
    stale = links.link(studio, "users/x/projects/y/generated/z/film.mp4", "film.mp4", seconds=-5)
    expired = _fetch(client, stale)
    assert expired.status_code == 403 and "expired" in expired.json()["detail"]
    stranger = register(client)
    assert client.get(f"{API}/{project['id']}/renders", headers=stranger.headers).status_code == 404


def test_reference_images_upload_list_and_delete(client: TestClient, studio: Studio) -> None:
    from PIL import Image

    user = register(client)
    project = create_project(client, user)
    url = f"{API}/{project['id']}/images"
    added = client.post(
        url, files={"file": ("harbour.png", _png(), "image/png")}, headers=user.headers
    )
    assert added.status_code == 201, added.text
    image = added.json()
    assert (image["filename"], image["width"], image["height"]) == ("harbour.png", 320, 200)
    import io

    thumb = _fetch(client, image["thumbnail_url"])
    assert max(Image.open(io.BytesIO(thumb.content)).size) <= 240
    assert _fetch(client, image["url"]).content == _png()
    assert [i["id"] for i in client.get(url, headers=user.headers).json()] == [image["id"]]

    kept = client.patch(
        f"{API}/{project['id']}", json={"settings": {"quality": "360p"}}, headers=user.headers
    ).json()
    assert [i["id"] for i in kept["settings"]["images"]] == [image["id"]]

    bogus = client.post(
        url, files={"file": ("notes.png", b"not a picture", "image/png")}, headers=user.headers
    )
    assert bogus.status_code == 422 and "not a picture" in bogus.json()["detail"]
    viewer = register(client)
    client.post(
        f"{API}/{project['id']}/shares",
        json={"email": viewer.email, "permission": "view"},
        headers=user.headers,
    )
    denied = client.post(
        url, files={"file": ("a.png", _png(), "image/png")}, headers=viewer.headers
    )
    assert denied.status_code in (403, 404)

    for n in range(7):
        client.post(
            url, files={"file": (f"{n}.png", _png(8, 8), "image/png")}, headers=user.headers
        )
    full = client.post(
        url, files={"file": ("9.png", _png(8, 8), "image/png")}, headers=user.headers
    )
    assert full.status_code == 400 and "at most 8" in full.json()["detail"]

    gone = client.delete(f"{url}/{image['id']}", headers=user.headers)
    assert gone.status_code == 204
    assert image["id"] not in [i["id"] for i in client.get(url, headers=user.headers).json()]
    assert _fetch(client, image["url"]).status_code == 404


PREVIEW_SETTINGS = [{"engine_voice": "fake", "engine_music": "fake"}]


@pytest.mark.parametrize("settings", PREVIEW_SETTINGS, indirect=True)
def test_voice_and_music_previews_are_made_once(client: TestClient, studio: Studio) -> None:
    import io

    import soundfile

    voice = client.get(f"{API}/samples/voices/narrator-female", params={"language": "hi"})
    assert voice.status_code == 200, voice.text
    samples, rate = soundfile.read(io.BytesIO(voice.content))
    assert len(samples) / rate > 0.5 and abs(samples).max() > 0.01
    key = "samples/voices/fake/narrator-female-hi.wav"
    path = studio.storage.local_path(key)
    assert path is not None
    made = path.stat().st_mtime_ns
    assert client.get(f"{API}/samples/voices/narrator-female?language=hi").content == voice.content
    assert path.stat().st_mtime_ns == made  # kept, not made again

    music = client.get(f"{API}/samples/music/calm")
    audio, rate = soundfile.read(io.BytesIO(music.content))
    assert music.status_code == 200 and abs(len(audio) / rate - 12.0) < 0.01
    assert client.get(f"{API}/samples/music/none").status_code == 404
    assert client.get(f"{API}/samples/voices/darth").status_code == 404
    assert client.get(f"{API}/samples/voices/male-1?language=de").status_code == 404


def test_sharing_does_not_reveal_who_is_registered(client: TestClient, studio: Studio) -> None:
    """Sharing with an address that has no account answers exactly as with one that has;
    the invitation waits, hidden from sharees, and becomes a share once that address is a
    verified account."""
    from filmstudio.studio.projects import service as projects

    owner, member = register(client), register(client)
    project = create_project(client, owner)
    url = f"{API}/{project['id']}/shares"
    ghost = "ghost-" + member.email
    answers = [
        client.post(url, json={"email": email, "permission": "edit"}, headers=owner.headers)
        for email in (member.email, ghost)
    ]
    assert [a.status_code for a in answers] == [202, 202]
    assert sorted(answers[0].json()) == sorted(answers[1].json())  # the same fields
    listed = client.get(url, headers=owner.headers).json()
    assert [entry["email"] for entry in listed] == [member.email, ghost]
    # sharees see neither the invitation nor its address, in the project or its versions
    seen = client.get(f"{API}/{project['id']}", headers=member.headers).json()
    assert "invites" not in seen["settings"]
    client.patch(f"{API}/{project['id']}", json={"title": "New"}, headers=member.headers)
    versions = client.get(f"{API}/{project['id']}/versions", headers=member.headers).text
    assert ghost not in versions
    # the invited address signs up and is verified: the invitation becomes a share
    newcomer = register(client, email=ghost)
    assert projects.claim_invites(studio, newcomer.id, ghost) == 1
    opened = client.get(f"{API}/{project['id']}", headers=newcomer.headers)
    assert opened.status_code == 200 and opened.json()["access"] == "edit"
    # an invitation is withdrawn like a share
    other = client.post(url, json={"email": "nobody@example.com"}, headers=owner.headers).json()
    assert client.delete(f"{url}/{other['user_id']}", headers=owner.headers).status_code == 204
    assert "nobody@example.com" not in client.get(url, headers=owner.headers).text
