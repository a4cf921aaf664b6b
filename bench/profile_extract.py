"""Profile the single-process ingest path (read, clean, extract, geocode, store, reconcile).

Runs tollwatch.distributed.ingest_bulk without Dask under cProfile on WAD texts into a
fresh ledger, then prints where the time went: by area (spaCy, our extract components,
geocoding, the store, reconciliation; built-ins counted with their callers) and the
functions with the most own time. Profiling inflates Python-heavy code (SQLAlchemy) more
than C-heavy code (spaCy), so unprofiled wall and CPU seconds per stage are printed too.

--ab N then measures the fix the profile led to, unprofiled, in the same invocation:
N rounds of the same documents into fresh ledgers with the writer thread off (before)
and on (after), alternating so that load from other jobs hits both alike.

    .venv/bin/python bench/profile_extract.py --docs 300
    .venv/bin/python bench/profile_extract.py --docs 400 --db postgresql --ab 3
    .venv/bin/python bench/profile_extract.py --save /tmp/ingest.prof  # for snakeviz
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import json
import os
import pstats
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from shared import benchmark

ROOT = Path(__file__).resolve().parent.parent
WAD = benchmark("wad_dev.jsonl")

# Areas by the file a function lives in; the first match wins.
AREAS = (
    ("geocode", ("tollwatch/geo/", "tollwatch/extract/where_when", "tollwatch/extract/places")),
    ("extract (ours)", ("tollwatch/extract/",)),
    ("spaCy / thinc", ("spacy/", "thinc/", "srsly/", "numpy/", "cymem", "preshed", "blis")),
    ("store (SQL)", ("tollwatch/store/", "sqlalchemy/", "sqlite3", "psycopg", "alembic/")),
    ("syndication", ("tollwatch/ingest/syndication",)),
    ("read + clean", ("tollwatch/ingest/", "json/", "fsspec/", "tollwatch/distributed")),
    ("reconcile", ("tollwatch/reconcile/",)),
)


def area_of(filename: str) -> str:
    for area, needles in AREAS:
        if any(n in filename for n in needles):
            return area
    return "other"


def write_input(path: Path, docs: int) -> None:
    with WAD.open(encoding="utf-8") as src, path.open("w", encoding="utf-8") as out:
        for n, line in enumerate(src):
            if n == docs:
                break
            row = json.loads(line)
            out.write(json.dumps({"id": row["id"], "text": row["text"],
                                  "published": row["date"] or "2017-01-01"}) + "\n")


def own_time_by_area(stats: pstats.Stats) -> dict[str, float]:
    """Own time per area; a built-in's time goes to the areas of its callers."""
    totals: dict[str, float] = {}
    table = stats.stats  # type: ignore[attr-defined]
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, callers) in table.items():
        if filename != "~" or not callers:
            shares = [(filename, tottime)]
        else:
            shares = [(caller[0], numbers[2]) for caller, numbers in callers.items()]
        for where, secs in shares:
            area = area_of(where)
            totals[area] = totals.get(area, 0.0) + secs
    return totals


@contextlib.contextmanager
def fresh_ledger(kind: str, tmp: str) -> Iterator[str]:
    """A new empty ledger URL: a SQLite file, or a PostgreSQL database dropped afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp}/ledger-{uuid.uuid4().hex[:8]}.db"
        return
    from bulk_speed import fresh_database  # the sibling script

    with fresh_database() as url:
        yield url


def timed_run(data: Path, url: str, overlap: bool) -> tuple[float, float, Any]:
    """Wall and process CPU seconds of one unprofiled ingest."""
    from tollwatch.distributed import ingest_bulk

    cpu, wall = time.process_time(), time.perf_counter()
    summary = ingest_bulk([str(data)], url, overlap=overlap)
    return time.perf_counter() - wall, time.process_time() - cpu, summary


def print_ab(data: Path, kind: str, tmp: str, rounds: int) -> None:
    """Before (no writer thread) and after (writer thread), alternating, unprofiled."""
    runs: dict[bool, list[tuple[float, float]]] = {False: [], True: []}
    docs = 0
    for _ in range(rounds):
        for overlap in (False, True):
            with fresh_ledger(kind, tmp) as url:
                wall, cpu, summary = timed_run(data, url, overlap)
            runs[overlap].append((wall, cpu))
            docs = summary.documents
    print(f"\nbefore/after on {kind}, {docs} documents, {rounds} alternating rounds "
          f"(load average {os.getloadavg()[0]:.2f}):")
    for overlap, label in ((False, "before: store after parse"), (True, "after: writer thread")):
        walls = [w for w, _ in runs[overlap]]
        cpus = [c for _, c in runs[overlap]]
        print(f"  {label:27} wall {', '.join(f'{w:.2f}' for w in walls)} s -> median "
              f"{docs / statistics.median(walls):.1f} docs/s; process CPU median "
              f"{statistics.median(cpus):.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--save", help="Also write the raw profile to this file.")
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--ab", type=int, default=0, metavar="N",
                        help="Then N alternating unprofiled rounds without/with the writer thread.")
    args = parser.parse_args()

    from tollwatch.distributed import ingest_bulk, worker_extractor

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "wad.jsonl"
        write_input(data, args.docs)
        started = time.perf_counter()
        worker_extractor()  # load the pipeline and gazetteer outside the profile: one-off
        load = time.perf_counter() - started
        with fresh_ledger(args.db, tmp) as url:
            wall_plain, cpu_plain, plain = timed_run(data, url, overlap=True)
        profiler = cProfile.Profile()
        with fresh_ledger(args.db, tmp) as url:
            started = time.perf_counter()
            profiler.enable()
            # cProfile sees only this thread: profile without the writer thread
            summary = ingest_bulk([str(data)], url, overlap=False)
            profiler.disable()
            wall = time.perf_counter() - started
        report(profiler, summary, wall, load, args)
        print(f"unprofiled: {plain.documents} documents in {wall_plain:.2f} s "
              f"({plain.documents / wall_plain:.1f} docs/s), process CPU {cpu_plain:.2f} s")
        print("  stage wall s:", {k: round(v, 2) for k, v in plain.stage_seconds.items()})
        print("  stage CPU s: ", {k: round(v, 2) for k, v in plain.stage_cpu.items()})
        if args.ab:
            print_ab(data, args.db, tmp, args.ab)


def report(profiler: cProfile.Profile, summary: Any, wall: float, load: float,
           args: argparse.Namespace) -> None:
    """The profile: own time by area, then the top functions by own and cumulative time."""
    if args.save:
        profiler.dump_stats(args.save)
    stats = pstats.Stats(profiler, stream=sys.stdout)
    print(f"{summary.documents} documents in {wall:.2f} s under the profiler "
          f"({summary.documents / wall:.1f} docs/s; pipeline load {load:.2f} s, not profiled)")
    areas = own_time_by_area(stats)
    total = sum(areas.values())
    print("\nown time by area:")
    for area, secs in sorted(areas.items(), key=lambda kv: -kv[1]):
        print(f"  {area:16} {secs:7.2f} s  {100 * secs / total:5.1f} %")
    print()
    stats.sort_stats("tottime").print_stats(args.top)
    stats.sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
