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

import functools
import json
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

import fsspec
import fsspec.utils

from tollwatch.errors import ConfigError, InputError, ParseError, TollwatchError
from tollwatch.extract.pipeline import Extractor
from tollwatch.ingest.reader import document_from_bytes
from tollwatch.model import Document, Extraction, HeadlineMode

log = logging.getLogger(__name__)

JSONL_SUFFIXES = {".jsonl", ".ndjson"}
STAGES = ("read", "clean", "extract", "store", "reconcile")
BLOCKSIZE = 64 * 1024  # bytes of JSONL per partition: ~10 long or ~200 short articles
FILES_PER_PARTITION = 25
_GLOB_CHARS = set("*?[")


@dataclass(frozen=True)
class Partition:
    """What one task reads: whole files, or one byte range of a JSONL file."""

    urls: tuple[str, ...]
    offset: int = 0
    length: int | None = None  # None: the whole of each file

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
    worker: str = "local"


@dataclass
class BulkSummary:
    """The outcome of a bulk run.

    ``duplicates`` includes documents already in the ledger before this run and, after a
    worker died, those its lost attempt had stored before the partition was retried.
    """

    stored: int = 0
    duplicates: int = 0
    copies: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))
    partitions: int = 0
    changed_incidents: int = 0
    workers: Counter[str] = field(default_factory=Counter)

    @property
    def documents(self) -> int:
        return self.stored + self.duplicates + self.copies + len(self.failed)

    @property
    def docs_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0

    def add(self, result: PartitionResult) -> None:
        """Fold one partition's result in."""
        self.stored += result.counts["stored"]
        self.duplicates += result.counts["duplicate"]
        self.copies += result.counts["copy"]
        self.failed.extend(result.failed)
        for stage, secs in result.seconds.items():
            self.stage_seconds[stage] = self.stage_seconds.get(stage, 0.0) + secs
        self.partitions += 1
        self.workers[result.worker] += 1


# --- planning: paths -> partitions (runs where the run is started) -------------------------


def expand_paths(paths: Iterable[str]) -> list[str]:
    """Files named by paths, folders (recursive) and globs, sorted; InputError for no match."""
    found: list[str] = []
    for path in paths:
        fs, root = fsspec.core.url_to_fs(path)
        if _GLOB_CHARS & set(root):
            names = [n for n in fs.glob(root) if not fs.isdir(n)]
        elif fs.isdir(root):
            names = fs.find(root)
        elif fs.exists(root):
            names = [root]
        else:
            raise InputError("no such file, folder or glob match", where=path)
        if not names:
            raise InputError("no files found", where=path)
        found.extend(_url(fs, n) for n in sorted(names) if not _hidden(n))
    return found


def _url(fs: fsspec.AbstractFileSystem, name: str) -> str:
    """Local files keep plain paths (readable origins); others keep their protocol."""
    protocol = fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]
    return name if protocol in ("file", "local") else fs.unstrip_protocol(name)


def _hidden(name: str) -> bool:
    # editors and partial downloads leave dot-files next to articles
    return PurePosixPath(name).name.startswith(".")


def is_jsonl(url: str) -> bool:
    return PurePosixPath(url.split("?")[0]).suffix.lower() in JSONL_SUFFIXES


def plan_partitions(
    paths: Iterable[str], blocksize: int = BLOCKSIZE, files_per_partition: int = FILES_PER_PARTITION
) -> list[Partition]:
    """Cut the inputs into partitions: byte ranges of JSONL files, groups of other files."""
    partitions: list[Partition] = []
    loose: list[str] = []
    for url in expand_paths(paths):
        if not is_jsonl(url):
            loose.append(url)
            continue
        size = fsspec.core.url_to_fs(url)[0].size(url) or 0
        for offset in range(0, max(size, 1), blocksize):
            partitions.append(Partition((url,), offset, blocksize))
    for i in range(0, len(loose), files_per_partition):
        partitions.append(Partition(tuple(loose[i:i + files_per_partition])))
    return partitions


# --- reading: partition -> documents (runs on the workers) ----------------------------------


def read_partition(
    part: Partition, timer: Callable[[str], Any] | None = None
) -> list[Document | InputError]:
    """The documents of a partition, with an InputError in place of each bad input."""
    timer = timer or _no_timer
    if part.length is not None:
        with timer("read"):
            block = _read_block(part.urls[0], part.offset, part.length)
        with timer("clean"):
            return list(parse_jsonl_block(block, part.urls[0], part.offset))
    items: list[Document | InputError] = []
    for url in part.urls:
        try:
            with timer("read"):
                data = _read_file(url)
            with timer("clean"):
                items.extend(_documents_from_file(url, data))
        except InputError as exc:
            items.append(exc)
    return items


def _no_timer(_stage: str) -> Any:
    return _NullContext()


class _NullContext:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _read_block(url: str, offset: int, length: int) -> bytes:
    """Whole lines of a JSONL file starting in [offset, offset + length)."""
    try:
        with fsspec.open(url, "rb") as fh:
            return fsspec.utils.read_block(fh, offset, length, delimiter=b"\n")
    except OSError as exc:
        raise InputError(f"cannot be read ({exc})", where=url) from exc


def _read_file(url: str) -> bytes:
    try:
        with fsspec.open(url, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise InputError(f"cannot be read ({exc})", where=url) from exc


def _documents_from_file(url: str, data: bytes) -> Iterator[Document | InputError]:
    if is_jsonl(url):
        yield from parse_jsonl_block(data, url, 0)
        return
    doc = document_from_bytes(data, where=url)
    yield doc


def parse_jsonl_block(block: bytes, url: str, offset: int) -> Iterator[Document | InputError]:
    """Documents from JSONL lines; a bad line becomes a ParseError naming its byte offset."""
    if offset and block.startswith(b"\n"):
        block, offset = block[1:], offset + 1  # read_block keeps the delimiter it aligned on
    pos = offset
    for raw in block.split(b"\n"):
        where = f"{url}: byte {pos}"
        pos += len(raw) + 1
        if raw.strip():
            try:
                yield document_from_json_line(raw, where)
            except InputError as exc:
                yield exc


def document_from_json_line(raw: bytes, where: str) -> Document:
    """One {id?, text, title?, url?, outlet?, published?} line -> Document."""
    import datetime as dt

    try:
        obj = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ParseError(f"invalid JSON line ({exc})", where=where) from exc
    if not isinstance(obj, dict):
        raise ParseError("a line must be a JSON object", where=where)
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ParseError("missing or empty 'text'", where=where)
    published = None
    if obj.get("published"):
        try:
            published = dt.date.fromisoformat(str(obj["published"])[:10])
        except ValueError as exc:
            bad = obj["published"]
            raise ParseError(f"'published' is not a date: {bad!r}", where=where) from exc
    doc = document_from_bytes(text.encode("utf-8"), where=where, published=published, html=False)
    if obj.get("id") is not None:
        doc.id = str(obj["id"])
    for key in ("title", "url", "outlet"):
        if isinstance(obj.get(key), str):
            setattr(doc, key, obj[key])
    return doc


# --- the partition task (runs on the workers, or here without Dask) -------------------------

_EXTRACT_LOCK = threading.Lock()  # one spaCy pipeline per process; workers may run threads


@functools.lru_cache(maxsize=4)
def worker_extractor(headline: HeadlineMode = "all") -> Extractor:
    """The process's Extractor: the spaCy pipeline and gazetteer load once per worker."""
    return Extractor(headline=headline)


@functools.lru_cache(maxsize=4)
def worker_ledger(url: str) -> Any:
    """The process's Ledger for url (one connection pool per worker)."""
    from tollwatch.store.ledger import Ledger

    return Ledger.open(url)


class StageTimer:
    """Adds wall seconds per stage into a dict."""

    def __init__(self, seconds: dict[str, float]) -> None:
        self.seconds = seconds

    def __call__(self, stage: str) -> _Stage:
        return _Stage(self.seconds, stage)


class _Stage:
    def __init__(self, seconds: dict[str, float], stage: str) -> None:
        self.seconds, self.stage = seconds, stage

    def __enter__(self) -> None:
        self.t0 = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        self.seconds[self.stage] = self.seconds.get(self.stage, 0.0) + time.perf_counter() - self.t0


def ingest_partition(
    part: Partition, db_url: str, headline: HeadlineMode = "all"
) -> PartitionResult:
    """Read, extract and store one partition; documents already in the ledger are skipped."""
    result = PartitionResult(label=part.label, worker=_worker_name())
    timer = StageTimer(result.seconds)
    ledger = worker_ledger(db_url)
    items = read_partition(part, timer)
    todo: list[Document] = []
    for item in items:
        if isinstance(item, InputError):
            _record_failure(ledger, result, item.where or part.label, item.reason)
        elif ledger.has(item.content_hash):
            # stored before, or by an earlier attempt of this partition on a worker that died
            result.counts["duplicate"] += 1
        else:
            todo.append(item)
    with timer("extract"):
        extractions = extract_all(todo, worker_extractor(headline), result)
    for extraction in extractions:
        with timer("store"):
            _store(ledger, extraction, result)
    return result


def extract_all(
    docs: list[Document], extractor: Extractor, result: PartitionResult
) -> list[Extraction]:
    """Extract in one batch; if the batch fails, one by one so one bad document fails alone."""
    with _EXTRACT_LOCK:
        try:
            return list(extractor.pipe(docs))
        except TollwatchError:
            pass
        done: list[Extraction] = []
        for doc in docs:
            try:
                done.append(extractor.extract(doc))
            except TollwatchError as exc:
                result.failed.append((doc.origin or str(doc.id), f"extraction failed: {exc}"))
        return done


def _store(ledger: Any, extraction: Extraction, result: PartitionResult) -> None:
    from tollwatch.errors import StoreError

    origin = extraction.document.origin or str(extraction.document.id)
    try:
        added = ledger.add(extraction)
    except StoreError as exc:
        _record_failure(ledger, result, origin, f"could not be stored: {exc.reason}")
        return
    result.counts[added.status] += 1


def _record_failure(ledger: Any, result: PartitionResult, origin: str, reason: str) -> None:
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
    on_partition: Callable[[PartitionResult, int], None] | None = None,
) -> BulkSummary:
    """Ingest every input once, on a Dask cluster (scheduler address or N local workers) or here.

    on_partition(result, total) is called as each partition finishes (for progress bars).
    reconcile=False leaves reconciliation to a later run (e.g. after several bulk loads).
    """
    from tollwatch.store.ledger import Ledger

    t0 = time.perf_counter()
    parts = plan_partitions(paths, blocksize, files_per_partition)
    # migrate once, here, so workers never race to create the schema
    ledger = Ledger.open(db_url)
    url = str(getattr(ledger, "url", None) or db_url or "")
    summary = BulkSummary()
    try:
        if scheduler or workers:
            results = _run_on_dask(parts, url, headline, scheduler, workers)
        else:
            results = (ingest_partition(p, url, headline) for p in parts)
        for result in results:
            summary.add(result)
            if on_partition:
                on_partition(result, len(parts))
        if reconcile:
            t1 = time.perf_counter()
            summary.changed_incidents = len(ledger.reconcile(only_touched=True))
            summary.stage_seconds["reconcile"] += time.perf_counter() - t1
    finally:
        ledger.close()
    summary.seconds = time.perf_counter() - t0
    return summary


def _run_on_dask(
    parts: list[Partition],
    url: str,
    headline: HeadlineMode,
    scheduler: str | None,
    workers: int | None,
) -> Iterator[PartitionResult]:
    """Map partitions over a cluster; yield results as they finish."""
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError as exc:
        raise ConfigError("Dask is not installed: pip install 'tollwatch[dask]'") from exc
    if url.startswith("sqlite") and (scheduler or (workers or 0) > 1):
        log.warning("several workers writing to SQLite serialise on its lock; use PostgreSQL")
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        client.register_plugin(PreloadExtractor(headline), name="tollwatch-extractor")
        futures = client.map(ingest_partition, parts, db_url=url, headline=headline,
                             key=[f"tollwatch-ingest-{i}" for i in range(len(parts))], retries=2)
        for _future, result in as_completed(futures, with_results=True):
            yield result
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def connect_plugin_base() -> type:
    """distributed's WorkerPlugin base class, or object when Dask is not installed."""
    try:
        from distributed.diagnostics.plugin import WorkerPlugin
    except ImportError:
        return object
    return WorkerPlugin  # type: ignore[no-any-return]


class PreloadExtractor(connect_plugin_base()):  # type: ignore[misc]
    """Loads the spaCy pipeline when a worker starts (and restarts), before its first task."""

    def __init__(self, headline: HeadlineMode = "all") -> None:
        self.headline = headline

    def setup(self, worker: Any) -> None:
        worker_extractor(self.headline)
