"""The planner's one multilingual lexicon (en, es, fr, hi; Sanskrit verse where it helps).

Only the planner reads words: every list that turns words into a decision (places, times,
weather, moods, actions, props, people, expressions, deliveries, voice effects) lives in this
package, and the plan carries the decisions as fields. This module is the matcher.

Why weights: "lighthouse" says cliffs far more surely than "waves" says beach, and a scene
should only leave the previous scene's place when the text says so clearly. Phrases are
folded like the tokens they match (lowercase, Latin accents dropped), multi-word phrases are
written with underscores ("living_room", "puesta_de_sol"), and an English/Spanish/French
plural (s, es, x) matches its singular. A word ending in ``*`` is a word beginning: "sient*"
finds "sienta" and "sientan", "बैठ*" finds "बैठी" and "बैठकर" (verbs in four languages
inflect too much to list every form).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from filmstudio.engine.script.text import fold, has_devanagari

_PLURALS = ("", "s", "es", "x")
Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Hit:
    """One lexicon match: its label, weight and the token index where it starts."""

    label: str
    weight: float
    position: int
    length: int


class Lexicon:
    """Labels, each with phrases at one or more weights: {"cliffs": {2.0: "lighthouse cliff"}}."""

    def __init__(self, entries: Mapping[str, Mapping[float, str]]) -> None:
        self._index: dict[str, list[tuple[Phrase, str, float]]] = {}
        self._stems: dict[str, list[tuple[Phrase, str, float]]] = {}
        for label, weighted in entries.items():
            for weight, phrases in weighted.items():
                for phrase in phrases.split():
                    words = tuple(fold(w) for w in phrase.split("_"))
                    for variant in _variants(words):
                        head = variant[0]
                        table = self._stems if head.endswith("*") else self._index
                        table.setdefault(head.rstrip("*"), []).append((variant, label, weight))
        for table in (self._index, self._stems):
            for candidates in table.values():
                candidates.sort(key=lambda c: -len(c[0]))
        self._stem_sizes = sorted({len(stem) for stem in self._stems}, reverse=True)

    @property
    def labels(self) -> frozenset[str]:
        tables = (*self._index.values(), *self._stems.values())
        return frozenset(label for c in tables for _, label, _ in c)

    def _candidates(self, word: str) -> list[tuple[Phrase, str, float]]:
        """Phrases that may start at `word`: exact ones, then word beginnings, longest first."""
        found = list(self._index.get(word, ()))
        for size in self._stem_sizes:
            if size <= len(word):
                found += self._stems.get(word[:size], ())
        return sorted(found, key=lambda c: -len(c[0]))

    def hits(self, words: Sequence[str]) -> list[Hit]:
        """Every match in a folded token list, longest phrase first at each position."""
        found: list[Hit] = []
        index = 0
        while index < len(words):
            step = 1
            for phrase, label, weight in self._candidates(words[index]):
                if _matches(phrase, words[index : index + len(phrase)]):
                    found.append(Hit(label, weight, index, len(phrase)))
                    step = len(phrase)
                    break
            index += step
        return found

    def first(self, words: Sequence[str]) -> str | None:
        """The label of the earliest match, or None."""
        found = self.hits(words)
        return found[0].label if found else None

    def scores(self, words: Sequence[str]) -> dict[str, float]:
        """Total weight per label."""
        totals: dict[str, float] = {}
        for hit in self.hits(words):
            totals[hit.label] = totals.get(hit.label, 0.0) + hit.weight
        return totals


def _matches(phrase: Phrase, words: Sequence[str]) -> bool:
    """Whether `words` spell `phrase` (a word ending in * matches any word it begins)."""
    if len(words) != len(phrase):
        return False
    return all(
        word.startswith(part[:-1]) if part.endswith("*") else word == part
        for part, word in zip(phrase, words, strict=True)
    )


def _variants(words: Phrase) -> list[Phrase]:
    """The phrase and its plurals (the last word takes s, es or x; Devanagari as written)."""
    if has_devanagari(words[-1]) or words[-1].endswith("*"):
        return [words]
    return [(*words[:-1], words[-1] + ending) for ending in _PLURALS]


def best(scores: Mapping[str, float], order: Sequence[str]) -> str | None:
    """The label with the highest score; ties go to the one earliest in `order`."""
    if not scores:
        return None
    rank = {label: i for i, label in enumerate(order)}
    return min(scores, key=lambda label: (-scores[label], rank.get(label, len(rank))))
