"""Incidents in the store: reconciled around new documents, ids stable, manual decisions kept."""

from __future__ import annotations

import datetime as dt

import pytest

from tollwatch.errors import ConfigError, DecisionError
from tollwatch.model import Claim, Count, DateRef, Document, Evidence, Extraction, Incident, Place
from tollwatch.store import Ledger
from tollwatch.store.queries import IncidentFilter
from tollwatch.store.reconciling import match_ids

LATAKIA = Place(name="Latakia", geonames_id=173579, kind="admin1", country="SY", admin1="Latakia",
                lat=35.52, lon=35.79, precision=4)
BANNU = Place(name="Bannu", geonames_id=1183460, kind="populated place", country="PK",
              admin1="Khyber Pakhtunkhwa", lat=32.99, lon=70.6, precision=1)


def _report(text: str, figure: str, best: int, place: Place, day: dt.date, published: dt.date,
            source: str, qualifier: str = "exact") -> Extraction:
    start = text.index(figure)
    low = best
    claim = Claim(outcome="killed", count=Count(low=low, best=best, high=None if qualifier ==
                                                "at_least" else best, qualifier=qualifier,  # type: ignore[arg-type]
                                                text=figure),
                  evidence=Evidence(start=start, end=start + len(figure), sentence=text),
                  source=source, place=place, date=DateRef(text="on Thursday", start=day, end=day,
                                                           precision="day"),
                  confidence=0.9, extractor="hand 1")
    doc = Document(text=text, published=published, outlet=source, origin=f"{published}-{best}")
    return Extraction(document=doc, claims=[claim], killed=best, place=place, date=claim.date)


SOHR = "Syrian Observatory for Human Rights"
REPORTS = [
    _report("Clashes in Latakia killed 200 people, the Syrian Observatory for Human Rights said.",
            "200 people", 200, LATAKIA, dt.date(2025, 3, 6), dt.date(2025, 3, 7), SOHR),
    _report("A bombing at a market in Bannu killed 18 people, police said on Tuesday.",
            "18 people", 18, BANNU, dt.date(2025, 3, 4), dt.date(2025, 3, 5), "police"),
    _report("The toll of the violence in Latakia rose to 1,018 dead, the Syrian Observatory "
            "for Human Rights said.", "1,018 dead", 1018, LATAKIA, dt.date(2025, 3, 6),
            dt.date(2025, 3, 9), SOHR),
]


@pytest.fixture
def ledger(db_url: str):  # type: ignore[no-untyped-def]
    with Ledger.open(db_url) as led:
        for ex in REPORTS:
            led.add(ex)
        led.reconcile()
        yield led


def _by_country(led: Ledger) -> dict[str, Incident]:
    return {i.place.country: i for i in led.incidents() if i.place and i.place.country}


@pytest.mark.parametrize(
    ("new", "old", "expected"),
    [
        ([[1, 2, 3]], {7: {1, 2}}, {0: 7}),
        ([[1], [2, 3]], {7: {1, 2, 3}}, {1: 7}),  # the larger part keeps the id
        ([[1, 2, 3, 4]], {7: {1, 2}, 8: {3}}, {0: 7}),  # a merge keeps the larger old id's
        ([[5]], {7: {1}}, {}),
    ],
)
def test_match_ids_by_greatest_claim_overlap(new: list[list[int]], old: dict[int, set[int]],
                                             expected: dict[int, int]) -> None:
    incidents = [Incident(id=None, place=None, start=None, end=None, claim_ids=c) for c in new]
    assert match_ids(incidents, old) == expected


def test_ledger_incidents_reconciled_with_history(ledger: Ledger) -> None:
    found = _by_country(ledger)
    assert set(found) == {"SY", "PK"} and ledger.count_incidents() == 2
    syria = found["SY"]
    assert ledger.incident(syria.id).to_dict() == syria.to_dict()  # type: ignore[arg-type]
    killed = [r.toll.best for r in ledger.history(syria.id)  # type: ignore[arg-type]
              if r.toll.outcome == "killed" and r.toll.group == "total"]
    assert killed == [200, 1018]


FILTER_CASES: list[tuple[dict[str, object], list[str]]] = [
    ({}, ["SY", "PK"]),
    ({"country": "SY"}, ["SY"]),
    ({"country": "Pakistan"}, ["PK"]),
    ({"min_toll": 100}, ["SY"]),
    ({"outcome": "injured"}, []),
    ({"group": "total", "outcome": "killed"}, ["SY", "PK"]),
    ({"since": dt.date(2025, 3, 5)}, ["SY"]),
    ({"until": dt.date(2025, 3, 5)}, ["PK"]),
    ({"bbox": (60.0, 25.0, 75.0, 40.0)}, ["PK"]),
    ({"text": "latak"}, ["SY"]),
    ({"sort": "best"}, ["PK", "SY"]),
    ({"limit": 1, "offset": 1}, ["PK"]),
]


def test_ledger_incident_filters(ledger: Ledger) -> None:
    # One ledger for every case: a fresh PostgreSQL database per case would cost a second each.
    for filters, countries in FILTER_CASES:
        paging = {k: v for k, v in filters.items() if k in ("limit", "offset", "sort")}
        wanted = IncidentFilter(**{k: v for k, v in filters.items() if k not in paging})  # type: ignore[arg-type]
        found = ledger.incidents(wanted, **paging)  # type: ignore[arg-type]
        assert [i.place.country for i in found if i.place] == countries, filters
        if not paging:
            assert ledger.count_incidents(wanted) == len(countries), filters


def test_ledger_bad_filters_rejected(ledger: Ledger) -> None:
    with pytest.raises(ConfigError, match="unknown country"):
        ledger.incidents(IncidentFilter(country="Atlantis"))
    with pytest.raises(ConfigError, match="unknown sort"):
        ledger.incidents(sort="size")


def test_ledger_reconcile_again_keeps_ids_and_changes_nothing(ledger: Ledger) -> None:
    before = [i.to_dict() for i in ledger.incidents(sort="id")]
    assert ledger.reconcile() == []
    assert ledger.reconcile(only_touched=False) == []
    assert [i.to_dict() for i in ledger.incidents(sort="id")] == before


def test_ledger_new_report_updates_its_incident_only(ledger: Ledger) -> None:
    before = _by_country(ledger)
    ledger.add(_report("Police in Bannu said on Wednesday the bombing killed 18 people.",
                       "18 people", 18, BANNU, dt.date(2025, 3, 4), dt.date(2025, 3, 6), "police"))
    changed = ledger.reconcile()
    after = _by_country(ledger)
    assert changed == [before["PK"].id]
    assert after["PK"].id == before["PK"].id and len(after["PK"].claim_ids) == 2
    assert after["SY"].to_dict() == before["SY"].to_dict()


def test_ledger_merge_and_split_survive_reconciliation(ledger: Ledger) -> None:
    found = _by_country(ledger)
    sy, pk = found["SY"].id, found["PK"].id
    assert sy is not None and pk is not None
    merged = ledger.merge(sy, pk)
    assert merged == sy and ledger.count_incidents() == 1
    ledger.reconcile(only_touched=False)
    assert ledger.count_incidents() == 1
    assert sorted(ledger.incident(sy).claim_ids) == sorted(found["SY"].claim_ids +
                                                           found["PK"].claim_ids)
    new_id = ledger.split(sy, set(found["PK"].claim_ids))
    assert new_id != sy and ledger.count_incidents() == 2
    ledger.reconcile(only_touched=False)
    assert sorted(ledger.incident(new_id).claim_ids) == sorted(found["PK"].claim_ids)
    assert sorted(ledger.incident(sy).claim_ids) == sorted(found["SY"].claim_ids)


def test_ledger_bad_decisions_rejected(ledger: Ledger) -> None:
    sy = _by_country(ledger)["SY"]
    assert sy.id is not None
    with pytest.raises(DecisionError, match="itself"):
        ledger.merge(sy.id, sy.id)
    with pytest.raises(DecisionError, match="not in incident"):
        ledger.split(sy.id, {10_000})
    with pytest.raises(DecisionError, match="both sides"):
        ledger.split(sy.id, set(sy.claim_ids))


def test_ledger_undated_report_is_reconciled(ledger: Ledger) -> None:
    ex = _report("Gunmen killed 9 people in Bannu, police said.", "9 people", 9, BANNU,
                 dt.date(2025, 3, 4), dt.date(2025, 3, 5), "police")
    ex.document.published = None
    ex.claims[0].date = None
    ex.date = None
    stored = ledger.add(ex)
    ledger.reconcile()
    [claim] = ledger.document(stored.document_id).claims
    assert any(claim.id in i.claim_ids for i in ledger.incidents())


@pytest.mark.parametrize("source", [
    'the "White Helmets"\tcivil defence',  # quote and tab
    "a back\\slash source\nover two lines",
    "المرصد السوري لحقوق الإنسان",
])
def test_ledger_incident_text_kept_exactly(db_url: str, source: str) -> None:
    text = f"Shelling in Bannu killed 7 people, {source} said."
    ex = _report(text, "7 people", 7, BANNU, dt.date(2025, 3, 4), dt.date(2025, 3, 5), source)
    with Ledger.open(db_url) as led:
        led.add(ex)
        (changed,) = led.reconcile()
        incident = led.incident(changed)
        assert incident.place == BANNU
        assert [(t.best, t.sources) for t in incident.tolls] == [(7, (source,))]
        assert [(r.toll.best, r.toll.sources) for r in incident.revisions] == [(7, (source,))]
        assert led.reconcile(only_touched=False) == []  # stored as computed: nothing changes


def test_ledger_many_incidents_stored_in_order(db_url: str) -> None:
    # one incident per week, each in its own report: ids follow the incidents' order
    reports = [_report(f"A bombing in Bannu killed {n} people, police said.", f"{n} people", n,
                       BANNU, dt.date(2025, 1, 6) + dt.timedelta(weeks=n), dt.date(2025, 1, 7)
                       + dt.timedelta(weeks=n), "police") for n in range(1, 41)]
    with Ledger.open(db_url) as led:
        for ex in reports:
            led.add(ex)
        changed = led.reconcile()
        incidents = [led.incident(i) for i in changed]
        assert [i.tolls[0].best for i in incidents] == list(range(1, 41))
        assert [i.start for i in incidents] == sorted(i.start for i in incidents)  # type: ignore[type-var]
        assert led.reconcile(only_touched=False) == []
