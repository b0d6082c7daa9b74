"""Quoted speech in prose, and who said it.

Finds speech in “…”, "…", «…» and „…“ quotes and in Spanish/French dash dialogue
(—Hola —dijo Ana—. ¿Vienes?), then reads the attribution beside it: "…," said Maria /
Maria said, "…" / —…—dijo ella / « … », dit-il / सीता ने कहा, "…" / "…," राम बोला.
Only clear cases get a speaker; the rest stays with the narrator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from filmstudio.engine.script.document import Gender
from filmstudio.engine.script.language import STOPWORDS
from filmstudio.engine.script.lexicon import (
    COMMON_CAPITALS,
    FEMALE_PRONOUNS,
    HINDI_FEMALE_VERBS,
    HINDI_MALE_VERBS,
    HINDI_PRONOUNS,
    MALE_PRONOUNS,
    SPEECH_VERBS,
)
from filmstudio.engine.script.text import fold, has_devanagari, raw_tokens, word_set

_QUOTE = re.compile(r"“(?P<a>[^”]+)”|\"(?P<b>[^\"]+)\"|«\s*(?P<c>[^»]+?)\s*»|„(?P<d>[^“”]+)[“”]")
_DASH_START = re.compile(r"^\s*[—–]\s*")
_DASH_SPLIT = re.compile(r"\s*[—–]\s*")
_CLAUSE_END = re.compile(r"[.!?।॥]+")
_LEAD_PUNCT = " ,.;:"
_HINDI_SKIP = word_set("तब फिर अब और धीरे से ज़ोर जोर तभी फिर से हँसकर मुस्कुराकर")


@dataclass(frozen=True)
class Segment:
    """A piece of a paragraph: narrator text, or speech (with its quote marks in `raw`)."""

    text: str
    speech: bool
    raw: str


@dataclass(frozen=True)
class Attribution:
    """Who the text says spoke: a name, a pronoun's gender, only a speech verb, or nobody."""

    clause: str
    name: str | None = None
    gender: Gender | None = None
    nobody: bool = False  # the clause names a speaker that is not a person ("the radio said")


def segments(paragraph: str) -> list[Segment]:
    """Split a paragraph into narrator text and speech, in order."""
    if _DASH_START.match(paragraph):
        parts = _DASH_SPLIT.split(_DASH_START.sub("", paragraph, count=1))
        result: list[Segment] = []
        for index, part in enumerate(parts):
            speech = index % 2 == 0
            text = part.lstrip(_LEAD_PUNCT) if speech else part
            if text.strip():
                result.append(Segment(text.strip(), speech, f"—{text.strip()}" if speech else part))
        return result
    found: list[Segment] = []
    position = 0
    for match in _QUOTE.finditer(paragraph):
        if match.start() > position:
            found.append(Segment(paragraph[position : match.start()], False, ""))
        body = next(g for g in match.groups() if g is not None).strip()
        found.append(Segment(body, True, match.group(0)))
        position = match.end()
    if position < len(paragraph):
        found.append(Segment(paragraph[position:], False, ""))
    return [s for s in found if s.text.strip() or s.speech]


def spoken_text(speech: str) -> str:
    """The speech as a line: a trailing comma becomes a full stop."""
    text = speech.strip().rstrip(",;—– ")
    return text if text[-1:] in ".!?…।॥" else f"{text}."


def attribution_after(text: str, names: list[str]) -> tuple[Attribution, str] | None:
    """An attribution at the start of the narrator text after a quote, and the rest."""
    stripped = text.lstrip(_LEAD_PUNCT)
    end = _CLAUSE_END.search(stripped)
    clause = stripped[: end.end()] if end else stripped
    rest = stripped[end.end() :] if end else ""
    words = raw_tokens(clause)
    verb = next((i for i, w in enumerate(words[:4]) if fold(w) in SPEECH_VERBS), None)
    if verb is None:
        return None
    return _who(clause.strip(), words, verb, names), rest


def attribution_before(text: str, names: list[str]) -> tuple[Attribution, str] | None:
    """An attribution closing the narrator text before a quote ("Maria said," / "Ana:")."""
    stripped = text.rstrip()
    last = raw_tokens(stripped)[-1:]
    if not stripped.endswith((",", ":", "-", "—")) and not (last and fold(last[0]) in SPEECH_VERBS):
        return None
    ends = list(_CLAUSE_END.finditer(stripped))
    start = ends[-1].end() if ends else 0
    clause = stripped[start:]
    words = raw_tokens(clause)
    verb = next(
        (
            i
            for i in range(len(words) - 1, max(-1, len(words) - 4), -1)
            if fold(words[i]) in SPEECH_VERBS
        ),
        None,
    )
    if verb is None:
        named = [n for n in names if clause.strip().rstrip(":").strip() == n]
        if stripped.endswith(":") and named:
            return Attribution(clause.strip(), named[0]), stripped[:start]
        return None
    return _who(clause.strip(), words, verb, names), stripped[:start]


def _who(clause: str, words: list[str], verb: int, names: list[str]) -> Attribution:
    """The speaker named, pronounced or implied in an attribution clause."""
    known = [n for n in names if re.search(rf"(?<![\w\-]){re.escape(n)}(?![\w\-])", clause)]
    if known:
        return Attribution(clause, max(known, key=len))
    lowered = [w.lower() for w in words]
    nearby = lowered[max(0, verb - 2) : verb + 3]
    if any(w in FEMALE_PRONOUNS for w in nearby):
        return Attribution(clause, gender="female")
    if any(w in MALE_PRONOUNS for w in nearby):
        return Attribution(clause, gender="male")
    verb_word = words[verb]
    gender: Gender | None = None
    if "ने" in words:
        pass  # "सीता ने कहा": the verb does not agree with the speaker
    elif verb_word in HINDI_FEMALE_VERBS:
        gender = "female"
    elif verb_word in HINDI_MALE_VERBS:
        gender = "male"
    if has_devanagari(verb_word):
        subject = _hindi_subject(words, verb)
        if subject is not None:
            return Attribution(clause, subject, gender)
        return Attribution(clause, gender=gender)
    for index in (verb + 1, verb - 1):
        if 0 <= index < len(words) and _looks_like_name(words[index]):
            return Attribution(clause, words[index])
    if verb == 0:
        return Attribution(clause)  # "—dice en voz baja": the subject is left unsaid
    return Attribution(clause, nobody=True)  # "the sign on the door said": not a person


def _looks_like_name(word: str) -> bool:
    """A capitalised word that is not a speech verb, pronoun or common word."""
    folded = fold(word)
    return (
        word[:1].isupper()
        and folded not in SPEECH_VERBS
        and folded not in COMMON_CAPITALS
        and all(folded not in stop for stop in STOPWORDS.values())
    )


def _hindi_subject(words: list[str], verb: int) -> str | None:
    """ "सीता ने कहा" -> सीता; "दादी मुस्कुराई और बोली" -> दादी; pronouns name nobody.

    Hindi puts the subject first, so it is the word before ने or else the first word of the
    clause that is not a function word or adverb ("तब राम बोला" -> राम).
    """
    before = words[:verb]
    if "ने" in before:
        index = before.index("ने")
        subject = before[index - 1] if index >= 1 else None
    else:
        subject = next((w for w in before if w not in _HINDI_SKIP), None)
    if subject is None or subject in HINDI_PRONOUNS or not has_devanagari(subject):
        return None
    return subject
