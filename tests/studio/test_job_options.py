"""Job options: every engine option the CLI has, validated at submit with a sentence, and
mapped to the engine call in one function (`options.engine_call`)."""

from __future__ import annotations

import io
import uuid
import wave
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from filmstudio.engine.film import EngineOptions
from filmstudio.engine.plan import ASPECTS, FilmPlan
from filmstudio.engine.request import FilmRequest
from filmstudio.engine.translate.base import LANGUAGE_NAMES
from filmstudio.studio.context import Studio
from filmstudio.studio.jobs import options
from filmstudio.studio.jobs.options import BadOptions, JobOptions, engine_call
from tests.studio.helpers import SCRIPT, balance, create_project, register

V1 = "/api/v1"
BASE = EngineOptions(pictures="procedural", lipsync="procedural", talking=True)
FIELDS: dict[str, Any] = {
    "script": SCRIPT,
    "title": "T",
    "duration": 30.0,
    "language": "en",
    "narrator_voice": "narrator-female",
    "music": "auto",
    "style": "cinematic",
    "quality": "720p",
    "seed": 0,
    "cast": {"Keeper": "narrator-male"},
    "watermark": True,
}


def _wav() -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(8000)
        sound.writeframes(b"\0\0" * 800)
    return out.getvalue()


def test_the_engine_call_carries_every_option(tmp_path: Path) -> None:
    chosen = JobOptions(
        subtitles=["es", "fr"],
        stems=True,
        cast={"Sailor": "narrator-female"},
        seed=7,
        pictures="fake",
        lipsync="fake",
        talking=False,
        aspect="9:16",
        burn_subtitles=True,
        recite_translation=False,
    )
    files = {"music": tmp_path / "m.wav", "narration": tmp_path / "n.wav"}
    request = {
        **FIELDS,
        "options": chosen.model_dump(exclude_defaults=True),
        "image_keys": ["k"],
        "files": {kind: str(path) for kind, path in files.items()},
    }
    call = engine_call(request, BASE)
    assert isinstance(call.source, FilmRequest)
    assert (call.source.seed, call.source.aspect, call.source.recite_translation) == (
        7,
        "9:16",
        False,
    )
    assert call.source.cast == {"Keeper": "narrator-male", "Sailor": "narrator-female"}
    assert call.source.watermark and call.source.quality == "720p"
    assert call.extras.subtitles == ("es", "fr") and call.extras.stems
    assert (call.extras.music_file, call.extras.narration_file) == (
        files["music"],
        files["narration"],
    )
    engines = call.options
    assert (engines.pictures, engines.lipsync, engines.talking) == ("fake", "fake", False)
    assert engines.burn_subtitles and engines.voice == BASE.voice  # the rest is the studio's


def test_no_options_is_the_studio_default() -> None:
    call = engine_call(FIELDS, BASE)
    assert call.options == BASE and call.extras.subtitles == () and not call.extras.stems
    assert isinstance(call.source, FilmRequest) and call.source.aspect == ASPECTS[0]


def test_an_edited_plan_takes_the_jobs_quality_watermark_and_aspect() -> None:
    from filmstudio.engine.planning import make_plan

    first = engine_call(FIELDS, BASE).source
    assert isinstance(first, FilmRequest)
    drafted = make_plan(first.script, first)
    request = {**FIELDS, "quality": "360p", "plan": drafted.model_dump(mode="json")}
    call = engine_call({**request, "options": {"aspect": "1:1"}}, BASE)
    assert isinstance(call.source, FilmPlan)
    assert (call.source.quality, call.source.aspect, call.source.watermark) == ("360p", "1:1", True)


def test_stored_options_that_are_not_valid_fail_with_a_sentence() -> None:
    with pytest.raises(BadOptions, match="options are not valid"):
        engine_call({**FIELDS, "options": {"aspect": "4:3"}}, BASE)
    with pytest.raises(BadOptions, match="film settings are not valid"):
        engine_call({**FIELDS, "duration": 5}, BASE)


def test_the_options_offer_the_engines_own_lists() -> None:
    schema = JobOptions.model_json_schema()["properties"]
    assert schema["subtitles"]["items"]["enum"] == list(LANGUAGE_NAMES)
    aspect = next(s for s in schema["aspect"]["anyOf"] if "enum" in s)
    assert tuple(aspect["enum"]) == ASPECTS


@pytest.mark.parametrize(
    ("chosen", "status", "words"),
    [
        ({"subtitles": ["xx"]}, 422, "unknown subtitle language xx"),
        ({"aspect": "4:3"}, 422, "aspect"),
        ({"seed": -1}, 422, "seed"),
        ({"pictures": "oil-paint"}, 422, "Unknown picture engine 'oil-paint'"),
        ({"lipsync": "nobody"}, 422, "Unknown lip-sync engine 'nobody'"),
        ({"cast": {"Keeper": "darth"}}, 422, "Unknown voice 'darth'"),
        ({"music_upload": "abc123"}, 422, "no uploaded music with id 'abc123'"),
        ({"warp_speed": True}, 422, "warp_speed"),
    ],
)
def test_bad_options_are_refused_with_a_sentence_and_cost_nothing(
    idle_client: TestClient, chosen: dict[str, Any], status: int, words: str
) -> None:
    user = register(idle_client)
    project = create_project(idle_client, user)
    before = balance(idle_client, user)
    answer = idle_client.post(
        f"{V1}/jobs/submit",
        json={"project_id": project["id"], "options": chosen},
        headers=user.headers,
    )
    assert answer.status_code == status, answer.text
    assert words in answer.json()["detail"]
    assert balance(idle_client, user) == before


def test_recordings_are_uploaded_listed_and_deleted(
    idle_client: TestClient, studio: Studio
) -> None:
    user = register(idle_client)
    project = create_project(idle_client, user)
    url = f"{V1}/projects/{project['id']}/audio"
    not_audio = idle_client.post(
        url, params={"kind": "music"}, files={"file": ("a.txt", b"hello")}, headers=user.headers
    )
    assert not_audio.status_code == 422 and "not a recording" in not_audio.json()["detail"]
    added = idle_client.post(
        url, params={"kind": "music"}, files={"file": ("theme.wav", _wav())}, headers=user.headers
    )
    assert added.status_code == 201, added.text
    entry = added.json()
    assert (entry["kind"], entry["filename"]) == ("music", "theme.wav")
    assert idle_client.get(entry["url"]).content == _wav()
    assert [a["id"] for a in idle_client.get(url, headers=user.headers).json()] == [entry["id"]]
    # an edit of the project keeps its recordings (the studio manages them)
    patched = idle_client.patch(
        f"{V1}/projects/{project['id']}", json={"duration": 40}, headers=user.headers
    )
    assert patched.json()["settings"]["audio"][0]["id"] == entry["id"]
    # a job may name it as music, not as narration
    wrong_kind = idle_client.post(
        f"{V1}/jobs/submit",
        json={"project_id": project["id"], "options": {"narration_upload": entry["id"]}},
        headers=user.headers,
    )
    assert wrong_kind.status_code == 422
    gone = idle_client.delete(f"{url}/{entry['id']}", headers=user.headers)
    assert gone.status_code == 204 and idle_client.get(url, headers=user.headers).json() == []
    assert idle_client.get(entry["url"]).status_code == 404


def test_uploaded_recordings_are_fetched_for_the_engine(studio: Studio, tmp_path: Path) -> None:
    key = f"users/{uuid.uuid4()}/projects/{uuid.uuid4()}/audio/x.wav"
    source = tmp_path / "source.wav"
    source.write_bytes(_wav())
    studio.storage.put_file(key, source)
    request = {**FIELDS, "music_key": key}
    local = options.with_local_files(studio.storage, request, tmp_path / "job")
    call = engine_call(local, BASE)
    assert call.extras.music_file is not None and call.extras.music_file.read_bytes() == _wav()
    assert call.extras.narration_file is None
    assert options.with_local_files(studio.storage, FIELDS, tmp_path / "job") == FIELDS
    with pytest.raises(BadOptions, match="narration was deleted"):
        options.with_local_files(studio.storage, {"narration_key": key + ".gone"}, tmp_path)


def test_a_job_keeps_its_options(idle_client: TestClient, studio: Studio) -> None:
    user = register(idle_client)
    project = create_project(idle_client, user)
    chosen = {"subtitles": ["es"], "aspect": "1:1", "seed": 3, "stems": True}
    answer = idle_client.post(
        f"{V1}/jobs/submit",
        json={"project_id": project["id"], "options": chosen},
        headers=user.headers,
    )
    assert answer.status_code == 202, answer.text
    from filmstudio.studio.jobs.models import Job

    with studio.db.read_session() as session:
        job = session.get(Job, uuid.UUID(answer.json()["id"]))
        assert job is not None and job.request["options"] == chosen


def test_extra_outputs_are_listed_and_nothing_else() -> None:
    from filmstudio.studio.jobs.schemas import OUTPUT_FILES, is_output

    extra = ["film.es.srt", "film.hi.vtt", "stems/voice.wav", "stems/music.wav"]
    assert all(is_output(name) for name in (*OUTPUT_FILES, *extra))
    for name in ("../secret", "stems/../../x.wav", "film.es.srt.exe", "notes.txt", "stems/a b.wav"):
        assert not is_output(name), name
