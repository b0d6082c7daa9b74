"""Offline translation with Debian's apertium: en<->es and fr<->es direct, en<->fr through es.

Apertium is rule-based and rough, but it is the only machine translation that runs here with no
network and no model download; a translation service plug-in covers everything else.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from functools import cache

from filmstudio.engine.translate.base import TranslationError, language_name

#: Apertium modes per direct pair (Debian packages apertium-eng-spa and apertium-fr-es).
_MODES = {
    ("en", "es"): "eng-spa",
    ("es", "en"): "spa-eng",
    ("fr", "es"): "fr-es",
    ("es", "fr"): "es-fr",
}
_PIVOT = "es"


@cache
def installed_modes() -> frozenset[str]:
    """The translation modes apertium has installed (empty without apertium)."""
    binary = shutil.which("apertium")
    if binary is None:
        return frozenset()
    listing = subprocess.run([binary, "-l"], capture_output=True, text=True, check=False)
    return frozenset(line.strip() for line in listing.stdout.splitlines() if line.strip())


def route(source: str, target: str) -> list[str] | None:
    """The apertium modes that take `source` to `target` (through Spanish if need be)."""
    modes = installed_modes()
    direct = _MODES.get((source, target))
    if direct is not None:
        return [direct] if direct in modes else None
    first, second = _MODES.get((source, _PIVOT)), _MODES.get((_PIVOT, target))
    if first and second and first in modes and second in modes:
        return [first, second]
    return None


class ApertiumTranslator:
    """Line-for-line translation of many texts in one apertium run per mode."""

    name = "apertium"

    def can_translate(self, source: str, target: str) -> bool:
        return source == target or route(source, target) is not None

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        if source == target or not texts:
            return list(texts)
        modes = route(source, target)
        if modes is None:
            raise TranslationError(
                f"Offline translation from {language_name(source)} to {language_name(target)} "
                "is not available (apertium covers English, Spanish and French)."
            )
        lines = [" ".join(text.split()) for text in texts]  # one text per line, no inner breaks
        for mode in modes:
            lines = _run(mode, lines)
        return lines


def _run(mode: str, lines: list[str]) -> list[str]:
    """Translate lines with one apertium mode; `-u` leaves unknown words unmarked."""
    done = subprocess.run(
        ["apertium", "-u", "-f", "txt", mode],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    out = done.stdout.rstrip("\n").split("\n")
    if done.returncode != 0 or len(out) != len(lines):
        raise TranslationError(
            f"apertium ({mode}) failed to translate the subtitles: "
            f"{done.stderr.strip() or 'it returned a different number of lines'}."
        )
    return [line.strip() for line in out]
