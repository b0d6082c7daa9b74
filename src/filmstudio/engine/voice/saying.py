"""How numbers, amounts, times and abbreviations are said, per language.

Why num2words: number words (cardinals, ordinals, English years, currency names) are a well-kept
library's job, not hand tables. It has no Hindi, so Hindi and Sanskrit numbers stay digits:
espeak-ng's Hindi rules (which Kokoro's phonemes come from too) say them as Hindi words.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from num2words import CONVERTER_CLASSES, num2words  # type: ignore[import-untyped]

#: Languages num2words speaks; others keep their digits for the voice's own number rules.
WORDED = frozenset({"en", "es", "fr"})

#: Words for symbols and separators, per language ("hi" also serves Sanskrit).
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "%": "percent",
        "&": "and",
        "+": "plus",
        "=": "equals",
        "×": "times",
        "@": "at",
        ".": "dot",
        "/": "slash",
        "deg": "degrees",
        "minus": "minus",
        "point": "point",
    },
    "es": {
        "%": "por ciento",
        "&": "y",
        "+": "más",
        "=": "igual a",
        "×": "por",
        "@": "arroba",
        ".": "punto",
        "/": "barra",
        "deg": "grados",
        "minus": "menos",
        "point": "coma",
    },
    "fr": {
        "%": "pour cent",
        "&": "et",
        "+": "plus",
        "=": "égal",
        "×": "fois",
        "@": "arobase",
        ".": "point",
        "/": "slash",
        "deg": "degrés",
        "minus": "moins",
        "point": "virgule",
    },
    "hi": {
        "%": "प्रतिशत",
        "&": "और",
        "+": "प्लस",
        "=": "बराबर",
        "×": "गुणा",
        "@": "एट",
        ".": "डॉट",
        "/": "स्लैश",
        "deg": "डिग्री",
        "minus": "माइनस",
        "point": "दशमलव",
    },
}

#: Currency symbols and the ISO code num2words knows them by.
CURRENCIES = {"$": "USD", "€": "EUR", "£": "GBP", "₹": "INR", "¥": "JPY"}
_CURRENCY_HI = {"USD": "डॉलर", "EUR": "यूरो", "GBP": "पाउंड", "INR": "रुपये", "JPY": "येन"}
_CURRENCY_FALLBACK = {"JPY": ("yen", "yen")}

#: Common abbreviations, as written (case matters) -> as said.
ABBREVIATIONS: dict[str, dict[str, str]] = {
    "en": {
        "Mr.": "Mister",
        "Mrs.": "Missus",
        "Ms.": "Miz",
        "Dr.": "Doctor",
        "Prof.": "Professor",
        "Jr.": "Junior",
        "Sr.": "Senior",
        "St.": "Saint",
        "Mt.": "Mount",
        "Ave.": "Avenue",
        "Rd.": "Road",
        "vs.": "versus",
        "etc.": "et cetera",
        "e.g.": "for example",
        "i.e.": "that is",
        "approx.": "approximately",
        "Capt.": "Captain",
        "Gen.": "General",
        "Lt.": "Lieutenant",
        "Sgt.": "Sergeant",
    },
    "es": {
        "Sr.": "señor",
        "Sra.": "señora",
        "Srta.": "señorita",
        "Dr.": "doctor",
        "Dra.": "doctora",
        "Ud.": "usted",
        "Uds.": "ustedes",
        "Vd.": "usted",
        "Dña.": "doña",
        "Sto.": "santo",
        "Sta.": "santa",
        "etc.": "etcétera",
        "p. ej.": "por ejemplo",
        "núm.": "número",
        "Av.": "avenida",
        "Prof.": "profesor",
    },
    "fr": {
        "M.": "monsieur",
        "MM.": "messieurs",
        "Mme": "madame",
        "Mmes": "mesdames",
        "Mlle": "mademoiselle",
        "Mlles": "mesdemoiselles",
        "Dr": "docteur",
        "Dr.": "docteur",
        "Pr": "professeur",
        "St": "saint",
        "Ste": "sainte",
        "etc.": "et cetera",
        "p. ex.": "par exemple",
        "c.-à-d.": "c'est-à-dire",
        "n°": "numéro",
        "av.": "avenue",
        "bd": "boulevard",
    },
    "hi": {"डॉ.": "डॉक्टर", "श्री.": "श्री", "कु.": "कुमारी", "प्रो.": "प्रोफ़ेसर"},
}


def words_for(language: str) -> dict[str, str]:
    """The symbol words of `language` (Sanskrit borrows Hindi's)."""
    return WORDS.get(language, WORDS["hi"])


def decimal_of(digits: str, language: str) -> Decimal | None:
    """The number written as `digits` in the language's convention (1,234.5 / 1.234,5)."""
    text = digits.replace(" ", "")
    if language == "en" or language not in WORDED:
        text = text.replace(",", "")
    else:
        text = text.replace(".", "").replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def cardinal(value: Decimal, language: str, year: bool = False) -> str:
    """`value` said as a number (English four-digit years as years: nineteen eighty-seven)."""
    if language not in WORDED:
        return _digits(value)
    if value == value.to_integral_value():
        number = int(value)
        if year and language == "en" and 1100 <= number <= 2099:
            return str(num2words(number, lang="en", to="year"))
        return str(num2words(number, lang=language))
    if language == "en":
        return str(num2words(value, lang="en"))
    whole, _, fraction = str(abs(value)).partition(".")
    said_fraction = (
        " ".join(str(num2words(int(d), lang=language)) for d in fraction)
        if fraction.startswith("0")
        else str(num2words(int(fraction), lang=language))
    )
    sign = f"{words_for(language)['minus']} " if value < 0 else ""
    whole_words = num2words(int(whole), lang=language)
    return f"{sign}{whole_words} {words_for(language)['point']} {said_fraction}"


def ordinal(number: int, language: str, feminine: bool = False) -> str:
    """`number` as an ordinal (third, tercero/tercera, troisième)."""
    if language not in WORDED:
        return str(number)
    said = str(num2words(number, lang=language, to="ordinal"))
    if feminine and language == "es" and said.endswith("o"):
        return said[:-1] + "a"
    if feminine and language == "fr" and said == "premier":
        return "première"
    return said


def money(value: Decimal, code: str, language: str) -> str:
    """An amount said with its currency (twelve dollars, fifty cents; doce euros)."""
    if language not in WORDED:
        return f"{_digits(value)} {_CURRENCY_HI.get(code, code)}"
    converter = CONVERTER_CLASSES[language]
    forms = getattr(converter, "CURRENCY_FORMS", {}).get(code)
    if forms is not None and value != value.to_integral_value():
        return str(num2words(value, lang=language, to="currency", currency=code))
    units = forms[0] if forms is not None else _CURRENCY_FALLBACK.get(code, (code, code))
    number = int(value)
    name = units[0] if number == 1 else units[1]
    said = str(num2words(number, lang=language))
    if language == "es" and said.endswith("uno"):
        said = said[:-1]  # "un euro", "veintiún dólares"
    return f"{said} {name}"


def clock(hours: int, minutes: int, meridiem: str, language: str) -> str:
    """A time of day (seven thirty p m; dix heures trente; las diez y cuarto)."""
    if language == "fr":
        hour_word = "une" if hours == 1 else num2words(hours, lang="fr")
        said = f"{hour_word} heure{'s' if hours > 1 else ''}"
        return f"{said} {num2words(minutes, lang='fr')}" if minutes else said
    if language == "es":
        hour_word = "una" if hours in (1, 13) else num2words(hours, lang="es")
        return f"{hour_word} y {num2words(minutes, lang='es')}" if minutes else hour_word
    if language != "en":
        return f"{hours}:{minutes:02d}"
    said = str(num2words(hours, lang="en"))
    if minutes:
        said += " oh " if minutes < 10 else " "
        said += str(num2words(minutes, lang="en"))
    elif not meridiem:
        said += " o'clock"
    return f"{said} {' '.join(meridiem.lower())}" if meridiem else said


def _digits(value: Decimal) -> str:
    """Plain ASCII digits for a voice that reads numbers itself."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
