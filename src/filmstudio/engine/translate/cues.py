"""Subtitles in another language, timed like the film's own.

Cues are fragments of sentences, and fragments translate badly, so the cues of one sentence
(same speaker, up to a sentence end) are translated together and the translation is spread back
over the sentence's time, in as many cues as the subtitle rules need.
"""

from __future__ import annotations

from collections.abc import Sequence

from filmstudio.engine.captions import GAP, Cue, wrap
from filmstudio.engine.translate.base import Translator

_SENTENCE_END = (".", "!", "?", "।", "॥", "…")


def sentences(cues: Sequence[Cue]) -> list[list[Cue]]:
    """Consecutive cues grouped into sentences of one speaker."""
    groups: list[list[Cue]] = []
    for cue in cues:
        last = groups[-1] if groups else None
        if last and last[-1].speaker == cue.speaker and not _ends_sentence(last[-1]):
            last.append(cue)
        else:
            groups.append([cue])
    return groups


def _ends_sentence(cue: Cue) -> bool:
    return cue.lines[-1].rstrip().rstrip("\"'»”’)").endswith(_SENTENCE_END)


def _chunks(words: list[str]) -> list[tuple[str, ...]]:
    """Words packed greedily into cue texts of at most two lines of `captions.MAX_CHARS`."""
    chunks: list[tuple[str, ...]] = []
    current: list[str] = []
    for word in words:
        if current and wrap([*current, word]) is None:
            chunks.append(wrap(current) or (" ".join(current),))
            current = []
        current.append(word)
    if current:
        chunks.append(wrap(current) or (" ".join(current),))
    return chunks


def _respread(group: Sequence[Cue], text: str) -> list[Cue]:
    """The translated sentence over the time its original cues held, split by length."""
    chunks = _chunks(text.split()) or [("",)]
    start, end = group[0].start, group[-1].end
    if len(chunks) == len(group):  # keep the original timing where the counts agree
        return [
            Cue(c.start, c.end, lines, c.speaker) for c, lines in zip(group, chunks, strict=True)
        ]
    weights = [max(1, sum(len(line) for line in lines)) for lines in chunks]
    total = sum(weights)
    cues, at = [], start
    for lines, weight in zip(chunks, weights, strict=True):
        stop = at + (end - start) * weight / total
        cues.append(Cue(at, stop if stop >= end - 1e-9 else stop - GAP, lines, group[0].speaker))
        at = stop
    return cues


def translate_cues(
    cues: Sequence[Cue], source: str, target: str, translator: Translator
) -> list[Cue]:
    """The cues in `target`, keeping the subtitle rules (<= 2 lines of <= 42 characters)."""
    if source == target:
        return list(cues)
    groups = sentences(cues)
    texts = [" ".join(" ".join(c.lines) for c in group) for group in groups]
    translated = translator.translate(texts, source, target)
    out: list[Cue] = []
    for group, text in zip(groups, translated, strict=True):
        out.extend(_respread(group, text))
    return out


__all__ = ["sentences", "translate_cues"]
