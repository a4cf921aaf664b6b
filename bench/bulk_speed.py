"""Bulk ingest speed: one process against a local Dask cluster, on the same documents.

Builds N unique documents from the WAD texts (perturbed copies top the 1,980 rows up),
ingests them into a fresh PostgreSQL ledger with tollwatch.distributed.ingest_bulk in
a new process, then into another with a new LocalCluster of W worker processes, and prints
docs/s for each, the speed-up, peak memory per worker, the share of time per stage
(read, clean, extract, geocode, store, reconcile) and the cores 1 million articles a day
would need at these rates. The spaCy pipeline is loaded before timing in both modes (a
long-running cluster pays it once); cluster start-up is reported on its own line.

    .venv/bin/python bench/bulk_speed.py                   # 2,000 documents, 2 workers
    .venv/bin/python bench/bulk_speed.py --docs 500 --workers 2 --rounds 1
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import math
import os
import resource
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from shared import benchmark, shared_dir

ROOT = Path(__file__).resolve().parent.parent
SHARED = shared_dir()
WAD = benchmark("wad_dev.jsonl")
PG_ADMIN = os.environ.get("TOLLWATCH_PG_ADMIN", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
STAGES = ("read", "clean", "extract", "geocode", "store", "reconcile")
PER_DAY = 1_000_000

# --- instrumentation: seconds spent geocoding, in whichever process runs the extractor ------
# The total lives on the wrapper in tollwatch.extract.pipeline: these functions are shipped
# to workers by value, so a global of this script would be a different copy on each call.


def install_geocode_timer() -> None:
    """Wrap the extractor's place-and-date step with a timer (behaviour unchanged)."""
    from tollwatch.extract import pipeline

    inner = pipeline.attach_places_and_dates
    if hasattr(inner, "spent"):
        return

    def timed(doc: Any, extraction: Any) -> None:
        started, cpu = time.perf_counter(), time.thread_time()
        try:
            inner(doc, extraction)
        finally:
            timed.spent[0] += time.perf_counter() - started  # type: ignore[attr-defined]
            timed.spent[1] += time.thread_time() - cpu  # type: ignore[attr-defined]

    timed.spent = [0.0, 0.0]  # type: ignore[attr-defined]
    pipeline.attach_places_and_dates = timed  # type: ignore[assignment]


def read_geocode_timer() -> tuple[float, float]:
    """Wall and CPU seconds spent geocoding since the last reading."""
    from tollwatch.extract import pipeline

    spent: list[float] = pipeline.attach_places_and_dates.spent  # type: ignore[attr-defined]
    totals = (spent[0], spent[1])
    spent[0] = spent[1] = 0.0
    return totals


def warm_up() -> None:
    """Load the spaCy pipeline and the gazetteer, then time geocoding from here on."""
    from tollwatch.distributed import worker_extractor

    worker_extractor()
    install_geocode_timer()


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited on spawn)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


# --- input and databases --------------------------------------------------------------------


def write_documents(path: Path, n: int) -> tuple[int, float]:
    """n documents with distinct texts as JSONL; returns (count, mean characters)."""
    rows = [json.loads(line) for line in WAD.read_text(encoding="utf-8").splitlines()]
    seen: set[str] = set()
    out: list[dict[str, Any]] = []
    variant = 0
    while len(out) < n:
        for row in rows:
            text = row["text"] if variant == 0 else f"{row['text']} (Report update {variant}.)"
            folded = " ".join(text.split())
            if folded in seen:
                continue
            seen.add(folded)
            out.append({"id": f"{row['id']}~{variant}", "text": text,
                        "published": _valid_date(row["date"])})
            if len(out) == n:
                break
        variant += 1
    path.write_text("".join(json.dumps(r) + "\n" for r in out), encoding="utf-8")
    return len(out), sum(len(r["text"]) for r in out) / len(out)


def _valid_date(value: str | None) -> str | None:
    """The row's date if it is one (a few WAD rows have none, one has '2016-26-11')."""
    try:
        return dt.date.fromisoformat(value).isoformat() if value else None
    except ValueError:
        return None


def postgres_cpu(url: str) -> float:
    """CPU seconds of the PostgreSQL backends serving url's database (still connected)."""
    import psutil

    name = url.rsplit("/", 1)[1]
    admin = sa.create_engine(PG_ADMIN)
    try:
        with admin.connect() as conn:
            pids = conn.execute(sa.text("SELECT pid FROM pg_stat_activity WHERE datname = :n"),
                                {"n": name}).scalars().all()
    finally:
        admin.dispose()
    total = 0.0
    for pid in pids:
        with contextlib.suppress(psutil.Error):
            times = psutil.Process(pid).cpu_times()
            total += times.user + times.system
    return total


@contextlib.contextmanager
def fresh_database() -> Iterator[str]:
    admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    name = f"tollwatch_bench_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                                 " WHERE datname = :n"), {"n": name})
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


# --- the two runs ---------------------------------------------------------------------------


def run_single(data: Path) -> dict[str, Any]:
    """The single-process run, in a fresh process of its own (see run_single_here)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(run_single_here, data).result()


def run_single_here(data: Path) -> dict[str, Any]:
    """Ingest data in this process, the pipeline loaded first.

    Run in a new process each round, as the cluster's workers are: a process that has
    ingested these documents before ingests them again faster (22.0 s, then 20.8 s and
    20.7 s, three runs in one process), so reusing this one made every round after the
    first compare a warm single process with a cold cluster.
    """
    from tollwatch.distributed import ingest_bulk

    warm_up()
    read_geocode_timer()
    load = os.getloadavg()[0]
    with fresh_database() as url:
        summary = ingest_bulk([str(data)], url)
        server = postgres_cpu(url)
    wall, cpu = read_geocode_timer()
    return {"summary": summary, "geocode": wall, "geocode_cpu": cpu, "rss": [peak_rss_mb()],
            "load": load, "server": server}


def run_cluster(data: Path, workers: int) -> dict[str, Any]:
    from distributed import Client
    from tollwatch.distributed import ingest_bulk, local_cluster

    started = time.perf_counter()
    with local_cluster(workers) as cluster, Client(cluster) as client:
        client.wait_for_workers(workers)
        client.run(warm_up)
        startup = time.perf_counter() - started
        client.run(read_geocode_timer)
        with fresh_database() as url:
            summary = ingest_bulk([str(data)], url, scheduler=cluster.scheduler_address)
            server = postgres_cpu(url)
        geocode = list(client.run(read_geocode_timer).values())
        rss = list(client.run(peak_rss_mb).values())
    return {"summary": summary, "geocode": sum(g[0] for g in geocode),
            "geocode_cpu": sum(g[1] for g in geocode), "rss": rss, "startup": startup,
            "server": server}


# --- report ---------------------------------------------------------------------------------


def stage_seconds(run: dict[str, Any], cpu: bool = False) -> dict[str, float]:
    """Seconds per stage (summed over workers); geocoding carved out of extraction."""
    summary = run["summary"]
    spent = dict(summary.stage_cpu if cpu else summary.stage_seconds)
    geocode = run["geocode_cpu" if cpu else "geocode"]
    spent["geocode"] = geocode
    spent["extract"] = spent.get("extract", 0.0) - geocode
    return {s: spent.get(s, 0.0) for s in STAGES}


def print_report(n: int, chars: float, single: dict[str, Any], cluster: dict[str, Any],
                 workers: int, article: tuple[int, float]) -> None:
    s, c = single["summary"], cluster["summary"]
    print(f"{n} documents, {chars:.0f} characters on average; PostgreSQL ledger; "
          f"{os.cpu_count()} CPUs; load average {single['load']:.2f} before, "
          f"{os.getloadavg()[0]:.2f} after\n")
    print(f"{'mode':<22}{'stored':>8}{'copies':>8}{'failed':>8}{'seconds':>10}{'docs/s':>9}")
    for label, sm in (("1 process", s), (f"{workers} Dask workers", c)):
        print(f"{label:<22}{sm.stored:>8}{sm.copies:>8}{len(sm.failed):>8}{sm.seconds:>10.2f}"
              f"{sm.docs_per_second:>9.1f}")
    speedup = s.seconds / c.seconds
    final_reconcile = c.stage_seconds["reconcile"] - c.early_reconcile_seconds
    ingest_only = (s.seconds - s.stage_seconds["reconcile"]) / (c.seconds - final_reconcile)
    print(f"\nspeed-up {speedup:.2f}x (target >= 1.7); without the final reconcile "
          f"{ingest_only:.2f}x; cluster start-up and pipeline load {cluster['startup']:.1f} s "
          "(not in the timings)")
    print(f"the cluster run reconciled {c.early_reconcile_seconds:.2f} s while its last "
          f"partitions ran, then {final_reconcile:.2f} s at the end; the single process "
          f"{s.stage_seconds['reconcile']:.2f} s at the end")
    print("peak memory (VmHWM): 1 process " + f"{single['rss'][0]:.0f} MB; workers "
          + ", ".join(f"{m:.0f} MB" for m in cluster["rss"]))
    print(f"\n{'':<11}{'1 process':^32}{f'{workers} workers, summed':^32}")
    print(f"{'stage':<11}" + f"{'wall s':>9}{'share':>7}{'CPU s':>9}{'share':>7}" * 2)
    tables = [(stage_seconds(r), stage_seconds(r, cpu=True)) for r in (single, cluster)]
    for stage in STAGES:
        row = f"{stage:<11}"
        for wall, cpu in tables:
            row += (f"{wall[stage]:>9.2f}{100 * wall[stage] / sum(wall.values()):>6.1f}%"
                    f"{cpu[stage]:>9.2f}{100 * cpu[stage] / sum(cpu.values()):>6.1f}%")
        print(row)
    print("(CPU: the threads of our processes; the PostgreSQL server's is apart: "
          f"{single['server']:.2f} s for 1 process, {cluster['server']:.2f} s for the workers)")
    print_cpu_view(single, cluster, tables, workers)
    print_estimate(n, tables[0][1], speedup / workers, article, single["server"])


def print_cpu_view(single: dict[str, Any], cluster: dict[str, Any],
                   tables: list[tuple[dict[str, float], dict[str, float]]], workers: int) -> None:
    """What the CPU seconds say when other jobs share the cores: how much CPU each mode got,
    and the speed-up they imply if every worker had a core of its own (Amdahl, with the
    final reconcile serial)."""
    cpu_single, cpu_cluster = sum(tables[0][1].values()), sum(tables[1][1].values())
    got_single = (cpu_single + single["server"]) / single["summary"].seconds
    got_cluster = (cpu_cluster + cluster["server"]) / cluster["summary"].seconds
    serial = tables[1][1]["reconcile"]
    implied = cpu_single / ((cpu_cluster - serial) / workers + serial)
    print(f"cores used on average (our processes + their PostgreSQL backends): 1 process "
          f"{got_single:.2f}, {workers} workers {got_cluster:.2f}; the rest went to other jobs")
    more = 100 * (cpu_cluster / cpu_single - 1)
    print(f"speed-up implied by CPU seconds with a core per worker: {implied:.2f}x "
          f"(the cluster's threads used {abs(more):.0f}% {'more' if more >= 0 else 'less'} "
          "CPU than the single process's)")


def print_estimate(n: int, cpu: dict[str, float], efficiency: float,
                   article: tuple[int, float], server: float) -> None:
    """Cores for 1 million articles a day, from CPU per document at two text lengths.

    PostgreSQL's CPU per document (server) is counted in: it needs cores too.
    """
    need = PER_DAY / 86_400
    per_doc = (sum(cpu.values()) + server) / n
    chars, article_extract = article
    per_article = article_extract + (sum(cpu[s] for s in ("read", "store", "reconcile"))
                                     + server) / n
    efficiency = min(max(efficiency, 0.1), 1.0)
    print(f"\n1,000,000 articles a day = {need:.1f} docs/s; measured 2-worker scaling "
          f"efficiency {efficiency:.2f} (speed-up / workers, capped at 1).")
    for label, secs in (("WAD-length texts (this run)", per_doc),
                        (f"{chars}-character articles (reference article extracted)",
                         per_article)):
        print(f"  {label}: {1000 * secs:.1f} ms CPU a document (PostgreSQL included) -> "
              f"{need * secs:.1f} busy cores "
              f"-> about {math.ceil(need * secs / efficiency)} cores at that efficiency")


def article_cpu_seconds(repeats: int = 5) -> tuple[int, float]:
    """Characters of the reference article and CPU seconds to extract it (geocoding included)."""
    from tollwatch.distributed import worker_extractor
    from tollwatch.ingest.sources import iter_inputs
    from tollwatch.model import Document

    (doc,) = iter_inputs([str(SHARED / "fixtures" / "coastal_syria_2025-03.txt")])
    assert isinstance(doc, Document)
    extractor = worker_extractor()
    started = time.process_time()
    for _ in range(repeats):
        extractor.extract(doc)
    return len(doc.text), (time.process_time() - started) / repeats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3,
                        help="alternate single and cluster runs this many times (the machine's "
                             "speed drifts by 30%% between runs; a ratio within a round is fairer)")
    args = parser.parse_args()
    rounds: list[tuple[dict[str, Any], dict[str, Any]]] = []
    with tempfile.TemporaryDirectory(prefix="tollwatch-bench-") as tmp:
        data = Path(tmp) / "documents.jsonl"
        n, chars = write_documents(data, args.docs)
        for _ in range(args.rounds):
            rounds.append((run_single(data), run_cluster(data, args.workers)))
        article = article_cpu_seconds()
    ratios = [s["summary"].seconds / c["summary"].seconds for s, c in rounds]
    print("rounds (single s / cluster s = speed-up): " + "; ".join(
        f"{s['summary'].seconds:.1f} / {c['summary'].seconds:.1f} = {r:.2f}x"
        for (s, c), r in zip(rounds, ratios, strict=True)))
    median = sorted(range(len(ratios)), key=ratios.__getitem__)[len(ratios) // 2]
    print(f"median speed-up {ratios[median]:.2f}x; the median round in detail:\n")
    single, cluster = rounds[median]
    print_report(n, chars, single, cluster, args.workers, article)


if __name__ == "__main__":
    main()
