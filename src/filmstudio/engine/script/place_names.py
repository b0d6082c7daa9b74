"""Words that look like names in prose but are not people: well-known places, peoples and
groups. The people finder uses them to keep "Sahara", "Mumbai", "the Portuguese" and
"Villagers" out of the cast unless the text makes one of them speak.

Why a list at all: a documentary opens sentences with places ("Mumbai never sleeps. Mumbai
...") exactly the way a story opens them with its heroine, and nothing in the sentence tells
the two apart. The list holds places a short script is likely to name (continents, deserts,
rivers, seas, countries, big cities, Indian states and cities), folded like `text.fold`,
leaving out those that are also common first names (Ganga, Yamuna, Kaveri, Bharat, Santiago,
Sydney, Roma, Roman): those stay people unless an article or "in" says otherwise.
"""

from __future__ import annotations

from filmstudio.engine.script.text import fold


def _folded(words: str) -> frozenset[str]:
    return frozenset(fold(word) for word in words.split())


#: Places written as one word (several-word places are caught by their article or their
#: last word: "the Malabar Coast", "the Bay of Bengal").
PLACE_NAMES = _folded(
    """africa asia europe america americas australia antarctica arctic oceania eurasia
    sahara kalahari gobi atacama thar sinai arabia patagonia siberia himalaya himalayas
    himalayas alps andes rockies amazon amazonas amazonie nile nil ganges brahmaputra indus
    mekong yangtze danube danubio rhine rhin seine
    thames mississippi volga everest kilimanjaro atlantic atlantico atlantique pacific
    pacifico pacifique mediterranean mediterraneo mediterranee caribbean caribe
    india pakistan bangladesh nepal bhutan tibet china japan korea vietnam thailand
    indonesia malaysia singapore philippines mongolia iran persia iraq syria egypt morocco
    algeria tunisia libya ethiopia kenya tanzania nigeria ghana senegal mali niger congo
    sudan somalia madagascar france francia spain espana espagne portugal italy italia
    italie germany alemania allemagne england inglaterra angleterre britain scotland
    ireland wales greece grecia grece turkey turquia turquie russia rusia russie poland
    ukraine sweden norway finland denmark iceland holland netherlands belgium switzerland
    suiza suisse austria hungary romania canada mexico méxico mexique brazil brasil
    bresil argentina chile peru colombia venezuela bolivia ecuador cuba jamaica haiti
    mumbai bombay delhi kolkata calcutta chennai madras bengaluru bangalore hyderabad
    pune ahmedabad jaipur lucknow varanasi benares banaras agra ayodhya mathura
    vrindavan haridwar rishikesh amritsar goa kochi cochin kerala rajasthan gujarat punjab
    bengal bihar assam odisha orissa kashmir ladakh tamil karnataka maharashtra
    madrid barcelona sevilla seville valencia granada toledo bilbao lisboa lisbon paris
    lyon marseille marsella bordeaux nice london londres berlin rome vienna viena
    vienne prague praga moscow moscu moscou istanbul cairo el-cairo caire dubai tokyo
    beijing pekin shanghai hongkong bangkok jakarta manila seoul melbourne
    nairobi lagos dakar timbuktu marrakech marrakesh casablanca jerusalem mecca
    baghdad tehran kabul karachi lahore dhaka kathmandu colombo
    havana habana lima bogota caracas quito buenos-aires montevideo
    york chicago boston washington california texas florida hollywood manhattan brooklyn
    toronto montreal vancouver quebec"""
)

#: Peoples and languages written with a capital ("the Portuguese came", "Chinese nets").
PEOPLES = _folded(
    """dutch french english british irish scottish welsh spanish german greek romans
    greeks arab arabs arabic moors turks mongols persians vikings normans saxons celts
    americans europeans africans indians asians egyptians hindus muslims christians
    jews sikhs buddhists jains portuguese chinese japanese vietnamese burmese sinhalese
    nepalese bengali bengalis tamils marathas mughals moghuls british rajputs
    espanoles franceses ingleses portugueses arabes romanos griegos indios
    francais anglais espagnols portugais allemands arabes romains grecs indiens"""
)

#: Plural person nouns that a sentence may open with, capitalised: a group, not someone.
GROUP_WORDS = _folded(
    """men women children kids people folk folks villagers townspeople townsfolk
    fishermen farmers pilgrims devotees priests monks soldiers sailors merchants traders
    tourists travellers travelers nomads herders shepherds peasants workers labourers
    laborers crowds elders ancestors gods goddesses neighbours neighbors guests strangers
    hombres mujeres ninos gente aldeanos pescadores campesinos peregrinos soldados
    marineros comerciantes viajeros turistas vecinos mercaderes pastores
    hommes femmes enfants gens villageois pecheurs paysans pelerins soldats marins
    marchands voyageurs touristes voisins bergers habitants"""
)
