"""Reconciliation: reports -> incidents with low/best/high tolls, revisions and flags.

Pure: no database, no HTTP. The rules are documented, with their reasons, in
docs/reconciliation.md.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from tollwatch.model import DocumentId, Incident, Place, Report
from tollwatch.reconcile.decisions import ClaimRuling, Decision, apply_decisions, apply_rulings
from tollwatch.reconcile.grouping import Stats, group_units, join_record
from tollwatch.reconcile.tolls import TollBook, as_reports_lead, publication_order
from tollwatch.reconcile.units import (
    UNDATED,
    Unit,
    blocking_keys,
    place_level,
    unit_keys,
    units_of,
)

__all__ = ["ClaimRuling", "Decision", "Stats", "Unit", "blocking_keys", "campaign_area",
           "reconcile", "unit_keys", "units_of"]

log = logging.getLogger(__name__)


def reconcile(
    reports: Sequence[Report], decisions: Sequence[Decision] = (), stats: Stats | None = None,
    cut: Mapping[DocumentId, list[Unit]] | None = None, rulings: Sequence[ClaimRuling] = (),
) -> list[Incident]:
    """Group the claims of reports into incidents and reckon their tolls; deterministic.

    Incidents come back with id None (the store assigns ids), ordered by start date,
    country and first claim id. decisions (merge/split over claim ids) apply in order after
    automatic grouping, so an analyst's ruling survives re-running reconciliation. cut
    holds units_of(report) by document id for reports already cut (for their blocking
    keys), so they are not cut twice. rulings (reject or correct a claim) apply to the claims
    first: a rejected claim is in no incident, a corrected one counts as corrected.
    """
    ruled, rejected = apply_rulings(reports, rulings)
    unique = {r.document_id: r for r in sorted(ruled, key=publication_order)}
    units = [u for r in unique.values() for u in _units(r, cut or {}, rejected)]
    groups = group_units(units, stats)
    unit_of = {cid: u for u in units for cid, _ in u.claims}
    why = {id(u): join_record(u, verdict, id(u) in g.followups)
           for g in groups for u, verdict in g.joins}
    parts = apply_decisions([{cid for u in g.units for cid, _ in u.claims} for g in groups],
                            decisions)
    incidents = [_incident(ids, unit_of, why) for ids in parts]
    incidents.sort(key=_incident_order)
    log.debug("reconciled %d reports into %d incidents", len(unique), len(incidents))
    return incidents


def _units(report: Report, cut: Mapping[DocumentId, list[Unit]],
           rejected: frozenset[int]) -> list[Unit]:
    """The report's units: those already cut from this very report, else cut now."""
    known = cut.get(report.document_id)
    if known is not None and all(u.report is report for u in known):
        return known
    return units_of(report, rejected)


def _incident(ids: set[int], unit_of: dict[int, Unit],
              why: dict[int, dict[str, Any]]) -> Incident:
    """Build one incident from its claim ids, with why each of its reports is in it."""
    units = {id(unit_of[c]): unit_of[c] for c in sorted(ids)}.values()
    reports = {u.report.document_id: u.report for u in units}
    book = TollBook(list(reports.values()), ids)
    book.run()
    # a follow-up (an arrest, a trial) lends the event none of its dates
    event = [u for u in units if not why[id(u)].get("followup")] or list(units)
    days = [u.day for u in event if u.dated] or [u.day for u in event if u.day != UNDATED]
    tolls = as_reports_lead(book.tolls(), list(reports.values()), ids)
    return Incident(
        id=None,
        place=_place(event),  # a trial at the county seat is no campaign over two towns
        start=min(days, default=None),
        end=max(days, default=None),
        tolls=tolls,
        revisions=book.revisions,
        flags=sorted(set(book.flags + book.contested_flags(tolls))),
        claim_ids=sorted(ids),
        joins=[_why(u, ids, why) for u in units],
    )


def _why(unit: Unit, ids: set[int], why: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """A unit's join record; claims that an analyst's decision moved say so."""
    record = dict(why[id(unit)])
    mine = [cid for cid, _ in unit.claims if cid in ids]
    if len(mine) != len(record["claim_ids"]):
        record["claim_ids"], record["by_decision"] = mine, True
    return record


def _place(units: list[Unit]) -> Place | None:
    """The place most of an incident's reports name; the most precise wins a tie.

    A campaign (reports of several days from several towns of one or two provinces) is
    placed at its area, not at one of its towns nor at the country's capital.
    """
    counts = Counter(u.place.name for u in units if u.place is not None)
    if not counts:
        return None
    named = {u.place.name: u.place for u in units if u.place is not None}
    area = campaign_area(list(named.values()), [u.day for u in units if u.day != UNDATED])
    if area is not None:
        return area
    return max(named.values(),
               key=lambda p: (counts[p.name], -(p.precision or 9), p.name))


def campaign_area(places: list[Place], days: list[dt.date]) -> Place | None:
    """The area of a campaign: several towns in one or two provinces over several days.

    One province: that admin1 (precision 4); two: their region (precision 5); located at the
    centroid of its towns. None when the incident is one town, one day, or wider.
    """
    towns = [p for p in places if place_level(p) <= 3 and p.lat is not None
             and p.lon is not None and p.admin1]
    if len(towns) < 2 or not days or max(days) == min(days):
        return None
    areas = sorted({t.admin1 for t in towns if t.admin1})
    if len(areas) > 2 or len({t.country for t in towns}) != 1:
        return None
    lat = sum(t.lat or 0.0 for t in towns) / len(towns)
    lon = sum(t.lon or 0.0 for t in towns) / len(towns)
    named = [a for a in areas if not a.isdigit()] or [t.name for t in towns[:2]]
    one = len(areas) == 1
    return Place(name=" and ".join(named), kind="admin1" if one else "region",
                 country=towns[0].country, admin1=areas[0] if one else None,
                 lat=round(lat, 5), lon=round(lon, 5), precision=4 if one else 5)


def _incident_order(incident: Incident) -> tuple[dt.date, str, int]:
    """Stable order of incidents: start, country, first claim id."""
    country = incident.place.country or "" if incident.place else ""
    return (incident.start or dt.date.max, country, min(incident.claim_ids, default=-1))
