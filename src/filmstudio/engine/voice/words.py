"""Splitting a line into the words that get timings, and the words into sentences.

Every provider uses this one definition so that a line has the same words whatever speaks it.
A word keeps its *original spelling with its punctuation attached* ("Hello," "l'heure" "था।"),
because subtitles are built from these words; a token that is only punctuation ("?" in French
typography, a dash, a danda after a space) is merged into the word before it (or after it at the
start of a line), so it never becomes a silent "word" of its own.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import IntEnum

_TOKEN = re.compile(r"\S+")
_SENTENCE_MARKS = frozenset(".!?।॥…")
_CLAUSE_MARKS = frozenset(",;:—–-|")
#: English abbreviations whose full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    {"mr.", "mrs.", "ms.", "dr.", "st.", "jr.", "sr.", "prof.", "vs.", "etc.", "e.g.", "i.e."}
)


class Break(IntEnum):
    """What follows a word: nothing, a clause mark, a sentence end, a line break, a blank line."""

    NONE = 0
    CLAUSE = 1
    SENTENCE = 2
    LINE = 3
    PARAGRAPH = 4


@dataclass(frozen=True)
class Word:
    """One spoken word of a line.

    text: the original spelling with attached punctuation (what subtitles show).
    core: what is spoken, without leading/trailing punctuation.
    lead, trail: the punctuation around the core (spaces removed).
    start, end: character offsets of `text` in the line.
    brk: the break that follows the word.
    """

    text: str
    core: str
    lead: str
    trail: str
    start: int
    end: int
    brk: Break


def _is_wordy(char: str) -> bool:
    return unicodedata.category(char)[0] in "LNM"


def _split_punctuation(text: str) -> tuple[str, str, str]:
    first = next((i for i, c in enumerate(text) if _is_wordy(c)), len(text))
    last = next((i for i in range(len(text) - 1, -1, -1) if _is_wordy(text[i])), -1)
    if last < first:
        return text.replace(" ", ""), "", ""
    lead = text[:first].replace(" ", "")
    trail = text[last + 1 :].replace(" ", "")
    return lead, text[first : last + 1], trail


def _break_after(text: str, trail: str, core: str, newlines: int) -> Break:
    if newlines >= 2:
        return Break.PARAGRAPH
    if newlines:
        return Break.LINE
    if any(c in _SENTENCE_MARKS for c in trail):
        is_abbreviation = text.lower().lstrip("\"'“‘(«¿¡") in _ABBREVIATIONS
        is_initial = len(core) == 1 and core.isalpha() and core.isupper() and trail == "."
        if not (is_abbreviation or is_initial):
            return Break.SENTENCE
    if any(c in _CLAUSE_MARKS for c in trail):
        return Break.CLAUSE
    return Break.NONE


def split_words(text: str) -> list[Word]:
    """The spoken words of `text` with their punctuation, offsets and following breaks."""
    spans = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    merged: list[list[int]] = []
    pending_lead: int | None = None  # a punctuation-only token waiting for the next word
    for start, end in spans:
        wordy = any(_is_wordy(c) for c in text[start:end])
        if wordy:
            merged.append([pending_lead if pending_lead is not None else start, end])
            pending_lead = None
        elif merged and not _newline_between(text, merged[-1][1], start):
            merged[-1][1] = end
        elif pending_lead is None:
            pending_lead = start
    words: list[Word] = []
    for start, end in merged:
        piece = text[start:end]
        lead, core, trail = _split_punctuation(piece)
        following = text[end:]
        gap = following[: len(following) - len(following.lstrip())]
        newlines = gap.count("\n")
        words.append(
            Word(piece, core, lead, trail, start, end, _break_after(piece, trail, core, newlines))
        )
    if words:
        last = words[-1]
        words[-1] = Word(
            last.text, last.core, last.lead, last.trail, last.start, last.end, Break.SENTENCE
        )
    return words


def _newline_between(text: str, start: int, end: int) -> bool:
    return "\n" in text[start:end]


def sentences(words: list[Word]) -> list[list[Word]]:
    """Group words into sentences (a sentence ends at . ! ? । ॥ … or a line break)."""
    groups: list[list[Word]] = []
    current: list[Word] = []
    for word in words:
        current.append(word)
        if word.brk >= Break.SENTENCE:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups
