"""Genres: each brings its own band and sound, follows the scenes' moods and ends cleanly."""

from __future__ import annotations

import numpy as np
import pytest

from filmstudio.engine.errors import ChoiceError
from filmstudio.engine.plan import MOODS
from filmstudio.engine.score import MusicSegment, compose_midi, compose_score
from filmstudio.engine.score.arrange import last_note_off
from filmstudio.engine.score.choices import GENRES, MUSIC, get_music, parse_music
from filmstudio.engine.score.genres import RAGAS
from filmstudio.engine.score.parts import HI_BONGO, LOW_CONGA
from tests.engine.score.scoring import (
    RATE,
    dbfs,
    envelope_db,
    needs_fluidsynth,
    scored,
    seconds,
    timbre,
)

ALL_GENRES = ("ambient", "orchestral", "piano", "acoustic", "electronic", "indian")


def test_the_six_genres_are_choices_with_and_without_a_mood() -> None:
    assert tuple(GENRES) == ALL_GENRES
    assert all(genre in MUSIC for genre in ALL_GENRES)
    assert parse_music("piano") == parse_music("piano:auto")
    assert parse_music("piano").mood is None
    assert parse_music("indian:sad").genre == "indian"
    assert parse_music("indian:sad").mood == "sad"
    assert parse_music("sad").genre is None
    assert parse_music("none").silent
    assert "sad mood" in get_music("piano:sad")
    for bad in ("jazz", "piano:jazz", "jazz:sad", "piano:", ":sad"):
        with pytest.raises(ChoiceError, match="such as piano:sad"):
            get_music(bad)


def _band(music: str) -> set[tuple[int, bool]]:
    _, midi = compose_midi([], 20.0, music=music, seed=0)
    return {(i.program, i.is_drum) for i in midi.instruments if i.notes}


@pytest.mark.parametrize("mood", ["calm", "joyful", "tense"])
def test_every_genre_has_its_own_band(mood: str) -> None:
    bands = {genre: frozenset(_band(f"{genre}:{mood}")) for genre in ALL_GENRES}
    assert len(set(bands.values())) == len(ALL_GENRES)
    assert bands["piano"] == {(0, False)}  # a piano and nothing else
    assert not any(drum for _, drum in bands["ambient"])  # no beat under ambient
    assert {p for p, _ in bands["ambient"]} & set(range(88, 96))  # synth pads
    assert (104, False) in bands["indian"]  # sitar tanpura figure
    assert (48, False) in bands["orchestral"] or (46, False) in bands["orchestral"]
    assert {p for p, _ in bands["acoustic"]} & {24, 25}  # guitars
    assert (38, False) in bands["electronic"]  # synth bass


def test_indian_has_a_drone_tabla_strokes_and_a_raga() -> None:
    form, midi = compose_midi([], 30.0, music="indian:sad", seed=3)
    key = form.sections[0].key
    assert key.scale == RAGAS["sad"]
    drone = next(i for i in midi.instruments if ":drone:" in i.name)
    assert max(n.end - n.start for n in drone.notes) > 20  # held through the piece
    tabla = next(i for i in midi.instruments if i.is_drum)
    assert {LOW_CONGA, HI_BONGO} <= {n.pitch for n in tabla.notes}
    tune = next(i for i in midi.instruments if ":melody:" in i.name)
    assert all(key.contains(n.pitch) for n in tune.notes)


def test_a_genre_follows_the_scene_moods() -> None:
    segments = [MusicSegment(0, 12, "calm"), MusicSegment(12, 24, "tense")]
    form, midi = compose_midi(segments, 24.0, music="electronic", seed=0)
    calm, tense = form.sections
    assert (calm.mood, tense.mood) == ("calm", "tense")
    assert tense.bpm > calm.bpm * 1.15
    grooves = {i.name.split(":")[0]: i.name.split(":")[3] for i in midi.instruments if i.is_drum}
    assert grooves == {"0": "downtempo", "1": "four"}  # the beat gets harder at the cut


@pytest.mark.slow
@needs_fluidsynth
@pytest.mark.parametrize("mood", ["calm", "tense"])
def test_a_genre_is_recognisable_by_its_sound(mood: str) -> None:
    """Nearest-neighbour check: another seed's render sounds most like its own genre."""
    reference = {g: timbre(seconds(scored(f"{g}:{mood}"), 3, 13)) for g in ALL_GENRES}
    for genre in ALL_GENRES:
        other = timbre(seconds(scored(f"{genre}:{mood}", seed=1), 3, 13))
        distances = {g: float(np.linalg.norm(other - ref)) for g, ref in reference.items()}
        assert min(distances, key=distances.__getitem__) == genre, distances


@needs_fluidsynth
@pytest.mark.parametrize("genre", ALL_GENRES)
def test_every_genre_ends_on_the_last_frame_without_a_cut_note(genre: str) -> None:
    duration = 14.37  # not a whole number of beats
    audio = compose_score([], duration, music=f"{genre}:hopeful", seed=2, sample_rate=RATE)
    assert audio.shape == (round(duration * RATE), 2)  # exact to the sample
    assert dbfs(seconds(audio, 3.0, 10.0)) > -35  # the body plays
    assert dbfs(audio[-round(0.05 * RATE) :]) < -60  # the last 50 ms have died away
    assert np.all(audio[-1] == 0)
    # once every note is released the chord decays: the level only falls, with no sudden drop
    tail = envelope_db(audio[round(last_note_off(duration) * RATE) :], 0.1)
    assert np.all(np.diff(tail) < 0.5)
    assert np.max(-np.diff(tail[:-3])) < 12


def test_every_note_is_released_before_the_end_in_every_genre() -> None:
    for genre in ALL_GENRES:
        for mood in ("calm", "epic"):
            _, midi = compose_midi([], 17.0, music=f"{genre}:{mood}", seed=0)
            last = max(n.end for i in midi.instruments for n in i.notes)
            assert last <= last_note_off(17.0) + 1e-9, (genre, mood)


def test_every_genre_and_mood_composes() -> None:
    for genre in ALL_GENRES:
        for mood in MOODS:
            form, midi = compose_midi([], 12.0, music=f"{genre}:{mood}", seed=1)
            assert form.sections[0].palette.mood == mood
            assert sum(len(i.notes) for i in midi.instruments) > 10, (genre, mood)


@needs_fluidsynth
@pytest.mark.parametrize("genre", ["piano", "electronic"])
def test_a_genre_crosses_the_mood_cut_without_a_hole(genre: str) -> None:
    audio = scored(genre, duration=20.0, moods=((0.0, "calm"), (10.0, "tense")))
    before, after = dbfs(seconds(audio, 9.5, 10.0)), dbfs(seconds(audio, 10.0, 10.5))
    assert before > -45 and after > -45
    assert abs(after - before) < 12
