"""The mood of each scene, which the score and the painter's palette follow.

Words of the scene vote (danger -> tense, tears -> sad, love -> romantic), and so do the
emotions of its lines and its weather (a storm is tense and fog mysterious: the weather, not
the word, so "the storm was gone" is not). A scene with no clear vote keeps the mood of the
scene before; a sloka and its translations are devotional throughout.
"""

from __future__ import annotations

from collections.abc import Sequence

from filmstudio.engine.plan import Line, Setting
from filmstudio.engine.planning.lexicon import Lexicon, best
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

MOOD_WORDS = Lexicon(
    {
        "calm": {
            1.0: "quiet quietly peaceful peace gentle gently still stillness softly slowly "
            "serene calm silence silent asleep sleep breathe tranquilo tranquila paz calma "
            "silencio suave calme paisible tranquille doucement शांत शांति",
        },
        "hopeful": {
            1.0: "hope hopeful dream tomorrow begin beginning green dawn sunrise safe safely "
            "home again esperanza sueno amanecer otra_vez comenzara espoir reve demain aube "
            "आशा उम्मीद सपना",
        },
        "tense": {
            1.0: "danger fear afraid scream crash suddenly fighting panic flickering peligro "
            "miedo grito peur soudain danger डर खतरा",
        },
        "sad": {
            1.0: "tears cry cried crying lost alone grief goodbye dead died death lonely "
            "sorrow ashamed lagrimas llorar llanto sola adios triste muerte larmes pleurer "
            "seule adieu mort आँसू अकेला अकेली दुख दुःख",
        },
        "joyful": {
            1.0: "laugh laughing laughed smile smiling smiled joy happy dance dancing "
            "celebrate festival tango risa reir alegria feliz bailar fiesta rire riant joie "
            "heureux heureuse danser fete sourit souriant खुशी हँसी नाच उत्सव",
        },
        "epic": {
            1.0: "battle war army hero vast mighty legend kingdom empire guerra batalla heroe "
            "ejercito bataille guerre heros armee युद्ध वीर सेना",
        },
        "devotional": {
            2.0: "god lord divine prayer pray temple sacred holy blessing soul dios oracion "
            "rezar sagrado alma dieu priere prier sacre ame भगवान ईश्वर प्रभु प्रार्थना पूजा "
            "मंदिर भक्ति आत्मा धर्म",
        },
        "mysterious": {
            1.0: "shadow strange mystery unknown darkness sombra misterio extrano ombre "
            "mystere etrange रहस्य छाया",
            0.5: "secret secreto",
        },
        # oaths that look devotional or sad but are not: "Thank God", "Dios mío", "Mon Dieu"
        "none": {
            0.0: "thank_god oh_god my_god thank_heavens gracias_a_dios dios_mio ay_dios "
            "mon_dieu merci_mon_dieu",
        },
        "romantic": {
            1.0: "love kiss kissed heart darling embrace beloved amor beso corazon querida "
            "amour baiser coeur cheri cherie प्यार प्रेम दिल",
        },
    }
)
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
