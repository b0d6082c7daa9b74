"""Casting: give every character of a plan a voice from the catalog.

Rules, in order of strength:
1. An override (character name, case-insensitive → voice id) always wins; naming a voice or a
   character that does not exist is a ChoiceError the user can fix. ``NARRATOR`` may be
   overridden too and sets the plan's narrator voice.
2. A voice already written in the plan (a user-edited storyboard) is kept.
3. Everyone else gets a voice fitting their age and gender (girl → child, boy → child-2,
   old woman → elder-female, old man → elder, women → female-1..3, men → male-1..3, unknown →
   whatever is free; a robot, android or computer → the robot voice), distinct from every
   other character while unused fitting voices remain, and never the narrator's voice while
   any other fitting voice exists. When voices run out, the least-used fitting voice is
   shared. Children and elders are cast first, since few voices fit each of them well. Only
   voices that speak the film's language are chosen.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

from filmstudio.engine.errors import ChoiceError
from filmstudio.engine.plan import NARRATOR, Character, FilmPlan
from filmstudio.engine.voice.catalog import VOICE_IDS, get_voice, list_voices

#: Fitting voices by (age, gender), best first. The elder voice (between low and high) is the
#: last resort for adults: a slightly old voice is better than two characters sounding alike.
_PREFERENCES: dict[tuple[str, str], tuple[str, ...]] = {
    ("child", "female"): ("child", "child-2", "female-2"),
    ("child", "male"): ("child-2", "child", "male-3"),
    ("child", "unknown"): ("child", "child-2", "female-2", "male-3"),
    ("elder", "female"): ("elder-female", "female-1", "narrator-female", "elder"),
    ("elder", "male"): ("elder", "narrator-male", "male-2", "elder-female"),
    ("elder", "unknown"): ("elder", "elder-female", "narrator-male", "narrator-female"),
    ("adult", "female"): (
        "female-1",
        "female-2",
        "female-3",
        "narrator-female",
        "elder-female",
    ),
    ("adult", "male"): ("male-1", "male-2", "male-3", "narrator-male", "elder"),
    ("adult", "unknown"): (
        "male-1",
        "female-1",
        "male-2",
        "female-2",
        "male-3",
        "female-3",
        "narrator-male",
        "narrator-female",
    ),
}
#: Characters a description (or name) marks as machines speak with the robot voice.
_MACHINE = re.compile(r"\b(robot|android|cyborg|computer|machine|ai|droid|automaton)\b", re.I)
_ROBOT = "robot"
_ORDER = {"child": 0, "elder": 1, "adult": 2}


def _fitting(character: Character, speaking: frozenset[str]) -> tuple[str, ...]:
    preferred = _PREFERENCES[(character.age, character.gender)]
    if _is_machine(character):
        preferred = (_ROBOT, *preferred)
    return tuple(v for v in preferred if v in speaking) or preferred


def _choose(
    character: Character, used: Counter[str], narrator: str, speaking: frozenset[str]
) -> str:
    fitting = _fitting(character, speaking)
    free = [v for v in fitting if used[v] == 0 and v != narrator]
    if free:
        return free[0]
    if character.gender == "unknown" and character.age == "adult":
        anything = [
            v for v in VOICE_IDS if used[v] == 0 and v != narrator and v != _ROBOT and v in speaking
        ]
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


def _is_machine(character: Character) -> bool:
    return bool(_MACHINE.search(f"{character.name} {character.description}"))


def _casting_order(character: Character) -> tuple[bool, int, bool]:
    """Machines first (one voice fits them), then children and elders, then the rest."""
    return (not _is_machine(character), _ORDER[character.age], character.gender == "unknown")


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
    used[narrator] += 0
    speaking = frozenset(v.id for v in list_voices(plan.language))
    pending = [c for c in plan.characters if c.name not in voices]
    for character in sorted(pending, key=_casting_order):
        voice = _choose(character, used, narrator, speaking)
        voices[character.name] = voice
        used[voice] += 1
    characters = [c.model_copy(update={"voice": voices[c.name]}) for c in plan.characters]
    return plan.model_copy(update={"characters": characters, "narrator_voice": narrator})
