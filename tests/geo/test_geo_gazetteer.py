"""The GeoNames index: spellings, transliterations, kinds, and its on-disk cache."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest

from tollwatch.errors import GazetteerError
from tollwatch.geo import gazetteer
from tollwatch.geo.gazetteer import Gazetteer, load_gazetteer
from tollwatch.geo.names import name_key


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Bāniyās", "baniyas"),
        ("al-Ladhiqiyah", "ladhiqiya"),  # a final -ah (ta marbuta) is written with or
        ("Ar Raqqah", "raqqa"),  # without its h: one key for both
        ("Raqqa", "raqqa"),
        ("Lowgar", "logar"),  # Persian "ow" for o
        ("Logar", "logar"),
        ("Deir ez-Zor", "deirezzor"),
        ("Ma'arrat", "maarrat"),
        ("Alabama", "alabama"),  # an 'Al' that is no article stays
    ],
)
def test_names_key_folds_spelling(written: str, key: str) -> None:
    assert name_key(written) == key


@pytest.mark.parametrize(
    ("name", "country", "geonames_name"),
    [
        ("Jableh", "SY", "Jablah"),
        ("Jablah", "SY", "Jablah"),
        ("Baniyas", "SY", "Bāniyās"),
        ("Banias", "SY", "Bāniyās"),
        ("Kabul", "AF", "Kabul"),
        ("Mogadishu", "SO", "Mogadishu"),
        ("Mogadiscio", "SO", "Mogadishu"),
        ("Lattakia", "SY", "Latakia"),
        ("Ouagadougou", "BF", "Ouagadougou"),
        ("Hawija", "IQ", "Al Ḩawījah"),
        ("Qayyara", "IQ", "Al Qayyārah"),
    ],
)
def test_gazetteer_finds_transliterations(name: str, country: str, geonames_name: str) -> None:
    hits = load_gazetteer().lookup(name)
    assert any(e.country == country and e.name == geonames_name and e.kind == "populated place"
               for e in hits), hits[:5]


@pytest.mark.parametrize(("name", "geonames_name"), [("Ghor", "Ghowr"), ("Logar", "Lowgar"),
                                                     ("Khost", "Khowst")])
def test_gazetteer_afghan_provinces_as_the_news_writes_them(name: str,
                                                           geonames_name: str) -> None:
    hits = load_gazetteer().lookup(name)
    assert any((e.kind, e.country, e.name) == ("admin1", "AF", geonames_name) for e in hits)


def test_gazetteer_latakia_is_city_and_governorate() -> None:
    kinds = {(e.kind, e.country) for e in load_gazetteer().lookup("Latakia")}
    assert {("populated place", "SY"), ("admin1", "SY")} <= kinds


def test_gazetteer_country_and_admin1_records() -> None:
    gaz = load_gazetteer()
    syria = gaz.country("sy")
    assert syria is not None and syria.kind == "country" and syria.name == "Syria"
    area = gaz.admin1("SY", "02")
    assert area is not None and area.name == "Latakia" and area.admin1 == "Latakia"
    assert gaz.is_country("Ivory Coast") and not gaz.is_country("Jableh")


def test_gazetteer_unknown_name_has_no_entries() -> None:
    assert load_gazetteer().lookup("Tuwaym") == []


def test_gazetteer_cache_round_trip(tmp_path: Path) -> None:
    data = {"ids": [7], "names": ["Testville"], "kinds": [0], "cc": ["SY"], "a1": ["02"],
            "lat": [35.0], "lon": [36.0], "pop": [10], "index": {"testville": 0}, "loose": {},
            "admin1_names": {"SY.02": "Latakia"}, "countries": {}}
    path = tmp_path / "g.marshal"
    gazetteer._write_cache(path, data)
    gaz = Gazetteer(marshal.loads(path.read_bytes()))
    (entry,) = gaz.lookup("TESTVILLE")
    assert (entry.geonames_id, entry.admin1, entry.lat) == (7, "Latakia", 35.0)


def test_gazetteer_missing_data_raises_gazetteer_error(monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: Path) -> None:
    monkeypatch.setattr(gazetteer, "ADMIN1_FILE", tmp_path / "missing.tsv")
    load_gazetteer.cache_clear()
    try:
        with pytest.raises(GazetteerError, match="missing.tsv"):
            load_gazetteer()
    finally:
        monkeypatch.undo()
        load_gazetteer.cache_clear()


@pytest.mark.parametrize(("code", "capital"), [("BR", "Brasilia"), ("CM", "Yaounde"),
                                               ("CO", "Bogota"), ("SY", "Damascus")])
def test_gazetteer_country_point_is_its_capital(code: str, capital: str) -> None:
    # The country table spells capitals without diacritics ("Yaounde" for Yaoundé)
    gaz = load_gazetteer()
    country = gaz.country(code)
    town = next(e for e in gaz.lookup(capital) if e.kind == "populated place"
                and e.country == code)
    assert country is not None and (country.lat, country.lon) == (town.lat, town.lon)


def test_gazetteer_every_inhabited_country_has_a_point() -> None:
    gaz = load_gazetteer()
    unplaced = [cc for cc in gaz.countries if (c := gaz.country(cc)) is not None
                and (c.lat, c.lon) == (0.0, 0.0) and gaz.region(cc, "north") is not None]
    assert unplaced == []
