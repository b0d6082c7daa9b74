"""The UI's translations: every language has every string, and every key the code names
exists (a missing one would show the raw key to a customer). No browser needed."""

from __future__ import annotations

import re

from tests.web.locales import LANGUAGES
from tests.web.locales import strings as _strings
from tests.web.studio_server import ROOT

WEB = ROOT / "web" / "src"
PLURAL = re.compile(r"_(zero|one|two|few|many|other)$")
DEVANAGARI = re.compile(r"[\u0900-\u097F]")


def _bases(keys: set[str]) -> set[str]:
    return {PLURAL.sub("", k) for k in keys}


def test_every_language_has_every_string() -> None:
    english = _strings("en")
    for lang in LANGUAGES[1:]:
        other = _strings(lang)
        assert _bases(set(other)) == _bases(set(english)), lang
        for key, value in other.items():
            source = english.get(key) or english.get(PLURAL.sub("_other", key), "")
            for slot in re.findall(r"{{\w+}}", source):
                assert slot in value, f"{lang} {key} lost {slot}"
    hindi = _strings("hi")
    untranslated = [k for k, v in hindi.items() if not DEVANAGARI.search(v) and len(v) > 12]
    assert not untranslated, untranslated


def test_every_key_the_code_names_exists() -> None:
    known = _bases(set(_strings("en")))
    literal = re.compile(r"""\bt\(\s*['"]([a-zA-Z]+(?:\.[a-zA-Z]+)+)['"]""")
    dynamic = re.compile(r"""\bt\(\s*`([a-zA-Z.]+)\$\{""")
    used: set[str] = set()
    stems: set[str] = set()
    for source in WEB.rglob("*.tsx"):
        text = source.read_text(encoding="utf-8")
        used |= set(literal.findall(text))
        stems |= set(dynamic.findall(text))
    assert used, "no translation keys found: the pattern no longer matches the code"
    assert sorted(used - known) == []
    assert sorted(s for s in stems if not any(k.startswith(s) for k in known)) == []


def test_every_render_step_has_a_name_in_every_language() -> None:
    from filmstudio.engine.film import _WEIGHTS  # the engine's stages, as progress names them

    steps = set(_WEIGHTS) | {"starting", "saving", "queued", "completed", "failed", "cancelled"}
    for lang in LANGUAGES:
        named = {k.removeprefix("steps.") for k in _strings(lang) if k.startswith("steps.")}
        assert sorted(steps - named) == [], lang
