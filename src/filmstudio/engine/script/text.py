"""Small text helpers shared by the parsers: tokens, sentences, paragraphs, scripts.

Devanagari needs care everywhere: its vowel signs and virama are combining marks that
Python's ``\\w`` does not match, and its sentence ends are the danda (।) and double danda (॥).
"""

from __future__ import annotations

import re
import unicodedata

DEVANAGARI_LETTERS = "\u0900-\u0963\u0966-\u097f"  # the block without the dandas
_DEVANAGARI = re.compile(f"[{DEVANAGARI_LETTERS}]")
_TOKEN = re.compile(rf"[\w{DEVANAGARI_LETTERS}]+")
_HAS_WORD_CHAR = re.compile(rf"[^\W_]|[{DEVANAGARI_LETTERS}]")
_HAS_LETTER = re.compile(r"[^\W\d_]|[\u0900-\u0963\u0970-\u097f]")
_SENTENCE_END = re.compile(r"([.!?…।॥]+[\"”»’')\]]*)(\s+)")
_ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "st", "sr", "sra", "srta", "dña", "d", "m", "mme", "mlle",
        "vs", "etc", "p", "prof", "capt", "jr", "ud", "uds",
    }
)  # fmt: skip


def word_set(text: str) -> frozenset[str]:
    """A word list written as one spaced string (compact to read, easy to extend)."""
    return frozenset(text.split())


def has_devanagari(text: str) -> bool:
    """Whether any Devanagari letter appears in `text`."""
    return _DEVANAGARI.search(text) is not None


def fold(token: str) -> str:
    """Lowercase and, for Latin script only, drop accents (café -> cafe, niño -> nino).

    Devanagari is left alone: its vowel signs are combining marks and carry meaning.
    """
    lowered = token.lower()
    if has_devanagari(lowered):
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokens(text: str) -> list[str]:
    """Folded word tokens for keyword and stopword matching ("l'homme" -> l, homme)."""
    return [fold(t) for t in _TOKEN.findall(text)]


def raw_tokens(text: str) -> list[str]:
    """Word tokens as written (case and accents kept)."""
    return _TOKEN.findall(text)


def words(text: str) -> list[str]:
    """Whitespace-separated words that contain a letter or digit: what a reader counts."""
    return [w for w in text.split() if _HAS_WORD_CHAR.search(w)]


def has_letters(text: str) -> bool:
    """Whether `text` has a letter (not only digits and punctuation, like "॥ ४७ ॥")."""
    return _HAS_LETTER.search(text) is not None


def split_paragraphs(text: str) -> list[list[str]]:
    """Groups of non-blank lines separated by blank lines, each line stripped."""
    groups: list[list[str]] = []
    current: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped:
            current.append(stripped)
        elif current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph, keeping their punctuation and closing quotes.

    A full stop after a known abbreviation (Mr., Dña., Mme.) or before a lowercase letter
    does not end a sentence.
    """
    flat = " ".join(text.split())
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(flat):
        end = match.end(1)
        candidate = flat[start:end]
        following = flat[match.end() : match.end() + 1]
        last_word = candidate.rstrip(".!?…\"”»’')]").split(" ")[-1].lower()
        if match.group(1).startswith(".") and last_word in _ABBREVIATIONS:
            continue
        if following and following.islower():
            continue
        sentences.append(candidate.strip())
        start = match.end()
    rest = flat[start:].strip()
    if rest:
        sentences.append(rest)
    return [s for s in sentences if words(s)]


def first_words(text: str, count: int) -> str:
    """The first `count` words of `text`, without trailing punctuation."""
    chosen = " ".join(text.split()[:count])
    return chosen.rstrip(" ,;:.!?-—–।॥\"“”«»'")
