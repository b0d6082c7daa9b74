from __future__ import annotations

import html
import itertools
import re
from pathlib import Path

import webvtt

from filmstudio.engine.captions import (
    CHAR_EM,
    MAX_CHARS,
    Cue,
    build_cues,
    fit,
    layout,
    max_chars_for,
    to_ass,
    to_srt,
    to_vtt,
    wrap,
)
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
    assert "कर्मण्येवाधिकारस्ते" in ass and "\\{कदाचन\\}" in ass


def test_watermark_is_an_ass_event_for_the_whole_film() -> None:
    cues = build_cues(_timeline([[TEXT]]))
    plain = to_ass(cues, 1280, 720)
    marked = to_ass(cues, 1280, 720, watermark_until=61.5)
    assert "Watermark" not in plain
    assert "Style: Watermark" in marked
    assert "Dialogue: 1,0:00:00.00,0:01:01.50,Watermark,,0,0,0,,Made with AI Film Studio" in marked


HOSTILE_LINES = (
    "<script>alert('x')</script> & <b>bold</b> a &lt; b",
    "'; DROP TABLE users; -- ＵＮＩＣＯＤＥ ｗｉｄｅ 🎉👍🏽",
    "مرحبا بالعالم fa\u200dmily {\\b1}x{\\b0} C:\\Network --> " + "abcdefghij" * 9,
)


def _hostile_cues() -> list[Cue]:
    return [Cue(2.0 * i, 2.0 * i + 1.5, (line,), "Anna") for i, line in enumerate(HOSTILE_LINES)]


def test_vtt_reads_back_exactly_through_a_webvtt_parser(tmp_path: Path) -> None:
    path = tmp_path / "film.vtt"
    path.write_text(to_vtt(_hostile_cues()), encoding="utf-8")
    parsed = webvtt.read(str(path))
    assert len(parsed) == len(HOSTILE_LINES)
    # webvtt-py strips tags but leaves character references for the player to decode.
    assert [html.unescape(c.text) for c in parsed.captions] == list(HOSTILE_LINES)
    assert "<script>" not in path.read_text(encoding="utf-8")


def test_srt_keeps_the_text_but_never_a_cue_arrow_inside_it() -> None:
    srt = to_srt([*_hostile_cues(), Cue(7.0, 8.0, ("",), "Anna")])
    assert srt.count("-->") == len(HOSTILE_LINES)  # the empty cue is left out
    assert HOSTILE_LINES[0] in srt and "C:\\Network -> abc" in srt


def test_ass_escapes_braces_and_backslashes_for_libass() -> None:
    ass = to_ass(_hostile_cues(), 1280, 720)
    events = [line for line in ass.splitlines() if line.startswith("Dialogue: 0,")]
    text = "".join(e.split(",,0,0,0,,", 1)[1] for e in events)
    assert "{" not in text.replace("\\{", "") and "}" not in text.replace("\\}", "")
    assert "C:\\\u2060Network" in text  # a backslash never joins the next letter
    assert "UNICODE wide" in text and "🎉" not in text  # drawable: no boxes on screen


def test_vertical_and_square_films_get_large_narrow_captions_clear_of_the_app_ui() -> None:
    wide, tall, square = layout(1280, 720), layout(720, 1280), layout(720, 720)
    assert wide.max_chars == MAX_CHARS and wide.size == round(720 * 0.052)
    assert tall.size >= wide.size and square.size >= wide.size  # from the short side
    assert tall.max_chars < 30 and tall.max_chars < square.max_chars < MAX_CHARS
    assert tall.margin_bottom >= 0.18 * 1280 and tall.margin_right > tall.margin_left
    usable = 720 - tall.margin_left - tall.margin_right
    assert tall.max_chars * tall.size * CHAR_EM <= usable


def test_cues_too_long_for_a_narrow_frame_are_split_in_time() -> None:
    cue = Cue(
        0.0, 4.0, ("The lighthouse keeper climbed the stairs", "every night of the year."), "N"
    )
    parts = fit([cue], 20)
    assert len(parts) >= 2
    assert all(len(line) <= 20 for p in parts for line in p.lines)
    assert " ".join(" ".join(p.lines) for p in parts) == " ".join(cue.lines)
    assert parts[0].start == 0.0 and parts[-1].end == 4.0
    assert all(a.end < b.start for a, b in itertools.pairwise(parts))
    narrow = build_cues(_timeline([[TEXT]]), max_chars=max_chars_for(720, 1280))
    assert all(len(line) <= max_chars_for(720, 1280) for c in narrow for line in c.lines)


def test_the_watermark_is_sized_from_the_short_side() -> None:
    from filmstudio.engine.render.watermark import ass_style

    def size(style: str) -> int:
        return int(style.split(",")[2])

    assert size(ass_style(720, 1280)) == size(ass_style(1280, 720)) == size(ass_style(720, 720))
    assert size(ass_style(1920, 1080)) > size(ass_style(1280, 720))
