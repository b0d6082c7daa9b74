"""Every engine option the CLI has, for a studio job: what a client may ask at submit
(`JobOptions`), what the job keeps (`request_fields`), and the one mapping from a job's
request to the engine call (`engine_call`: FilmRequest or FilmPlan, FilmExtras, EngineOptions).

Why one module: the API, the worker and the renderer each used to know a part of this; now
a new option is added here once. The engine's own lists (aspects, subtitle languages, picture
and lip-sync engines) are the only source of what is allowed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from filmstudio.engine.plan import ASPECTS, Aspect
from filmstudio.engine.translate.base import LANGUAGE_NAMES
from filmstudio.studio.errors import Unprocessable

if TYPE_CHECKING:
    from filmstudio.engine.film import EngineOptions
    from filmstudio.engine.plan import FilmPlan
    from filmstudio.engine.request import FilmExtras, FilmRequest

#: The kinds of audio a user uploads to a project and a job may use.
AudioKind = Literal["music", "narration"]
AUDIO_KINDS: tuple[AudioKind, ...] = ("music", "narration")
#: Where a job's request keeps the storage key of each uploaded recording it uses.
AUDIO_KEYS: dict[str, str] = {kind: f"{kind}_key" for kind in AUDIO_KINDS}
#: Where the worker puts the local copies of those recordings (kind -> path) for the renderer.
LOCAL_FILES = "files"
#: Request entries that are not FilmRequest fields.
NOT_FILM_FIELDS = ("plan", "image_keys", "options", LOCAL_FILES, *AUDIO_KEYS.values())

EngineName = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]
MAX_SEED = 2**31 - 1


class JobOptions(BaseModel):
    """What a render may ask beyond the project's own settings (all optional)."""

    model_config = ConfigDict(extra="forbid")

    subtitles: list[str] = Field(
        default_factory=list,
        max_length=len(LANGUAGE_NAMES),
        description=f"Extra subtitle languages: {', '.join(LANGUAGE_NAMES)}.",
        json_schema_extra={"items": {"enum": list(LANGUAGE_NAMES)}},
    )
    stems: bool = Field(default=False, description="Also make voice, ambience and music WAVs.")
    music_upload: str | None = Field(
        default=None, max_length=40, description="Your own music: an id from .../audio."
    )
    narration_upload: str | None = Field(
        default=None, max_length=40, description="Your own narration: an id from .../audio."
    )
    cast: dict[str, str] = Field(
        default_factory=dict, max_length=50, description="A voice per character (name → voice)."
    )
    seed: int | None = Field(default=None, ge=0, le=MAX_SEED, description="Another take.")
    pictures: EngineName | None = Field(default=None, description="Picture engine.")
    lipsync: EngineName | None = Field(default=None, description="Lip-sync engine.")
    talking: bool | None = Field(default=None, description="Talking close-ups on or off.")
    aspect: Aspect | None = Field(default=None, description=f"One of {', '.join(ASPECTS)}.")
    burn_subtitles: bool = Field(default=False, description="Draw subtitles into the picture.")
    recite_translation: bool | None = Field(
        default=None, description="A verse given with its translation: recite both (true)."
    )

    @field_validator("subtitles")
    @classmethod
    def _known_languages(cls, value: list[str]) -> list[str]:
        unknown = [code for code in value if code not in LANGUAGE_NAMES]
        if unknown:
            known = ", ".join(LANGUAGE_NAMES)
            raise ValueError(f"unknown subtitle language {', '.join(unknown)}; choose from {known}")
        return list(dict.fromkeys(value))


def check(options: JobOptions) -> None:
    """A 4xx sentence when a named voice, picture engine or lip-sync engine does not exist
    here (checked at submit, so a bad name never costs a credit)."""
    from filmstudio.engine.animate.lipsync import lipsyncer_class
    from filmstudio.engine.errors import ChoiceError
    from filmstudio.engine.picture.providers import picture_provider_classes
    from filmstudio.studio.projects import catalog

    for character, voice in options.cast.items():
        if not character.strip():
            raise Unprocessable("A cast entry has an empty character name.")
        catalog.check_choice("voice", voice)

    if options.pictures is not None and options.pictures not in picture_provider_classes():
        known = ", ".join(sorted(picture_provider_classes()))
        raise Unprocessable(f"Unknown picture engine '{options.pictures}'. Choose one of: {known}.")
    if options.lipsync is not None:
        try:
            lipsyncer_class(options.lipsync)
        except ChoiceError as error:
            raise Unprocessable(error.message) from error


def request_fields(options: JobOptions, audio: list[dict[str, Any]]) -> dict[str, Any]:
    """What the job's request keeps of `options`: the options themselves, and the storage key
    of each uploaded recording they name (`audio`: the project's uploads), else 422."""
    fields: dict[str, Any] = {}
    chosen = options.model_dump(exclude_defaults=True)
    if chosen:
        fields["options"] = chosen
    for kind, upload_id in (
        ("music", options.music_upload),
        ("narration", options.narration_upload),
    ):
        if upload_id is None:
            continue
        entry = next((e for e in audio if e.get("id") == upload_id), None)
        if entry is None or entry.get("kind") != kind:
            raise Unprocessable(
                f"This project has no uploaded {kind} with id '{upload_id}'; upload it to "
                f"/projects/{{id}}/audio?kind={kind} first."
            )
        fields[AUDIO_KEYS[kind]] = entry["key"]
    return fields


@dataclasses.dataclass(frozen=True)
class EngineCall:
    """The arguments of ``make_film`` for one job."""

    source: FilmRequest | FilmPlan
    extras: FilmExtras
    options: EngineOptions


class BadOptions(ValueError):
    """A job's stored options are not valid (a permanent failure: retrying cannot help)."""


def _source(request: Mapping[str, Any], chosen: JobOptions) -> FilmRequest | FilmPlan:
    """The edited plan (the job's quality, watermark and asked aspect win), else a
    FilmRequest from the frozen project fields with the job's options applied."""
    from filmstudio.engine.plan import FilmPlan, first_problem
    from filmstudio.engine.request import FilmRequest

    fields = {k: v for k, v in request.items() if k not in NOT_FILM_FIELDS}
    overrides: dict[str, Any] = {k: fields[k] for k in ("quality", "watermark") if k in fields}
    if chosen.aspect is not None:
        fields["aspect"] = overrides["aspect"] = chosen.aspect
    plan = request.get("plan")
    try:
        if plan is not None:
            if not isinstance(plan, dict):
                raise BadOptions("The edited plan is not a JSON object.")
            return FilmPlan.model_validate({**plan, **overrides})
        if chosen.seed is not None:
            fields["seed"] = chosen.seed
        if chosen.cast:
            fields["cast"] = {**fields.get("cast", {}), **chosen.cast}
        if chosen.recite_translation is not None:
            fields["recite_translation"] = chosen.recite_translation
        return FilmRequest(**fields)
    except ValidationError as error:
        what = "edited plan is" if plan is not None else "film settings are"
        raise BadOptions(f"The {what} not valid: {first_problem(error)}.") from error


def engine_call(request: Mapping[str, Any], base: EngineOptions) -> EngineCall:
    """The engine call for a job's `request`: `base` is the studio's configured engines
    (settings), which the job's options refine; the job's uploaded recordings are read from
    ``request["files"]`` (kind -> local path, put there by `with_local_files`). BadOptions
    (a sentence) when the stored request is not valid."""
    from filmstudio.engine.request import FilmExtras

    try:
        chosen = JobOptions.model_validate(request.get("options") or {})
    except ValidationError as error:
        raise BadOptions(f"The job's options are not valid: {error.errors()[0]['msg']}.") from error
    files = {kind: Path(path) for kind, path in (request.get(LOCAL_FILES) or {}).items()}
    return EngineCall(
        source=_source(request, chosen),
        extras=FilmExtras(
            subtitles=tuple(chosen.subtitles),
            music_file=files.get("music"),
            narration_file=files.get("narration"),
            stems=chosen.stems,
        ),
        options=dataclasses.replace(
            base,
            pictures=chosen.pictures or base.pictures,
            lipsync=chosen.lipsync or base.lipsync,
            talking=base.talking if chosen.talking is None else chosen.talking,
            burn_subtitles=chosen.burn_subtitles,
        ),
    )


def with_local_files(storage: Any, request: Mapping[str, Any], folder: Path) -> dict[str, Any]:
    """The request with the job's uploaded recordings fetched from storage into `folder`
    (under ``request["files"]``, what `engine_call` reads); a recording deleted since submit
    is a permanent failure (BadOptions)."""
    found: dict[str, str] = {}
    for kind, entry in AUDIO_KEYS.items():
        key = request.get(entry)
        if not key:
            continue
        if storage.size(key) is None:
            raise BadOptions(f"The uploaded {kind} was deleted; upload it again and re-render.")
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{kind}{Path(key).suffix}"
        storage.fetch(key, target)
        found[kind] = str(target)
    return {**request, LOCAL_FILES: found} if found else dict(request)
