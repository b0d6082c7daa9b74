"""The offline planner: a storyboard from the script's own structure and keyword lexicons.

Each step has a module of its own: scene count (sizing), lines (lines), where and when
(setting), mood (mood), who is in each scene (cast) and the camera (shots). The result is
deterministic: the same script and request always give the same plan.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from filmstudio.engine.plan import FilmPlan, Line, Mood, Scene
from filmstudio.engine.planning.acting import FilmMemory, act_scene
from filmstudio.engine.planning.attire import choose_attire
from filmstudio.engine.planning.cast import film_characters, scene_characters
from filmstudio.engine.planning.coverage import cover
from filmstudio.engine.planning.emotion import echoed
from filmstudio.engine.planning.lines import block_lines, line_budget, quote_manners, speakable
from filmstudio.engine.planning.mood import infer_moods
from filmstudio.engine.planning.options import film_language, film_title
from filmstudio.engine.planning.passing import keep_passed_props
from filmstudio.engine.planning.setting import infer_settings
from filmstudio.engine.planning.shots import choose_shot
from filmstudio.engine.planning.sizing import block_words, fit_scenes
from filmstudio.engine.request import FilmRequest
from filmstudio.engine.script import Action, Narration, SceneBlock, ScriptDocument, VerseLine
from filmstudio.engine.script.text import split_sentences, words

DESCRIPTION_WORDS = 30


class RuleBasedPlanner:
    """Plans a film offline with rules; needs no model, network or GPU."""

    name = "rules"

    def plan(self, doc: ScriptDocument, request: FilmRequest) -> FilmPlan:
        """The storyboard for `doc` as a film of `request.duration` seconds."""
        language = film_language(request, doc)
        fitted = fit_scenes(_recited_blocks(doc, request), request.duration)
        blocks = [scene for scene, _ in fitted]
        devotional = is_devotional(doc)
        several_languages = doc.kind == "verse" and len({b.language for b in doc.blocks}) > 1
        names = [person.name for person in doc.people]
        budget = line_budget(sum(block_words(block) for block in blocks), request.duration)
        lines = [block_lines(block, language, several_languages, names, budget) for block in blocks]
        settings = infer_settings(
            blocks,
            doc.title,
            default_place="temple" if devotional else "fields",
            default_time="dawn" if devotional else "day",
            sources=[source for _, source in fitted],
        )
        moods = infer_moods(blocks, lines, settings, devotional)
        people = scene_characters(blocks, lines, doc.people, doc.kind != "screenplay")
        lines = [echoed(own, setting.place) for own, setting in zip(lines, settings, strict=True)]
        memory = FilmMemory(genders={person.name: person.gender for person in doc.people})
        acting = [
            act_scene(own, names, memory, quote_manners(block))
            for own, names, block in zip(lines, people, blocks, strict=True)
        ]
        people = [
            [*names, *(name for name in act.present if name not in names)]
            for names, act in zip(people, acting, strict=True)
        ]
        scenes = [
            Scene(
                scene_number=index + 1,
                heading=block.heading or "",
                description=describe_scene(block, people[index], lines[index], names),
                setting=settings[index],
                characters=people[index],
                dialogue=lines[index],
                mood=cast(Mood, moods[index]),
                shot_type=choose_shot(index, lines[index], people[index]),
                duration=0.0,
                actions=acting[index].actions,
                props=acting[index].props,
                expressions=acting[index].expressions,
                attire=choose_attire(settings[index], lines[index], _block_text(fitted[index][1])),
            )
            for index, block in enumerate(blocks)
        ]
        scenes = keep_passed_props(scenes)
        first_line = next((line.text for scene in lines for line in scene), "")
        plan = FilmPlan(
            title=film_title(request, doc, first_line),
            language=language,
            kind=doc.kind,
            style=request.style,
            music=request.music,
            narrator_voice=request.narrator_voice,
            quality=request.quality,
            aspect=request.aspect,
            target_duration=request.duration,
            watermark=request.watermark,
            seed=request.seed,
            characters=film_characters(doc.people, people, list(memory.strangers.values())),
            scenes=scenes,
        )
        return cover(plan)


def _block_text(block: SceneBlock) -> str:
    """Everything a block says (the scenes cut from one block share its occasion)."""
    parts = [block.heading or "", *(getattr(e, "text", "") for e in block.elements)]
    return " ".join(part for part in parts if isinstance(part, str))


def _recited_blocks(doc: ScriptDocument, request: FilmRequest) -> list[SceneBlock]:
    """The blocks to voice: a verse's translations only when the user wants them heard."""
    if request.recite_translation:
        return list(doc.blocks)
    originals = [block for block in doc.blocks if block.kind != "translation"]
    return originals or list(doc.blocks)


def is_devotional(doc: ScriptDocument) -> bool:
    """A sloka (Sanskrit verse) and its translations: devotional from start to end."""
    return doc.kind == "verse" and any(b.kind == "sloka" or b.language == "sa" for b in doc.blocks)


def describe_scene(
    block: SceneBlock,
    characters: Sequence[str],
    lines: Sequence[Line],
    names: Sequence[str] = (),
) -> str:
    """A short visual description: the first action or narration, else who speaks."""
    for index, element in enumerate(block.elements):
        if isinstance(element, Action) and words(element.text):
            text = speakable(element.text, names)
            return _shorten(split_sentences(text) or [text])
        if isinstance(element, Narration) and words(element.text):
            following = block.elements[index:]
            end = next((i for i, e in enumerate(following) if not isinstance(e, Narration)), None)
            return _shorten([e.text for e in following[:end]])
    verse = [e.text for e in block.elements if isinstance(e, VerseLine)]
    if verse:
        return _shorten(verse)
    if len(characters) >= 2:
        return f"{', '.join(characters[:-1])} and {characters[-1]} talk."
    if characters:
        return f"{characters[0]} speaks."
    return lines[0].text if lines else ""


def _shorten(sentences: Sequence[str]) -> str:
    """Whole sentences up to about DESCRIPTION_WORDS words (at least the first)."""
    chosen: list[str] = []
    count = 0
    for sentence in sentences:
        size = len(words(sentence))
        if chosen and count + size > DESCRIPTION_WORDS:
            break
        chosen.append(sentence)
        count += size
    return " ".join(chosen)
