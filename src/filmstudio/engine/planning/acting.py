"""Who does what in a scene: actions, props and faces, read from its lines in any language.

Why here: the painter and the animator must not re-read words. The narration says "Un anciano
cruza la plaza con un pan bajo el brazo, saluda a su vecina y se sienta junto a la fuente";
the plan then says walk, wave (target: the neighbour) and sit for the old man, who holds the
bread. Subjects come before their verbs in all four languages, so a verb belongs to the last
person named before it who is not an object ("to Maria", "a su vecina", "पड़ोसन को"); a
sentence that names nobody keeps the subject before it ("he", "ella"), and "they" means all.
People the script never names ("an old fisherman", "la vecina") become characters of their
own when they act or are acted upon.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from filmstudio.engine.plan import NARRATOR, Action, ExpressionChange, Line, Prop
from filmstudio.engine.planning.lexicon import Hit
from filmstudio.engine.planning.lexicon.acting import (
    ACTION_WORDS,
    AGENT_AFTER,
    AGENT_BEFORE,
    ALL_OF_THEM,
    AND_WORDS,
    DETERMINERS,
    HOLD_CUES,
    OBJECT_AFTER,
    OBJECT_BEFORE,
    OBJECT_PRONOUNS,
    PASSIVE_AUX,
    PROP_WORDS,
    RELATIVES,
    ROMANCE_OBJECT_BEFORE,
)
from filmstudio.engine.planning.lexicon.people import (
    ACTION_FACES,
    EMOTION_FACES,
    EXPRESSION_WORDS,
    PERSON_WORDS,
    traits,
)
from filmstudio.engine.planning.passing import pass_props
from filmstudio.engine.script.lexicon import (
    ELDER_WORDS,
    FEMALE_PRONOUNS,
    HINDI_PRONOUNS,
    MALE_PRONOUNS,
)
from filmstudio.engine.script.place_names import GROUP_WORDS
from filmstudio.engine.script.text import (
    fold,
    has_devanagari,
    raw_tokens,
    split_sentences,
    tokens,
)

#: How far (tokens) a hold cue may be from the prop it puts in someone's hands.
HOLD_REACH = 3
_PRONOUNS = {"female": FEMALE_PRONOUNS, "male": MALE_PRONOUNS}
#: Verbs done to someone: a prop target gives way to the one other person in the scene.
_PARTNERED = frozenset({"give", "embrace"})
#: Verbs whose target may be a prop ("takes the lantern"), not only a person.
_PROP_TARGETS = frozenset({"give", "take", "hold", "point", "look"})
#: Verbs done to a person named right after them ("greets Maria", "abraza a la niña").
_PERSON_OBJECT = frozenset({"wave", "embrace", "look", "point", "give"})
_CLAUSE_BREAK = re.compile(r"[,;:()\u2014\u2013]")
#: Endings an English, Spanish or French plural adds to a person noun ("farmers", "niños").
_PLURAL_ENDINGS = ("es", "s", "x")
#: Hindi case markers: "बच्चे को" is one child (oblique), "बच्चे दौड़ते हैं" many.
_HINDI_CASE = frozenset(["को", "का", "की", "के", "ने", "से", "में", "पर", "तक"])


@dataclass(frozen=True)
class Stranger:
    """Someone the script does not name ("un anciano"): a character called as written."""

    name: str
    role: str
    gender: str
    age: str


@dataclass
class SceneActing:
    """What one scene's words decide, and everyone who acts or is acted upon in it (people
    the script does not name, and people only a pronoun brought in)."""

    actions: list[Action] = field(default_factory=list)
    props: list[Prop] = field(default_factory=list)
    expressions: list[ExpressionChange] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    #: the props each line names, in order (which prop a give or take passes)
    mentioned: dict[int, list[str]] = field(default_factory=dict)


@dataclass
class FilmMemory:
    """What reading carries from scene to scene: the unnamed people met (by their noun), the
    genders of everyone, and who was mentioned last (for "she", "il", "ella")."""

    genders: dict[str, str] = field(default_factory=dict)
    strangers: dict[str, Stranger] = field(default_factory=dict)
    recent: list[str] = field(default_factory=list)
    #: who acted last as the subject: "Maria greets Ana. She sits" means Maria sits
    subject: list[str] = field(default_factory=list)

    def last_of(self, gender: str) -> str | None:
        """Who "she"/"il" is: the last subject of that gender, else the last one met."""
        subject = next((n for n in self.subject if self.genders.get(n) == gender), None)
        if subject is not None:
            return subject
        return next((n for n in reversed(self.recent) if self.genders.get(n) == gender), None)


@dataclass
class _Reader:
    """The state while reading a scene: who is acting and what is decided so far."""

    names: Sequence[str]
    memory: FilmMemory
    romance: bool
    subject: list[str] = field(default_factory=list)
    pending: str | None = None
    acting: SceneActing = field(default_factory=SceneActing)
    faces: dict[str, str] = field(default_factory=dict)


def act_scene(
    lines: Sequence[Line],
    names: Sequence[str],
    memory: FilmMemory,
    manners: Sequence[tuple[str, str, str]] = (),
) -> SceneActing:
    """Actions, props and expressions of one scene whose characters are `names`.

    `memory` is shared across the film, so "the fisherman" of scene one is the same person
    in scene three, and "she" in a new scene is the last woman we met. `manners` are the
    prose attributions of the scene's quotes, (speaker, quote, manner): '"Look!" Nora
    cried, pointing at the sea' makes Nora point.
    """
    romance = any(line.language in ("es", "fr") for line in lines)
    reader = _Reader(names, memory, romance)
    if len(names) == 1:
        reader.subject = [names[0]]
    elif not names and memory.recent:  # "Luego sonríe.": still the person before
        reader.subject = memory.subject[:1] or [memory.recent[-1]]
    for index, line in enumerate(lines):
        if line.speaker == NARRATOR:
            for sentence in split_sentences(line.text) or [line.text]:
                _read_sentence(reader, sentence, index)
        else:
            manner = next(
                (m for who, quote, m in manners if who == line.speaker and line.text in quote), ""
            )
            _read_dialogue(reader, line, index, manner)
    _find_partners(reader)
    acting = reader.acting
    acting.actions, acting.props = pass_props(
        acting.actions, acting.props, acting.mentioned, _people(reader)
    )
    return acting


def _find_partners(reader: _Reader) -> None:
    """Giving and embracing need someone: "le da una flor", "l'embrasse" name them only by
    a pronoun, so when one other person is in the scene (else the last one met), it is them."""
    people = _people(reader)
    props = {prop.name for prop in reader.acting.props}
    actions = reader.acting.actions
    for number, action in enumerate(actions):
        if action.action not in _PARTNERED or (action.target not in props | {None}):
            continue
        others = [name for name in people if name != action.who]
        if not others:  # "le da una flor" in a scene of her own: the last person met
            others = [n for n in reversed(reader.memory.recent) if n != action.who][:1]
        if len(others) == 1:
            actions[number] = action.model_copy(update={"target": others[0]})
            _meet(reader, others[0])


def _read_dialogue(reader: _Reader, line: Line, index: int, manner: str = "") -> None:
    """A speaker does what their parenthetical or attribution says and shows their line's
    emotion."""
    for hit in ACTION_WORDS.hits(tokens(f"{line.parenthetical or ''} {manner}")):
        _add_action(reader, line.speaker, hit.label, index)
    face = EMOTION_FACES.get(line.emotion)
    if face is not None:
        _show(reader, line.speaker, face, index)


@dataclass
class _Sentence:
    """One sentence being read: its words, where its clauses start, its passive agent, the
    people named so far and the verbs that wait for a subject."""

    folded: list[str]
    clauses: frozenset[int]
    latin: bool
    agent: tuple[int, int] | None  # (the agent's position, the passive verb's position)
    mentioned: list[str] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)
    last: list[Action] = field(default_factory=list)
    verb_end: int = -1  # where the latest verb ends
    person_end: int = -1  # where the latest person named ends
    last_kind: str = ""
    crowd: bool = False  # a group is the subject: its verbs are nobody's


def _read_sentence(reader: _Reader, sentence: str, index: int) -> None:
    """One narrated sentence, word by word: people, verbs, props and faces in order."""
    folded = tokens(sentence)
    events = _events(reader, folded, raw_tokens(sentence))
    reader.pending = None
    if any(word in ALL_OF_THEM for word in folded):
        everyone = list(reader.names) if len(reader.names) > 1 else reader.memory.recent[-2:]
        if len(everyone) > 1:
            reader.subject = everyone
    agent = _passive_agent(folded, raw_tokens(sentence), events)
    here = _Sentence(folded, _clause_starts(sentence), not has_devanagari(sentence), agent)
    if agent is not None:
        who = next(h.label for p, _, k, h in events if k == "person" and p == agent[0])
        _set_subject(reader, [who])
    for position, _, kind, hit in events:
        if kind == "pronoun":
            _set_subject(reader, [hit.label])
        elif kind == "relative":
            _relative(reader, here, position)
        elif kind == "object":
            others = [n for n in _people(reader) if n not in reader.subject]
            if len(others) == 1:
                _set_target(reader, here.last, others[0], person=True)
        elif kind == "person":
            _read_person(reader, here, position, hit, index)
        elif kind == "group":
            _read_group(reader, here, position, hit)
        elif kind == "action":
            _read_action(reader, here, position, hit, index)
        elif kind == "prop":
            _add_prop(reader, folded, hit, here.last)
            reader.acting.mentioned.setdefault(index, []).append(hit.label)
        else:
            for who in reader.subject:
                _show(reader, who, hit.label, index)
        here.last_kind = kind


def _read_person(reader: _Reader, here: _Sentence, position: int, hit: Hit, index: int) -> None:
    """Someone named: the one acting, or the one acted upon (marked, after a verb, the
    receiver of a passive), or one more subject ("Luis and Maria")."""
    end = position + hit.length
    if here.agent is not None and position == here.agent[0]:
        here.person_end = end
        return  # the passive's agent already acts
    marked = _object_marker(reader, here.folded, position, hit.length)
    between = here.folded[here.person_end : position] if here.person_end >= 0 else []
    if marked == "after":  # Hindi: "पुजारी को फूल देती है", the verb comes next
        reader.pending = hit.label
    elif marked == "before":
        _set_target(reader, here.last, hit.label, person=True)
    elif here.agent is not None and position < here.agent[1]:
        reader.pending = hit.label  # "Ana was greeted by Luis": Ana receives it
    elif here.latin and _after_verb(here, position):
        _set_target(reader, here.last, hit.label, person=True)
    else:
        joined = here.last_kind == "person" and len(between) == 1 and between[0] in AND_WORDS
        _set_subject(reader, [*reader.subject, hit.label] if joined else [hit.label])
        here.crowd = False
        _remember(reader, hit.label)
        for verb in here.orphans:
            _add_action(reader, hit.label, verb, index)
        here.orphans.clear()
    here.mentioned.append(hit.label)
    here.person_end = end


def _read_group(reader: _Reader, here: _Sentence, position: int, hit: Hit) -> None:
    """A crowd ("the farmers", "los niños", "बच्चे"): not a character, but the subject of
    the verbs after it when it is not acted upon, so they go to nobody rather than to the
    person before ("Maria and the children dance" keeps Maria dancing)."""
    marked = _object_marker(reader, here.folded, position, hit.length)
    between = here.folded[here.person_end : position] if here.person_end >= 0 else []
    words = [word for word in between if word not in DETERMINERS]  # "and the children"
    joined = here.last_kind == "person" and len(words) == 1 and words[0] in AND_WORDS
    if not (marked or joined or (here.latin and _after_verb(here, position))):
        reader.subject = []
        here.orphans.clear()
        here.crowd = True
    here.person_end = position + hit.length


def _after_verb(here: _Sentence, position: int) -> bool:
    """Whether a person stands right after a verb done to someone, in the same clause, with
    only determiners between ("greets the girl"): the verb's object, not a new subject."""
    if here.verb_end < 0 or not any(a.action in _PERSON_OBJECT for a in here.last):
        return False
    between = here.folded[here.verb_end : position]
    breaks = any(here.verb_end < start <= position for start in here.clauses)
    return not breaks and len(between) <= 2 and all(w in DETERMINERS for w in between)


def _read_action(reader: _Reader, here: _Sentence, position: int, hit: Hit, index: int) -> None:
    """A verb: done by the subject (kept for the next person named when there is none)."""
    if not reader.subject:
        if not here.crowd:
            here.orphans.append(hit.label)
        return
    here.last = [_add_action(reader, who, hit.label, index) for who in reader.subject]
    here.verb_end = position + hit.length
    if reader.pending is not None:
        _set_target(reader, here.last, reader.pending, person=True)
        reader.pending = None


def _relative(reader: _Reader, here: _Sentence, position: int) -> None:
    """ "who", "que", "qui" right after a person (Hindi "जो" anywhere after one): the clause
    is about that person ("hugs the girl who cries": the girl cries)."""
    if not here.mentioned:
        return
    if here.latin and (here.last_kind != "person" or here.person_end != position):
        return
    others = [n for n in reversed(here.mentioned) if n not in reader.subject]
    who = here.mentioned[-1] if here.latin else next(iter(others), None)
    if who is not None:
        _set_subject(reader, [who])


def _set_subject(reader: _Reader, who: list[str]) -> None:
    """`who` act from here on (and "she" in the next sentence means the one of them)."""
    reader.subject = list(dict.fromkeys(who))
    reader.memory.subject = list(reader.subject)


def _clause_starts(sentence: str) -> frozenset[int]:
    """Token positions that begin a clause after a comma, semicolon or dash."""
    starts: set[int] = set()
    count = 0
    for piece in _CLAUSE_BREAK.split(sentence):
        if count:
            starts.add(count)
        count += len(raw_tokens(piece))
    return frozenset(starts)


def _passive_agent(
    folded: list[str], raw: list[str], events: list[tuple[int, int, str, Hit]]
) -> tuple[int, int] | None:
    """(agent position, verb position) when the sentence is a passive with an agent: "was
    greeted by Luis", "fue dado ... por Luis", "est donné ... par Luc", "पुजारी द्वारा"."""
    verbs = [
        p
        for p, _, kind, _h in events
        if kind == "action"
        and any(w in PASSIVE_AUX for w in folded[max(0, p - 2) : p])
        and not raw[p].lower().endswith("ing")
    ]
    for position, _, kind, hit in events:
        if kind != "person":
            continue
        after = folded[position + hit.length : position + hit.length + 1]
        if any(w in AGENT_AFTER for w in after):  # Hindi marks its agent after the noun
            later = [p for p, _, k, _h in events if k == "action" and p > position]
            return (position, later[0]) if later else None
        back = position - 1
        while back >= 0 and position - back <= 2 and folded[back] in DETERMINERS:
            back -= 1
        if back >= 0 and folded[back] in AGENT_BEFORE and verbs:
            return position, verbs[0]
    return None


def _events(reader: _Reader, folded: list[str], raw: list[str]) -> list[tuple[int, int, str, Hit]]:
    """What a sentence names, in word order: (position, rank, kind, hit); at one position a
    person comes before a verb, a verb before a prop, a prop before a face."""
    return sorted(
        [(h.position, 0, "person", h) for h in _person_hits(reader, folded, raw)]
        + [(h.position, 1, "action", h) for h in ACTION_WORDS.hits(folded)]
        + [(h.position, 2, "prop", h) for h in PROP_WORDS.hits(folded)]
        + [(h.position, 3, "face", h) for h in EXPRESSION_WORDS.hits(folded)]
        + [(p, 0, "pronoun", Hit(who, 1.0, p, 1)) for p, who in _pronouns(reader, raw)]
        + [
            (p, 2, "object", Hit(word, 1.0, p, 1))
            for p, word in enumerate(raw)
            if word.lower() in OBJECT_PRONOUNS
        ]
        + [(p, 0, "relative", Hit(w, 1.0, p, 1)) for p, w in enumerate(folded) if w in RELATIVES]
        + [(h.position, 0, "group", h) for h in _groups(folded)],
        key=lambda e: (e[0], e[1]),
    )


def _pronouns(reader: _Reader, raw: list[str]) -> list[tuple[int, str]]:
    """Where "she", "él", "il"... stand for the last person of that gender we met (accents
    kept: "el" is "the")."""
    found: list[tuple[int, str]] = []
    for position, word in enumerate(raw):
        if word in HINDI_PRONOUNS and reader.memory.subject:  # "वह": he or she, the subject
            found.append((position, reader.memory.subject[0]))
        for gender, pronouns in _PRONOUNS.items():
            who = reader.memory.last_of(gender) if word.lower() in pronouns else None
            if who is not None:
                found.append((position, who))
    return found


def _person_hits(reader: _Reader, folded: list[str], raw: list[str]) -> list[Hit]:
    """Mentions of people, labelled with the character's name: named characters first,
    then person nouns not standing beside a name (those are that person's role)."""
    found: list[Hit] = []
    firsts = {fold(name.split()[0]): name for name in reader.names if name.split()}
    for position, word in enumerate(folded):
        if word in firsts:
            found.append(Hit(firsts[word], 1.0, position, 1))
    named = [hit.position for hit in found]
    for hit in _nouns(folded):
        if _plural(folded, hit):
            continue  # "the farmers", "los niños": a crowd, not one character
        if any(_apposed(folded, hit, p) for p in named):
            continue  # "Maria, a fisherwoman": her role, not someone else
        stranger = _stranger(reader, hit, folded, raw)
        found.append(Hit(stranger.name, 1.0, hit.position, hit.length))
    return sorted(found, key=lambda h: h.position)


def _apposed(folded: list[str], noun: Hit, name: int) -> bool:
    """Whether a person noun names the person beside it ("Maria, a fisherwoman", "the
    fisherman Luis"): at most determiners between them ("the man who greets Maria" is two
    people)."""
    if name < noun.position:
        between = folded[name + 1 : noun.position]
    else:
        between = folded[noun.position + noun.length : name]
    return len(between) <= 2 and all(word in DETERMINERS for word in between)


def _nouns(folded: list[str]) -> list[Hit]:
    """Person nouns, side by side ones as one person: "le vieux pêcheur", "old fisherman".

    Each hit's weight is the length of its last noun (the head), which names the person.
    """
    merged: list[Hit] = []
    for hit in PERSON_WORDS.hits(folded):
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.position + previous.length == hit.position
            and _one_person(previous.label, hit.label)
        ):
            span = hit.position + hit.length - previous.position
            merged[-1] = Hit(hit.label, hit.length, previous.position, span)
        else:
            merged.append(Hit(hit.label, hit.length, hit.position, hit.length))
    return merged


def _groups(folded: list[str]) -> list[Hit]:
    """Crowds a sentence names: plural person nouns and group words ("the villagers")."""
    found = [hit for hit in _nouns(folded) if _plural(folded, hit)]
    covered = {p for hit in _nouns(folded) for p in range(hit.position, hit.position + hit.length)}
    found += [
        Hit(word, 1.0, p, 1)
        for p, word in enumerate(folded)
        if word in GROUP_WORDS and p not in covered
    ]
    return found


def _plural(folded: list[str], noun: Hit) -> bool:
    """Whether a person noun is written as a plural, so names a group: a group word
    ("men", "gens"), a lexicon noun with s, es or x ("grandmothers", "niños", "pêcheurs"),
    or a Hindi noun in -े with no case marker after it ("बच्चे दौड़ते हैं", not "बच्चे को")."""
    end = noun.position + noun.length
    head = folded[end - 1]
    if head in GROUP_WORDS:
        return True
    if has_devanagari(head):
        after = folded[end : end + 1]
        return head.endswith("\u0947") and not (after and after[0] in _HINDI_CASE)
    whole = PERSON_WORDS.first([head])
    return (
        whole is not None
        and any(  # "princess" is not "princes", the plural of "prince"
            head.endswith(ending)
            and len(head) > len(ending) + 1
            and PERSON_WORDS.first([head[: -len(ending)]]) == whole
            for ending in _PLURAL_ENDINGS
        )
    )


def _one_person(first: str, second: str) -> bool:
    """Whether two person nouns side by side are one person ("vieille pêcheuse", "बूढ़ा
    पुजारी"), not two ("पुजारी लड़की को": the priest, then the girl he greets)."""
    a, b = traits(first), traits(second)
    if "unknown" not in (a.gender, b.gender) and a.gender != b.gender:
        return False
    ages = ("", "elder", "child")
    return a.role in ages or b.role in ages


def _stranger(reader: _Reader, hit: Hit, folded: list[str], raw: list[str]) -> Stranger:
    """The unnamed person a noun names, the same one each time the film says it."""
    end = hit.position + hit.length
    key = " ".join(folded[end - int(hit.weight) : end])
    known = reader.memory.strangers.get(key)
    if known is not None:
        return known
    role, gender, age = traits(hit.label)
    around = folded[max(0, hit.position - 2) : hit.position + hit.length]
    if any(word in ELDER_WORDS for word in around):
        age = "elder"
    written = " ".join(raw[hit.position : hit.position + hit.length])
    stranger = Stranger(written[:1].upper() + written[1:], role, gender, age)
    reader.memory.strangers[key] = stranger
    reader.memory.genders[stranger.name] = gender
    return stranger


def _object_marker(reader: _Reader, folded: list[str], position: int, length: int) -> str:
    """Whether the person at `position` is acted upon, marked "before" ("to Maria", "a su
    vecina") or "after" ("पड़ोसन को"); "" when they are the one acting."""
    markers = OBJECT_BEFORE | ROMANCE_OBJECT_BEFORE if reader.romance else OBJECT_BEFORE
    if any(word in markers for word in folded[max(0, position - 2) : position]):
        return "before"
    if any(word in OBJECT_AFTER for word in folded[position + length : position + length + 1]):
        return "after"
    return ""


def _add_action(reader: _Reader, who: str, verb: str, index: int) -> Action:
    """Record `who` doing `verb` during line `index` (once), with its face if it shows."""
    action = Action.model_validate({"who": who, "action": verb, "line": index})
    if action not in reader.acting.actions:
        reader.acting.actions.append(action)
    _meet(reader, who)
    if verb in ACTION_FACES:
        _show(reader, who, ACTION_FACES[verb], index)
    return action


def _set_target(reader: _Reader, last: list[Action], target: str, person: bool) -> None:
    """Give the sentence's latest actions a target (a person beats a prop for "give")."""
    actions = reader.acting.actions
    for action in last:
        if action.who == target or action not in actions:
            continue
        if action.target is not None and not (person and action.action == "give"):
            continue
        if not person and action.action not in _PROP_TARGETS:
            continue
        actions[actions.index(action)] = action.model_copy(update={"target": target})
    if person:
        _meet(reader, target)


def _add_prop(reader: _Reader, folded: list[str], hit: Hit, last: list[Action]) -> None:
    """A prop the scene shows, held by the subject when the words put it in their hands."""
    near = folded[max(0, hit.position - HOLD_REACH) : hit.position + hit.length + HOLD_REACH]
    held = any(word in HOLD_CUES for word in near) or any(
        a.action in ("hold", "take", "give") for a in last
    )
    holder = reader.subject[0] if held and reader.subject else None
    props = reader.acting.props
    same = next((p for p in props if p.name == hit.label), None)
    if same is None:
        props.append(Prop(name=hit.label, holder=holder))
    elif same.holder is None and holder is not None:
        props[props.index(same)] = Prop(name=hit.label, holder=holder)
    _set_target(reader, last, hit.label, person=False)


def _show(reader: _Reader, who: str, face: str, index: int) -> None:
    """`who` shows `face` from line `index` on, recorded only when it changes."""
    if reader.faces.get(who) == face:
        return
    reader.faces[who] = face
    _meet(reader, who)
    change = ExpressionChange.model_validate({"who": who, "expression": face, "line": index})
    reader.acting.expressions.append(change)


def _meet(reader: _Reader, who: str) -> None:
    """Note who acts or is acted upon: they are the last mentioned, and in the scene."""
    _remember(reader, who)
    if who not in reader.acting.present:
        reader.acting.present.append(who)


def _people(reader: _Reader) -> list[str]:
    """Everyone in the scene so far: its characters and whoever acted in it."""
    return list(dict.fromkeys([*reader.names, *reader.acting.present]))


def _remember(reader: _Reader, who: str) -> None:
    """`who` is the last person mentioned (for "she", "il", and scenes that name nobody)."""
    recent = reader.memory.recent
    if who in recent:
        recent.remove(who)
    recent.append(who)
