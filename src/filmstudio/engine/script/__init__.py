"""The parse stage: a script's text becomes a ScriptDocument the planner can read.

Scripts are Fountain screenplays, stories or documentary narration (prose), and poems or
slokas (verse), in English, Spanish, French, Hindi or Sanskrit, up to 500 words.
"""

from __future__ import annotations

from filmstudio.engine.script.document import (
    Action,
    Age,
    BlockKind,
    Dialogue,
    Element,
    Gender,
    Narration,
    Person,
    SceneBlock,
    ScriptDocument,
    ScriptKind,
    Transition,
    VerseLine,
)
from filmstudio.engine.script.language import detect_language
from filmstudio.engine.script.parser import EMPTY_MESSAGE, detect_kind, parse_script
from filmstudio.engine.script.words import count_words

__all__ = [
    "EMPTY_MESSAGE",
    "Action",
    "Age",
    "BlockKind",
    "Dialogue",
    "Element",
    "Gender",
    "Narration",
    "Person",
    "SceneBlock",
    "ScriptDocument",
    "ScriptKind",
    "Transition",
    "VerseLine",
    "count_words",
    "detect_kind",
    "detect_language",
    "parse_script",
]
