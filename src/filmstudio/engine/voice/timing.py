"""Shared timing rules: pause lengths after breaks, and the word-timing invariant.

Why shared: every provider must hand out words whose (start, end) are monotonic and inside
[0, duration], and pauses should be alike whichever engine speaks.
"""

from __future__ import annotations

from filmstudio.engine.voice.base import WordTiming
from filmstudio.engine.voice.emotion import Delivery
from filmstudio.engine.voice.words import Break

#: Seconds of silence after each kind of break, before the emotion's factor.
PAUSES: dict[Break, float] = {
    Break.NONE: 0.05,
    Break.CLAUSE: 0.15,
    Break.SENTENCE: 0.35,
    Break.LINE: 0.45,
}


def pause(brk: Break, style: Delivery) -> float:
    """The silence after a break, for a delivery (recite lengthens line ends)."""
    seconds = PAUSES[brk] * style.pause
    if brk == Break.LINE:
        seconds += style.line_pause
    return seconds


def monotonic(words: list[WordTiming], duration: float) -> tuple[WordTiming, ...]:
    """Clamp timings into [0, duration] and make every start follow the previous end."""
    out: list[WordTiming] = []
    previous_end = 0.0
    for word in words:
        start = min(max(word.start, previous_end, 0.0), duration)
        end = min(max(word.end, start), duration)
        out.append(WordTiming(word.text, round(start, 4), round(end, 4)))
        previous_end = end
    return tuple(out)
