"""Subtitles in other languages: apertium offline where a pair exists, a service plug-in else.

`choose_translator` picks, per target language, the first translator that can do the pair, so
``--subtitles en,es,fr`` works offline and ``hi`` works once a service is configured; a pair no
translator can do is refused before the film is rendered, with a sentence saying why.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib.metadata import entry_points

from filmstudio.engine.translate.apertium import ApertiumTranslator
from filmstudio.engine.translate.base import (
    LANGUAGE_NAMES,
    TranslationError,
    Translator,
    language_name,
)
from filmstudio.engine.translate.cues import translate_cues
from filmstudio.engine.translate.deepl_api import KEY_VARIABLE, DeepLTranslator
from filmstudio.engine.translate.fake import FakeTranslator

TRANSLATORS: dict[str, type[Translator]] = {
    "apertium": ApertiumTranslator,
    "deepl": DeepLTranslator,
    "fake": FakeTranslator,
}
#: Tried in this order when no translator is named: offline first.
DEFAULT_CHAIN = ("apertium", "deepl")


def get_translator(name: str) -> Translator:
    """A translator by name: ours, or one a package adds to ``filmstudio.translator``."""
    if name in TRANSLATORS:
        return TRANSLATORS[name]()
    for entry in entry_points(group="filmstudio.translator"):
        if entry.name == name:
            return entry.load()()  # type: ignore[no-any-return]
    known = ", ".join(sorted(TRANSLATORS))
    raise TranslationError(f"There is no translator called {name!r}; choose one of: {known}.")


def parse_languages(text: str) -> list[str]:
    """``"en,es,fr"`` as a list of known language codes, or a sentence saying what is wrong."""
    codes = [code.strip().lower() for code in text.split(",") if code.strip()]
    unknown = [code for code in codes if code not in LANGUAGE_NAMES]
    if unknown or not codes:
        known = ", ".join(LANGUAGE_NAMES)
        given = ", ".join(unknown) or "(none given)"
        raise TranslationError(f"Unknown subtitle language {given}; choose from {known}.")
    return list(dict.fromkeys(codes))


def choose_translator(source: str, target: str, names: Sequence[str] = DEFAULT_CHAIN) -> Translator:
    """The first translator in `names` that can take `source` to `target`."""
    for name in names:
        translator = get_translator(name)
        if translator.can_translate(source, target):
            return translator
    raise TranslationError(
        f"Subtitles in {language_name(target)} from a {language_name(source)} film need a "
        f"translation service: offline translation covers English, Spanish and French only. "
        f"Set {KEY_VARIABLE} to translate with DeepL."
    )


def plan_translators(
    source: str, targets: Sequence[str], names: Sequence[str] = DEFAULT_CHAIN
) -> dict[str, Translator]:
    """A translator for every target language, checked before any rendering starts."""
    return {target: choose_translator(source, target, names) for target in targets}


__all__ = [
    "DEFAULT_CHAIN",
    "TRANSLATORS",
    "TranslationError",
    "Translator",
    "choose_translator",
    "get_translator",
    "parse_languages",
    "plan_translators",
    "translate_cues",
]
