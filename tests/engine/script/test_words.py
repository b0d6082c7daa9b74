"""The 500-word limit: what it counts and the errors a user sees."""

from __future__ import annotations

import pytest

from filmstudio.engine.errors import ScriptError
from filmstudio.engine.script import count_words, parse_script


def test_plain_words_are_counted_and_punctuation_is_not() -> None:
    assert count_words("The sea — calm, grey; endless!") == 5
    assert count_words("कर्मण्येवाधिकारस्ते मा फलेषु कदाचन ।") == 4


def test_fountain_markup_is_not_counted() -> None:
    text = (
        "Title: Two Words\nAuthor: Someone Else\n\n"
        "EXT. SEA - DAY\n\n"
        "Waves. [[a long note that is not counted]]\n\n"
        "/* a whole\n\nboneyard that is not counted */\n\n"
        "= a synopsis not counted\n\n"
        "# A Section\n\n"
        "===\n\n"
        "ANA\n(quietly)\nHello there.\n\n"
        "> CUT TO:\n"
    )
    # title page values 4 + EXT. SEA DAY 3 + Waves 1 + ANA 1 + quietly 1 + Hello there 2 + CUT TO 2
    assert count_words(text) == 14
    assert parse_script(text).word_count == 14


def test_empty_scripts_are_refused_with_a_sentence() -> None:
    for text in ("", "   \n\t ", "[[only a note]]", "/* only boneyard */"):
        with pytest.raises(ScriptError) as caught:
            parse_script(text)
        assert caught.value.message == "The script is empty: write at least one sentence."


def test_a_title_page_alone_is_empty() -> None:
    with pytest.raises(ScriptError, match="empty"):
        parse_script("Title: Nothing Else\nAuthor: Me\n")


def test_five_hundred_words_are_fine() -> None:
    assert parse_script("word " * 500).word_count == 500


@pytest.mark.parametrize("count", [501, 740])
def test_over_the_limit_says_by_how_much(count: int) -> None:
    with pytest.raises(ScriptError) as caught:
        parse_script("word " * count)
    assert caught.value.message == (
        f"The script has {count} words; the limit is 500. Shorten it by {count - 500} words."
    )
    assert caught.value.exit_code == 2


def test_notes_do_not_push_a_script_over_the_limit() -> None:
    text = "word " * 499 + "[[" + "note " * 50 + "]]"
    assert parse_script(text).word_count == 499
