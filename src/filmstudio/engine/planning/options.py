"""What every planner takes from the request rather than the script: title and language.

Shared by the rule-based and LLM planners so both validate the same way and give the same
error sentence for a language we do not speak.
"""

from __future__ import annotations

from typing import cast

from filmstudio.engine.errors import ChoiceError
from filmstudio.engine.plan import LANGUAGES, Language
from filmstudio.engine.request import FilmRequest
from filmstudio.engine.script import ScriptDocument
from filmstudio.engine.script.text import first_words

TITLE_WORDS = 6


def as_language(code: str) -> Language:
    """`code` as a plan language, or ChoiceError naming the ones we support."""
    if code not in LANGUAGES:
        raise ChoiceError(f"Unsupported language '{code}'. Choose one of: {', '.join(LANGUAGES)}.")
    return cast(Language, code)


def film_language(request: FilmRequest, doc: ScriptDocument) -> Language:
    """The language the user asked for, else the one detected in the script."""
    return as_language(request.language if request.language is not None else doc.language)


def film_title(request: FilmRequest, doc: ScriptDocument, first_line: str) -> str:
    """The requested title, else the script's own, else its first few words."""
    for title in (request.title, doc.title):
        if title and title.strip():
            return title.strip()
    return first_words(first_line, TITLE_WORDS) or "Untitled"
