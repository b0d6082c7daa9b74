"""Voice effects picked from the plan: rooms, halls, temples, telephones and radios."""

from __future__ import annotations

import numpy as np
import pytest

from filmstudio.engine.errors import ChoiceError
from filmstudio.engine.plan import Line, Scene, Setting
from filmstudio.engine.post import apply_effect, effect_for
from filmstudio.engine.post.effects import tail_seconds
from tests.engine.post.signals import RATE, band_db, noise, voiced


def _scene(place: str, interior: bool = False) -> Scene:
    return Scene(scene_number=1, setting=Setting(place=place, interior=interior))


def test_effects_follow_the_planned_line_effect_then_the_place() -> None:
    assert effect_for(_scene("temple")) == "temple"
    assert effect_for(_scene("palace")) == "hall"
    assert effect_for(_scene("kitchen", interior=True)) == "room"
    assert effect_for(_scene("beach")) == "outdoor"
    on_phone = Line(text="Hello?", effect="phone")
    assert effect_for(_scene("temple"), on_phone) == "telephone"
    assert effect_for(_scene("city"), Line(text="Over.", effect="radio")) == "radio"
    assert effect_for(_scene("mountains"), Line(text="Hello!", effect="echo")) == "hall"
    assert effect_for(_scene("temple"), Line(text="Om.", effect="echo")) == "temple"


def test_post_reads_the_plan_field_never_the_words() -> None:
    """A user who sets effect "none" in plan.json hears no phone, whatever the words say."""
    said = Line(text="Hello?", parenthetical="on the phone", effect="none")
    assert effect_for(_scene("city"), said) == "outdoor"
    edited = Line(text="Hello?", parenthetical="whispering", effect="phone")
    assert effect_for(_scene("city"), edited) == "telephone"
    assert effect_for(_scene("city"), Line(text="Hi.", parenthetical="whispering")) == "outdoor"


def test_telephone_keeps_only_the_phone_band() -> None:
    wide = noise(3 * RATE, 0.1, seed=4)
    phone = apply_effect(wide, RATE, "telephone")
    assert phone.shape == wide.shape
    inside = band_db(phone, 800, 2500) - band_db(wide, 800, 2500)
    assert inside - (band_db(phone, 40, 120) - band_db(wide, 40, 120)) > 25
    assert inside - (band_db(phone, 9000, 16000) - band_db(wide, 9000, 16000)) > 25


def test_radio_is_wider_than_the_telephone() -> None:
    wide = noise(3 * RATE, 0.1, seed=4)
    phone, radio = apply_effect(wide, RATE, "telephone"), apply_effect(wide, RATE, "radio")
    assert band_db(radio, 4000, 4800) - band_db(radio, 1000, 2000) > (
        band_db(phone, 4000, 4800) - band_db(phone, 1000, 2000) + 6
    )


@pytest.mark.parametrize(("effect", "longer"), [("hall", "room"), ("temple", "hall")])
def test_bigger_spaces_ring_longer(effect: str, longer: str) -> None:
    line = voiced(2.0)

    def ring(name: str) -> float:
        """Seconds after the line ends until the sound falls 40 dB under the line's peak."""
        wet = apply_effect(line, RATE, name)
        after = np.abs(wet[len(line) :]) if len(wet) > len(line) else np.zeros(1)
        loud = np.flatnonzero(after > np.abs(wet).max() * 0.01)
        return (loud[-1] + 1) / RATE if len(loud) else 0.0

    assert ring(effect) > ring(longer) + 0.1
    assert len(apply_effect(line, RATE, effect)) == len(line) + round(tail_seconds(effect) * RATE)


def test_unknown_effect_is_a_choice_error() -> None:
    with pytest.raises(ChoiceError, match="Unknown voice effect 'cave'"):
        apply_effect(voiced(1.0), RATE, "cave")
