"""The intelligibility measures: WER and the script-independent Hindi outline error."""

from __future__ import annotations

import pytest

from filmstudio.engine.transcribe.wer import (
    consonant_outline,
    edit_distance,
    intelligibility_error,
    normalize_words,
    outline_error_rate,
    word_error_rate,
)


def test_words_are_compared_without_case_punctuation_or_hyphens() -> None:
    assert normalize_words("« Bonjour », dit-il. L'eau—vite!") == [
        "bonjour",
        "dit",
        "il",
        "leau",
        "vite",
    ]
    assert word_error_rate("Hello, World!", "hello world") == 0.0


def test_wer_counts_substitutions_insertions_and_deletions() -> None:
    assert edit_distance("kitten", "sitting") == 3
    assert word_error_rate("the cat sat on the mat", "the cat sat on mat") == pytest.approx(1 / 6)
    assert word_error_rate("the cat sat", "a cat sat down") == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match="no words"):
        word_error_rate("...", "anything")


def test_hindi_in_urdu_script_scores_like_the_same_words_in_devanagari() -> None:
    devanagari = "राजा ने बेटे को जंगल में भेजा"
    urdu = "راجا نے بیٹے کو جنگل میں بھیجا"
    assert consonant_outline(devanagari) == consonant_outline(urdu)
    assert outline_error_rate(devanagari, urdu) == 0.0
    assert intelligibility_error(devanagari, urdu, "hi") == 0.0
    # Different words are errors whatever the script.
    assert outline_error_rate(devanagari, "رانی نے بیٹی کو شہر میں بھیجا") > 0.25
    # Flaps read as r, nukta letters as their base letter.
    assert consonant_outline("पेड़ ज़मीन") == consonant_outline("پیڑ زمین")
