"""The choices a project may name (styles, voices, music, languages), read from the engine.

The engine is imported lazily: the studio must run (and its workers must fail a job with a
clear message) even while an engine module is being replaced. A list that cannot be read
is not checked here; the render then checks it and fails the job with the engine's own
sentence, refunding the credit.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from filmstudio.studio.errors import Unprocessable

log = logging.getLogger("filmstudio.catalog")

MAX_WORDS = 500


def _languages() -> tuple[str, ...]:
    from filmstudio.engine.plan import LANGUAGES

    return tuple(LANGUAGES)


def _voices() -> tuple[str, ...]:
    from filmstudio.engine.voice import list_voices

    return tuple(v.id for v in list_voices())


def _music() -> tuple[str, ...]:
    from filmstudio.engine.score import MUSIC

    return tuple(MUSIC)


def _styles() -> tuple[str, ...]:
    from filmstudio.engine.picture import STYLES

    return tuple(STYLES)


_LOADERS: dict[str, Callable[[], tuple[str, ...]]] = {
    "language": _languages,
    "voice": _voices,
    "music": _music,
    "style": _styles,
}


_KNOWN: dict[str, tuple[str, ...]] = {}


def choices(kind: str) -> tuple[str, ...] | None:
    """The names the engine accepts for `kind`, or None when the engine cannot say (asked
    again next time: only answers are kept)."""
    if kind not in _KNOWN:
        try:
            _KNOWN[kind] = _LOADERS[kind]()
        except Exception as exc:  # an engine module mid-change must not take the studio down
            log.warning("cannot read engine choices", extra={"kind": kind, "error": repr(exc)})
            return None
    return _KNOWN[kind]


def check_choice(kind: str, value: str) -> None:
    known = choices(kind)
    if known is not None and value not in known:
        raise Unprocessable(f"Unknown {kind} '{value}'. Choose one of: {', '.join(known)}.")


def count_words(text: str) -> int:
    """Words as the engine counts them for its 500-word limit."""
    try:
        from filmstudio.engine.script import count_words as engine_count
    except Exception:  # see the module docstring
        return len(text.split())
    return engine_count(text)


def check_script(script: str) -> None:
    """A script the engine will accept: not empty, at most 500 words."""
    if not script.strip():
        raise Unprocessable("The script is empty: write at least one line.")
    words = count_words(script)
    if words > MAX_WORDS:
        raise Unprocessable(
            f"The script has {words} words; the limit is {MAX_WORDS}. Shorten it and try again."
        )
    if words == 0:
        raise Unprocessable("The script has no words the film could narrate.")


def _described() -> dict[str, list[dict[str, str]]]:
    from filmstudio.engine.picture import STYLES
    from filmstudio.engine.plan import LANGUAGE_NAMES
    from filmstudio.engine.score import MUSIC
    from filmstudio.engine.voice import list_voices

    return {
        "styles": [{"id": k, "description": v} for k, v in STYLES.items()],
        "voices": [
            {"id": v.id, "description": v.description, "gender": v.gender, "age": v.age}
            for v in list_voices()
        ],
        "music": [{"id": k, "description": v} for k, v in MUSIC.items()],
        "languages": [{"id": k, "description": v} for k, v in LANGUAGE_NAMES.items()],
    }


def describe() -> dict[str, list[dict[str, str]]] | None:
    """Every choice with the line the editor shows for it, or None when the engine cannot
    say right now (see the module docstring)."""
    try:
        return _described()
    except Exception as exc:
        log.warning("cannot describe engine choices", extra={"error": repr(exc)})
        return None
