"""The ledger's tables (SQLAlchemy 2 declarative); Alembic migrations create and evolve them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """Declarative base of the ledger tables."""

    type_annotation_map = {dict[str, Any]: sa.JSON, list[Any]: sa.JSON}


NullableJSON = sa.JSON(none_as_null=True)  # None is SQL NULL, not the JSON text 'null'


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class DocumentRow(Base):
    """One stored document; its content hash is unique, so a document is stored at most once."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str | None] = mapped_column(sa.String(200))
    content_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    body_hash: Mapped[str] = mapped_column(sa.String(64), index=True)
    raw_hash: Mapped[str | None] = mapped_column(sa.String(64))
    title: Mapped[str | None] = mapped_column(sa.Text)
    url: Mapped[str | None] = mapped_column(sa.Text)
    outlet: Mapped[str | None] = mapped_column(sa.String(300))
    published: Mapped[dt.date | None] = mapped_column(sa.Date, index=True)
    origin: Mapped[str | None] = mapped_column(sa.Text)
    text: Mapped[str] = mapped_column(sa.Text)
    copy_of: Mapped[int | None] = mapped_column(
        sa.ForeignKey("documents.id", ondelete="SET NULL"), index=True
    )
    place: Mapped[dict[str, Any] | None] = mapped_column(NullableJSON)
    event_date: Mapped[dict[str, Any] | None] = mapped_column(NullableJSON)
    killed: Mapped[int | None]
    injured: Mapped[int | None]
    extractor: Mapped[str | None] = mapped_column(sa.String(100))
    reconciled: Mapped[bool] = mapped_column(default=False, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=_now)


class ClaimRow(Base):
    """One claim of a document, with its evidence offsets and the extractor that produced it."""

    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        sa.ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    outcome: Mapped[str] = mapped_column(sa.String(20), index=True)
    grp: Mapped[str] = mapped_column(sa.String(30))
    subgroup: Mapped[str | None] = mapped_column(sa.Text)
    low: Mapped[int]
    best: Mapped[int]
    high: Mapped[int | None]
    qualifier: Mapped[str] = mapped_column(sa.String(20))
    count_text: Mapped[str] = mapped_column(sa.Text, default="")
    vague_word: Mapped[str | None] = mapped_column(sa.String(100))
    evidence_start: Mapped[int]
    evidence_end: Mapped[int]
    sentence: Mapped[str] = mapped_column(sa.Text, default="")
    sentence_start: Mapped[int] = mapped_column(default=0)
    source: Mapped[str | None] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(20), default="current")
    part_of: Mapped[int | None]
    place: Mapped[dict[str, Any] | None] = mapped_column(NullableJSON)
    date: Mapped[dict[str, Any] | None] = mapped_column(NullableJSON)
    country: Mapped[str | None] = mapped_column(sa.String(8), index=True)
    date_start: Mapped[dt.date | None]
    confidence: Mapped[float] = mapped_column(default=0.5)
    extractor: Mapped[str] = mapped_column(sa.String(100), default="")
    # event | other_event | cumulative | background: only event figures make event incidents
    scope: Mapped[str] = mapped_column(sa.String(20), default="event", server_default="event")

    __table_args__ = (sa.UniqueConstraint("document_id", "position", name="uq_claims_position"),)


class BandRow(Base):
    """A MinHash band of a document body: the index that finds syndicated copies."""

    __tablename__ = "document_bands"

    band: Mapped[str] = mapped_column(sa.String(24), primary_key=True)
    document_id: Mapped[int] = mapped_column(
        sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class BlockRow(Base):
    """A blocking key of a document (e.g. country + week): who could share an incident."""

    __tablename__ = "document_blocks"

    key: Mapped[str] = mapped_column(sa.String(100), primary_key=True)
    document_id: Mapped[int] = mapped_column(
        sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class FailureRow(Base):
    """An input that could not be read, parsed or extracted, and why."""

    __tablename__ = "failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    origin: Mapped[str] = mapped_column(sa.Text)
    reason: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=_now)


class IncidentRow(Base):
    """A reconciled incident; place and killed toll copied out of JSON for filters and sorting."""

    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(primary_key=True)
    place: Mapped[dict[str, Any] | None] = mapped_column(NullableJSON)
    place_name: Mapped[str | None] = mapped_column(sa.Text)
    country: Mapped[str | None] = mapped_column(sa.String(8), index=True)
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    start: Mapped[dt.date | None] = mapped_column(index=True)
    end: Mapped[dt.date | None]
    killed_best: Mapped[int | None] = mapped_column(index=True)
    flags: Mapped[list[Any]] = mapped_column(sa.JSON, default=list)
    # why each report is in the incident: the evidence it joined on (reconcile/evidence.py)
    joins: Mapped[list[Any] | None] = mapped_column(NullableJSON)
    updated_at: Mapped[dt.datetime] = mapped_column(default=_now, onupdate=_now)


class IncidentClaimRow(Base):
    """Which claims an incident groups; a claim belongs to at most one incident."""

    __tablename__ = "incident_claims"

    incident_id: Mapped[int] = mapped_column(
        sa.ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True
    )
    claim_id: Mapped[int] = mapped_column(
        sa.ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True, unique=True
    )


class TollRow(Base):
    """A reconciled toll of an incident for one outcome and group."""

    __tablename__ = "tolls"

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(
        sa.ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    outcome: Mapped[str] = mapped_column(sa.String(20))
    grp: Mapped[str] = mapped_column(sa.String(30))
    low: Mapped[int]
    best: Mapped[int]
    high: Mapped[int | None]
    grading: Mapped[str] = mapped_column(sa.String(60))
    claim_ids: Mapped[list[Any]] = mapped_column(sa.JSON, default=list)
    sources: Mapped[list[Any]] = mapped_column(sa.JSON, default=list)


class RevisionRow(Base):
    """The toll of an incident as it stood after one report, in publication order."""

    __tablename__ = "revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(
        sa.ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int]
    document_id: Mapped[str] = mapped_column(sa.String(64))
    published: Mapped[dt.date | None]
    toll: Mapped[dict[str, Any]] = mapped_column(sa.JSON)


class DecisionRow(Base):
    """A manual merge or split, kept as claim-id sets so it survives re-reconciliation."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(10))
    left: Mapped[list[Any]] = mapped_column(sa.JSON)
    right: Mapped[list[Any]] = mapped_column(sa.JSON)
    created_at: Mapped[dt.datetime] = mapped_column(default=_now)


class ClaimDecisionRow(Base):
    """An analyst's ruling on one claim: reject it, or correct its count, group, place or date.

    Kept apart from the claim it rules on, so re-reading the document never loses it, and
    applied to the claim before every reconciliation; who, when and why stay with it.
    """

    __tablename__ = "claim_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(
        sa.ForeignKey("claims.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(10))  # "reject" or "correct"
    count: Mapped[int | None]
    grp: Mapped[str | None] = mapped_column(sa.String(30))
    place: Mapped[dict[str, Any] | None] = mapped_column(NullableJSON)
    date: Mapped[dt.date | None]
    reason: Mapped[str] = mapped_column(sa.Text)
    who: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=_now)
