"""The spoken lines of a scene: narration, dialogue and recited verse.

Narration is read as written (nothing is shortened) but cut into lines of a few sentences,
so that captions stay readable and an edit re-voices only a small clip. Dialogue keeps the
writer's parenthetical; every line carries its own language so a sloka is recited in
Sanskrit and its translation in Hindi or English.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from filmstudio.engine.plan import NARRATOR, Language, Line
from filmstudio.engine.planning.coverage import WORDS_PER_SECOND, screen_factor
from filmstudio.engine.planning.emotion import voicing
from filmstudio.engine.planning.lexicon.speech import CLAUSE_JOINS, SILENT_CENTERED
from filmstudio.engine.planning.options import as_language
from filmstudio.engine.script import (
    Action,
    Dialogue,
    Narration,
    SceneBlock,
    Transition,
    VerseLine,
)
from filmstudio.engine.script.text import split_sentences, words

#: A narration line gathers sentences up to about this many words (about 6 s of speech, so
#: the editor can cut between lines: planning.coverage).
LINE_WORDS = 16
#: A sentence this much longer than a line's words is read as two lines, cut at a clause
#: (";", ":", ",", "—").
LONG_SENTENCE = 1.3
#: The fewest words a narration line aims at (a sparse script on a long film).
FEWEST_LINE_WORDS = 6
#: The shortest piece a sentence is cut into (no "At dawn," line on its own).
MIN_PIECE_WORDS = 4
_CLAUSE_END = re.compile(r"(?<=[;:,—–])\s+")
_CLAUSE_JOIN = re.compile(
    r"\s+(?=(?:" + "|".join(sorted(CLAUSE_JOINS, key=len, reverse=True)) + r")\s)", re.IGNORECASE
)
_AGE_ASIDE = re.compile(r"\s*\(\d{1,3}s?\)")


def block_lines(
    block: SceneBlock,
    language: Language,
    verse_languages: bool,
    names: Sequence[str] = (),
    line_words: int = LINE_WORDS,
) -> list[Line]:
    """The lines of one block, in order.

    `language` is the film's language; `verse_languages` keeps each verse line's own
    language (a sloka with translations) instead of the film's. `names` are the characters,
    whose screenplay capitals ("MARIA (60s) walks in") are read as names ("Maria walks in").
    Narration is cut into lines of about `line_words` words (see `line_budget`).
    """
    lines: list[Line] = []
    narration: list[str] = []

    def flush() -> None:
        lines.extend(
            Line(speaker=NARRATOR, text=text, language=language)
            for text in group_sentences(narration, line_words)
        )
        narration.clear()

    for element in block.elements:
        if not words(element.text):
            continue  # "~", "॥" or "..." alone: nothing to say
        if isinstance(element, Narration):
            narration.append(element.text)
        elif isinstance(element, Action):
            if element.centered and element.text.strip().lower() in SILENT_CENTERED:
                continue
            narration.extend(split_sentences(speakable(element.text, names)))
        elif isinstance(element, Dialogue):
            flush()
            lines.extend(dialogue_lines(element, language, line_words))
        elif isinstance(element, VerseLine):
            flush()
            own = as_language(element.language) if verse_languages else language
            lines.append(Line(speaker=NARRATOR, text=element.text, delivery="recite", language=own))
        elif isinstance(element, Transition):
            continue
    flush()
    return lines


def quote_manners(block: SceneBlock) -> list[tuple[str, str, str]]:
    """(speaker, quote, attribution) of each prose quote that has one ("Nora cried, pointing")."""
    return [
        (element.character, element.text, element.manner)
        for element in block.elements
        if isinstance(element, Dialogue) and element.manner
    ]


def speakable(action: str, names: Sequence[str]) -> str:
    """Screenplay action as a narrator reads it: the typesetting goes, every word stays.

    Character names written in capitals when they first appear become names again, and a
    stated age in brackets ("(60s)", "(8)") is for the casting, not the audience.
    """
    text = _AGE_ASIDE.sub("", action)
    for name in names:
        capitals = re.compile(rf"(?<![\w]){re.escape(name.upper())}(['’][Ss])?(?![\w])")
        text = capitals.sub(_as_name(name), text)
    return text


def _as_name(name: str) -> Callable[[re.Match[str]], str]:
    """A replacement that writes `name`, keeping a possessive as 's."""

    def replace(match: re.Match[str]) -> str:
        return name + (match.group(1).lower() if match.group(1) else "")

    return replace


def dialogue_lines(
    element: Dialogue, language: Language, line_words: int = LINE_WORDS
) -> list[Line]:
    """A character's speech, voiced as the parenthetical or the prose attribution says; a
    long speech is cut between sentences into lines of about `line_words` words, so the
    editor can cut to the listener in between."""
    voiced = voicing(element.text, element.parenthetical, element.manner)
    pieces = group_sentences(split_sentences(element.text), line_words)
    if len(pieces) < 2:
        pieces = [element.text]  # as written (a short speech keeps its line breaks)
    return [
        Line.model_validate(
            {
                "speaker": element.character,
                "text": text,
                "emotion": voiced.emotion,
                "delivery": voiced.delivery,
                "effect": voiced.effect,
                "parenthetical": element.parenthetical,
                "language": language,
            }
        )
        for text in pieces
    ]


def line_budget(word_count: int, duration: float) -> int:
    """Words per narration line for a script of `word_count` words told in `duration` s:
    LINE_WORDS (about 6 s) when speech fills the film, fewer when timing will stretch it,
    so that every shot still lasts about 6 s on screen."""
    factor = screen_factor(word_count / WORDS_PER_SECOND, duration)
    return max(FEWEST_LINE_WORDS, round(LINE_WORDS / factor))


def split_long(sentence: str, line_words: int = LINE_WORDS) -> list[str]:
    """A long sentence as pieces cut where a clause ends (a comma, a semicolon) or, failing
    that, before a joining word ("and", "y", "et", "और"), as near the middle as possible."""
    size = len(words(sentence))
    if size <= max(LONG_SENTENCE * line_words, 2 * FEWEST_LINE_WORDS):
        return [sentence]

    def pieces(cut: int) -> tuple[int, int]:
        head = len(words(sentence[:cut]))
        return head, size - head

    marked = [(m.start(), 0) for m in _CLAUSE_END.finditer(sentence)]
    joined = [(m.start(), FEWEST_LINE_WORDS) for m in _CLAUSE_JOIN.finditer(sentence)]
    cuts = [(c, cost) for c, cost in marked + joined if min(pieces(c)) >= MIN_PIECE_WORDS]
    if not cuts:
        return [sentence]
    cut, _ = min(cuts, key=lambda c: abs(pieces(c[0])[0] - pieces(c[0])[1]) + c[1])
    head, tail = sentence[:cut].strip(), sentence[cut:].strip()
    return [*split_long(head, line_words), *split_long(tail, line_words)]


def group_sentences(sentences: list[str], line_words: int = LINE_WORDS) -> list[str]:
    """Join consecutive sentences (long ones cut at a clause) into lines of about LINE_WORDS
    words."""
    groups: list[str] = []
    current: list[str] = []
    count = 0
    for sentence in (piece for whole in sentences for piece in split_long(whole, line_words)):
        size = len(words(sentence))
        if current and count + size > line_words:
            groups.append(" ".join(current))
            current, count = [], 0
        current.append(sentence)
        count += size
    if current:
        groups.append(" ".join(current))
    return [g for g in groups if g.strip()]
