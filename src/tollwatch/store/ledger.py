"""The ledger: documents, claims, failures and incidents in SQLite or PostgreSQL."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from tollwatch.errors import NotFoundError, StoreError, StoreUnavailable
from tollwatch.ingest import syndication
from tollwatch.model import Claim, Document, Extraction, Incident, Place, Revision
from tollwatch.store import queries
from tollwatch.store.convert import (
    claim_from_row,
    claim_values,
    dateref_from_json,
    place_from_json,
)
from tollwatch.store.copies import CANDIDATE_LIMIT
from tollwatch.store.engine import create_engine, resolve_url, writer
from tollwatch.store.migrate import upgrade
from tollwatch.store.schema import BandRow, ClaimRow, DocumentRow, FailureRow

if TYPE_CHECKING:
    from tollwatch.store.rulings import ClaimDecision

log = logging.getLogger(__name__)
IN_CHUNK = 1000  # values per IN (...) list: well under SQLite's and PostgreSQL's limits
# Counts are INTEGER columns: 32 bits on PostgreSQL, 64 on SQLite. One range for both, so a
# ledger never holds on one backend what the other refuses.
INT_RANGE = (0, 2**31 - 1)
# Any key will do as long as every tollwatch process takes the same one: "tollwatc" in ASCII.
RECONCILE_LOCK = 0x746F6C6C77617463
_UNSTORABLE_CHAR = re.compile("[\ud800-\udfff\x00]")
_TEXT_FIELDS = ("text", "id", "title", "url", "outlet", "origin")


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
    source_article: str = ""  # the source's own id of the article (see queries.ReportRef)
    title: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "document_id": self.document_id, "published":
                self.published.isoformat() if self.published else None,
                "outlet": self.outlet, "url": self.url, "source_article": self.source_article,
                "title": self.title, **self.claim.to_dict()}


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
        return bool(self.stored_hashes([content_hash]))

    def stored_hashes(self, content_hashes: Iterable[str]) -> set[str]:
        """Those of the content hashes whose documents are already stored (one query a chunk)."""
        wanted = sorted(set(content_hashes))
        found: set[str] = set()
        with Session(self.engine) as s:
            for i in range(0, len(wanted), IN_CHUNK):
                found.update(s.scalars(sa.select(DocumentRow.content_hash).where(
                    DocumentRow.content_hash.in_(wanted[i:i + IN_CHUNK]))))
        return found

    def add(self, extraction: Extraction) -> AddResult:
        """Store a document and its claims in one transaction, unless its content is stored."""
        (result,) = self.add_many([extraction])
        if isinstance(result, StoreError):
            raise result
        return result

    def add_many(self, extractions: Sequence[Extraction]) -> list[AddResult | StoreError]:
        """Store documents with their claims in one transaction, each unless already stored.

        One result per extraction, in order. Copies are recognised against the ledger and
        against earlier documents of the same batch. If the batch fails (another writer
        stored one of its documents meanwhile, or one document breaks a constraint), it is
        rolled back and each document is stored in its own transaction, so one bad document
        fails alone (its result is the StoreError) and the others are stored.
        """
        refused = [_unstorable(ex) for ex in extractions]
        stored = iter(self._add_pending([_Pending.of(ex) for ex, bad
                                         in zip(extractions, refused, strict=True) if bad is None]))
        return [bad if bad is not None else next(stored) for bad in refused]

    def _add_pending(self, pending: list[_Pending]) -> list[AddResult | StoreError]:
        if not pending:
            return []
        try:
            with writer(self.engine).begin() as conn:  # the whole batch, or nothing
                return list(_store_batch(conn, pending))
        except sa.exc.SQLAlchemyError as exc:
            if len(pending) > 1:
                return [self._add_pending([p])[0] for p in pending]
            return [self._after_failure(pending[0], exc)]

    def _after_failure(self, item: _Pending, exc: sa.exc.SQLAlchemyError) -> AddResult | StoreError:
        """A lone document whose transaction failed: a racing duplicate, or a StoreError."""
        doc = item.extraction.document
        where = doc.origin or doc.id
        if isinstance(exc, sa.exc.IntegrityError):
            # Another writer stored the same content between our check and our insert.
            with Session(self.engine) as s:
                existing = s.scalar(sa.select(DocumentRow.id)
                                    .where(DocumentRow.content_hash == item.content_hash))
            if existing is not None:
                return AddResult("duplicate", existing)
            return StoreError("cannot store the document: a constraint failed", where=where)
        return database_error("cannot store the document", exc, where)

    def record_failure(self, origin: str, reason: str) -> None:
        """Record an input that could not be read, parsed or extracted."""
        try:
            with self.session() as s:
                s.add(FailureRow(origin=_storable(origin), reason=_storable(reason)))
        except sa.exc.SQLAlchemyError as exc:
            raise database_error("cannot record a failure", exc, _storable(origin)) from exc

    def failures(self, limit: int = 100) -> list[Failure]:
        """The most recently recorded failures."""
        with Session(self.engine) as s:
            rows = s.scalars(sa.select(FailureRow).order_by(FailureRow.id.desc()).limit(limit))
            return [Failure(r.origin, r.reason, r.created_at) for r in rows]

    # -- reconciling ---------------------------------------------------------------------

    def last_document_id(self) -> int:
        """The largest document id stored so far (0 for an empty ledger)."""
        with Session(self.engine) as s:
            return int(s.scalar(sa.select(sa.func.max(DocumentRow.id))) or 0)

    def reconcile(self, only_touched: bool = True, copies_after: int | None = None,
                  on_late_copies: Callable[[int], object] | None = None) -> list[int]:
        """Group claims into incidents; only around new documents unless only_touched is False.

        After concurrent writers, pass copies_after (the last document id before they
        started): copies they stored as originals at the same moment are marked first, and
        on_late_copies is told how many.
        """
        from tollwatch.store.reconciling import reconcile_ledger

        with self._reconcile_lock():
            try:
                return reconcile_ledger(self, only_touched=only_touched,
                                        copies_after=copies_after, on_late_copies=on_late_copies)
            except sa.exc.DBAPIError as exc:
                raise database_error("reconciliation stopped", exc) from exc

    @contextmanager
    def _reconcile_lock(self) -> Iterator[None]:
        """One reconciliation at a time per ledger: on PostgreSQL a session advisory lock that
        other processes wait on (two reconciles of the same new documents would both insert
        their blocking keys); SQLite's BEGIN IMMEDIATE already serialises them."""
        if self.engine.dialect.name != "postgresql":
            yield
            return
        try:
            conn = self.engine.connect()
            conn.execute(sa.text("SELECT pg_advisory_lock(:k)"), {"k": RECONCILE_LOCK})
            conn.commit()
        except sa.exc.SQLAlchemyError as exc:
            raise database_error("cannot lock the ledger for reconciliation", exc) from exc
        try:
            yield
        finally:
            with suppress(sa.exc.SQLAlchemyError):  # a lost connection releases it anyway
                conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": RECONCILE_LOCK})
                conn.commit()
            conn.close()

    def merge(self, a: int, b: int) -> int:
        """Merge two incidents by a stored decision; the id with more claims is kept."""
        from tollwatch.store.reconciling import merge_incidents

        return merge_incidents(self, a, b)

    def split(self, incident_id: int, claim_ids: set[int]) -> int:
        """Split claim_ids off an incident by a stored decision; returns the new incident's id."""
        from tollwatch.store.reconciling import split_incident

        return split_incident(self, incident_id, claim_ids)

    def reject_claim(self, claim_id: int, reason: str, who: str) -> ClaimDecision:
        """Reject a claim (it joins no incident, counts in no toll), lasting; the ruling."""
        from tollwatch.store.rulings import rule_on_claim

        return rule_on_claim(self, claim_id, "reject", reason=reason, who=who)

    def correct_claim(self, claim_id: int, reason: str, who: str, *, count: int | None = None,
                      group: str | None = None, place: Place | None = None,
                      date: dt.date | None = None) -> ClaimDecision:
        """Correct a claim's count, group, place or date, lasting; the ruling as stored."""
        from tollwatch.store.rulings import rule_on_claim

        return rule_on_claim(self, claim_id, "correct", reason=reason, who=who, count=count,
                             group=group, place=place, date=date)

    def claim_decisions(self, claim_id: int | None = None,
                        claim_ids: list[int] | None = None) -> list[ClaimDecision]:
        """Stored rulings on claims (who, when, why), oldest first."""
        from tollwatch.store.rulings import claim_decisions

        return claim_decisions(self, claim_id, claim_ids)

    # -- reading -------------------------------------------------------------------------

    def incidents(self, filter: queries.IncidentFilter | None = None, *, limit: int = 50,
                  offset: int = 0, sort: str = "-best") -> list[Incident]:
        """Incidents matching every constraint of filter, sorted and paged."""
        with Session(self.engine) as s:
            return queries.incidents(s, filter or queries.IncidentFilter(), limit=limit,
                                     offset=offset, sort=sort)

    def count_incidents(self, filter: queries.IncidentFilter | None = None) -> int:
        """How many incidents match every constraint of filter."""
        with Session(self.engine) as s:
            return queries.count_incidents(s, filter or queries.IncidentFilter())

    def cited(self, incident_ids: list[int]) -> dict[int, list[queries.Cited]]:
        """The claims of each incident with the reports they came from."""
        with Session(self.engine) as s:
            return queries.cited(s, incident_ids)

    def incident_facts(self, filters: queries.IncidentFilter) -> list[queries.IncidentFact]:
        """Country, province, start and killed of every incident matching filters."""
        with Session(self.engine) as s:
            return queries.incident_facts(s, filters)

    def incident(self, incident_id: int) -> Incident:
        """One incident with its tolls, revisions, flags and claim ids."""
        with Session(self.engine) as s:
            found = queries.load_incidents(s, [incident_id])
        if not found:
            raise NotFoundError(f"no incident {incident_id} in the ledger")
        return found[0]

    def history(self, incident_id: int, group: str | None = None) -> list[Revision]:
        """An incident's toll after each report, in publication order; one group's if given."""
        revisions = self.incident(incident_id).revisions
        return [r for r in revisions if group is None or r.toll.group == group]

    def claims(self, incident_id: int | None = None, source: str | None = None,
               outcome: str | None = None, group: str | None = None,
               country: str | None = None, since: dt.date | None = None,
               until: dt.date | None = None, limit: int = 100,
               offset: int = 0) -> list[StoredClaim]:
        """Stored claims matching every given filter, in ledger order."""
        stmt = sa.select(ClaimRow, DocumentRow.published, DocumentRow.outlet, DocumentRow.url,
                         DocumentRow.key, DocumentRow.title)
        stmt = stmt.join(DocumentRow, DocumentRow.id == ClaimRow.document_id)
        stmt = queries.claim_filters(stmt, incident_id, source, outcome, group, country,
                                     since, until)
        stmt = stmt.order_by(ClaimRow.id).limit(limit).offset(offset)
        with Session(self.engine) as s:
            return [StoredClaim(c.id, c.document_id, claim_from_row(c), pub, outlet, url,
                                key or "", title)
                    for c, pub, outlet, url, key, title in s.execute(stmt)]

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
                                  row.url, row.key or "", row.title) for c in claim_rows]
            return StoredDocument(row.id, doc, claims, row.copy_of, row.created_at)


def database_reason(exc: BaseException) -> str:
    """A database error in one line without its SQL or parameters (those go to the log)."""
    log.debug("database error", exc_info=exc)
    orig = getattr(exc, "orig", None) or exc
    first = (str(orig).strip().splitlines() or [""])[0][:200]
    return f"{type(orig).__name__}: {first}" if first else type(orig).__name__


def database_error(what: str, exc: sa.exc.SQLAlchemyError,
                   where: str | None = None) -> StoreError:
    """The StoreError for a failed database call: StoreUnavailable when the database went away
    or is full (OperationalError: lost connection, disk full, shutdown), so the CLI says so."""
    cls = StoreUnavailable if isinstance(exc, sa.exc.OperationalError | sa.exc.InterfaceError) \
        else StoreError
    return cls(f"{what}: {database_reason(exc)}", where=where)


def _unstorable(ex: Extraction) -> StoreError | None:
    """Why a document cannot be stored as it is (on either backend), or None."""
    doc = ex.document
    where = doc.origin or doc.id
    for name in _TEXT_FIELDS:
        value = getattr(doc, name)
        if isinstance(value, str) and (bad := _bad_char(value)) is not None:
            return StoreError(f"cannot store the document: {bad} in {name!r}", where=where)
    low, high = INT_RANGE
    numbers = [ex.killed, ex.injured, *(v for c in ex.claims
                                        for v in (c.count.low, c.count.best, c.count.high))]
    wrong = [n for n in numbers if n is not None and not low <= n <= high]
    if wrong:
        return StoreError(f"cannot store the document: count {wrong[0]} is outside the stored "
                          f"range {low} to {high}", where=where)
    return None


def _storable(value: str) -> str:
    """A failure's origin or reason with what no backend can store replaced (it names it)."""
    return _UNSTORABLE_CHAR.sub("\ufffd", value)


def _bad_char(value: str) -> str | None:
    """PostgreSQL refuses NUL in text and no driver can encode a lone surrogate."""
    found = _UNSTORABLE_CHAR.search(value)
    if found is None:
        return None
    char = found.group(0)
    what = "a NUL character" if char == "\x00" else f"a lone surrogate (U+{ord(char):04X})"
    return f"{what} at {found.start()}"


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


@dataclass(frozen=True)
class _Pending:
    """A document about to be stored, with its copy-detection keys computed once."""

    extraction: Extraction
    content_hash: str
    body_hash: str
    shingles: set[int]
    bands: list[str]
    figures: frozenset[str]

    @classmethod
    def of(cls, extraction: Extraction) -> _Pending:
        text = extraction.document.text
        shingles = syndication.shingles(text)
        return cls(extraction, extraction.document.content_hash, syndication.body_hash(text),
                   shingles, sorted(set(syndication.bands(shingles))), syndication.figures(text))


# Where a new document's original is: a stored document's id, or an earlier new document of
# the same batch (by its index in the batch), whose id is known only after the insert.
_Origin = tuple[Literal["stored", "batch"], int]


def _store_batch(conn: sa.Connection, pending: list[_Pending]) -> Iterator[AddResult]:
    """Insert the batch's new documents, claims and bands; one AddResult per document."""
    stored = _ids_by(conn, DocumentRow.content_hash, [p.content_hash for p in pending])
    finder = _OriginalFinder(conn, pending)
    first: dict[str, int] = {}  # content hash -> index of the batch's first new document
    origins: dict[int, _Origin | None] = {}  # index -> original, for the new documents
    for i, item in enumerate(pending):
        if item.content_hash not in stored and item.content_hash not in first:
            first[item.content_hash] = i
            origins[i] = finder.original(i, origins)
    new = sorted(origins)
    ids = _insert_documents(conn, [pending[i] for i in new],
                            [_stored_origin(origins[i]) for i in new])
    id_of = dict(zip(new, ids, strict=True))
    copy_of = {i: _resolve(origins[i], id_of) for i in new}
    late = [{"doc_id": id_of[i], "copy_of": copy_of[i]} for i in new
            if (origin := origins[i]) is not None and origin[0] == "batch"]
    if late:  # originals from the same batch: their ids exist only now
        conn.execute(sa.update(DocumentRow).where(DocumentRow.id == sa.bindparam("doc_id"))
                     .values(copy_of=sa.bindparam("copy_of")), late)
    _insert_claims_and_bands(conn, [(id_of[i], pending[i]) for i in new])
    for i, item in enumerate(pending):
        if i in id_of:
            status: Literal["stored", "copy"] = "copy" if copy_of[i] is not None else "stored"
            yield AddResult(status, id_of[i], copy_of[i], len(item.extraction.claims))
        else:
            yield AddResult("duplicate", stored.get(item.content_hash)
                            or id_of[first[item.content_hash]])


def _stored_origin(origin: _Origin | None) -> int | None:
    return origin[1] if origin is not None and origin[0] == "stored" else None


def _resolve(origin: _Origin | None, id_of: dict[int, int]) -> int | None:
    if origin is None:
        return None
    return origin[1] if origin[0] == "stored" else id_of[origin[1]]


def _ids_by(conn: sa.Connection, column: Any, values: list[str]) -> dict[str, int]:
    """value -> id of the first stored document having it in column."""
    found: dict[str, int] = {}
    wanted = sorted(set(values))
    for start in range(0, len(wanted), IN_CHUNK):
        rows = conn.execute(sa.select(column, DocumentRow.id)
                            .where(column.in_(wanted[start:start + IN_CHUNK]))
                            .order_by(DocumentRow.id))
        for value, doc_id in rows:
            found.setdefault(value, int(doc_id))
    return found


def _insert_documents(conn: sa.Connection, items: list[_Pending],
                      copy_of: list[int | None]) -> list[int]:
    """Insert the documents in one statement; their new ids, in order."""
    if not items:
        return []
    rows = [_document_values(p.extraction, p.content_hash, p.body_hash, c)
            for p, c in zip(items, copy_of, strict=True)]
    stmt = sa.insert(DocumentRow).returning(DocumentRow.id, sort_by_parameter_order=True)
    return [int(i) for i in conn.execute(stmt, rows).scalars()]


def _insert_claims_and_bands(conn: sa.Connection, docs: list[tuple[int, _Pending]]) -> None:
    claims = [{**claim_values(c, n), "document_id": doc_id}
              for doc_id, p in docs for n, c in enumerate(p.extraction.claims)]
    if claims:
        conn.execute(sa.insert(ClaimRow), claims)
    bands = [{"band": b, "document_id": doc_id} for doc_id, p in docs for b in p.bands]
    if bands:
        conn.execute(sa.insert(BandRow), bands)


class _OriginalFinder:
    """Finds the document a new body is a syndicated copy of: stored, or earlier in the batch.

    The stored side is fetched for the whole batch up front: exact body hashes in one query,
    MinHash band neighbours in another, their texts in a third.
    """

    def __init__(self, conn: sa.Connection, pending: list[_Pending]) -> None:
        self.pending = pending
        self.exact = self._exact(conn)
        self.neighbours = self._neighbours(conn)
        self.texts = self._texts(conn, {d for ids in self.neighbours.values() for d in ids})
        self.by_band: dict[str, list[int]] = defaultdict(list)  # band -> batch indices

    def original(self, i: int, earlier: dict[int, _Origin | None]) -> _Origin | None:
        """Document i's original; earlier holds the new documents before it and theirs."""
        item = self.pending[i]
        found = self.exact.get(item.body_hash) or self._exact_in_batch(item, earlier)
        if found is None:
            found = self._nearest(i, earlier)
        for band in item.bands:
            self.by_band[band].append(i)
        return found

    def _exact(self, conn: sa.Connection) -> dict[str, _Origin]:
        hashes = sorted({p.body_hash for p in self.pending})
        rows: dict[str, _Origin] = {}
        for start in range(0, len(hashes), IN_CHUNK):
            for body, doc_id, copy_of in conn.execute(
                    sa.select(DocumentRow.body_hash, DocumentRow.id, DocumentRow.copy_of)
                    .where(DocumentRow.body_hash.in_(hashes[start:start + IN_CHUNK]))
                    .order_by(DocumentRow.id)):
                rows.setdefault(body, ("stored", int(copy_of or doc_id)))
        return rows

    def _neighbours(self, conn: sa.Connection) -> dict[int, list[int]]:
        """Batch index -> stored documents sharing most bands with it (at most CANDIDATE_LIMIT)."""
        bands = sorted({b for p in self.pending if p.body_hash not in self.exact for b in p.bands})
        holders: dict[str, list[int]] = defaultdict(list)
        for start in range(0, len(bands), IN_CHUNK):
            for band, doc_id in conn.execute(
                    sa.select(BandRow.band, BandRow.document_id)
                    .where(BandRow.band.in_(bands[start:start + IN_CHUNK]))):
                holders[band].append(int(doc_id))
        out: dict[int, list[int]] = {}
        for i, p in enumerate(self.pending):
            shared = Counter(d for b in p.bands for d in holders.get(b, ()))
            ranked = sorted(shared, key=lambda d: (-shared[d], d))[:CANDIDATE_LIMIT]
            out[i] = sorted(ranked)
        return out

    @staticmethod
    def _texts(conn: sa.Connection, ids: set[int]) -> dict[int, tuple[str, int | None]]:
        wanted = sorted(ids)
        texts: dict[int, tuple[str, int | None]] = {}
        for start in range(0, len(wanted), IN_CHUNK):
            for doc_id, text, copy_of in conn.execute(
                    sa.select(DocumentRow.id, DocumentRow.text, DocumentRow.copy_of)
                    .where(DocumentRow.id.in_(wanted[start:start + IN_CHUNK]))):
                texts[int(doc_id)] = (text, copy_of)
        return texts

    def _exact_in_batch(self, item: _Pending,
                        earlier: dict[int, _Origin | None]) -> _Origin | None:
        for j, origin in earlier.items():
            if self.pending[j].body_hash == item.body_hash:
                return origin or ("batch", j)
        return None

    def _nearest(self, i: int, earlier: dict[int, _Origin | None]) -> _Origin | None:
        """The most similar stored or earlier batch body that is a copy (same figures)."""
        item = self.pending[i]
        best: tuple[float, _Origin] | None = None
        for doc_id in self.neighbours.get(i, []):
            text, copy_of = self.texts[doc_id]
            same, score = syndication.is_copy(item.shingles, item.figures, text)
            if same and (best is None or score > best[0]):
                best = (score, ("stored", int(copy_of or doc_id)))
        for j in sorted({j for b in item.bands for j in self.by_band.get(b, ())}):
            other = self.pending[j]
            score = syndication.similarity(item.shingles, other.shingles)
            same = score >= syndication.COPY_SIMILARITY and other.figures == item.figures
            if same and (best is None or score > best[0]):
                best = (score, earlier[j] or ("batch", j))
        return best[1] if best else None


__all__ = ["AddResult", "Failure", "Ledger", "StoredClaim", "StoredDocument",
           "dateref_from_json", "place_from_json"]
