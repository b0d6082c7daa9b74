from __future__ import annotations

import pytest

from filmstudio.engine.errors import ChoiceError
from filmstudio.engine.plan import MOODS
from filmstudio.engine.score import MUSIC, MusicSegment, compose_score, get_music
from filmstudio.engine.score.choices import GENRES
from filmstudio.engine.score.palettes import PALETTES


def test_choices_are_auto_every_mood_every_genre_and_none() -> None:
    assert list(MUSIC) == ["auto", *MOODS, *GENRES, "none"]
    assert all(MUSIC[name].strip() and "\n" not in MUSIC[name] for name in MUSIC)
    assert set(PALETTES) == set(MOODS)


def test_get_music_describes_a_choice() -> None:
    assert get_music("devotional") == MUSIC["devotional"]


def test_unknown_music_lists_the_choices() -> None:
    with pytest.raises(ChoiceError) as caught:
        get_music("jazz")
    assert caught.value.message.startswith("Unknown music 'jazz'. Choose one of: auto, calm,")
    assert caught.value.message.endswith("none; or a genre and a mood together, such as piano:sad.")


def test_compose_score_rejects_unknown_music_before_rendering() -> None:
    with pytest.raises(ChoiceError, match="Unknown music 'polka'"):
        compose_score([], 5.0, music="polka")


def test_unknown_segment_mood_is_a_choice_error() -> None:
    with pytest.raises(ChoiceError, match="Unknown mood 'grumpy'"):
        compose_score([MusicSegment(0, 5, "grumpy")], 5.0)
