"""Time Ledger.reconcile() alone after a bulk ingest, on PostgreSQL and SQLite; dump its output.

Builds N documents from the WAD texts (as bench/bulk_speed.py does), extracts them once
(cached as a pickle in /tmp, so re-runs skip spaCy), stores them in a fresh ledger with
Ledger.add_many, then times:
  bulk:        ledger.reconcile() over the N new documents;
  incremental: M more documents added, then ledger.reconcile() again (old incidents kept,
               rewritten or dropped).
With --repeat R the bulk step runs R times (the derived tables emptied and their ids reset
in between) and the least CPU and wall seconds are shown beside the first run's (which
pays one-time costs, as a bulk run's single reconcile does): the machine may be shared.
Prints CPU (this process) and wall seconds per step, and the PostgreSQL backends' CPU. The
resulting incidents (ids, place, dates, tolls, revisions, flags, claim ids) and blocking keys
go to a JSON file per database, so two versions of the code can be diffed for identical output.

    .venv/bin/python bench/reconcile_store_profile.py                    # 2,000 + 200 documents
    .venv/bin/python bench/reconcile_store_profile.py --docs 800 --profile reconcile.prof
    .venv/bin/python bench/reconcile_store_profile.py --dump /tmp/after   # /tmp/after-pg.json ...
    .venv/bin/python bench/reconcile_store_profile.py --repeat 5          # least of 5 bulk runs
    .venv/bin/python bench/reconcile_store_profile.py --repeat 5 --before 9aa25f9  # old code too
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import json
import os
import pickle
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bulk_speed import fresh_database, postgres_cpu, write_documents  # noqa: E402
from tollwatch.model import Extraction  # noqa: E402
from tollwatch.store import Ledger  # noqa: E402
from tollwatch.store.queries import load_incidents  # noqa: E402
from tollwatch.store.schema import BlockRow, IncidentRow  # noqa: E402

BATCH = 32  # documents per add_many, as tollwatch.distributed stores them


def extractions(n: int, cache_dir: Path) -> list[Extraction]:
    """Extractions of n WAD-derived documents, from the pickle cache when present."""
    cache = cache_dir / f"tollwatch-reconcile-bench-{n}.pkl"
    if cache.exists():
        loaded: list[Extraction] = pickle.loads(cache.read_bytes())
        return loaded
    from tollwatch.distributed import worker_extractor
    from tollwatch.ingest.jsonl import documents_from_lines
    from tollwatch.model import Document

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "documents.jsonl"
        write_documents(path, n)
        docs = [d for d in documents_from_lines(path.read_bytes().split(b"\n"), str(path))
                if isinstance(d, Document)]
    extractor = worker_extractor()
    started = time.perf_counter()
    out = list(extractor.pipe(docs, batch_size=BATCH))
    print(f"extracted {len(out)} documents in {time.perf_counter() - started:.0f} s; "
          f"cached in {cache}", file=sys.stderr)
    cache.write_bytes(pickle.dumps(out))
    return out


@contextlib.contextmanager
def database(kind: str) -> Iterator[str]:
    """A fresh, empty database URL of kind 'pg' or 'sqlite'."""
    if kind == "pg":
        with fresh_database() as url:
            yield url
    else:
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{Path(tmp) / 'ledger.db'}"


def store(ledger: Ledger, items: list[Extraction]) -> None:
    for start in range(0, len(items), BATCH):
        ledger.add_many(items[start:start + BATCH])


def timed_reconcile(ledger: Ledger, profile: cProfile.Profile | None) -> tuple[float, float, int]:
    """(CPU s, wall s, incidents changed) of one ledger.reconcile()."""
    wall, cpu = time.perf_counter(), time.process_time()
    if profile is not None:
        profile.enable()
    changed = ledger.reconcile()
    if profile is not None:
        profile.disable()
    return time.process_time() - cpu, time.perf_counter() - wall, len(changed)


DERIVED = ("incident_claims", "tolls", "revisions", "incidents", "document_blocks")


def unreconcile(ledger: Ledger) -> None:
    """Back to the state before the first reconcile: no incidents, ids restarting at 1."""
    with ledger.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text(f"TRUNCATE {', '.join(DERIVED)} RESTART IDENTITY"))
        else:  # SQLite reuses rowids from the largest one left, here none
            for table in DERIVED:
                conn.execute(sa.text(f"DELETE FROM {table}"))
        conn.execute(sa.text("UPDATE documents SET reconciled = false"))


def dump(ledger: Ledger) -> dict[str, Any]:
    """Everything reconcile writes, except timestamps: incidents and blocking keys."""
    with Session(ledger.engine) as s:
        ids = list(s.scalars(sa.select(IncidentRow.id).order_by(IncidentRow.id)))
        rows = {r.id: r for r in s.scalars(sa.select(IncidentRow))}
        incidents = []
        for inc in load_incidents(s, ids):
            data = inc.to_dict()
            row = rows[inc.id]  # type: ignore[index]
            data["columns"] = [row.place_name, row.country, row.lat, row.lon, row.killed_best]
            incidents.append(data)
        blocks = sorted(tuple(b) for b in s.execute(sa.select(BlockRow.document_id, BlockRow.key)))
    return {"incidents": incidents, "blocks": [list(b) for b in blocks]}


def run(kind: str, bulk: list[Extraction], extra: list[Extraction],
        profile: cProfile.Profile | None, repeat: int) -> tuple[
            list[tuple[str, float, float, float, float, int]], dict[str, Any], float]:
    """Timings per step (first run, least of repeat runs), the dump and the PostgreSQL
    backends' CPU in the last run of each step."""
    steps = []
    server = 0.0
    with database(kind) as url, Ledger.open(url) as ledger:
        for label, items in (("bulk", bulk), ("incremental", extra)):
            store(ledger, items)
            runs = []
            for n in range(repeat if label == "bulk" else 1):
                if n:
                    unreconcile(ledger)
                before = postgres_cpu(url) if kind == "pg" else 0.0
                runs.append(timed_reconcile(ledger, profile))
                spent = (postgres_cpu(url) - before) if kind == "pg" else 0.0
            server += spent
            steps.append((label, runs[0][0], runs[0][1], min(r[0] for r in runs),
                          min(r[1] for r in runs), runs[0][2]))
        return steps, dump(ledger), server


def compare(rev: str, argv: list[str]) -> None:
    """Run this script on src/ as of rev, then on the working tree; say if the dumps agree."""
    rest = [a for i, a in enumerate(argv) if a != "--before" and argv[i - 1] != "--before"]
    rest = [a for i, a in enumerate(rest) if a != "--dump" and rest[i - 1] != "--dump"]
    with tempfile.TemporaryDirectory(prefix="tollwatch-before-") as tmp:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src"], check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        dumps = {}
        for label, src in ((f"before ({rev})", Path(tmp) / "src"), ("after", ROOT / "src")):
            print(f"== {label}", flush=True)
            dumps[label] = Path(tmp) / label.split()[0]
            env = {**os.environ, "PYTHONPATH": str(src)}
            subprocess.run([sys.executable, __file__, *rest, "--dump", str(dumps[label])],
                           env=env, check=True)
        before, after = dumps.values()
        for kind in ("pg", "sqlite"):
            old, new = Path(f"{before}-{kind}.json"), Path(f"{after}-{kind}.json")
            if old.exists() and new.exists():
                same = old.read_bytes() == new.read_bytes()
                print(f"{kind}: output {'identical' if same else 'DIFFERS'} before and after")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000, help="documents in the bulk step")
    parser.add_argument("--extra", type=int, default=200, help="documents added afterwards")
    parser.add_argument("--db", default="pg,sqlite", help="pg, sqlite or both")
    parser.add_argument("--dump", help="write PREFIX-pg.json / PREFIX-sqlite.json")
    parser.add_argument("--profile", help="write a cProfile of the reconciles to this file")
    parser.add_argument("--repeat", type=int, default=1,
                        help="bulk reconcile runs (reset in between); the least is shown")
    parser.add_argument("--cache", default=tempfile.gettempdir())
    parser.add_argument("--before", metavar="REV",
                        help="first run the same on src/ as of git revision REV, then diff")
    args = parser.parse_args()
    if args.before:
        compare(args.before, sys.argv[1:])
        return
    items = extractions(args.docs + args.extra, Path(args.cache))
    bulk, extra = items[:args.docs], items[args.docs:]
    profile = cProfile.Profile() if args.profile else None
    print(f"{len(bulk)} documents then {len(extra)} more ({sum(len(e.claims) for e in items)} "
          "claims)")
    print(f"{'':<22}{'first run':^16}{'least of runs':^16}")
    print(f"{'database':<9}{'step':<13}{'CPU s':>8}{'wall s':>8}{'CPU s':>8}{'wall s':>8}"
          f"{'changed':>9}{'incidents':>10}")
    for kind in args.db.split(","):
        steps, data, server = run(kind, bulk, extra, profile, args.repeat)
        for label, cpu, wall, least_cpu, least_wall, changed in steps:
            print(f"{kind:<9}{label:<13}{cpu:>8.2f}{wall:>8.2f}{least_cpu:>8.2f}"
                  f"{least_wall:>8.2f}{changed:>9}{len(data['incidents']):>10}")
        if kind == "pg":
            print(f"{'':<9}(PostgreSQL backends: {server:.2f} s CPU over both steps, last runs)")
        if args.dump:
            Path(f"{args.dump}-{kind}.json").write_text(json.dumps(data, indent=0, default=str))
    if profile is not None:
        profile.dump_stats(args.profile)


if __name__ == "__main__":
    main()
