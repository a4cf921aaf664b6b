"""The rules that pick a story's main place, each with a sentence that motivates it."""

from __future__ import annotations

import pytest

from tollwatch.extract.nlp import load_nlp
from tollwatch.geo.gazetteer import load_gazetteer
from tollwatch.geo.toponyms import PART_OF_COUNTRY, main_place, resolve_mentions
from tollwatch.model import Place


def _main(text: str) -> Place:
    doc = load_nlp()(text)
    place = main_place(resolve_mentions(doc), doc)
    assert place is not None
    return place


@pytest.mark.parametrize(
    ("text", "name", "country", "precision"),
    [
        # Second-order areas are named after their seat town
        ("Insurgents killed four farmers in Konduga Local Government Area on Friday.",
         "Konduga", "NG", 3),
        ("Eleven people died when a bomb went off in Biu LGA.", "Biu", "NG", 3),
        ("Militiamen killed six villagers in Rutshuru territory overnight.", "Rutshuru", "CD", 3),
        # A town inside a short ORG or PERSON entity is still a town
        ("Two bombers struck the University of Maiduguri, killing five people.", "Maiduguri",
         "NG", 1),
        # The settlement word belongs to the name when the gazetteer knows the whole name
        ("Gunmen shot dead five people in Cape Town on Sunday.", "Cape Town", "ZA", 1),
        # Its own name beats a big city's alternate name
        ("Police fired on protesters in Islamabad, killing six.", "Islamabad", "PK", 1),
        # A compound modifier before the town is not part of its name
        ("Air strikes killed four in Houthi-controlled Ibb on Sunday.", "Ibb", "YE", 1),
        # ... but a hyphenated name stays whole
        ("Gunmen killed three in Sar-e Pol, Afghanistan.", "Sar-e Pol", "AF", 1),
        # A destination is not the scene: "a Kabul-bound bus" in the west of the country
        ("A bomb hit a Kabul-bound bus near Herat, killing 11.", "Herat", "AF", 1),
        # A proper noun opening a sentence can be a town when the text calls it one
        ("Konduga town came under attack on Sunday, leaving four dead.", "Konduga", "NG", 1),
        # A demonym before a town is evidence, not part of its name
        ("A bomber killed nine at a mosque in northeastern Nigerian Damboa.", "Damboa", "NG",
         1),
        # A country named aside (an actor) does not rule out a small town elsewhere
        ("Jets of a coalition led by Saudi Arabia bombed a market in Zabid, killing 12.",
         "Zabid", "YE", 1),
        # A country qualifying a person is no scene
        ("Police in Lagos shot two people marching against U.S. President Donald Trump.",
         "Lagos", "NG", 1),
    ],
)
def test_main_place_names_the_town(text: str, name: str, country: str, precision: int) -> None:
    place = _main(text)
    assert (place.name, place.country, place.precision) == (name, country, precision)


@pytest.mark.parametrize(
    ("text", "country", "part"),
    [
        ("An ambush in northern Mali killed ten soldiers.", "ML", "north"),
        ("A landmine killed six people in north-east Nigeria on Monday.", "NG", "northeast"),
        ("Gunmen killed a priest in the country's south, officials in Cameroon said.", "CM",
         "south"),
        ("Clashes in central Mali left 12 dead.", "ML", "central"),
    ],
)
def test_main_place_part_of_a_country_is_a_region(text: str, country: str, part: str) -> None:
    place = _main(text)
    point = load_gazetteer().region(country, part)
    assert point is not None
    assert (place.kind, place.country, place.precision) == ("region", country, 5)
    assert (place.lat, place.lon) == point


def test_main_place_region_points_lie_in_their_part() -> None:
    gaz = load_gazetteer()
    north, south = gaz.region("NG", "north"), gaz.region("NG", "south")
    east, west = gaz.region("CD", "east"), gaz.region("CD", "west")
    assert north and south and east and west
    assert north[0] > south[0] + 2 and east[1] > west[1] + 4


@pytest.mark.parametrize(
    "text",
    [
        "The central government in Mali condemned the killing of three people.",
        "Gunmen killed three people north of Kabul in Afghanistan.",
        "Fighting killed four in South Sudan.",
    ],
)
def test_main_place_no_part_named(text: str) -> None:
    assert _main(text).kind != "region"


@pytest.mark.parametrize(
    ("text", "part"),
    [("in northern Nigeria", "north"), ("in north-east Nigeria", "north-east"),
     ("in the country's southwest", "southwest"), ("in the north.", "north"),
     ("north of Kabul", None), ("the central bank", None), ("South Sudan", None)],
)
def test_main_place_part_pattern(text: str, part: str | None) -> None:
    m = PART_OF_COUNTRY.search(text)
    assert (m.group("a") or m.group("b") if m else None) == part


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        # Biu is a Borno town; the text puts the event in Plateau State, so a same-named
        # place elsewhere is not meant and the area is the honest answer.
        ("Herders killed four people in Biu, Plateau State.", "Plateau", "admin1"),
        # A town inside the named area wins even when another town is named first.
        ("Troops from Kano killed seven in Konduga, Borno State.", "Konduga",
         "populated place"),
    ],
)
def test_main_place_towns_agree_with_the_named_area(text: str, name: str, kind: str) -> None:
    place = _main(text)
    assert (place.name, place.kind) == (name, kind)


def test_main_place_small_namesake_far_from_the_city_gives_way() -> None:
    # Halabja the town lies 250 km from Baghdad: here it names a market in the capital.
    place = _main("A car bomb hit the Halabja market in the Iraqi capital, Baghdad, "
                  "killing seven.")
    assert (place.name, place.country) == ("Baghdad", "IQ")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # The stated distance fits the real Konduga: it is the scene, not a namesake.
        ("Gunmen killed five in Konduga, some 700 km north-east of Abuja.", "Konduga"),
        # A stated distance that does not fit leaves the namesake rule in force.
        ("A car bomb hit the Halabja market, 3 km from the centre of Baghdad, killing seven.",
         "Baghdad"),
    ],
)
def test_main_place_stated_distance_decides_namesakes(text: str, name: str) -> None:
    assert _main(text).name == name


def test_main_place_reference_town_at_a_stated_distance() -> None:
    place = _main("Fighters massacred 14 herders this week. It happened in Bria, a town some "
                  "450 km north-east of the capital, Bangui.")
    assert (place.name, place.precision) == ("Bria", 1)


def test_main_place_lead_town_when_the_story_spreads() -> None:
    place = _main("Rebels seized the town of Bria on Sunday. Officials in Bangui said troops "
                  "were on the way.")
    assert (place.name, place.country, place.precision) == ("Bria", "CF", 1)


@pytest.mark.parametrize(
    ("text", "kind", "country"),
    [
        ("Clashes in the Somali Region killed 12 herders.", "admin1", "ET"),
        # "Somali" here is an adjective before the area's own name
        ("A landmine killed 14 in the southern Somali region of Gedo.", "admin1", "SO"),
    ],
)
def test_main_place_demonym_named_areas(text: str, kind: str, country: str) -> None:
    place = _main(text)
    assert (place.kind, place.country) == (kind, country)


def test_main_place_demonym_before_an_armed_group_is_no_town() -> None:
    doc = load_nlp()("The Pakistani Taliban claimed a bombing in Peshawar that killed 12.")
    names = {m.place.name for m in resolve_mentions(doc)}
    assert "Taliban" not in names and "Peshawar" in names


def test_main_place_nationality_adjective_is_not_a_town() -> None:
    doc = load_nlp()("Turkish soldiers killed 31 civilians in the Kurdish city of Cizre.")
    names = {m.text for m in resolve_mentions(doc)}
    assert "Kurdish" not in names and "Cizre" in names
