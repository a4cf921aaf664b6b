"""The data contract of tollwatch: documents, claims, counts, places, dates, incidents, tolls.

Plain dataclasses, no I/O. Every layer above (extract, reconcile, store, api) speaks in
these types; JSON shapes come from ``to_dict`` so the CLI, the API and the exports agree.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

Outcome = Literal["killed", "injured", "missing", "displaced", "abducted", "detained"]
OUTCOMES: tuple[Outcome, ...] = get_args(Outcome)

Qualifier = Literal["exact", "at_least", "at_most", "approx", "range", "vague"]
QUALIFIERS: tuple[Qualifier, ...] = get_args(Qualifier)

# "perpetrators" are attackers who die in their own attack: never in a victim headline.
Group = Literal["total", "civilians", "security_forces", "armed_group", "perpetrators"]
GROUPS: tuple[Group, ...] = get_args(Group)

Status = Literal["current", "superseded"]
STATUSES: tuple[Status, ...] = get_args(Status)

# How well a reconciled toll is supported, weakest first.
Grading = Literal["contested", "single source", "several independent sources"]
GRADINGS: tuple[Grading, ...] = get_args(Grading)

# What a figure is about: the article's main event, another event it also reports, a running or
# war-wide total, or a past event named as background. Only "event" figures make a headline.
Scope = Literal["event", "other_event", "cumulative", "background"]
SCOPES: tuple[Scope, ...] = get_args(Scope)
DatePrecision = Literal["day", "days", "week", "month", "year"]
DATE_PRECISIONS: tuple[DatePrecision, ...] = get_args(DatePrecision)
HeadlineMode = Literal["all", "victims"]
# A stored document's ledger id: the same int in Report, Revision, the store, CLI and API.
DocumentId = int


def _plain(value: Any) -> Any:
    """Turn dataclasses, dates and tuples into JSON-ready values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class Count:
    """A stated figure: bounds, a best estimate, its qualifier, and the words it came from."""

    low: int
    best: int
    high: int | None
    qualifier: Qualifier = "exact"
    text: str = ""
    vague_word: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dict(_plain(self))


@dataclass(frozen=True)
class Evidence:
    """Where a claim stands in its document: character offsets of the figure and its sentence."""

    start: int
    end: int
    sentence: str
    sentence_start: int = 0

    def to_dict(self) -> dict[str, Any]:
        return dict(_plain(self))


@dataclass(frozen=True)
class Place:
    """A place mention, and where resolved, its gazetteer entry.

    precision follows UCDP GED where_prec: 1 exact place, 2 near a place, 3 second-order
    area, 4 first-order area, 5 region, 6 country. Unresolved fields stay None.
    """

    name: str
    geonames_id: int | None = None
    kind: str | None = None  # "populated place", "admin2", "admin1", "region", "country"
    country: str | None = None  # ISO 3166 alpha-2
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return dict(_plain(self))


@dataclass(frozen=True)
class DateRef:
    """A date mention; start/end stay None when it cannot be resolved honestly."""

    text: str
    start: dt.date | None = None
    end: dt.date | None = None
    precision: DatePrecision | None = None

    def to_dict(self) -> dict[str, Any]:
        return dict(_plain(self))


@dataclass
class Claim:
    """One stated figure about people harmed, with everything needed to audit it."""

    outcome: Outcome
    count: Count
    evidence: Evidence
    group: Group = "total"
    subgroup: str | None = None
    source: str | None = None
    status: Status = "current"
    part_of: int | None = None
    place: Place | None = None
    date: DateRef | None = None
    confidence: float = 0.5
    extractor: str = ""
    scope: Scope = "event"
    # which rule decided outcome, scope, place ...: rule names for `extract --explain`
    why: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return dict(_plain(self))


@dataclass
class Document:
    """An article as read: cleaned text plus what is known about where it came from."""

    text: str
    id: str | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    origin: str | None = None  # the file path, feed URL or JSONL line it was read from
    raw_hash: str | None = None

    @property
    def content_hash(self) -> str:
        """A stable identity of the text: whitespace-folded, case-kept sha256."""
        folded = " ".join(self.text.split())
        return hashlib.sha256(folded.encode("utf-8")).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        data = dict(_plain(self))
        data["content_hash"] = self.content_hash
        return data


@dataclass
class Extraction:
    """What extraction makes of one document: its claims and its headline figures."""

    document: Document
    claims: list[Claim] = field(default_factory=list)
    killed: int | None = None
    injured: int | None = None
    place: Place | None = None  # the document's main place
    date: DateRef | None = None  # the document's main event date

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.document.id,
            "killed": self.killed,
            "injured": self.injured,
            "place": _plain(self.place),
            "date": _plain(self.date),
            "claims": [c.to_dict() for c in self.claims],
        }


@dataclass
class Report:
    """A stored document as reconciliation sees it: its metadata and its numbered claims.

    claims pairs each Claim with its ledger id. copy_of names the document this one is a
    syndicated copy of (its figures are evidence, never counted twice).
    """

    document_id: DocumentId
    published: dt.date | None
    claims: list[tuple[int, Claim]] = field(default_factory=list)
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    copy_of: DocumentId | None = None
    place: Place | None = None
    date: DateRef | None = None
    # the figures the document leads with (Extraction.killed/injured), None when unknown
    killed: int | None = None
    injured: int | None = None


@dataclass(frozen=True)
class Toll:
    """A reconciled figure for one incident, outcome and group."""

    low: int
    best: int
    high: int | None
    outcome: Outcome = "killed"
    group: Group = "total"
    grading: Grading = "single source"
    claim_ids: tuple[int, ...] = ()
    sources: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return dict(_plain(self))


@dataclass(frozen=True)
class Revision:
    """The toll of an incident as it stood after one report."""

    document_id: DocumentId
    published: dt.date | None
    toll: Toll

    def to_dict(self) -> dict[str, Any]:
        return dict(_plain(self))


@dataclass
class Incident:
    """Claims from one or more reports about the same event."""

    id: int | None
    place: Place | None
    start: dt.date | None
    end: dt.date | None
    tolls: list[Toll] = field(default_factory=list)
    revisions: list[Revision] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    claim_ids: list[int] = field(default_factory=list)
    # why each report is in the incident: the evidence it joined on (reconcile/evidence.py)
    joins: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(_plain(self))
