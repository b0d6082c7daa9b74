"""Every problem code the studio API can answer with has a sentence in every UI language, so
a server error never shows English to a reader of another language (issue 15). No browser
needed: the codes are read from the studio's source, the sentences from the locale files."""

from __future__ import annotations

import ast
import re

from filmstudio.studio import problems
from tests.web.locales import LANGUAGES
from tests.web.locales import strings as _strings
from tests.web.studio_server import ROOT

STUDIO = ROOT / "src" / "filmstudio" / "studio"

#: Translations that may equal the English one (none today: add a word only when a language
#: truly spells it the same, e.g. a brand name standing alone).
SAME_AS_ENGLISH: set[tuple[str, str]] = set()

#: Helpers whose third positional argument is a problem code (`problems.body`/`response`).
_CODE_POSITION = {"body": 2, "response": 2}


def _constants(tree: ast.Module) -> dict[str, str]:
    """A module's top-level ``NAME = "text"`` constants (a raise may pass ``code=CODE``)."""
    found: dict[str, str] = {}
    for node in tree.body:
        if not isinstance(node, ast.Assign):
            continue
        value = _text(node.value, {})
        for target in node.targets:
            if value is not None and isinstance(target, ast.Name):
                found[target.id] = value
    return found


def _text(node: ast.expr, constants: dict[str, str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    return None


def codes_in(source: str) -> set[str]:
    """The problem codes one module sets: class-level ``code = "..."`` on an error class,
    ``code="..."`` at a raise site (a literal or a module constant), and the code argument of
    `problems.body`/`response`."""
    tree = ast.parse(source)
    constants = _constants(tree)
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == "code" for t in item.targets
                ):
                    value = _text(item.value, constants)
                    if value is not None:
                        found.add(value)
        elif isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg == "code":
                    value = _text(keyword.value, constants)
                    if value is not None:
                        found.add(value)
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            position = _CODE_POSITION.get(str(name))
            if position is not None and len(node.args) > position:
                value = _text(node.args[position], constants)
                if value is not None:
                    found.add(value)
    return found


def api_codes() -> set[str]:
    """Every code the API can answer with: the framework's by status, and every code the
    studio's modules set (error classes and raise sites)."""
    found = set(problems.STATUS_CODES.values()) | {problems.body(418, "")["code"]}
    for path in STUDIO.rglob("*.py"):
        found |= codes_in(path.read_text(encoding="utf-8"))
    return found


def _translated(lang: str) -> dict[str, str]:
    prefix = "errors.codes."
    return {k.removeprefix(prefix): v for k, v in _strings(lang).items() if k.startswith(prefix)}


def test_the_collector_finds_codes_of_every_kind() -> None:
    """The scan must still see each way a code is set, or the next test would pass on nothing."""
    sample = (
        'CODE = "from_constant"\n'
        'class Oops(Conflict):\n    code = "from_class"\n'
        'raise Conflict("x", code="from_raise")\n'
        'raise Unprocessable("x", code=CODE)\n'
        'problems.response(409, "x", "from_response")\n'
    )
    assert codes_in(sample) == {"from_constant", "from_class", "from_raise", "from_response"}
    codes = api_codes()
    for known in ("wrong_credentials", "email_taken", "duration_too_short", "invalid", "error"):
        assert known in codes
    assert [c for c in codes if not re.fullmatch(problems.CODE_PATTERN, c)] == []


def test_every_api_code_has_a_sentence_in_every_language() -> None:
    codes = api_codes()
    for lang in LANGUAGES:
        missing = sorted(codes - set(_translated(lang)))
        assert missing == [], f"{lang}: no errors.codes sentence for {missing}"


def test_no_code_sentence_is_left_in_english() -> None:
    english = _translated("en")
    for lang in LANGUAGES[1:]:
        same = sorted(
            code
            for code, text in _translated(lang).items()
            if text.strip().casefold() == english.get(code, "").strip().casefold()
            and (lang, code) not in SAME_AS_ENGLISH
        )
        assert same == [], f"{lang}: still English for {same}"


def _step_value(node: ast.AST) -> ast.expr | None:
    """What a ``current_step="..."`` argument or a ``job.current_step = ...`` sets, if either."""
    if isinstance(node, ast.keyword) and node.arg == "current_step":
        return node.value
    if isinstance(node, ast.Assign) and any(
        isinstance(t, ast.Attribute) and t.attr == "current_step" for t in node.targets
    ):
        return node.value
    return None


def studio_steps() -> set[str]:
    """The step names the studio itself gives a job (queued, waiting for review or to retry,
    ...), besides the engine's stages that `test_locales` checks."""
    found: set[str] = set()
    for path in STUDIO.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            value = _step_value(node)
            if value is None:
                continue
            parts = [value.body, value.orelse] if isinstance(value, ast.IfExp) else [value]
            found |= {t for t in (_text(p, {}) for p in parts) if t is not None}
    return found


def test_every_step_the_studio_sets_has_a_name_in_every_language() -> None:
    steps = studio_steps()
    assert {"queued", "starting", "waiting to retry"} <= steps  # the scan still sees them
    for lang in LANGUAGES:
        named = {k.removeprefix("steps.") for k in _strings(lang) if k.startswith("steps.")}
        assert sorted(steps - named) == [], lang
