"""Styles: the list, the error for unknown names, and the same style in every scene."""

from __future__ import annotations

import pytest

from filmstudio.engine.errors import ChoiceError
from filmstudio.engine.picture import STYLES, get_style
from filmstudio.engine.picture.styles import style_params

REQUIRED = ("cinematic", "anime", "watercolor", "documentary", "noir", "storybook")


def test_required_styles_are_listed_with_descriptions() -> None:
    for name in REQUIRED:
        assert name in STYLES
        assert len(STYLES[name]) > 20
        assert get_style(name) == STYLES[name]


def test_style_names_are_case_insensitive() -> None:
    assert get_style(" Noir ") == STYLES["noir"]


def test_unknown_style_names_the_choices() -> None:
    with pytest.raises(ChoiceError) as err:
        get_style("pixelart")
    message = err.value.message
    assert message.startswith("Unknown style 'pixelart'. Choose one of: ")
    for name in REQUIRED:
        assert name in message


def test_styles_have_distinct_parameters() -> None:
    params = [style_params(name) for name in STYLES]
    assert len({(p.saturation, p.contrast, p.grain, p.outline, p.paper) for p in params}) == len(
        params
    )
