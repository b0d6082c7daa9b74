"""The mood of each scene, which the score and the painter's palette follow.

Words of the scene vote (danger -> tense, tears -> sad, love -> romantic), and so do the
emotions of its lines and its weather (a storm is tense and fog mysterious: the weather, not
the word, so "the storm was gone" is not). A scene with no clear vote keeps the mood of the
scene before; a sloka and its translations are devotional throughout.
"""

from __future__ import annotations

from collections.abc import Sequence

from filmstudio.engine.plan import Line, Setting
from filmstudio.engine.planning.lexicon import best
from filmstudio.engine.planning.lexicon.scene import MOOD_WORDS
from filmstudio.engine.script import Dialogue, SceneBlock
from filmstudio.engine.script.text import tokens

#: Tie-breaks go to the more specific mood.
MOOD_ORDER = (
    "devotional",
    "romantic",
    "sad",
    "joyful",
    "tense",
    "epic",
    "mysterious",
    "hopeful",
    "calm",
)
CLEAR_MOOD = 1.0

_EMOTION_MOODS: dict[str, tuple[str, float]] = {
    "sad": ("sad", 1.0),
    "excited": ("joyful", 1.0),
    "shout": ("tense", 1.0),
    "angry": ("tense", 1.0),
    "calm": ("calm", 0.5),
}
_WEATHER_MOODS: dict[str, tuple[str, float]] = {
    "storm": ("tense", 1.0),
    "fog": ("mysterious", 1.0),
}


def mood_scores(block: SceneBlock, lines: Sequence[Line], setting: Setting) -> dict[str, float]:
    """Votes for each mood from a scene's words, its lines' emotions and its weather."""
    words: list[str] = []
    for element in block.elements:
        words += tokens(element.text)
        if isinstance(element, Dialogue) and element.parenthetical:
            words += tokens(element.parenthetical)
    scores = MOOD_WORDS.scores(words)
    for line in lines:
        if line.emotion in _EMOTION_MOODS:
            mood, weight = _EMOTION_MOODS[line.emotion]
            scores[mood] = scores.get(mood, 0.0) + weight
    if setting.weather in _WEATHER_MOODS:
        mood, weight = _WEATHER_MOODS[setting.weather]
        scores[mood] = scores.get(mood, 0.0) + weight
    return scores


def infer_moods(
    blocks: Sequence[SceneBlock],
    lines: Sequence[Sequence[Line]],
    settings: Sequence[Setting],
    devotional: bool = False,
) -> list[str]:
    """One mood per scene; scenes without a clear vote carry the mood before them."""
    if devotional:
        return ["devotional"] * len(blocks)
    moods: list[str] = []
    current = "calm"
    for block, scene_lines, setting in zip(blocks, lines, settings, strict=True):
        scores = mood_scores(block, scene_lines, setting)
        clear = {mood: score for mood, score in scores.items() if score >= CLEAR_MOOD}
        current = best(clear, MOOD_ORDER) or current
        moods.append(current)
    return moods
