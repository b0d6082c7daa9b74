"""The film's whole sound mixed a block at a time, straight into the master WAV (and stems).

The same mix as :func:`filmstudio.engine.mix.mixdown` (voices at −16 LUFS, music and ambience
ducked under them, one per-sample master gain to −14 LUFS under the true-peak ceiling, stems
that add up to the master), but no film-long array is ever held: voices and ambience are made
a block at a time into scratch files beside the music, every level is measured by a streaming
meter, and the master gain's search reads those files again in blocks. Memory stays a few
blocks (a few tens of MB) whether the film lasts one minute or an hour; a 5-minute film held
whole peaked near 1.4 GB.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import soundfile
from numpy.typing import NDArray

from filmstudio.engine import mix
from filmstudio.engine.plan import FilmPlan
from filmstudio.engine.post.ambience import ambience_block
from filmstudio.engine.post.blocks import MARGIN, LoudnessMeter, NpyReader, Track, spans
from filmstudio.engine.post.blocks import true_peaks as block_true_peaks
from filmstudio.engine.post.track import voice_blocks
from filmstudio.engine.timing import Timeline

Audio = NDArray[np.float32]
#: Ducking hops per block (a block is a whole number of the ducker's 10 ms hops).
HOPS_PER_BLOCK = 512


@dataclass(frozen=True)
class MixedFiles:
    """The master (stereo 32-bit float WAV) and, when asked for, the stems beside it."""

    master: Path
    stems: dict[str, Path]


@dataclass(frozen=True)
class _Sources:
    """Scratch tracks of the film's length and the levels the mix gives them."""

    voice: Track
    air: Track | None
    music: NpyReader | None
    voice_gain: float
    air_gain: float
    music_gain: float
    duck: NDArray[Any] | None  # music gain per 10 ms hop (None: nobody speaks)
    air_duck: NDArray[Any] | None
    hop: int

    def parts(self, start: int, stop: int) -> tuple[NDArray[Any], NDArray[Any], NDArray[Any]]:
        """Voice (as stereo), ambience and music of frames start..stop, levelled and ducked."""
        voice = self.voice.read(start, stop) * self.voice_gain
        voice2: Audio = np.repeat(voice[:, None], 2, axis=1)
        zeros = np.zeros((stop - start, 2), np.float32)
        air: NDArray[Any] = self.air.read(start, stop) * self.air_gain if self.air else zeros
        bed: NDArray[Any] = self.music.read(start, stop) * self.music_gain if self.music else zeros
        if self.duck is not None and self.air_duck is not None:
            bed = bed * self._envelope(self.duck, start, stop)[:, None]
            air = air * self._envelope(self.air_duck, start, stop)[:, None]
        return voice2, air, bed

    def _envelope(self, frames: NDArray[Any], start: int, stop: int) -> Audio:
        at = np.arange(start, stop) / self.hop
        return np.asarray(np.interp(at, np.arange(len(frames)), frames), dtype=np.float32)


def mix_film(
    plan: FilmPlan,
    timeline: Timeline,
    music: Path | None,
    master: Path,
    rate: int = mix.SAMPLE_RATE,
    *,
    effects: bool = True,
    ambience: bool = True,
    stems: Path | None = None,
    scratch: Path | None = None,
    hops_per_block: int = HOPS_PER_BLOCK,
) -> MixedFiles:
    """Mix the film's voices, ambience and `music` (a float32 .npy of shape (n, 2), or None
    for silence) into `master`, and voice.wav, ambience.wav and music.wav into `stems` when
    given; scratch files live in a temporary folder inside `scratch`. Memory grows with the
    block (`hops_per_block` × 10 ms), not with the film."""
    n = round(timeline.duration * rate)
    hop = rate // 100
    block = hop * hops_per_block
    with tempfile.TemporaryDirectory(prefix="mix-", dir=scratch) as folder:
        sources = _sources(plan, timeline, music, Path(folder), rate, effects, ambience, block)
        mixed = Track(Path(folder) / "mixed.f32", n, 2)
        meter = LoudnessMeter(n, rate, 2)
        audible = False
        for start, stop in spans(n, block):
            voice2, air, bed = sources.parts(start, stop)
            together = (bed + air + voice2).astype(np.float32)
            mixed.append(together)
            meter.add(together)
            audible = audible or bool(np.any(together))
        peaks = Track(Path(folder) / "peaks.f64", n, 1, np.float64)
        for start, stop in spans(n, block):
            peaks.append(block_true_peaks(mixed.read, start, stop, n))
        level = _master_level(mixed, meter.lufs(), peaks, rate, block) if audible else None
        return _write(sources, peaks, level, master, stems, rate, block)


def _sources(
    plan: FilmPlan,
    timeline: Timeline,
    music: Path | None,
    folder: Path,
    rate: int,
    effects: bool,
    ambience: bool,
    block: int,
) -> _Sources:
    """Voices and ambience made into scratch tracks, each source's level measured (the same
    decisions as mix.mixdown: what is silent is left alone, the beds follow the voices)."""
    n = round(timeline.duration * rate)
    voice = Track(folder / "voice.f32", n, 1)
    voice_lufs, has_speech = _fill(
        voice, voice_blocks(plan, timeline, rate, effects=effects, block=block), rate
    )
    air: Track | None = None
    air_lufs = -np.inf
    if ambience:
        scenes = [(t.start, t.end, plan.scenes[t.index].setting) for t in timeline.scenes]
        air = Track(folder / "air.f32", n, 2)
        made = (
            ambience_block(scenes, timeline.duration, rate, plan.seed, start, stop)
            for start, stop in spans(n, block)
        )
        air_lufs, _ = _fill(air, made, rate)
    reader = NpyReader(music) if music is not None else None
    music_lufs, has_music = -np.inf, False
    if reader is not None:
        if (reader.length, reader.channels) != (n, 2):
            raise ValueError("music must be stereo and as long as the film")
        music_lufs, has_music = _measure(reader.read, n, rate, block)
    if has_speech:
        bed_lufs = mix.SPEECH_LUFS + mix.MUSIC_BED_DB
        air_target = mix.SPEECH_LUFS + mix.AMBIENCE_BED_DB
    else:
        bed_lufs = mix.TARGET_LUFS
        air_target = mix.TARGET_LUFS + (mix.AMBIENCE_UNDER_MUSIC_DB if has_music else 0.0)
    voice_gain = _gain(voice_lufs, mix.SPEECH_LUFS)
    duck = air_duck = None
    if has_speech:
        rms = _voice_rms(voice, voice_gain, rate // 100, block)
        duck = mix.duck_frames(rms, mix.DUCK_DB)
        air_duck = mix.duck_frames(rms, mix.AMBIENCE_DUCK_DB)
    return _Sources(
        voice=voice,
        air=air,
        music=reader,
        voice_gain=voice_gain,
        air_gain=_gain(air_lufs, air_target),
        music_gain=_gain(music_lufs, bed_lufs),
        duck=duck,
        air_duck=air_duck,
        hop=rate // 100,
    )


def _gain(measured: float, target: float) -> float:
    """The gain bringing a source measured at `measured` LUFS to `target` (1 if unmeasurable)."""
    return float(10 ** ((target - measured) / 20)) if np.isfinite(measured) else 1.0


def _fill(track: Track, blocks: Iterable[Audio], rate: int) -> tuple[float, bool]:
    """Write `blocks` into `track`; (loudness of what was written, whether any sample is not 0)."""
    meter = LoudnessMeter(track.length, rate, track.channels)
    heard = False
    for piece in blocks:
        track.append(piece)
        meter.add(piece)
        heard = heard or bool(np.any(piece))
    return meter.lufs(), heard


def _measure(
    read: Callable[[int, int], Audio], n: int, rate: int, block: int
) -> tuple[float, bool]:
    """(loudness, whether any sample is not 0) of a stereo track read in blocks."""
    meter = LoudnessMeter(n, rate, 2)
    heard = False
    for start, stop in spans(n, block):
        piece = read(start, stop)
        meter.add(piece)
        heard = heard or bool(np.any(piece))
    return meter.lufs(), heard


def _voice_rms(voice: Track, gain: float, hop: int, block: int) -> NDArray[Any]:
    """RMS of every 10 ms hop of the levelled voice, the last hop padded with silence (and one
    silent hop more when the film ends on a hop's edge, as mix.duck_envelope has it)."""
    frames = voice.length // hop + 1
    pieces = []
    for start, stop in spans(frames * hop, block):
        levelled = voice.read(start, stop) * gain
        padded = np.pad(levelled, (0, (stop - start) - len(levelled)))
        pieces.append(mix.frame_rms(padded, hop))
    return np.concatenate(pieces)


def _master_level(mixed: Track, measured: float, peaks: Track, rate: int, block: int) -> float:
    """The make-up level (linear) that lands the limited mix on −14 LUFS: the search of
    mix._master_gain, each try one pass over the mix in blocks."""
    gain_db = mix.TARGET_LUFS - measured
    level = 10 ** (gain_db / 20)
    for _ in range(4):
        level = 10 ** (gain_db / 20)
        meter = LoudnessMeter(mixed.length, rate, 2)
        for start, stop, gain in _gains(peaks, level, rate, block):
            meter.add(np.asarray(mixed.read(start, stop) * gain[:, None], np.float32))
        miss = mix.TARGET_LUFS - meter.lufs()
        if abs(miss) < 0.1:
            break
        gain_db += miss
    return float(level)


def _gains(
    peaks: Track, level: float | None, rate: int, block: int
) -> Iterator[tuple[int, int, NDArray[Any]]]:
    """(start, stop, per-sample master gain) of each block, in order: `level` times the
    look-ahead limiter's gain (mix._limiter_gain, its windows fed MARGIN frames of context
    and its release carried from block to block); all ones when `level` is None (silence)."""
    state: NDArray[Any] | None = None
    ceiling = mix.TRUE_PEAK_DBTP - mix.PEAK_MARGIN_DB
    for start, stop in spans(peaks.length, block):
        if level is None:
            yield start, stop, np.ones(stop - start)
            continue
        low, high = max(0, start - MARGIN), min(peaks.length, stop + MARGIN)
        shape = mix.limiter_shape(level * peaks.read(low, high), ceiling, rate)
        gain, state = mix.limiter_release(shape[start - low : stop - low], state)
        yield start, stop, level * gain


def _write(
    sources: _Sources,
    peaks: Track,
    level: float | None,
    master: Path,
    stems: Path | None,
    rate: int,
    block: int,
) -> MixedFiles:
    """The master (and stems) written block by block: each stem times the master gain, the
    master their sum, so exported stems add up to it exactly."""
    names = mix.STEM_NAMES if stems is not None else ()
    paths = {name: stems / f"{name}.wav" for name in names} if stems is not None else {}
    if stems is not None:
        stems.mkdir(parents=True, exist_ok=True)
    outputs = {"master": master, **paths}
    partial = {name: path.with_name(f".{path.name}.partial") for name, path in outputs.items()}
    files = {
        name: soundfile.SoundFile(path, "w", rate, 2, subtype="FLOAT", format="WAV")
        for name, path in partial.items()
    }
    try:
        for start, stop, gain in _gains(peaks, level, rate, block):
            voice2, air, bed = sources.parts(start, stop)
            shaped = gain[:, None]
            gained = [np.asarray(track * shaped, dtype=np.float32) for track in (voice2, air, bed)]
            files["master"].write((gained[0] + gained[1] + gained[2]).astype(np.float32))
            for name, stem in zip(mix.STEM_NAMES, gained, strict=True):
                if name in files:
                    files[name].write(stem)
    finally:
        for handle in files.values():
            handle.close()
    for name, path in outputs.items():
        os.replace(partial[name], path)
    return MixedFiles(master=master, stems=paths)


def scale_wav(path: Path, gain: float) -> None:
    """Multiply a float WAV by `gain` in place, a block at a time (a master turned down after
    the encoder overshot the true-peak limit)."""
    partial = path.with_name(f".{path.name}.partial")
    with (
        soundfile.SoundFile(path) as source,
        soundfile.SoundFile(
            partial, "w", source.samplerate, source.channels, subtype="FLOAT", format="WAV"
        ) as target,
    ):
        for piece in source.blocks(blocksize=1 << 18, dtype="float32"):
            target.write(piece * np.float32(gain))
    os.replace(partial, path)
