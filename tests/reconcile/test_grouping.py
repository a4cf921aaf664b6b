"""Grouping reports into incidents: place, date window, wording; never across countries."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest

from tollwatch.model import Report
from tollwatch.reconcile import blocking_keys, reconcile, unit_keys, units_of

from .builders import (
    ALEPPO,
    GOLD,
    KHERSON,
    LATAKIA,
    SYRIA,
    claim,
    coastal_wire,
    gold_report,
    report,
)

D = dt.date
COASTAL = ["early-200", "ministry-300", "snhr-1000"]
OTHERS = ["aleppo-strike", "kherson-shelling"]


def ledger(data_dir: Path) -> list[Report]:
    """The gold article, three wire reports about the coast and two unrelated events."""
    names = COASTAL + OTHERS
    return [gold_report(data_dir / GOLD, first_id=1)] + [
        coastal_wire(n, 100 * (i + 1)) for i, n in enumerate(names)]


def incident_of(incidents: list, claim_id: int) -> int:  # type: ignore[type-arg]
    """Index of the incident holding a claim."""
    return next(i for i, inc in enumerate(incidents) if claim_id in inc.claim_ids)


def test_grouping_coastal_reports_form_one_incident(data_dir: Path) -> None:
    incidents = reconcile(ledger(data_dir))
    assert len(incidents) == 3
    coastal = {incident_of(incidents, cid) for cid in (1, 100, 200, 300)}
    assert len(coastal) == 1
    assert incidents[coastal.pop()].start == D(2025, 3, 6)


@pytest.mark.parametrize("name", OTHERS)
def test_grouping_unrelated_events_stay_apart(data_dir: Path, name: str) -> None:
    incidents = reconcile(ledger(data_dir))
    first = 100 * (COASTAL + OTHERS).index(name) + 100
    mine = incidents[incident_of(incidents, first)]
    assert set(mine.claim_ids) == {first, first + 1}


@pytest.mark.parametrize(
    ("place", "published", "why"),
    [
        (KHERSON, D(2025, 3, 8), "another country, same days"),
        (LATAKIA, D(2025, 6, 8), "same place, three months later"),
        (ALEPPO, D(2025, 3, 8), "same country and days, 145 km away, other wording"),
    ],
)
def test_grouping_never_merges_different_events(place: object, published: dt.date,
                                                why: str) -> None:
    s = "A drone strike on a wedding convoy killed 9 people, medics said."
    strike = report("strike", published, [claim("killed", 9, sentence=s, source="medics")],
                    place=place, date=published)  # type: ignore[arg-type]
    s2 = ("Clashes between security forces and Assad loyalists near Jableh killed 40 people, "
          "the Syrian Observatory for Human Rights said.")
    clash = report("clash", D(2025, 3, 8), [claim("killed", 40, sentence=s2, source="SOHR")],
                   place=LATAKIA, date=D(2025, 3, 7))
    assert len(reconcile([strike, clash])) == 2, why


def test_grouping_same_place_days_apart_are_different_events() -> None:
    s = "An airstrike on Latakia port killed 6 people, the civil defence said."
    one = report("one", D(2025, 4, 2), [claim("killed", 6, sentence=s)], place=LATAKIA,
                 date=D(2025, 4, 1))
    s2 = "Gunmen opened fire on a bus in Latakia, killing 3, police said."
    two = report("two", D(2025, 4, 9), [claim("killed", 3, sentence=s2)], place=LATAKIA,
                 date=D(2025, 4, 8))
    assert len(reconcile([one, two])) == 2


def test_grouping_undated_report_joins_by_publication_week() -> None:
    s = "Clashes with Assad loyalists around Jableh and Latakia killed 40, the monitor said."
    dated = report("dated", D(2025, 3, 7), [claim("killed", 40, sentence=s, source="SOHR")],
                   place=LATAKIA, date=D(2025, 3, 6))
    s2 = "Assad loyalists clashed with security forces in Jableh; 55 died, SOHR said."
    undated = report("undated", D(2025, 3, 10), [claim("killed", 55, sentence=s2,
                                                       source="SOHR")], place=SYRIA)
    assert len(reconcile([dated, undated])) == 1


def test_grouping_report_about_two_countries_splits() -> None:
    s = "Strikes killed 7 in Aleppo and 4 in Kherson on Friday."
    r = report("two", D(2025, 3, 8), [
        claim("killed", 7, sentence=s, place=ALEPPO), claim("killed", 4, sentence=s,
                                                            place=KHERSON)],
        place=ALEPPO, date=D(2025, 3, 7))
    incidents = reconcile([r])
    assert sorted(i.place.country for i in incidents if i.place) == ["SY", "UA"]


def test_grouping_is_deterministic(data_dir: Path) -> None:
    reports = ledger(data_dir)
    expected = [i.to_dict() for i in reconcile(reports)]
    for seed in range(5):
        shuffled = reports[:]
        random.Random(seed).shuffle(shuffled)
        assert [i.to_dict() for i in reconcile(shuffled)] == expected


@pytest.mark.parametrize("same_objects", [True, False])
def test_grouping_units_cut_beforehand_give_the_same_incidents(data_dir: Path,
                                                               same_objects: bool) -> None:
    reports = ledger(data_dir)
    # units cut from other Report objects (an older read of the ledger) are not trusted
    source = reports if same_objects else ledger(data_dir)
    cut = {r.document_id: units_of(r) for r in source[::2]}
    assert [i.to_dict() for i in reconcile(reports, cut=cut)] == [
        i.to_dict() for i in reconcile(reports)]
    assert all(unit_keys(cut[r.document_id]) == blocking_keys(r) for r in reports[::2])


def test_grouping_duplicate_report_read_once(data_dir: Path) -> None:
    reports = ledger(data_dir)
    assert [i.to_dict() for i in reconcile(reports + reports[:2])] == [
        i.to_dict() for i in reconcile(reports)]


def test_grouping_blocking_keys_shared_within_an_incident(data_dir: Path) -> None:
    reports = ledger(data_dir)
    incidents = reconcile(reports)
    by_claim = {cid: r for r in reports for cid, _ in r.claims}
    for incident in incidents:
        members = {by_claim[c].document_id: by_claim[c] for c in incident.claim_ids}
        keys = [blocking_keys(r) for r in members.values()]
        assert all(k & keys[0] for k in keys), incident.claim_ids
    kherson = blocking_keys(coastal_wire("kherson-shelling", 900))
    assert not kherson & blocking_keys(reports[0]), "other countries share no key"
    later = report("later", D(2025, 9, 1), [claim("killed", 3)], place=LATAKIA,
                   date=D(2025, 9, 1))
    assert not blocking_keys(later) & blocking_keys(reports[0]), "months apart share no key"


@pytest.mark.parametrize(
    ("published", "day", "key"),
    [
        (None, None, "SY:undated"),
        # a misread year must not overflow the calendar
        (D(9999, 12, 30), D(9999, 12, 31), "SY:9999-W52"),
        (D(1, 1, 2), D(1, 1, 1), "SY:1-W01"),
    ],
)
def test_grouping_undated_or_extreme_dates(published: dt.date | None, day: dt.date | None,
                                           key: str) -> None:
    s = "Gunmen killed 9 people in Latakia, police said."
    r = report("r", published, [claim("killed", 9, sentence=s, source="police")],  # type: ignore[arg-type]
               place=LATAKIA, date=day)
    (incident,) = reconcile([r, report("r2", published, [claim("killed", 9, sentence=s)],  # type: ignore[arg-type]
                                       place=LATAKIA, date=day)])
    assert incident.start == day
    assert key in blocking_keys(r)


@pytest.mark.parametrize("day", [D(2025, 3, 6), D(2025, 3, 9), D(2025, 3, 10),
                                 D(2024, 12, 30), D(2020, 12, 31), D(2026, 1, 4)])
def test_grouping_blocking_keys_name_every_week_of_the_span(day: dt.date) -> None:
    s = "Gunmen killed 9 people in Latakia, police said."
    r = report("r", day, [claim("killed", 9, sentence=s)], place=LATAKIA, date=day)
    # the event interval is day +/- 1 (DATE_SLACK), widened by MAX_SPAN (14 days) each side
    span = [day + dt.timedelta(days=n) for n in range(-15, 16)]
    assert blocking_keys(r) == {"SY:{}-W{:02d}".format(*d.isocalendar()[:2]) for d in span}


def test_grouping_claim_about_an_earlier_event_is_cut_out() -> None:
    s = "Gunmen killed 12 people at a checkpoint in Latakia on Friday, police said."
    s2 = "The attack came a month after 40 people were killed in a bombing in Latakia."
    r = report("r", D(2025, 5, 10), [
        claim("killed", 12, sentence=s, source="police", date=D(2025, 5, 9)),
        claim("killed", 40, sentence=s2, date=D(2025, 4, 9))],
        place=LATAKIA, date=D(2025, 5, 9))
    incidents = reconcile([r])
    assert [(i.start, [t.best for t in i.tolls]) for i in incidents] == [
        (D(2025, 4, 9), [40]), (D(2025, 5, 9), [12])]
