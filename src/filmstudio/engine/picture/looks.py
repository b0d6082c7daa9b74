"""Each character's look: skin, hair, clothes, build, from the name, description, age and role.

A look is hashed from the name so it is the same in every scene, refined by the character's
description (colours named there win) and role (a priest in a robe, a soldier in uniform), and
nudged apart across the cast so no two characters dress alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from filmstudio.engine.picture.canvas import Ctx
from filmstudio.engine.picture.colour import RGB, darken, hex_rgb, lighten, mix, stable_hash
from filmstudio.engine.plan import Character, FilmPlan, Scene

SKINS = [
    hex_rgb(c)
    for c in (
        "#f3cfb3",
        "#e8b894",
        "#d29a72",
        "#b57a52",
        "#8d5a3b",
        "#6b4430",
        "#f0c2a0",
        "#c98e66",
    )
]
HAIRS = [
    hex_rgb(c)
    for c in (
        "#2a1b14",
        "#3b2619",
        "#5a3b25",
        "#161514",
        "#8a5a2b",
        "#c9a25a",
        "#6e2f1a",
        "#2f2622",
        "#1f1712",
        "#4a3020",
    )
]
GREYS = [hex_rgb(c) for c in ("#d9d6d0", "#bdb9b2", "#ecebe6", "#a7a39b")]
TOPS = [
    hex_rgb(c)
    for c in (
        "#c0392b",
        "#2e86c1",
        "#27ae60",
        "#d68910",
        "#8e44ad",
        "#16a085",
        "#e67e22",
        "#34495e",
        "#b03a2e",
        "#1f618d",
        "#e2b93b",
        "#7d3c98",
        "#d35400",
        "#2874a6",
        "#a93226",
        "#117864",
        "#c2185b",
        "#5d6d7e",
    )
]
BOTTOMS = [
    hex_rgb(c)
    for c in (
        "#2c3e50",
        "#34495e",
        "#5d4037",
        "#1b2631",
        "#4a5a6a",
        "#3e4a3d",
        "#6b5b4b",
        "#2e3b55",
        "#7b6a58",
    )
]
COLOUR_WORDS: dict[str, RGB] = {
    "red": hex_rgb("#c0392b"),
    "crimson": hex_rgb("#a93226"),
    "blue": hex_rgb("#2e86c1"),
    "navy": hex_rgb("#1f3a5f"),
    "green": hex_rgb("#27ae60"),
    "yellow": hex_rgb("#e2b93b"),
    "orange": hex_rgb("#e67e22"),
    "purple": hex_rgb("#8e44ad"),
    "violet": hex_rgb("#7d3c98"),
    "pink": hex_rgb("#e27396"),
    "white": hex_rgb("#eeeae2"),
    "black": hex_rgb("#222326"),
    "grey": hex_rgb("#7f8c8d"),
    "gray": hex_rgb("#7f8c8d"),
    "brown": hex_rgb("#6e4b32"),
    "saffron": hex_rgb("#f0932b"),
    "gold": hex_rgb("#d4a017"),
    "golden": hex_rgb("#d4a017"),
    "teal": hex_rgb("#16a085"),
    "maroon": hex_rgb("#7b241c"),
}
HAIR_WORDS: dict[str, RGB] = {
    "blonde": hex_rgb("#d8b45e"),
    "blond": hex_rgb("#d8b45e"),
    "redhead": hex_rgb("#a0461f"),
    "ginger": hex_rgb("#b0531f"),
    "auburn": hex_rgb("#7a3319"),
    "brunette": hex_rgb("#4a2f1e"),
    "silver": hex_rgb("#d9d6d0"),
    "white-haired": hex_rgb("#ecebe6"),
    "grey-haired": hex_rgb("#bdb9b2"),
    "dark-haired": hex_rgb("#1f1712"),
}
GARMENT_WORDS = (
    "coat",
    "dress",
    "shirt",
    "jacket",
    "sweater",
    "scarf",
    "sari",
    "kurta",
    "hoodie",
    "cloak",
    "robe",
    "uniform",
    "saree",
    "top",
    "blouse",
)


@dataclass(frozen=True)
class Look:
    """How one character looks; derived from the name so it is stable across scenes."""

    age: str
    gender: str
    skin: RGB
    hair: RGB
    hair_style: str
    top: RGB
    bottom: RGB
    dress: bool
    long_skirt: bool
    shoes: RGB
    scarf: RGB | None
    beard: bool
    glasses: bool
    build: float
    accent: RGB
    jacket: bool = False
    headwear: str = "none"  # headscarf, cap, helmet, turban, hat, crown, hood
    headwear_colour: RGB = (0.3, 0.3, 0.3)
    apron: RGB | None = None
    coat: bool = False  # a coat over the clothes, to the knees
    short_sleeves: bool = False  # forearms bare (heat, the beach)


@dataclass(frozen=True)
class RoleDress:
    """What a role wears: clothes colours and cut, and what is on the head."""

    top: str
    bottom: str
    robe: bool = False  # a long garment to the feet (priest, monk, queen)
    jacket: bool = False
    headwear: str = "none"
    headwear_female: str | None = None  # when a woman in the role covers her head otherwise
    hat: str = "#555555"
    apron: str | None = None
    build: float | None = None  # broader (soldier) or slighter than the name's hash


#: Role nouns (Character.role, written by the planner) -> dress. A role containing the key
#: ("fisherwoman" contains "fisher") takes it; the first key found wins.
ROLE_DRESS: dict[str, RoleDress] = {
    "priest": RoleDress("#24201f", "#24201f", robe=True, headwear="none"),
    "pujari": RoleDress("#f2e6c9", "#f2e6c9", robe=True),
    "monk": RoleDress("#d9822b", "#d9822b", robe=True),
    "nun": RoleDress("#1f1f24", "#1f1f24", robe=True, headwear="hood", hat="#1f1f24"),
    "soldier": RoleDress(
        "#4b5320", "#3d4419", jacket=True, headwear="helmet", hat="#4b5320", build=1.1
    ),
    "guard": RoleDress(
        "#3b4a5a", "#2a3340", jacket=True, headwear="helmet", hat="#3b4a5a", build=1.08
    ),
    "police": RoleDress("#1f3050", "#1b2638", jacket=True, headwear="cap", hat="#1b2638"),
    "sailor": RoleDress("#f0f0ea", "#1f3a5f", headwear="cap", hat="#f0f0ea"),
    "fisher": RoleDress(
        "#2f5d7c",
        "#5b4a3a",
        headwear="cap",
        headwear_female="headscarf",
        hat="#b5452f",
        apron="#c9b48a",
    ),
    "farmer": RoleDress("#8a6a3b", "#4a5a3a", headwear="hat", hat="#d8b86a"),
    "merchant": RoleDress(
        "#7b241c",
        "#3e2f22",
        jacket=True,
        headwear="turban",
        headwear_female="headscarf",
        hat="#d4a017",
    ),
    "shopkeeper": RoleDress("#5d6d7e", "#3e2f22", apron="#e8e0cc"),
    "baker": RoleDress("#f2efe8", "#6b5b4b", headwear="cap", hat="#f7f5ef", apron="#f7f5ef"),
    "cook": RoleDress("#f2efe8", "#34495e", apron="#f7f5ef"),
    "doctor": RoleDress("#f4f4f0", "#34495e", jacket=True),
    "nurse": RoleDress("#dfe9f2", "#dfe9f2", robe=True),
    "king": RoleDress("#7d1f2a", "#3a1f2a", robe=True, headwear="crown", hat="#d4a017"),
    "queen": RoleDress("#5b2a86", "#5b2a86", robe=True, headwear="crown", hat="#d4a017"),
    "teacher": RoleDress("#5d6d7e", "#2c3e50", jacket=True),
    "student": RoleDress("#f2f2ee", "#1f3a5f"),
}


def role_dress(role: str) -> RoleDress | None:
    """The dress for a role, if the role is one the painter dresses."""
    key = role.strip().lower()
    return next((dress for word, dress in ROLE_DRESS.items() if word in key), None)


def _dressed(look: Look, role: str) -> Look:
    """The look in the role's clothes (colours named in the description still win later)."""
    dress = role_dress(role)
    if dress is None:
        return look
    female = look.gender == "female"
    headwear = dress.headwear_female if female and dress.headwear_female else dress.headwear
    return replace(
        look,
        top=hex_rgb(dress.top),
        bottom=hex_rgb(dress.bottom),
        dress=dress.robe or (look.dress and female),
        long_skirt=dress.robe or look.long_skirt,
        jacket=dress.jacket and not dress.robe,
        headwear=headwear,
        headwear_colour=hex_rgb(dress.hat),
        apron=hex_rgb(dress.apron) if dress.apron else None,
        scarf=None if dress.robe or headwear in ("headscarf", "hood") else look.scarf,
        build=dress.build or look.build,
    )


def look_for(name: str, character: Character | None) -> Look:
    """The look of a character: hashed from the name; gender, age and role from the plan's
    fields (the planner decided them), colours the description names (a red dress) win."""
    key = name.strip().lower()

    def roll(attr: str, n: int) -> int:
        return stable_hash(f"{key}|{attr}") % n

    def pick(seq: list[RGB], attr: str) -> RGB:
        return seq[roll(attr, len(seq))]

    gender = character.gender if character else "unknown"
    age = character.age if character else "adult"
    desc = (character.description if character else "").lower()
    words = set(re.findall(r"[a-z\-]+", desc))
    female = gender == "female" or (gender == "unknown" and roll("gender", 2) == 0)
    styles_f = ["long", "bob", "bun", "ponytail", "long", "curly"]
    styles_m = ["short", "short", "curly", "short", "swept"]
    if age == "child":
        styles_f, styles_m = ["pigtails", "bob", "ponytail"], ["short", "curly"]
    choices = styles_f if female else styles_m
    hair_style = choices[roll("hairstyle", len(choices))]
    hair = pick(HAIRS, "hair")
    if age == "elder":
        hair = pick(GREYS, "hair")
        if not female and roll("bald", 3) == 0:
            hair_style = "bald"
        elif female:
            hair_style = "bun"
    top = pick(TOPS, "top")
    bottom = pick(BOTTOMS, "bottom")
    dress = female and roll("dress", 3) == 0
    long_skirt = dress and (age == "elder" or roll("skirt", 2) == 0)
    scarf = pick(TOPS, "scarf") if roll("has-scarf", 4) == 0 else None
    for w in sorted(words):
        if w in HAIR_WORDS:
            hair = HAIR_WORDS[w]
    m = re.search(r"(\w+)[ -]hair", desc)
    if m and m.group(1) in COLOUR_WORDS:
        hair = mix(COLOUR_WORDS[m.group(1)], hex_rgb("#3b2619"), 0.35)
    m = re.search(r"(\w+)\s+(?:" + "|".join(GARMENT_WORDS) + r")", desc)
    described_top = COLOUR_WORDS[m.group(1)] if m and m.group(1) in COLOUR_WORDS else None
    top = described_top or top
    if words & {"dress", "sari", "saree", "gown", "skirt"}:
        dress, long_skirt = True, bool(words & {"sari", "saree", "gown"}) or long_skirt
    if "bald" in words:
        hair_style = "bald"
    if "long" in words and "hair" in words:
        hair_style = "long"
    look = Look(
        age=age,
        gender="female" if female else "male",
        skin=pick(SKINS, "skin"),
        hair=hair,
        hair_style=hair_style,
        top=top,
        bottom=bottom,
        dress=dress,
        long_skirt=long_skirt,
        shoes=darken(pick(BOTTOMS, "shoes"), 0.4),
        scarf=scarf,
        beard=(not female) and age != "child" and (roll("beard", 3) == 0 or "beard" in words),
        glasses=age == "elder" or "glasses" in words,
        build=0.92 + roll("build", 5) * 0.04,
        accent=pick(TOPS, "accent"),
        jacket=not dress and roll("jacket", 3) == 0,
    )
    look = _dressed(look, character.role if character else "")
    if described_top is not None:
        look = replace(look, top=described_top)
    return look


COATS = [hex_rgb(c) for c in ("#6b4f3a", "#2f3b52", "#3d3d42", "#7a2e2e", "#4a5a3a", "#8a6d4b")]
RAINCOATS = [hex_rgb(c) for c in ("#e2b93b", "#2f5d4c", "#1f3a5f", "#b5452f")]
SUIT = hex_rgb("#1f2633")


def dressed_for(look: Look, attire: str) -> Look:
    """The look in the scene's attire (`Scene.attire`): a coat and scarf, a raincoat and
    hood, light short-sleeved clothes, or formal clothes. Depends only on the look and the
    attire, so a character wears the same in every shot of a scene; skin, hair and the
    role's robe or uniform stay."""
    pick = stable_hash(f"{look.top}|{look.hair}|{look.skin}")
    robe = look.dress and look.long_skirt and look.top == look.bottom
    bare = look.headwear == "none"
    if attire == "warm":
        scarf = look.scarf or look.accent
        covered = look.headwear in ("headscarf", "hood")
        return replace(
            look,
            # a coat of the character's own colour, muted: the cast stays apart in winter too
            top=look.top if robe else mix(look.top, COATS[pick % len(COATS)], 0.45),
            coat=not robe,
            jacket=False,
            apron=None,
            scarf=None if covered else scarf,
            headwear="beanie" if bare and look.age != "elder" else look.headwear,
            headwear_colour=scarf if bare else look.headwear_colour,
            short_sleeves=False,
        )
    if attire == "rain":
        raincoat = mix(look.top, RAINCOATS[pick % len(RAINCOATS)], 0.4)
        return replace(
            look,
            top=raincoat,
            coat=True,
            jacket=False,
            apron=None,
            scarf=None,
            headwear="hood" if bare or look.headwear == "cap" else look.headwear,
            headwear_colour=raincoat if bare or look.headwear == "cap" else look.headwear_colour,
        )
    if attire == "light":
        if robe:
            return replace(look, scarf=None)
        return replace(
            look, top=lighten(look.top, 0.18), jacket=False, scarf=None, short_sleeves=True
        )
    uniform = look.headwear in ("helmet", "crown")
    if attire == "formal" and not robe and not uniform:
        if look.gender == "female":
            return replace(look, dress=True, long_skirt=True, jacket=False, apron=None)
        return replace(look, top=SUIT, bottom=SUIT, jacket=True, apron=None, scarf=None)
    return look


def scene_look(plan: FilmPlan, scene: Scene, name: str) -> Look:
    """How `name` looks in `scene`: their film look in the scene's attire (every shot of
    the scene, the talking close-ups too, should draw this one)."""
    return dressed_for(character_look(plan, name), scene.attire)


def character_look(plan: FilmPlan, name: str) -> Look:
    """How `name` looks in this film: skin, hair colour and style, clothes, accessories.

    The one function to call for a character's appearance (scenes, portraits, thumbnails):
    it depends only on the plan's cast, so the result is the same in every scene.
    """
    cast: list[tuple[str, Character | None]] = [(c.name, c) for c in plan.characters]
    return cast_looks(cast).get(name) or look_for(name, plan.character(name))


def _distance(a: RGB, b: RGB) -> float:
    return abs(a[0] - b[0]) + abs(a[1] - b[1]) + abs(a[2] - b[2])


def cast_looks(cast: list[tuple[str, Character | None]]) -> dict[str, Look]:
    """Looks for a whole cast, nudged apart so no two characters share clothes or hair.

    Depends only on the cast list (the same for every scene of a film), so each character
    still looks the same in every scene.
    """
    looks: dict[str, Look] = {}
    for name, character in cast:
        if name in looks:
            continue
        look = look_for(name, character)
        described = character is not None and (
            any(w in character.description.lower() for w in COLOUR_WORDS)
            or role_dress(character.role) is not None
        )
        for attempt in range(len(TOPS)):
            clash = any(_distance(look.top, o.top) < 0.35 for o in looks.values())
            if not clash or described:
                break
            look = replace(
                look,
                top=TOPS[(TOPS.index(look.top) + 5 + attempt) % len(TOPS)]
                if look.top in TOPS
                else TOPS[attempt],
            )
        if any(_distance(look.hair, o.hair) < 0.12 and look.age == o.age for o in looks.values()):
            pool = GREYS if look.age == "elder" else HAIRS
            idx = pool.index(look.hair) if look.hair in pool else 0
            look = replace(look, hair=pool[(idx + 3) % len(pool)])
        if character is not None and character.image:
            look = _photo_look(look, character.image)
        looks[name] = look
    return looks


def _photo_look(look: Look, image: str) -> Look:
    """The look in the colours of the character's photo (its shapes stay the drawn ones)."""
    from filmstudio.engine.picture.reference import look_from_photo, photo_colours, read_photo

    return look_from_photo(look, photo_colours(read_photo(Path(image))))


def random_look(ctx: Ctx, tag: str) -> Look:
    """An anonymous passer-by (crowds in markets and streets)."""
    rng = ctx.rng(tag)
    base = look_for(f"extra{int(rng.integers(1 << 30))}", None)
    return replace(base, age="adult" if rng.random() < 0.85 else "elder")
