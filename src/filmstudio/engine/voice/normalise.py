"""What is written -> what the voice says: the speech normaliser between the plan and a voice.

Why: a voice reads characters, not meaning. Fullwidth letters and symbols were spelled out one
by one, "1987" and "$12.50" were read digit by digit or not at all, emoji were named, and a line
of Arabic made an English voice stammer. This module folds the text (Unicode NFKC, invisible
characters dropped), says numbers, ordinals, years, times, amounts, percentages, abbreviations,
URLs and e-mail addresses as words of the line's language (see :mod:`saying`), drops emoji and
markup tags, and leaves out words in a script the voice cannot speak, with one warning per line.
Subtitles and the plan keep the original text: every piece of the spoken text remembers the
span of the original it came from (:class:`Piece`), so word timings can be put back onto the
original words (:mod:`restore`).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from filmstudio.engine.voice import saying

#: Bump when the spoken text for some input changes: the voice cache keys on it.
NORMALISER_VERSION = 1
#: Letters a word may have before the rest is left unsaid (a 90-letter word is not spelled out).
LONGEST_WORD = 40
#: Scripts each language's voices can read (letters of other scripts are not spoken).
SCRIPTS: dict[str, frozenset[str]] = {
    "en": frozenset({"LATIN"}),
    "es": frozenset({"LATIN"}),
    "fr": frozenset({"LATIN"}),
    "hi": frozenset({"DEVANAGARI", "LATIN"}),
    "sa": frozenset({"DEVANAGARI", "LATIN"}),
}
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Piece:
    """Original text[start:end] is said as spoken text[said_start:said_end]."""

    start: int
    end: int
    said_start: int
    said_end: int


@dataclass(frozen=True)
class Normalised:
    """The spoken text of a line, where each piece came from, and what was left unsaid."""

    text: str
    pieces: tuple[Piece, ...]
    skipped: tuple[str, ...]


def _invisible(char: str) -> bool:
    """Zero-width and bidi controls, variation selectors and keycap marks: never heard."""
    code = ord(char)
    return (
        unicodedata.category(char) == "Cf"
        or 0xFE00 <= code <= 0xFE0F
        or 0xE0100 <= code <= 0xE01EF
        or code == 0x20E3
    )


def fold(text: str) -> tuple[str, list[int]]:
    """NFKC per character cluster, invisible characters dropped, and for every folded character
    the offset of the original cluster it came from (plus a final len(text))."""
    out: list[str] = []
    origin: list[int] = []
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.category(text[j])[0] == "M":
            j += 1
        cluster = "".join(c for c in text[i:j] if not _invisible(c))
        for char in unicodedata.normalize("NFKC", cluster):
            out.append(char)
            origin.append(i)
        i = j
    origin.append(len(text))
    return "".join(out), origin


_CURRENCY = "[" + re.escape("".join(saying.CURRENCIES)) + "]"
_NUMBERS = {
    "en": r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?",
    "latin": r"\d{1,3}(?:[. ]\d{3})+(?:,\d+)?|\d+(?:,\d+)?",
}
_ORDINALS = {
    "en": r"(?P<ordn>\d+)(?P<suf>st|nd|rd|th)",
    "es": r"(?P<ordn>\d+)\.?(?P<suf>[oa°])",
    "fr": r"(?P<ordn>\d+)(?P<suf>ers?|res?|ères?|èmes?|emes?|es?)",
}


@lru_cache(maxsize=8)
def _pattern(language: str) -> re.Pattern[str]:
    """One scanner per language: the first alternative that matches at a position wins."""
    num = _NUMBERS["en" if language not in ("es", "fr") else "latin"]
    abbreviations = sorted(saying.ABBREVIATIONS.get(language, {}), key=len, reverse=True)
    parts = [
        r"(?P<tag></?[A-Za-z][^<>\n]{0,200}>)",
        r"(?P<url>(?:https?://|www\.)[^\s<>\"]*[^\s<>\".,;:!?)\]'»”])",
        r"(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)",
        r"(?P<clock>(?<![\d.,])(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)(?!\d)"
        r"(?:\s?(?P<ap>[aApP])\.?[mM]\.?(?!\w))?)",
        r"(?P<hour>(?<![\d.,])(?P<h2>1[0-2]|0?[1-9])\s?(?P<ap2>[aApP])\.?[mM]\.?(?!\w))"
        if language == "en"
        else r"(?P<hour>(?<![\d.,])(?P<h2>[01]?\d|2[0-3])\s?h\s?(?P<m2>[0-5]\d)?(?!\w))"
        if language == "fr"
        else None,
        rf"(?P<money>(?P<c1>{_CURRENCY})\s?(?P<n1>{num})|(?P<n2>{num})\s?(?P<c2>{_CURRENCY}))",
        rf"(?P<pct>(?P<n3>{num})\s?%)",
        rf"(?P<deg>(?P<n4>{num})\s?°\s?(?P<scale>[CF](?!\w))?)",
        rf"(?P<ord>{_ORDINALS[language]}(?!\w))" if language in _ORDINALS else None,
        "(?P<abbr>(?<![\\w.])(?:" + "|".join(re.escape(a) for a in abbreviations) + r")(?!\w))"
        if abbreviations
        else None,
        rf"(?P<num>{num})",
        r"(?P<sym>[&+=×@])",
    ]
    return re.compile("|".join(p for p in parts if p))


def normalise(text: str, language: str, warn: bool = True) -> Normalised:
    """The text a voice of `language` should speak for `text`, with its pieces' origins
    (`warn`: log the one warning about words left unsaid; off for a cache key)."""
    folded, origin = fold(text)
    said: list[str] = []
    length = 0
    pieces: list[Piece] = []
    skipped: list[str] = []

    def add(start: int, end: int, spoken: str) -> None:
        nonlocal length
        if spoken and said and said[-1][-1:].isalnum() and spoken[0].isalnum():
            said.append(" ")
            length += 1
        pieces.append(Piece(origin[start], origin[end], length, length + len(spoken)))
        said.append(spoken)
        length += len(spoken)

    def plain(start: int, end: int) -> None:
        nonlocal length
        for token in re.finditer(r"\S+|\s+", folded[start:end]):
            a, b = start + token.start(), start + token.end()
            if token.group().isspace():
                said.append(token.group())
                length += b - a
                continue
            spoken = _word(token.group(), language)
            if spoken is None:
                skipped.append(text[origin[a] : origin[b]])
                spoken = ""
            add(a, b, spoken)

    position = 0
    for match in _pattern(language).finditer(folded):
        plain(position, match.start())
        add(match.start(), match.end(), _say(match, language))
        position = match.end()
    plain(position, len(folded))
    if skipped and warn:
        _log.warning(
            "Not spoken by the %s voice (a script it cannot read; the subtitles show it): %s",
            language,
            " ".join(skipped),
        )
    return Normalised("".join(said), tuple(pieces), tuple(skipped))


def _say(match: re.Match[str], language: str) -> str:
    """What a scanner match is said as."""
    kind = match.lastgroup or ""
    group = match.group
    words = saying.words_for(language)
    if kind == "tag":
        return ""
    if kind == "url":
        return _say_address(re.sub(r"^(?:https?://)?(?:www\.)?", "", group(kind)), words)
    if kind == "email":
        local, _, domain = group(kind).partition("@")
        return f"{_say_address(local, words)} {words['@']} {_say_address(domain, words)}"
    if kind in ("clock", "hour"):
        return _say_clock(match, language)
    if kind == "ord":
        feminine = group("suf") in ("a", "re", "res", "ère", "ères")
        return saying.ordinal(int(group("ordn")), language, feminine)
    if kind == "abbr":
        return saying.ABBREVIATIONS[language][group(kind)]
    if kind == "sym":
        return words[group(kind)]
    return _say_number(match, kind, language, words)


def _say_clock(match: re.Match[str], language: str) -> str:
    """10:30, 7 p.m., 10h30; a full stop eaten by "p.m." still ends the sentence."""
    found = match.groupdict()
    hours = int(found.get("h") or found.get("h2") or 0)
    minutes = int(found.get("m") or found.get("m2") or 0)
    letter = found.get("ap") or found.get("ap2") or ""
    said = saying.clock(hours, minutes, f"{letter}m" if letter else "", language)
    return said + "." if match.group().endswith(".") and letter else said


def _say_number(match: re.Match[str], kind: str, language: str, words: dict[str, str]) -> str:
    """Numbers, amounts, percentages and degrees."""
    group = match.group
    digits = group("n1") or group("n2") or group("n3") or group("n4") or group("num") or ""
    value = saying.decimal_of(digits, language)
    if value is None:
        return digits
    if kind == "money":
        return saying.money(value, saying.CURRENCIES[group("c1") or group("c2")], language)
    if kind == "pct":
        return f"{saying.cardinal(value, language)} {words['%']}"
    if kind == "deg":
        scale = {"C": " Celsius", "F": " Fahrenheit"}.get(group("scale") or "", "")
        return f"{saying.cardinal(value, language)} {words['deg']}{scale}"
    is_year = len(digits) == 4 and digits.isdigit()
    return saying.cardinal(value, language, year=is_year)


def _say_address(address: str, words: dict[str, str]) -> str:
    """A host, path or mailbox said part by part: example dot com slash shop."""
    parts = re.split(r"([./])", address.strip("/"))
    said = [words[p] if p in (".", "/") else re.sub(r"[\W_]+", " ", p) for p in parts if p]
    return " ".join(s.strip() for s in said if s.strip())


_SPACED = str.maketrans({c: " " for c in "/\\_|<>{}[]"})
_REPEATS = re.compile(r"(\w)\1{2,}")


def _word(token: str, language: str) -> str | None:
    """One plain token as said: symbols and emoji dropped, shouting and stretching calmed;
    None when its letters are in a script the voice cannot read."""
    kept = "".join(c for c in token.translate(_SPACED) if not _silent(c))
    letters = [c for c in kept if c.isalpha()]
    allowed = SCRIPTS.get(language, SCRIPTS["en"])
    if any(unicodedata.name(c, "UNKNOWN").split()[0] not in allowed for c in letters):
        return None
    kept = _REPEATS.sub(r"\1\1", kept)
    if len(letters) > LONGEST_WORD:
        kept = _cut(kept, LONGEST_WORD)
    if len(letters) >= 4 and kept.isupper():
        kept = kept.lower()
    return kept


def _silent(char: str) -> bool:
    """Emoji, pictographs and other symbols that no voice should name."""
    category = unicodedata.category(char)
    return category in ("So", "Sk", "Sm", "Co", "Cs", "Cn", "Me") or char in "#*~^`"


def _cut(token: str, letters: int) -> str:
    """`token` up to its `letters`-th letter, keeping trailing punctuation (a sentence end)."""
    count = 0
    for i, char in enumerate(token):
        count += char.isalpha()
        if count == letters:
            tail = "".join(c for c in token[i + 1 :] if not c.isalnum())
            return token[: i + 1] + tail
    return token


def spoken_text(text: str, language: str) -> str:
    """Just the spoken text (for measuring and tests)."""
    return normalise(text, language).text


__all__ = ["LONGEST_WORD", "NORMALISER_VERSION", "Normalised", "Piece", "normalise", "spoken_text"]
