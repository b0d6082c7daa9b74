"""make_film: the one function the CLI and the studio call to turn a script into a film.

Stages run in order — plan, cast, voice ∥ pictures, time, score, mix, caption, render,
thumbnail — each cached by the hash of its inputs. The picture track is drawn by a
PictureSource cut into segments, each encoded once and cached (render.segments), then joined
by stream copy with the sound and soft subtitle tracks. Everything is written into a hidden work
folder inside the output folder and renamed into place at the end, so an interrupted render
never leaves a half-written film behind. Scene pictures wait on disk, memory-mapped, so memory
stays bounded however long the film.
"""

from __future__ import annotations

import math
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from filmstudio.engine import captions, mix, post
from filmstudio.engine.animate.drawers import LayeredStageDrawer, coverage_source
from filmstudio.engine.animate.edit import CutSource
from filmstudio.engine.animate.lipsync import LipSyncer, get_lipsyncer
from filmstudio.engine.cache import StageCache
from filmstudio.engine.errors import ChoiceError, InputError, RenderError
from filmstudio.engine.memory import trim_heap
from filmstudio.engine.picture import get_style, match_references
from filmstudio.engine.picture.layers import set_size
from filmstudio.engine.picture.providers import get_picture_provider
from filmstudio.engine.picture.reference import character_photos
from filmstudio.engine.plan import NARRATOR, FilmPlan, Line, frame_size
from filmstudio.engine.planning import cover, get_planner, make_plan
from filmstudio.engine.post.master import mix_film, scale_wav
from filmstudio.engine.progress import ProgressCallback, no_progress
from filmstudio.engine.render import thumbnail
from filmstudio.engine.render.ffmpeg import encode_audio, encoded_true_peak, ffmpeg_binary, join
from filmstudio.engine.render.fonts import is_devanagari
from filmstudio.engine.render.motion import Planes
from filmstudio.engine.render.segments import Burn, SegmentStore, render_segments
from filmstudio.engine.render.source import PictureSource
from filmstudio.engine.request import FilmExtras, FilmRequest
from filmstudio.engine.score import MUSIC_PROVIDERS, MusicSegment, get_music
from filmstudio.engine.score.user import load_user_music
from filmstudio.engine.timing import FPS, Timeline, fit_timeline
from filmstudio.engine.transcribe import get_transcriber, narration_lines
from filmstudio.engine.translate import DEFAULT_CHAIN, Translator, plan_translators, translate_cues
from filmstudio.engine.voice import cast, get_voice, release_voices, speak_line, voice_cache_key
from filmstudio.engine.voice.base import Speech, speech_from_arrays, speech_to_arrays

#: Films up to this long (seconds) are mixed while their picture encodes; longer ones after it.
#: The mix itself runs in blocks (~180 MB for 5 minutes), but a 5-minute score is still composed
#: whole (~330 MB with the soundfont) and the 1080p picture track peaks near 1.2 GB.
MIX_BESIDE_SECONDS = 120.0
#: Sets up to this many pixels (720p's, 9:16 too) are painted beside the voices; a larger one
#: is painted after them, so that painting (a 1080p set peaks at ~250 MB, a 2160p one at ~1 GB)
#: and the voice model (~450 MB) are never in memory together.
PAINT_BESIDE_PIXELS = 4_000_000
#: Where in the film each thumbnail's frame comes from (the first at 30 %, as promised).
THUMBNAIL_POINTS = (0.30, 0.12, 0.62)
OUTPUT_NAMES = (
    "film.mp4",
    "film.srt",
    "film.vtt",
    "film.ass",
    "thumbnail.jpg",
    "thumbnail-2.jpg",
    "thumbnail-3.jpg",
    "plan.json",
)

# Relative cost of each stage, for one progress figure across the whole render.
_WEIGHTS = {
    "plan": 0.02,
    "voice": 0.22,
    "pictures": 0.12,
    "timing": 0.01,
    "music": 0.05,
    "mix": 0.04,
    "captions": 0.01,
    "render": 0.48,
    "mux": 0.02,
    "thumbnail": 0.03,
}


@dataclass(frozen=True)
class EngineOptions:
    """Which provider serves each capability (configuration, not code, picks them).

    `talking` cuts to an animated close-up of each character while they speak, lip-synced by
    the `lipsync` engine; turned off, the camera stays on the scene pictures. The `*_options`
    reach the chosen provider (e.g. ``{"model": folder}`` for diffusion, MusicGen or a
    lip-sync model). `ambience` lays sound beds under outdoor scenes and `voice_effects` puts
    each line in its room (hall, temple, telephone); `translators` are tried in order for
    subtitles in other languages. `jobs` encodes picture segments in that many processes;
    `burn_subtitles` draws the subtitles into the picture (they are always soft tracks too).
    """

    planner: str = "rules"
    voice: str = "kokoro"
    music_provider: str = "composed"
    talking: bool = True
    lipsync: str = "procedural"
    pictures: str = "procedural"
    picture_options: dict[str, Any] = field(default_factory=dict)
    music_options: dict[str, Any] = field(default_factory=dict)
    lipsync_options: dict[str, Any] = field(default_factory=dict)
    ambience: bool = True
    voice_effects: bool = True
    translators: tuple[str, ...] = DEFAULT_CHAIN
    transcriber: str = "whisper"
    jobs: int = 1
    burn_subtitles: bool = False


@dataclass
class FilmResult:
    """What a render produced, and what each stage cost (seconds of wall time)."""

    out_dir: Path
    plan: FilmPlan
    duration: float
    files: dict[str, Path]
    stage_seconds: dict[str, float] = field(default_factory=dict)
    cache_hits: int = 0
    cache_misses: int = 0
    segments_encoded: int = 0
    segments_reused: int = 0


class Stages:
    """Stage timing and progress reporting for one render."""

    def __init__(self, progress: ProgressCallback) -> None:
        self.progress = progress
        self.seconds: dict[str, float] = {}
        self._done = 0.0

    def report(self, stage: str, fraction: float) -> None:
        overall = self._done + _WEIGHTS[stage] * min(max(fraction, 0.0), 1.0)
        self.progress(stage, min(overall, 1.0))

    def run(self, stage: str, work: Callable[[], Any]) -> Any:
        self.report(stage, 0.0)
        started = time.perf_counter()
        result = work()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - started
        self._done += _WEIGHTS[stage]
        self.report_done(stage)
        return result

    def report_done(self, stage: str) -> None:
        self.progress(stage, min(self._done, 1.0))


def plan_film(request: FilmRequest, options: EngineOptions = EngineOptions()) -> FilmPlan:
    """Parse, plan and cast a request; the plan a user may edit before rendering."""
    get_style(request.style)
    get_music(request.music)
    get_voice(request.narrator_voice)
    plan = make_plan(request.script, request, get_planner(options.planner))
    plan = cast(plan, request.cast)
    if request.images:
        plan = _with_photos(plan, list(request.images))
    return plan


def _with_photos(plan: FilmPlan, images: list[Path]) -> FilmPlan:
    """Images named after a character colour that character's look; the others are matched
    to the scenes they fit."""
    photos = character_photos(plan, images)
    if photos:
        plan = plan.model_copy(
            update={
                "characters": [
                    c.model_copy(update={"image": str(photos[c.name])}) if c.name in photos else c
                    for c in plan.characters
                ]
            }
        )
    places = [image for image in images if image not in photos.values()]
    return match_references(plan, places) if places else plan


def _recast(plan: FilmPlan) -> FilmPlan:
    """Fill voices an edited plan left empty, keeping the ones the user chose."""
    get_style(plan.style)
    get_music(plan.music)
    get_voice(plan.narrator_voice)
    chosen = {c.name: c.voice for c in plan.characters if c.voice}
    return cast(cover(plan), chosen)


def _line_voice(plan: FilmPlan, line: Line) -> str:
    character = plan.character(line.speaker)
    return character.voice if character and character.voice else plan.narrator_voice


def _recorded_narration(
    plan: FilmPlan, recording: Path, options: EngineOptions, cache: StageCache
) -> dict[tuple[int, int], Speech]:
    """The user's own recording cut into the narrator's lines (scene, line index -> speech),
    timed by the transcriber; cached by the file's identity and the lines' text."""
    slots = [
        (i, j)
        for i, scene in enumerate(plan.scenes)
        for j, line in enumerate(scene.dialogue)
        if line.speaker == NARRATOR
    ]
    if not slots:
        return {}
    texts = [plan.scenes[i].dialogue[j].text for i, j in slots]
    stat = recording.stat()
    key = {
        "recording": [str(recording), stat.st_size, stat.st_mtime_ns],
        "lines": texts,
        "language": plan.language,
        "transcriber": options.transcriber,
    }

    def transcribe() -> tuple[dict[str, NDArray[Any]], dict[str, Any]]:
        pieces = narration_lines(
            recording, texts, plan.language, get_transcriber(options.transcriber)
        )
        stored = [speech_to_arrays(piece) for piece in pieces]
        arrays = {f"line{k}": a["samples"] for k, (a, _) in enumerate(stored)}
        return arrays, {"lines": [meta for _, meta in stored]}

    arrays, meta = cache.arrays("voice", key, transcribe)
    return {
        slot: speech_from_arrays({"samples": arrays[f"line{k}"]}, line_meta)
        for k, (slot, line_meta) in enumerate(zip(slots, meta["lines"], strict=True))
    }


def _voice_all(
    plan: FilmPlan,
    options: EngineOptions,
    cache: StageCache,
    report: Callable[[float], None],
    recording: Path | None = None,
) -> list[list[Speech]]:
    recorded = _recorded_narration(plan, recording, options, cache) if recording else {}
    total = sum(len(s.dialogue) for s in plan.scenes) or 1
    done = 0
    speeches: list[list[Speech]] = []
    for i, scene in enumerate(plan.scenes):
        voiced = []
        for j, line in enumerate(scene.dialogue):
            if (i, j) in recorded:
                voiced.append(recorded[(i, j)])
                done += 1
                report(done / total)
                continue
            voice_id = _line_voice(plan, line)
            key = voice_cache_key(line, voice_id, options.voice)

            def speak(
                line: Line = line, voice_id: str = voice_id
            ) -> tuple[dict[str, NDArray[Any]], dict[str, Any]]:
                return speech_to_arrays(speak_line(line, voice_id, options.voice))

            arrays, meta = cache.arrays("voice", key, speak)
            voiced.append(speech_from_arrays(arrays, meta))
            done += 1
            report(done / total)
        speeches.append(voiced)
    return speeches


def _provider_key(provider: object) -> Any:
    """What identifies a provider's output beyond its name (a model folder, its settings)."""
    describe = getattr(provider, "cache_key", None)
    return describe() if callable(describe) else getattr(provider, "name", type(provider).__name__)


def _music_segments(plan: FilmPlan, timeline: Timeline) -> list[MusicSegment]:
    return [
        MusicSegment(start=t.start, end=t.end, mood=scene.mood)
        for scene, t in zip(plan.scenes, timeline.scenes, strict=True)
    ]


def _music_file(
    cache: StageCache,
    key: dict[str, Any],
    folder: Path,
    make: Callable[[], NDArray[np.float32]],
) -> Path:
    """The film's music as a float32 .npy (n, 2), made once per key: the mix reads it a block
    at a time, so a long film's score is never held while it is mixed."""

    def save(path: Path) -> None:
        with path.open("wb") as handle:
            np.save(handle, np.ascontiguousarray(make(), dtype=np.float32))

    if cache.enabled:
        return cache.file("music", key, ".npy", save)
    path = folder / "music.npy"
    save(path)
    return path


def _user_music(path: Path, timeline: Timeline, cache: StageCache, folder: Path) -> Path:
    """The user's own music fitted to the film, cached by the file's identity."""
    stat = path.stat()
    key = {
        "user_music": [str(path), stat.st_size, stat.st_mtime_ns],
        "duration": timeline.duration,
        "rate": mix.SAMPLE_RATE,
    }
    return _music_file(
        cache, key, folder, lambda: load_user_music(path, timeline.duration, mix.SAMPLE_RATE)
    )


def _score(
    plan: FilmPlan,
    timeline: Timeline,
    options: EngineOptions,
    cache: StageCache,
    folder: Path,
    music_file: Path | None = None,
) -> Path:
    """The score (or the user's music fitted to the film) as a .npy file in the cache."""
    if music_file is not None:
        return _user_music(music_file, timeline, cache, folder)
    segments = _music_segments(plan, timeline)
    provider = MUSIC_PROVIDERS[options.music_provider](**options.music_options)
    key = {
        "provider": _provider_key(provider),
        "segments": [[s.start, s.end, s.mood] for s in segments],
        "duration": timeline.duration,
        "music": plan.music,
        "seed": plan.seed,
        "rate": mix.SAMPLE_RATE,
    }
    return _music_file(
        cache,
        key,
        folder,
        lambda: provider.compose(
            segments, timeline.duration, plan.music, plan.seed, mix.SAMPLE_RATE
        ),
    )


def picture_source(film: _Visuals, syncer: LipSyncer | None, cache: StageCache) -> CutSource:
    """How the picture track is drawn: the plan's shots, each filmed on its scene's layered
    set (or as a talking portrait), one segment per cut."""
    plan, timeline = film.plan, film.timeline
    size = frame_size(plan.quality, plan.aspect)
    return coverage_source(plan, timeline, size, cache, film.stage, syncer)


def _write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


@dataclass
class PreparedFilm:
    """Everything a film is made of, before it is encoded: timed plan, sets, sound, cues."""

    plan: FilmPlan
    timeline: Timeline
    stage: LayeredStageDrawer
    audio: NDArray[np.float32]
    cues: list[captions.Cue]


@dataclass
class _Visuals:
    """What the picture track needs (sets painted into the stage cache); the sound is made
    beside the encoder."""

    plan: FilmPlan
    timeline: Timeline
    stage: LayeredStageDrawer
    cues: list[captions.Cue]


def _prepare_visuals(
    source: FilmRequest | FilmPlan,
    options: EngineOptions,
    cache: StageCache,
    stages: Stages,
    check: Callable[[FilmPlan], None] = lambda plan: None,
    recording: Path | None = None,
) -> _Visuals:
    """Plan, voice and paint each scene's set (into the stage cache, beside the voices), then
    time the film and make its subtitles; `check` sees the plan before anything costly starts
    (a choice that cannot be honoured fails at once)."""
    if isinstance(source, FilmRequest):
        plan: FilmPlan = stages.run("plan", lambda: plan_film(source, options))
    else:
        plan = stages.run("plan", lambda: _recast(source))
    check(plan)
    painter = get_picture_provider(options.pictures, **options.picture_options)
    width, height = frame_size(plan.quality, plan.aspect)
    stage = LayeredStageDrawer(plan, (width, height), FPS, cache, painter, _provider_key(painter))
    beside = math.prod(set_size((width, height))) <= PAINT_BESIDE_PIXELS
    with ThreadPoolExecutor(max_workers=1) as pool:
        started = time.perf_counter()
        painting: Future[None] = pool.submit(stage.warm if beside else lambda: None)
        speeches = stages.run(
            "voice",
            lambda: _voice_all(
                plan, options, cache, lambda f: stages.report("voice", f), recording
            ),
        )
        release_voices()  # the voice models stay out of the picture track's and mix's memory
        stages.run("pictures", painting.result if beside else stage.warm)
        trim_heap()  # painting's copies of each set are freed: hand their pages back
        stages.seconds["pictures"] = time.perf_counter() - started
    plan, timeline = stages.run("timing", lambda: fit_timeline(plan, speeches))
    cues = stages.run(
        "captions", lambda: captions.build_cues(timeline, captions.max_chars_for(width, height))
    )
    return _Visuals(plan, timeline, stage, cues)


def _mixdown(
    plan: FilmPlan,
    timeline: Timeline,
    options: EngineOptions,
    cache: StageCache,
    stages: Stages,
    extras: FilmExtras,
) -> mix.Mixdown:
    """Score the film (or fit the user's music) and mix it with voices and ambience, whole
    (benches that look at the master's samples)."""
    with tempfile.TemporaryDirectory(prefix="music-") as folder:
        music_path = stages.run(
            "music",
            lambda: _score(plan, timeline, options, cache, Path(folder), extras.music_file),
        )
        music = np.load(music_path).astype(np.float32)
    mixed: mix.Mixdown = stages.run(
        "mix",
        lambda: post.film_mixdown(
            plan,
            timeline,
            music,
            mix.SAMPLE_RATE,
            effects=options.voice_effects,
            ambience=options.ambience,
        ),
    )
    return mixed


def _sound_track(
    plan: FilmPlan,
    timeline: Timeline,
    options: EngineOptions,
    cache: StageCache,
    stages: Stages,
    work: Path,
    extras: FilmExtras,
) -> Path:
    """The film's sound, mixed a block at a time and encoded to AAC in `work` (and its stems,
    when asked)."""
    music = stages.run(
        "music", lambda: _score(plan, timeline, options, cache, work, extras.music_file)
    )
    stages.run(
        "mix",
        lambda: mix_film(
            plan,
            timeline,
            music,
            work / "audio.wav",
            mix.SAMPLE_RATE,
            effects=options.voice_effects,
            ambience=options.ambience,
            stems=work / "stems" if extras.stems else None,
            scratch=work,
        ),
    )
    encode_audio(work / "audio.wav", work / "audio.m4a")
    over = encoded_true_peak(work / "audio.m4a") - mix.TRUE_PEAK_DBTP
    if over > 0:  # the encoder overshot the limit: turn the master down by as much, once more
        scale_wav(work / "audio.wav", 10 ** (-(over + 0.2) / 20))
        encode_audio(work / "audio.wav", work / "audio.m4a")
    return work / "audio.m4a"


def prepare_film(
    source: FilmRequest | FilmPlan,
    options: EngineOptions,
    cache: StageCache,
    stages: Stages,
) -> PreparedFilm:
    """Run every stage up to the encoder (all cached), one after another (benches)."""
    seen = _prepare_visuals(source, options, cache, stages)
    mixed = _mixdown(seen.plan, seen.timeline, options, cache, stages, FilmExtras())
    return PreparedFilm(seen.plan, seen.timeline, seen.stage, mixed.master, seen.cues)


def make_film(
    source: FilmRequest | FilmPlan,
    out_dir: Path,
    *,
    options: EngineOptions = EngineOptions(),
    cache: StageCache | None = None,
    progress: ProgressCallback = no_progress,
    extras: FilmExtras | None = None,
) -> FilmResult:
    """Render a film from a request (script + choices) or from an edited plan; `extras` adds
    the user's own music, subtitles in other languages and stems."""
    cache = cache if cache is not None else StageCache()
    extras = extras if extras is not None else FilmExtras()
    stages = Stages(progress)
    ffmpeg_binary()
    if options.music_provider not in MUSIC_PROVIDERS:
        raise ChoiceError(
            f"Unknown music engine '{options.music_provider}'. "
            f"Choose one of: {', '.join(MUSIC_PROVIDERS)}."
        )
    if options.jobs < 1:
        raise InputError(
            f"The number of encoding processes must be at least 1 (got {options.jobs})."
        )
    syncer = get_lipsyncer(options.lipsync, **options.lipsync_options) if options.talking else None
    _check_files(extras)
    translators: dict[str, Translator] = {}

    def check(plan: FilmPlan) -> None:
        translators.update(plan_translators(plan.language, extras.subtitles, options.translators))

    out_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".partial-", dir=out_dir))
    sound = ThreadPoolExecutor(max_workers=1)
    try:
        film = _prepare_visuals(source, options, cache, stages, check, extras.narration_file)
        plan, timeline = film.plan, film.timeline
        # The score and the mix are made while the picture track encodes (they share nothing);
        # a long film's mix comes after it, so the two memory peaks never add up.
        args = (plan, timeline, options, cache, stages, work, extras)
        beside = timeline.duration <= MIX_BESIDE_SECONDS
        audio = sound.submit(_sound_track, *args) if beside else None
        tracks = _write_subtitles(film, work, translators)
        store = SegmentStore(cache, work)
        picture = picture_source(film, syncer, cache)
        pieces = _render_picture(film, picture, options, stages, store)
        audio = audio or sound.submit(_sound_track, *args)
        stages.run(
            "mux",
            lambda: join(pieces, timeline.fps, audio.result(), tracks, work / "film.mp4", work),
        )
        stages.run("thumbnail", lambda: _thumbnails(film.plan, picture, work))
        extra_names = [f"film.{lang}.{kind}" for _, lang in tracks[1:] for kind in ("srt", "vtt")]
        if extras.stems:
            extra_names += [f"stems/{p.name}" for p in sorted((work / "stems").glob("*.wav"))]
        files = _publish(work, out_dir, extra_names)
    finally:
        sound.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(work, ignore_errors=True)
    return FilmResult(
        out_dir=out_dir,
        plan=plan,
        duration=timeline.duration,
        files=files,
        stage_seconds=stages.seconds,
        cache_hits=cache.hits,
        cache_misses=cache.misses,
        segments_encoded=store.encoded,
        segments_reused=store.reused,
    )


def _render_picture(
    film: _Visuals,
    picture: PictureSource,
    options: EngineOptions,
    stages: Stages,
    store: SegmentStore,
) -> list[tuple[Path, int]]:
    """The picture track's segments, encoded (or found in the cache), in order."""
    burn = Burn(
        cues=tuple(film.cues) if options.burn_subtitles else (),
        watermark=film.plan.watermark,
        devanagari=any(is_devanagari(" ".join(c.lines)) for c in film.cues),
    )
    report = lambda fraction: stages.report("render", fraction)  # noqa: E731
    pieces: list[tuple[Path, int]] = stages.run(
        "render", lambda: render_segments(picture, burn, store, jobs=options.jobs, report=report)
    )
    return pieces


def help_render(
    source: FilmRequest | FilmPlan,
    *,
    options: EngineOptions = EngineOptions(),
    cache: StageCache | None = None,
    progress: ProgressCallback = no_progress,
    scratch: Path | None = None,
) -> int:
    """Encode segments of a film another process is rendering (a studio worker helping a job):
    the same stages, found in the shared stage cache, then any segment nobody holds yet. The
    owner joins and publishes. Returns how many segments this process encoded."""
    cache = cache if cache is not None else StageCache()
    if not cache.enabled:
        raise InputError("Helping a render needs the stage cache the renders share.")
    syncer = get_lipsyncer(options.lipsync, **options.lipsync_options) if options.talking else None
    stages = Stages(progress)
    with tempfile.TemporaryDirectory(prefix="help-", dir=scratch) as folder:
        film = _prepare_visuals(source, options, cache, stages)
        store = SegmentStore(cache, Path(folder))
        _render_picture(film, picture_source(film, syncer, cache), options, stages, store)
    return store.encoded


def _write_subtitles(
    film: _Visuals, work: Path, translators: dict[str, Translator]
) -> list[tuple[Path, str]]:
    """The film's SRT, VTT and ASS files (plus translated SRT and VTT) and the plan; returns
    the soft subtitle tracks, (SRT file, language), the film's own language first."""
    plan, cues = film.plan, film.cues
    width, height = frame_size(plan.quality, plan.aspect)
    devanagari = any(is_devanagari(" ".join(c.lines)) for c in cues)
    _write_text(work / "film.srt", captions.to_srt(cues))
    _write_text(work / "film.vtt", captions.to_vtt(cues))
    watermark_until = film.timeline.duration if plan.watermark else None
    ass = captions.to_ass(cues, width, height, devanagari, watermark_until)
    _write_text(work / "film.ass", ass)
    _write_text(work / "plan.json", plan.to_json())
    tracks: list[tuple[Path, str]] = [(work / "film.srt", plan.language)]
    for name in _translated_subtitles(cues, plan.language, translators, work):
        if name.endswith(".srt"):
            tracks.append((work / name, name.split(".")[1]))
    return tracks


def _thumbnails(plan: FilmPlan, picture: CutSource, work: Path) -> None:
    """Three thumbnails from frames of the film itself (before any burned text)."""
    names = ("thumbnail.jpg", "thumbnail-2.jpg", "thumbnail-3.jpg")
    for name, point, layout in zip(names, THUMBNAIL_POINTS, thumbnail.LAYOUTS, strict=True):
        frame = _rgb(picture.still(round(point * (picture.frame_count - 1))))
        thumbnail.save_jpeg(thumbnail.compose(frame, plan.title, layout), work / name)


def _rgb(planes: Planes) -> NDArray[np.uint8]:
    """I420 planes as one RGB picture."""
    luma, u, v = planes
    width = luma.shape[1]
    packed = np.concatenate([luma, u.reshape(-1, width), v.reshape(-1, width)])
    return np.asarray(cv2.cvtColor(packed, cv2.COLOR_YUV2RGB_I420), np.uint8)


def _check_files(extras: FilmExtras) -> None:
    """The user's own files must be there before hours of work start."""
    for what, path in (("music", extras.music_file), ("narration", extras.narration_file)):
        if path is not None and not path.is_file():
            raise InputError(f"The {what} file {path} does not exist.")


def _translated_subtitles(
    cues: Sequence[captions.Cue], language: str, translators: dict[str, Translator], work: Path
) -> list[str]:
    """film.<lang>.srt and .vtt for every extra subtitle language; their names."""
    names: list[str] = []
    for target, translator in translators.items():
        translated = translate_cues(cues, language, target, translator)
        for suffix, text in (
            ("srt", captions.to_srt(translated)),
            ("vtt", captions.to_vtt(translated)),
        ):
            _write_text(work / f"film.{target}.{suffix}", text)
            names.append(f"film.{target}.{suffix}")
    return names


def _publish(work: Path, out_dir: Path, extra_names: Sequence[str] = ()) -> dict[str, Path]:
    """Move finished files into place; each rename is atomic."""
    names = [*OUTPUT_NAMES, *extra_names]
    missing = [name for name in names if not (work / name).exists()]
    if missing:
        raise RenderError(f"The render did not produce {', '.join(missing)}.")
    files = {}
    for name in names:
        (out_dir / name).parent.mkdir(parents=True, exist_ok=True)
        os.replace(work / name, out_dir / name)
        files[name] = out_dir / name
    return files
