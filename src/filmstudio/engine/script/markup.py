"""Fountain markup that is never part of the film: boneyard, notes, emphasis, title page.

Shared by the screenplay parser and by the word counter, so that the 500-word limit counts
exactly what the parser keeps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BONEYARD = re.compile(r"/\*.*?\*/", re.S)
_NOTE = re.compile(r"\[\[.*?\]\]", re.S)
_SPACES = re.compile(r"(?<=\S)[ \t]{2,}")
_GONE = "\x00"  # marks where removed markup was, so lines left empty by it can be dropped
_EMPHASIS = re.compile(r"(?<!\\)(\*{1,3}|_)")
_ESCAPE = re.compile(r"\\([*_\\#=@>~!.^])")
_TITLE_KEY = re.compile(r"^([A-Za-z][A-Za-z ]{0,30}):(.*)$")
TITLE_PAGE_KEYS = frozenset(
    {
        "title", "credit", "author", "authors", "source", "draft date", "date", "contact",
        "copyright", "notes", "revision", "font",
    }
)  # fmt: skip


@dataclass(frozen=True)
class TitlePage:
    """The key/value pairs at the top of a Fountain file, and the lines after them."""

    entries: tuple[tuple[str, str], ...]
    body: list[str]

    def get(self, key: str) -> str | None:
        """The value of `key` (case-insensitive), if the title page has it."""
        return next((v for k, v in self.entries if k.lower() == key.lower()), None)


def _erase(match: re.Match[str]) -> str:
    return _GONE + ("\n" + _GONE) * match.group(0).count("\n")


def strip_hidden(text: str) -> list[str]:
    """Lines of `text` without boneyard /* */ and notes [[ ]].

    A line that held nothing but hidden markup disappears entirely (it must not become a
    blank line that would split a dialogue block); other lines keep their place.
    """
    marked = _NOTE.sub(_erase, _BONEYARD.sub(_erase, text))
    lines: list[str] = []
    for line in marked.splitlines():
        if _GONE in line:
            cleaned = line.replace(_GONE, "")
            if not cleaned.strip():
                continue
            line = _SPACES.sub(" ", cleaned)
        lines.append(line.rstrip())
    return lines


def clean_inline(text: str) -> str:
    """Text without emphasis markers (*italic*, **bold**, _underline_) and escapes."""
    without = _EMPHASIS.sub("", text)
    return _ESCAPE.sub(r"\1", without).strip()


def split_title_page(lines: list[str]) -> TitlePage:
    """Separate a Fountain title page (known keys at the very top) from the body.

    Only a first line with a known key (Title:, Author:, ...) starts a title page, so prose
    that opens with "Note: ..." is not mistaken for one. Values may continue on indented lines.
    """
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    first = _TITLE_KEY.match(lines[start]) if start < len(lines) else None
    if first is None or first.group(1).strip().lower() not in TITLE_PAGE_KEYS:
        return TitlePage((), lines)
    entries: list[tuple[str, list[str]]] = []
    index = start
    while index < len(lines) and lines[index].strip():
        line = lines[index]
        match = _TITLE_KEY.match(line)
        if match and not line[:1].isspace():
            value = match.group(2).strip()
            entries.append((match.group(1).strip(), [value] if value else []))
        elif entries:
            entries[-1][1].append(line.strip())
        index += 1
    pairs = tuple((key, clean_inline(" ".join(parts))) for key, parts in entries)
    return TitlePage(pairs, lines[index:])
