"""What the 500-word limit counts: the words of the script, not its Fountain markup.

Title page values count (the title is in the film) but their keys do not; notes [[ ]],
boneyard /* */, sections (#), synopses (=) and page breaks (===) are never seen or heard,
so they do not count either (except an opening "# Heading", which prose uses as its title).
A word is anything between spaces with a letter or digit in it, so "—", "॥" and a lone ">"
are not words.
"""

from __future__ import annotations

import re

from filmstudio.engine.script.markup import clean_inline, split_title_page, strip_hidden
from filmstudio.engine.script.text import words

_PAGE_BREAK = re.compile(r"^={3,}$")


def visible_lines(text: str) -> tuple[list[str], list[tuple[str, str]]]:
    """The body lines that can reach the film, and the title page entries."""
    page = split_title_page(strip_hidden(text))
    body: list[str] = []
    for line in page.body:
        stripped = line.strip()
        opening_heading = stripped.startswith("#") and not any(b.strip() for b in body)
        if _PAGE_BREAK.match(stripped) or (
            stripped[:1] in "#=" and stripped and not opening_heading
        ):
            continue
        body.append(line)
    return body, list(page.entries)


def count_words(text: str) -> int:
    """The number of words the 500-word limit counts in `text`."""
    body, entries = visible_lines(text)
    total = sum(len(words(value)) for _, value in entries)
    return total + sum(len(words(clean_inline(line))) for line in body)
