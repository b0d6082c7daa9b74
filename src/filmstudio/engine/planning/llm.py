"""A planner that asks an LLM (any OpenAI-compatible chat API) for the storyboard.

The model gets the FilmPlan JSON schema and the script and must answer with one JSON object;
we validate it with the same pydantic model every plan goes through. Whatever goes wrong
(no package, no key, HTTP errors, timeouts, bad JSON, a plan that breaks the schema) is one
sentence: logged as a warning before the fallback planner takes over, or raised as a
PlanError when there is no fallback. It never crashes a render.
"""

from __future__ import annotations

import json
import logging
import os
from typing import Any

from pydantic import ValidationError

from filmstudio.engine.errors import PlanError
from filmstudio.engine.plan import (
    ACTION_VERBS,
    ATTIRES,
    CAMERA_MOVES,
    DELIVERIES,
    EXPRESSIONS,
    LANGUAGES,
    MOODS,
    NARRATOR,
    PLACES,
    PLAN_VERSION,
    SHOT_KINDS,
    SHOT_TYPES,
    TIMES_OF_DAY,
    TRANSITIONS,
    VOICE_EFFECTS,
    WEATHERS,
    FilmPlan,
    Language,
    first_problem,
)
from filmstudio.engine.planning.base import Planner
from filmstudio.engine.planning.coverage import cover
from filmstudio.engine.planning.emotion import EMOTIONS
from filmstudio.engine.planning.options import film_language
from filmstudio.engine.planning.rules import RuleBasedPlanner
from filmstudio.engine.request import FilmRequest
from filmstudio.engine.script import ScriptDocument

logger = logging.getLogger(__name__)

DEFAULT_MODEL = "gpt-4o-mini"
MODEL_VARIABLE = "FILMSTUDIO_PLANNER_MODEL"
_DEFAULT_FALLBACK = RuleBasedPlanner()
#: Plan fields that come from the user's request, never from the model.
_REQUEST_FIELDS = (
    "style",
    "music",
    "narrator_voice",
    "quality",
    "aspect",
    "watermark",
    "seed",
)


class _Failure(Exception):
    """Why the LLM gave us no usable plan, as the end of a sentence."""


class OpenAIPlanner:
    """Plans with an OpenAI-compatible chat completions API, falling back when it fails.

    `base_url`, `api_key` and `model` default to OPENAI_BASE_URL, OPENAI_API_KEY and
    FILMSTUDIO_PLANNER_MODEL (else gpt-4o-mini), so ``--planner openai`` works from the CLI.
    """

    name = "openai"

    def __init__(
        self,
        base_url: str | None = None,
        api_key: str | None = None,
        model: str | None = None,
        fallback: Planner | None = _DEFAULT_FALLBACK,
        timeout: float = 60.0,
        max_retries: int = 1,
    ) -> None:
        self.base_url = base_url
        self.api_key = api_key
        self.model = model or os.environ.get(MODEL_VARIABLE) or DEFAULT_MODEL
        self.fallback = fallback
        self.timeout = timeout
        self.max_retries = max_retries

    def plan(self, doc: ScriptDocument, request: FilmRequest) -> FilmPlan:
        """The model's plan, the fallback's when the model fails, or a PlanError."""
        language = film_language(request, doc)
        try:
            answer = self._ask(doc, request, language)
            return self._validate(answer, doc, request, language)
        except _Failure as failure:
            reason = str(failure)
        except Exception as error:  # a plug-in must never take a render down with it
            reason = f"failed unexpectedly ({type(error).__name__}: {error})"
        if self.fallback is None:
            raise PlanError(f"The LLM planner ({self.model}) {reason}.")
        logger.warning(
            "The LLM planner (%s) %s; using the %s planner instead.",
            self.model,
            reason,
            getattr(self.fallback, "name", type(self.fallback).__name__),
        )
        return self.fallback.plan(doc, request)

    def _ask(self, doc: ScriptDocument, request: FilmRequest, language: Language) -> str:
        """The model's raw answer to our prompt."""
        try:
            import openai
        except ImportError as error:
            raise _Failure("needs the openai package (pip install 'filmstudio[cloud]')") from error
        try:
            client = openai.OpenAI(
                api_key=self.api_key,
                base_url=self.base_url,
                timeout=self.timeout,
                max_retries=self.max_retries,
            )
        except openai.OpenAIError as error:
            raise _Failure("has no API key (set OPENAI_API_KEY or pass api_key)") from error
        try:
            completion = client.chat.completions.create(
                model=self.model,
                messages=[
                    {"role": "system", "content": system_prompt()},
                    {"role": "user", "content": user_prompt(doc, request, language)},
                ],
                response_format={"type": "json_object"},
                temperature=0.2,
            )
        except openai.APIStatusError as error:
            raise _Failure(f"got HTTP {error.status_code} from the API") from error
        except openai.APITimeoutError as error:
            raise _Failure(f"did not answer within {self.timeout:g} s") from error
        except openai.APIConnectionError as error:
            raise _Failure("cannot reach the API") from error
        except openai.OpenAIError as error:
            raise _Failure(f"failed: {error}") from error
        choices = completion.choices or []
        content = choices[0].message.content if choices else None
        if not isinstance(content, str) or not content.strip():
            raise _Failure("returned an empty answer")
        return content

    def _validate(
        self, answer: str, doc: ScriptDocument, request: FilmRequest, language: Language
    ) -> FilmPlan:
        """The answer as a FilmPlan, with the request's own choices put back in."""
        try:
            data = json.loads(answer)
        except json.JSONDecodeError as error:
            raise _Failure(f"did not return valid JSON (line {error.lineno})") from error
        if not isinstance(data, dict):
            raise _Failure("did not return a JSON object")
        data = _with_request(data, doc, request, language)
        try:
            return cover(FilmPlan.model_validate(data))
        except ValidationError as error:
            raise _Failure(
                f"returned a plan that does not match the schema ({first_problem(error)})"
            ) from error


def _with_request(
    data: dict[str, Any], doc: ScriptDocument, request: FilmRequest, language: Language
) -> dict[str, Any]:
    """The model's plan with what the user chose, numbered scenes and no durations yet."""
    merged = dict(data)
    merged["version"] = PLAN_VERSION
    merged["language"] = language
    merged["kind"] = doc.kind
    merged["target_duration"] = request.duration
    for field in _REQUEST_FIELDS:
        merged[field] = getattr(request, field)
    title = request.title or merged.get("title") or doc.title
    if title:
        merged["title"] = title
    scenes = merged.get("scenes")
    if isinstance(scenes, list):
        merged["scenes"] = [
            {**scene, "scene_number": index + 1, "duration": 0.0, "shots": _usable_shots(scene)}
            if isinstance(scene, dict)
            else scene
            for index, scene in enumerate(scenes)
        ]
    characters = merged.get("characters")
    if isinstance(characters, list):
        merged["characters"] = [
            {**c, "voice": ""} if isinstance(c, dict) else c for c in characters
        ]
    return merged


def _usable_shots(scene: dict[str, Any]) -> Any:
    """The model's shots when they cover the scene's lines once in order, else none (the
    engine covers the scene itself rather than refusing a plan for a miscounted shot)."""
    shots, lines = scene.get("shots") or [], scene.get("dialogue") or []
    if not isinstance(shots, list) or not isinstance(lines, list):
        return []
    try:
        covered = [index for shot in shots for index in shot.get("lines", [])]
    except (AttributeError, TypeError):
        return []
    return shots if covered == list(range(len(lines))) else []


def system_prompt() -> str:
    """The instructions and the JSON schema the model must follow."""
    schema = json.dumps(FilmPlan.model_json_schema(), ensure_ascii=False)
    return "\n".join(
        [
            "You are the storyboard planner of a film studio. Turn the user's script into a",
            "film plan: a JSON object that validates against the JSON schema below. Answer",
            "with the JSON object only.",
            "Rules:",
            "- Split the script into scenes, about one per 6 to 15 seconds of the target"
            " duration (at least 1, at most 20).",
            f"- setting.place is one of: {', '.join(PLACES)}.",
            f"- setting.time_of_day is one of: {', '.join(TIMES_OF_DAY)};"
            f" setting.weather one of: {', '.join(WEATHERS)}.",
            f"- mood is one of: {', '.join(MOODS)}; shot_type one of: {', '.join(SHOT_TYPES)}"
            " (the first scene is establishing).",
            f"- Narration and screenplay action are lines spoken by {NARRATOR}, as written;"
            " dialogue lines are spoken by the character (the name used in characters).",
            f"- Line.emotion is one of: {', '.join(EMOTIONS)}; Line.delivery one of:"
            f" {', '.join(DELIVERIES)} (verse lines are 'recite'); Line.effect one of:"
            f" {', '.join(VOICE_EFFECTS)} (phone calls, radio broadcasts, temples, halls and"
            " caves).",
            f"- Scene.actions: what each character does, action one of: {', '.join(ACTION_VERBS)};"
            " who is a character name, target a character or prop name or null, line the index"
            " of the line that shows it (or null); for give and take, prop is the prop that"
            " changes hands (give: from who to target; take: to who).",
            "- Scene.props: objects the text names, as English nouns (lantern, boat, bread,"
            " guitar, diya, umbrella, letter...), holder the character holding it as the scene"
            " starts or null.",
            f"- Scene.expressions: {{who, expression, line}} when a face changes, expression one"
            f" of: {', '.join(EXPRESSIONS)}.",
            f"- Scene.attire: what everyone wears, one of: {', '.join(ATTIRES)} (warm: snow or"
            " a cold night; rain: rain outdoors; light: heat, the beach; formal: a wedding, a"
            " temple, an office).",
            "- Character.role: what the person is (fisherwoman, priest, child, elder, soldier,"
            " merchant...), or empty. People the script does not name but who act are characters"
            " too.",
            f"- Scene.shots (optional; leave empty to let the engine cover the scene): kind one"
            f" of {', '.join(SHOT_KINDS)}, subject a character (close-up, reaction,"
            f" over-the-shoulder) or a prop (insert), move one of {', '.join(CAMERA_MOVES)},"
            " lines the indices of the scene's lines it covers; shots cover every line once, in"
            f" order. Scene.transition one of {', '.join(TRANSITIONS)}: fade for the first"
            " scene, dissolve when time passes.",
            f"- Line.language is one of: {', '.join(LANGUAGES)}; a Sanskrit sloka is 'sa'"
            " and each translation keeps its own language.",
            "- characters: every person who appears, with gender (female, male, unknown),"
            " age (child, adult, elder) and a short visual description; leave voice empty.",
            "- Scene.description is a short visual description for the illustrator;"
            " Scene.duration is 0.",
            "JSON schema:",
            schema,
        ]
    )


def user_prompt(doc: ScriptDocument, request: FilmRequest, language: Language) -> str:
    """The script and the settings that shape the plan."""
    return json.dumps(
        {
            "script": doc.text,
            "kind": doc.kind,
            "language": language,
            "title": request.title or doc.title,
            "target_duration_seconds": request.duration,
            "style": request.style,
        },
        ensure_ascii=False,
        indent=2,
    )
