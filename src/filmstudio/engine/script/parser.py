"""parse_script: text in, ScriptDocument out, or a ScriptError a user can act on.

The kind is decided first (a screenplay has Fountain structure; verse has short lines in
stanzas or a sloka's ॥; everything else is prose), then the matching parser builds the
blocks. The 500-word limit is checked before any parsing work is done.
"""

from __future__ import annotations

from filmstudio.engine.errors import ScriptError
from filmstudio.engine.plan import NARRATOR
from filmstudio.engine.request import MAX_WORDS
from filmstudio.engine.script.document import (
    Action,
    Dialogue,
    Person,
    SceneBlock,
    ScriptDocument,
    ScriptKind,
)
from filmstudio.engine.script.fountain import looks_like_screenplay, parse_screenplay
from filmstudio.engine.script.language import detect_language
from filmstudio.engine.script.people import describe
from filmstudio.engine.script.prose import parse_prose
from filmstudio.engine.script.text import split_paragraphs, split_sentences
from filmstudio.engine.script.title import split_title
from filmstudio.engine.script.verse import looks_like_verse, parse_verse
from filmstudio.engine.script.words import count_words, visible_lines

EMPTY_MESSAGE = "The script is empty: write at least one sentence."


def check_length(text: str) -> int:
    """The script's word count, or a ScriptError when it is empty or over the limit."""
    if not text.strip():
        raise ScriptError(EMPTY_MESSAGE)
    count = count_words(text)
    if count == 0:
        raise ScriptError(EMPTY_MESSAGE)
    if count > MAX_WORDS:
        raise ScriptError(
            f"The script has {count} words; the limit is {MAX_WORDS}. "
            f"Shorten it by {count - MAX_WORDS} words."
        )
    return count


def detect_kind(text: str) -> ScriptKind:
    """ "screenplay", "verse" or "prose" for a script."""
    if looks_like_screenplay(text):
        return "screenplay"
    body, _ = visible_lines(text)
    _, paragraphs = split_title(split_paragraphs("\n".join(body)))
    return "verse" if looks_like_verse(paragraphs) else "prose"


def parse_script(text: str) -> ScriptDocument:
    """Parse a screenplay, story, narration, poem or sloka into a ScriptDocument."""
    count = check_length(text)
    body, entries = visible_lines(text)
    language = detect_language("\n".join([*(v for _, v in entries), *body]))
    kind = detect_kind(text)
    people: tuple[Person, ...] = ()
    if kind == "screenplay":
        screenplay = parse_screenplay(text, language)
        blocks, title = screenplay.blocks, screenplay.title
        people = _screenplay_people(blocks)
    else:
        found_title, paragraphs = split_title(split_paragraphs("\n".join(body)))
        title = next((v for k, v in entries if k.lower() == "title" and v), found_title)
        if kind == "verse":
            blocks = parse_verse(paragraphs, language)
            if len({b.language for b in blocks}) > 1:
                language = blocks[0].language  # a translated poem: the original comes first
        else:
            prose = parse_prose(_prose_paragraphs(paragraphs), language)
            blocks, people = prose.blocks, prose.people
    if not blocks:
        raise ScriptError(EMPTY_MESSAGE)
    return ScriptDocument(kind, language, title, count, blocks, people, text, tuple(entries))


def _prose_paragraphs(paragraphs: list[list[str]]) -> list[str]:
    """Paragraph texts; without any blank line in the text, every line is a paragraph."""
    if len(paragraphs) == 1 and len(paragraphs[0]) > 1:
        return paragraphs[0]
    return [" ".join(lines) for lines in paragraphs]


def _screenplay_people(blocks: tuple[SceneBlock, ...]) -> tuple[Person, ...]:
    """Everyone with a character cue, described from the action lines that mention them."""
    names: list[str] = []
    for block in blocks:
        for element in block.elements:
            if (
                isinstance(element, Dialogue)
                and element.character != NARRATOR
                and element.character not in names
            ):
                names.append(element.character)
    sentences = [
        sentence
        for block in blocks
        for element in block.elements
        if isinstance(element, Action)
        for sentence in split_sentences(element.text)
    ]
    return tuple(
        describe(name, (), sentences, [n for n in names if n != name], case_sensitive=False)
        for name in names
    )
