"""Segments: encoded once, reused by key, joined seamlessly with sound and soft subtitles."""

from __future__ import annotations

import itertools
import json
import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import filmstudio.engine.render.segments as segments
from filmstudio.engine import captions
from filmstudio.engine.cache import StageCache
from filmstudio.engine.errors import RenderError
from filmstudio.engine.render.ffmpeg import encode, encode_audio, join
from filmstudio.engine.render.motion import Planes
from filmstudio.engine.render.segments import Burn, SegmentStore, render_segments
from filmstudio.engine.render.source import Segment
from tests.media import probe

FPS = 30
SIZE = (160, 90)


class Bars:
    """A tiny picture source: each segment a flat grey whose level comes from its key."""

    def __init__(self, lengths: Sequence[int], levels: Sequence[int] | None = None) -> None:
        self.size, self.fps = SIZE, FPS
        self.frame_count = sum(lengths)
        levels = levels or [40 + 30 * k for k in range(len(lengths))]
        self._segments, at = [], 0
        for length, level in zip(lengths, levels, strict=True):
            self._segments.append(Segment(at, at + length, {"level": level, "frames": length}))
            at += length

    def segments(self) -> Sequence[Segment]:
        return self._segments

    def frames(self, segment: Segment) -> Iterator[Planes]:
        width, height = SIZE
        for n in range(segment.frame_count):
            luma = np.full((height, width), segment.key["level"], np.uint8)
            luma[:, n % width] = 235  # a moving line, so frames differ
            chroma = np.full((height // 2, width // 2), 128, np.uint8)
            yield luma, chroma, chroma.copy()


@pytest.fixture
def encodes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts encoder runs (one per segment encoded)."""
    calls: list[int] = []
    real = segments.encode

    def counting(*args: Any, **kwargs: Any) -> None:
        calls.append(1)
        real(*args, **kwargs)

    monkeypatch.setattr(segments, "encode", counting)
    return calls


def _render(source: Bars, tmp: Path, name: str, **options: Any) -> list[tuple[Path, int]]:
    store = SegmentStore(StageCache(tmp / "cache"), tmp / name)
    return render_segments(source, options.pop("burn", Burn()), store, **options)


def _film(pieces: list[tuple[Path, int]], tmp: Path, name: str, subtitles: Any = ()) -> Path:
    seconds = sum(count for _, count in pieces) / FPS
    wav = tmp / "tone.wav"
    if not wav.exists():
        import soundfile

        t = np.arange(round(48_000 * seconds)) / 48_000
        soundfile.write(wav, (0.2 * np.sin(2 * np.pi * 440 * t)).astype(np.float32), 48_000)
        encode_audio(wav, tmp / "tone.m4a")
    work = tmp / f"{name}-join"
    work.mkdir()
    join(pieces, FPS, tmp / "tone.m4a", list(subtitles), work / "film.mp4", work)
    return work / "film.mp4"


def _video_packets(path: Path) -> list[tuple[int, bool]]:
    out = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-select_streams",
            "v",
            "-show_entries",
            "packet=pts,flags",
            "-of",
            "json",
            str(path),
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return sorted((int(p["pts"]), "K" in p["flags"]) for p in json.loads(out)["packets"])


def test_a_cache_hit_encodes_nothing_and_an_edit_only_its_segment(
    tmp_path: Path, encodes: list[int]
) -> None:
    first = _render(Bars([20, 31, 17]), tmp_path, "a")
    assert len(encodes) == 3
    again = _render(Bars([20, 31, 17]), tmp_path, "b")
    assert len(encodes) == 3 and again == first
    edited = _render(Bars([20, 31, 17], [40, 99, 100]), tmp_path, "c")
    assert len(encodes) == 4  # only the middle segment changed
    assert edited[0] == first[0] and edited[2] == first[2] and edited[1] != first[1]


def test_joined_film_has_exact_duration_continuous_timestamps_and_a_keyframe_per_segment(
    tmp_path: Path,
) -> None:
    lengths = [20, 31, 17, 1, 45]
    film = _film(_render(Bars(lengths), tmp_path, "a"), tmp_path, "a")
    packets = _video_packets(film)
    assert len(packets) == sum(lengths)
    steps = {b[0] - a[0] for a, b in itertools.pairwise(packets)}
    assert len(steps) == 1  # no gap, no duplicate, no drift at the joins
    step = steps.pop()
    starts = np.cumsum([0, *lengths[:-1]])
    assert [pts // step for pts, key in packets if key] == list(starts)
    info = probe(film)
    assert float(info["format"]["duration"]) == pytest.approx(sum(lengths) / FPS, abs=1e-3)
    for stream in info["streams"]:
        assert float(stream["duration"]) == pytest.approx(sum(lengths) / FPS, abs=0.03)


def test_same_inputs_give_a_byte_identical_film(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"  # separate caches: both encode
    a = _film(_render(Bars([20, 31]), one, "a"), one, "a")
    b = _film(_render(Bars([20, 31]), two, "b"), two, "b")
    assert a.read_bytes() == b.read_bytes()


def test_subtitles_are_soft_tracks_one_per_language(tmp_path: Path) -> None:
    cue = [captions.Cue(0.2, 1.2, ("Hello there",), "NARRATOR")]
    (tmp_path / "en.srt").write_text(captions.to_srt(cue))
    (tmp_path / "hi.srt").write_text(captions.to_srt([captions.Cue(0.2, 1.2, ("नमस्ते",), "X")]))
    pieces = _render(Bars([30, 30]), tmp_path, "a")
    film = _film(pieces, tmp_path, "a", [(tmp_path / "en.srt", "en"), (tmp_path / "hi.srt", "hi")])
    streams = probe(film)["streams"]
    subtitles = [s for s in streams if s["codec_type"] == "subtitle"]
    assert [s["codec_name"] for s in subtitles] == ["mov_text", "mov_text"]
    assert [s["tags"]["language"] for s in subtitles] == ["eng", "hin"]


def test_burned_text_is_per_segment_in_segment_time_and_part_of_the_key(
    tmp_path: Path, encodes: list[int]
) -> None:
    cues = (
        captions.Cue(0.1, 0.5, ("early",), "NARRATOR"),
        captions.Cue(0.8, 1.5, ("late",), "NARRATOR"),
    )
    burn = Burn(cues=cues)
    source = Bars([30, 30])
    first, second = source.segments()
    assert "early" in (burn.ass(first, SIZE, FPS) or "")
    late = burn.ass(second, SIZE, FPS) or ""
    assert "late" in late and "early" not in late and "0:00:00.00,0:00:00.50" in late
    assert Burn().ass(first, SIZE, FPS) is None
    assert "Watermark" in (Burn(watermark=True).ass(first, SIZE, FPS) or "")
    _render(source, tmp_path, "a")
    _render(source, tmp_path, "b", burn=burn)
    assert len(encodes) == 4  # burned subtitles make other segments


def test_segment_processes_make_the_same_segments(tmp_path: Path, encodes: list[int]) -> None:
    alone = _render(Bars([20, 31, 17]), tmp_path / "one", "a")
    together = _render(Bars([20, 31, 17]), tmp_path / "two", "b", jobs=2)
    assert [p.read_bytes() for p, _ in alone] == [p.read_bytes() for p, _ in together]


def test_segments_that_do_not_tile_the_film_are_an_error(tmp_path: Path) -> None:
    source = Bars([20, 31])
    source.frame_count = 60
    with pytest.raises(RenderError, match="ends at frame 51"):
        _render(source, tmp_path, "a")


def test_a_source_that_draws_too_few_frames_fails_and_stores_nothing(tmp_path: Path) -> None:
    source = Bars([20])
    source._segments = [Segment(0, 20, {"level": 50, "frames": 10})]
    source.frames = lambda segment: Bars([10], [50]).frames(Segment(0, 10, {"level": 50}))  # type: ignore[method-assign]
    with pytest.raises(RenderError, match="drew 10 frames instead of 20"):
        _render(source, tmp_path, "a")
    assert not list((tmp_path / "cache").rglob("*.mp4"))


class SlowBars(Bars):
    """Bars drawn slowly, so a test can kill the process drawing them mid-segment."""

    def frames(self, segment: Segment) -> Iterator[Planes]:
        import time

        for planes in super().frames(segment):
            time.sleep(0.05)
            yield planes


HELPER = """
import sys
from pathlib import Path
from filmstudio.engine.cache import StageCache
from filmstudio.engine.render.segments import Burn, SegmentStore, render_segments
from tests.engine.render.test_segments import SlowBars
root = Path(sys.argv[1])
store = SegmentStore(StageCache(root / "cache"), root)
render_segments(SlowBars([30, 30, 30]), Burn(), store)
print(store.encoded)
"""


def test_a_process_killed_mid_segment_leaves_no_segment_and_the_render_completes(
    tmp_path: Path, encodes: list[int]
) -> None:
    import signal
    import sys
    import time

    helper = subprocess.Popen([sys.executable, "-c", HELPER, str(tmp_path)])
    cache = tmp_path / "cache"
    deadline = time.monotonic() + 120
    while not list(cache.rglob("*.tmp.mp4")) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)  # frames are on their way to the encoder
    helper.send_signal(signal.SIGKILL)
    helper.wait()
    finished = [p for p in cache.rglob("*.mp4") if not p.name.endswith(".tmp.mp4")]
    pieces = _render(Bars([30, 30, 30]), tmp_path, "after")
    assert len(encodes) == 3 - len(finished)  # the killed segment is redone, the rest reused
    film = _film(pieces, tmp_path, "after")
    assert len(_video_packets(film)) == 90


def test_two_processes_share_one_film_and_encode_each_segment_once(
    tmp_path: Path, encodes: list[int]
) -> None:
    import sys

    helper = subprocess.Popen(
        [sys.executable, "-c", HELPER, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        pieces = _render(SlowBars([30, 30, 30]), tmp_path, "owner")
    finally:
        out, _ = helper.communicate(timeout=120)
    assert helper.returncode == 0
    segments_made = [p for p in (tmp_path / "cache").rglob("*.mp4") if ".tmp" not in p.name]
    assert len(segments_made) == 3 and sorted(p for p, _ in pieces) == sorted(segments_made)
    assert len(encodes) + int(out.split()[-1]) == 3  # nobody encoded a segment twice


@pytest.mark.parametrize(
    ("size", "lookahead"), [((320, 180), "rc_lookahead=10"), ((1920, 1088), "rc_lookahead=5")]
)
def test_x264_runs_two_threads_on_any_machine_and_a_big_frame_looks_ahead_less(
    tmp_path: Path, size: tuple[int, int], lookahead: str
) -> None:
    width, height = size
    luma = np.full((height, width), 90, np.uint8)
    chroma = np.full((height // 2, width // 2), 128, np.uint8)
    out = tmp_path / "x.mp4"
    encode([(luma, chroma, chroma)] * 3, size=size, fps=FPS, out=out, workdir=tmp_path)
    # x264 writes the options it ran with into the stream (its SEI text).
    options = out.read_bytes().split(b"options: ")[1].split(b"\x00")[0].decode().split()
    assert "threads=2" in options and lookahead in options
