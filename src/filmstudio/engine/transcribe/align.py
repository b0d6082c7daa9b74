"""Lay a known text's words on the timings of the words a transcriber heard.

Why: when the user's narration has a script, subtitles should show the script's spelling (a
transcriber mishears names, and Whisper base writes Hindi in Urdu script), while the timings
must come from the recording. Words that match (case and punctuation aside) take the heard
word's time; the words between two matches share the time between them by length.
"""

from __future__ import annotations

import unicodedata
from difflib import SequenceMatcher

from filmstudio.engine.voice.base import WordTiming


def _normal(word: str) -> str:
    kept = (c for c in unicodedata.normalize("NFKC", word).casefold() if c.isalnum())
    return "".join(kept)


def _spread(words: list[str], start: float, end: float) -> list[WordTiming]:
    lengths = [max(1, len(_normal(w))) for w in words]
    total = sum(lengths)
    out: list[WordTiming] = []
    cursor = start
    for word, length in zip(words, lengths, strict=True):
        step = (end - start) * length / total
        out.append(WordTiming(word, round(cursor, 4), round(cursor + step, 4)))
        cursor += step
    return out


def align_words(
    script: list[str], heard: list[WordTiming], voiced: tuple[float, float] | None = None
) -> list[WordTiming]:
    """Each script word with a time taken from (or between) the heard words.

    `voiced` is where the recording's voice starts and stops: script words before the first
    heard one, or after the last, share the time from or to there. Why: Whisper's word times
    at the ends drift (in CI it heard 1.7 s of a 2.6 s Hindi take, and in another run put its
    first word at 0.56 s of a voice that starts at 0.1 s), and would squeeze the script.
    """
    if not script:
        return []
    if not heard:
        return _spread(script, 0.0, 0.0)
    matcher = SequenceMatcher(
        a=[_normal(w) for w in script], b=[_normal(w.text) for w in heard], autojunk=False
    )
    anchors: dict[int, WordTiming] = {}
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            found = heard[block.b + offset]
            anchors[block.a + offset] = WordTiming(script[block.a + offset], found.start, found.end)
    out: list[WordTiming] = []
    index = 0
    while index < len(script):
        if index in anchors:
            out.append(anchors[index])
            index += 1
            continue
        run_end = index
        while run_end < len(script) and run_end not in anchors:
            run_end += 1
        first, last = voiced or (heard[0].start, heard[-1].end)
        start = out[-1].end if out else min(heard[0].start, first)
        end = anchors[run_end].start if run_end in anchors else max(heard[-1].end, last)
        out.extend(_spread(script[index:run_end], start, max(start, end)))
        index = run_end
    return out
