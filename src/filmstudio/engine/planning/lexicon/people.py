"""Who people are and what their faces show: roles and expressions in en, es, fr, hi.

A person noun carries a role (what the painter dresses them as), a gender and an age, so "un
anciano", "une pêcheuse" and "पुजारी" can act in a scene even when the script never names
them. Labels are ``role/gender/age``; `traits` splits one.
"""

from __future__ import annotations

from typing import NamedTuple

from filmstudio.engine.planning.lexicon import Lexicon


class Traits(NamedTuple):
    """What a person noun says: role (may be empty), gender and age."""

    role: str
    gender: str
    age: str


PERSON_WORDS = Lexicon(
    {
        "elder/male/elder": {
            1.0: "old_man elderly_man grandfather grandpa anciano viejo abuelo vieillard "
            "vieil_homme vieux grand_pere papy बूढ़ा बुज़ुर्ग बुजुर्ग दादा नाना",
        },
        "elder/female/elder": {
            1.0: "old_woman elderly_woman grandmother grandma granny anciana vieja abuela "
            "vieille grand_mere mamie बूढ़ी दादी नानी",
        },
        "fisherman/male/adult": {1.0: "fisherman pescador pecheur मछुआरा मछुआरे"},
        "fisherwoman/female/adult": {1.0: "fisherwoman pescadora pecheuse मछुआरिन"},
        "priest/male/adult": {
            1.0: "priest monk sadhu pujari sacerdote cura monje pretre moine pujari पुजारी "
            "पंडित साधु संन्यासी",
        },
        "priest/female/adult": {1.0: "nun priestess monja religieuse साध्वी"},
        "child/male/child": {1.0: "boy little_boy nino chico garcon petit_garcon लड़का बालक"},
        "child/female/child": {
            1.0: "girl little_girl nina chica fillette petite_fille लड़की बालिका"
        },
        "child/unknown/child": {1.0: "child kid baby enfant bebe बच्चा बच्चे"},
        "soldier/male/adult": {
            1.0: "soldier guard warrior soldado guardia soldat garde सैनिक सिपाही योद्धा"
        },
        "merchant/male/adult": {
            1.0: "merchant trader shopkeeper vendor seller comerciante mercader vendedor tendero "
            "marchand commercant vendeur व्यापारी दुकानदार",
        },
        "merchant/female/adult": {1.0: "vendedora tendera marchande commercante vendeuse"},
        "farmer/male/adult": {1.0: "farmer peasant campesino granjero paysan fermier किसान"},
        "farmer/female/adult": {1.0: "campesina granjera paysanne fermiere किसानिन"},
        "teacher/unknown/adult": {
            1.0: "teacher maestro maestra profesor profesora professeur शिक्षक"
        },
        "musician/unknown/adult": {1.0: "musician musico musicien musicienne संगीतकार"},
        "craftsman/male/adult": {
            1.0: "watchmaker carpenter blacksmith tailor potter weaver relojero carpintero "
            "herrero sastre alfarero tejedor horloger menuisier forgeron tailleur potier "
            "tisserand कारीगर बढ़ई लोहार दर्जी कुम्हार जुलाहा",
        },
        "keeper/male/adult": {1.0: "keeper lighthouse_keeper farero gardien"},
        "king/male/adult": {1.0: "king rey roi राजा"},
        "queen/female/adult": {1.0: "queen reina reine रानी"},
        "/female/adult": {
            1.0: "woman lady neighbour_woman mujer senora vecina femme dame voisine औरत महिला "
            "पड़ोसन",
        },
        "/male/adult": {
            1.0: "man gentleman neighbour neighbor hombre senor vecino homme voisin आदमी पड़ोसी"
        },
    }
)


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
