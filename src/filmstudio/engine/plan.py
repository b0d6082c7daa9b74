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
from typing import Any, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from filmstudio.engine.errors import PlanError

PLAN_VERSION = 2
#: Plan versions `FilmPlan` still reads; older ones are upgraded on load (see _upgrade).
READABLE_VERSIONS: tuple[int, ...] = (1, 2)

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

#: How a shot frames the set: the editor's coverage vocabulary (see planning/coverage).
ShotKind = Literal[
    "establishing",
    "wide",
    "medium",
    "two-shot",
    "over-the-shoulder",
    "close-up",
    "reaction",
    "insert",
]
SHOT_KINDS: tuple[str, ...] = get_args(ShotKind)

#: What the camera does during a shot, on the layered set (near layers move more: parallax).
CameraMove = Literal[
    "static",
    "push_in",
    "pull_out",
    "truck_left",
    "truck_right",
    "pan_left",
    "pan_right",
    "pedestal_up",
    "pedestal_down",
    "drift",
]
CAMERA_MOVES: tuple[str, ...] = get_args(CameraMove)

#: How a scene enters: a cut inside continuous time, a dissolve when time passes, a fade
#: from black (the first scene). The film always ends with a fade to black.
Transition = Literal["cut", "dissolve", "fade"]
TRANSITIONS: tuple[str, ...] = get_args(Transition)

#: Canonical English verbs the planner writes and the animator acts (any language's words
#: map onto these in planning/lexicon).
ActionVerb = Literal[
    "enter",
    "exit",
    "walk",
    "run",
    "sit",
    "stand",
    "wave",
    "embrace",
    "point",
    "give",
    "take",
    "hold",
    "kneel",
    "pray",
    "cry",
    "laugh",
    "dance",
    "look",
    "nod",
    "shake_head",
    "turn_away",
]
ACTION_VERBS: tuple[str, ...] = get_args(ActionVerb)

#: How a line is spoken (the voice reads it beside `emotion`).
Delivery = Literal["normal", "whisper", "shout", "recite", "sing"]
DELIVERIES: tuple[str, ...] = get_args(Delivery)

#: Where a line is heard from: a telephone, a radio, a hall or temple (echo), or the room.
VoiceEffect = Literal["none", "phone", "radio", "echo"]
VOICE_EFFECTS: tuple[str, ...] = get_args(VoiceEffect)

#: What a face shows (every shot size draws it).
Expression = Literal["neutral", "happy", "sad", "angry", "surprised", "afraid", "thoughtful"]
EXPRESSIONS: tuple[str, ...] = get_args(Expression)

#: What the people of a scene wear for its weather and occasion (planning/attire decides):
#: warm (coat and scarf: snow, a cold night), rain (raincoat and hood), light (heat, the
#: beach), formal (a wedding, a temple, an office) or everyday clothes.
Attire = Literal["everyday", "warm", "rain", "light", "formal"]
ATTIRES: tuple[str, ...] = get_args(Attire)

Aspect = Literal["16:9", "9:16", "1:1"]
ASPECTS: tuple[str, ...] = get_args(Aspect)

#: The settings library: every place the painter can draw. Other names fall back to the nearest
#: fitting place (PLACE_ALIASES), else "fields".
PLACES: tuple[str, ...] = (
    "beach",
    "sea",
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
    **dict.fromkeys(("shore", "coast", "seaside", "island", "bay"), "beach"),
    **dict.fromkeys(("ocean", "open_sea", "at_sea", "high_seas", "ferry", "aboard", "deck"), "sea"),
    **dict.fromkeys(("pier", "port", "dock", "docks", "jetty", "marina", "wharf"), "harbour"),
    **dict.fromkeys(("harbor", "boat", "quay"), "harbour"),
    **dict.fromkeys(("ship", "sailing", "voyage"), "sea"),
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


def frame_size(quality: str, aspect: str = "16:9") -> tuple[int, int]:
    """Output (width, height) for a quality and an aspect: the quality names the short side
    of a vertical or square film (720p 9:16 is 720×1280, 720p 1:1 is 720×720)."""
    width, height = RESOLUTIONS[quality]
    if aspect == "9:16":
        return height, width
    if aspect == "1:1":
        return height, height
    return width, height


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
    delivery: Delivery = "normal"
    effect: VoiceEffect = "none"


class Character(_Model):
    """A person in the film; `voice` is a voice id from ``filmstudio voices``."""

    name: str = Field(min_length=1)
    gender: Gender = "unknown"
    age: Age = "adult"
    voice: str = ""
    description: str = ""
    #: What the character is (fisherwoman, priest, soldier, merchant...): dress and props.
    role: str = ""
    #: A photo of the character (a user's reference image): the drawn look takes its colours.
    image: str | None = None


class Action(_Model):
    """Something a character does in a scene, from the words (`line`: during that line).

    `prop` is what changes hands in a give or take (one of the scene's props): a give
    passes it from `who` to `target`, a take from whoever holds it to `who`.
    """

    who: str = Field(min_length=1)
    action: ActionVerb
    target: str | None = None
    line: int | None = Field(default=None, ge=0)
    prop: str | None = None


#: Verbs that pass a prop from one hand to another (`Action.prop`).
PASSING_VERBS: tuple[str, ...] = ("give", "take")


class Prop(_Model):
    """An object the scene shows: canonical English noun; held by `holder` when the scene
    starts (give and take actions pass it on, see `Scene.holders`), else standing."""

    name: str = Field(min_length=1)
    holder: str | None = None


class ExpressionChange(_Model):
    """From line `line` on (None: the whole scene), `who` shows `expression`."""

    who: str = Field(min_length=1)
    expression: Expression
    line: int | None = Field(default=None, ge=0)


class Shot(_Model):
    """One camera set-up within a scene, covering a contiguous run of its lines.

    `lines` are indices into the scene's dialogue; the shots that have lines partition them in
    order, and cuts fall between lines. A shot with no lines is a cutaway in the pause after
    the lines before it (or the scene's hold after its last line); in a scene with no lines
    the shots share its time. `subject` is a character name (close-up, reaction,
    over-the-shoulder) or a prop (insert).
    """

    kind: ShotKind = "wide"
    subject: str | None = None
    move: CameraMove = "drift"
    lines: list[int] = []


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
    actions: list[Action] = []
    props: list[Prop] = []
    expressions: list[ExpressionChange] = []
    #: The scene's coverage; empty means "let the engine cover it" (planning.coverage).
    shots: list[Shot] = []
    transition: Transition = "cut"
    #: What everyone in the scene wears (roles keep their robes and uniforms beneath).
    attire: Attire = "everyday"

    def holders(self, line: int | None = None, passed: bool = True) -> dict[str, str]:
        """Who holds each held prop during dialogue line `line` (None: as the scene starts):
        the props' starting holders, passed on by the give and take actions before that
        line, and by the ones during it when `passed` (the reach has arrived)."""
        held = {p.name: p.holder for p in self.props if p.holder is not None}
        if line is None:
            return held
        for action in sorted(self.actions, key=lambda a: a.line or 0):
            at = action.line or 0
            if action.action not in PASSING_VERBS or action.prop is None:
                continue
            if at > line or (at == line and not passed):
                continue
            if action.action == "take":
                held[action.prop] = action.who
            elif action.target is not None and action.target != action.prop:
                held[action.prop] = action.target
        return held

    def held_by(self, who: str, line: int | None = None, passed: bool = True) -> str | None:
        """The prop in `who`'s hand during line `line` (see `holders`), if any."""
        return next((p for p, h in self.holders(line, passed).items() if h == who), None)

    @model_validator(mode="after")
    def _shots_cover_lines(self) -> Scene:
        covered = [index for shot in self.shots for index in shot.lines]
        if covered and covered != list(range(len(self.dialogue))):
            raise ValueError(
                "shots must cover the scene's lines in order, each line once "
                f"(lines 0..{len(self.dialogue) - 1}, shots cover {covered})"
            )
        return self


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
    aspect: Aspect = "16:9"
    target_duration: float = Field(default=60.0, ge=30.0, le=300.0)
    watermark: bool = False
    seed: int = 0
    characters: list[Character] = []
    scenes: list[Scene] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _upgrade(cls, data: Any) -> Any:
        """Read older plans: version 1 had no actions, props, shots or deliveries; its
        delivery-like emotions (whisper, shout, recite) become deliveries."""
        if not isinstance(data, dict):
            return data
        version = data.get("version", PLAN_VERSION)
        if version not in READABLE_VERSIONS:
            raise ValueError(f"plan version {version} is not supported (this is {PLAN_VERSION})")
        if version == 1:
            data = {
                **data,
                "version": PLAN_VERSION,
                "scenes": [_upgrade_scene(s) for s in data.get("scenes", [])],
            }
        return data

    def character(self, name: str) -> Character | None:
        """The character called `name`, if the plan has one."""
        return next((c for c in self.characters if c.name == name), None)

    def to_json(self) -> str:
        return self.model_dump_json(indent=2)


def _upgrade_line(line: Any) -> Any:
    if not isinstance(line, dict) or "delivery" in line:
        return line
    emotion = line.get("emotion", "neutral")
    if emotion in ("whisper", "shout", "recite"):
        return {**line, "delivery": emotion}
    return line


def _upgrade_scene(scene: Any) -> Any:
    if not isinstance(scene, dict):
        return scene
    return {**scene, "dialogue": [_upgrade_line(line) for line in scene.get("dialogue", [])]}


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
