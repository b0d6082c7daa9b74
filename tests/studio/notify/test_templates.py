"""The e-mail templates: every message in every language, filled and linked."""

from __future__ import annotations

import pytest

from filmstudio.studio.notify import password_reset_email, verification_email
from filmstudio.studio.notify.templates import LANGUAGES, TEMPLATES, fields, language_of, render

VALUES: dict[str, str | int] = {
    "link": "https://studio.example/x?token=T0K&n=1",
    "title": "The <Lighthouse>",
    "reason": "The fake encoder crashed.",
    "credits": 3,
    "expires": "2026-12-01 10:00 UTC",
}


@pytest.mark.parametrize("name", sorted(TEMPLATES))
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_template_renders_in_every_language(name: str, language: str) -> None:
    values = {k: VALUES[k] for k in fields(name)}
    email = render(name, language, "ana@example.com", **values)
    assert email.to == "ana@example.com"
    assert email.subject and "{" not in email.subject and "\n" not in email.subject
    assert "{" not in email.text
    assert str(VALUES["link"]) in email.text
    assert email.html is not None
    assert '<a href="https://studio.example/x?token=T0K&amp;n=1">' in email.html
    assert "<Lighthouse>" not in email.html  # values are escaped in HTML
    if "title" in values:
        assert "The <Lighthouse>" in email.text
    # each language has its own words (not the English text with another subject)
    if language != "en":
        english = render(name, "en", "ana@example.com", **values)
        assert email.text != english.text and email.subject != english.subject


def test_hindi_is_written_in_devanagari() -> None:
    email = render("film_ready", "hi", "a@example.com", title="Dawn", link="https://x/p")
    assert any("\u0900" <= ch <= "\u097f" for ch in email.subject + email.text)


def test_language_fallbacks() -> None:
    assert language_of("es-MX") == "es" and language_of("FR_ca") == "fr"
    assert language_of("de") == "en" and language_of(None) == "en" and language_of("") == "en"
    german = render("low_credits", "de", "a@example.com", credits=2, link="https://x")
    assert german.subject == "You have 2 credits left"


def test_bad_template_calls_are_clear() -> None:
    with pytest.raises(ValueError, match="needs link"):
        render("verification", "en", "a@example.com")
    with pytest.raises(KeyError, match="no e-mail template named 'nope'"):
        render("nope", "en", "a@example.com")


def test_the_account_mails_keep_their_english_wording() -> None:
    verify = verification_email("a@example.com", "https://x/v?token=1")
    assert verify.subject == "Confirm your e-mail address"
    assert verify.text.startswith("Welcome to AI Film Studio.")
    reset = password_reset_email("a@example.com", "https://x/r?token=2", "es")
    assert reset.subject == "Restablece tu contraseña" and "https://x/r?token=2" in reset.text
