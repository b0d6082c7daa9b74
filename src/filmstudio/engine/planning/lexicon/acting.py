"""What people do and what they carry: action verbs and props in en, es, fr and hi.

Labels are the plan's canonical English words (`plan.ACTION_VERBS`, prop nouns), so a
Spanish "se sienta" and a Hindi "बैठ गई" both become "sit". Verbs are written as word
beginnings (``sient*``) wherever their forms are many; short or ambiguous ones as whole words.
"""

from __future__ import annotations

from filmstudio.engine.planning.lexicon import Lexicon
from filmstudio.engine.script.lexicon import ARTICLES
from filmstudio.engine.script.text import word_set

ACTION_WORDS = Lexicon(
    {
        "enter": {
            1.0: "enter* comes_in come_in came_in steps_in walks_in arriv* entra entran entro "
            "entrando llega lleg* entrer entrent entrait entre_dans rentre aparece apparait "
            "अंदर_आ* प्रवेश* "
            "पहुँच* पहुंच*",
        },
        "exit": {
            1.0: "leaves_the leaves_home exits walks_away goes_away went_away departs sale "
            "sali* se_va se_fue se_marcha partit quitte sort sortit en_va "
            "चली_गई चला_गया चले_गए निकल*",
        },
        "walk": {
            1.0: "walk* stroll* wander* cross* approach* climb* step* hurr* "
            "camin* pase* cruz* avanz* sube suben subia subio march* travers* promen* "
            "avance* grimp* चल* टहल* पार_कर*",
        },
        "run": {
            1.0: "run runs running ran rac* sprint* rush* chas* dash* corr* huy* court "
            "courent courait couru accour* precipit* दौड़* भाग*",
        },
        "sit": {
            1.0: "sit sits sitting sat seated perch* lounge* sienta sientan "
            "se_sento sentado sentada "
            "asient* assis assise assied assoit assoient asseoir assey* बैठ*",
        },
        "stand": {
            1.0: "stand* stood rise rises get_up gets_up se_levanta levant* de_pie "
            "se_leve debout खड़ा खड़ी खड़े उठ_खड़*",
        },
        "wave": {
            1.0: "wave waves waving waved greet* beckon* salud* saluant salue* saluer "
            "hace_senas fait_signe हाथ_हिला* नमस्ते_क* अभिवादन*",
        },
        "embrace": {
            1.0: "embrac* hug* cuddl* abraz* etrei* enlac* serre_dans_ses_bras "
            "prend_dans_ses_bras गले_लगा* गले_मिल* आलिंगन*",
        },
        "point": {
            1.0: "point* gestur* senala senalan senalo senalando indica* "
            "montre* designe* इशारा* दिखा*",
        },
        "give": {
            1.0: "give gives gave given giving hands_over handed offer* da dio dado dada entreg* "
            "ofrec* regal* donne* offre* tend tendit tendant देती देता देते थमा* सौंप* "
            "दिया_गया दी_गई दिए_गए दे_दिया दे_दी",
        },
        "take": {
            1.0: "take takes took taking pick* grab* accept* toma tomo coge cogi* recoge* "
            "agarr* prend* saisi* ramass* लेती लेता लेते उठा* ले_ली ले_लिया",
        },
        "hold": {
            1.0: "hold* carr* clutch* grip* sostien* sostuv* llev* sujet* tient tenait tenant "
            "portant पकड़* थाम*",
        },
        "kneel": {
            1.0: "kneel* knelt arrodill* de_rodillas agenouill* a_genoux घुटन*",
        },
        "pray": {
            1.0: "pray* bows bowing worship* meditat* namaste rez* ora oraba "
            "oran orando priant prie "
            "prier incline priere प्रार्थना* पूजा* प्रणाम* नमन*",
        },
        "cry": {
            1.0: "cry cries crying weep* sob* tears llor* pleur* sanglot* "
            "रोने रोती रोता रोई रोया रो_पड़* आँसू*",
        },
        "laugh": {
            1.0: "laugh* giggl* chuckl* rie rien rio riendo se_rit rit riant rire eclate_de_rire "
            "हँस* हंस*",
        },
        "dance": {
            1.0: "danc* baila bailan bailaba bailando danse dansent dansait dansant danser "
            "नाच* नृत्य*",
        },
        "look": {
            1.0: "look* watch* gaz* stare* glanc* mira miran miraba mirando "
            "observ* contempl* regard* देख* निहार*",
        },
        "nod": {
            1.0: "nod* asiente asinti* hoche* acquiesc* हामी*",
        },
        "shake_head": {
            1.0: "shakes_his_head shakes_her_head shook_his_head shook_her_head "
            "shaking_his_head shaking_her_head niega_con_la_cabeza mueve_la_cabeza "
            "secoue_la_tete hoche_la_tete_non सिर_हिला*_कर_मना इनकार*",
        },
        "turn_away": {
            1.0: "turns_away turned_away turning_away turns_her_back turns_his_back "
            "looks_away da_la_espalda se_da_vuelta aparta_la_mirada se_detourne "
            "detourne* tourne_le_dos मुँह_फेर* मुंह_फेर* पीठ_फेर*",
        },
    }
)

#: Props the painter can draw (canonical English nouns) and their words.
PROP_WORDS = Lexicon(
    {
        "lantern": {1.0: "lantern lamp farol lampara linterna lanterne lampe लालटेन लैंप"},
        "diya": {1.0: "diya diyas oil_lamp candle vela bougie cierge दीया दीप* दिया_जला*"},
        "boat": {1.0: "boat canoe barca barco bote bateau barque pirogue नाव नौका"},
        "bread": {1.0: "bread loaf pan barra baguette pain miche रोटी रोटियाँ"},
        "guitar": {1.0: "guitar guitarra guitare गिटार"},
        "umbrella": {1.0: "umbrella paraguas sombrilla parapluie ombrelle छाता छतरी"},
        "book": {1.0: "book libro livre cahier notebook किताब पुस्तक"},
        "letter": {1.0: "letter carta lettre envelope enveloppe पत्र चिट्ठी ख़त खत"},
        "phone": {1.0: "phone telephone cellphone mobile telefono movil portable फ़ोन फोन"},
        "cup": {1.0: "cup mug teacup taza tasse bol कप प्याला"},
        "basket": {1.0: "basket cesta canasta cesto panier corbeille टोकरी"},
        "net": {1.0: "net fishing_net redes filet filets जाल"},
        "sword": {1.0: "sword blade espada epee तलवार"},
        "flower": {1.0: "flower bouquet rose lotus flor ramo fleur फूल कमल* गुलाब पुष्प* पद्म*"},
        "kite": {1.0: "kite cometa papalote cerf_volant पतंग"},
        "stick": {1.0: "stick staff cane baston canne bâton छड़ी लाठी"},
        "bag": {1.0: "bag suitcase satchel bolsa maleta sac valise थैला बैग"},
        "kettle": {1.0: "kettle teapot tetera bouilloire केतली"},
        "fish": {1.0: "fish pescado poisson मछली मछलियाँ"},
        "bell": {1.0: "bell campana cloche घंट* घण्ट*"},
        "conch": {1.0: "conch conque caracola shankh शंख शङ्ख*"},
        "water_pot": {1.0: "pot jar jug cantaro jarra cruche jarre घड़ा मटका लोटा कलश"},
        "photograph": {1.0: "photo photograph foto fotografia photographie तस्वीर फ़ोटो"},
        "key": {1.0: "key llave cle chiave चाबी"},
        "ball": {1.0: "ball pelota balon ballon गेंद"},
        "bicycle": {1.0: "bicycle bike bicicleta velo साइकिल"},
        "gift": {1.0: "gift regalo cadeau तोहफ़ा तोहफा उपहार"},
        "coin": {1.0: "coin moneda monnaie सिक्का"},
        "drum": {1.0: "drum tambor tambour ढोल तबला"},
        "flute": {1.0: "flute flauta बांसुरी बाँसुरी"},
        "map": {1.0: "map mapa carte नक्शा"},
        "torch": {1.0: "torch antorcha flambeau मशाल"},
    }
)

#: Words near a prop that put it in the subject's hands ("with a loaf", "con un pan",
#: "bajo el brazo", "लालटेन लिए").
HOLD_CUES = word_set(
    """with holding carrying clutching under con lleva llevando sostiene bajo avec portant
    tenant sous tient लिए लेकर पकड़े थामे"""
)
#: Words that make the next person an object, not the one acting: "waves to Maria",
#: "saluda a su vecina", "sourit à Paul"; Hindi marks objects after the noun (को, से).
OBJECT_BEFORE = word_set("to at vers hacia towards toward with con avec from")
#: Spanish and French mark a person object with "a"/"à" (folded: "a"), which in English
#: is the article: read it so only in those languages.
ROMANCE_OBJECT_BEFORE = word_set("a al")
OBJECT_AFTER = word_set("को से के की")
#: Words that make everyone in the scene (or the last two people met) the subject.
ALL_OF_THEM = word_set(
    """they them both together everyone ellos ellas juntos juntas todos ils elles ensemble
    tous वे दोनों सब"""
)
#: French "lui" (him, to him/her) brings the last man into a scene like "il" does.
MALE_OBJECT_PRONOUNS = word_set("lui")
#: Object pronouns after a verb: "looks at him", "hugs her", "उसे देखती है" point at the one
#: other person in the scene. (Spanish and French "le/la/les" are also articles: left out.)
OBJECT_PRONOUNS = word_set("him her them lui उसे उसको उन्हें")

#: Passives: the one after "by" ("greeted by Luis", "dado por Luis", "donné par Luc") or
#: before "द्वारा" does the verb; the one before it receives it. A passive needs one of the
#: auxiliaries right before its verb ("was given", "fue dado", "est donné").
AGENT_BEFORE = word_set("by por par")
AGENT_AFTER = word_set("द्वारा")
PASSIVE_AUX = word_set("was were is are been be fue fueron es son sido fut furent ete est sont")
#: Relative pronouns: "the girl who cries", "la niña que llora", "l'homme qui salue",
#: "लड़की ... जो रोती है": the clause's verbs belong to the person just named.
RELATIVES = word_set("who whom que quien quienes qui जो")
#: Words that join two people into one subject: "Luis and Maria walk in".
AND_WORDS = word_set("and y e et और तथा")
#: Words that may stand between a verb and the person it is done to ("greets the girl",
#: "abraza a la niña", "salue sa voisine"), or between a name and its role ("Maria, a
#: fisherwoman"); any other word between them makes the person someone else.
DETERMINERS = ARTICLES | word_set(
    """its your this that old young little unos unas mi al del l mon ma ce cette उस इस अपने
    अपनी अपना एक"""
)
