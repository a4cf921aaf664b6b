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
from tollwatch.geo.countries import countries
from tollwatch.model import DatePrecision, Incident
from tollwatch.store.convert import (
    place_from_json,
    revision_from_row,
    toll_from_row,
)
from tollwatch.store.schema import (
    ClaimRow,
    DocumentRow,
    IncidentClaimRow,
    IncidentRow,
    RevisionRow,
    TollRow,
)

# How many reports an incident's tolls were revised from (one revision row per report and outcome).
_REPORTS = (sa.select(sa.func.count(sa.distinct(RevisionRow.document_id)))
            .where(RevisionRow.incident_id == IncidentRow.id).scalar_subquery())
SORTS = {
    "reports": (_REPORTS.asc(), IncidentRow.id.asc()),
    "-reports": (_REPORTS.desc(), IncidentRow.id.asc()),
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
    """ISO alpha-2 code by folded alpha-2 code, alpha-3 code and English name."""
    names: dict[str, str] = {}
    for code, c in countries().items():
        for key in (code, c.get("iso3"), c.get("name")):
            if key:
                names[str(key).casefold()] = code
    return names


def country_code(value: str) -> str:
    """ISO alpha-2 code for an alpha-2 or alpha-3 code or an English name (else ConfigError)."""
    code = _country_names().get(" ".join(value.split()).casefold())
    if code is None:
        raise ConfigError(f"unknown country {value[:60]!r}: give an ISO code such as SY or SYR, "
                          "or an English name such as Syria")
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


@dataclass(frozen=True)
class IncidentFact:
    """What the dashboard's counts need of an incident, read from its row alone."""

    country: str | None
    admin1: str | None
    start: dt.date | None
    killed: int  # the killed toll the list sorts by (killed_best), 0 when none


def incident_facts(s: Session, f: IncidentFilter) -> list[IncidentFact]:
    """Country, province, start and killed of every incident matching f, from one query.

    Loading whole incidents (tolls, revisions) for this made GET /summary take 24.9 s over
    10,000 incidents (bench/dashboard_load.py's ledger); these columns alone, 1.5 s.
    """
    admin1 = IncidentRow.place["admin1"].as_string()  # in the database: no JSON decoded here
    stmt = _where(sa.select(IncidentRow.country, admin1, IncidentRow.start,
                            IncidentRow.killed_best), f)
    return [IncidentFact(country, province, start, killed or 0)
            for country, province, start, killed in s.execute(stmt)]


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
                 flags=list(rows[i].flags or []), claim_ids=claims[i],
                 joins=list(rows[i].joins or []))
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


@dataclass(frozen=True)
class ReportRef:
    """Where a claim came from: the report's ledger id and the source's own id, outlet, title, URL.

    source_article is the id the source gave the article (a JSONL "id", a front-matter "id"),
    else the first 16 hex digits of its content hash: the same string in the CLI, API and exports.
    """

    document_id: int
    source_article: str
    outlet: str | None
    title: str | None
    url: str | None
    published: dt.date | None

    def to_dict(self) -> dict[str, object]:
        return {"document_id": self.document_id, "source_article": self.source_article,
                "outlet": self.outlet, "title": self.title, "url": self.url,
                "published": self.published.isoformat() if self.published else None}


@dataclass(frozen=True)
class Cited:
    """One claim of an incident as exports see it: its sentence, how precise a date it
    states (None when it states none), and its report."""

    claim_id: int
    sentence: str
    date_precision: DatePrecision | None
    report: ReportRef


def cited(s: Session, incident_ids: list[int]) -> dict[int, list[Cited]]:
    """The claims of each incident with their reports, in ledger order (one query a chunk)."""
    out: dict[int, list[Cited]] = defaultdict(list)
    for start in range(0, len(incident_ids), 500):
        chunk = incident_ids[start:start + 500]
        stmt = (sa.select(IncidentClaimRow.incident_id, ClaimRow.id, ClaimRow.sentence,
                          ClaimRow.date, DocumentRow.id, DocumentRow.key, DocumentRow.outlet,
                          DocumentRow.title, DocumentRow.url, DocumentRow.published)
                .join(ClaimRow, ClaimRow.id == IncidentClaimRow.claim_id)
                .join(DocumentRow, DocumentRow.id == ClaimRow.document_id)
                .where(IncidentClaimRow.incident_id.in_(chunk)).order_by(ClaimRow.id))
        for (incident_id, claim_id, sentence, date, doc_id, key, outlet, title, url,
             published) in s.execute(stmt):
            ref = ReportRef(doc_id, key or "", outlet, title, url, published)
            precision = date.get("precision") if date else None
            out[incident_id].append(Cited(claim_id, sentence, precision, ref))
    return dict(out)
