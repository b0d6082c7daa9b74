"""What people wear in a scene: the weather and the occasion decide, once per scene.

Why here: the painter dresses people from `Scene.attire` only. A coat and scarf in snow or on
a cold night, a raincoat in the rain, light clothes in the heat and on the beach, formal
clothes at a wedding, in a temple or an office. The words of the scene (in any language)
can say so ("a winter morning", "la boda", "शादी"); the setting says the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from filmstudio.engine.plan import Attire, Line, Setting
from filmstudio.engine.planning.lexicon import best
from filmstudio.engine.planning.lexicon.scene import ATTIRE_WORDS
from filmstudio.engine.script.text import tokens

#: Places whose people dress up, and places hot by day or cold by night.
FORMAL_PLACES = frozenset({"temple", "palace", "office"})
HOT_PLACES = frozenset({"beach", "desert"})
COLD_NIGHT_PLACES = frozenset({"mountains", "desert", "cliffs"})
_ORDER = ("formal", "warm", "light")


def choose_attire(setting: Setting, lines: Sequence[Line], description: str = "") -> Attire:
    """The scene's attire from its weather, its words and its place, in that order: outdoor
    snow and rain win (a wedding in the rain still needs a raincoat)."""
    outdoors = not setting.interior
    if outdoors and setting.weather == "snow":
        return "warm"
    if outdoors and setting.weather in ("rain", "storm"):
        return "rain"
    words = tokens(" ".join([description, *(line.text for line in lines)]))
    said = best(ATTIRE_WORDS.scores(words), _ORDER)
    if said is not None:
        return cast(Attire, said)
    if setting.place in FORMAL_PLACES:
        return "formal"
    night = setting.time_of_day in ("night", "dusk")
    if outdoors and night and setting.place in COLD_NIGHT_PLACES:
        return "warm"
    if outdoors and not night and setting.place in HOT_PLACES:
        return "light"
    return "everyday"
