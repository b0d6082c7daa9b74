"""The parsed script: what the parse stage hands to the planner.

A ScriptDocument keeps the *raw* structure of what the user wrote (scene blocks made of
action, dialogue, transitions, verse lines and narration) and the people it found, but makes
no film decisions: places, moods, shots and scene counts belong to the planner. Everything is
frozen so a document can be hashed into the stage cache and shared between planners.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ScriptKind = Literal["screenplay", "prose", "verse"]
Gender = Literal["female", "male", "unknown"]
Age = Literal["child", "adult", "elder"]
BlockKind = Literal["scene", "paragraph", "stanza", "sloka", "translation"]


@dataclass(frozen=True)
class Action:
    """Screenplay action: what we see. The narrator reads it as written."""

    text: str
    centered: bool = False


@dataclass(frozen=True)
class Dialogue:
    """A character's speech. `manner` is how prose says it was spoken ("whispered")."""

    character: str
    text: str
    parenthetical: str | None = None
    extension: str | None = None
    dual: bool = False
    manner: str | None = None


@dataclass(frozen=True)
class Transition:
    """A cut between scenes (CUT TO:, FADE OUT.); never spoken."""

    text: str


@dataclass(frozen=True)
class VerseLine:
    """One line of a poem, sloka or lyric, recited in its own language."""

    text: str
    language: str


@dataclass(frozen=True)
class Narration:
    """One sentence of prose told by the narrator."""

    text: str


Element = Action | Dialogue | Transition | VerseLine | Narration


@dataclass(frozen=True)
class SceneBlock:
    """A raw unit of the script: a screenplay scene, a prose paragraph or a stanza.

    `interior`, `location` and `time_hint` come from a screenplay scene heading
    ("INT. KITCHEN - NIGHT" -> True, "KITCHEN", "NIGHT"); other blocks leave them empty.
    """

    heading: str | None
    elements: tuple[Element, ...]
    kind: BlockKind = "paragraph"
    language: str = "en"
    interior: bool | None = None
    location: str = ""
    time_hint: str = ""

    @property
    def text(self) -> str:
        """Every word of the block that is heard or seen, for keyword analysis."""
        parts: list[str] = []
        for element in self.elements:
            if isinstance(element, Transition):
                continue
            parts.append(element.text)
        return "\n".join(parts)


@dataclass(frozen=True)
class Person:
    """Someone who acts or speaks in the script, with what the text says about them."""

    name: str
    gender: Gender = "unknown"
    age: Age = "adult"
    description: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """Every form the text uses for this person, longest first."""
        return tuple(sorted({self.name, *self.aliases}, key=lambda n: (-len(n), n)))


@dataclass(frozen=True)
class ScriptDocument:
    """A parsed script: its kind, language, title, size and raw blocks."""

    kind: ScriptKind
    language: str
    title: str | None
    word_count: int
    blocks: tuple[SceneBlock, ...]
    people: tuple[Person, ...] = ()
    text: str = field(default="", repr=False)
    title_page: tuple[tuple[str, str], ...] = ()

    def person(self, name: str) -> Person | None:
        """The person called `name` (or known by it as an alias), if any."""
        return next((p for p in self.people if name in p.names), None)
