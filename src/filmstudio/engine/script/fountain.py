"""Fountain screenplays (https://fountain.io/syntax): scene headings, action, dialogue...

Supported: title page, scene headings (INT/EXT/EST/INT./EXT/I/E and forced ``.``), action
(and forced ``!``), character cues with extensions ((V.O.), (O.S.), (CONT'D)) and forced
``@``, parentheticals, dialogue, dual dialogue ``^``, transitions (``... TO:``, FADE IN/OUT and
forced ``>``), centered text ``>...<``, lyrics ``~``, notes ``[[ ]]``, boneyard ``/* */``,
sections ``#``, synopses ``=`` and page breaks ``===``. Non-printing elements are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from filmstudio.engine.plan import NARRATOR
from filmstudio.engine.script.document import (
    Action,
    Dialogue,
    Element,
    SceneBlock,
    Transition,
    VerseLine,
)
from filmstudio.engine.script.markup import clean_inline, split_title_page, strip_hidden
from filmstudio.engine.script.text import words

_HEADING = re.compile(r"^(INT\.?/EXT|EXT\.?/INT|INT|EXT|EST|I/E)(\.\s*|\s+)(.*)$", re.I)
_FORCED_HEADING = re.compile(r"^\.(?=[^.\s])(.*)$")
_SCENE_NUMBER = re.compile(r"\s*#[\w.\-]+#\s*$")
_HEADING_SPLIT = re.compile(r"\s+[-–—]\s+")
_TRANSITION = re.compile(r"^[^a-z]*TO:$")
_FIXED_TRANSITIONS = frozenset({"FADE IN:", "FADE OUT.", "FADE TO BLACK.", "CUT TO BLACK."})
_CUE = re.compile(r"^(?P<name>[^()^]*[^\s()^])\s*(?P<ext>(?:\([^)]*\)\s*)*)(?P<dual>\^)?$")
_EXTENSION = re.compile(r"\(([^)]*)\)")
_PAGE_BREAK = re.compile(r"^={3,}$")
_NARRATOR_NAMES = frozenset({"NARRATOR", "NARRADOR", "NARRADORA", "NARRATEUR", "NARRATRICE"})


@dataclass(frozen=True)
class Heading:
    """A parsed scene heading: "INT. KITCHEN - NIGHT" -> interior, KITCHEN, NIGHT."""

    text: str
    interior: bool | None
    location: str
    time_hint: str


@dataclass(frozen=True)
class Screenplay:
    """What the screenplay parser found: title page entries and scene blocks."""

    title: str | None
    title_page: tuple[tuple[str, str], ...]
    blocks: tuple[SceneBlock, ...]


def parse_heading(line: str) -> Heading | None:
    """The heading on `line`, or None when it is not one (forced ``.`` headings count)."""
    stripped = _SCENE_NUMBER.sub("", line.strip())
    match = _HEADING.match(stripped)
    if match:
        prefix = match.group(1).upper()
        interior: bool | None = {"INT": True, "EXT": False, "EST": False}.get(prefix)
        if interior is None:
            interior = False  # INT./EXT. and I/E: we draw the outside
        rest = match.group(3)
    else:
        forced = _FORCED_HEADING.match(stripped)
        if forced is None:
            return None
        interior, rest = None, forced.group(1)
    parts = _HEADING_SPLIT.split(clean_inline(rest))
    time_hint = parts[-1].strip() if len(parts) > 1 else ""
    location = " - ".join(parts[:-1] if len(parts) > 1 else parts).strip()
    return Heading(clean_inline(stripped.lstrip(".")), interior, location, time_hint)


def is_transition(line: str) -> bool:
    """An all-caps line ending in TO: (CUT TO:) or a fixed FADE IN/OUT transition."""
    stripped = line.strip()
    return stripped in _FIXED_TRANSITIONS or (
        _TRANSITION.match(stripped) is not None and any(ch.isalpha() for ch in stripped)
    )


def parse_cue(line: str) -> tuple[str, str | None, bool] | None:
    """(name, extension, dual) for a character cue line, or None.

    A cue is all caps apart from its extensions ("MARIA (cont'd)"); ``@`` forces one.
    """
    stripped = line.strip()
    forced = stripped.startswith("@")
    if forced:
        stripped = stripped[1:].strip()
    match = _CUE.match(stripped)
    if match is None:
        return None
    name = match.group("name").strip()
    if not forced:
        if not any(ch.isalpha() for ch in name) or any(ch.islower() for ch in name):
            return None
        if not any(ch.isupper() for ch in name) or stripped.startswith("!"):
            return None
        if len(name) > 40 or name.endswith(":"):
            return None
    extensions = [e.strip() for e in _EXTENSION.findall(match.group("ext")) if e.strip()]
    extension = " ".join(extensions) or None
    return display_name(clean_inline(name)), extension, match.group("dual") is not None


def display_name(cue_name: str) -> str:
    """How a screenplay name reads in captions: MARIA -> Maria, NARRATOR stays NARRATOR."""
    if cue_name.upper() in _NARRATOR_NAMES:
        return NARRATOR
    if any(ch.islower() for ch in cue_name):
        return cue_name
    return " ".join(part.title() if part.isupper() else part for part in cue_name.split())


def looks_like_screenplay(text: str) -> bool:
    """Whether `text` is a Fountain screenplay: a scene heading, two character cues, or a
    forced (.) heading with a cue."""
    lines = strip_hidden(text)
    page = split_title_page(lines)
    if page.entries:
        return True
    body = page.body
    cues = forced_headings = 0
    for index, line in enumerate(body):
        previous_blank = index == 0 or not body[index - 1].strip()
        stripped = line.strip()
        if not previous_blank or not stripped:
            continue
        if _HEADING.match(stripped):
            return True
        if _FORCED_HEADING.match(stripped) and not any(ch.islower() for ch in stripped):
            forced_headings += 1
        following = body[index + 1].strip() if index + 1 < len(body) else ""
        if following and not is_transition(line) and parse_cue(line) is not None:
            cues += 1
    return cues >= 2 or (cues >= 1 and forced_headings >= 1)


class _Builder:
    """Collects elements into scene blocks as the parser walks the lines."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.blocks: list[SceneBlock] = []
        self.heading: Heading | None = None
        self.elements: list[Element] = []

    def start(self, heading: Heading) -> None:
        self.flush()
        self.heading = heading

    def add(self, element: Element) -> None:
        self.elements.append(element)

    def flush(self) -> None:
        spoken = [e for e in self.elements if not isinstance(e, Transition)]
        if not spoken and not self.blocks:
            return  # FADE IN: before the first scene opens that scene
        if spoken:
            heading = self.heading
            self.blocks.append(
                SceneBlock(
                    heading=heading.text if heading else None,
                    elements=tuple(self.elements),
                    kind="scene",
                    language=self.language,
                    interior=heading.interior if heading else None,
                    location=heading.location if heading else "",
                    time_hint=heading.time_hint if heading else "",
                )
            )
        elif self.elements and self.blocks:
            last = self.blocks[-1]
            self.blocks[-1] = SceneBlock(
                heading=last.heading,
                elements=last.elements + tuple(self.elements),
                kind=last.kind,
                language=last.language,
                interior=last.interior,
                location=last.location,
                time_hint=last.time_hint,
            )
        self.elements = []


def parse_screenplay(text: str, language: str) -> Screenplay:
    """Parse a Fountain screenplay into scene blocks (one per scene heading)."""
    page = split_title_page(strip_hidden(text))
    body = page.body
    builder = _Builder(language)
    index = 0
    previous_blank = True
    while index < len(body):
        stripped = body[index].strip()
        following = body[index + 1].strip() if index + 1 < len(body) else ""
        if not stripped or _PAGE_BREAK.match(stripped):
            previous_blank = True
            index += 1
            continue
        if stripped.startswith(("#", "=")):  # sections and synopses are not printed
            index += 1
            continue
        heading = parse_heading(stripped) if previous_blank else None
        cue = (
            parse_cue(stripped)
            if previous_blank and following and not is_transition(stripped)
            else None
        )
        if stripped.startswith("~"):
            lyric = clean_inline(stripped[1:])
            if words(lyric):
                builder.add(VerseLine(lyric, language))
            index += 1
        elif heading is not None and not stripped.startswith("!"):
            builder.start(heading)
            index += 1
        elif stripped.startswith(">") and stripped.endswith("<"):
            builder.add(Action(clean_inline(stripped[1:-1]), centered=True))
            index += 1
        elif stripped.startswith(">") or (previous_blank and is_transition(stripped)):
            builder.add(Transition(clean_inline(stripped.lstrip(">"))))
            index += 1
        elif cue is not None:
            index = _dialogue(body, index + 1, cue, builder)
        else:
            index = _action(body, index, builder)
        previous_blank = False
    builder.flush()
    title = next((v for k, v in page.entries if k.lower() == "title" and v), None)
    return Screenplay(title, page.entries, tuple(builder.blocks))


def _dialogue(
    body: list[str], index: int, cue: tuple[str, str | None, bool], builder: _Builder
) -> int:
    """Read the dialogue under a cue; each parenthetical starts a new spoken piece."""
    name, extension, dual = cue
    parenthetical: str | None = None
    pieces: list[str] = []

    def emit() -> None:
        text = " ".join(p for p in pieces if p)
        if words(text):
            builder.add(Dialogue(name, text, parenthetical, extension, dual))
        pieces.clear()

    while index < len(body) and body[index].strip():
        line = body[index].strip()
        if line.startswith("(") and line.endswith(")"):
            emit()
            parenthetical = clean_inline(line[1:-1]) or None
        else:
            pieces.append(clean_inline(line))
        index += 1
    emit()
    return index


def _action(body: list[str], index: int, builder: _Builder) -> int:
    """Read an action paragraph: every line up to the next blank line."""
    lines: list[str] = []
    while index < len(body) and body[index].strip():
        line = body[index].strip()
        lines.append(clean_inline(line[1:] if line.startswith("!") and not lines else line))
        index += 1
    text = "\n".join(line for line in lines if line)
    if text:
        builder.add(Action(text))
    return index
