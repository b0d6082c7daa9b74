"""Weighted keyword lexicons: which label (a place, a time, a mood) a text talks about.

Why weights: "lighthouse" says cliffs far more surely than "waves" says beach, and a scene
should only leave the previous scene's place when the text says so clearly. Phrases are
folded like the tokens they match (lowercase, Latin accents dropped), multi-word phrases are
written with underscores ("living_room", "puesta_de_sol"), and an English/Spanish/French
plural (s, es, x) matches its singular.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from filmstudio.engine.script.text import fold, has_devanagari

_PLURALS = ("", "s", "es", "x")


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
        self._index: dict[str, list[tuple[tuple[str, ...], str, float]]] = {}
        for label, weighted in entries.items():
            for weight, phrases in weighted.items():
                for phrase in phrases.split():
                    words = tuple(fold(w) for w in phrase.split("_"))
                    for variant in _variants(words):
                        self._index.setdefault(variant[0], []).append((variant, label, weight))
        for candidates in self._index.values():
            candidates.sort(key=lambda c: -len(c[0]))

    @property
    def labels(self) -> frozenset[str]:
        return frozenset(label for c in self._index.values() for _, label, _ in c)

    def hits(self, words: Sequence[str]) -> list[Hit]:
        """Every match in a folded token list, longest phrase first at each position."""
        found: list[Hit] = []
        index = 0
        while index < len(words):
            step = 1
            for phrase, label, weight in self._index.get(words[index], ()):
                if tuple(words[index : index + len(phrase)]) == phrase:
                    found.append(Hit(label, weight, index, len(phrase)))
                    step = len(phrase)
                    break
            index += step
        return found

    def scores(self, words: Sequence[str]) -> dict[str, float]:
        """Total weight per label."""
        totals: dict[str, float] = {}
        for hit in self.hits(words):
            totals[hit.label] = totals.get(hit.label, 0.0) + hit.weight
        return totals


def _variants(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The phrase and its plurals (the last word takes s, es or x; Devanagari as written)."""
    if has_devanagari(words[-1]):
        return [words]
    return [(*words[:-1], words[-1] + ending) for ending in _PLURALS]


def best(scores: Mapping[str, float], order: Sequence[str]) -> str | None:
    """The label with the highest score; ties go to the one earliest in `order`."""
    if not scores:
        return None
    rank = {label: i for i, label in enumerate(order)}
    return min(scores, key=lambda label: (-scores[label], rank.get(label, len(rank))))
