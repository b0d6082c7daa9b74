"""Poems and slokas: stanzas of short lines, each recited in its own language.

A text is verse when it has the double danda of a sloka (॥), or when its lines are short
and grouped in stanzas. A Sanskrit stanza is a sloka, and so is a Devanagari stanza closed by
॥ with a Latin-script stanza after it; a stanza in another language than the first one is a
translation (the original always comes first).
"""

from __future__ import annotations

import re
from statistics import median

from filmstudio.engine.script.document import BlockKind, SceneBlock, VerseLine
from filmstudio.engine.script.language import guess_language
from filmstudio.engine.script.text import has_devanagari, has_letters, words

_HALF_VERSE = re.compile(r"(?<=।)\s+(?=\S)")
_VERSE_NUMBER = re.compile(r"\s*॥\s*[\d०-९.]+\s*॥\s*$")


def looks_like_verse(stanzas: list[list[str]]) -> bool:
    """Whether stanzas of lines read as a poem or sloka rather than prose paragraphs."""
    lines = [line for stanza in stanzas for line in stanza]
    if any("॥" in line for line in lines):
        return True
    if len(lines) < 3 or not any(len(stanza) >= 2 for stanza in stanzas):
        return False
    lengths = sorted(len(words(line)) for line in lines)
    ninetieth = lengths[min(len(lengths) - 1, int(0.9 * len(lengths)))]
    return median(lengths) <= 8 and ninetieth <= 14


def parse_verse(stanzas: list[list[str]], language: str) -> tuple[SceneBlock, ...]:
    """One block per stanza; a sloka's half-verses (split at ।) are lines of their own."""
    blocks: list[SceneBlock] = []
    original: str | None = None
    for index, stanza in enumerate(stanzas):
        lines = [
            _VERSE_NUMBER.sub(" ॥", part).strip()
            for line in stanza
            for part in _HALF_VERSE.split(line)
            if has_letters(part)
        ]
        if not lines:
            continue
        stanza_language = stanza_language_of("\n".join(lines), language)
        if original is None:
            original = stanza_language
        kind: BlockKind = "stanza"
        if stanza_language == "sa" or _translated_sloka(stanzas, index):
            kind = "sloka"
        elif stanza_language != original:
            kind = "translation"
        elements = tuple(VerseLine(line, stanza_language) for line in lines)
        blocks.append(SceneBlock(None, elements, kind, stanza_language))
    return tuple(blocks)


def _translated_sloka(stanzas: list[list[str]], index: int) -> bool:
    """A Devanagari stanza closed by ॥ and followed by a Latin-script one: a sloka and its
    translation, even when the statistics read the original as Hindi."""
    text = "\n".join(stanzas[index])
    following = "\n".join(stanzas[index + 1]) if index + 1 < len(stanzas) else ""
    return (
        "॥" in text and has_devanagari(text) and bool(following) and not has_devanagari(following)
    )


def stanza_language_of(text: str, document_language: str) -> str:
    """A stanza's own language when the evidence is clear, else the document's.

    Devanagari stanzas are always judged on their own (Hindi or Sanskrit); a short Latin
    stanza keeps the document language unless its stopwords clearly say otherwise.
    """
    guess = guess_language(text)
    if has_devanagari(text) or guess.language == "sa":
        return guess.language
    if not has_devanagari(text) and document_language in ("hi", "sa"):
        return guess.language
    return guess.language if guess.confident else document_language
