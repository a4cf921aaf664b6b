"""The partition task: read, extract and store one partition (runs on the Dask workers, or
in the caller's process without Dask), and the plugin that readies a worker."""

from __future__ import annotations

import contextlib
import functools
import logging
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

import fsspec
import fsspec.utils

from tollwatch.distributed.planning import Partition, is_local
from tollwatch.errors import InputError, StoreError, TollwatchError
from tollwatch.extract.pipeline import Extractor
from tollwatch.ingest.jsonl import documents_from_lines
from tollwatch.ingest.sources import iter_inputs
from tollwatch.model import Document, Extraction, HeadlineMode
from tollwatch.store import Ledger

log = logging.getLogger(__name__)

STAGES = ("read", "clean", "extract", "store", "reconcile")
EXTRACT_BATCH = 32  # documents per nlp.pipe call; the writer stores one batch while the next parses


@dataclass
class PartitionResult:
    """What one partition did: per-status counts, failures, seconds per stage, who ran it."""

    label: str
    counts: Counter[str] = field(default_factory=Counter)
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))
    cpu_seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))
    worker: str = "local"


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
    if is_local(fs):
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
    """Extract in one batch; a document that fails is an error in its place (Extractor.pipe)."""
    with _EXTRACT_LOCK:
        return list(zip(docs, extractor.pipe(docs, batch_size=len(docs) or 1, on_error="yield"),
                        strict=True))


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
