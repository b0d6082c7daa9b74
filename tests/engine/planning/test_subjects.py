"""The subject rule: who does a verb in passives, relative clauses, after a named subject,
in coordinated subjects and in objects after a verb, in en, es, fr and hi."""

from __future__ import annotations

import pytest

from filmstudio.engine.plan import FilmPlan
from filmstudio.engine.planning import make_plan
from filmstudio.engine.request import FilmRequest

Acted = set[tuple[str, str, str | None]]


def _acted(text: str) -> Acted:
    plan: FilmPlan = make_plan(text, FilmRequest(script=text, duration=30))
    return {(a.who, a.action, a.target) for s in plan.scenes for a in s.actions}


def _doers(acted: Acted, verb: str) -> set[str]:
    return {who for who, action, _ in acted if action == verb}


# (text, must be planned, verb, the only ones doing it)
CASES: list[tuple[str, Acted, str, set[str]]] = [
    # passives: the agent after by / por / par / द्वारा does the verb, the subject receives it
    (
        "Ana waits in the square. Ana was greeted by Luis. Luis smiles.",
        {("Luis", "wave", "Ana")},
        "wave",
        {"Luis"},
    ),
    (
        "Ana and Luis meet at the market. The bread was given to Ana by Luis.",
        {("Luis", "give", "Ana")},
        "give",
        {"Luis"},
    ),
    (
        "Ana espera en la plaza. El pan fue dado a Ana por Luis. Luis sonríe.",
        {("Luis", "give", "Ana")},
        "give",
        {"Luis"},
    ),
    (
        "Anne attend sur la place. Le pain est donné à Anne par Luc. Luc sourit.",
        {("Luc", "give", "Anne")},
        "give",
        {"Luc"},
    ),
    ("पुजारी द्वारा लड़की को फूल दिया गया।", {("पुजारी", "give", "लड़की")}, "give", {"पुजारी"}),
    # relative clauses: "who" / "que" / "qui" / "जो" is the person just named
    (
        "Luis and Maria stand in the square. The man who greets Maria sits down. Maria laughs.",
        {("Man", "wave", "Maria"), ("Man", "sit", None)},
        "sit",
        {"Man"},
    ),
    (
        "Luis walks in. Luis hugs the girl who cries.",
        {("Luis", "embrace", "Girl"), ("Girl", "cry", None)},
        "cry",
        {"Girl"},
    ),
    (
        "Luis abraza a la niña que llora. Luis sonríe.",
        {("Luis", "embrace", "Niña"), ("Niña", "cry", None)},
        "cry",
        {"Niña"},
    ),
    (
        "Marie arrive. L'homme qui salue Marie s'assoit.",
        {("Homme", "wave", "Marie"), ("Homme", "sit", None)},
        "sit",
        {"Homme"},
    ),
    (
        "सैनिक उस लड़की को गले लगाता है जो रोती है।",
        {("सैनिक", "embrace", "लड़की"), ("लड़की", "cry", None)},
        "cry",
        {"लड़की"},
    ),
    # a pronoun after a named subject is that subject, not the person acted upon
    (
        "Maria greets Ana. She sits down. Ana laughs.",
        {("Maria", "wave", "Ana"), ("Maria", "sit", None)},
        "sit",
        {"Maria"},
    ),
    (
        "María saluda a Ana. Ella se sienta. Ana sonríe.",
        {("María", "wave", "Ana"), ("María", "sit", None)},
        "sit",
        {"María"},
    ),
    (
        "Marie salue Anne. Elle s'assoit. Anne sourit.",
        {("Marie", "wave", "Anne"), ("Marie", "sit", None)},
        "sit",
        {"Marie"},
    ),
    (
        "पुजारी लड़की को नमस्ते करता है। वह बैठ जाता है।",
        {("पुजारी", "wave", "लड़की"), ("पुजारी", "sit", None)},
        "sit",
        {"पुजारी"},
    ),
    # a person right after a verb is its object; "and" joins subjects
    (
        "Luis greets Maria and sits down. Maria smiles.",
        {("Luis", "wave", "Maria"), ("Luis", "sit", None)},
        "sit",
        {"Luis"},
    ),
    (
        "Luis and Maria walk into the garden. Luis and Maria smile.",
        {("Luis", "walk", None), ("Maria", "walk", None)},
        "walk",
        {"Luis", "Maria"},
    ),
]


@pytest.mark.parametrize(("text", "planned", "verb", "doers"), CASES)
def test_the_subject_rule(text: str, planned: Acted, verb: str, doers: set[str]) -> None:
    acted = _acted(text)
    assert acted >= planned
    assert _doers(acted, verb) == doers
