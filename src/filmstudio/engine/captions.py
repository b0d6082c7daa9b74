"""Subtitles built from word timings, written as SRT, VTT and ASS.

Rules a viewer relies on: at most two lines, at most 42 characters a line, at least one second
on screen, never two cues at once, and a cue never spans two speakers. ASS is the file burned
into the film by libass, which shapes Devanagari correctly (ffmpeg's drawtext does not).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from filmstudio.engine.plan import NARRATOR
from filmstudio.engine.render import watermark
from filmstudio.engine.timing import TimedLine, Timeline
from filmstudio.engine.voice.base import WordTiming

MAX_CHARS = 42
MAX_LINES = 2
MIN_SECONDS = 1.0
#: How long a cue lingers after its last word, when the next cue leaves room.
HOLD = 0.4
#: Shortest gap between two cues, so players never show both.
GAP = 0.04
_SENTENCE_END = (".", "!", "?", "।", "॥", ";", ":")
#: Average advance of a character of Noto Sans in ems (0.47-0.49 measured on prose; a margin
#: for capitals), to know how many characters fit on a line.
CHAR_EM = 0.52


@dataclass(frozen=True)
class Cue:
    """One subtitle: its text lines and when it shows, in film seconds."""

    start: float
    end: float
    lines: tuple[str, ...]
    speaker: str


def wrap(words: Sequence[str], width: int = MAX_CHARS) -> tuple[str, ...] | None:
    """Split words into at most two balanced lines of at most `width` characters, or None."""
    text = " ".join(words)
    if len(text) <= width:
        return (text,)
    best: tuple[str, str] | None = None
    for cut in range(1, len(words)):
        first, second = " ".join(words[:cut]), " ".join(words[cut:])
        if (
            len(first) <= width
            and len(second) <= width
            and (best is None or abs(len(first) - len(second)) < abs(len(best[0]) - len(best[1])))
        ):
            best = (first, second)
    return best


def _split_line(words: Sequence[WordTiming], width: int) -> list[list[WordTiming]]:
    """Group one line's words into cues, preferring breaks at sentence ends."""
    groups: list[list[WordTiming]] = []
    current: list[WordTiming] = []
    for word in words:
        if current and wrap([w.text for w in [*current, word]], width) is None:
            groups.append(current)
            current = []
        current.append(word)
        long_enough = current[-1].end - current[0].start >= 1.5 and len(current) >= 3
        if word.text.endswith(_SENTENCE_END) and long_enough:
            groups.append(current)
            current = []
    if current:
        if (
            groups
            and wrap([w.text for w in [*groups[-1], *current]], width)
            and (current[-1].end - current[0].start < MIN_SECONDS)
        ):
            groups[-1].extend(current)
        else:
            groups.append(current)
    return groups


def build_cues(timeline: Timeline, max_chars: int = MAX_CHARS) -> list[Cue]:
    """Cues for every voiced line of the film, timed so each shows at least one second
    (`max_chars`: a line's length, narrower on vertical films: see :func:`max_chars_for`)."""
    raw: list[tuple[list[WordTiming], TimedLine]] = []
    for timed in timeline.lines:
        raw.extend((group, timed) for group in _split_line(timed.words, max_chars) if group)
    cues: list[Cue] = []
    for k, (group, timed) in enumerate(raw):
        start = group[0].start
        next_start = raw[k + 1][0][0].start if k + 1 < len(raw) else timeline.duration
        end = min(max(group[-1].end + HOLD, start + MIN_SECONDS), next_start - GAP)
        lines = wrap([w.text for w in group], max_chars) or (" ".join(w.text for w in group),)
        cues.append(Cue(start, end, lines, timed.line.speaker))
    return _ensure_minimum(cues, timeline.duration, max_chars)


def _ensure_minimum(cues: list[Cue], duration: float, width: int) -> list[Cue]:
    """Give every cue its second: borrow free time before it, then merge with a neighbour."""
    fixed: list[Cue] = []
    for cue in cues:
        if cue.end - cue.start < MIN_SECONDS:
            floor = fixed[-1].end + GAP if fixed else 0.0
            start = max(floor, cue.end - MIN_SECONDS)
            cue = Cue(start, cue.end, cue.lines, cue.speaker)
        if cue.end - cue.start < MIN_SECONDS and fixed:
            merged = wrap([*" ".join(fixed[-1].lines).split(), *" ".join(cue.lines).split()], width)
            if merged is not None:
                prev = fixed.pop()
                cue = Cue(prev.start, max(cue.end, prev.start + MIN_SECONDS), merged, prev.speaker)
        fixed.append(Cue(cue.start, min(cue.end, duration), cue.lines, cue.speaker))
    return fixed


def _clock(seconds: float, sep: str) -> str:
    ms = max(0, round(seconds * 1000))
    hours, ms = divmod(ms, 3_600_000)
    minutes, ms = divmod(ms, 60_000)
    secs, ms = divmod(ms, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{sep}{ms:03d}"


def _shown(cues: Sequence[Cue]) -> list[Cue]:
    """Cues with something to show (an empty cue would end an SRT block early)."""
    return [c for c in cues if any(line.strip() for line in c.lines)]


def srt_escape(line: str) -> str:
    """SRT has no escapes; only the cue arrow must not appear inside the text."""
    return line.replace("-->", "->")


def vtt_escape(line: str) -> str:
    """WebVTT cue text: `&`, `<` and `>` as character references (`<` starts a tag)."""
    return line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def ass_escape(line: str) -> str:
    """ASS text: braces open override blocks and a backslash escapes (\\N is a line break).

    Braces are written as libass's literal escapes; a backslash is followed by a word joiner
    (invisible, never drawn) so that it cannot combine with the next character.
    """
    return line.replace("\\", "\\\u2060").replace("{", "\\{").replace("}", "\\}")


def drawable(line: str) -> str:
    """A line as the burned-in subtitles draw it: fullwidth forms folded (the subtitle fonts
    have no glyphs for them) and emoji left out (libass draws no colour emoji, only boxes).
    The SRT and VTT files keep the text exactly as written."""
    kept = []
    for char in line:
        code = ord(char)
        if 0xFF01 <= code <= 0xFFEE:
            kept.append(unicodedata.normalize("NFKC", char))
        elif not _is_emoji(char):
            kept.append(char)
    return " ".join("".join(kept).split())


def _is_emoji(char: str) -> bool:
    code = ord(char)
    pictograph = unicodedata.category(char) in ("So", "Sk") and (
        code >= 0x1F000 or 0x2600 <= code <= 0x27BF
    )
    return pictograph or 0xFE00 <= code <= 0xFE0F or code == 0x20E3


def to_srt(cues: Sequence[Cue]) -> str:
    blocks = [
        f"{i}\n{_clock(c.start, ',')} --> {_clock(c.end, ',')}\n"
        + "\n".join(srt_escape(line) for line in c.lines)
        for i, c in enumerate(_shown(cues), 1)
    ]
    return "\n\n".join(blocks) + "\n"


def to_vtt(cues: Sequence[Cue]) -> str:
    blocks = [
        f"{_clock(c.start, '.')} --> {_clock(c.end, '.')}\n"
        + "\n".join(vtt_escape(line) for line in c.lines)
        for c in _shown(cues)
    ]
    return "WEBVTT\n\n" + "\n\n".join(blocks) + "\n"


def _ass_time(seconds: float) -> str:
    cs = max(0, round(seconds * 100))
    hours, cs = divmod(cs, 360_000)
    minutes, cs = divmod(cs, 6000)
    secs, cs = divmod(cs, 100)
    return f"{hours:d}:{minutes:02d}:{secs:02d}.{cs:02d}"


@dataclass(frozen=True)
class Layout:
    """Where and how large subtitles are drawn on a frame of a given shape."""

    size: int
    outline: float
    margin_left: int
    margin_right: int
    margin_bottom: int
    max_chars: int


def layout(width: int, height: int) -> Layout:
    """Subtitle size and margins for a frame: the font follows the short side, so vertical
    (9:16) and square films get captions as readable as landscape ones. On a vertical film
    the bottom fifth is left to the Shorts/Reels title bar and the right edge to their
    buttons; lines are as long as the width allows (at most :data:`MAX_CHARS`)."""
    short = min(width, height)
    if height > width * 1.2:
        size, bottom = short * 0.062, height * 0.2
        left, right = width * 0.07, width * 0.15
    elif width > height * 1.2:
        size, bottom = short * 0.052, height * 0.06
        left = right = height * 0.06
    else:
        size, bottom = short * 0.056, height * 0.09
        left = right = width * 0.07
    fits = int((width - left - right) / (size * CHAR_EM))
    return Layout(
        round(size),
        max(1.0, short / 360),
        round(left),
        round(right),
        round(bottom),
        max(12, min(MAX_CHARS, fits)),
    )


def max_chars_for(width: int, height: int) -> int:
    """Characters a subtitle line may have on this frame (pass it to :func:`build_cues`)."""
    return layout(width, height).max_chars


def fit(cues: Sequence[Cue], width: int) -> list[Cue]:
    """Cues re-wrapped to lines of at most `width` characters; a cue too long for two such
    lines is cut into consecutive cues, its time shared by length."""
    out: list[Cue] = []
    for cue in cues:
        words = " ".join(cue.lines).split()
        parts = 1
        while parts < len(words) and not all(_fits(g, width) for g in _balanced(words, parts)):
            parts += 1
        groups = _balanced(words, parts) if words else [[]]
        total = sum(len(" ".join(g)) for g in groups) or 1
        at = cue.start
        for k, group in enumerate(groups):
            stop = (
                cue.end
                if k == len(groups) - 1
                else at + (cue.end - cue.start) * len(" ".join(group)) / total
            )
            lines = wrap(group, width) or (" ".join(group),)
            out.append(Cue(at, stop if k == len(groups) - 1 else stop - GAP, lines, cue.speaker))
            at = stop
    return out


def _fits(words: Sequence[str], width: int) -> bool:
    """Two lines hold `words`, or it is one word too long for any line (shown as it is)."""
    return len(words) == 1 or wrap(words, width) is not None


def _balanced(words: Sequence[str], parts: int) -> list[list[str]]:
    """`words` cut into `parts` runs of about equal length in characters."""
    total = sum(len(w) + 1 for w in words)
    groups: list[list[str]] = [[] for _ in range(parts)]
    seen = 0
    for word in words:
        index = min(parts - 1, int(seen * parts / total))
        groups[index].append(word)
        seen += len(word) + 1
    return [g for g in groups if g]


def to_ass(
    cues: Sequence[Cue],
    width: int,
    height: int,
    devanagari: bool = False,
    watermark_until: float | None = None,
) -> str:
    """An ASS script sized to the video; narration in white, characters in warm yellow.

    With `watermark_until` (seconds), the free tier's watermark shows until then.
    """
    font = "Noto Sans Devanagari" if devanagari else "Noto Sans"
    shape = layout(width, height)
    edge = f"{shape.outline:.1f},{shape.outline * 0.6:.1f},2"
    margins = f"{shape.margin_left},{shape.margin_right},{shape.margin_bottom}"
    style = (
        f"{font},{shape.size},&H00FFFFFF,&H00FFFFFF,&H00101010,&H80000000,0,0,0,0,100,100,0,0,1,"
        f"{edge},{margins},1"
    )
    speaker_style = style.replace("&H00FFFFFF,&H00FFFFFF", "&H0080E6FF,&H0080E6FF", 1)
    events = [
        f"Dialogue: 0,{_ass_time(c.start)},{_ass_time(c.end)},"
        f"{'Narrator' if c.speaker == NARRATOR else 'Speaker'},,0,0,0,,"
        + "\\N".join(ass_escape(drawable(line)) for line in c.lines)
        for c in fit(_shown(cues), shape.max_chars)
    ]
    return "\n".join(
        [
            "[Script Info]",
            "ScriptType: v4.00+",
            f"PlayResX: {width}",
            f"PlayResY: {height}",
            "WrapStyle: 2",
            "ScaledBorderAndShadow: yes",
            "",
            "[V4+ Styles]",
            "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, "
            "BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, "
            "BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding",
            f"Style: Narrator,{style}",
            f"Style: Speaker,{speaker_style}",
            *([watermark.ass_style(width, height)] if watermark_until is not None else []),
            "",
            "[Events]",
            "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text",
            *events,
            *(
                [watermark.ass_event(_ass_time(watermark_until))]
                if watermark_until is not None
                else []
            ),
            "",
        ]
    )
