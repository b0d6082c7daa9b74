"""People: names that act, their gender and age, from prose and screenplays."""

from __future__ import annotations

from filmstudio.engine.script import parse_script


def _people(text: str) -> dict[str, tuple[str, str]]:
    return {p.name: (p.gender, p.age) for p in parse_script(text).people}


def test_capitalised_names_that_act_are_people_places_and_starters_are_not() -> None:
    people = _people(
        "Tonight the rain fell on Paris. Inside, Amara lit a candle and waited.\n\n"
        "Suddenly Amara heard a knock. Thunder rolled in from London."
    )
    assert list(people) == ["Amara"]


def test_gender_from_pronouns_when_the_name_is_unknown() -> None:
    people = _people(
        "Zorblat walked to the window. He looked at the rain for a long time.\n\n"
        "At last Zorblat sat down."
    )
    assert people["Zorblat"][0] == "male"


def test_gender_and_age_from_words_beside_the_name() -> None:
    people = _people(
        "Little Kiri ran along the beach with her kite. Kiri laughed.\n\n"
        "Old Bartholomew, a fisherman, mended nets nearby. Bartholomew waved."
    )
    assert people["Kiri"] == ("female", "child")
    assert people["Bartholomew"] == ("male", "elder")


def test_titles_and_stated_ages() -> None:
    people = _people(
        "Doña Inés sells bread in the square. Señor Vidal, eighty years old, buys two loaves.\n\n"
        "Mme Arnaud watches them from her window."
    )
    assert people["Doña Inés"][0] == "female"
    assert people["Señor Vidal"] == ("male", "elder")
    assert people["Mme Arnaud"][0] == "female"


def test_aliases_join_full_and_short_names() -> None:
    doc = parse_script("Elias Thorn kept the light. Every night Elias climbed the stairs.")
    (person,) = doc.people
    assert person.name == "Elias Thorn" and "Elias" in person.aliases


def test_screenplay_people_are_described_from_action() -> None:
    doc = parse_script(
        "EXT. PARK - DAY\n\nABUELA ROSA (70s), a tiny woman in a red coat, feeds pigeons.\n\n"
        "KID (8) runs past.\n\nABUELA ROSA\nSlow down!\n\nKID\nSorry!\n\nSAM\nHey.\n"
    )
    rosa, kid, sam = doc.people
    assert (rosa.name, rosa.gender, rosa.age) == ("Abuela Rosa", "female", "elder")
    assert "a tiny woman in a red coat" in rosa.description
    assert kid.age == "child"
    assert (sam.gender, sam.age) == ("male", "adult")


def test_known_hindi_names_are_people_though_devanagari_has_no_capitals() -> None:
    doc = parse_script("राधा नदी के किनारे बैठी है। फिर अर्जुन आता है और राधा मुस्कुराती है।")
    assert [(p.name, p.gender) for p in doc.people] == [("राधा", "female"), ("अर्जुन", "male")]


def test_places_peoples_and_groups_are_not_cast_in_documentaries() -> None:
    """Issue 12: "Sahara", "Mumbai", "Villagers" were read as characters."""
    english = _people(
        "The Sahara is the largest hot desert on Earth. Sahara winds carry sand far away.\n\n"
        "Today Mumbai sends ships to Africa. Mumbai merchants remember the old routes.\n\n"
        "Villagers trade salt at the oases. Villagers sing at dusk.\n\n"
        "Kerala lies on the coast. Fishermen cast Chinese nets at Kochi. Kochi is a port. "
        "The Portuguese came in 1498, and the Dutch followed."
    )
    assert english == {}
    spanish = _people(
        "El Sahara es el desierto más grande. Los Hombres del desierto cruzan las dunas.\n\n"
        "Madrid queda lejos. Madrid duerme. Ana camina hacia el río y Tomasito la sigue."
    )
    assert list(spanish) == ["Ana", "Tomasito"]
    french = _people(
        "Le Sahara couvre l'Afrique. Les Villageois vendent du sel.\n\n"
        "Paris semble loin. Paris dort encore. Marie marche vers la rivière."
    )
    assert list(french) == ["Marie"]
    hindi = _people("सहारा सबसे बड़ा रेगिस्तान है। मुंबई बहुत दूर है। सीता नदी के किनारे गई।")
    assert list(hindi) == ["सीता"]


def test_a_place_name_that_speaks_is_someone() -> None:
    people = _people('"Come home," said Paris. Paris smiled at the window. Paris waited.')
    assert list(people) == ["Paris"]


def test_first_names_that_are_also_rivers_stay_people() -> None:
    people = _people("Ganga walked to the well at dawn. Ganga smiled at her brother Bharat.")
    assert list(people) == ["Ganga", "Bharat"]
