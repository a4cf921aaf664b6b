"""Follow-ups link back on the real ingest path (extractor, store, reconcile), SQLite and
PostgreSQL: a trial story two months after a shooting and a sentencing five months after join
its incident, ingested in a later run, and lend it no date; a new shooting at the same tavern
months later, dated to its own day, stays apart. And an incident's total is the figure its
reports lead with, not a second source's larger one inside the same report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from tollwatch.reconcile.headline import headline_toll
from tollwatch.store import Ledger

from .test_incident_evidence import incidents_by_key, ingest, only_incident

DATA = Path(__file__).resolve().parent.parent / "data" / "incidents"


@pytest.mark.parametrize("batches", [["followup_late.jsonl", "followup_late_trial.jsonl"]])
def test_followups_trial_months_later_joins_its_incident(db_url: str, extractor: Any,
                                                         batches: list[str]) -> None:
    with Ledger.open(db_url) as ledger:
        for name in batches:  # the trial comes in a later run: incremental reconciliation
            ingest(ledger, name, extractor)
        found = incidents_by_key(ledger)
        incident = ledger.incident(only_incident(
            found, ["tavern-shooting", "tavern-trial", "tavern-sentence"]))
        assert incident.start == incident.end == dt.date(2025, 4, 12), (
            "the trial (June) lends the event neither its publication date nor its Thursday")
        assert headline_toll(incident, "killed").best == 2  # type: ignore[union-attr]
        followups = [j for j in incident.joins if j.get("followup")]
        assert followups and all("followup_names" in j["decided_by"] for j in followups), (
            "the sentencing (no date of its own) joins on the victims' names")
        assert not found["dorr-shooting"] & {incident.id}, (
            "a new shooting at the same tavern, on a day of its own, is another event")


@pytest.mark.parametrize(("name", "injured"), [("lead_figure.jsonl", 5)])
def test_incident_total_is_the_figure_its_report_leads_with(db_url: str, extractor: Any,
                                                            name: str, injured: int) -> None:
    """"Five people were shot", then "deputies originally said eight": the incident says five,
    as the report does, not the larger figure of a second source inside the same report."""
    with Ledger.open(db_url) as ledger:
        ingest(ledger, name, extractor)
        [incident] = ledger.incidents()
        toll = headline_toll(incident, "injured")
        assert toll is not None and toll.best == injured
