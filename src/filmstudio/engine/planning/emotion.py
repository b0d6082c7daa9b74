"""How a line is spoken: an emotion name the voice stage knows, read from the writer's hints.

The names are the voice stage's deliveries (neutral, whisper, shout, angry, sad, excited,
calm, recite). Screenplays say it in parentheticals ("(whispering)"), prose in the words
around a quote ("she shouted", "dijo en voz baja", "répond-il en souriant"); verse is always
recited. Keywords are matched as word beginnings so "whisper" finds "whispering".
"""

from __future__ import annotations

import re

from filmstudio.engine.script.text import fold

EMOTIONS: tuple[str, ...] = (
    "neutral",
    "whisper",
    "shout",
    "angry",
    "sad",
    "excited",
    "calm",
    "recite",
)

#: Word beginnings (folded: no accents) per emotion, in the order they are tried.
_KEYWORDS: tuple[tuple[str, str], ...] = (
    (
        "whisper",
        "whisper whisper murmur mutter softly quietly under_his_breath under_her_breath "
        "hushed susurr en_voz_baja bajito chuchot murmur a_voix_basse tout_bas फुसफुसा धीरे_से",
    ),
    ("shout", "shout yell scream cry_out loud bellow grit voce chill en_criant cri hurl चिल्ला"),
    ("angry", "angr furious rage snapp enfad enoj furios colere furieu en_colere गुस्स"),
    (
        "sad",
        "sad tear crying sob grief asham sorrow llor trist avergonz pleur chagrin honte "
        "उदास रोत रोते",
    ),
    (
        "excited",
        "excite laugh joy happ thrill delight riendo riend alegr emocion rire riant joyeu "
        "heureu हँस हंस",
    ),
    ("calm", "calm gentl tender smil warm sonri tiern dulce douc souri tendre मुस्कुरा मुस्करा"),
    ("recite", "recit chant sloka shloka verse pray rez priant प्रार्थना"),
)
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (
        emotion,
        re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(k).replace("_", r"\s+") for k in keys.split()) + ")"
        ),
    )
    for emotion, keys in _KEYWORDS
)


def emotion_from_hint(hint: str | None) -> str | None:
    """The emotion a parenthetical or attribution names, or None when it names none."""
    if not hint:
        return None
    text = fold(hint)
    found = [(m.start(), emotion) for emotion, p in _PATTERNS if (m := p.search(text))]
    return min(found)[1] if found else None


def line_emotion(text: str, *hints: str | None) -> str:
    """The emotion for a spoken line: the first hint that names one, else "!" -> excited."""
    for hint in hints:
        emotion = emotion_from_hint(hint)
        if emotion is not None:
            return emotion
    return "excited" if text.rstrip().endswith("!") else "neutral"
