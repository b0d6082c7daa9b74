"""Stories and documentary narration: paragraphs of narrator sentences and quoted speech.

Each paragraph becomes a block of Narration sentences and Dialogue. A quote gets a speaker
when the text makes it clear: an attribution naming someone ("said Maria"), a pronoun that
points at the last person of that gender mentioned ("she shouted"), a speech verb alone
("—dice en voz baja" -> the last person mentioned), or a paragraph about one person only.
"""

from __future__ import annotations

from dataclasses import dataclass

from filmstudio.engine.script.document import Dialogue, Element, Narration, Person, SceneBlock
from filmstudio.engine.script.people import describe, find_prose_names, mention_pattern
from filmstudio.engine.script.quotes import (
    Attribution,
    attribution_after,
    attribution_before,
    segments,
    spoken_text,
)
from filmstudio.engine.script.text import split_sentences


@dataclass(frozen=True)
class Prose:
    """Paragraph blocks and the people who act in them."""

    blocks: tuple[SceneBlock, ...]
    people: tuple[Person, ...]


class _Recency:
    """The people in the order they were last mentioned, for resolving "she said"."""

    def __init__(self, people: list[Person]) -> None:
        self.people = people
        self.order: list[str] = []

    def saw(self, text: str) -> None:
        hits: list[tuple[int, str]] = []
        for person in self.people:
            for form in person.names:
                match = mention_pattern(form, True).search(text)
                if match:
                    hits.append((match.start(), person.name))
                    break
        for _, name in sorted(hits):
            self.touch(name)

    def touch(self, name: str) -> None:
        if name in self.order:
            self.order.remove(name)
        self.order.append(name)

    def latest(self, gender: str | None = None) -> str | None:
        for name in reversed(self.order):
            person = next(p for p in self.people if p.name == name)
            if gender is None or person.gender == gender:
                return name
        return None


def parse_prose(paragraphs: list[str], language: str) -> Prose:
    """Parse prose paragraphs into blocks, finding who speaks each quote."""
    sentences = [s for p in paragraphs for s in split_sentences(_without_speech(p))]
    found = find_prose_names(paragraphs)
    people: list[Person] = []
    for name, aliases in found:
        others = [form for other, alts in found if other != name for form in (other, *alts)]
        people.append(describe(name, aliases, sentences, others))
    recency = _Recency(people)
    blocks: list[SceneBlock] = []
    for paragraph in paragraphs:
        elements = _paragraph(paragraph, people, recency, sentences)
        if elements:
            blocks.append(SceneBlock(None, tuple(elements), "paragraph", language))
    return Prose(tuple(blocks), tuple(people))


def _without_speech(paragraph: str) -> str:
    """The narrator's words of a paragraph (what describes people), without the quotes."""
    return " ".join(s.text for s in segments(paragraph) if not s.speech)


def _paragraph(
    paragraph: str, people: list[Person], recency: _Recency, sentences: list[str]
) -> list[Element]:
    """The elements of one paragraph, in order."""
    parts = segments(paragraph)
    names = [form for person in people for form in person.names]
    narration_only = " ".join(p.text for p in parts if not p.speech)
    texts = [p.text if not p.speech else "" for p in parts]
    speakers: list[tuple[str | None, str | None]] = []  # (speaker, manner) per part
    previous: list[str] = []
    for index, part in enumerate(parts):
        if not part.speech:
            speakers.append((None, None))
            continue
        found: Attribution | None = None
        rest: tuple[int, str] | None = None  # the narrator text left once "said X" goes
        if index + 1 < len(parts) and not parts[index + 1].speech:
            after = attribution_after(texts[index + 1], names)
            if after is not None:
                found, rest = after[0], (index + 1, after[1])
        if found is None and index > 0 and not parts[index - 1].speech:
            before = attribution_before(texts[index - 1], names)
            if before is not None:
                found, rest = before[0], (index - 1, before[1])
        recency.saw(" ".join(texts[: index + 1]))
        speaker = _resolve(found, people, recency, narration_only, previous, sentences)
        if speaker is not None:
            if rest is not None:
                texts[rest[0]] = rest[1]
            recency.touch(speaker)
            previous.append(speaker)
        speakers.append((speaker, found.clause if found else None))
    elements: list[Element] = []
    pending = ""
    for index, part in enumerate(parts):
        speaker, manner = speakers[index]
        if part.speech and speaker is not None:
            elements.extend(Narration(s) for s in split_sentences(pending))
            pending = ""
            elements.append(Dialogue(speaker, spoken_text(part.text), manner=manner))
        else:
            pending += " " + (part.raw if part.speech else texts[index])
    elements.extend(Narration(s) for s in split_sentences(pending))
    recency.saw(narration_only)
    return elements


def _resolve(
    found: Attribution | None,
    people: list[Person],
    recency: _Recency,
    narration: str,
    previous: list[str],
    sentences: list[str],
) -> str | None:
    """The speaker of one quote, or None when the text does not make it clear."""
    in_paragraph = [
        p.name for p in people if any(mention_pattern(f, True).search(narration) for f in p.names)
    ]
    if found is not None and found.nobody:
        return None
    if found is not None and found.name is not None:
        person = next((p for p in people if found.name in p.names), None)
        if person is None:
            others = [form for p in people for form in p.names]
            person = describe(found.name, (), sentences, others)
            if found.gender is not None:
                person = Person(person.name, found.gender, person.age, person.description)
            people.append(person)
        return person.name
    if found is not None:
        return recency.latest(found.gender) or recency.latest()
    if len(in_paragraph) == 1:
        return in_paragraph[0]
    if len(previous) >= 2 and previous[-1] != previous[-2]:
        return previous[-2]
    return None
