from __future__ import annotations

import itertools
import re

from filmstudio.engine.captions import MAX_CHARS, build_cues, to_ass, to_srt, to_vtt, wrap
from filmstudio.engine.timing import fit_timeline
from tests.conftest import small_plan, synthetic_speech

TEXT = (
    "The lighthouse keeper climbed the stairs every night. He never missed a single storm, "
    "and the ships never missed his light. Tonight the wind was different."
)


def _timeline(lines: list[list[str]], target: float = 60.0, per_word: float = 0.3):  # type: ignore[no-untyped-def]
    plan = small_plan(lines, target)
    speeches = [[synthetic_speech(t, per_word) for t in scene] for scene in lines]
    return fit_timeline(plan, speeches)[1]


def test_wrap_balances_two_lines_within_the_limit() -> None:
    words = [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
    ]
    lines = wrap(words)
    assert lines is not None and len(lines) == 2
    assert all(len(line) <= MAX_CHARS for line in lines)
    assert wrap(["x" * 50]) is None


def test_cues_obey_length_and_duration_rules() -> None:
    timeline = _timeline([[TEXT], ["Short.", "Yes."]])
    cues = build_cues(timeline)
    assert cues
    for cue in cues:
        assert 1 <= len(cue.lines) <= 2
        assert all(len(line) <= MAX_CHARS for line in cue.lines)
        assert cue.end - cue.start >= 1.0 - 1e-6
    for before, after in itertools.pairwise(cues):
        assert before.end <= after.start
    spoken = " ".join(" ".join(c.lines) for c in cues).split()
    assert spoken == (TEXT + " Short. Yes.").split()


def test_fast_single_words_are_merged_to_last_a_second() -> None:
    timeline = _timeline([["Go.", "Now.", "Run!"]], 30, per_word=0.2)
    cues = build_cues(timeline)
    assert all(c.end - c.start >= 1.0 - 1e-6 for c in cues)


def test_srt_and_vtt_formats() -> None:
    cues = build_cues(_timeline([[TEXT]]))
    srt = to_srt(cues)
    assert srt.startswith("1\n")
    assert re.search(r"^\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}$", srt, re.M)
    vtt = to_vtt(cues)
    assert vtt.startswith("WEBVTT\n\n")
    assert re.search(r"^\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}$", vtt, re.M)
    assert srt.count("-->") == vtt.count("-->") == len(cues)


def test_ass_uses_devanagari_font_and_escapes_braces() -> None:
    cues = build_cues(_timeline([["कर्मण्येवाधिकारस्ते मा फलेषु {कदाचन}"]]))
    ass = to_ass(cues, 1280, 720, devanagari=True)
    assert "PlayResX: 1280" in ass and "Noto Sans Devanagari" in ass
    assert "कर्मण्येवाधिकारस्ते" in ass and "{कदाचन}" not in ass


def test_watermark_is_an_ass_event_for_the_whole_film() -> None:
    cues = build_cues(_timeline([[TEXT]]))
    plain = to_ass(cues, 1280, 720)
    marked = to_ass(cues, 1280, 720, watermark_until=61.5)
    assert "Watermark" not in plain
    assert "Style: Watermark" in marked
    assert "Dialogue: 1,0:00:00.00,0:01:01.50,Watermark,,0,0,0,,Made with AI Film Studio" in marked
