"""Running a bulk ingest: on a Dask cluster (a scheduler's or a local one) or in this
process, then reconciling once, incrementally, from the caller's process."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from tollwatch.distributed.planning import (
    BLOCKSIZE,
    FILES_PER_PARTITION,
    Partition,
    plan_partitions,
)
from tollwatch.distributed.worker import (
    STAGES,
    PartitionResult,
    PreloadExtractor,
    StageTimer,
    ingest_partition,
)
from tollwatch.errors import ConfigError, StoreError, StoreUnavailable
from tollwatch.model import HeadlineMode
from tollwatch.runner import Summary
from tollwatch.store import Ledger

log = logging.getLogger(__name__)

PARTITIONS_PER_WORKER = 8  # for a small input: enough that the last one ends soon after the rest


@dataclass
class BulkSummary(Summary):
    """A runner Summary plus where the time went and which workers did the work.

    ``duplicates`` counts documents already in the ledger before this run and also, after
    a worker died, those its lost attempt stored before the partition was retried.
    """

    stage_seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))
    stage_cpu: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))
    partitions: int = 0
    workers: Counter[str] = field(default_factory=Counter)
    early_reconcile_seconds: float = 0.0  # of stage_seconds["reconcile"], while workers ran

    def add(self, result: PartitionResult) -> None:
        """Fold one partition's result in."""
        self.stored += result.counts["stored"]
        self.duplicates += result.counts["duplicate"]
        self.copies += result.counts["copy"]
        self.claims += result.counts["claims"]
        self.failed.extend(result.failed)
        for stage, secs in result.seconds.items():
            self.stage_seconds[stage] = self.stage_seconds.get(stage, 0.0) + secs
        for stage, secs in result.cpu_seconds.items():
            self.stage_cpu[stage] = self.stage_cpu.get(stage, 0.0) + secs
        self.partitions += 1
        self.workers[result.worker] += 1

    def to_dict(self) -> dict[str, Any]:
        data = super().to_dict()
        data["stage_seconds"] = {k: round(v, 3) for k, v in self.stage_seconds.items()}
        data["stage_cpu_seconds"] = {k: round(v, 3) for k, v in self.stage_cpu.items()}
        data["early_reconcile_seconds"] = round(self.early_reconcile_seconds, 3)
        data["partitions"] = self.partitions
        data["workers"] = len(self.workers)
        return data


def ingest_bulk(
    paths: Iterable[str],
    db_url: str | None = None,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    headline: HeadlineMode = "all",
    blocksize: int = BLOCKSIZE,
    files_per_partition: int = FILES_PER_PARTITION,
    reconcile: bool = True,
    progress: bool = False,
    overlap: bool = True,
    follow_links: bool = False,
) -> BulkSummary:
    """Ingest every input once, on a Dask cluster (scheduler address or N local workers) or here.

    Without scheduler or workers the same partition function runs in this process.
    reconcile=False leaves reconciliation to a later run (e.g. after several bulk loads);
    overlap=False stores each batch before parsing the next (see ingest_partition).
    """
    started = time.perf_counter()
    # migrate once, here, so workers never race to create the schema
    ledger = Ledger.open(db_url)
    summary = BulkSummary()
    planned = {"partitions": 0, "slots": 1}

    def plan(slots: int) -> list[Partition]:
        parts, unreadable = plan_partitions(paths, blocksize, files_per_partition,
                                            min_partitions=PARTITIONS_PER_WORKER * slots
                                            if slots > 1 else 1, follow_links=follow_links)
        for error in unreadable:
            log.warning("%s", error)
            ledger.record_failure(error.where or "?", error.reason)
            summary.failed.append((error.where or "?", error.reason))
        planned.update(partitions=len(parts), slots=slots)
        return parts

    try:
        # several writers may store the two halves of a copy pair at once: re-check this
        # run's documents when reconciling (store/copies.py); one writer never needs it
        copies_after = ledger.last_document_id() if scheduler or workers else None
        if scheduler or workers:
            results = _run_on_dask(plan, ledger.url, headline, scheduler, workers, overlap)
        else:
            results = (ingest_partition(p, ledger.url, headline, overlap) for p in plan(1))
        early = reconcile
        with _progress_bar(progress) as bar:
            for result in results:
                summary.add(result)
                bar(sum(result.counts[k] for k in ("stored", "duplicate", "copy"))
                    + len(result.failed))
                if early and _workers_idle(planned, summary.partitions):
                    early = False  # once: the last partitions are running, a worker is free
                    _reconcile(ledger, summary, copies_after, final=False)
        if reconcile:
            _reconcile(ledger, summary, copies_after, final=True)
    finally:
        ledger.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _workers_idle(planned: dict[str, int], done: int) -> bool:
    """True once no partition waits for a worker: every one left is running, a slot is free."""
    left = planned["partitions"] - done
    return 0 < left < planned["slots"]


def _reconcile(ledger: Ledger, summary: BulkSummary, copies_after: int | None,
               final: bool) -> None:
    """Reconcile the documents stored so far, timed under "reconcile".

    A bulk run on several workers reconciles once early, while its last partitions run on
    the other workers (the caller's process is otherwise idle then), and once at the end:
    the final pass only re-reads the neighbourhoods of documents stored since. The result
    is the same as one pass at the end (incremental reconciliation recomputes every
    incident a new document can touch). A failed pass leaves its documents pending for the
    next one; only the final pass's error is the run's.
    """
    late: list[int] = []  # copy pairs two workers stored as originals (counted if committed)
    started = time.perf_counter()
    try:
        with StageTimer(summary.stage_seconds, summary.stage_cpu)("reconcile"):
            changed = ledger.reconcile(only_touched=True, copies_after=copies_after,
                                       on_late_copies=late.append)
    except StoreError as exc:  # stored documents stay pending for the next run
        if final:
            summary.reconcile_error = str(exc)
            summary.reconcile_lost = isinstance(exc, StoreUnavailable)
        else:
            log.warning("early reconciliation failed; the final pass retries: %s", exc)
        return
    finally:
        if not final:
            summary.early_reconcile_seconds = time.perf_counter() - started
    summary.stored -= sum(late)
    summary.copies += sum(late)
    summary.changed_incidents = sorted(set(summary.changed_incidents) | set(changed))


@contextlib.contextmanager
def _progress_bar(enabled: bool) -> Iterator[Callable[[int], object]]:
    if not enabled:
        yield lambda _n: None
        return
    from tqdm import tqdm

    with tqdm(unit=" docs", file=sys.stderr, dynamic_ncols=True) as bar:
        yield bar.update


def _run_on_dask(
    plan: Callable[[int], list[Partition]],
    url: str,
    headline: HeadlineMode,
    scheduler: str | None,
    workers: int | None,
    overlap: bool = True,
) -> Iterator[PartitionResult]:
    """Plan partitions for the cluster's worker threads, map them; yield results as they finish."""
    try:
        from distributed import Client, as_completed
    except ImportError as exc:
        raise ConfigError("Dask is not installed: pip install 'tollwatch[dask]'") from exc
    if url.startswith("sqlite") and (scheduler or (workers or 0) > 1):
        log.warning("several workers writing to SQLite serialise on its lock; use PostgreSQL")
    with contextlib.ExitStack() as stack:
        if scheduler:
            client = stack.enter_context(_connect(Client, scheduler))
        else:
            cluster = stack.enter_context(local_cluster(workers or 1))
            client = stack.enter_context(Client(cluster))  # type: ignore[no-untyped-call]
        client.register_plugin(PreloadExtractor(headline), name="tollwatch-extractor")
        parts = plan(max(1, sum(client.nthreads().values())))
        # retries: a task that raises (e.g. the database restarted) runs again; a worker
        # that dies is handled by the scheduler, which reruns its partitions elsewhere
        futures = client.map(ingest_partition, parts, db_url=url, headline=headline,
                             overlap=overlap, retries=2,
                             key=[f"tollwatch-ingest-{i}" for i in range(len(parts))])
        for _future, result in as_completed(  # type: ignore[no-untyped-call]
                futures, with_results=True):
            yield result


QUIET_WORKERS = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "200ms",  # event-loop health check (20 ms)
    "distributed.worker.memory.monitor-interval": "1s",  # memory limits enforced (100 ms)
    "distributed.admin.system-monitor.interval": "2s",  # dashboard CPU/memory samples (500 ms)
}


@contextlib.contextmanager
def local_cluster(workers: int) -> Iterator[Any]:
    """A LocalCluster of worker processes, one thread each (spaCy holds the GIL).

    Dask's statistical profiler is off in these workers: it samples the task thread's stack
    every 10 ms, which costs each worker about 1.4 CPU-s per 1,000 short documents and
    interrupts the extraction for the GIL (measured in bench/bulk_speed.py runs). Its
    housekeeping runs less often than Dask's defaults suit a dashboard (QUIET_WORKERS):
    an idle 2-worker cluster used 0.08-0.10 CPU-s a second with the defaults, 0.06 with
    these, and 2,000 documents ran 2.1% faster on average (8 of 9 interleaved pairs).

    Dask's Nanny writes its pre-spawn environment (MALLOC_TRIM_THRESHOLD_=65536 and one BLAS
    thread) into this process's os.environ to pass it to the workers, and leaves it there:
    every process started from here afterwards would inherit the page-faulting allocator
    setting that keep_freed_memory undoes in the workers. The caller's values are put back
    once the workers are up and again when the cluster closes.
    """
    import dask.config

    from distributed import LocalCluster

    names = list(dask.config.get("distributed.nanny.pre-spawn-environ", {}))
    saved = {name: os.environ.get(name) for name in names}
    try:
        with dask.config.set(QUIET_WORKERS):
            cluster = LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        _restore_environ(saved)
        with cluster:
            yield cluster
    finally:
        _restore_environ(saved)


def _restore_environ(saved: dict[str, str | None]) -> None:
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def _connect(client_cls: Any, scheduler: str) -> Any:
    try:
        return client_cls(scheduler, timeout="30s")
    except OSError as exc:
        raise ConfigError(f"cannot reach the Dask scheduler at {scheduler!r}: {exc}") from exc
