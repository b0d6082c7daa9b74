"""Word timings of the spoken text put back onto the original words (what subtitles show).

Why: the voice speaks the normalised text ("nineteen eighty-seven") but subtitles, lip-sync
and the timeline work with the line as written ("1987,"). Each piece of the spoken text knows
the span of the original it came from, so every original word gets the time of the spoken
words said for it; a word that is not spoken (an emoji, a script the voice cannot read) gets
a zero-length timing where the speech is at that moment.
"""

from __future__ import annotations

from collections.abc import Sequence

from filmstudio.engine.voice.base import WordTiming
from filmstudio.engine.voice.normalise import Normalised, Piece
from filmstudio.engine.voice.words import Word, split_words


def _core_at(word: Word) -> int:
    """Offset of the first letter or digit of `word` (its punctuation may come from elsewhere)."""
    return word.start + max(0, word.text.find(word.core))


def _overlaps(piece: Piece, word: Word) -> bool:
    return piece.start < word.end and word.start < piece.end


def _assignments(
    original: list[Word], said: list[Word], pieces: Sequence[Piece]
) -> list[list[int]]:
    """For every original word, the indices of the spoken words said for it."""
    owned: list[list[int]] = [[] for _ in original]
    for piece in pieces:
        mine = [k for k, w in enumerate(said) if piece.said_start <= _core_at(w) < piece.said_end]
        owners = [i for i, w in enumerate(original) if _overlaps(piece, w)]
        if not owners or not mine:
            continue
        for j, owner in enumerate(owners):  # a piece over several words is shared in order
            share = mine[j * len(mine) // len(owners) : (j + 1) * len(mine) // len(owners)]
            owned[owner].extend(share)
    return owned


def restore_words(
    text: str, normalised: Normalised, spoken: Sequence[WordTiming], duration: float
) -> tuple[WordTiming, ...]:
    """Timings for the words of `text` (as split_words splits it) from the timings of the
    spoken words of `normalised.text`."""
    original = split_words(text)
    said = split_words(normalised.text)
    if len(said) != len(spoken):  # an engine that splits words its own way: spread by length
        return _spread(original, spoken, duration)
    owned = _assignments(original, said, normalised.pieces)
    out: list[WordTiming] = []
    at = 0.0
    for word, indices in zip(original, owned, strict=True):
        if indices:
            start = max(min(spoken[k].start for k in indices), at)
            end = max(max(spoken[k].end for k in indices), start)
            out.append(WordTiming(word.text, start, end))
            at = end
        else:
            out.append(WordTiming(word.text, at, at))
    return tuple(out)


def _spread(
    original: list[Word], spoken: Sequence[WordTiming], duration: float
) -> tuple[WordTiming, ...]:
    """Original words spread over the voiced time in proportion to their length."""
    if not original:
        return ()
    start = spoken[0].start if spoken else 0.0
    end = spoken[-1].end if spoken else duration
    total = sum(len(w.core) or 1 for w in original)
    out: list[WordTiming] = []
    at = start
    for word in original:
        step = (end - start) * (len(word.core) or 1) / total
        out.append(WordTiming(word.text, at, at + step))
        at += step
    return tuple(out)
