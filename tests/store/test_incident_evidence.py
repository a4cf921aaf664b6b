"""Incidents from evidence on the real ingest path (extractor, store, reconcile), SQLite and
PostgreSQL: a campaign reported day by day, a follow-up story, two shootings in two towns of
one state, a weekday named on its own publication day, a war-wide total kept out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from tollwatch.ingest.jsonl import document_from_line
from tollwatch.ingest.sources import iter_inputs
from tollwatch.model import Incident, Toll
from tollwatch.reconcile.headline import headline_toll
from tollwatch.runner import ingest_documents
from tollwatch.store import Ledger
from tollwatch.store.schema import ClaimRow, DocumentRow, IncidentClaimRow

DATA = Path(__file__).resolve().parent.parent / "data" / "incidents"
D = dt.date


def ingest(ledger: Ledger, name: str, extractor: Any) -> None:
    summary = ingest_documents(iter_inputs([str(DATA / name)]), ledger, extractor,
                               progress=False)
    assert summary.failed == [] and summary.reconcile_error is None


def incidents_by_key(ledger: Ledger) -> dict[str, set[int]]:
    """Each document key (the JSONL id) -> the incidents holding its claims."""
    out: dict[str, set[int]] = {}
    with ledger.session() as s:
        rows = s.execute(sa.select(DocumentRow.key, IncidentClaimRow.incident_id)
                         .join(ClaimRow, ClaimRow.document_id == DocumentRow.id)
                         .join(IncidentClaimRow, IncidentClaimRow.claim_id == ClaimRow.id))
        for key, incident in rows:
            out.setdefault(key, set()).add(incident)
    return out


def only_incident(found: dict[str, set[int]], keys: list[str]) -> int:
    """The one incident holding every claim of these documents (fails otherwise)."""
    held = set().union(*(found[k] for k in keys))
    assert len(held) == 1, {k: found[k] for k in keys}
    return held.pop()


def toll(incident: Incident, group: str, outcome: str = "killed") -> Toll:
    [found] = [t for t in incident.tolls if (t.outcome, t.group) == (outcome, group)]
    return found


def test_incident_campaign_is_one_incident_with_coherent_tolls(db_url: str,
                                                               extractor: Any) -> None:
    campaign = ["coast-1", "coast-2", "coast-3", "coast-4"]
    with Ledger.open(db_url) as ledger:
        ingest(ledger, "campaign.jsonl", extractor)
        found = incidents_by_key(ledger)
        coast = ledger.incident(only_incident(found, campaign))
        assert not found["homs-police"] & {coast.id}, "the police shooting in Homs stays apart"
        civilians, total = toll(coast, "civilians"), toll(coast, "total")
        assert civilians.best == 1225, "the latest civilian count, not a sum of the days"
        assert total.best >= civilians.best, "a total is never below its own civilians"
        series = [r.toll.best for r in ledger.history(coast.id, "civilians")]  # type: ignore[arg-type]
        assert series[-1] == 1225 and series == sorted(series)
        assert coast.start == D(2025, 3, 6), "dated from the event (Thursday), not a report"
        assert coast.place is not None and coast.place.precision in (4, 5), (
            "a campaign over towns of one or two provinces is placed at its area")
        why = {j["document_id"]: j for j in coast.joins}
        assert len(why) == 4 and sum(j["opened"] for j in why.values()) == 1
        assert all(j["decided_by"] for j in why.values() if not j["opened"])


def test_incident_follow_up_joins_without_moving_the_date(db_url: str, extractor: Any) -> None:
    with Ledger.open(db_url) as ledger:
        ingest(ledger, "followup.jsonl", extractor)
        incident = ledger.incident(only_incident(incidents_by_key(ledger),
                                                 ["bar-shooting", "bar-trial"]))
        assert incident.start == D(2025, 3, 1), "the trial story lends no date to the event"
        assert headline_toll(incident, "killed").best == 1  # type: ignore[union-attr]


def test_incident_two_towns_one_state_one_day_stay_apart(db_url: str, extractor: Any) -> None:
    with Ledger.open(db_url) as ledger:
        ingest(ledger, "two_towns.jsonl", extractor)
        found = incidents_by_key(ledger)
        assert not found["party-springfield"] & found["station-columbus"]
        for key in ("party-springfield", "station-columbus"):
            [one] = found[key]
            assert ledger.incident(one).start == D(2025, 5, 16)


def test_incident_weekday_on_its_publication_day_is_that_day(db_url: str,
                                                            extractor: Any) -> None:
    with Ledger.open(db_url) as ledger:
        ingest(ledger, "weekday.jsonl", extractor)
        [incident] = ledger.incidents()
        assert (incident.start, incident.end) == (D(2025, 6, 2), D(2025, 6, 2))


@pytest.mark.parametrize("scope", ["cumulative", "background"])
def test_incident_war_wide_total_stays_out(db_url: str, extractor: Any, scope: str) -> None:
    """A figure read as the war's total (by the reader's scope) is kept, in no incident."""
    line = (DATA / "war_total.jsonl").read_text(encoding="utf-8").splitlines()[0]
    extraction = extractor.extract(document_from_line(line, "war_total.jsonl:1"))
    war = [c for c in extraction.claims if "since 2011" in c.evidence.sentence]
    assert war, "the extractor reads the war-wide figure as a claim"
    for claim in war:
        claim.scope = scope  # what the reader's scope tagging says of "since 2011"
    with Ledger.open(db_url) as ledger:
        ledger.add_many([extraction])
        ledger.reconcile()
        stored = ledger.claims()
        assert {c.claim.scope for c in stored if c.claim.count.best == 500_000} == {scope}
        [incident] = ledger.incidents()
        assert headline_toll(incident, "killed").best == 7  # type: ignore[union-attr]
        kept_out = {c.id for c in stored if c.claim.scope == scope}
        assert kept_out and not kept_out & set(incident.claim_ids)
