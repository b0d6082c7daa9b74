"""The UI's translation files, flattened to ``section.key`` strings, for the tests that check
them without a browser (every string present) and with one (no English left on a page)."""

from __future__ import annotations

import json
from typing import Any

from tests.web.studio_server import ROOT

LOCALES = ROOT / "web" / "src" / "locales"
LANGUAGES = ("en", "es", "fr", "hi")


def flatten(node: dict[str, Any], prefix: str = "") -> dict[str, str]:
    """Nested sections as one level: ``{"nav": {"home": "Home"}}`` -> ``{"nav.home": "Home"}``."""
    out: dict[str, str] = {}
    for key, value in node.items():
        if isinstance(value, dict):
            out.update(flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def strings(lang: str) -> dict[str, str]:
    """Every string of the language `lang`, by its flattened key."""
    return flatten(json.loads((LOCALES / f"{lang}.json").read_text(encoding="utf-8")))
