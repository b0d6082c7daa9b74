"""Subtitles built from word timings, written as SRT, VTT and ASS.

Rules a viewer relies on: at most two lines, at most 42 characters a line, at least one second
on screen, never two cues at once, and a cue never spans two speakers. ASS is the file burned
into the film by libass, which shapes Devanagari correctly (ffmpeg's drawtext does not).
"""

from __future__ import annotations

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


def _split_line(words: Sequence[WordTiming]) -> list[list[WordTiming]]:
    """Group one line's words into cues, preferring breaks at sentence ends."""
    groups: list[list[WordTiming]] = []
    current: list[WordTiming] = []
    for word in words:
        if current and wrap([w.text for w in [*current, word]]) is None:
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
            and wrap([w.text for w in [*groups[-1], *current]])
            and (current[-1].end - current[0].start < MIN_SECONDS)
        ):
            groups[-1].extend(current)
        else:
            groups.append(current)
    return groups


def build_cues(timeline: Timeline) -> list[Cue]:
    """Cues for every voiced line of the film, timed so each shows at least one second."""
    raw: list[tuple[list[WordTiming], TimedLine]] = []
    for timed in timeline.lines:
        raw.extend((group, timed) for group in _split_line(timed.words) if group)
    cues: list[Cue] = []
    for k, (group, timed) in enumerate(raw):
        start = group[0].start
        next_start = raw[k + 1][0][0].start if k + 1 < len(raw) else timeline.duration
        end = min(max(group[-1].end + HOLD, start + MIN_SECONDS), next_start - GAP)
        lines = wrap([w.text for w in group]) or (" ".join(w.text for w in group),)
        cues.append(Cue(start, end, lines, timed.line.speaker))
    return _ensure_minimum(cues, timeline.duration)


def _ensure_minimum(cues: list[Cue], duration: float) -> list[Cue]:
    """Give every cue its second: borrow free time before it, then merge with a neighbour."""
    fixed: list[Cue] = []
    for cue in cues:
        if cue.end - cue.start < MIN_SECONDS:
            floor = fixed[-1].end + GAP if fixed else 0.0
            start = max(floor, cue.end - MIN_SECONDS)
            cue = Cue(start, cue.end, cue.lines, cue.speaker)
        if cue.end - cue.start < MIN_SECONDS and fixed:
            merged = wrap([*" ".join(fixed[-1].lines).split(), *" ".join(cue.lines).split()])
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


def to_srt(cues: Sequence[Cue]) -> str:
    blocks = [
        f"{i}\n{_clock(c.start, ',')} --> {_clock(c.end, ',')}\n" + "\n".join(c.lines)
        for i, c in enumerate(cues, 1)
    ]
    return "\n\n".join(blocks) + "\n"


def to_vtt(cues: Sequence[Cue]) -> str:
    blocks = [
        f"{_clock(c.start, '.')} --> {_clock(c.end, '.')}\n" + "\n".join(c.lines) for c in cues
    ]
    return "WEBVTT\n\n" + "\n\n".join(blocks) + "\n"


def _ass_time(seconds: float) -> str:
    cs = max(0, round(seconds * 100))
    hours, cs = divmod(cs, 360_000)
    minutes, cs = divmod(cs, 6000)
    secs, cs = divmod(cs, 100)
    return f"{hours:d}:{minutes:02d}:{secs:02d}.{cs:02d}"


def _ass_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("{", "(").replace("}", ")")


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
    size = round(height * 0.052)
    outline = max(1.0, height / 360)
    margin = round(height * 0.06)
    style = (
        f"{font},{size},&H00FFFFFF,&H00FFFFFF,&H00101010,&H80000000,0,0,0,0,100,100,0,0,1,"
        f"{outline:.1f},{outline * 0.6:.1f},2,{margin},{margin},{margin},1"
    )
    speaker_style = style.replace("&H00FFFFFF,&H00FFFFFF", "&H0080E6FF,&H0080E6FF", 1)
    events = [
        f"Dialogue: 0,{_ass_time(c.start)},{_ass_time(c.end)},"
        f"{'Narrator' if c.speaker == NARRATOR else 'Speaker'},,0,0,0,,"
        + "\\N".join(_ass_escape(line) for line in c.lines)
        for c in cues
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
            *([watermark.ass_style(height)] if watermark_until is not None else []),
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
