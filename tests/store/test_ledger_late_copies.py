"""Copies that two writers store at the same moment are found before reconciling.

The race is played with the ledger's own batch writer on a second PostgreSQL connection
whose transaction stays open while the other document is stored and committed.
"""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from tollwatch.model import Document, Extraction
from tollwatch.store import Ledger
from tollwatch.store.copies import mark_late_copies
from tollwatch.store.ledger import _Pending, _store_batch
from tollwatch.store.schema import DocumentRow

from .test_ledger_store import TEXT, _extraction

BODY = TEXT.split("— ", 1)[1]
COPY = f"By Gulf Daily staff\n\n{BODY}\n\n© 2025 Gulf Daily"


def _mark_late_copies(ledger: Ledger, after: int = 0) -> int:
    """The re-check a bulk run's reconciliation starts with, alone, in one transaction."""
    with ledger.session() as s:
        pending = list(s.scalars(sa.select(DocumentRow.id)
                                 .where(DocumentRow.reconciled.is_(False))))
        return len(mark_late_copies(s, pending, after))


@pytest.fixture
def ledger(postgres_url: str):  # type: ignore[no-untyped-def]
    led = Ledger.open(postgres_url)
    yield led
    led.close()


def _store_while(ledger: Ledger, held: str, meanwhile: object) -> int:
    """Store text `held` in a transaction kept open while meanwhile() runs; its id."""
    with ledger.engine.begin() as conn:
        (result,) = list(_store_batch(conn, [_Pending.of(_extraction(text=held))]))
        assert result.status == "stored"  # it could not see the other document
        meanwhile()  # type: ignore[operator]
    return result.document_id


@pytest.mark.postgres
def test_two_writers_storing_a_copy_pair_at_once_count_it_once(ledger: Ledger) -> None:
    seen = {}
    first = _store_while(ledger, TEXT, lambda: seen.update(b=ledger.add(
        _extraction(text=COPY, outlet="Gulf Daily"))))
    assert seen["b"].status == "stored"  # the race: both went in as originals

    assert _mark_late_copies(ledger, after=seen["b"].document_id) == 0  # both at or below
    assert _mark_late_copies(ledger) == 1
    assert ledger.document(seen["b"].document_id).copy_of == first  # the earlier id
    assert ledger.document(first).copy_of is None
    ledger.reconcile()
    (incident,) = ledger.incidents()
    (toll,) = [t for t in incident.tolls if t.group == "total"]
    assert toll.best == 200 and toll.grading == "single source"  # one story, not two reports


@pytest.mark.postgres
def test_a_late_document_copies_the_one_already_reconciled(ledger: Ledger) -> None:
    def store_and_reconcile() -> None:
        seen["b"] = ledger.add(_extraction(text=COPY, outlet="Gulf Daily"))
        ledger.reconcile()

    seen = {}
    first = _store_while(ledger, TEXT, store_and_reconcile)
    ledger.reconcile(copies_after=0)  # as a bulk run on several workers does
    assert ledger.document(first).copy_of == seen["b"].document_id  # lower id, but later
    assert _mark_late_copies(ledger) == 0


def test_one_writer_leaves_nothing_to_mark(db_url: str) -> None:
    with Ledger.open(db_url) as ledger:
        original = ledger.add(_extraction())
        copy = ledger.add(_extraction(text=COPY, outlet="Gulf Daily"))
        revised = ledger.add(Extraction(document=Document(
            text=TEXT.replace("200 people", "1,018 people"), published=dt.date(2025, 3, 9))))
        assert (copy.status, revised.status) == ("copy", "stored")
        assert _mark_late_copies(ledger) == 0
        assert ledger.reconcile(copies_after=0) and _mark_late_copies(ledger) == 0
        assert ledger.document(revised.document_id).copy_of is None
        assert ledger.document(copy.document_id).copy_of == original.document_id
