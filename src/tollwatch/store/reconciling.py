"""Run the pure reconciliation over the affected part of the ledger and save its incidents.

Incremental: only reports that could share an incident with new documents are reconciled
(same blocking key, same incident, same manual decision, or a copy of one of them). Incident
ids stay stable across runs: each new incident takes the id of the old incident it shares the
most claims with. Manual merges and splits are stored as claim-id sets and passed to every run.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from tollwatch.errors import DecisionError, StoreError, TollwatchError
from tollwatch.model import Incident, Place, Report, Toll
from tollwatch.reconcile.decisions import ClaimRuling, apply_rulings
from tollwatch.reconcile.headline import headline_best
from tollwatch.store.convert import (
    CLAIM_COLUMNS,
    REPORT_COLUMNS,
    place_from_json,
    reports_from_rows,
)
from tollwatch.store.copies import mark_late_copies
from tollwatch.store.queries import load_incidents
from tollwatch.store.schema import (
    BlockRow,
    ClaimDecisionRow,
    ClaimRow,
    DecisionRow,
    DocumentRow,
    IncidentClaimRow,
    IncidentRow,
    RevisionRow,
    TollRow,
)

if TYPE_CHECKING:
    from tollwatch.store.ledger import Ledger

log = logging.getLogger(__name__)
CHUNK = 2000  # ids per IN (...) list: well under SQLite's and PostgreSQL's parameter limits
MAX_EXPANSIONS = 20
T = TypeVar("T")


def _chunks(ids: Sequence[T]) -> Iterable[Sequence[T]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i:i + CHUNK]


def _engine() -> Any:
    try:
        from tollwatch.reconcile import reconcile, unit_keys, units_of
        from tollwatch.reconcile.decisions import Decision
    except ImportError as exc:
        raise StoreError(f"reconciliation is not available: {exc}") from exc
    return reconcile, units_of, unit_keys, Decision


def _rulings(s: Session, reports: list[Report]) -> tuple[list[Report], list[ClaimRuling],
                                                          frozenset[int]]:
    """The analysts' rulings on these reports' claims, applied: reports, rulings, rejected ids."""
    ids = sorted({cid for r in reports for cid, _ in r.claims})
    found: list[tuple[int, ClaimRuling]] = []
    for chunk in _chunks(ids):
        rows = s.scalars(sa.select(ClaimDecisionRow)
                         .where(_among(s, ClaimDecisionRow.claim_id, chunk)))
        found.extend(ruling_of(row) for row in rows)
    ordered = [r for _, r in sorted(found, key=lambda f: f[0])]  # in the order they were made
    ruled, rejected = apply_rulings(reports, ordered)
    return ruled, ordered, rejected


def ruling_of(row: ClaimDecisionRow) -> tuple[int, ClaimRuling]:
    """A stored claim decision as the pure ruling reconciliation applies, with its order."""
    return row.id, ClaimRuling(
        claim_id=row.claim_id, kind=row.kind,  # type: ignore[arg-type]
        count=row.count, group=row.grp,  # type: ignore[arg-type]
        place=place_from_json(row.place), date=row.date)


def reconcile_ledger(ledger: Ledger, *, only_touched: bool = True,
                     copies_after: int | None = None,
                     on_late_copies: Callable[[int], object] | None = None) -> list[int]:
    """Reconcile new documents with their neighbours (or everything); changed incident ids.

    With copies_after (after several concurrent writers), pending originals with larger ids
    that copy a document stored at the same moment are marked first (store/copies.py);
    on_late_copies is told how many.
    """
    reconcile, units_of, unit_keys, decision_cls = _engine()
    units_of, unit_keys = _guarded(units_of), _guarded(unit_keys)
    with ledger.session() as s:
        pending = list(s.scalars(sa.select(DocumentRow.id).where(DocumentRow.reconciled.is_(False))
                                 .order_by(DocumentRow.id)))
        if only_touched and not pending:
            return []
        if copies_after is not None:  # before the neighbourhood: it follows copies
            late = mark_late_copies(s, pending, copies_after)
            if on_late_copies is not None:
                on_late_copies(len(late))
        if only_touched:
            fresh, rulings, rejected = _rulings(s, _load_reports(s, pending))
            cut = {r.document_id: units_of(r, rejected) for r in fresh}
            _store_blocking_keys(s, fresh, lambda r: unit_keys(cut[r.document_id]))
            # the pending reports are part of their own neighbourhood: read only the rest
            rest, more, _ = _rulings(s, _load_reports(s, sorted(set(_neighbourhood(s, pending))
                                                                - set(pending))))
            reports, rulings = fresh + rest, rulings + more
        else:
            # Everything, keys included: a newer reconcile may block documents differently.
            reports, rulings, rejected = _rulings(
                s, _load_reports(s, list(s.scalars(sa.select(DocumentRow.id)))))
            cut = {r.document_id: units_of(r, rejected) for r in reports}
            _store_blocking_keys(s, reports, lambda r: unit_keys(cut[r.document_id]))
        doc_ids = [int(r.document_id) for r in reports]
        claim_ids = {cid for r in reports for cid, _ in r.claims}
        decisions = [decision_cls(kind=d.kind, left=frozenset(d.left), right=frozenset(d.right))
                     for d in s.scalars(sa.select(DecisionRow).order_by(DecisionRow.id))
                     if claim_ids.intersection(d.left) or claim_ids.intersection(d.right)]
        log.info("reconciling %d reports (%d claims, %d decisions)", len(reports),
                 len(claim_ids), len(decisions))
        # the reports come with their rulings applied; rulings again only for the rejections
        incidents = _guarded(reconcile)(reports, decisions, None, cut,
                                        [r for r in rulings if r.kind == "reject"])
        changed = _save(s, incidents, claim_ids)
        for chunk in _chunks(doc_ids):
            s.execute(sa.update(_table(DocumentRow)).where(_among(s, DocumentRow.id, chunk))
                      .values(reconciled=True))
        return changed


def _guarded(func: Any) -> Any:
    """func, with an unexpected exception turned into a StoreError (documents stay pending)."""
    def call(*args: Any) -> Any:
        try:
            return func(*args)
        except TollwatchError:
            raise
        except Exception as exc:  # noqa: BLE001  a bug in reconciliation must not lose the run
            log.exception("reconciliation failed")
            raise StoreError(f"reconciliation failed ({type(exc).__name__}: {exc}); the "
                             "documents are stored and will be reconciled on the next run") from exc
    return call


def _store_blocking_keys(s: Session, reports: list[Report], blocking_keys: Any) -> None:
    ids = sorted(int(r.document_id) for r in reports)
    for chunk in _chunks(ids):
        s.execute(sa.delete(_table(BlockRow)).where(_among(s, BlockRow.document_id, chunk)))
    rows = [{"key": str(key)[:100], "document_id": int(r.document_id)}
            for r in reports for key in sorted(set(blocking_keys(r)))]
    _insert_rows(s, BlockRow, rows)


def _table(model: Any) -> sa.Table:
    """The Core table of a mapped class: its executemany skips the ORM's bulk bookkeeping."""
    table: sa.Table = model.__table__
    return table


def _among(s: Session, column: Any, values: Sequence[Any]) -> Any:
    """column IN values; on PostgreSQL one array parameter, not a placeholder per value."""
    if s.get_bind().dialect.name == "postgresql":
        return column == sa.any_(sa.bindparam(None, list(values), type_=ARRAY(column.type)))
    return column.in_(values)


def _insert_rows(s: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    """Insert rows (same keys in each): COPY on PostgreSQL, else one Core executemany.

    The ORM bulk path costs far more than either; COPY skips a statement per row.
    """
    if not rows:
        return
    table, conn = _table(model), s.connection()
    columns = [table.c[name] for name in rows[0]]
    driver: Any = conn.connection.driver_connection
    # COPY skips Python-side defaults: only when every column that has one is given
    if not _copies(conn) or any(
            c.default is not None and c.name not in rows[0] for c in table.columns):
        conn.execute(sa.insert(table), rows)
        return
    names = ", ".join(conn.dialect.identifier_preparer.quote(c.name) for c in columns)
    encoders = [_copy_encoder(c.type) for c in columns]
    with driver.cursor() as cursor, cursor.copy(
            f"COPY {conn.dialect.identifier_preparer.format_table(table)} ({names}) FROM STDIN"
    ) as copy:
        for row in rows:
            copy.write_row([encode(v) for encode, v in zip(encoders, row.values(), strict=True)])


def _copies(conn: sa.Connection) -> bool:
    """Whether rows can go in by COPY: PostgreSQL through psycopg 3."""
    return (conn.dialect.name, conn.dialect.driver) == ("postgresql", "psycopg")


def _copy_encoder(kind: Any) -> Any:
    """How a value of a column type goes into COPY as Core would bind it (JSON as its text)."""
    if not isinstance(kind, sa.JSON):
        return lambda value: value
    none_as_null = bool(kind.none_as_null)

    def encode(value: Any) -> str | None:
        if value is None and none_as_null:
            return None
        return json.dumps(value)
    return encode


def _load_reports(s: Session, doc_ids: Sequence[int]) -> list[Report]:
    reports: list[Report] = []
    conn = s.connection()
    for chunk in _chunks(sorted(set(doc_ids))):
        docs = conn.execute(sa.select(*REPORT_COLUMNS).where(_among(s, DocumentRow.id, chunk)))
        claims = conn.execute(sa.select(*CLAIM_COLUMNS)
                              .where(_among(s, ClaimRow.document_id, chunk)))
        reports.extend(reports_from_rows(docs.all(), claims))
    return reports


def _column(s: Session, stmt: Any) -> Iterable[Any]:
    """The first column of a Core select's rows (no ORM result processing)."""
    return s.connection().execute(stmt).scalars()


def _neighbourhood(s: Session, pending: Sequence[int]) -> list[int]:
    """Documents that could share an incident with the pending ones, to a fixed point."""
    docs = set(pending)
    keys: set[str] = set()
    for chunk in _chunks(pending):  # in chunks: SQLite takes at most 32,766 parameters
        keys.update(_column(s, sa.select(BlockRow.key).distinct()
                            .where(_among(s, BlockRow.document_id, chunk))))
    for key_chunk in _chunks(sorted(keys)):
        docs.update(_column(s, sa.select(BlockRow.document_id).distinct()
                            .where(_among(s, BlockRow.key, key_chunk))))
    decisions = [(set(d.left) | set(d.right)) for d in s.scalars(sa.select(DecisionRow))]
    # Each step's additions are unions over single documents, so only the documents added
    # by the last step need querying: the same fixed point, without re-reading the rest.
    added = set(docs)
    for _ in range(MAX_EXPANSIONS):
        claims = _claims_of(s, added)
        found = added | _docs_of_claims(s, _incident_mates(s, claims))
        found |= _docs_of_claims(s, {c for d in decisions if d & claims for c in d})
        found |= _copy_relatives(s, found)
        added = found - docs
        if not added:
            break
        docs |= added
    return sorted(docs)


def _claims_of(s: Session, doc_ids: set[int]) -> set[int]:
    out: set[int] = set()
    for chunk in _chunks(sorted(doc_ids)):
        out.update(_column(s, sa.select(ClaimRow.id)
                           .where(_among(s, ClaimRow.document_id, chunk))))
    return out


def _docs_of_claims(s: Session, claim_ids: set[int]) -> set[int]:
    out: set[int] = set()
    for chunk in _chunks(sorted(claim_ids)):
        out.update(_column(s, sa.select(ClaimRow.document_id).distinct()
                           .where(_among(s, ClaimRow.id, chunk))))
    return out


def _incident_mates(s: Session, claim_ids: set[int]) -> set[int]:
    """Every claim in an incident that holds one of claim_ids."""
    incident_ids: set[int] = set()
    for chunk in _chunks(sorted(claim_ids)):
        incident_ids.update(_column(s, sa.select(IncidentClaimRow.incident_id)
                                    .where(_among(s, IncidentClaimRow.claim_id, chunk))))
    out: set[int] = set()
    for chunk in _chunks(sorted(incident_ids)):
        out.update(_column(s, sa.select(IncidentClaimRow.claim_id)
                           .where(_among(s, IncidentClaimRow.incident_id, chunk))))
    return out


def _copy_relatives(s: Session, doc_ids: set[int]) -> set[int]:
    out: set[int] = set()
    for chunk in _chunks(sorted(doc_ids)):
        rows = s.connection().execute(sa.select(DocumentRow.id, DocumentRow.copy_of).where(
            sa.or_(_among(s, DocumentRow.id, chunk), _among(s, DocumentRow.copy_of, chunk))))
        for doc_id, copy_of in rows:
            out.add(doc_id)
            if copy_of is not None:
                out.add(copy_of)
    return out


def _old_incidents(s: Session, claim_ids: set[int]) -> dict[int, set[int]]:
    """Stored incidents holding any of claim_ids, with all their claims."""
    ids: set[int] = set()
    for chunk in _chunks(sorted(claim_ids)):
        ids.update(_column(s, sa.select(IncidentClaimRow.incident_id)
                           .where(_among(s, IncidentClaimRow.claim_id, chunk))))
    out: dict[int, set[int]] = defaultdict(set)
    for chunk in _chunks(sorted(ids)):
        for inc, claim in s.execute(sa.select(IncidentClaimRow.incident_id,
                                              IncidentClaimRow.claim_id)
                                    .where(_among(s, IncidentClaimRow.incident_id, chunk))):
            out[inc].add(claim)
    return out


def match_ids(new: Sequence[Incident], old: dict[int, set[int]]) -> dict[int, int]:
    """Index of each new incident -> the old id it keeps, by greatest claim overlap (greedy)."""
    owner = {claim: inc for inc, claims in old.items() for claim in claims}
    pairs: list[tuple[int, int, int]] = []
    for index, incident in enumerate(new):
        overlap: dict[int, int] = defaultdict(int)
        for claim in incident.claim_ids:
            if claim in owner:
                overlap[owner[claim]] += 1
        pairs.extend((-n, old_id, index) for old_id, n in overlap.items())
    kept: dict[int, int] = {}
    used: set[int] = set()
    for _neg, old_id, index in sorted(pairs):
        if index not in kept and old_id not in used:
            kept[index] = old_id
            used.add(old_id)
    return kept


def _fingerprint(incident: Incident) -> Any:
    data = incident.to_dict()
    data.pop("id", None)
    data["claim_ids"] = sorted(data["claim_ids"])
    return data


def _save(s: Session, incidents: list[Incident], claim_ids: set[int]) -> list[int]:
    """Write incidents, reusing the ids of the old ones they overlap; returns changed ids."""
    old = _old_incidents(s, claim_ids)
    kept = match_ids(incidents, old)
    before = {i.id: _fingerprint(i) for i in load_incidents(s, sorted(old))}
    for chunk in _chunks(sorted(old)):
        s.execute(sa.delete(_table(IncidentClaimRow))
                  .where(_among(s, IncidentClaimRow.incident_id, chunk)))
    gone = sorted(set(old) - set(kept.values()))
    for chunk in _chunks(gone):
        s.execute(sa.delete(_table(IncidentRow)).where(_among(s, IncidentRow.id, chunk)))
    changed = list(gone)
    unchanged = {i for i, old_id in kept.items()
                 if before.get(old_id) == _fingerprint(incidents[i])}
    rewritten = sorted(old_id for i, old_id in kept.items() if i not in unchanged)
    for chunk in _chunks(rewritten):
        s.execute(sa.delete(_table(TollRow)).where(_among(s, TollRow.incident_id, chunk)))
        s.execute(sa.delete(_table(RevisionRow)).where(_among(s, RevisionRow.incident_id, chunk)))
    links: list[dict[str, Any]] = []
    tolls: list[dict[str, Any]] = []
    revisions: list[dict[str, Any]] = []
    fresh = [i for i in range(len(incidents)) if i not in kept]
    new_ids = dict(zip(fresh, _insert_incidents(s, [incidents[i] for i in fresh]), strict=True))
    updates: list[dict[str, Any]] = []
    for index, incident in enumerate(incidents):
        if index in new_ids:
            incident_id = new_ids[index]
        else:
            incident_id = kept[index]
            if index not in unchanged:
                updates.append({"row_id": incident_id, **_incident_values(incident)})
        links.extend({"incident_id": incident_id, "claim_id": c}
                     for c in sorted(set(incident.claim_ids)))
        if index in unchanged:
            continue
        changed.append(incident_id)
        tolls.extend({"incident_id": incident_id, "outcome": t.outcome, "grp": t.group,
                      "low": t.low, "best": t.best, "high": t.high, "grading": t.grading,
                      "claim_ids": list(t.claim_ids), "sources": list(t.sources)}
                     for t in incident.tolls)
        revisions.extend({"incident_id": incident_id, "seq": n, "document_id": str(r.document_id),
                          "published": r.published, "toll": _toll_json(r.toll)}
                         for n, r in enumerate(incident.revisions))
    if updates:
        table = _table(IncidentRow)
        s.connection().execute(sa.update(table).where(table.c.id == sa.bindparam("row_id")),
                               updates)
    for model, rows in ((IncidentClaimRow, links), (TollRow, tolls), (RevisionRow, revisions)):
        _insert_rows(s, model, rows)
    return sorted(set(changed))


_TOLL_FIELDS = tuple(f.name for f in dataclasses.fields(Toll))
_PLACE_FIELDS = tuple(f.name for f in dataclasses.fields(Place))


def _toll_json(toll: Toll) -> dict[str, Any]:
    """toll.to_dict() without its generic walk: a Toll holds plain values and tuples."""
    return {name: list(value) if isinstance(value := getattr(toll, name), tuple) else value
            for name in _TOLL_FIELDS}


def _place_json(place: Place) -> dict[str, Any]:
    """place.to_dict() without its generic walk: a Place holds plain values only."""
    return {name: getattr(place, name) for name in _PLACE_FIELDS}


def _incident_values(incident: Incident) -> dict[str, Any]:
    place = incident.place
    return dict(
        place=_place_json(place) if place else None, place_name=place.name if place else None,
        country=place.country if place else None, lat=place.lat if place else None,
        lon=place.lon if place else None, start=incident.start, end=incident.end,
        killed_best=headline_best(incident, "killed"), flags=list(incident.flags),
        joins=incident.joins,
        updated_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
    )


def _insert_incidents(s: Session, incidents: list[Incident]) -> list[int]:
    """Insert new incident rows in one statement; their ids in the same order."""
    if not incidents:
        return []
    table, conn = _table(IncidentRow), s.connection()
    rows = [_incident_values(i) for i in incidents]
    if _copies(conn):
        # take the ids from the table's sequence first, in order, then COPY the rows in
        ids = sorted(int(i) for i in conn.execute(
            sa.text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"),
            {"t": table.name, "n": len(rows)}).scalars())
        _insert_rows(s, IncidentRow, [{"id": i, **row} for i, row in zip(ids, rows, strict=True)])
        return ids
    stmt = sa.insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return [int(i) for i in conn.execute(stmt, rows).scalars()]


def _touch(s: Session, incident_ids: Sequence[int]) -> None:
    """Mark the documents behind incidents for re-reconciliation."""
    claims: set[int] = set()
    for chunk in _chunks(list(incident_ids)):
        claims.update(s.scalars(sa.select(IncidentClaimRow.claim_id)
                                .where(_among(s, IncidentClaimRow.incident_id, chunk))))
    for chunk in _chunks(sorted(_docs_of_claims(s, claims))):
        s.execute(sa.update(_table(DocumentRow)).where(_among(s, DocumentRow.id, chunk))
                  .values(reconciled=False))


def _incident_of(s: Session, claim_id: int) -> int:
    found = s.scalar(sa.select(IncidentClaimRow.incident_id)
                     .where(IncidentClaimRow.claim_id == claim_id))
    if found is None:
        raise StoreError(f"claim {claim_id} is in no incident after reconciliation")
    return found


def merge_incidents(ledger: Ledger, a: int, b: int) -> int:
    """Store a merge decision for incidents a and b, re-reconcile; the merged incident's id."""
    if a == b:
        raise DecisionError(f"cannot merge incident {a} with itself")
    left, right = ledger.incident(a).claim_ids, ledger.incident(b).claim_ids
    if not left or not right:
        raise DecisionError(f"incidents {a} and {b} need claims to be merged")
    with ledger.session() as s:
        s.add(DecisionRow(kind="merge", left=sorted(left), right=sorted(right)))
        _touch(s, [a, b])
    ledger.reconcile()
    with Session(ledger.engine) as s:
        return _incident_of(s, min(left))


def split_incident(ledger: Ledger, incident_id: int, claim_ids: set[int]) -> int:
    """Store a split decision taking claim_ids out of an incident; the new incident's id."""
    current = set(ledger.incident(incident_id).claim_ids)
    wrong = sorted(set(claim_ids) - current)
    if wrong:
        raise DecisionError(f"claims {wrong} are not in incident {incident_id}")
    rest = current - set(claim_ids)
    if not claim_ids or not rest:
        raise DecisionError(f"a split of incident {incident_id} must leave claims on both sides")
    with ledger.session() as s:
        s.add(DecisionRow(kind="split", left=sorted(claim_ids), right=sorted(rest)))
        _touch(s, [incident_id])
    ledger.reconcile()
    with Session(ledger.engine) as s:
        return _incident_of(s, min(claim_ids))
