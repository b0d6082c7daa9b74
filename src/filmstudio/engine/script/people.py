"""Who is in the script: names that act, and what the text says about their gender and age.

Prose names are capitalised words that act (they appear mid-sentence, repeat, or carry a
title like Doña or Mme) and are not ordinary words written elsewhere in lowercase, nor places
("in Paris", "the Sahara", "Mumbai"), peoples ("the Portuguese") or groups ("Villagers"),
unless a speech verb stands beside them ("said Paris"). Gender comes from titles, common
first names, nouns beside the name ("his granddaughter Nora", "MARIA, a fisherwoman"),
subject pronouns in sentences about that person alone, and Hindi verb agreement; age from
words beside the name and "nine years old" / (60s).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from filmstudio.engine.script.document import Age, Gender, Person
from filmstudio.engine.script.language import STOPWORDS
from filmstudio.engine.script.lexicon import (
    ARTICLES,
    CHILD_WORDS,
    COMMON_CAPITALS,
    ELDER_WORDS,
    FEMALE_NAMES,
    FEMALE_POSSESSIVES,
    FEMALE_PRONOUNS,
    FEMALE_TITLES,
    FEMALE_WORDS,
    HINDI_FEMALE_VERBS,
    HINDI_MALE_VERBS,
    MALE_NAMES,
    MALE_POSSESSIVES,
    MALE_PRONOUNS,
    MALE_TITLES,
    MALE_WORDS,
    PLACE_PREPOSITIONS,
    SPEECH_VERBS,
    TITLES,
)
from filmstudio.engine.script.place_names import GROUP_WORDS, PEOPLES, PLACE_NAMES
from filmstudio.engine.script.text import (
    fold,
    has_devanagari,
    raw_tokens,
    split_sentences,
    tokens,
)

_NAME_TOKEN = re.compile(r"[^\W\d_][\w'’\-]*")
_OPENERS = '"“«—–¿¡(:'
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»")
_APPOSITIVE = re.compile(r"^\s*(?:\((?P<paren>[^)]*)\))?\s*(?:,\s*(?P<appos>[^,.;:!?]+))?")
_YEARS_OLD = re.compile(
    r"\b(?P<n>\w+)[\s-]+(?:years?[\s-]+old|-?year-old|años|ans)\b|\((?P<p>\d{1,3})s?\)",
    re.I,
)
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_COMMON = COMMON_CAPITALS | frozenset().union(*STOPWORDS.values())
#: Words dropped from the front of a capitalised run: "When Maria", "Little Kiri", "Old Tom".
_DROPPABLE = (_COMMON | CHILD_WORDS | ELDER_WORDS) - TITLES


#: Articles before a capitalised word make it a place, a people or a thing ("the Sahara",
#: "el Amazonas", "les Hollandais"), not someone; possessives do not ("su Carmen"), and "a"
#: is left out: in Spanish and French it is "to" ("à Anne").
_THE = frozenset({"the", "an", "el", "la", "los", "las", "un", "una", "le", "les", "une"})
#: Prepositions that put something inside a place: "in Mumbai", "dans Paris", "en Madrid".
_INSIDE = frozenset({"in", "into", "inside", "across", "through", "throughout", "dans", "en"})
#: Singular person nouns that may stand as a name after an article ("the King", "la Reina").
_PERSON_NOUNS = (FEMALE_WORDS | MALE_WORDS | TITLES) - GROUP_WORDS


@dataclass(frozen=True)
class _Occurrence:
    name: tuple[str, ...]
    initial: bool
    previous: str
    following: str = ""
    possessive: bool = False
    #: nothing but space between `previous` and the name ("in Kochi", not "Inside, Amara")
    close: bool = False


def mention_pattern(alias: str, case_sensitive: bool) -> re.Pattern[str]:
    """A regex that finds `alias` as a whole word (possessive 's allowed)."""
    flags = 0 if case_sensitive else re.I
    return re.compile(rf"(?<![\w\-]){re.escape(alias)}(?![\w\-])", flags)


def find_prose_names(paragraphs: Sequence[str]) -> list[tuple[str, tuple[str, ...]]]:
    """Names that act in prose paragraphs, in order of appearance, with their aliases."""
    text = "\n".join(paragraphs)
    lowercase_words = {fold(t) for t in raw_tokens(text) if t[:1].islower()}
    occurrences: list[_Occurrence] = []
    for paragraph in paragraphs:
        for sentence in split_sentences(paragraph):
            occurrences.extend(_runs(sentence))
    accepted: list[tuple[str, ...]] = []
    for name in dict.fromkeys(o.name for o in occurrences):
        found = [o for o in occurrences if o.name == name]
        core = [fold(t) for t in name if fold(t) not in TITLES]
        if not core or any(c in _COMMON or c in lowercase_words or len(c) < 2 for c in core):
            continue
        titled = len(core) < len(name)
        known = core[0] in FEMALE_NAMES or core[0] in MALE_NAMES
        full = len(core) >= 2  # "Elias Thorn" opening a sentence is still a name
        if not (titled or known or full or len(found) >= 2 or any(not o.initial for o in found)):
            continue
        if all(o.previous in PLACE_PREPOSITIONS for o in found):
            continue
        if not (titled or known or _speaks(found)) and _not_a_person(core, found):
            continue
        accepted.append(name)
    return _merge_aliases(accepted)


def _speaks(found: Sequence[_Occurrence]) -> bool:
    """Whether a speech verb stands beside the name once ("said Asha", "Ravi asked")."""
    return any(o.previous in SPEECH_VERBS or o.following in SPEECH_VERBS for o in found)


def _not_a_person(core: Sequence[str], found: Sequence[_Occurrence]) -> bool:
    """A place, a people or a group written like a name: a known place ("Mumbai"), a people
    ("Portuguese"), a plural of people ("Villagers"), or a word the text puts an article
    before ("the Sahara") or something inside ("in Kochi")."""
    if any(c in PLACE_NAMES or c in PEOPLES or c in GROUP_WORDS for c in core):
        return True
    if core[-1] in _PERSON_NOUNS:
        return False
    return any(
        o.close and (o.previous in _THE or (o.previous in _INSIDE and not o.possessive))
        for o in found
    )


def _runs(sentence: str) -> list[_Occurrence]:
    """Runs of capitalised words in one sentence (titles kept, leading stopwords dropped)."""
    found: list[_Occurrence] = []
    run: list[re.Match[str]] = []
    matches = list(_NAME_TOKEN.finditer(sentence))

    def close() -> None:
        while run and fold(_bare(run[0].group(0))) in _DROPPABLE:
            run.pop(0)
        if run:
            before = sentence[: run[0].start()].rstrip()
            initial = _opens_sentence(before)
            previous = raw_tokens(before)[-1:] or [""]
            following = raw_tokens(sentence[run[-1].end() :])[:1] or [""]
            name = tuple(_bare(m.group(0)) for m in run)
            possessive = _bare(run[-1].group(0)) != run[-1].group(0)
            close = before[-1:].isalpha()
            occurrence = _Occurrence(
                name, initial, fold(previous[0]), fold(following[0]), possessive, close
            )
            found.append(occurrence)
        run.clear()

    for index, match in enumerate(matches):
        word = match.group(0)
        capitalised = word[:1].isupper() and not (len(word) > 1 and word.isupper())
        if capitalised and run and sentence[run[-1].end() : match.start()].strip():
            close()
        if capitalised:
            run.append(match)
        elif run:
            close()
        if index == len(matches) - 1 and run:
            close()
    return found + _devanagari_names(sentence)


def _devanagari_names(sentence: str) -> list[_Occurrence]:
    """Known Hindi names in a sentence: Devanagari has no capitals to find them by."""
    return [
        _Occurrence((token,), False, "")
        for token in raw_tokens(sentence)
        if has_devanagari(token) and (token in FEMALE_NAMES or token in MALE_NAMES)
    ]


def _opens_sentence(before: str) -> bool:
    """Whether a word preceded by `before` starts a sentence or a quotation."""
    if not before or before[-1] in ".!?…" or before[-1] in _OPENERS.replace('"', ""):
        return True
    return before[-1] == '"' and before.count('"') % 2 == 1  # an opening straight quote


def _bare(word: str) -> str:
    """A name without a possessive ending (Maria's -> Maria)."""
    for suffix in ("'s", "’s"):
        if word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _merge_aliases(names: list[tuple[str, ...]]) -> list[tuple[str, tuple[str, ...]]]:
    """Join "Elias Thorn" and "Elias", "Doña Carmen" and "Carmen" into one person."""
    people: list[tuple[str, list[str]]] = []
    for name in names:
        full = " ".join(name)
        core = {t for t in name if fold(t) not in TITLES}
        for index, (main, aliases) in enumerate(people):
            main_core = {t for t in main.split() if fold(t) not in TITLES}
            if core <= main_core or main_core <= core:
                longer = full if len(full) > len(main) else main
                people[index] = (longer, [*aliases, main, full])
                break
        else:
            people.append((full, [full]))
    return [(main, tuple(sorted(set(aliases) - {main}))) for main, aliases in people]


def describe(
    name: str,
    aliases: Sequence[str],
    sentences: Sequence[str],
    others: Sequence[str],
    case_sensitive: bool = True,
) -> Person:
    """A Person with gender, age and description read from the sentences that mention them.

    `others` are the aliases of everyone else, so that pronouns in a sentence about two
    people are not credited to either.
    """
    forms = sorted({name, *aliases}, key=len, reverse=True)
    patterns = [mention_pattern(form, case_sensitive) for form in forms]
    other_patterns = [mention_pattern(form, case_sensitive) for form in others if form]
    name_tokens = [fold(t) for form in forms for t in form.split()]
    female = male = 0.0
    female += 3 * sum(t in FEMALE_TITLES or t in FEMALE_WORDS for t in name_tokens[:2])
    male += 3 * sum(t in MALE_TITLES or t in MALE_WORDS for t in name_tokens[:2])
    first_names = {fold(part) for form in forms for part in (form.split()[0], form.split()[-1])}
    female += 2 * any(t in FEMALE_NAMES for t in first_names)
    male += 2 * any(t in MALE_NAMES for t in first_names)
    near: list[str] = list(name_tokens)
    numbers: list[int] = []
    description = ""
    for index, raw_sentence in enumerate(sentences):
        sentence = _QUOTED.sub(" ", raw_sentence)
        match = next((m for p in patterns if (m := p.search(sentence))), None)
        if match is None:
            continue
        pre = tokens(sentence[: match.start()])[-2:]
        after = _APPOSITIVE.match(sentence[match.end() :])
        paren = (after.group("paren") or "") if after else ""
        appos = (after.group("appos") or "").strip() if after else ""
        if appos and fold(appos.split()[0]) not in ARTICLES and not _starts_with_age(appos):
            appos = ""
        numbers += _ages(appos) + _ages(f"({paren})")
        window = pre + tokens(_YEARS_OLD.sub(" ", appos)) + tokens(paren)
        near += window
        female += 3 * sum(t in FEMALE_WORDS for t in window)
        male += 3 * sum(t in MALE_WORDS for t in window)
        if not description and (appos or paren):
            description = ", ".join(part for part in (paren.strip(), appos) if part)
        alone = not any(p.search(sentence) for p in other_patterns)
        if alone:
            female_here, male_here = _pronouns(sentence)
            later = {t.lower() for t in raw_tokens(sentence[match.end() :])}
            female += female_here + bool(later & FEMALE_POSSESSIVES)
            male += male_here + bool(later & MALE_POSSESSIVES)
        if index + 1 < len(sentences):
            following = _QUOTED.sub(" ", sentences[index + 1])
            if not any(p.search(following) for p in [*patterns, *other_patterns]):
                female_next, male_next = _pronouns(following)
                female += female_next + sum(t in FEMALE_WORDS for t in tokens(following))
                male += male_next + sum(t in MALE_WORDS for t in tokens(following))
    gender: Gender = "female" if female > male else "male" if male > female else "unknown"
    return Person(name, gender, _age(near, numbers), description, tuple(a for a in aliases))


def _starts_with_age(text: str) -> bool:
    return bool(_ages(text)) or fold(text.split()[0]) in CHILD_WORDS | ELDER_WORDS


def _ages(text: str) -> list[int]:
    """Ages stated as "nine years old", "cuarenta años", "8 ans" or "(60s)"."""
    ages: list[int] = []
    for match in _YEARS_OLD.finditer(text):
        value = match.group("n") or match.group("p") or ""
        if value.isdigit():
            ages.append(int(value))
        elif value.lower() in _NUMBER_WORDS:
            ages.append(_NUMBER_WORDS[value.lower()])
    return ages


def _age(words: Sequence[str], numbers: Sequence[int]) -> Age:
    """Child, elder or adult from a stated age, else from age words next to the name."""
    if numbers:
        return "child" if numbers[0] < 13 else "elder" if numbers[0] >= 60 else "adult"
    child = sum(w in CHILD_WORDS for w in words)
    elder = sum(w in ELDER_WORDS for w in words)
    if elder > child:
        return "elder"
    return "child" if child > elder else "adult"


def _pronouns(sentence: str) -> tuple[float, float]:
    """Subject pronouns and Hindi verb endings: (female, male) evidence in one sentence."""
    lowered = [t.lower() for t in raw_tokens(sentence)]
    verbs_agree = "ने" not in lowered  # after ने the verb agrees with the object, not the subject
    female = sum(t in FEMALE_PRONOUNS or (verbs_agree and t in HINDI_FEMALE_VERBS) for t in lowered)
    male = sum(t in MALE_PRONOUNS or (verbs_agree and t in HINDI_MALE_VERBS) for t in lowered)
    return float(female), float(male)
