"""The OpenAI-compatible planner against a fake chat-completions server on 127.0.0.1."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from filmstudio.engine.errors import PlanError
from filmstudio.engine.plan import FilmPlan
from filmstudio.engine.planning import OpenAIPlanner, RuleBasedPlanner
from filmstudio.engine.request import FilmRequest
from filmstudio.engine.script import ScriptDocument, parse_script
from tests.fake_http import FakeHandler, local_server, server_url

SCRIPT = "The lighthouse keeper climbed the stairs at night while the storm raged outside."
REQUEST = FilmRequest(script=SCRIPT, duration=40, style="ink", music="strings", seed=3)

VALID_PLAN: dict[str, Any] = {
    "title": "Keeper of the Light",
    "language": "en",
    "style": "ignored-by-us",
    "characters": [{"name": "Keeper", "gender": "male", "age": "elder", "voice": "x"}],
    "scenes": [
        {
            "scene_number": 7,
            "description": "A keeper on a spiral stair, lamp in hand.",
            "setting": {
                "place": "cliffs",
                "interior": True,
                "time_of_day": "night",
                "weather": "storm",
            },
            "characters": ["Keeper"],
            "dialogue": [
                {"speaker": "NARRATOR", "text": SCRIPT, "emotion": "calm", "language": "en"}
            ],
            "mood": "tense",
            "shot_type": "establishing",
            "duration": 12.5,
        }
    ],
}


@dataclass
class FakeAPI:
    """What the fake server answers, and what it was asked."""

    status: int = 200
    content: str = ""
    requests: list[dict[str, Any]] = field(default_factory=list)
    url: str = ""


@pytest.fixture
def api() -> Iterator[FakeAPI]:
    state = FakeAPI()

    class Handler(FakeHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            state.requests.append({"path": self.path, "body": json.loads(self.rfile.read(length))})
            if state.status != 200:
                body: dict[str, Any] = {"error": {"message": "boom", "type": "server_error"}}
            else:
                body = {
                    "id": "chatcmpl-1",
                    "object": "chat.completion",
                    "created": 0,
                    "model": "fake-model",
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": state.content},
                            "finish_reason": "stop",
                        }
                    ],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                }
            self.send_json(state.status, body)

    with local_server(Handler, poll_interval=0.05) as server:
        state.url = server_url(server) + "/v1"
        yield state


def _planner(api: FakeAPI, **options: Any) -> OpenAIPlanner:
    return OpenAIPlanner(api.url, "test-key", "fake-model", timeout=5, max_retries=0, **options)


def _doc() -> ScriptDocument:
    return parse_script(SCRIPT)


def _rules_plan() -> FilmPlan:
    return RuleBasedPlanner().plan(_doc(), REQUEST)


def test_a_valid_plan_from_the_model_is_used(api: FakeAPI) -> None:
    api.content = json.dumps(VALID_PLAN)
    plan = _planner(api).plan(_doc(), REQUEST)
    scene = plan.scenes[0]
    assert scene.description == "A keeper on a spiral stair, lamp in hand."
    assert (scene.setting.place, scene.setting.interior, scene.mood) == ("cliffs", True, "tense")
    # what the user chose wins over the model; durations and voices are filled later
    assert (plan.style, plan.music, plan.seed, plan.target_duration) == ("ink", "strings", 3, 40)
    assert (scene.scene_number, scene.duration, plan.characters[0].voice) == (1, 0.0, "")
    assert plan.title == "Keeper of the Light" and plan.kind == "prose"


def test_the_request_sends_the_schema_script_and_json_mode(api: FakeAPI) -> None:
    api.content = json.dumps(VALID_PLAN)
    _planner(api).plan(_doc(), REQUEST)
    (sent,) = api.requests
    assert sent["path"] == "/v1/chat/completions"
    body = sent["body"]
    assert body["model"] == "fake-model"
    assert body["response_format"] == {"type": "json_object"}
    system, user = body["messages"]
    assert json.dumps(FilmPlan.model_json_schema(), ensure_ascii=False) in system["content"]
    assert json.loads(user["content"])["script"] == SCRIPT


def test_invalid_json_falls_back_to_the_rules(
    api: FakeAPI, caplog: pytest.LogCaptureFixture
) -> None:
    api.content = "Sure! Here is your plan: {scenes: oops"
    with caplog.at_level(logging.WARNING, logger="filmstudio.engine.planning.llm"):
        plan = _planner(api).plan(_doc(), REQUEST)
    assert plan == _rules_plan()
    assert "did not return valid JSON" in caplog.text and "rules planner instead" in caplog.text


def test_a_plan_that_breaks_the_schema_without_fallback_is_a_plan_error(api: FakeAPI) -> None:
    broken = {**VALID_PLAN, "scenes": [{**VALID_PLAN["scenes"][0], "mood": "angsty"}]}
    api.content = json.dumps(broken)
    with pytest.raises(PlanError) as caught:
        _planner(api, fallback=None).plan(_doc(), REQUEST)
    message = caught.value.message
    assert message.startswith("The LLM planner (fake-model) returned a plan that does not match")
    assert "scenes.0.mood" in message and message.endswith(".")


def test_a_plan_with_no_scenes_is_refused(api: FakeAPI) -> None:
    api.content = json.dumps({**VALID_PLAN, "scenes": []})
    with pytest.raises(PlanError, match="scenes"):
        _planner(api, fallback=None).plan(_doc(), REQUEST)


def test_http_500_falls_back(api: FakeAPI) -> None:
    api.status = 500
    assert _planner(api).plan(_doc(), REQUEST) == _rules_plan()
    assert len(api.requests) == 1


def test_http_500_without_fallback_says_so(api: FakeAPI) -> None:
    api.status = 500
    with pytest.raises(PlanError, match=r"got HTTP 500 from the API\.$"):
        _planner(api, fallback=None).plan(_doc(), REQUEST)


def test_an_empty_answer_uses_the_fallback_given(api: FakeAPI) -> None:
    class Fixed:
        name = "fixed"

        def plan(self, doc: ScriptDocument, request: FilmRequest) -> FilmPlan:
            return FilmPlan.model_validate({"title": "fixed", "scenes": [{"scene_number": 1}]})

    api.content = ""
    assert _planner(api, fallback=Fixed()).plan(_doc(), REQUEST).title == "fixed"


def test_an_unreachable_server_falls_back() -> None:
    planner = OpenAIPlanner("http://127.0.0.1:9/v1", "key", "m", timeout=2, max_retries=0)
    assert planner.plan(_doc(), REQUEST) == _rules_plan()


def _v2_scene(**extra: Any) -> dict[str, Any]:
    scene = dict(VALID_PLAN["scenes"][0])
    scene["dialogue"] = [
        {"speaker": "NARRATOR", "text": SCRIPT, "language": "en"},
        {"speaker": "Keeper", "text": "Come in, over.", "delivery": "shout", "effect": "radio"},
    ]
    scene["actions"] = [{"who": "Keeper", "action": "walk", "target": None, "line": 0}]
    scene["props"] = [{"name": "lantern", "holder": "Keeper"}]
    scene["expressions"] = [{"who": "Keeper", "expression": "afraid", "line": 1}]
    return {**scene, **extra}


def test_the_model_is_asked_for_the_v2_fields(api: FakeAPI) -> None:
    api.content = json.dumps(VALID_PLAN)
    _planner(api).plan(_doc(), REQUEST)
    system = api.requests[0]["body"]["messages"][0]["content"]
    for word in ("Scene.actions", "Scene.props", "Line.delivery", "Line.effect", "shake_head"):
        assert word in system
    assert "Character.role" in system and "Scene.shots" in system


def test_v2_fields_from_the_model_are_kept_and_missing_shots_are_covered(api: FakeAPI) -> None:
    api.content = json.dumps({**VALID_PLAN, "scenes": [_v2_scene()]})
    scene = _planner(api, fallback=None).plan(_doc(), REQUEST).scenes[0]
    assert [(a.who, a.action) for a in scene.actions] == [("Keeper", "walk")]
    assert [(p.name, p.holder) for p in scene.props] == [("lantern", "Keeper")]
    assert (scene.dialogue[1].delivery, scene.dialogue[1].effect) == ("shout", "radio")
    assert scene.expressions[0].expression == "afraid"
    assert [i for shot in scene.shots for i in shot.lines] == [0, 1]  # the engine covered it
    assert scene.transition == "fade"


def test_the_models_own_shots_are_kept_and_miscounted_ones_replaced(api: FakeAPI) -> None:
    shots = [
        {"kind": "wide", "move": "pull_out", "lines": [0]},
        {"kind": "close-up", "subject": "Keeper", "move": "static", "lines": [1]},
    ]
    api.content = json.dumps({**VALID_PLAN, "scenes": [_v2_scene(shots=shots)]})
    scene = _planner(api, fallback=None).plan(_doc(), REQUEST).scenes[0]
    assert [(s.kind, s.move) for s in scene.shots] == [("wide", "pull_out"), ("close-up", "static")]
    wrong = [{**shots[0], "lines": [1]}, {**shots[1], "lines": [0]}]
    api.content = json.dumps({**VALID_PLAN, "scenes": [_v2_scene(shots=wrong)]})
    scene = _planner(api, fallback=None).plan(_doc(), REQUEST).scenes[0]
    assert [i for shot in scene.shots for i in shot.lines] == [0, 1]
