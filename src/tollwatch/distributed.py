"""Bulk ingest over partitions of inputs, on a Dask cluster or in this process.

Inputs are fsspec paths (local files, folders, globs, ``s3://`` ... where the filesystem
package is installed), cut into partitions: groups of files, or byte ranges of a large
JSONL file. Each partition is read, extracted and written by one task; the spaCy pipeline
and the ledger are opened once per worker process. Writes are exactly-once because a
document is keyed by its content hash: a retried partition (after a worker died) skips
documents already stored before extracting them, and the store's unique constraint turns
a racing second write into a "duplicate". Reconciliation runs once, incrementally, at the
end, from the caller's process. Without Dask the very same partition function runs here.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

import fsspec
import fsspec.utils

from tollwatch.errors import ConfigError, InputError, StoreError, TollwatchError
from tollwatch.extract.pipeline import Extractor
from tollwatch.ingest.jsonl import documents_from_lines
from tollwatch.ingest.sources import iter_inputs
from tollwatch.model import Document, Extraction, HeadlineMode
from tollwatch.runner import Summary
from tollwatch.store import Ledger

log = logging.getLogger(__name__)

JSONL_SUFFIXES = {".jsonl", ".ndjson"}
STAGES = ("read", "clean", "extract", "store", "reconcile")
BLOCKSIZE = 64 * 1024  # bytes of JSONL per partition: ~10 long or ~200 short articles
FILES_PER_PARTITION = 25
MIN_BLOCKSIZE = 8 * 1024
PARTITIONS_PER_WORKER = 8  # for a small input: enough that the last one ends soon after the rest
EXTRACT_BATCH = 32  # documents per nlp.pipe call; the writer stores one batch while the next parses
_GLOB_CHARS = set("*?[")


@dataclass(frozen=True)
class Partition:
    """What one task reads: whole files, or one byte range of a JSONL file."""

    urls: tuple[str, ...]
    offset: int = 0
    length: int | None = None  # None: the whole of each file
    first_line: int = 1  # line number of the range's first line, for error messages

    @property
    def label(self) -> str:
        """A short name for logs and error messages."""
        if self.length is not None:
            return f"{self.urls[0]}[{self.offset}:{self.offset + self.length}]"
        more = f" (+{len(self.urls) - 1} files)" if len(self.urls) > 1 else ""
        return f"{self.urls[0]}{more}"


@dataclass
class PartitionResult:
    """What one partition did: per-status counts, failures, seconds per stage, who ran it."""

    label: str
    counts: Counter[str] = field(default_factory=Counter)
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))
    cpu_seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))
    worker: str = "local"


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


# --- planning: paths -> partitions (runs where the run is started) -------------------------


def expand_path(path: str) -> list[str]:
    """The files a path names: itself, a folder's (recursive) or a glob's, sorted."""
    try:
        fs, root = fsspec.core.url_to_fs(path)
        if _GLOB_CHARS & set(root):
            names = [n for n in fs.glob(root) if not fs.isdir(n) and not _hidden(n, "")]
        elif fs.isdir(root):
            names = [n for n in fs.find(root) if not _hidden(n, root)]
        elif fs.exists(root):
            names = [root]  # named explicitly: read even if hidden
        else:
            raise InputError("no such file, folder or glob match", where=path)
    except (OSError, ValueError, ImportError) as exc:  # unknown protocol, missing s3fs, ...
        raise InputError(f"cannot be listed ({exc})", where=path) from exc
    if not names:
        raise InputError("no files found", where=path)
    return [_url(fs, n) for n in sorted(names)]


def _url(fs: fsspec.AbstractFileSystem, name: str) -> str:
    """Local files keep plain paths (readable origins); others keep their protocol."""
    return name if _is_local(fs) else str(fs.unstrip_protocol(name))


def _is_local(fs: fsspec.AbstractFileSystem) -> bool:
    protocol = fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]
    return protocol in ("file", "local")


def _hidden(name: str, root: str) -> bool:
    """A dot-file or a file in a dot-folder below root (editors and downloads leave them)."""
    below = name[len(root):] if root and name.startswith(root) else PurePosixPath(name).name
    return any(part.startswith(".") for part in PurePosixPath(below).parts if part != "/")


def is_jsonl(url: str) -> bool:
    return PurePosixPath(url.split("?")[0]).suffix.lower() in JSONL_SUFFIXES


def plan_partitions(
    paths: Iterable[str], blocksize: int = BLOCKSIZE,
    files_per_partition: int = FILES_PER_PARTITION, min_partitions: int = 1,
) -> tuple[list[Partition], list[InputError]]:
    """Cut the inputs into partitions (byte ranges of JSONL files, groups of other files).

    min_partitions shrinks the partitions of a small input (down to MIN_BLOCKSIZE bytes or
    one file) so that every worker gets several: the run then ends when the last small
    partition does, not one large one. A path that names nothing readable is returned as an
    InputError; the others go on.
    """
    errors: list[InputError] = []
    jsonl: list[str] = []
    loose: list[str] = []
    for path in paths:
        try:
            for url in expand_path(path):
                (jsonl if is_jsonl(url) else loose).append(url)
        except InputError as exc:
            errors.append(exc)
    if min_partitions > 1:
        total = sum(_size(url) for url in jsonl)
        blocksize = max(MIN_BLOCKSIZE, min(blocksize, total // min_partitions))
        files_per_partition = max(1, min(files_per_partition, len(loose) // min_partitions))
    partitions: list[Partition] = []
    for url in jsonl:
        try:
            partitions.extend(_jsonl_partitions(url, blocksize))
        except InputError as exc:
            errors.append(exc)
    for i in range(0, len(loose), files_per_partition):
        partitions.append(Partition(tuple(loose[i:i + files_per_partition])))
    return partitions, errors


def _size(url: str) -> int:
    try:
        fs, path = fsspec.core.url_to_fs(url)
        return int(fs.size(path) or 0)
    except (OSError, ValueError):
        return 0  # unreadable: _jsonl_partitions reports it


def _jsonl_partitions(url: str, blocksize: int) -> list[Partition]:
    """Byte ranges of a JSONL file, each knowing the number of its first line.

    One streaming pass counts newlines so that errors name "file:line" as in a
    single-process run; it costs a read of the file, small beside extracting it.
    """
    newlines = 0
    offset = 0
    ranges: list[Partition] = []
    try:
        with fsspec.open(url, "rb") as fh:
            while chunk := fh.read(blocksize):
                # read_block starts a range after the first newline at or after its offset
                first_line = 1 if offset == 0 else newlines + 2
                ranges.append(Partition((url,), offset, blocksize, first_line))
                newlines += chunk.count(b"\n")
                offset += len(chunk)
    except OSError as exc:
        raise InputError(f"cannot be read ({exc})", where=url) from exc
    return ranges


# --- reading: partition -> documents (runs on the workers) ----------------------------------


def read_partition(
    part: Partition, timer: Callable[[str], Any] | None = None
) -> list[Document | InputError]:
    """The documents of a partition, with an InputError in place of each bad input.

    Stages: "read" fetches bytes, "clean" turns them into Documents (for whole local
    files both happen in ingest.sources and count as "clean").
    """
    timer = timer or _no_timer
    if part.length is not None:
        with timer("read"):
            block = _read_block(part.urls[0], part.offset, part.length)
        with timer("clean"):
            return list(parse_jsonl_block(block, part.urls[0], part.first_line))
    items: list[Document | InputError] = []
    for url in part.urls:
        with timer("clean"):
            items.extend(_read_file(url, timer))
    return items


def _no_timer(_stage: str) -> contextlib.AbstractContextManager[None]:
    return contextlib.nullcontext()


def _read_block(url: str, offset: int, length: int) -> bytes:
    """Whole lines of a JSONL file starting in [offset, offset + length)."""
    try:
        with fsspec.open(url, "rb") as fh:
            return bytes(fsspec.utils.read_block(fh, offset, length, delimiter=b"\n"))
    except OSError as exc:
        raise InputError(f"cannot be read ({exc})", where=url) from exc


def _read_file(url: str, timer: Callable[[str], Any]) -> list[Document | InputError]:
    """A whole file through ingest.sources; a remote one via a local temporary copy."""
    fs, path = fsspec.core.url_to_fs(url)
    if _is_local(fs):
        return list(iter_inputs([path]))
    suffix = PurePosixPath(path).suffix
    with tempfile.TemporaryDirectory(prefix="tollwatch-") as tmp:
        local = f"{tmp}/input{suffix}"
        try:
            with timer("read"):
                fs.get_file(path, local)
        except OSError as exc:
            return [InputError(f"cannot be read ({exc})", where=url)]
        return [_renamed(item, local, url) for item in iter_inputs([local])]


def _renamed(item: Document | InputError, local: str, url: str) -> Document | InputError:
    """Name the remote URL, not the temporary copy, in origins and errors."""
    if isinstance(item, InputError):
        where = (item.where or local).replace(local, url)
        return type(item)(item.reason, where=where)
    item.origin = (item.origin or local).replace(local, url)
    return item


def parse_jsonl_block(
    block: bytes, url: str, first_line: int = 1
) -> Iterator[Document | InputError]:
    """Documents from the lines of a JSONL block; a bad line becomes an error naming file:line."""
    return documents_from_lines(block.split(b"\n"), url, first_line)


# --- the partition task (runs on the workers, or here without Dask) -------------------------

_EXTRACT_LOCK = threading.Lock()  # one spaCy pipeline per process; workers may run threads


WARM_UP_TEXT = "Two people were killed in Aleppo, Syria, on Monday, officials said."


@functools.lru_cache(maxsize=4)
def worker_extractor(headline: HeadlineMode = "all") -> Extractor:
    """The process's Extractor: the spaCy pipeline and gazetteer load once per worker."""
    extractor = Extractor(headline=headline)
    # one tiny extraction loads what the components load lazily (the gazetteer above all)
    extractor.extract(Document(text=WARM_UP_TEXT, id="warm-up"))
    return extractor


@functools.lru_cache(maxsize=4)
def worker_ledger(url: str) -> Ledger:
    """The process's Ledger for url (one connection pool per worker)."""
    return Ledger.open(url)


class StageTimer:
    """Adds wall and CPU seconds per stage into dicts: ``with timer("extract"): ...``.

    CPU is the calling thread's (time.thread_time), so a writer thread's stage is counted
    apart from the parsing thread's; a database server's own CPU is not in it.
    """

    def __init__(self, seconds: dict[str, float], cpu: dict[str, float] | None = None) -> None:
        self.seconds = seconds
        self.cpu = {} if cpu is None else cpu

    @contextlib.contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        started, cpu_started = time.perf_counter(), time.thread_time()
        try:
            yield
        finally:
            elapsed = time.perf_counter() - started
            self.seconds[stage] = self.seconds.get(stage, 0.0) + elapsed
            spent = time.thread_time() - cpu_started
            self.cpu[stage] = self.cpu.get(stage, 0.0) + spent


def ingest_partition(
    part: Partition, db_url: str, headline: HeadlineMode = "all", overlap: bool = True
) -> PartitionResult:
    """Read, extract and store one partition; documents already in the ledger are skipped.

    Each batch of EXTRACT_BATCH documents is stored in one transaction (Ledger.add_many), so
    a lost worker leaves whole batches and a retry stores the rest. With overlap, a writer
    thread stores batch n while batch n+1 is parsed: the database's round trips wait outside
    the GIL, so they hide behind spaCy's work.
    """
    result = PartitionResult(label=part.label, worker=_worker_name())
    timer = StageTimer(result.seconds, result.cpu_seconds)
    ledger = worker_ledger(db_url)
    items = read_partition(part, timer)
    with timer("store"):
        stored = ledger.stored_hashes(i.content_hash for i in items if isinstance(i, Document))
    todo: list[Document] = []
    for item in items:
        if isinstance(item, InputError):
            _record_failure(ledger, result, item.where or part.label, item.reason)
        elif item.content_hash in stored:
            # stored before, or by an earlier attempt of this partition on a worker that died
            result.counts["duplicate"] += 1
        else:
            todo.append(item)
    extractor = worker_extractor(headline)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="tollwatch-store") as writer:
        writes = []
        for start in range(0, len(todo), EXTRACT_BATCH):
            with timer("extract"):
                done = extract_all(todo[start:start + EXTRACT_BATCH], extractor, result)
            if overlap:
                writes.append(writer.submit(_store_all, ledger, done, result, timer))
            else:
                _store_all(ledger, done, result, timer)
        for write in writes:
            write.result()  # a database error fails the task, which Dask retries
    return result


def _store_all(ledger: Ledger, done: list[tuple[Document, Extraction | TollwatchError]],
               result: PartitionResult, timer: StageTimer) -> None:
    """Store a batch's extractions in one transaction; record its failures."""
    with timer("store"):
        extractions: list[Extraction] = []
        for doc, extraction in done:
            if isinstance(extraction, TollwatchError):
                _record_failure(ledger, result, doc.origin or str(doc.id), extraction.reason)
            else:
                extractions.append(extraction)
        for extraction, added in zip(extractions, ledger.add_many(extractions), strict=True):
            if isinstance(added, StoreError):
                origin = extraction.document.origin or str(extraction.document.id)
                _record_failure(ledger, result, origin, f"could not be stored: {added.reason}")
                continue
            result.counts[added.status] += 1
            if added.status != "duplicate":
                result.counts["claims"] += added.claims


def extract_all(
    docs: list[Document], extractor: Extractor, result: PartitionResult
) -> list[tuple[Document, Extraction | TollwatchError]]:
    """Extract in one batch; if the batch fails, one by one so one bad document fails alone."""
    with _EXTRACT_LOCK:
        try:
            return list(zip(docs, extractor.pipe(docs, batch_size=len(docs) or 1), strict=True))
        except Exception:  # noqa: BLE001  a failing batch is retried document by document
            log.warning("%s: batch extraction failed; retrying one document at a time",
                        result.label)
        done: list[tuple[Document, Extraction | TollwatchError]] = []
        for doc in docs:
            try:
                done.append((doc, extractor.extract(doc)))
            except Exception as exc:  # noqa: BLE001  one bad document must not fail the rest
                log.exception("extraction failed on %s", doc.origin)
                done.append((doc, TollwatchError(
                    f"extraction failed ({type(exc).__name__}: {exc})", where=doc.origin)))
        return done


def _record_failure(ledger: Ledger, result: PartitionResult, origin: str, reason: str) -> None:
    log.warning("%s: %s", origin, reason)
    result.failed.append((origin, reason))
    ledger.record_failure(origin, reason)


def _worker_name() -> str:
    try:
        from distributed import get_worker

        return str(get_worker().address)
    except (ImportError, ValueError):
        return "local"


# --- the run ------------------------------------------------------------------------------


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
                                            if slots > 1 else 1)
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


def _plugin_base() -> type:
    """distributed's WorkerPlugin, or object when the Dask extra is not installed."""
    try:
        from distributed.diagnostics.plugin import WorkerPlugin
    except ImportError:
        return object
    return WorkerPlugin


class PreloadExtractor(_plugin_base()):  # type: ignore[misc]
    """Readies a worker when it starts (or restarts), before its first task.

    Sets the allocator's thresholds (see keep_freed_memory) and loads the spaCy pipeline.
    """

    def __init__(self, headline: HeadlineMode = "all") -> None:
        self.headline = headline

    def setup(self, worker: Any) -> None:
        keep_freed_memory()
        worker_extractor(self.headline)


# glibc's mallopt parameters and the ceiling of its own dynamic mmap threshold (64-bit)
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
_MMAP_THRESHOLD = 32 * 1024 * 1024


def keep_freed_memory() -> bool:
    """Let this process reuse freed memory instead of handing it back to the OS at once.

    Dask's Nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536, which also pins glibc's
    mmap threshold at 128 KiB: every larger array spaCy allocates is then a fresh mmap whose
    pages fault in on first touch, and is unmapped when freed. Extracting the 1,980 WAD
    texts in a LocalCluster worker took 1.5 million page faults and 18.1 s; after this call
    1,500 faults and 16.1-16.5 s (a plain process with only that variable set: 13-18%
    slower than without it). The values set
    here are those glibc's own dynamic thresholds reach: arrays up to 32 MiB come from the
    heap, and up to 64 MiB of free heap stays in the process. Returns False where the C
    library has no mallopt (not glibc); nothing is changed there.
    """
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"))
        mallopt = libc.mallopt
    except (OSError, AttributeError, TypeError):
        return False
    return bool(mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD)
                and mallopt(_M_TRIM_THRESHOLD, 2 * _MMAP_THRESHOLD))
