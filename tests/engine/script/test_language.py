"""Language detection: en, es, fr by stopwords and accents; hi and sa in Devanagari."""

from __future__ import annotations

from pathlib import Path

import pytest

from filmstudio.engine.script import detect_language, parse_script

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"

SAMPLES = {
    "en": "The old man walked down to the harbour and waited for the boats to come home.",
    "es": "La anciana caminó hasta el puerto y esperó a que los barcos volvieran a casa.",
    "fr": "La vieille femme est descendue au port et elle a attendu le retour des bateaux.",
    "hi": "बूढ़ी औरत बंदरगाह तक गई और नावों के घर लौटने का इंतज़ार करने लगी।",
    "sa": "धर्मक्षेत्रे कुरुक्षेत्रे समवेता युयुत्सवः । मामकाः पाण्डवाश्चैव किमकुर्वत सञ्जय ॥",
}


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_each_language_is_detected(language: str) -> None:
    assert detect_language(SAMPLES[language]) == language


def test_spanish_punctuation_alone_says_spanish() -> None:
    assert detect_language("¿Vienes mañana?") == "es"


def test_iast_transliteration_is_sanskrit() -> None:
    assert detect_language("karmaṇy evādhikāras te mā phaleṣu kadācana") == "sa"


def test_hindi_with_visarga_words_is_still_hindi() -> None:
    assert detect_language("उसके मन में बहुत दुःख था, पर वह अपने घर नहीं गया।") == "hi"


def test_sloka_first_then_translation_is_sanskrit() -> None:
    text = SAMPLES["sa"] + "\n\nधर्मभूमि कुरुक्षेत्र में युद्ध की इच्छा से इकट्ठे हुए मेरे और पाण्डु के पुत्रों ने क्या किया?"
    assert detect_language(text) == "sa"


def test_detection_is_deterministic_and_defaults_to_english() -> None:
    assert detect_language("12 34 !!") == "en"
    assert {detect_language(SAMPLES["fr"]) for _ in range(3)} == {"fr"}


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("beach-reunion.fountain", "en"),
        ("lighthouse-keeper.txt", "en"),
        ("monsoon.txt", "en"),
        ("mercado.txt", "es"),
        ("cafe-de-nuit.txt", "fr"),
        ("gita-2-47.txt", "sa"),
    ],
)
def test_examples_are_detected(name: str, language: str) -> None:
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    assert detect_language(text) == language
    assert parse_script(text).language == language
