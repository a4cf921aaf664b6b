"""Ingest documents into a ledger: extract, store each atomically, record failures, reconcile."""

from __future__ import annotations

import itertools
import logging
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from tollwatch.errors import InputError, StoreError, StoreUnavailable, TollwatchError
from tollwatch.model import Document, Extraction
from tollwatch.store import Ledger

log = logging.getLogger(__name__)
BATCH = 32  # documents per extractor.pipe call: spaCy batches, memory stays small


class ExtractorLike(Protocol):
    """What the runner needs of an extractor: Extractor.pipe with on_error="yield"."""

    def pipe(self, documents: Iterable[Document], batch_size: int = ..., *,
             on_error: Literal["yield"]) -> Iterator[Extraction | TollwatchError]:
        ...  # pragma: no cover


@dataclass
class Summary:
    """What an ingest run did."""

    stored: int = 0
    duplicates: int = 0
    copies: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    claims: int = 0
    seconds: float = 0.0
    changed_incidents: list[int] = field(default_factory=list)
    reconcile_error: str | None = None  # stored documents stay pending for the next run
    reconcile_lost: bool = False  # the database went away or filled up while reconciling

    @property
    def documents(self) -> int:
        """Inputs seen: stored, copies, duplicates and failures."""
        return self.stored + self.copies + self.duplicates + len(self.failed)

    @property
    def docs_per_second(self) -> float:
        """Inputs handled per second of wall time."""
        return self.documents / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "stored": self.stored, "duplicates": self.duplicates, "copies": self.copies,
            "failed": [{"origin": o, "reason": r} for o, r in self.failed],
            "claims": self.claims, "documents": self.documents,
            "seconds": round(self.seconds, 3), "docs_per_second": round(self.docs_per_second, 2),
            "changed_incidents": self.changed_incidents,
            "reconcile_error": self.reconcile_error,
        }


class _Bar(Protocol):
    def update(self, n: int) -> Any: ...  # pragma: no cover

    def close(self) -> None: ...  # pragma: no cover


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


def _bar(enabled: bool) -> _Bar:
    """A tqdm bar on stderr counting documents done (stored, skipped or failed), with docs/s."""
    if not enabled:
        return _NoBar()
    from tqdm import tqdm

    bar: _Bar = tqdm(unit=" docs", file=sys.stderr, dynamic_ncols=True)
    return bar


def ingest_documents(items: Iterable[Document | InputError], ledger: Ledger,
                     extractor: ExtractorLike, progress: bool | _Bar = True,
                     reconcile: bool = True) -> Summary:
    """Store every document of items with its claims; failures recorded, the batch goes on.

    progress is a bar of the caller's (update(n), close()), or True for a plain tqdm one.
    """
    summary = Summary()
    started = time.perf_counter()
    stream = iter(items)
    bar = _bar(progress) if isinstance(progress, bool) else progress
    while batch := list(itertools.islice(stream, BATCH)):
        stored = ledger.stored_hashes(i.content_hash for i in batch if isinstance(i, Document))
        fresh: list[Document] = []
        for item in batch:
            if isinstance(item, InputError):
                _fail(ledger, summary, item.where or "?", item.reason)
            elif item.content_hash in stored:
                summary.duplicates += 1  # skipped before extraction: reruns are cheap
            else:
                fresh.append(item)
        extractions: list[Extraction] = []
        for document, extraction in _extract(fresh, extractor):
            if isinstance(extraction, TollwatchError):
                _fail(ledger, summary, document.origin or document.id or "?", extraction.reason)
            else:
                extractions.append(extraction)
        _store(ledger, summary, extractions)
        bar.update(len(batch))
    bar.close()
    if reconcile:
        try:
            summary.changed_incidents = ledger.reconcile()
        except StoreError as exc:
            summary.reconcile_error = str(exc)
            summary.reconcile_lost = isinstance(exc, StoreUnavailable)
    summary.seconds = time.perf_counter() - started
    return summary


def _fail(ledger: Ledger, summary: Summary, origin: str, reason: str) -> None:
    log.warning("%s: %s", origin, reason)
    ledger.record_failure(origin, reason)
    summary.failed.append((origin, reason))


def _store(ledger: Ledger, summary: Summary, extractions: list[Extraction]) -> None:
    """Store a batch in one transaction (a document that cannot be stored fails alone)."""
    for extraction, result in zip(extractions, ledger.add_many(extractions), strict=True):
        if isinstance(result, StoreUnavailable):
            raise result  # the database is gone or full: every next document would fail too
        if isinstance(result, StoreError):
            doc = extraction.document
            _fail(ledger, summary, doc.origin or doc.id or "?",
                  f"could not be stored: {result.reason}")
        elif result.status == "duplicate":
            summary.duplicates += 1
        else:
            summary.claims += result.claims
            summary.copies += result.status == "copy"
            summary.stored += result.status == "stored"


def _extract(docs: list[Document],
             extractor: ExtractorLike) -> Iterator[tuple[Document, Extraction | TollwatchError]]:
    """Extractions of a batch, a TollwatchError in place of each document that failed."""
    if docs:
        yield from zip(docs, extractor.pipe(docs, batch_size=len(docs), on_error="yield"),
                       strict=True)
