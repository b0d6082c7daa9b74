"""Which language a script is written in: en, es, fr, hi or sa.

Deterministic statistics, no models: the script (Devanagari or Latin) decides between the two
families; Latin text is scored on stopwords and accents, Devanagari text on Sanskrit cues
(visarga, final virama, avagraha, ॥, Sanskrit particles) against Hindi function words.
A sloka followed by its translations is Sanskrit: the original comes first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from filmstudio.engine.script.text import (
    has_devanagari,
    raw_tokens,
    split_paragraphs,
    tokens,
    word_set,
)

STOPWORDS: dict[str, frozenset[str]] = {
    "en": word_set(
        """the and of to in is it that was he she his her with for on as at by
        but not you i they we be this are from have had were there their what when an
        or all my me him them would could then into out up over so very one said do"""
    ),
    "es": word_set(
        """el la los las de del y en que un una es por con para se su sus al lo como
        mas pero sin sobre este esta entre cuando muy ya todo hay son le les yo tu
        ella ellos nos fue era desde donde hasta tambien otra otro cada dice dijo"""
    ),
    "fr": word_set(
        """le la les de des du et en un une est que qui dans pour pas sur au aux ce
        cette il elle ils elles je tu nous vous son sa ses se ne plus avec mais ou
        l d qu j c n s y tout comme dit sont etait avait leur"""
    ),
}
_SPANISH_MARKS = re.compile(r"[ñ¿¡]")
_SPANISH_ACCENTS = re.compile(r"[áíóú]")
_FRENCH_ACCENTS = re.compile(r"[èêàçùâîôûëïœ]")
_IAST = re.compile(r"[āīūṛṝḷṅṭḍṇśṣṃḥ]")
_LETTER = re.compile(r"[^\W\d_]")

_HINDI_WORDS = word_set(
    """है हैं था थी थे के की का को में से और पर यह वह नहीं भी हो तो कि ने ही लिए
    कर रहा रही रहे गया गई गए अपने अपना अपनी तुम आप हम मैं जो कोई कुछ सकता करो
    करना होता होती मत तुम्हारा तुम्हारे तुम्हारी तुम्हें इस उस एक बहुत साथ बनो"""
)
_SANSKRIT_WORDS = word_set(
    """च तु हि एव अपि इति मा ते मे वा सः सा तत् यत् अहम् त्वम् वयम् यः यदा तदा यथा
    तथा सर्वे नमः अस्ति भवति न ॐ"""
)
_SANSKRIT_ENDINGS = ("स्य", "ेषु", "ानाम्", "ात्", "णि", "ेन", "ाय", "स्व")


@dataclass(frozen=True)
class LanguageGuess:
    """A detected language and whether the evidence clearly beat the runner-up."""

    language: str
    confident: bool


def detect_language(text: str) -> str:
    """The language of `text`: "en", "es", "fr", "hi" or "sa" (English when in doubt)."""
    return guess_language(text).language


def guess_language(text: str) -> LanguageGuess:
    """Detect the language and say whether the evidence was clear."""
    devanagari_words = sum(1 for t in raw_tokens(text) if has_devanagari(t))
    latin_words = sum(1 for t in raw_tokens(text) if _LETTER.search(t) and not has_devanagari(t))
    if devanagari_words and devanagari_words >= latin_words:
        return LanguageGuess(_devanagari_language(text), True)
    if not latin_words:
        return LanguageGuess("en", False)
    return _latin_language(text)


def _devanagari_language(text: str) -> str:
    """Hindi or Sanskrit: the first Devanagari paragraph decides when it is Sanskrit."""
    paragraphs = ["\n".join(p) for p in split_paragraphs(text)]
    devanagari = [p for p in paragraphs if has_devanagari(p)]
    if not devanagari:
        return "hi"
    if sanskrit_score(devanagari[0]) > hindi_score(devanagari[0]):
        return "sa"
    sanskrit = sum(sanskrit_score(p) for p in devanagari)
    hindi = sum(hindi_score(p) for p in devanagari)
    return "sa" if sanskrit > hindi else "hi"


def hindi_score(text: str) -> float:
    """Evidence for Hindi: its frequent function words."""
    return 2.0 * sum(1 for t in tokens(text) if t in _HINDI_WORDS)


def sanskrit_score(text: str) -> float:
    """Evidence for Sanskrit: visarga and virama word endings, avagraha, ॥, particles."""
    score = 2.0 * text.count("॥") + 2.0 * text.count("ऽ")
    for token in tokens(text):
        if not has_devanagari(token):
            continue
        if token in _SANSKRIT_WORDS:
            score += 2.0
        if token.endswith(("ः", "्")):
            score += 2.0
        elif token.endswith(_SANSKRIT_ENDINGS):
            score += 1.0
    return score


def _latin_language(text: str) -> LanguageGuess:
    """English, Spanish or French from stopwords and accents; IAST diacritics mean Sanskrit."""
    lowered = text.lower()
    letters = len(_LETTER.findall(lowered))
    iast = len(_IAST.findall(lowered))
    if iast >= 3 and iast >= 0.02 * letters:
        return LanguageGuess("sa", True)
    words = tokens(text)
    scores = {lang: float(sum(1 for w in words if w in stop)) for lang, stop in STOPWORDS.items()}
    scores["es"] += 2.0 * len(_SPANISH_MARKS.findall(lowered))
    scores["es"] += 1.0 * len(_SPANISH_ACCENTS.findall(lowered))
    scores["fr"] += 1.0 * len(_FRENCH_ACCENTS.findall(lowered))
    ranked = sorted(scores.items(), key=lambda item: -item[1])  # stable: en, es, fr on ties
    (best, best_score), (_, second_score) = ranked[0], ranked[1]
    if best_score == 0:
        return LanguageGuess("en", False)
    confident = best_score >= 3 and best_score >= 1.5 * second_score
    return LanguageGuess(best, confident)
