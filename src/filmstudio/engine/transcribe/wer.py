"""Word error rate, and a script-independent error for Hindi: how intelligible a voice is.

Why our own: the measure is a few lines (a normaliser and an edit distance), and Hindi needs
one jiwer does not have. Whisper base writes Hindi in Urdu script, so Hindi is compared as a
*consonant outline*: both scripts are mapped to shared consonant classes (aspiration, nukta
and short vowels dropped; long i/e and o/u kept as the y/v letters Urdu writes them with), and
the character error rate of those outlines is reported.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def normalize_words(text: str) -> list[str]:
    """Lower-case words without punctuation; hyphens and dashes split words, apostrophes go."""
    out: list[str] = []
    for raw in text.replace("-", " ").replace("—", " ").replace("–", " ").split():
        word = "".join(
            c for c in unicodedata.normalize("NFC", raw).casefold() if c.isalnum() or _is_mark(c)
        )
        if word:
            out.append(word)
    return out


def _is_mark(char: str) -> bool:
    return unicodedata.category(char).startswith("M")


def edit_distance(reference: Sequence[str], hypothesis: Sequence[str]) -> int:
    """Levenshtein distance between two sequences (substitutions, insertions, deletions)."""
    previous = list(range(len(hypothesis) + 1))
    for i, ref in enumerate(reference, 1):
        current = [i]
        for j, hyp in enumerate(hypothesis, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ref != hyp)))
        previous = current
    return previous[-1]


def word_error_rate(reference: str, hypothesis: str) -> float:
    """Edits needed to turn the heard words into the reference words, per reference word."""
    ref = normalize_words(reference)
    if not ref:
        raise ValueError("the reference text has no words")
    return edit_distance(ref, normalize_words(hypothesis)) / len(ref)


_DEVANAGARI = {
    **dict.fromkeys("कख", "K"),
    **dict.fromkeys("गघ", "G"),
    **dict.fromkeys("चछ", "C"),
    **dict.fromkeys("जझ", "J"),
    **dict.fromkeys("टठतथ", "T"),
    **dict.fromkeys("डढदध", "D"),
    **dict.fromkeys("र", "R"),
    **dict.fromkeys("ङञणनंँ", "N"),
    **dict.fromkeys("पफ", "P"),
    **dict.fromkeys("बभ", "B"),
    "म": "M",
    "य": "Y",
    "ल": "L",
    "व": "V",
    **dict.fromkeys("शषस", "S"),
    "ह": "H",
    **dict.fromkeys("ीेैईएऐ", "Y"),
    **dict.fromkeys("ोौूओऔऊ", "V"),
}
_URDU = {
    **dict.fromkeys("کكقخ", "K"),
    **dict.fromkeys("گغ", "G"),
    "چ": "C",
    **dict.fromkeys("جذزژضظ", "J"),
    **dict.fromkeys("تٹطث", "T"),
    **dict.fromkeys("دڈ", "D"),
    **dict.fromkeys("رڑ", "R"),
    **dict.fromkeys("نں", "N"),
    **dict.fromkeys("پف", "P"),
    "ب": "B",
    "م": "M",
    **dict.fromkeys("یيےئ", "Y"),
    "ل": "L",
    "و": "V",
    **dict.fromkeys("سشص", "S"),
    **dict.fromkeys("ہهح", "H"),
}
_OUTLINE = {**_DEVANAGARI, **_URDU}


def consonant_outline(text: str) -> str:
    """The consonant classes of a Devanagari or Urdu text, in order (spaces dropped)."""
    decomposed = unicodedata.normalize("NFD", text)
    # The flaps ड़ ढ़ are r-like (Urdu ڑ); every other nukta letter keeps its base's class.
    flapped = decomposed.replace("ड\u093c", "र").replace("ढ\u093c", "र").replace("\u093c", "")
    return "".join(_OUTLINE.get(c, "") for c in flapped)


def outline_error_rate(reference: str, hypothesis: str) -> float:
    """Character error rate between consonant outlines (script-independent, for Hindi)."""
    ref = consonant_outline(reference)
    if not ref:
        raise ValueError("the reference text has no Devanagari or Urdu consonants")
    return edit_distance(list(ref), list(consonant_outline(hypothesis))) / len(ref)


def intelligibility_error(reference: str, hypothesis: str, language: str) -> float:
    """The error used for `language`: outline error for Hindi and Sanskrit, WER otherwise."""
    if language in ("hi", "sa"):
        return outline_error_rate(reference, hypothesis)
    return word_error_rate(reference, hypothesis)
