"""Second-order areas and other names of first-order areas, on real spaCy documents."""

from __future__ import annotations

import pytest

from tollwatch.extract.nlp import load_nlp
from tollwatch.geo.gazetteer import load_gazetteer
from tollwatch.geo.toponyms import main_place, resolve_mentions
from tollwatch.model import Place


def _resolve(text: str) -> dict[str, Place]:
    doc = load_nlp()(text)
    return {m.text: m.place for m in resolve_mentions(doc)}


@pytest.mark.parametrize(
    ("text", "name", "country", "kind", "precision"),
    [
        # The text says "district" / "LGA": the second-order area, not its seat town
        ("A roadside bomb killed three soldiers in Tikrit district on Monday.", "Tikrit", "IQ",
         "admin2", 3),
        ("Gunmen killed twelve farmers in Gwoza local government area of Borno State.",
         "Gwoza", "NG", "admin2", 3),
        ("Two police officers were killed in Konduga LGA, Borno State.", "Konduga", "NG",
         "admin2", 3),
        # A bare name shared by a town and its district is the town
        ("A car bomb exploded at a market in Tikrit, killing five.", "Tikrit", "IQ",
         "populated place", 1),
        ("Suicide bombers struck a market in Biu, Nigeria, killing ten.", "Biu", "NG",
         "populated place", 1),
        # English names of first-order areas, and areas newer than the town list's codes
        ("Fighters attacked a village in Nineveh province.", "Nineveh", "IQ", "admin1", 4),
        ("Militants attacked a checkpoint in North Sinai, killing four policemen.", "North Sinai",
         "EG", "admin1", 4),
        ("Militia fighters burned homes in Central Darfur, the UN said.", "Central Darfur", "SD",
         "admin1", 4),
        # A Persian ezafe the tokenizer splits off joins the name again
        ("Gunmen ambushed a police patrol in Pol-e Khomri city on Tuesday.", "Pol-e Khomri",
         "AF", "populated place", 1),
        ("A roadside bomb killed four in Sangcharak District of Sar-e Pol Province.",
         "Sar-e Pol Province", "AF", "admin1", 4),
        # A direction word that is part of the area's name stays ("Far North", not "North")
        ("Two suicide bombers killed nine in Cameroon's Far North Region on Friday.",
         "Far North Region", "CM", "admin1", 4),
    ],
)
def test_admin_areas_resolve_by_kind(text: str, name: str, country: str, kind: str,
                                     precision: int) -> None:
    place = _resolve(text)[name]
    assert (place.country, place.kind, place.precision) == (country, kind, precision)
    assert place.lat is not None and place.lon is not None


@pytest.mark.parametrize(
    ("text", "country", "kind"),
    [
        # A village the gazetteer lacks, in a named district: the district, not the country
        ("Armed men shot dead the chief of Qala Sheikhan village in Kunduz district.", "AF",
         "admin2"),
        # A named district rules out a far namesake of a village in it (a Kabanda in Kasai)
        ("Militiamen killed five villagers in Kabanda in Masisi territory on Sunday.", "CD",
         "admin2"),
        # A town and its district named together: the town
        ("Three civilians died when a mortar hit Tikrit in Tikrit district.", "IQ",
         "populated place"),
    ],
)
def test_main_place_uses_the_named_district(text: str, country: str, kind: str) -> None:
    doc = load_nlp()(text)
    place = main_place(resolve_mentions(doc), doc)
    assert place is not None
    assert (place.country, place.kind) == (country, kind)


def test_admin2_names_are_indexed_beside_their_towns() -> None:
    kinds = {e.kind for e in load_gazetteer().lookup("Tikrit")}
    assert {"admin2", "populated place"} <= kinds


@pytest.mark.parametrize(
    "text",
    [
        "Rebels of the Union for Peace killed six traders near Bambari, the Central African "
        "Republic, on Monday.",
        "Fighters loyal to the Union for Democracy attacked a convoy in northern Mali.",
    ],
)
def test_a_district_needs_its_country_backed(text: str) -> None:
    countries = {m.place.country for m in resolve_mentions(load_nlp()(text))}
    assert "US" not in countries  # "Union" is no US Union County when nothing points there
