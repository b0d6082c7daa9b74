"""The one lexicon: word beginnings, phrases, plurals, and no word lists elsewhere in planning."""

from __future__ import annotations

import re
from pathlib import Path

from filmstudio.engine.planning.lexicon import Lexicon
from filmstudio.engine.script.text import tokens

ENGINE = Path(__file__).parents[3] / "src" / "filmstudio" / "engine"


def test_word_beginnings_phrases_and_plurals() -> None:
    words = Lexicon({"sit": {1.0: "sient* se_sento बैठ*"}, "boat": {1.0: "boat barca"}})
    assert words.first(tokens("se sientan")) == "sit"
    assert words.first(tokens("Él se sentó")) == "sit"
    assert words.first(tokens("वह बैठकर")) == "sit"
    assert [h.label for h in words.hits(tokens("two boats and barcas"))] == ["boat", "boat"]
    assert words.first(tokens("sentimental")) is None  # a beginning is not any substring
    assert words.labels == {"sit", "boat"}


def test_longest_phrase_wins_over_a_shorter_beginning() -> None:
    words = Lexicon({"walk": {1.0: "चल*"}, "exit": {1.0: "चला_गया"}})
    assert words.first(tokens("वह चला गया")) == "exit"
    assert words.first(tokens("वह चलता है")) == "walk"


def test_planning_builds_word_lists_only_in_its_lexicon() -> None:
    """Only planning/lexicon turns words into decisions: no second copy in the planner."""
    listing = re.compile(r"\b(?:Lexicon|word_set)\(")
    for path in (ENGINE / "planning").rglob("*.py"):
        if "lexicon" in path.relative_to(ENGINE / "planning").parts[0]:
            continue
        assert not listing.search(path.read_text(encoding="utf-8")), path


def test_post_production_reads_no_words() -> None:
    effects = (ENGINE / "post" / "effects.py").read_text(encoding="utf-8")
    assert "parenthetical" not in effects and ".text" not in effects
