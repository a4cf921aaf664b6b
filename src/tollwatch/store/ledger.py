"""The ledger: documents, claims, failures and incidents in SQLite or PostgreSQL."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from tollwatch.errors import NotFoundError, StoreError
from tollwatch.ingest import syndication
from tollwatch.model import Claim, Document, Extraction, Incident, Revision
from tollwatch.store import queries
from tollwatch.store.convert import (
    claim_from_row,
    claim_values,
    dateref_from_json,
    place_from_json,
)
from tollwatch.store.engine import create_engine, resolve_url, writer
from tollwatch.store.migrate import upgrade
from tollwatch.store.schema import BandRow, ClaimRow, DocumentRow, FailureRow

log = logging.getLogger(__name__)
CANDIDATE_LIMIT = 50  # documents sharing a MinHash band that we compare text with, at most


@dataclass(frozen=True)
class AddResult:
    """What add() did with a document: stored, skipped as a duplicate, or stored as a copy."""

    status: Literal["stored", "duplicate", "copy"]
    document_id: int
    copy_of: int | None = None
    claims: int = 0


@dataclass(frozen=True)
class StoredClaim:
    """A claim as stored: its ledger id, its document and where that document came from."""

    id: int
    document_id: int
    claim: Claim
    published: dt.date | None
    outlet: str | None
    url: str | None

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "document_id": self.document_id, "published":
                self.published.isoformat() if self.published else None,
                "outlet": self.outlet, "url": self.url, **self.claim.to_dict()}


@dataclass(frozen=True)
class StoredDocument:
    """A stored document with its claims and, for a syndicated copy, the document it copies."""

    id: int
    document: Document
    claims: list[StoredClaim] = field(default_factory=list)
    copy_of: int | None = None
    created_at: dt.datetime | None = None


@dataclass(frozen=True)
class Failure:
    """An input recorded as failed, and why."""

    origin: str
    reason: str
    created_at: dt.datetime


class Ledger:
    """A casualty ledger in a database; open it with Ledger.open(url)."""

    def __init__(self, engine: sa.Engine, url: str) -> None:
        self.engine = engine
        self.url = url

    @classmethod
    def open(cls, url: str | None = None) -> Ledger:
        """Open (creating or migrating) the ledger at url, $TOLLWATCH_DB or ./tollwatch.db."""
        resolved = resolve_url(url)
        engine = create_engine(resolved)
        try:
            upgrade(engine)
        except sa.exc.SQLAlchemyError as exc:
            engine.dispose()
            raise StoreError(f"cannot migrate the ledger: {exc}", where=resolved) from exc
        return cls(engine, resolved)

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error."""
        with Session(writer(self.engine), expire_on_commit=False) as session, session.begin():
            yield session

    # -- writing -------------------------------------------------------------------------

    def has(self, content_hash: str) -> bool:
        """True when a document with this content hash is already stored."""
        with Session(self.engine) as s:
            stmt = sa.select(DocumentRow.id).where(DocumentRow.content_hash == content_hash)
            return s.scalar(stmt) is not None

    def add(self, extraction: Extraction) -> AddResult:
        """Store a document and its claims in one transaction, unless its content is stored."""
        doc = extraction.document
        content_hash = doc.content_hash
        shingles = syndication.shingles(doc.text)
        bands = syndication.bands(shingles)
        body_hash = syndication.body_hash(doc.text)
        try:
            with writer(self.engine).begin() as conn:  # the document and its claims, or nothing
                existing = conn.scalar(
                    sa.select(DocumentRow.id).where(DocumentRow.content_hash == content_hash))
                if existing is not None:
                    return AddResult("duplicate", existing)
                original = _find_original(conn, body_hash, bands, shingles,
                                          syndication.figures(doc.text))
                values = _document_values(extraction, content_hash, body_hash, original)
                doc_id = int(conn.execute(sa.insert(DocumentRow).values(**values)
                                          .returning(DocumentRow.id)).scalar_one())
                if extraction.claims:
                    conn.execute(sa.insert(ClaimRow), [
                        {**claim_values(c, n), "document_id": doc_id}
                        for n, c in enumerate(extraction.claims)])
                if bands:
                    conn.execute(sa.insert(BandRow),
                                 [{"band": b, "document_id": doc_id} for b in sorted(set(bands))])
                status: Literal["stored", "copy"] = "copy" if original is not None else "stored"
                return AddResult(status, doc_id, original, len(extraction.claims))
        except sa.exc.IntegrityError:
            # Another writer stored the same content between our check and our insert.
            with Session(self.engine) as s:
                existing = s.scalar(
                    sa.select(DocumentRow.id).where(DocumentRow.content_hash == content_hash))
            if existing is None:
                raise StoreError("cannot store the document: a constraint failed",
                                 where=doc.origin or doc.id) from None
            return AddResult("duplicate", existing)
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"cannot store the document: {exc}",
                             where=doc.origin or doc.id) from exc

    def record_failure(self, origin: str, reason: str) -> None:
        """Record an input that could not be read, parsed or extracted."""
        with self.session() as s:
            s.add(FailureRow(origin=origin, reason=reason))

    def failures(self, limit: int = 100) -> list[Failure]:
        """The most recently recorded failures."""
        with Session(self.engine) as s:
            rows = s.scalars(sa.select(FailureRow).order_by(FailureRow.id.desc()).limit(limit))
            return [Failure(r.origin, r.reason, r.created_at) for r in rows]

    # -- reconciling ---------------------------------------------------------------------

    def reconcile(self, only_touched: bool = True) -> list[int]:
        """Group claims into incidents; only around new documents unless only_touched is False."""
        from tollwatch.store.reconciling import reconcile_ledger

        return reconcile_ledger(self, only_touched=only_touched)

    def merge(self, a: int, b: int) -> int:
        """Merge two incidents by a stored decision; the id with more claims is kept."""
        from tollwatch.store.reconciling import merge_incidents

        return merge_incidents(self, a, b)

    def split(self, incident_id: int, claim_ids: set[int]) -> int:
        """Split claim_ids off an incident by a stored decision; returns the new incident's id."""
        from tollwatch.store.reconciling import split_incident

        return split_incident(self, incident_id, claim_ids)

    # -- reading -------------------------------------------------------------------------

    def incidents(self, country: str | None = None, since: dt.date | None = None,
                  until: dt.date | None = None, outcome: str | None = None,
                  group: str | None = None, min_toll: int | None = None,
                  bbox: Sequence[float] | None = None, text: str | None = None,
                  limit: int = 50, offset: int = 0, sort: str = "-best") -> list[Incident]:
        """Incidents matching every given filter, sorted and paged."""
        filters = queries.IncidentFilter(country, since, until, outcome, group, min_toll,
                                         tuple(bbox) if bbox else None, text)
        with Session(self.engine) as s:
            return queries.incidents(s, filters, limit=limit, offset=offset, sort=sort)

    def count_incidents(self, country: str | None = None, since: dt.date | None = None,
                        until: dt.date | None = None, outcome: str | None = None,
                        group: str | None = None, min_toll: int | None = None,
                        bbox: Sequence[float] | None = None, text: str | None = None) -> int:
        """How many incidents match every given filter."""
        filters = queries.IncidentFilter(country, since, until, outcome, group, min_toll,
                                         tuple(bbox) if bbox else None, text)
        with Session(self.engine) as s:
            return queries.count_incidents(s, filters)

    def incident(self, incident_id: int) -> Incident:
        """One incident with its tolls, revisions, flags and claim ids."""
        with Session(self.engine) as s:
            found = queries.load_incidents(s, [incident_id])
        if not found:
            raise NotFoundError(f"no incident {incident_id} in the ledger")
        return found[0]

    def history(self, incident_id: int) -> list[Revision]:
        """An incident's toll after each report, in publication order."""
        return self.incident(incident_id).revisions

    def claims(self, incident_id: int | None = None, source: str | None = None,
               outcome: str | None = None, group: str | None = None,
               country: str | None = None, since: dt.date | None = None,
               until: dt.date | None = None, limit: int = 100,
               offset: int = 0) -> list[StoredClaim]:
        """Stored claims matching every given filter, in ledger order."""
        stmt = sa.select(ClaimRow, DocumentRow.published, DocumentRow.outlet, DocumentRow.url)
        stmt = stmt.join(DocumentRow, DocumentRow.id == ClaimRow.document_id)
        stmt = queries.claim_filters(stmt, incident_id, source, outcome, group, country,
                                     since, until)
        stmt = stmt.order_by(ClaimRow.id).limit(limit).offset(offset)
        with Session(self.engine) as s:
            return [StoredClaim(c.id, c.document_id, claim_from_row(c), pub, outlet, url)
                    for c, pub, outlet, url in s.execute(stmt)]

    def count_documents(self) -> int:
        """How many documents are stored."""
        with Session(self.engine) as s:
            return s.scalar(sa.select(sa.func.count(DocumentRow.id))) or 0

    def document(self, document_id: int) -> StoredDocument:
        """One stored document with its claims."""
        with Session(self.engine) as s:
            row = s.get(DocumentRow, document_id)
            if row is None:
                raise NotFoundError(f"no document {document_id} in the ledger")
            claim_rows = s.scalars(sa.select(ClaimRow).where(ClaimRow.document_id == row.id)
                                   .order_by(ClaimRow.position)).all()
            doc = Document(text=row.text, id=row.key, title=row.title, url=row.url,
                           outlet=row.outlet, published=row.published, origin=row.origin,
                           raw_hash=row.raw_hash)
            claims = [StoredClaim(c.id, row.id, claim_from_row(c), row.published, row.outlet,
                                  row.url) for c in claim_rows]
            return StoredDocument(row.id, doc, claims, row.copy_of, row.created_at)


def _document_values(ex: Extraction, content_hash: str, body_hash: str,
                     copy_of: int | None) -> dict[str, Any]:
    doc = ex.document
    versions = sorted({c.extractor for c in ex.claims if c.extractor})
    return dict(
        key=(doc.id or content_hash[:16])[:200], content_hash=content_hash, body_hash=body_hash,
        raw_hash=doc.raw_hash, title=doc.title, url=doc.url,
        outlet=doc.outlet[:300] if doc.outlet else None, published=doc.published,
        origin=doc.origin, text=doc.text, copy_of=copy_of,
        place=ex.place.to_dict() if ex.place else None,
        event_date=ex.date.to_dict() if ex.date else None,
        killed=ex.killed, injured=ex.injured,
        extractor=",".join(versions)[:100] or None, reconciled=False,
        created_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
    )


def _find_original(s: sa.Connection, body_hash: str, bands: list[str], shingles: set[int],
                   figures: frozenset[str]) -> int | None:
    """The stored document this body is a syndicated copy of (its own original if a copy)."""
    exact = s.execute(sa.select(DocumentRow.id, DocumentRow.copy_of)
                      .where(DocumentRow.body_hash == body_hash)
                      .order_by(DocumentRow.id).limit(1)).first()
    if exact is not None:
        return int(exact.copy_of or exact.id)
    if not bands:
        return None
    candidates = s.scalars(sa.select(BandRow.document_id).where(BandRow.band.in_(set(bands)))
                           .group_by(BandRow.document_id)
                           .order_by(sa.func.count().desc(), BandRow.document_id)
                           .limit(CANDIDATE_LIMIT)).all()
    best: tuple[float, int] | None = None
    rows = s.execute(sa.select(DocumentRow.id, DocumentRow.text, DocumentRow.copy_of)
                     .where(DocumentRow.id.in_(candidates)).order_by(DocumentRow.id))
    for cid, text, copy_of in rows:
        same, score = syndication.is_copy(shingles, figures, text)
        if same and (best is None or score > best[0]):
            best = (score, copy_of or cid)
    return best[1] if best else None


__all__ = ["AddResult", "Failure", "Ledger", "StoredClaim", "StoredDocument",
           "dateref_from_json", "place_from_json"]
