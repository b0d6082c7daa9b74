"""The moderation filter that checks a script on submit.

Offline by default: configurable word and phrase lists, matched as whole words regardless
of case. A moderation API plugs in through the `ModerationFilter` protocol, named by
``FILMSTUDIO_MODERATION`` as an entry point (group ``filmstudio.moderation``) or
``package.module:Class``; the class is built with the studio's Settings.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Protocol, cast

if TYPE_CHECKING:
    from filmstudio.studio.settings import Settings

#: A deliberately small default list; deployments add theirs (settings or a file).
DEFAULT_TERMS = (
    "kill yourself",
    "how to make a bomb",
    "bomb making instructions",
    "child sexual abuse",
    "ethnic cleansing now",
    "join the jihad",
)


@dataclass(frozen=True)
class Verdict:
    flagged: bool
    reasons: tuple[str, ...] = ()


class ModerationFilter(Protocol):
    def check(self, text: str) -> Verdict: ...


class WordListFilter:
    """Flags text containing any listed word or phrase (whole words, any case, any spacing)."""

    def __init__(self, terms: Iterable[str]) -> None:
        cleaned = sorted({" ".join(t.lower().split()) for t in terms if t.strip()})
        self.terms = tuple(cleaned)
        self._patterns = [
            (term, re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, term.split())) + r"(?!\w)"))
            for term in self.terms
        ]

    def check(self, text: str) -> Verdict:
        lowered = text.lower()
        reasons = tuple(f"contains “{term}”" for term, p in self._patterns if p.search(lowered))
        return Verdict(bool(reasons), reasons)


class AllowAll:
    """Flags nothing (``FILMSTUDIO_MODERATION=none``)."""

    def check(self, text: str) -> Verdict:
        return Verdict(False)


def load_filter(settings: Settings) -> ModerationFilter:
    """The filter the settings name: ``wordlist`` (default), ``none``, or a plug-in."""
    name = settings.moderation
    if name == "wordlist":
        terms = list(DEFAULT_TERMS) + list(settings.moderation_words)
        if settings.moderation_words_file is not None:
            lines = settings.moderation_words_file.read_text(encoding="utf-8").splitlines()
            terms += [line for line in lines if line.strip() and not line.startswith("#")]
        return WordListFilter(terms)
    if name == "none":
        return AllowAll()
    if ":" in name:
        module, _, attribute = name.partition(":")
        factory = getattr(importlib.import_module(module), attribute)
    else:
        found = [e for e in entry_points(group="filmstudio.moderation") if e.name == name]
        if not found:
            raise ValueError(
                f"Unknown moderation filter {name!r}: use wordlist, none, an installed "
                "filmstudio.moderation entry point or package.module:Class."
            )
        factory = found[0].load()
    return cast(ModerationFilter, factory(settings))
