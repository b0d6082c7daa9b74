"""The FilmPlan: the storyboard a user can read and edit before rendering.

It is the engine's central artifact: the planner writes it, every later stage reads it, and
``filmstudio render --plan plan.json`` renders an edited copy. It is a superset of the
blueprint's scene breakdown (``scene_number, description, characters, dialogue, mood,
duration, shot_type``). Plans are values: stages return new plans (``model_copy``), never
mutate one in place.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from filmstudio.engine.errors import PlanError

PLAN_VERSION = 1

Language = Literal["en", "es", "fr", "hi", "sa"]
LANGUAGES: tuple[str, ...] = ("en", "es", "fr", "hi", "sa")
LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "hi": "Hindi",
    "sa": "Sanskrit",
}

ScriptKind = Literal["screenplay", "prose", "verse"]

Mood = Literal[
    "calm", "hopeful", "tense", "sad", "joyful", "epic", "devotional", "mysterious", "romantic"
]
MOODS: tuple[str, ...] = (
    "calm",
    "hopeful",
    "tense",
    "sad",
    "joyful",
    "epic",
    "devotional",
    "mysterious",
    "romantic",
)

TimeOfDay = Literal["dawn", "day", "golden_hour", "dusk", "night"]
TIMES_OF_DAY: tuple[str, ...] = ("dawn", "day", "golden_hour", "dusk", "night")

Weather = Literal["clear", "clouds", "rain", "storm", "fog", "snow"]
WEATHERS: tuple[str, ...] = ("clear", "clouds", "rain", "storm", "fog", "snow")

ShotType = Literal["establishing", "wide", "medium", "close-up", "over-the-shoulder"]
SHOT_TYPES: tuple[str, ...] = ("establishing", "wide", "medium", "close-up", "over-the-shoulder")

#: The settings library: every place the painter can draw. Other names fall back to the nearest
#: fitting place (PLACE_ALIASES), else "fields".
PLACES: tuple[str, ...] = (
    "beach",
    "harbour",
    "cliffs",
    "mountains",
    "forest",
    "fields",
    "river",
    "desert",
    "village",
    "city",
    "street",
    "cafe",
    "living_room",
    "kitchen",
    "bedroom",
    "office",
    "classroom",
    "temple",
    "palace",
    "market",
    "space",
    "night_sky",
)
#: Place names outside the library, mapped to the setting that looks most like them, so an
#: edited plan or an LLM planner saying "park" or "library" gets a fitting picture, not a blank.
PLACE_ALIASES: dict[str, str] = {
    **dict.fromkeys(("sea", "ocean", "shore", "coast", "seaside", "island", "bay"), "beach"),
    **dict.fromkeys(("pier", "port", "dock", "docks", "jetty", "marina", "wharf"), "harbour"),
    **dict.fromkeys(("harbor", "boat", "ship", "quay"), "harbour"),
    **dict.fromkeys(("cliff", "lighthouse", "headland", "coastline"), "cliffs"),
    **dict.fromkeys(("mountain", "hill", "hills", "valley", "peak", "summit"), "mountains"),
    **dict.fromkeys(("woods", "jungle", "woodland", "grove", "wood"), "forest"),
    **dict.fromkeys(("field", "farm", "meadow", "park", "garden", "countryside"), "fields"),
    **dict.fromkeys(("lake", "stream", "riverbank", "pond", "waterfall", "canal"), "river"),
    **dict.fromkeys(("dunes", "oasis", "sand"), "desert"),
    **dict.fromkeys(("town", "hamlet", "cottage", "farmhouse", "square"), "village"),
    **dict.fromkeys(("skyline", "downtown", "rooftop", "station", "airport"), "city"),
    **dict.fromkeys(("road", "alley", "avenue", "boulevard", "sidewalk", "lane"), "street"),
    **dict.fromkeys(("restaurant", "bar", "pub", "diner", "bistro", "coffee_shop"), "cafe"),
    **dict.fromkeys(("home", "house", "apartment", "lounge", "hall", "hallway"), "living_room"),
    **dict.fromkeys(("kitchenette", "pantry", "bakery"), "kitchen"),
    **dict.fromkeys(("bed", "nursery", "dormitory", "hotel_room", "hospital"), "bedroom"),
    **dict.fromkeys(("workplace", "study", "studio", "laboratory", "lab", "bank"), "office"),
    **dict.fromkeys(("school", "library", "lecture_hall", "university", "college"), "classroom"),
    **dict.fromkeys(("church", "mosque", "shrine", "mandir", "monastery", "ashram"), "temple"),
    **dict.fromkeys(("cathedral", "chapel", "gurdwara", "synagogue", "pagoda"), "temple"),
    **dict.fromkeys(("castle", "fort", "fortress", "court", "throne_room", "mansion"), "palace"),
    **dict.fromkeys(("bazaar", "marketplace", "fair", "shop", "store", "mall"), "market"),
    **dict.fromkeys(("spaceship", "planet", "moon", "orbit", "galaxy", "outer_space"), "space"),
    **dict.fromkeys(("sky", "stars", "night", "observatory", "stargazing"), "night_sky"),
}
INTERIOR_PLACES: frozenset[str] = frozenset(
    {"cafe", "living_room", "kitchen", "bedroom", "office", "classroom"}
)

Quality = Literal["360p", "720p", "1080p", "2160p"]
RESOLUTIONS: dict[str, tuple[int, int]] = {
    "360p": (640, 360),
    "720p": (1280, 720),
    "1080p": (1920, 1080),
    "2160p": (3840, 2160),
}

Gender = Literal["female", "male", "unknown"]
Age = Literal["child", "adult", "elder"]

NARRATOR = "NARRATOR"


def known_place(name: str) -> str:
    """The library place for a name: itself, its nearest fitting setting, or "fields"."""
    key = "_".join(name.strip().lower().replace("-", " ").split())
    if key in PLACES:
        return key
    if key in PLACE_ALIASES:
        return PLACE_ALIASES[key]
    for word in key.split("_"):  # "old lighthouse", "village_square", "corner cafe"
        if word in PLACES:
            return word
        if word in PLACE_ALIASES:
            return PLACE_ALIASES[word]
    return "fields"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Setting(_Model):
    """Where and when a scene happens: what the painter draws."""

    place: str = "fields"
    interior: bool = False
    time_of_day: TimeOfDay = "day"
    weather: Weather = "clear"

    @field_validator("place")
    @classmethod
    def _known_place(cls, value: str) -> str:
        return known_place(value)


class Line(_Model):
    """One spoken line: narration (speaker NARRATOR) or a character's dialogue."""

    speaker: str = NARRATOR
    text: str = Field(min_length=1)
    emotion: str = "neutral"
    parenthetical: str | None = None
    language: Language = "en"


class Character(_Model):
    """A person in the film; `voice` is a voice id from ``filmstudio voices``."""

    name: str = Field(min_length=1)
    gender: Gender = "unknown"
    age: Age = "adult"
    voice: str = ""
    description: str = ""


class Scene(_Model):
    """One scene of the storyboard."""

    scene_number: int = Field(ge=1)
    heading: str = ""
    description: str = ""
    setting: Setting = Setting()
    characters: list[str] = []
    dialogue: list[Line] = []
    mood: Mood = "calm"
    shot_type: ShotType = "wide"
    duration: float = Field(default=0.0, ge=0.0)
    image: str | None = None


class FilmPlan(_Model):
    """Everything needed to render a film, and nothing that depends on the machine."""

    version: int = PLAN_VERSION
    title: str = "Untitled"
    language: Language = "en"
    kind: ScriptKind = "prose"
    style: str = "cinematic"
    music: str = "auto"
    narrator_voice: str = "narrator-female"
    quality: Quality = "720p"
    aspect: Literal["16:9"] = "16:9"
    target_duration: float = Field(default=60.0, ge=30.0, le=300.0)
    watermark: bool = False
    seed: int = 0
    characters: list[Character] = []
    scenes: list[Scene] = Field(min_length=1)

    @field_validator("version")
    @classmethod
    def _supported_version(cls, value: int) -> int:
        if value != PLAN_VERSION:
            raise ValueError(f"plan version {value} is not supported (this is {PLAN_VERSION})")
        return value

    def character(self, name: str) -> Character | None:
        """The character called `name`, if the plan has one."""
        return next((c for c in self.characters if c.name == name), None)

    def to_json(self) -> str:
        return self.model_dump_json(indent=2)


def load_plan(path: Path) -> FilmPlan:
    """Read a plan file, turning every way it can be wrong into one PlanError sentence."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise PlanError(f"The plan file {path} does not exist.") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise PlanError(f"The plan file {path} cannot be read: {exc}.") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PlanError(f"The plan file {path} is not valid JSON (line {exc.lineno}).") from exc
    try:
        return FilmPlan.model_validate(data)
    except ValidationError as exc:
        raise PlanError(f"The plan file {path} is not a valid plan: {first_problem(exc)}.") from exc


def first_problem(error: ValidationError) -> str:
    """The first thing wrong with a plan, as `where: what` a person can act on."""
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "the top level"
    return f"{where}: {first['msg']}"
