"""Where, when and how a scene feels: places, times of day, weather and moods (en, es, fr, hi).

Labels are the plan's values (`plan.PLACES`, `plan.TIMES_OF_DAY`, `plan.WEATHERS`,
`plan.MOODS`); the weights say how surely a word names one (see the matcher's docstring).
"""

from __future__ import annotations

from filmstudio.engine.planning.lexicon import Lexicon
from filmstudio.engine.script.text import word_set

PLACE_WORDS = Lexicon(
    {
        "beach": {
            2.0: "beach shore seashore seaside playa plage बीच समुद्र_तट",
            1.0: "sand sands waterline arena sable",
            0.5: "sea ocean waves mar mer oceano समुद्र सागर",
        },
        "sea": {
            2.0: "open_sea at_sea high_seas aboard ferry deck alta_mar a_bordo "
            "cubierta transbordador haute_mer a_bord pont traversier जहाज़_पर नौका_पर",
            1.0: "ship sailing sailed voyage crew mast barco_de_vela navire voilier जहाज़",
            0.3: "sea ocean waves mar mer oceano समुद्र सागर",
        },
        "harbour": {
            2.0: "harbour harbor pier dock docks port quay wharf marina jetty boardwalk puerto "
            "muelle quai embarcadere बंदरगाह",
            0.5: "boat ship fishing_boat barco barca bateau नाव जहाज",
        },
        "cliffs": {
            2.0: "cliff lighthouse headland acantilado faro falaise phare प्रकाशस्तंभ चट्टान",
            0.5: "rocks rocas rochers",
        },
        "mountains": {
            2.0: "mountain peak summit montana sierra cumbre montagne sommet पहाड़ पर्वत हिमालय",
            1.0: "hill valley colina valle colline vallee पहाड़ी घाटी",
        },
        "forest": {
            2.0: "forest woods jungle bosque selva foret जंगल वन",
            0.5: "tree arbol arbre पेड़",
        },
        "fields": {
            2.0: "field meadow farm countryside garden yard backyard orchard campo prado "
            "pradera granja huerto jardin patio champ prairie ferme verger park parque parc "
            "खेत मैदान बगीचा पार्क",
            1.0: "farmer crops wheat paddy campesino agriculteur किसान फसल",
        },
        "river": {
            2.0: "river stream riverbank lake pond waterfall canal rio arroyo lago estanque "
            "cascada riviere fleuve lac etang cascade नदी गंगा घाट झील झरना",
        },
        "desert": {2.0: "desert dunes oasis desierto रेगिस्तान मरुस्थल"},
        "village": {
            2.0: "village hamlet cottage hut pueblo aldea village_square town_square "
            "place_du_village गाँव गांव झोपड़ी चौक चौपाल",
            0.5: "doorway roof tejado toit plaza square fountain fuente fontaine pozo puits",
        },
        "city": {
            2.0: "city town skyline downtown metropolis ciudad ville शहर नगर",
            1.0: "building skyscraper traffic edificio rascacielos immeuble trafic",
        },
        "street": {
            2.0: "street avenue road alley sidewalk boulevard calle avenida callejon rue "
            "ruelle सड़क गली",
            1.0: "lane streetlight lamppost farola reverbere",
        },
        "cafe": {
            2.0: "cafe coffeehouse coffee_shop restaurant diner bistro cafeteria restaurante "
            "bistrot brasserie pub tavern taberna taverne कैफ़े कैफे ढाबा",
            1.0: "coffee bar counter waiter camarero mostrador comptoir serveur",
        },
        "living_room": {
            2.0: "living_room sitting_room lounge sofa couch sala salon apartment "
            "apartamento appartement बैठक",
            0.5: "home house room casa maison piece घर कमरा",
        },
        "kitchen": {
            2.0: "kitchen cocina cuisine रसोई",
            1.0: "stove oven fogon estufa four चूल्हा",
        },
        "bedroom": {
            2.0: "bedroom dormitorio habitacion chambre शयनकक्ष",
            1.0: "bed cama pillow almohada oreiller बिस्तर",
        },
        "office": {
            2.0: "office oficina bureau दफ़्तर दफ्तर कार्यालय",
            1.0: "desk computer escritorio ordinateur",
        },
        "classroom": {
            2.0: "classroom school library university college lecture_hall aula escuela colegio "
            "biblioteca universidad ecole classe bibliotheque universite स्कूल विद्यालय कक्षा "
            "पुस्तकालय",
            1.0: "teacher blackboard maestro maestra profesor professeur pizarra tableau शिक्षक",
        },
        "temple": {
            2.0: "temple mandir shrine church mosque cathedral monastery ashram templo "
            "iglesia catedral eglise cathedrale mosquee मंदिर देवालय मस्जिद आश्रम",
            1.0: "altar incense diya aarti autel incienso encens आरती दीया",
        },
        "palace": {
            2.0: "palace castle fortress mansion palacio castillo fortaleza palais chateau "
            "forteresse महल किला",
            1.0: "throne courtyard trono trone सिंहासन",
        },
        "market": {
            2.0: "market bazaar marketplace mercado marche बाज़ार बाजार मंडी",
            1.0: "stall vendor shop puesto vendedor tienda etal marchand boutique दुकान",
        },
        "night_sky": {
            2.0: "stargazing stargaze starry starry_sky night_sky constellation constellations "
            "milky_way shooting_star comet telescope observatory cielo_estrellado constelacion "
            "ciel_etoile nakshatra तारामंडल नक्षत्र",
            1.0: "stars estrellas etoiles तारे तारों",
        },
        "space": {
            2.0: "spaceship spacecraft orbit planet astronaut galaxy nave_espacial astronauta "
            "vaisseau astronaute अंतरिक्ष",
            1.0: "rocket cohete fusee",
        },
    }
)

TIME_WORDS = Lexicon(
    {
        "dawn": {
            2.0: "dawn sunrise daybreak first_light amanecer alba madrugada aube aurore "
            "lever_du_soleil सुबह भोर सवेरा प्रातः उषा सूर्योदय",
            1.0: "morning manana matin",
        },
        "day": {
            2.0: "noon midday afternoon daylight media_manana mediodia apres_midi midi दोपहर",
            1.0: "day today sunny sunlight dia jour journee tarde दिन",
        },
        "golden_hour": {
            2.0: "sunset sundown golden_hour setting_sun sun_set atardecer puesta_de_sol ocaso "
            "coucher_du_soleil soleil_couchant सूर्यास्त",
            0.5: "golden",
        },
        "dusk": {
            2.0: "dusk twilight nightfall evening anochecer crepusculo soir crepuscule "
            "शाम संध्या गोधूलि सांझ",
            0.5: "soiree",
        },
        "night": {
            2.0: "night midnight tonight nighttime noche medianoche nuit minuit रात आधी_रात",
            1.0: "moon moonlight star starlight luna estrella lune etoile चाँद चांद तारे",
            0.5: "dark darkness oscuridad obscurite अंधेरा",
        },
    }
)

WEATHER_WORDS = Lexicon(
    {
        "storm": {
            2.0: "storm thunderstorm tempest hurricane gale tormenta tempestad huracan orage "
            "tempete ouragan तूफ़ान तूफान आँधी",
            1.0: "thunder lightning trueno relampago rayo tonnerre eclair बिजली गरज",
        },
        "rain": {
            2.0: "rain raining rainy downpour drizzle monsoon lluvia llueve llovia llover "
            "pluie pleut pleuvait pleuvoir averse बारिश वर्षा बरसात मानसून",
            1.0: "umbrella puddle raindrop paraguas charco parapluie flaque",
        },
        "fog": {2.0: "fog foggy mist misty haze niebla neblina bruma brouillard brume कोहरा धुंध"},
        "snow": {
            2.0: "snow snowing snowfall snowflake blizzard nieve nieva nevada neige flocon "
            "बर्फ़ बर्फ हिमपात",
        },
        "clouds": {
            1.0: "cloud cloudy overcast grey_sky gray_sky nube nublado nuage nuageux बादल",
        },
        "clear": {
            1.0: "sunny sunshine clear_sky blue_sky soleado despejado ensoleille ciel_bleu धूप",
        },
    }
)
#: Weather words followed by one of these soon after have ended: "the storm was gone".
ENDED = word_set(
    """gone passed stopped ended cleared ceased eased vanished lifted paro ceso termino
    detuvo arrete cesse termine थम थमा थमी रुक रुका रुकी"""
)
OUTSIDE = word_set("outside outdoors dehors afuera fuera बाहर")
HEADING_CARRY = word_set("continuous later same moments continuing continuo continu suite")

MOOD_WORDS = Lexicon(
    {
        "calm": {
            1.0: "quiet quietly peaceful peace gentle gently still stillness softly slowly "
            "serene calm silence silent asleep sleep breathe tranquilo tranquila paz calma "
            "silencio suave calme paisible tranquille doucement शांत शांति",
        },
        "hopeful": {
            1.0: "hope hopeful dream tomorrow begin beginning green dawn sunrise safe safely "
            "home again esperanza sueno amanecer otra_vez comenzara espoir reve demain aube "
            "आशा उम्मीद सपना",
        },
        "tense": {
            1.0: "danger fear afraid scream crash suddenly fighting panic flickering peligro "
            "miedo grito peur soudain danger डर खतरा",
        },
        "sad": {
            1.0: "tears cry cried crying lost alone grief goodbye dead died death lonely "
            "sorrow ashamed lagrimas llorar llanto sola adios triste muerte larmes pleurer "
            "seule adieu mort आँसू अकेला अकेली दुख दुःख",
        },
        "joyful": {
            1.0: "laugh laughing laughed smile smiling smiled joy happy dance dancing "
            "celebrate festival tango risa reir alegria feliz bailar fiesta rire riant joie "
            "heureux heureuse danser fete sourit souriant खुशी हँसी नाच उत्सव",
        },
        "epic": {
            1.0: "battle war army hero vast mighty legend kingdom empire guerra batalla heroe "
            "ejercito bataille guerre heros armee युद्ध वीर सेना",
        },
        "devotional": {
            2.0: "god lord divine prayer pray temple sacred holy blessing soul dios oracion "
            "rezar sagrado alma dieu priere prier sacre ame भगवान ईश्वर प्रभु प्रार्थना पूजा "
            "मंदिर भक्ति आत्मा धर्म",
        },
        "mysterious": {
            1.0: "shadow strange mystery unknown darkness sombra misterio extrano ombre "
            "mystere etrange रहस्य छाया",
            0.5: "secret secreto",
        },
        # oaths that look devotional or sad but are not: "Thank God", "Dios mío", "Mon Dieu"
        "none": {
            0.0: "thank_god oh_god my_god thank_heavens gracias_a_dios dios_mio ay_dios "
            "mon_dieu merci_mon_dieu",
        },
        "romantic": {
            1.0: "love kiss kissed heart darling embrace beloved amor beso corazon querida "
            "amour baiser coeur cheri cherie प्यार प्रेम दिल",
        },
    }
)

#: Words that say what people wear: an occasion (formal), the cold (warm), the heat (light).
ATTIRE_WORDS = Lexicon(
    {
        "formal": {
            1.0: "wedding bride groom ceremony funeral gala interview reception banquet "
            "boda novia novio ceremonia funeral entierro banquete entrevista mariage mariee "
            "ceremonie funerailles enterrement banquet शादी विवाह दुल्हन दूल्हा समारोह",
        },
        "warm": {
            1.0: "winter cold freezing frost* icy chill* shiver* invierno frio fria helad* "
            "escarcha hiver froid froide glacial gele gelee grelott* सर्दी सर्दियों ठंड ठंडी",
        },
        "light": {
            1.0: "summer heat hot sweltering scorching swim* verano calor caluroso bochorno "
            "l_ete en_ete d_ete chaleur chaud canicule गर्मी गर्मियों तपती लू",
        },
    }
)
