"""How a line is spoken and heard: deliveries, emotions and voice effects, in en, es, fr, hi.

Screenplays say it in parentheticals ("(whispering)", "(on the phone)"), prose in the words
around a quote ("she shouted", "dijo en voz baja", "répond-il en souriant"). Labels are the
plan's values: `plan.DELIVERIES`, the voice stage's emotions, `plan.VOICE_EFFECTS`.
"""

from __future__ import annotations

from filmstudio.engine.planning.lexicon import Lexicon
from filmstudio.engine.script.text import word_set

DELIVERY_WORDS = Lexicon(
    {
        "whisper": {
            1.0: "whisper* murmur* mutter* softly quietly under_his_breath under_her_breath "
            "hush* susurr* en_voz_baja bajito chuchot* a_voix_basse tout_bas फुसफुसा* "
            "धीरे_से",
        },
        "shout": {
            1.0: "shout* yell* scream* cry_out cries_out cried_out loud* bellow* grit* "
            "voce* en_criant cri crie criant hurl* चिल्ला* चीख*",
        },
        "sing": {
            1.0: "sing* sang hum* cant* chante chantant chantait en_chantant fredonn* गा* "
            "गाती गाता गाने गीत",
        },
        "recite": {
            1.0: "recit* chant chants chanting chanted sloka shloka verse declam* "
            "psalmod* पाठ* जप*",
        },
    }
)

EMOTION_WORDS = Lexicon(
    {
        "angry": {1.0: "angr* furious* rage snapp* enfad* enoj* furios* colere furieu* गुस्स* क्रोध*"},
        "sad": {
            1.0: "sad* tear* crying sob* grief asham* sorrow* llor* trist* avergonz* "
            "pleur* chagrin* honte उदास* रोत* रोते दुख*",
        },
        "excited": {
            1.0: "excite* laugh* joy* happ* thrill* delight* riendo alegr* emocion* rire "
            "riant joyeu* heureu* हँस* हंस* खुश*",
        },
        "calm": {
            1.0: "calm* gentl* tender* smil* warm* sonri* tiern* dulce* douc* souri* tendre* "
            "मुस्कुरा* मुस्करा* शांत*",
        },
    }
)
#: The emotions `EMOTION_WORDS` names, and the neutral one: the voice stage knows them all.
EMOTIONS: tuple[str, ...] = ("neutral", "angry", "sad", "excited", "calm")

EFFECT_WORDS = Lexicon(
    {
        "phone": {
            1.0: "phone* telephon* on_the_line cellphone mobile por_telefono al_telefono "
            "au_telephone portable फ़ोन* फोन*",
        },
        "radio": {
            1.0: "radio* walkie* intercom* loudspeaker* broadcast* tannoy megaphone* "
            "altavoz* haut_parleur* रेडियो* लाउडस्पीकर*",
        },
    }
)
#: Scene words that make every voice in it ring: caves, halls, wells.
ECHO_WORDS = Lexicon(
    {
        "echo": {
            1.0: "cave cavern hall cathedral tunnel crypt cueva caverna pozo tunel "
            "grotte caverne puits tunnel crypte गुफा कुआँ कुआं",
        },
    }
)
#: Words that join two clauses: a long sentence with no comma may be read as two lines
#: before one of them ("... toca un tango | y los niños corren ...").
CLAUSE_JOINS = word_set(
    "and but then while y pero luego mientras et mais puis pendant और लेकिन फिर तभी"
)
#: Centred screenplay text that is typesetting, not something to say.
SILENT_CENTERED = frozenset({"the end", "fin", "fin.", "the end.", "समाप्त"})
#: Places whose stone gives every voice an echo.
ECHO_PLACES = frozenset({"temple", "palace"})
