"""Reconciliation: reports -> incidents with low/best/high tolls, revisions and flags.

Pure: no database, no HTTP. The rules are documented, with their reasons, in
docs/reconciliation.md.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Mapping, Sequence

from tollwatch.model import DocumentId, Incident, Place, Report
from tollwatch.reconcile.decisions import Decision, apply_decisions
from tollwatch.reconcile.grouping import Stats, group_units
from tollwatch.reconcile.tolls import TollBook, publication_order
from tollwatch.reconcile.units import UNDATED, Unit, blocking_keys, unit_keys, units_of

__all__ = ["Decision", "Stats", "Unit", "blocking_keys", "reconcile", "unit_keys", "units_of"]

log = logging.getLogger(__name__)


def reconcile(
    reports: Sequence[Report], decisions: Sequence[Decision] = (), stats: Stats | None = None,
    cut: Mapping[DocumentId, list[Unit]] | None = None,
) -> list[Incident]:
    """Group the claims of reports into incidents and reckon their tolls; deterministic.

    Incidents come back with id None (the store assigns ids), ordered by start date,
    country and first claim id. decisions (merge/split over claim ids) apply in order after
    automatic grouping, so an analyst's ruling survives re-running reconciliation. cut
    holds units_of(report) by document id for reports already cut (for their blocking
    keys), so they are not cut twice.
    """
    unique = {r.document_id: r for r in sorted(reports, key=publication_order)}
    units = [u for r in unique.values() for u in _units(r, cut or {})]
    groups = group_units(units, stats)
    unit_of = {cid: u for u in units for cid, _ in u.claims}
    parts = apply_decisions([{cid for u in g.units for cid, _ in u.claims} for g in groups],
                            decisions)
    incidents = [_incident(ids, unit_of) for ids in parts]
    incidents.sort(key=_incident_order)
    log.debug("reconciled %d reports into %d incidents", len(unique), len(incidents))
    return incidents


def _units(report: Report, cut: Mapping[DocumentId, list[Unit]]) -> list[Unit]:
    """The report's units: those already cut from this very report, else cut now."""
    known = cut.get(report.document_id)
    if known is not None and all(u.report is report for u in known):
        return known
    return units_of(report)


def _incident(ids: set[int], unit_of: dict[int, Unit]) -> Incident:
    """Build one incident from its claim ids."""
    units = {id(unit_of[c]): unit_of[c] for c in sorted(ids)}.values()
    reports = {u.report.document_id: u.report for u in units}
    book = TollBook(list(reports.values()), ids)
    book.run()
    days = [u.day for u in units if u.dated] or [u.day for u in units if u.day != UNDATED]
    tolls = book.tolls()
    return Incident(
        id=None,
        place=_place(list(units)),
        start=min(days, default=None),
        end=max(days, default=None),
        tolls=tolls,
        revisions=book.revisions,
        flags=sorted(set(book.flags + book.contested_flags(tolls))),
        claim_ids=sorted(ids),
    )


def _place(units: list[Unit]) -> Place | None:
    """The place most of an incident's reports name; the most precise wins a tie."""
    counts = Counter(u.place.name for u in units if u.place is not None)
    if not counts:
        return None
    named = {u.place.name: u.place for u in units if u.place is not None}
    return max(named.values(),
               key=lambda p: (counts[p.name], -(p.precision or 9), p.name))


def _incident_order(incident: Incident) -> tuple[dt.date, str, int]:
    """Stable order of incidents: start, country, first claim id."""
    country = incident.place.country or "" if incident.place else ""
    return (incident.start or dt.date.max, country, min(incident.claim_ids, default=-1))
