"""The picture track as cached segments: each one a closed-GOP H.264 file, joined by stream copy.

Why: a one-line edit should re-encode only the segments whose frames changed, and one film
should be able to use many processes. A segment is cached by the hash of its source key (what
draws it), size, frame rate, the encoder's settings and build, and the text burned into it
(the watermark; subtitles only when asked, as segment-relative cues). Each file is written to a
temporary name and renamed when whole, so a killed encoder never leaves a segment to be joined.

Any number of processes may render the same film at once (local `jobs`, studio workers helping
a job): each takes a segment by locking it (flock, dropped by the kernel if the process dies),
skips segments others hold, and loops until every file exists; a segment whose encoder died is
free again and the next pass redoes it.
"""

from __future__ import annotations

import contextlib
import fcntl
import multiprocessing
import os
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2

from filmstudio.engine import captions
from filmstudio.engine.cache import StageCache, cache_key
from filmstudio.engine.errors import RenderError
from filmstudio.engine.memory import trim_heap
from filmstudio.engine.render.ffmpeg import CODEC, die_with_parent, encode, ffmpeg_version
from filmstudio.engine.render.motion import Planes
from filmstudio.engine.render.source import PictureSource, Segment

#: Seconds between progress reports while segment processes work.
POLL_SECONDS = 0.2


@dataclass(frozen=True)
class Burn:
    """Text burned into the picture: the free tier's watermark, and the subtitles when asked."""

    cues: tuple[captions.Cue, ...] = ()
    watermark: bool = False
    devanagari: bool = False

    def ass(self, segment: Segment, size: tuple[int, int], fps: int) -> str | None:
        """The ASS script for one segment in its own time (None: nothing to burn)."""
        start, end = segment.first / fps, segment.last / fps
        cues = [
            captions.Cue(c.start - start, c.end - start, c.lines, c.speaker)
            for c in self.cues
            if c.end > start and c.start < end
        ]
        if not cues and not self.watermark:
            return None
        until = end - start if self.watermark else None
        return captions.to_ass(cues, size[0], size[1], self.devanagari, until)


@dataclass
class SegmentStore:
    """Where encoded segments live: the stage cache, or (cache off) this render's scratch."""

    cache: StageCache
    scratch: Path
    encoded: int = 0
    reused: int = 0

    def path(self, inputs: dict[str, Any]) -> Path:
        key = cache_key("segment", inputs)
        if self.cache.enabled:
            return self.cache.root / "segment" / key[:2] / f"{key}.mp4"
        return self.scratch / "segments" / f"{key}.mp4"

    @contextlib.contextmanager
    def hold(self, inputs: dict[str, Any]) -> Iterator[bool]:
        """Take the segment for this process (True), unless another live process has it."""
        lock = self.path(inputs).with_suffix(".lock")
        lock.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(lock, os.O_CREAT | os.O_RDWR, 0o600)
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            yield True
        finally:
            os.close(handle)

    def put(self, inputs: dict[str, Any], make: Callable[[Path], None]) -> Path:
        """The segment for `inputs`, made by `make(temporary path)` unless already stored."""
        if self.cache.enabled:
            return self.cache.file("segment", inputs, ".mp4", make)
        path = self.path(inputs)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp.mp4")
            make(tmp)
            os.replace(tmp, path)
        return path


@dataclass(frozen=True)
class _Job:
    """One segment to encode: its place in the source, its cache inputs and burned text."""

    index: int
    inputs: dict[str, Any] = field(hash=False)
    ass: str | None = None


def segment_inputs(source: PictureSource, segment: Segment, ass: str | None) -> dict[str, Any]:
    """Everything that decides a segment's bytes (its cache key)."""
    return {
        "key": segment.key,
        "frames": segment.frame_count,
        "size": list(source.size),
        "fps": source.fps,
        "codec": CODEC,
        "ffmpeg": ffmpeg_version(),
        "burn": ass,
    }


def check_tiling(source: PictureSource) -> Sequence[Segment]:
    """The source's segments, checked to cover every frame exactly once, in order."""
    segments = source.segments()
    at = 0
    for segment in segments:
        if segment.first != at or segment.last <= segment.first:
            raise RenderError(
                f"The picture track's segments do not tile the film (a segment starts at "
                f"frame {segment.first}, expected {at})."
            )
        at = segment.last
    if at != source.frame_count:
        raise RenderError(f"The picture track ends at frame {at}, not {source.frame_count}.")
    return segments


def _counted(frames: Iterator[Planes], expected: int) -> Iterator[Planes]:
    """The frames, failing if the source draws more or fewer than the segment holds."""
    count = 0
    for planes in frames:
        count += 1
        if count > expected:
            break
        yield planes
    if count != expected:
        raise RenderError(f"A segment drew {count} frames instead of {expected}.")


def encode_segment(
    source: PictureSource,
    segment: Segment,
    ass: str | None,
    out: Path,
    scratch: Path,
    on_frame: Callable[[int], None] | None = None,
) -> None:
    """Encode one segment into `out` (a keyframe on its first frame: each encode starts one)."""
    scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="segment-", dir=scratch) as folder:
        if ass is not None:
            (Path(folder) / "burn.ass").write_text(ass, encoding="utf-8")
        encode(
            _counted(source.frames(segment), segment.frame_count),
            size=source.size,
            fps=source.fps,
            out=out,
            workdir=Path(folder),
            subtitles="burn.ass" if ass is not None else None,
            on_frame=on_frame,
        )


def render_segments(
    source: PictureSource,
    burn: Burn,
    store: SegmentStore,
    *,
    jobs: int = 1,
    report: Callable[[float], None] = lambda fraction: None,
) -> list[tuple[Path, int]]:
    """Every segment of `source` as an encoded file (path, frame count), in order: reused when
    stored, else encoded here (`jobs` = 1) or in `jobs` processes, while other processes may
    encode some of them too. `report` gets the fraction of frames done (by anyone), and may
    raise to stop (every segment process is stopped too)."""
    segments = check_tiling(source)
    threads = cv2.getNumThreads()
    # x264 keeps the other cores busy: OpenCV's own threads there cost a fifth more CPU for
    # the same frames (1080p: 58 against 48 ms a frame) and gain no wall time
    cv2.setNumThreads(1)
    try:
        return _render_all(source, burn, store, segments, jobs, report)
    finally:
        cv2.setNumThreads(threads)


def _render_all(
    source: PictureSource,
    burn: Burn,
    store: SegmentStore,
    segments: Sequence[Segment],
    jobs: int,
    report: Callable[[float], None],
) -> list[tuple[Path, int]]:
    """`render_segments`' loop: until every segment is stored, encode the ones nobody holds."""
    work = []
    for index, segment in enumerate(segments):
        ass = burn.ass(segment, source.size, source.fps)
        work.append(_Job(index, segment_inputs(source, segment, ass), ass))
    store.reused += sum(1 for job in work if store.path(job.inputs).exists())
    total = source.frame_count
    while True:
        missing = [job for job in work if not store.path(job.inputs).exists()]
        done = total - sum(segments[job.index].frame_count for job in missing)
        report(done / total)
        if not missing:
            return [(store.path(job.inputs), segments[job.index].frame_count) for job in work]
        if jobs > 1 and len(missing) > 1:
            _in_processes(source, store, segments, missing, jobs, done, report)
        elif not _encode_free(source, store, segments, missing, done, report):
            time.sleep(POLL_SECONDS)  # every missing segment is being encoded elsewhere


def _encode_free(
    source: PictureSource,
    store: SegmentStore,
    segments: Sequence[Segment],
    missing: Sequence[_Job],
    done: int,
    report: Callable[[float], None],
) -> bool:
    """Encode, here, each missing segment nobody else holds; whether any was."""
    total = source.frame_count
    encoded = False
    for job in missing:
        segment = segments[job.index]

        def progress(n: int, base: int = done) -> None:
            if n % 15 == 0:
                report((base + n) / total)

        if _encode_job(source, store, segment, job, progress):
            encoded = True
            done += segment.frame_count
            report(done / total)
    return encoded


def _encode_job(
    source: PictureSource,
    store: SegmentStore,
    segment: Segment,
    job: _Job,
    on_frame: Callable[[int], None] | None = None,
) -> bool:
    """Encode one segment unless it is stored or another process holds it; whether we did."""

    def make(tmp: Path) -> None:
        encode_segment(source, segment, job.ass, tmp, store.scratch, on_frame)

    with store.hold(job.inputs) as ours:
        if not ours or store.path(job.inputs).exists():
            return False
        store.put(job.inputs, make)
    store.encoded += 1
    trim_heap()  # the shot's drawings and warps are gone: hand their pages back
    return True


_WORKER: dict[str, Any] = {}


def _start_worker(source: PictureSource, store: SegmentStore) -> None:
    """A segment process: dies with its parent, keeps the source it was given."""
    die_with_parent()
    cv2.setNumThreads(1)  # as in render_segments: the processes and encoders share the cores
    _WORKER.update(source=source, store=store)


def _work(job: _Job) -> tuple[int, bool]:
    source: PictureSource = _WORKER["source"]
    segment = source.segments()[job.index]
    return job.index, _encode_job(source, _WORKER["store"], segment, job)


def _in_processes(
    source: PictureSource,
    store: SegmentStore,
    segments: Sequence[Segment],
    work: Sequence[_Job],
    jobs: int,
    done: int,
    report: Callable[[float], None],
) -> None:
    """Encode `work` in `jobs` fresh processes (spawned: no threads or locks inherited)."""
    total = source.frame_count
    context = multiprocessing.get_context("spawn")
    pool = context.Pool(min(jobs, len(work)), _start_worker, (source, store))
    try:
        pending = [pool.apply_async(_work, (job,)) for job in work]
        while pending:
            time.sleep(POLL_SECONDS)
            finished = [result for result in pending if result.ready()]
            for result in finished:
                index, encoded = result.get()
                store.encoded += int(encoded)
                done += segments[index].frame_count if encoded else 0
                pending.remove(result)
            report(done / total)
        pool.close()
    finally:
        pool.terminate()
        pool.join()
