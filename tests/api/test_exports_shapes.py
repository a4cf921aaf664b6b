"""Export rows from hand-built incidents: headline tolls, precisions, UCDP sides."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tollwatch.exports import acled_row, geojson, headline_toll, ucdp_row
from tollwatch.model import Incident, Place, Toll

DAY = dt.date(2025, 3, 6)
PLACE = Place("Jableh", country="SY", admin1="Latakia", lat=35.36, lon=35.92, precision=1)


def _incident(tolls: list[Toll], days: int = 0, place: Place | None = PLACE) -> Incident:
    return Incident(id=7, place=place, start=DAY, end=DAY + dt.timedelta(days=days), tolls=tolls)


@pytest.mark.parametrize(
    ("tolls", "expected"),
    [
        ([Toll(10, 12, 15, group="total"), Toll(5, 5, 5, group="civilians")], (10, 12, 15)),
        ([Toll(5, 5, 5, group="civilians"), Toll(2, 3, 4, group="security_forces")], (7, 8, 9)),
        ([Toll(5, 5, None, group="civilians"), Toll(3, 3, 3, group="armed_group")], (8, 8, None)),
        ([Toll(4, 4, 4, group="civilians"), Toll(2, 2, 2, group="perpetrators")], (4, 4, 4)),
        ([Toll(2, 2, 2, group="perpetrators")], None),
        ([Toll(9, 9, 9, outcome="injured")], None),
    ],
)
def test_exports_headline_toll(
    tolls: list[Toll], expected: tuple[int, int, int | None] | None
) -> None:
    toll = headline_toll(_incident(tolls))
    assert (None if toll is None else (toll.low, toll.best, toll.high)) == expected


@pytest.mark.parametrize(
    ("days", "acled", "ucdp"),
    [(0, "1", "1"), (3, "2", "2"), (7, "2", "3"), (20, "3", "4"), (60, "3", "5")],
)
def test_exports_time_precision(days: int, acled: str, ucdp: str) -> None:
    incident = _incident([Toll(1, 1, 1)], days=days)
    assert acled_row(incident)["time_precision"] == acled
    assert ucdp_row(incident)["date_prec"] == ucdp


@pytest.mark.parametrize(
    ("where_prec", "geo_precision"), [(1, "1"), (2, "2"), (4, "3"), (6, "3"), (None, "")]
)
def test_exports_acled_geo_precision(where_prec: int | None, geo_precision: str) -> None:
    place = Place("Somewhere", country="SY", lat=35.0, lon=36.0, precision=where_prec)
    assert acled_row(_incident([Toll(1, 1, 1)], place=place))["geo_precision"] == geo_precision


def test_exports_ucdp_sides_and_unknown() -> None:
    row = ucdp_row(
        _incident(
            [
                Toll(30, 30, 30, group="total", sources=("SOHR", "AFP")),
                Toll(12, 12, 12, group="civilians", sources=("SOHR",)),
                Toll(5, 5, 5, group="security_forces"),
                Toll(4, 4, 4, group="armed_group"),
                Toll(2, 2, 2, group="perpetrators"),
            ]
        )
    )
    assert (row["deaths_civilians"], row["deaths_a"], row["deaths_b"]) == ("12", "5", "4")
    assert row["deaths_unknown"] == "9" and row["best"] == "30"
    assert row["number_of_sources"] == "2" and row["source_article"] == "AFP; SOHR"
    assert row["country"] == "Syria" and row["geom_wkt"] == "POINT (35.92 35.36)"


def test_exports_acled_row_fields() -> None:
    row = acled_row(_incident([Toll(10, 12, None, grading="contested", sources=("SOHR",))]))
    assert row["event_id_cnty"] == "SYTW7" and row["iso"] == "760" and row["country"] == "Syria"
    assert (row["fatalities"], row["fatalities_low"], row["fatalities_high"]) == ("12", "10", "")
    assert "contested" in row["notes"] and row["source"] == "SOHR"


def test_exports_geojson_leaves_out_unplaced() -> None:
    unplaced = _incident([Toll(1, 1, 1)], place=Place("Nowhere"))
    data = json.loads("".join(geojson([_incident([Toll(3, 3, 3)]), unplaced])))
    assert [f["geometry"]["coordinates"] for f in data["features"]] == [[35.92, 35.36]]
    assert data["features"][0]["properties"]["killed_best"] == 3
