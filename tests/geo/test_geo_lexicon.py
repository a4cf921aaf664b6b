"""The place vocabulary and weights are data: each file loads, and the code's names match it."""

from __future__ import annotations

import pytest

from tollwatch.geo import toponyms
from tollwatch.geo.gazetteer import DIRECTIONS, load_gazetteer
from tollwatch.geo.vocab import (
    admin1_words,
    admin2_words,
    directions,
    is_not_place,
    settlement_words,
)
from tollwatch.lexicon import table, weights
from tollwatch.model import Place


def test_geo_lexicon_directions_name_grid_parts() -> None:
    # every compass word names a part the gazetteer's 3 x 3 grid has a point for
    assert set(directions(english_only=False).values()) <= set(DIRECTIONS)


def test_geo_lexicon_area_kinds_are_disjoint() -> None:
    assert not (admin1_words() & admin2_words())
    assert not (settlement_words() & (admin1_words() | admin2_words()))
    assert {row["affix"] for row in table("geo_area_words")} <= {"yes", "no"}


@pytest.mark.parametrize(
    ("entry_kind", "hint", "feature"),
    [("country", None, "bare_country"), ("admin1", None, "bare_admin1"),
     ("admin2", None, "bare_admin2"), ("admin2", "area", "area_hint_admin2"),
     ("admin1", "area", "area_hint_admin1"), ("country", "area", "area_hint_other"),
     ("populated place", "populated place", "kind_hint_match"),
     ("admin1", "populated place", "kind_hint_mismatch")],
)
def test_geo_lexicon_every_feature_has_a_weight(entry_kind: str, hint: str | None,
                                                feature: str) -> None:
    entry = next(e for e in load_gazetteer().lookup("Borno") if e.kind == "admin1")
    entry = type(entry)(None, "Borno", entry_kind, "NG", entry.admin1_code, None, 0.0, 0.0, 10)
    raw = toponyms._Raw("Borno", 0, 5, True, "Borno", hint, [entry])
    found = toponyms._features(entry, raw, {"NG": 1.0}, {f"NG.{entry.admin1_code}"})
    assert feature in found
    assert set(found) <= set(weights("geo_toponym_weights"))


def test_geo_lexicon_weight_rows_have_reasons() -> None:
    for name in ("geo_toponym_weights", "geo_context"):
        for row in table(name):
            assert row["reason"].strip(), f"{name}: {row['feature']} has no reason"


@pytest.mark.parametrize(
    ("name", "never"),
    [("ISIL", True), ("the Failaq al-Sham", True), ("Nour al-Din al-Zinki", True),
     ("Hezbollah", True), ("Aleppo", False), ("Gaza", False), ("Raqqa", False)],
)
def test_geo_lexicon_not_places(name: str, never: bool) -> None:
    assert is_not_place(name) is never


def test_geo_lexicon_distance_unplaced_is_infinite() -> None:
    from tollwatch.geo.distance import distance_km, located

    assert distance_km(Place(name="a"), Place(name="b", lat=1.0, lon=1.0)) == float("inf")
    assert not located(Place(name="a", lat=1.0))
