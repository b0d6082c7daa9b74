"""Who people are and what their faces show: roles and expressions in en, es, fr, hi.

A person noun carries a role (what the painter dresses them as), a gender and an age, so "un
anciano", "une pêcheuse" and "पुजारी" can act in a scene even when the script never names
them. Labels are ``role/gender/age``; `traits` splits one.
"""

from __future__ import annotations

from typing import NamedTuple

from filmstudio.engine.planning.lexicon import Lexicon
from filmstudio.engine.script.lexicon import CHILD_WORDS, ELDER_WORDS, FEMALE_WORDS, MALE_WORDS


class Traits(NamedTuple):
    """What a person noun says: role (may be empty), gender and age."""

    role: str
    gender: str
    age: str


#: Person nouns with a role of their own (the parser's gender and age nouns add the rest).
_ROLES: dict[str, str] = {
    "elder/male/elder": "old_man elderly_man vieil_homme बुज़ुर्ग बुजुर्ग",
    "elder/female/elder": "old_woman elderly_woman vieille_femme",
    "fisherman/male/adult": "fisherman pescador pecheur मछुआरा मछुआरे",
    "fisherwoman/female/adult": "fisherwoman pescadora pecheuse मछुआरिन",
    "priest/male/adult": "priest monk sadhu pujari sacerdote cura monje pretre moine पुजारी "
    "पंडित साधु संन्यासी",
    "priest/female/adult": "nun priestess monja religieuse साध्वी",
    "child/male/child": "little_boy petit_garcon बालक",
    "child/female/child": "little_girl petite_fille बालिका",
    "child/unknown/child": "child kid baby enfant bebe बच्चे",
    "soldier/male/adult": "soldier guard warrior soldado guardia soldat garde सैनिक सिपाही योद्धा",
    "merchant/male/adult": "merchant trader shopkeeper vendor seller comerciante mercader "
    "vendedor tendero marchand commercant vendeur व्यापारी दुकानदार",
    "merchant/female/adult": "vendedora tendera marchande commercante vendeuse",
    "farmer/male/adult": "farmer peasant campesino granjero paysan fermier किसान",
    "farmer/female/adult": "campesina granjera paysanne fermiere किसानिन",
    "teacher/unknown/adult": "teacher maestro maestra profesor profesora professeur शिक्षक",
    "musician/unknown/adult": "musician musico musicien musicienne संगीतकार",
    "craftsman/male/adult": "watchmaker carpenter blacksmith tailor potter weaver relojero "
    "carpintero herrero sastre alfarero tejedor horloger menuisier forgeron tailleur potier "
    "tisserand कारीगर बढ़ई लोहार दर्जी कुम्हार जुलाहा",
    "keeper/male/adult": "keeper lighthouse_keeper farero gardien",
    "king/male/adult": "king rey roi राजा",
    "queen/female/adult": "queen reina reine रानी",
    "/female/adult": "neighbour_woman vecina voisine पड़ोसन",
    "/male/adult": "neighbour neighbor vecino voisin पड़ोसी",
}


def _person_entries() -> dict[str, dict[float, str]]:
    """Role nouns, then the parser's gender nouns (script.lexicon: one copy of each word),
    aged by its child and elder nouns: "abuela" is an elder woman, "niño" a boy."""
    named = {word for phrases in _ROLES.values() for word in phrases.split()}
    entries = {label: {1.0: phrases} for label, phrases in _ROLES.items()}
    for gender, nouns in (("female", FEMALE_WORDS), ("male", MALE_WORDS)):
        for age, role, group in (
            ("child", "child", nouns & CHILD_WORDS),
            ("elder", "elder", nouns & ELDER_WORDS),
            ("adult", "", nouns - CHILD_WORDS - ELDER_WORDS),
        ):
            extra = " ".join(sorted(group - named))
            label = f"{role}/{gender}/{age}"
            before = entries.get(label, {}).get(1.0, "")
            entries[label] = {1.0: f"{before} {extra}".strip()}
    return entries


PERSON_WORDS = Lexicon(_person_entries())


def traits(label: str) -> Traits:
    """The role, gender and age a PERSON_WORDS label names."""
    role, gender, age = label.split("/")
    return Traits(role, gender, age)


EXPRESSION_WORDS = Lexicon(
    {
        "happy": {
            1.0: "smil* grin* beam* laugh* happ* joy* sonri* feliz alegr* riendo souri* "
            "heureu* joyeu* riant मुस्कुरा* मुस्करा* हँस* खुश*",
        },
        "sad": {
            1.0: "sad* weep* sob* tear* grief sorrow* trist* llor* pena pleur* chagrin* "
            "उदास* दुखी रो_पड़*",
        },
        "angry": {
            1.0: "angr* furious* frown* scowl* glar* enfad* enoj* furios* fronce* colere "
            "furieu* गुस्स* क्रोध*",
        },
        "surprised": {
            1.0: "surpris* astonish* amaz* gasp* startl* sorprend* asombr* etonn* stupef* "
            "हैरान चौंक*",
        },
        "afraid": {
            1.0: "afraid fear* frighten* scared terrif* trembl* miedo asust* aterr* temblor* "
            "peur effray* terrifi* tremble* डर* काँप* कांप*",
        },
        "thoughtful": {
            1.0: "think* thought wonder* ponder* remember* dream* pensa* piensa* recuerd* "
            "sueña pens* reflexion* reve* rêve souvien* reflechi* सोच* याद*",
        },
    }
)
#: A line's emotion as the face shows it (the voice's names -> `plan.EXPRESSIONS`).
EMOTION_FACES: dict[str, str] = {"sad": "sad", "angry": "angry", "excited": "happy"}
#: Actions that show on the face.
ACTION_FACES: dict[str, str] = {"cry": "sad", "laugh": "happy"}
