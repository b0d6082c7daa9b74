"""The translation capability: subtitle text from the film's language into another."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from filmstudio.engine.errors import ChoiceError

LANGUAGE_NAMES = {"en": "English", "es": "Spanish", "fr": "French", "hi": "Hindi", "sa": "Sanskrit"}


class TranslationError(ChoiceError):
    """A subtitle language that cannot be made with the translators at hand."""


class Translator(Protocol):
    """Anything that turns texts in one language into texts in another, one for one."""

    name: str

    def can_translate(self, source: str, target: str) -> bool: ...

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]: ...


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)
