"""Casting: give every character of a plan a voice from the catalog.

Rules, in order of strength:
1. An override (character name, case-insensitive → voice id) always wins; naming a voice or a
   character that does not exist is a ChoiceError the user can fix. ``NARRATOR`` may be
   overridden too and sets the plan's narrator voice.
2. A voice already written in the plan (a user-edited storyboard) is kept.
3. Everyone else gets a voice fitting their age and gender (child → child, elder → elder,
   female → female-1/female-2, male → male-1/male-2, unknown → whatever is free), distinct from
   every other character while unused fitting voices remain, and never the narrator's voice
   while any other fitting voice exists. When voices run out, the least-used fitting voice is
   shared. Children and elders are cast first, since only one voice fits each of them well.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from filmstudio.engine.errors import ChoiceError
from filmstudio.engine.plan import NARRATOR, Character, FilmPlan
from filmstudio.engine.voice.catalog import VOICE_IDS, get_voice

#: Fitting voices by (age, gender), best first. The elder voice (between low and high) is the
#: last resort for adults: a slightly old voice is better than two characters sounding alike.
_PREFERENCES: dict[tuple[str, str], tuple[str, ...]] = {
    ("child", "female"): ("child", "female-2"),
    ("child", "male"): ("child", "female-2", "male-1"),
    ("child", "unknown"): ("child", "female-2", "male-1"),
    ("elder", "female"): ("elder", "narrator-female", "female-1"),
    ("elder", "male"): ("elder", "narrator-male", "male-2"),
    ("elder", "unknown"): ("elder", "narrator-male", "narrator-female"),
    ("adult", "female"): ("female-1", "female-2", "narrator-female", "elder"),
    ("adult", "male"): ("male-1", "male-2", "narrator-male", "elder"),
    ("adult", "unknown"): (
        "male-1",
        "female-1",
        "male-2",
        "female-2",
        "narrator-male",
        "narrator-female",
        "elder",
    ),
}
_ORDER = {"child": 0, "elder": 1, "adult": 2}


def _fitting(character: Character) -> tuple[str, ...]:
    return _PREFERENCES[(character.age, character.gender)]


def _choose(character: Character, used: Counter[str], narrator: str) -> str:
    fitting = _fitting(character)
    free = [v for v in fitting if used[v] == 0 and v != narrator]
    if free:
        return free[0]
    if character.gender == "unknown" and character.age == "adult":
        anything = [v for v in VOICE_IDS if used[v] == 0 and v != narrator]
        if anything:
            return anything[0]
    shareable = [v for v in fitting if v != narrator] or list(fitting)
    return min(shareable, key=lambda v: (used[v], shareable.index(v)))


def _resolve_overrides(
    plan: FilmPlan, overrides: Mapping[str, str] | None
) -> tuple[dict[str, str], str | None]:
    """Overrides keyed by the plan's own character names, and a narrator override if any."""
    by_name = {c.name.casefold(): c.name for c in plan.characters}
    resolved: dict[str, str] = {}
    narrator: str | None = None
    for name, voice_id in (overrides or {}).items():
        voice = get_voice(voice_id).id
        key = name.strip().casefold()
        if key in by_name:
            resolved[by_name[key]] = voice
        elif key == NARRATOR.casefold():
            narrator = voice
        else:
            known = ", ".join(c.name for c in plan.characters) or "none"
            raise ChoiceError(
                f"There is no character called '{name}' in this film, so it cannot be given "
                f"the voice '{voice_id}'. Characters: {known}."
            )
    return resolved, narrator


def cast(plan: FilmPlan, overrides: Mapping[str, str] | None = None) -> FilmPlan:
    """A copy of `plan` in which every character has a voice (see the module docstring)."""
    resolved, narrator_override = _resolve_overrides(plan, overrides)
    narrator = narrator_override or get_voice(plan.narrator_voice).id
    voices: dict[str, str] = {}
    for character in plan.characters:
        if character.name in resolved:
            voices[character.name] = resolved[character.name]
        elif character.name == NARRATOR:
            voices[character.name] = narrator
        elif character.voice:
            voices[character.name] = get_voice(character.voice).id
    used: Counter[str] = Counter(voices.values())
    pending = [c for c in plan.characters if c.name not in voices]
    for character in sorted(pending, key=lambda c: (_ORDER[c.age], c.gender == "unknown")):
        voice = _choose(character, used, narrator)
        voices[character.name] = voice
        used[voice] += 1
    characters = [c.model_copy(update={"voice": voices[c.name]}) for c in plan.characters]
    return plan.model_copy(update={"characters": characters, "narrator_voice": narrator})
