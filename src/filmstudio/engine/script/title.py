"""A prose or verse title: a short first line standing alone above the text."""

from __future__ import annotations

from filmstudio.engine.script.markup import clean_inline
from filmstudio.engine.script.text import words

MAX_TITLE_WORDS = 10
_QUOTES = '"“”«»„'
_CLOSERS = ")]’'"
_SENTENCE_ENDS = (".", ",", ";", ":", "।", "॥", "|")


def split_title(paragraphs: list[list[str]]) -> tuple[str | None, list[list[str]]]:
    """(title, remaining paragraphs) when the first paragraph is one short line.

    A title has at most ten words, holds no quotation, does not end like a sentence or a
    half-verse (. , ; : । ॥) and is followed by more text; otherwise there is no title.
    """
    if len(paragraphs) < 2 or len(paragraphs[0]) != 1:
        return None, paragraphs
    line = clean_inline(paragraphs[0][0].lstrip("#").strip())
    if not line or len(words(line)) > MAX_TITLE_WORDS or any(q in line for q in _QUOTES):
        return None, paragraphs
    if line.rstrip(_CLOSERS).endswith(_SENTENCE_ENDS) or line.startswith(("—", "–")):
        return None, paragraphs
    return line, paragraphs[1:]
