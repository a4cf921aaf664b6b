"""Profile the single-process ingest path (read, clean, extract, geocode, store, reconcile).

Runs tollwatch.distributed.ingest_bulk without Dask (the path `tollwatch ingest` shares)
under cProfile on WAD texts into a fresh SQLite ledger, then prints where the time went:
by area (spaCy, our extract components, geocoding, the store, reconciliation) and the
functions with the most own time.

    .venv/bin/python bench/profile_extract.py --docs 300
    .venv/bin/python bench/profile_extract.py --docs 300 --save /tmp/ingest.prof  # for snakeviz
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WAD = ROOT.parent / "shared" / "benchmarks" / "wad_dev.jsonl"

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
    totals: dict[str, float] = {}
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        area = area_of(filename)
        totals[area] = totals.get(area, 0.0) + tottime
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--save", help="Also write the raw profile to this file.")
    args = parser.parse_args()

    from tollwatch.distributed import ingest_bulk, worker_extractor

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "wad.jsonl"
        write_input(data, args.docs)
        url = f"sqlite:///{tmp}/ledger.db"
        started = time.perf_counter()
        worker_extractor()  # load the pipeline outside the profile: a one-off cost
        load = time.perf_counter() - started
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        summary = ingest_bulk([str(data)], url)
        profiler.disable()
        wall = time.perf_counter() - started
    if args.save:
        profiler.dump_stats(args.save)
    stats = pstats.Stats(profiler, stream=sys.stdout)
    print(f"{summary.documents} documents in {wall:.2f} s under the profiler "
          f"({summary.documents / wall:.1f} docs/s; pipeline load {load:.2f} s, not profiled)")
    print("stage wall seconds:", {k: round(v, 2) for k, v in summary.stage_seconds.items()})
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
