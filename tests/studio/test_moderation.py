"""Moderation: the offline filter, plug-ins, and the admin queue (approve / reject)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from filmstudio.studio.context import Studio
from filmstudio.studio.moderation.filters import (
    AllowAll,
    Verdict,
    WordListFilter,
    load_filter,
)
from filmstudio.studio.settings import Settings
from tests.studio.helpers import SCRIPT, admin, balance, create_project, register, submit, wait_for


class ShoutFilter:
    """A stand-in for a moderation API plug-in: flags scripts in capitals."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def check(self, text: str) -> Verdict:
        return Verdict(text.isupper(), ("shouting",) if text.isupper() else ())


def test_word_list_matches_whole_words_in_any_case() -> None:
    flt = WordListFilter(["dragon fire", "orc"])
    assert flt.check("The DRAGON   fire burned.").flagged
    assert flt.check("An orc!").reasons == ("contains “orc”",)
    assert not flt.check("The porcupine and the dragonfly.").flagged


def test_filters_are_chosen_by_configuration(tmp_path: Path) -> None:
    words = tmp_path / "words.txt"
    words.write_text("# ours\nbanana\n", encoding="utf-8")
    custom = load_filter(Settings(moderation_words=["kiwi"], moderation_words_file=words))
    assert custom.check("a kiwi").flagged and custom.check("a banana").flagged
    assert isinstance(load_filter(Settings(moderation="none")), AllowAll)
    plugin = load_filter(Settings(moderation="tests.studio.test_moderation:ShoutFilter"))
    assert plugin.check("STOP").flagged and not plugin.check("stop").flagged
    with pytest.raises(ValueError, match="Unknown moderation filter"):
        load_filter(Settings(moderation="nonesuch"))


FLAGGED = SCRIPT + " Then he said: kill yourself."


def test_flagged_scripts_wait_for_an_admin_who_approves(client: TestClient, studio: Studio) -> None:
    user, boss = register(client), admin(client, studio)
    project = create_project(client, user, script=FLAGGED)
    queued = submit(client, user, project["id"])
    assert queued["moderation"] == "pending_review"
    assert balance(client, user) == 2
    pending = client.get("/api/v1/admin/moderation", headers=boss.headers).json()
    assert pending["total"] == 1
    item = pending["items"][0]
    assert item["job_id"] == queued["id"] and "kill yourself" in item["reasons"][0]
    assert (
        client.get(f"/api/v1/jobs/{queued['id']}", headers=user.headers).json()["status"]
        == "queued"
    )
    approved = client.post(
        f"/api/v1/admin/moderation/{item['id']}/approve",
        json={"note": "fiction"},
        headers=boss.headers,
    )
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert wait_for(client, user, queued["id"])["status"] == "completed"
    twice = client.post(f"/api/v1/admin/moderation/{item['id']}/reject", headers=boss.headers)
    assert twice.status_code == 409


def test_rejected_scripts_fail_and_refund(client: TestClient, studio: Studio) -> None:
    user, boss = register(client), admin(client, studio)
    project = create_project(client, user, script=FLAGGED)
    job_id = submit(client, user, project["id"])["id"]
    item = client.get("/api/v1/admin/moderation", headers=boss.headers).json()["items"][0]
    rejected = client.post(
        f"/api/v1/admin/moderation/{item['id']}/reject",
        json={"note": "Not allowed here."},
        headers=boss.headers,
    )
    assert rejected.json()["status"] == "rejected"
    job = client.get(f"/api/v1/jobs/{job_id}", headers=user.headers).json()
    assert job["status"] == "failed" and "Not allowed here." in job["error"]
    assert balance(client, user) == 3
    done = client.get(
        "/api/v1/admin/moderation", params={"status": "rejected"}, headers=boss.headers
    ).json()
    assert done["total"] == 1


def test_clean_scripts_are_not_held(client: TestClient, studio: Studio) -> None:
    user, boss = register(client), admin(client, studio)
    queued = submit(client, user, create_project(client, user)["id"])
    assert queued["moderation"] is None
    assert client.get("/api/v1/admin/moderation", headers=boss.headers).json()["total"] == 0
