"""Word lists the parsers use to recognise people: titles, names, pronouns, ages, speech verbs.

Kept small on purpose (English, Spanish, French, Hindi): they only need to cover what short
scripts say about their characters. Latin entries are folded (lowercase, no accents) so
"Doña" and "dona" match alike; Devanagari entries are written as they appear.
"""

from __future__ import annotations

from filmstudio.engine.script.text import word_set

FEMALE_TITLES = word_set(
    """mrs ms miss dona senora sra srta senorita madame mme mlle mademoiselle lady queen
    aunt auntie tia tante grandma granny abuela mamie श्रीमती सुश्री"""
)
MALE_TITLES = word_set(
    """mr don senor sr monsieur sir lord king uncle tio oncle grandpa abuelo papi papy श्री"""
)
NEUTRAL_TITLES = word_set("dr doctor captain capitan capitaine professor prof")
TITLES = FEMALE_TITLES | MALE_TITLES | NEUTRAL_TITLES

FEMALE_NAMES = word_set(
    """maria mary anna ana sofia sophie lucia elena laura carmen isabel rosa clara emma
    olivia ava mia nora lea marie claire amelie camille julie chloe juliette manon lucie
    alice grace sarah hannah lily ella zoe rita teresa pilar lola ines marta paula
    valentina gabriela daniela catalina mercedes dolores esperanza luisa priya sita radha
    gita meera mira anjali kavya asha lakshmi parvati savitri noor aisha fatima maya jane
    helen margaret rose amy kate beth susan linda nina irene agnes martha
    सीता राधा गीता मीरा प्रिया अंजलि आशा लक्ष्मी पार्वती सावित्री माया कमला"""
)
MALE_NAMES = word_set(
    """john james david daniel michael thomas tom peter paul mark luke matthew jack harry
    george william henry samuel sam elias eli noah leo oliver lucas hugo pierre jean luc
    louis marcel antoine julien nicolas francois jacques andre pablo juan jose carlos
    miguel pedro luis jorge diego javier julian tomas manuel rafael antonio alejandro
    fernando arjun rahul raj ravi krishna rama ram mohan shyam vikram amit rohan arun
    omar ali ahmed hassan ben max felix oscar arthur victor frank joe bob
    राम श्याम मोहन अर्जुन कृष्ण राहुल रवि विक्रम अमित रोहन अरुण"""
)
FEMALE_WORDS = word_set(
    """woman women girl mother mom mum mama grandmother grandma granny wife sister
    daughter granddaughter lady queen aunt bride widow fisherwoman nun princess niece
    mujer nina madre abuela esposa hermana hija nieta senora tia reina viuda vieja
    anciana femme fille mere grand-mere grandmere soeur epouse dame reine tante veuve
    vieille petite-fille महिला औरत लड़की माँ मां दादी नानी बहन बेटी पत्नी रानी"""
)
MALE_WORDS = word_set(
    """man men boy father dad papa grandfather grandpa husband brother son grandson
    gentleman king uncle groom widower fisherman monk prince nephew hombre nino padre
    abuelo esposo hermano hijo nieto senor tio rey viudo viejo anciano relojero homme
    garcon pere grand-pere grandpere frere fils epoux roi oncle vieux vieillard
    आदमी लड़का पिता पापा दादा नाना भाई बेटा पति राजा"""
)
CHILD_WORDS = word_set(
    """child children kid kids boy girl little baby toddler young youngster schoolgirl
    schoolboy nino nina pequeno pequena chico chica enfant petit petite garcon fillette
    gamin gamine bebe बच्चा बच्ची लड़का लड़की छोटा छोटी"""
)
ELDER_WORDS = word_set(
    """old elderly aged grandmother grandfather grandma grandpa granny gray-haired
    grey-haired white-haired abuela abuelo anciano anciana viejo vieja vieux vieille
    vieillard grand-mere grand-pere grandmere grandpere mamie papy बूढ़ा बूढ़ी दादी दादा
    नानी नाना बुज़ुर्ग बुजुर्ग"""
)
#: Articles and possessives that open a noun phrase ("the fisherman", "su abuela", "sa mère").
ARTICLES = word_set(
    "a an the his her their our my el la los las un una su sus le les une son sa ses"
)
#: Subject pronouns, matched lowercase but with accents (él is "he", el is "the").
FEMALE_PRONOUNS = word_set("she herself ella elle")
MALE_PRONOUNS = word_set("he himself él il")
#: "her"/"his" after a name in a sentence about that person alone are theirs: "Kiri ran
#: with her kite". Before the name they belong to someone else: "his granddaughter Nora".
FEMALE_POSSESSIVES = word_set("her hers")
MALE_POSSESSIVES = word_set("his him")
HINDI_FEMALE_VERBS = word_set("बोली पूछी चिल्लाई फुसफुसाई गई थी रही चली आई करती सकती लगी हँसी मुस्कुराई")
HINDI_MALE_VERBS = word_set("बोला पूछा चिल्लाया फुसफुसाया गया था रहा चला आया करता सकता लगा हँसा मुस्कुराया")
HINDI_PRONOUNS = word_set("वह वो उसने उन्होंने")

SPEECH_VERBS = word_set(
    """said says say asked asks replied replies answered answers whispered whispers
    shouted shouts yelled yells cried called calls murmured murmurs muttered mutters
    laughed sighed added continued exclaimed screamed begged pleaded insisted admitted
    warned sang sobbed snapped breathed
    dijo dice pregunto pregunta respondio responde contesto contesta susurro susurra
    grito grita exclamo exclama murmuro murmura anadio anade llamo insistio suspiro
    dit demanda demande repondit repond murmure cria crie chuchota chuchote
    souffla souffle ajouta ajoute appela appelle lanca soupira insista
    कहा बोला बोली बोले पूछा पूछी चिल्लाया चिल्लाई फुसफुसाया फुसफुसाई पुकारा"""
)

#: Capitalised words that open sentences but are never names.
COMMON_CAPITALS = word_set(
    """then now suddenly tonight today tomorrow together finally yes no oh hello hi
    dear please thanks sorry later soon outside inside meanwhile still maybe perhaps
    entonces luego ahora hola gracias alli aqui hoy manana despues quizas senor senora
    alors puis maintenant oui non bonjour bonsoir merci ici ensuite enfin peut-etre
    god lord dios dieu mama mamma papa mom mum dad grandpa grandma abuela abuelo mamie papy
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december lunes martes miercoles
    jueves viernes sabado domingo lundi mardi mercredi jeudi vendredi samedi dimanche"""
)

#: Words before a capitalised word that make it a place ("in Paris"), not a person.
PLACE_PREPOSITIONS = word_set(
    """in at to from into near across over under on onto through past around toward towards
    of en de desde hacia a para por dans vers sur sous du des pres"""
)
