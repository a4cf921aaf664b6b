"""Ingest throughput (documents/s) into SQLite and PostgreSQL on >= 2,000 wire-style documents.

Documents come from the WAD benchmark texts (../shared/benchmarks/wad_dev.jsonl), each with an
outlet, a URL and a publication date; past the 1,980 rows, documents are syndicated copies of
earlier ones under another byline and outlet. They are written to one JSONL file and ingested
with the real extractor, as `tollwatch ingest` does: read, extract, store each batch of
documents in one transaction, reconcile at the end. For each backend the script prints
end-to-end docs/s, then store-only docs/s and CPU ms a document (the same extractions stored
again into empty ledgers, no extraction), once one document a transaction (Ledger.add, the
store before batching) and once a batch of 32 a transaction (Ledger.add_many, what ingest
does now), and the reconciliation time, so the store's share of the cost is visible.

Usage: .venv/bin/python bench/ingest_speed.py [--docs 2400] [--backends sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from bulk_speed import fresh_database  # the sibling script: one throwaway-database helper
from shared import benchmark
from tollwatch.extract.pipeline import Extractor
from tollwatch.ingest.sources import iter_inputs
from tollwatch.model import Document, Extraction
from tollwatch.runner import ingest_documents
from tollwatch.store import Ledger

ROOT = Path(__file__).resolve().parent.parent
WAD = benchmark("wad_dev.jsonl")


def write_documents(path: Path, n: int) -> None:
    """n JSONL documents from the WAD texts; past the end, bylined copies of earlier ones."""
    rows = [json.loads(line) for line in WAD.open(encoding="utf-8")]
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            row = rows[i % len(rows)]
            text = row["text"] if i < len(rows) else f"By Staff Writer {i}\n\n{row['text']}"
            fh.write(json.dumps({
                "id": f"bench-{i}", "text": text, "published": row.get("date"),
                "source": f"Outlet {i % 13}", "url": f"https://outlet{i % 13}.example/{i}",
            }) + "\n")


class Recording:
    """The real extractor, keeping its extractions to store them again without extracting."""

    def __init__(self, extractor: Extractor) -> None:
        self.extractor = extractor
        self.seen: list[Extraction] = []

    def pipe(self, documents: Iterable[Document], batch_size: int = 64) -> Iterator[Extraction]:
        for ex in self.extractor.pipe(documents, batch_size=batch_size):
            self.seen.append(ex)
            yield ex


@contextmanager
def database(backend: str, folder: Path) -> Iterator[str]:
    """An empty ledger URL for the backend, dropped afterwards."""
    if backend == "sqlite":
        name = folder / f"bench-{uuid.uuid4().hex[:8]}.db"
        yield f"sqlite:///{name}"
        return
    with fresh_database() as url:
        yield url


def bench_backend(backend: str, source: Path, folder: Path, extractor: Extractor) -> None:
    """Print end-to-end and store-only throughput for one backend."""
    recording = Recording(extractor)
    with database(backend, folder) as url, Ledger.open(url) as ledger:
        summary = ingest_documents(iter_inputs([str(source)]), ledger, recording, progress=False)
        incidents = ledger.count_incidents()
    print(f"{backend:10s} end-to-end  {summary.documents:5d} docs in {summary.seconds:7.1f} s = "
          f"{summary.docs_per_second:7.1f} docs/s  (stored {summary.stored}, copies "
          f"{summary.copies}, duplicates {summary.duplicates}, failed {len(summary.failed)}, "
          f"{summary.claims} claims, {incidents} incidents)")
    n = len(recording.seen)
    for label, store in (("one a txn", _store_one_by_one), ("32 a txn", _store_in_batches)):
        with database(backend, folder) as url, Ledger.open(url) as ledger:
            wall, cpu = time.perf_counter(), time.process_time()
            store(ledger, recording.seen)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            start = time.perf_counter()
            ledger.reconcile()
            reconciled = time.perf_counter() - start
        print(f"{backend:10s} store-only {label:9s} {n:5d} docs in {wall:6.1f} s = "
              f"{n / wall:7.1f} docs/s, {1000 * cpu / n:5.2f} ms CPU a document (this process); "
              f"reconcile {reconciled:.1f} s")


def _store_one_by_one(ledger: Ledger, extractions: list[Extraction]) -> None:
    for ex in extractions:
        ledger.has(ex.document.content_hash)
        ledger.add(ex)


def _store_in_batches(ledger: Ledger, extractions: list[Extraction], size: int = 32) -> None:
    for start in range(0, len(extractions), size):
        batch = extractions[start:start + size]
        ledger.stored_hashes(ex.document.content_hash for ex in batch)
        ledger.add_many(batch)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2400)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    if args.docs < 2000:
        parser.error("--docs must be at least 2000")
    extractor = Extractor()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = folder / "docs.jsonl"
        write_documents(source, args.docs)
        print(f"{args.docs} documents from {WAD.name}; python {sys.version.split()[0]}, "
              f"{os.cpu_count()} CPUs")
        for backend in args.backends.split(","):
            bench_backend(backend.strip(), source, folder, extractor)


if __name__ == "__main__":
    main()
