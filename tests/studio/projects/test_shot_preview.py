"""A preview of one shot: a few seconds of real film at 360p, with its voice, no credit."""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest
from fastapi.testclient import TestClient

from filmstudio.studio.projects import shot_preview
from tests.studio.helpers import balance, create_project, register

API = "/api/v1/projects"
SCRIPT = (
    "The keeper climbed the lighthouse stairs at night. The storm came from the sea. "
    '"Welcome home," said Mira.'
)
ENGINE = {"engine_voice": "espeak", "engine_music": "fake", "engine_talking": False}


def _probe(path: str) -> dict[str, Any]:
    done = subprocess.run(
        ["ffprobe", "-v", "error", "-of", "json",
         "-show_entries", "format=duration:stream=codec_type,width,height", path],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def test_the_shot_plan_is_one_short_small_shot() -> None:
    from filmstudio.engine.film import plan_film
    from filmstudio.engine.request import FilmRequest

    plan = plan_film(FilmRequest(script=SCRIPT, duration=30)).model_dump(mode="json")
    scene = plan["scenes"][0]
    spoken = next(i for i, s in enumerate(scene["shots"]) if s["lines"])
    one = shot_preview.shot_plan(plan, 1, spoken)
    [alone] = one.scenes
    assert [shot.kind for shot in alone.shots] == [scene["shots"][spoken]["kind"]]
    assert [line.text for line in alone.dialogue] == [
        scene["dialogue"][i]["text"] for i in scene["shots"][spoken]["lines"]
    ]
    assert one.quality == "360p" and not one.watermark
    assert shot_preview.SHORTEST <= one.target_duration <= shot_preview.LONGEST
    silent = next((i for i, s in enumerate(scene["shots"]) if not s["lines"]), None)
    if silent is not None:  # a cutaway is filmed over a line next to it
        assert len(shot_preview.shot_plan(plan, 1, silent).scenes[0].dialogue) == 1


@pytest.mark.slow
@pytest.mark.parametrize("settings", [ENGINE], indirect=True)
def test_a_shot_preview_is_a_short_small_film_and_free(
    client: TestClient, tmp_path: Any, backend: str
) -> None:
    if backend != "sqlite":
        pytest.skip("one real render is enough; the database plays no part in it")
    user = register(client)
    project = create_project(client, user, script=SCRIPT)
    plan = client.get(f"{API}/{project['id']}/plan", headers=user.headers).json()["plan"]
    before = balance(client, user)
    answer = client.post(
        f"{API}/{project['id']}/preview/shot", params={"scene": 1, "shot": 2}, json=plan,
        headers=user.headers,
    )  # fmt: skip
    assert answer.status_code == 200, answer.text[:300]
    assert answer.headers["content-type"] == "video/mp4"
    film = tmp_path / "shot.mp4"
    film.write_bytes(answer.content)
    probed = _probe(str(film))
    seconds = float(probed["format"]["duration"])
    assert shot_preview.SHORTEST - 0.1 <= seconds <= shot_preview.LONGEST + 0.5
    video = next(s for s in probed["streams"] if s["codec_type"] == "video")
    assert min(video["width"], video["height"]) == 360
    assert any(s["codec_type"] == "audio" for s in probed["streams"])
    assert balance(client, user) == before  # no credit
    missing = client.post(
        f"{API}/{project['id']}/preview/shot", params={"scene": 1, "shot": 99}, json=plan,
        headers=user.headers,
    )  # fmt: skip
    assert missing.status_code == 404
