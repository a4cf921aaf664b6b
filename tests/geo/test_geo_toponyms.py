"""Toponym resolution in context, on real spaCy documents."""

from __future__ import annotations

import pytest

from tollwatch.extract.nlp import load_nlp
from tollwatch.geo.distance import distance_km
from tollwatch.geo.gazetteer import load_gazetteer
from tollwatch.geo.toponyms import main_place, resolve_mentions
from tollwatch.model import Place


def _resolve(text: str) -> dict[str, Place]:
    doc = load_nlp()(text)
    return {m.text: m.place for m in resolve_mentions(doc)}


@pytest.mark.parametrize(
    ("text", "name", "country", "kind"),
    [
        # Ambiguous names settled by the document's context
        ("Clashes in Tripoli, Lebanon killed 3.", "Tripoli", "LB", "populated place"),
        ("Gunmen killed two soldiers in Tripoli in northern Lebanon.", "Tripoli", "LB",
         "populated place"),
        ("Militia fighters shelled Tripoli, the Libyan capital, killing four.", "Tripoli", "LY",
         "populated place"),
        ("Russian troops entered Georgia near Tbilisi.", "Georgia", "GE", "country"),
        ("A shooting in Atlanta, Georgia killed two.", "Georgia", "US", "admin1"),
        ("Police in Savannah, Georgia said three died.", "Savannah", "US", "populated place"),
        # Transliterations and spellings
        ("Shelling hit Banias and Jableh on the Syrian coast.", "Jableh", "SY", "populated place"),
        ("Shelling hit Banias and Jableh on the Syrian coast.", "Banias", "SY", "populated place"),
        ("Two were shot in Bāniyās on Monday.", "Bāniyās", "SY", "populated place"),
        ("A bomb exploded in Kabul.", "Kabul", "AF", "populated place"),
        ("Al-Shabaab attacked a hotel in Mogadishu.", "Mogadishu", "SO", "populated place"),
        # Demonyms steer the country
        ("At least 13 people were killed in the eastern Afghan city of Jalalabad on Sunday.",
         "Jalalabad", "AF", "populated place"),
        ("A strike hit the Yemeni port of Hodeidah.", "Hodeidah", "YE", "populated place"),
        # Area words make an admin-1 area
        ("Clashes in Latakia province killed ten.", "Latakia", "SY", "admin1"),
        ("14 people were killed in clashes in Oromiya Regional State over the weekend.",
         "Oromiya Regional State", "ET", "admin1"),
        # Names the small model splits or mislabels
        ("Seven people were killed by police in a Rio de Janeiro suburb.", "Rio de Janeiro", "BR",
         "populated place"),
        ("A reporter was killed in his home in the central town of Mbuji-Mayi.", "Mbuji-Mayi",
         "CD", "populated place"),
        # A local government area of that name: the second-order area itself
        ("The party chairman was murdered yesterday in Jos North, Nigeria.", "Jos North", "NG",
         "admin2"),
    ],
)
def test_toponyms_resolve_in_context(text: str, name: str, country: str, kind: str) -> None:
    place = _resolve(text)[name]
    assert (place.country, place.kind) == (country, kind)
    assert place.precision == {"populated place": 1, "admin2": 3, "admin1": 4, "country": 6}[kind]
    assert place.lat is not None and place.lon is not None


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("In Tuwaym, a central village in Syria, 31 victims were buried.", "SY"),
        ("Fighting reached Tuwaym, a village on the Syrian coast.", "SY"),
    ],
)
def test_toponyms_unknown_place_keeps_name_at_country_precision(text: str, country: str) -> None:
    place = _resolve(text)["Tuwaym"]
    assert place.name == "Tuwaym" and place.geonames_id is None
    assert (place.country, place.precision, place.kind) == (country, 6, "country")
    syria = load_gazetteer().country(country)
    assert syria is not None and (place.lat, place.lon) == (syria.lat, syria.lon)


@pytest.mark.parametrize("text", ["Fighting in Tuwaym killed 31.", "Tuwaym was shelled."])
def test_toponyms_unknown_place_without_context_gets_no_point(text: str) -> None:
    places = _resolve(text)
    if "Tuwaym" in places:  # the NER may or may not see it; it must never be given a point
        place = places["Tuwaym"]
        assert (place.lat, place.lon, place.country, place.precision) == (None, None, None, None)


@pytest.mark.parametrize(
    ("text", "name", "precision"),
    [
        ("A bomb in Jalalabad, Afghanistan killed 13 on Sunday.", "Jalalabad", 1),
        ("Air strikes hit Damascus and Aleppo in Syria.", "Syria", 6),
        ("Five died in Latakia and two in Jableh, Syria.", "Latakia", 1),
        ("A Syrian was killed, officials said.", "Syria", 6),
        # Countries named as actors or neighbours do not move the scene
        ("Snipers with the Iran-backed rebels shot dead a cameraman in Taiz, Yemen.", "Taiz", 1),
        ("A bomber struck near the U.S. embassy in the Afghan capital Kabul, killing five.",
         "Kabul", 1),
        ("Eight inmates died in Porto Velho, a western city on the border with Peru.",
         "Porto Velho", 1),
    ],
)
def test_toponyms_main_place(text: str, name: str, precision: int) -> None:
    doc = load_nlp()(text)
    place = main_place(resolve_mentions(doc), doc)
    assert place is not None and (place.name, place.precision) == (name, precision)


def test_toponyms_distance_km_is_great_circle() -> None:
    damascus = Place(name="Damascus", lat=33.5102, lon=36.29128)
    latakia = Place(name="Latakia", lat=35.53125, lon=35.79088)
    assert 220 < distance_km(damascus, latakia) < 235
    assert distance_km(damascus, Place(name="nowhere")) == float("inf")
