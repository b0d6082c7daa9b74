"""Who is in each scene, and the film's list of characters.

A person is in a scene when they speak in it or the narration names them. A scene that only
says "she" or "él" also gets the last person of that gender we saw (and "they" the last two),
so the painter does not leave an empty frame in the middle of someone's story. Voices are
chosen later (casting), so every Character leaves `voice` empty.
"""

from __future__ import annotations

from collections.abc import Sequence

from filmstudio.engine.plan import NARRATOR, Character, Line
from filmstudio.engine.planning.acting import Stranger
from filmstudio.engine.planning.lexicon.acting import ALL_OF_THEM, MALE_OBJECT_PRONOUNS
from filmstudio.engine.planning.lexicon.people import PERSON_WORDS, traits
from filmstudio.engine.script import Dialogue, Person, SceneBlock
from filmstudio.engine.script.lexicon import (
    FEMALE_POSSESSIVES,
    FEMALE_PRONOUNS,
    MALE_POSSESSIVES,
    MALE_PRONOUNS,
)
from filmstudio.engine.script.people import mention_pattern
from filmstudio.engine.script.text import raw_tokens, tokens

_PLURAL = ALL_OF_THEM
_PRONOUNS = {
    "female": FEMALE_PRONOUNS | FEMALE_POSSESSIVES,
    "male": MALE_PRONOUNS | MALE_POSSESSIVES | MALE_OBJECT_PRONOUNS,
}


def scene_characters(
    blocks: Sequence[SceneBlock],
    lines: Sequence[Sequence[Line]],
    people: Sequence[Person],
    case_sensitive: bool,
) -> list[list[str]]:
    """The names of the characters in each scene, in order of appearance."""
    recent: list[Person] = []
    result: list[list[str]] = []
    for block, scene_lines in zip(blocks, lines, strict=True):
        seen: list[tuple[int, str]] = []
        narrated = "\n".join(e.text for e in block.elements if not isinstance(e, Dialogue))
        for person in people:
            positions = [
                m.start()
                for form in person.names
                if (m := mention_pattern(form, case_sensitive).search(narrated))
            ]
            if positions:
                seen.append((min(positions), person.name))
        names = [name for _, name in sorted(seen)]
        for line in scene_lines:
            if line.speaker != NARRATOR and line.speaker not in names:
                names.append(line.speaker)
        lowered = {t.lower() for t in raw_tokens(narrated)}
        for gender, pronouns in _PRONOUNS.items():
            if lowered & pronouns and not any(_gender(people, n) == gender for n in names):
                match = next((p for p in reversed(recent) if p.gender == gender), None)
                if match is not None:
                    names.append(match.name)
        if lowered & _PLURAL and not names:
            names.extend(p.name for p in recent[-2:])
        for present in (p for name in names for p in people if p.name == name):
            if present in recent:
                recent.remove(present)
            recent.append(present)
        result.append(names)
    return result


def _gender(people: Sequence[Person], name: str) -> str | None:
    return next((p.gender for p in people if p.name == name), None)


def film_characters(
    people: Sequence[Person],
    appearing: Sequence[Sequence[str]],
    strangers: Sequence[Stranger] = (),
) -> list[Character]:
    """A Character for every person who appears in at least one scene, in script order;
    people the script does not name (`strangers`) come as their noun says."""
    present = {name for names in appearing for name in names}
    characters = [
        Character(
            name=p.name,
            gender=p.gender,
            age=p.age,
            description=p.description,
            role=role_of(p.description) or _age_role(p.age),
        )
        for p in people
        if p.name in present
    ]
    unnamed = {s.name: s for s in strangers}
    known = {c.name for c in characters}
    for names in appearing:
        for name in names:
            if name in known:
                continue
            if name in unnamed:
                someone = unnamed[name]
                characters.append(Character.model_validate(_traits(someone)))
            else:  # a speaker the parser could not describe
                characters.append(Character(name=name))
            known.add(name)
    return characters


def _traits(someone: Stranger) -> dict[str, str]:
    return {
        "name": someone.name,
        "gender": someone.gender,
        "age": someone.age,
        "role": someone.role,
        "description": someone.name,
    }


def _age_role(age: str) -> str:
    """A child or an elder with no other role is dressed as one."""
    return age if age in ("child", "elder") else ""


def role_of(description: str) -> str:
    """What a description says a person is (fisherwoman, priest, elder...), or ""."""
    for hit in PERSON_WORDS.hits(tokens(description)):
        role = traits(hit.label).role
        if role:
            return role
    return ""
