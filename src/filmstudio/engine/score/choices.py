"""The music choices a user can pick, with the one line the CLI and studio show for each.

A choice names a mood, a genre, both, or neither. A mood fixes what the music feels like (key,
mode, tempo, harmony); a genre fixes who plays it (the band). So "sad" is the sad cue's own band
all through the film, "piano" is a piano following each scene's mood, and "piano:sad" is a sad
piano throughout. "auto" follows the scenes' moods with each mood's own band.
"""

from __future__ import annotations

from dataclasses import dataclass

from filmstudio.engine.errors import ChoiceError
from filmstudio.engine.plan import MOODS

_MOOD_LINES: dict[str, str] = {
    "calm": "Soft piano over a warm string pad, slow and unhurried.",
    "hopeful": "Rising major chords, piano arpeggios and a French horn tune.",
    "tense": "Low string ostinato, timpani pulses and a heartbeat drum.",
    "sad": "Minor-key piano with a cello melody over slow strings.",
    "joyful": "Bright and quick: plucked guitar, pizzicato, flute and light drums.",
    "epic": "Brass, choir, driving strings, timpani and big drums.",
    "devotional": "Sitar tanpura drone, bansuri-like flute and soft tabla in a raga scale.",
    "mysterious": "Celesta and harp over a choir pad in a harmonic-minor haze.",
    "romantic": "A violin waltz over flowing piano and strings.",
}

#: Genre name → the band it brings (each follows the scenes' moods unless one is named).
GENRES: dict[str, str] = {
    "ambient": "Slow evolving synth pads, a low drone and sparse bell tones; no drums.",
    "orchestral": "Strings, harp, woodwinds and horns; timpani when the mood rises.",
    "piano": "Solo piano: left-hand bass, flowing figures and a singing right hand.",
    "acoustic": "Steel and nylon guitars, acoustic bass, a folk tune and a shaker groove.",
    "electronic": "Synth bass, arpeggiator, saw lead and a drum-machine beat.",
    "indian": "Tanpura drone, sitar, bansuri or shehnai in a raga, and tabla.",
}

#: Choice name → one-line description, in the order a user should see them.
MUSIC: dict[str, str] = {
    "auto": "Follow each scene's mood, with a musical transition where the mood changes.",
    **{mood: _MOOD_LINES[mood] for mood in MOODS},
    **{genre: f"{line} Follows each scene's mood." for genre, line in GENRES.items()},
    "none": "No music: silence under the voices.",
}


@dataclass(frozen=True)
class MusicChoice:
    """A parsed choice: `genre` None keeps each mood's own band, `mood` None follows scenes."""

    genre: str | None
    mood: str | None
    silent: bool = False


def parse_music(name: str) -> MusicChoice:
    """The genre and mood a choice names, or a ChoiceError listing every valid choice.

    Valid: "auto", "none", a mood, a genre, or "genre:mood" (e.g. "piano:sad").
    """
    if name == "none":
        return MusicChoice(None, None, silent=True)
    if name == "auto":
        return MusicChoice(None, None)
    if name in MOODS:
        return MusicChoice(None, name)
    if name in GENRES:
        return MusicChoice(name, None)
    genre, colon, mood = name.partition(":")
    if colon and genre in GENRES and (mood in MOODS or mood == "auto"):
        return MusicChoice(genre, None if mood == "auto" else mood)
    raise ChoiceError(
        f"Unknown music '{name}'. Choose one of: {', '.join(MUSIC)}; "
        "or a genre and a mood together, such as piano:sad."
    )


def get_music(name: str) -> str:
    """The description of music choice `name`, or a ChoiceError listing every valid choice."""
    choice = parse_music(name)
    if name in MUSIC:
        return MUSIC[name]
    assert choice.genre is not None
    if choice.mood is None:
        return MUSIC[choice.genre]
    return f"{GENRES[choice.genre]} In a {choice.mood} mood throughout."
