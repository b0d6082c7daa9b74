"""The music choices a user can pick, with the one line the CLI and studio show for each."""

from __future__ import annotations

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

#: Choice name → one-line description, in the order a user should see them.
MUSIC: dict[str, str] = {
    "auto": "Follow each scene's mood, with a musical transition where the mood changes.",
    **{mood: _MOOD_LINES[mood] for mood in MOODS},
    "none": "No music: silence under the voices.",
}


def get_music(name: str) -> str:
    """The description of music choice `name`, or a ChoiceError listing every valid choice."""
    try:
        return MUSIC[name]
    except KeyError:
        raise ChoiceError(f"Unknown music '{name}'. Choose one of: {', '.join(MUSIC)}.") from None
