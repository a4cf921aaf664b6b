"""Syndicated copies that concurrent writers stored as originals, found before reconciling.

A document is checked for being a copy when it is stored, against what the ledger holds
then. Two writers (Dask workers, or `watch` beside `POST /documents`) storing the two halves
of a copy pair at the same moment do not see each other's uncommitted rows, so both go in
as originals and the story would count twice. The reconciliation after a bulk run on
several workers first re-checks each pending document of the run that is not a copy
against the run's documents that were already reconciled or stored before it (lower id):
the first of a pair to be stored or reconciled stays the original.

Only such runs pay for the re-check: it repeats the store-time comparisons, which on a
corpus of templated wire items is most of the store's copy-detection work: with the
re-check in every reconcile, bench/ledger_reconcile_scaling.py's full reconcile of 100k
synthetic claims took 115.8 s, against 21.8 s without it. A single writer saw everything it
could copy when it stored a document, so there the re-check would change nothing.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session, aliased

from tollwatch.ingest import syndication
from tollwatch.store.schema import BandRow, DocumentRow

log = logging.getLogger(__name__)
CANDIDATE_LIMIT = 50  # documents sharing a MinHash band that we compare text with, at most
CHUNK = 1000  # document ids per query


def mark_late_copies(s: Session, pending: Sequence[int], after: int = 0) -> dict[int, int]:
    """Mark pending originals that are copies of an earlier or reconciled document.

    Only documents with ids above `after` are compared (a bulk run passes the largest id
    stored before it: older documents were committed before any of its writers looked).
    Returns {document id: id of its original} for the documents marked.
    """
    candidates = _candidates(s, [doc_id for doc_id in pending if doc_id > after], after)
    if not candidates:
        return {}
    wanted = set(candidates) | {d for ds in candidates.values() for d in ds}
    texts, copy_of = _texts(s, sorted(wanted))
    marked: dict[int, int] = {}
    for doc_id in sorted(candidates):  # in id order: an earlier one may be marked first
        original = _original(texts[doc_id], candidates[doc_id], texts, copy_of)
        if original is not None and original != doc_id:
            marked[doc_id] = copy_of[doc_id] = original
    for doc_id, original in marked.items():
        s.execute(sa.update(DocumentRow).where(DocumentRow.id == doc_id)
                  .values(copy_of=original))
    if marked:
        log.info("%d documents stored at the same time as their originals marked as copies",
                 len(marked))
    return marked


def _candidates(s: Session, pending: Sequence[int], after: int) -> dict[int, list[int]]:
    """Pending original -> documents sharing most MinHash bands with it that it may copy."""
    mine, theirs = aliased(BandRow), aliased(BandRow)
    other = aliased(DocumentRow)
    me = aliased(DocumentRow)
    shared: dict[int, Counter[int]] = defaultdict(Counter)
    ids = sorted(pending)
    for start in range(0, len(ids), CHUNK):
        rows = s.execute(
            sa.select(mine.document_id, theirs.document_id)
            .join(theirs, sa.and_(theirs.band == mine.band,
                                  theirs.document_id != mine.document_id))
            .join(me, me.id == mine.document_id)
            .join(other, other.id == theirs.document_id)
            .where(mine.document_id.in_(ids[start:start + CHUNK]), me.copy_of.is_(None),
                   other.id > after,
                   sa.or_(other.reconciled.is_(True), other.id < mine.document_id)))
        for doc_id, neighbour in rows:
            shared[int(doc_id)][int(neighbour)] += 1
    return {doc_id: sorted(sorted(counts, key=lambda d: (-counts[d], d))[:CANDIDATE_LIMIT])
            for doc_id, counts in shared.items()}


def _texts(s: Session, ids: list[int]) -> tuple[dict[int, str], dict[int, int | None]]:
    texts: dict[int, str] = {}
    copy_of: dict[int, int | None] = {}
    for start in range(0, len(ids), CHUNK):
        for doc_id, text, original in s.execute(
                sa.select(DocumentRow.id, DocumentRow.text, DocumentRow.copy_of)
                .where(DocumentRow.id.in_(ids[start:start + CHUNK]))):
            texts[int(doc_id)] = text
            copy_of[int(doc_id)] = None if original is None else int(original)
    return texts, copy_of


def _original(text: str, neighbours: list[int], texts: dict[int, str],
              copy_of: dict[int, int | None]) -> int | None:
    """The original of the most similar neighbour this text is a copy of, if any."""
    own, figures = syndication.shingles(text), syndication.figures(text)
    best: tuple[float, int] | None = None
    for neighbour in neighbours:
        same, score = syndication.is_copy(own, figures, texts[neighbour])
        if same and (best is None or score > best[0]):
            best = (score, copy_of[neighbour] or neighbour)
    return best[1] if best else None
