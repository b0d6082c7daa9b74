"""Where and when each scene happens: place, inside or out, time of day and weather.

A screenplay heading says it outright ("INT. KITCHEN - NIGHT"); otherwise the words of the
scene do (lighthouse -> cliffs, midnight -> night, thunder -> storm). A scene that says
nothing clear keeps the previous scene's setting, and scenes before the first clear cue take
that first cue, so a story that mentions the harbour in its third paragraph is set there
from the start.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from filmstudio.engine.plan import INTERIOR_PLACES, PLACES, TIMES_OF_DAY, Setting
from filmstudio.engine.planning.lexicon import best
from filmstudio.engine.planning.lexicon.scene import (
    ENDED,
    HEADING_CARRY,
    OUTSIDE,
    PLACE_WORDS,
    TIME_WORDS,
    WEATHER_WORDS,
)
from filmstudio.engine.script import Dialogue, SceneBlock
from filmstudio.engine.script.text import split_sentences, tokens

#: A cue must weigh at least this much to change the setting carried from the last scene.
CLEAR_CUE = 1.0

WEATHER_ORDER = ("storm", "rain", "snow", "fog", "clouds", "clear")


@dataclass(frozen=True)
class Cues:
    """What one scene's own words say about its setting (None: it does not say)."""

    place: str | None
    interior: bool | None
    time_of_day: str | None
    weather: str | None


def scene_words(block: SceneBlock) -> list[str]:
    """Folded tokens of what is seen or narrated in a block (dialogue is weighed less)."""
    seen: list[str] = []
    for element in block.elements:
        if not isinstance(element, Dialogue):
            seen += tokens(element.text)
    return seen


def place_words(block: SceneBlock) -> list[str]:
    """Narrated tokens that say where we are: a view through the window does not.

    In "Outside, the cat crosses the street" or "Dehors, ... la rue" the street is what the
    characters see, so a sentence stops counting for the place at its "outside" word.
    """
    kept: list[str] = []
    for element in block.elements:
        if isinstance(element, Dialogue):
            continue
        for sentence in split_sentences(element.text):
            sentence_words = tokens(sentence)
            cut = next((i for i, w in enumerate(sentence_words) if w in OUTSIDE), None)
            kept += sentence_words[:cut]
    return kept


def dialogue_words(block: SceneBlock) -> list[str]:
    return [t for e in block.elements if isinstance(e, Dialogue) for t in tokens(e.text)]


def read_cues(block: SceneBlock, prior: dict[str, float]) -> Cues:
    """The setting one block states, from its heading first and then its words."""
    words = scene_words(block)
    spoken = dialogue_words(block)
    place = _place(block, place_words(block), spoken, prior)
    time_of_day = _time(block, words)
    weather = _weather(words)
    interior = block.interior
    if interior is None and place is not None:
        interior = place in INTERIOR_PLACES
    return Cues(place, interior, time_of_day, weather)


def _place(
    block: SceneBlock, words: list[str], spoken: list[str], prior: dict[str, float]
) -> str | None:
    if block.location:
        from_heading = best(PLACE_WORDS.scores(tokens(block.location)), PLACES)
        if from_heading is not None:
            return from_heading
    scores = PLACE_WORDS.scores(words)
    for label, weight in PLACE_WORDS.scores(spoken).items():
        scores[label] = scores.get(label, 0.0) + 0.5 * weight
    scores = {label: score for label, score in scores.items() if score >= CLEAR_CUE}
    # ties go to the place the whole script talks about most, then to the library's order
    order = sorted(PLACES, key=lambda p: (-prior.get(p, 0.0), PLACES.index(p)))
    return best(scores, order)


def _time(block: SceneBlock, words: list[str]) -> str | None:
    if block.time_hint:
        hint = tokens(block.time_hint)
        if any(word in HEADING_CARRY for word in hint):
            return None
        from_heading = best(TIME_WORDS.scores(hint), TIMES_OF_DAY)
        if from_heading is not None:
            return from_heading
    hits = TIME_WORDS.hits(words)
    scores: dict[str, float] = {}
    last: dict[str, int] = {}
    for hit in hits:
        scores[hit.label] = scores.get(hit.label, 0.0) + hit.weight
        last[hit.label] = hit.position
    scores = {label: score for label, score in scores.items() if score >= CLEAR_CUE}
    if not scores:
        return None
    # time moves forward within a scene: on a tie the later mention wins ("since sunset ... night")
    return max(scores, key=lambda label: (scores[label], last[label]))


def _weather(words: list[str]) -> str | None:
    scores: dict[str, float] = {}
    for hit in WEATHER_WORDS.hits(words):
        following = words[hit.position + hit.length : hit.position + hit.length + 4]
        label = "clear" if any(w in ENDED for w in following) else hit.label
        scores[label] = scores.get(label, 0.0) + hit.weight
    if "storm" in scores and "rain" in scores:  # thunder over rain is a storm
        scores["storm"] += scores.pop("rain")
    scores = {label: score for label, score in scores.items() if score >= CLEAR_CUE}
    return best(scores, WEATHER_ORDER)


def place_prior(blocks: Sequence[SceneBlock], title: str | None) -> dict[str, float]:
    """How much the whole script (title included) talks about each place."""
    words = tokens(title or "") + [w for b in blocks for w in place_words(b) + tokens(b.location)]
    return PLACE_WORDS.scores(words)


def infer_settings(
    blocks: Sequence[SceneBlock],
    title: str | None = None,
    default_place: str = "fields",
    default_time: str = "day",
    sources: Sequence[SceneBlock] | None = None,
) -> list[Setting]:
    """One Setting per block: its own clear cues, else carried over from the scene before.

    `sources` (one per block) are the whole blocks that scenes were cut from: a scene that
    says nothing itself takes what its source says before falling back on the scene before.
    """
    prior = place_prior(blocks, title)
    cues = [read_cues(block, prior) for block in blocks]
    if sources is not None:
        source_cues = {id(s): read_cues(s, prior) for s in sources}
        cues = [
            _fill(own, source_cues[id(source)]) if source is not block else own
            for own, block, source in zip(cues, blocks, sources, strict=True)
        ]
    places = _carry([c.place for c in cues], default_place, backfill=True)
    times = _carry([c.time_of_day for c in cues], default_time, backfill=False)
    weathers = _carry_weather(cues, times)
    settings: list[Setting] = []
    previous_interior: bool | None = None
    for index, cue in enumerate(cues):
        interior = cue.interior
        if interior is None:
            carried = index > 0 and places[index] == places[index - 1]
            interior = previous_interior if carried else places[index] in INTERIOR_PLACES
        previous_interior = bool(interior)
        settings.append(
            Setting.model_validate(
                {
                    "place": places[index],
                    "interior": bool(interior),
                    "time_of_day": times[index],
                    "weather": weathers[index],
                }
            )
        )
    return settings


def _carry_weather(cues: list[Cues], times: list[str]) -> list[str]:
    """Weather carries from scene to scene, but not across a new time of day.

    "INT. CAFE - NIGHT ... rain" then "EXT. PIER - DAWN" is the next morning: a reader does
    not picture it still raining unless the words say so. Within the same part of the day
    (or "CONTINUOUS") the weather holds.
    """
    filled: list[str] = []
    current = "clear"
    for index, cue in enumerate(cues):
        if cue.weather is not None:
            current = cue.weather
        elif index > 0 and cue.time_of_day is not None and times[index] != times[index - 1]:
            current = "clear"
        filled.append(current)
    return filled


def _fill(own: Cues, source: Cues) -> Cues:
    """A scene's own cues, with what it does not say taken from its source block."""
    return Cues(
        own.place if own.place is not None else source.place,
        own.interior if own.interior is not None else source.interior,
        own.time_of_day if own.time_of_day is not None else source.time_of_day,
        own.weather if own.weather is not None else source.weather,
    )


def _carry(values: list[str | None], default: str, backfill: bool) -> list[str]:
    """Fill gaps with the value before; leading gaps take the default, or with `backfill`
    the first stated value (a story is set where it says, even if it says so late; but the
    rain that starts in scene three did not fall in scene one)."""
    first = next((v for v in values if v is not None), default) if backfill else default
    filled: list[str] = []
    current = first
    for value in values:
        current = value if value is not None else current
        filled.append(current)
    return filled
