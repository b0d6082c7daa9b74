from __future__ import annotations

import pytest

from filmstudio.engine.score import MusicSegment, compose_midi
from filmstudio.engine.score.form import mood_runs, plan_form
from filmstudio.engine.score.theory import MAJOR, MINOR, Key, chord, voice


def test_roman_numerals_name_chords_in_any_key() -> None:
    a_minor = Key(9, MINOR)
    assert chord("i", a_minor).tones == (9, 0, 4)
    assert chord("bVI", a_minor).tones == (5, 9, 0)
    assert chord("V7", Key(0, MAJOR)).tones == (7, 11, 2, 5)
    assert chord("ii°", Key(0, MAJOR)).tones == (2, 5, 8)
    with pytest.raises(ValueError):
        chord("X", a_minor)


def test_voicing_moves_as_little_as_possible() -> None:
    c = Key(0, MAJOR)
    first = voice(chord("I", c), 52, 72)
    second = voice(chord("IV", c), 52, 72, first)
    assert all(52 <= p <= 72 for p in first + second)
    assert sum(abs(a - b) for a, b in zip(sorted(first), sorted(second), strict=True)) <= 5


def test_scene_moods_become_runs_that_cover_the_film() -> None:
    segments = [
        MusicSegment(12.0, 20.0, "tense"),  # out of order
        MusicSegment(0.5, 6.0, "calm"),  # starts late: calm from 0
        MusicSegment(6.0, 12.0, "calm"),  # same mood joins
        MusicSegment(20.0, 21.5, "joyful"),  # too short to hear: joins tense
        MusicSegment(21.5, 30.0, "sad"),
    ]
    runs = mood_runs(segments, 30.0, "auto")
    assert runs == [("calm", 0.0, 12.0), ("tense", 12.0, 21.5), ("sad", 21.5, 30.0)]
    assert mood_runs(segments, 30.0, "epic") == [("epic", 0.0, 30.0)]
    assert mood_runs([], 30.0, "auto") == [("calm", 0.0, 30.0)]


def test_bars_fill_each_section_exactly_and_land_on_the_cut() -> None:
    segments = [MusicSegment(0, 13.7, "sad"), MusicSegment(13.7, 31.0, "joyful")]
    form = plan_form(segments, 31.0, "auto", seed=4)
    sad, joyful = form.sections
    assert sad.bars[0].start == 0.0
    assert sad.bars[-1].end == pytest.approx(13.7)
    assert joyful.bars[0].start == pytest.approx(13.7)
    assert joyful.bars[-1].end == pytest.approx(31.0)
    # each mood keeps its own tempo, only bent a little to fit
    assert sad.bpm == pytest.approx(62, rel=0.12)
    assert joyful.bpm == pytest.approx(120, rel=0.12)
    # the form: the outgoing section turns to the next key, the film ends on a cadence
    assert sad.bars[-1].role == "turn"
    assert [b.role for b in joyful.bars[-2:]] == ["cadence", "final"]
    assert joyful.bars[-1].end - joyful.bars[-1].start >= 3.0
    assert joyful.bars[-1].chord.root == joyful.key.tonic


def test_turn_bar_is_the_dominant_of_the_next_key() -> None:
    form = plan_form([MusicSegment(0, 10, "calm"), MusicSegment(10, 20, "sad")], 20.0, "auto", 0)
    calm, sad = form.sections
    assert calm.bars[-1].chord.root == (sad.key.tonic + 7) % 12


def test_moods_have_their_own_band_and_tempo() -> None:
    bands = {}
    tempos = {}
    for mood in ("calm", "tense", "joyful", "epic", "devotional", "sad"):
        form, midi = compose_midi([], 20.0, music=mood, seed=0)
        bands[mood] = frozenset((i.program, i.is_drum) for i in midi.instruments)
        tempos[mood] = form.sections[0].bpm
    assert len(set(bands.values())) == len(bands)
    assert tempos["tense"] > 1.4 * tempos["calm"]
    assert tempos["joyful"] > 1.6 * tempos["sad"]
    assert (104, False) in bands["devotional"]  # sitar tanpura
    assert (0, True) in bands["devotional"]  # tabla-like GM percussion
    assert (47, False) in bands["epic"]  # timpani


def test_devotional_melody_stays_in_its_raga() -> None:
    form, midi = compose_midi([], 30.0, music="devotional", seed=2)
    key = form.sections[0].key
    tune = next(i for i in midi.instruments if "melody" in i.name)
    assert len(tune.notes) >= 8
    assert all(key.contains(n.pitch) for n in tune.notes)


def test_seeds_change_the_tune_and_repeat_exactly() -> None:
    def tune(seed: int) -> list[tuple[int, float]]:
        _, midi = compose_midi([], 20.0, music="hopeful", seed=seed)
        melody = next(i for i in midi.instruments if "melody" in i.name)
        return [(n.pitch, round(n.start, 3)) for n in melody.notes]

    assert tune(5) == tune(5)
    assert tune(5) != tune(6)


def test_no_note_outlives_the_film() -> None:
    _, midi = compose_midi([], 12.0, music="epic", seed=1)
    assert max(n.end for i in midi.instruments for n in i.notes) <= 11.0 + 1e-9
