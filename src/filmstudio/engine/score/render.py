"""Render a PrettyMIDI score to stereo float samples with FluidSynth and a General MIDI soundfont.

Why not ``PrettyMIDI.fluidsynth()``: it starts a new synthesizer and reloads the 148 MB
soundfont for every instrument, keeps only the left channel and goes through 16-bit samples.
Here one synthesizer plays every instrument on its own channel, in stereo, straight to float32 at
the film's sample rate, with events applied between ``fluid_synth_write_float`` calls.

Each render gets a fresh synthesizer: a reused one carries state from the last render (even after
``system_reset`` the same notes come out up to 0.02 different), and the score must be the same
for the same seed. Starting one is cheap because a kept synthesizer holds the soundfont in
FluidSynth's shared sample cache: the first load costs about 0.15-0.3 s, later ones 0.04 s.
A 60 s score renders in about a second of CPU.
"""

from __future__ import annotations

import ctypes
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pretty_midi
from numpy.typing import NDArray

from filmstudio.engine.errors import RenderError, ToolMissingError

#: Debian's fluid-soundfont-gm (FluidR3_GM, MIT licence).
SOUNDFONT = Path("/usr/share/sounds/sf2/FluidR3_GM.sf2")
#: FluidSynth renders in blocks of this many frames and applies events between blocks.
BLOCK = 64
#: FluidSynth channels; instruments beyond this reuse channels long since silent.
CHANNELS = 256
_DRUM_BANK = 128
_OFF, _CONTROL, _ON = 0, 1, 2
_SETUP = -1


@dataclass(frozen=True)
class Reverb:
    """FluidSynth's room: size, damping, width and level, each 0..1."""

    room: float = 0.7
    damping: float = 0.3
    width: float = 0.9
    level: float = 0.7


class _Synth:
    """One synthesizer with the soundfont loaded, and the C calls pyfluidsynth does not wrap."""

    def __init__(self, soundfont: Path, sample_rate: int) -> None:
        fluidsynth = _import_fluidsynth()
        self.synth: Any = fluidsynth.Synth(
            gain=0.4,
            samplerate=float(sample_rate),
            channels=CHANNELS,
            **{"synth.chorus.active": 0, "synth.reverb.active": 1, "synth.polyphony": 256},
        )
        self.sfid = int(self.synth.sfload(str(soundfont)))
        if self.sfid < 0:
            self.synth.delete()
            raise RenderError(f"FluidSynth could not load the soundfont {soundfont}.")
        lib = fluidsynth._fl
        self.write = lib.fluid_synth_write_float
        self.write.argtypes = [
            ctypes.c_void_p,
            ctypes.c_int,
            ctypes.c_void_p,
            ctypes.c_int,
            ctypes.c_int,
            ctypes.c_void_p,
            ctypes.c_int,
            ctypes.c_int,
        ]
        self.write.restype = ctypes.c_int
        self.set_channel_type = lib.fluid_synth_set_channel_type
        self.set_channel_type.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int]

    def close(self) -> None:
        self.synth.delete()


_LOCK = threading.Lock()
#: One loaded synthesizer per soundfont, never played: it keeps the samples in FluidSynth's cache.
_KEEPERS: dict[str, _Synth] = {}


def _import_fluidsynth() -> Any:
    try:
        import fluidsynth
    except (ImportError, OSError) as exc:
        raise ToolMissingError(
            "FluidSynth is not installed, so music cannot be rendered: install the fluidsynth "
            "system package (apt install fluidsynth) and pyfluidsynth, or choose music 'none'."
        ) from exc
    return fluidsynth


def check_soundfont(soundfont: Path) -> None:
    """Raise ToolMissingError unless the soundfont file is there."""
    if not soundfont.is_file():
        raise ToolMissingError(
            f"The General MIDI soundfont {soundfont} is missing, so music cannot be rendered: "
            "install it (apt install fluid-soundfont-gm) or choose music 'none'."
        )


def _fresh_synth(soundfont: Path, sample_rate: int) -> _Synth:
    with _LOCK:
        if str(soundfont) not in _KEEPERS:
            _KEEPERS[str(soundfont)] = _Synth(soundfont, sample_rate)
    return _Synth(soundfont, sample_rate)


def render(
    midi: pretty_midi.PrettyMIDI,
    samples: int,
    sample_rate: int,
    reverb: Reverb = Reverb(),
    soundfont: Path = SOUNDFONT,
) -> NDArray[np.float32]:
    """Exactly `samples` stereo frames of `midi`, shape (samples, 2); later sound is dropped."""
    check_soundfont(soundfont)
    if samples == 0:
        return np.zeros((0, 2), dtype=np.float32)
    total = -(-samples // BLOCK) * BLOCK
    # frames interleaved (left, right) as the result is laid out: no transposed copy to make
    out = np.zeros((total, 2), dtype=np.float32)
    loaded = _fresh_synth(soundfont, sample_rate)
    synth = loaded.synth
    try:
        synth.set_reverb(reverb.room, reverb.damping, reverb.width, reverb.level)
        frames = out.ctypes.data
        position = 0
        for at, _, kind, channel, a, b in _events(midi, sample_rate):
            if at >= total:
                break
            if at > position:
                count = at - position
                loaded.write(
                    synth.synth, count, frames, 2 * position, 2, frames, 2 * position + 1, 2
                )
                position = at
            if kind == _ON:
                synth.noteon(channel, a, b)
            elif kind == _OFF:
                synth.noteoff(channel, a)
            elif kind == _CONTROL:
                synth.cc(channel, a, b)
            elif kind == _SETUP:
                loaded.set_channel_type(synth.synth, channel, 1 if b else 0)
                synth.program_select(channel, loaded.sfid, _DRUM_BANK if b else 0, a)
                synth.pitch_bend(channel, 0)
            else:
                synth.pitch_bend(channel, a)
        if total > position:
            count = total - position
            loaded.write(synth.synth, count, frames, 2 * position, 2, frames, 2 * position + 1, 2)
    finally:
        loaded.close()
    return out[:samples]


_BEND = 3


def _block(time: float, rate: int) -> int:
    """The sample where FluidSynth can apply an event at `time`: the start of its block."""
    return int(time * rate) // BLOCK * BLOCK


def _events(midi: pretty_midi.PrettyMIDI, rate: int) -> list[tuple[int, int, int, int, int, int]]:
    """(sample, order, kind, channel, a, b), sorted; at one instant: setup, offs, controls, ons."""
    events: list[tuple[int, int, int, int, int, int]] = []
    for index, instrument in enumerate(midi.instruments):
        channel = index % CHANNELS
        times = [n.start for n in instrument.notes] + [c.time for c in instrument.control_changes]
        if not times:
            continue
        first = _block(min(times), rate)
        events.append((first, 0, _SETUP, channel, instrument.program, int(instrument.is_drum)))
        for control in instrument.control_changes:
            events.append(
                (_block(control.time, rate), 2, _CONTROL, channel, control.number, control.value)
            )
        for bend in instrument.pitch_bends:
            events.append((_block(bend.time, rate), 2, _BEND, channel, bend.pitch, 0))
        for note in instrument.notes:
            events.append((_block(note.start, rate), 3, _ON, channel, note.pitch, note.velocity))
            events.append((_block(note.end, rate), 1, _OFF, channel, note.pitch, 0))
    events.sort()
    return events
