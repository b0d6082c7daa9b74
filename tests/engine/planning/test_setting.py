"""Settings: place, interior, time of day and weather, from headings and words."""

from __future__ import annotations

from filmstudio.engine.plan import FilmPlan, Setting
from filmstudio.engine.planning import make_plan
from filmstudio.engine.request import FilmRequest


def _plan(text: str, duration: float = 30.0) -> FilmPlan:
    return make_plan(text, FilmRequest(script=text, duration=duration))


def _settings(text: str, duration: float = 30.0) -> list[Setting]:
    return [scene.setting for scene in _plan(text, duration).scenes]


def test_screenplay_headings_set_place_interior_and_time() -> None:
    settings = _settings(
        "EXT. BEACH - SUNSET\n\nWaves roll in and out across the wide sand.\n\n"
        "INT. MARIA'S KITCHEN - NIGHT\n\nSoup steams on the stove in a small warm room.\n"
    )
    assert [(s.place, s.interior, s.time_of_day) for s in settings] == [
        ("beach", False, "golden_hour"),
        ("kitchen", True, "night"),
    ]


def test_heading_time_words_map_to_times_of_day() -> None:
    text = "".join(
        f"EXT. STREET - {time}\n\nPeople walk past the shops slowly and quietly.\n\n"
        for time in ("DAWN", "DAY", "DUSK", "NIGHT")
    )
    assert [s.time_of_day for s in _settings(text, 60)] == ["dawn", "day", "dusk", "night"]


def test_continuous_keeps_the_time_of_the_scene_before() -> None:
    settings = _settings(
        "EXT. PIER - NIGHT\n\nA man waits alone by the water for a long time.\n\n"
        "INT. BOATHOUSE - CONTINUOUS\n\nHe steps inside and shuts the door behind him.\n"
    )
    assert [s.time_of_day for s in settings] == ["night", "night"]


def test_place_words_in_every_language() -> None:
    cases = {
        "The old lighthouse stood on the cliff above the grey water.": "cliffs",
        "Los barcos llegan al puerto y los pescadores bajan al muelle.": "harbour",
        "Dans le petit café, un homme boit un café noir sans rien dire.": "cafe",
        "सुबह सुबह सब लोग मंदिर में पूजा करने गए और घंटियाँ बजीं।": "temple",
        "The street was full of people walking home along the avenue.": "street",
        "From the roof she could see the whole city and its skyline glowing.": "city",
    }
    for text, place in cases.items():
        assert _settings(text)[0].place == place, text


def test_interior_places_are_inside() -> None:
    (setting, *_) = _settings("Grandma stirred the pot in her kitchen while the kettle sang.")
    assert (setting.place, setting.interior) == ("kitchen", True)


def test_time_and_weather_words() -> None:
    cases = {
        "At dawn the fishermen pushed their boats into the calm water.": ("dawn", "clear"),
        "It was noon, and the sun burned down on the empty road.": ("day", "clear"),
        "At sunset the sky over the fields turned orange and pink.": ("golden_hour", "clear"),
        "In the evening twilight the farmers walked home from the fields.": ("dusk", "clear"),
        "At midnight the moon rose over the silent village below.": ("night", "clear"),
        "Rain drummed on the roof of the village all afternoon long.": ("day", "rain"),
        "Thunder and lightning shook the forest all through the night.": ("night", "storm"),
        "A thick fog hid the harbour, and the boats stayed in.": ("day", "fog"),
        "Snow fell softly on the mountain village, covering every roof.": ("day", "snow"),
        "Grey clouds gathered over the fields as the farmers worked.": ("day", "clouds"),
        "La nuit tombe et la pluie tombe sur la ville endormie.": ("night", "rain"),
    }
    for text, expected in cases.items():
        setting = _settings(text)[0]
        assert (setting.time_of_day, setting.weather) == expected, text


def test_settings_carry_over_until_the_text_says_otherwise() -> None:
    text = (
        "The harbour was quiet at night, and rain fell on the boats.\n\n"
        "Tomás tied the last rope and looked up at the sky for a while.\n\n"
        "He walked home slowly and did not look back at the water.\n\n"
        "At dawn the rain stopped, and he walked back up to the old lighthouse."
    )
    settings = _settings(text, 60)
    assert [(s.place, s.time_of_day, s.weather) for s in settings] == [
        ("harbour", "night", "rain"),
        ("harbour", "night", "rain"),
        ("harbour", "night", "rain"),
        ("cliffs", "dawn", "clear"),
    ]


def test_a_place_named_late_sets_the_earlier_scenes_but_weather_does_not() -> None:
    text = (
        "Nobody spoke for a long time, and the wind was cold on their faces.\n\n"
        "Then the rain began to fall on the forest, heavy and warm, through the trees."
    )
    first, second = _settings(text)
    assert (first.place, first.weather) == ("forest", "clear")
    assert (second.place, second.weather) == ("forest", "rain")


def test_a_view_outside_is_not_where_the_scene_is() -> None:
    text = (
        "Ana sat in the small cafe with a cup of coffee in her hands.\n\n"
        "Outside, cars splashed along the wet street and people ran to the station."
    )
    assert [s.place for s in _settings(text)] == ["cafe", "cafe"]


def test_devotional_verse_without_places_is_set_in_a_temple_at_dawn() -> None:
    text = "मा कर्मफलहेतुर्भूर्मा ते सङ्गोऽस्त्वकर्मणि ॥\nकर्मण्येवाधिकारस्ते मा फलेषु कदाचन ।"
    setting = _settings(text)[0]
    assert (setting.place, setting.time_of_day) == ("temple", "dawn")


def test_prose_without_any_place_is_set_in_the_fields() -> None:
    assert (
        _settings("They talked for hours about everything and nothing at all.")[0].place == "fields"
    )


def test_weather_does_not_carry_into_a_new_time_of_day() -> None:
    settings = _settings(
        "INT. CAFE - NIGHT\n\nRain streams down the window while they drink their coffee.\n\n"
        "INT. CAFE - CONTINUOUS\n\nThey order another cup and keep talking about the past.\n\n"
        "EXT. PIER - DAWN\n\nFishing boats rock beside the old pier in the first light.\n"
    )
    assert [(s.place, s.time_of_day, s.weather) for s in settings] == [
        ("cafe", "night", "rain"),
        ("cafe", "night", "rain"),
        ("harbour", "dawn", "clear"),
    ]


def test_places_outside_the_library_map_to_the_nearest_setting() -> None:
    cases = {
        "They walked through the park under the old trees.": "fields",
        "She read quietly in the library all afternoon long.": "classroom",
        "They met for a drink in a noisy pub near the station.": "cafe",
        "He fished from the wooden jetty until the light went.": "harbour",
        "The children swam in the pond behind the house all day.": "river",
        "Guards stood at the gates of the old fortress all night.": "palace",
    }
    for text, place in cases.items():
        assert _settings(text)[0].place == place, text


def test_open_sea_is_its_own_place_and_a_beach_by_the_sea_stays_a_beach() -> None:
    cases = {
        "EXT. OPEN SEA - NIGHT\n\nThe ferry rolls in the swell and rain sweeps the deck.": "sea",
        "They stood aboard the old ship as it sailed into the storm.": "sea",
        "A bordo del transbordador, en alta mar, nadie dormía aquella noche.": "sea",
        "En haute mer, le voilier avançait lentement sous les étoiles.": "sea",
        "The children ran along the beach, the sea foaming at their feet.": "beach",
        "Los barcos llegan al puerto y los pescadores bajan al muelle.": "harbour",
    }
    for text, place in cases.items():
        assert _settings(text)[0].place == place, text
