"""Watch folders and feed files; ingest what appears or changes until told to stop.

One loop, one code path: every ``interval`` seconds (sooner when watchdog reports a file
event) the watched paths are scanned; files whose (mtime, size) changed since they were
last ingested are read, and each of their documents not yet in the ledger is extracted and
stored atomically. Feed files are re-read on every scan. A stop request (SIGINT/SIGTERM)
is only looked at between documents, so the document in hand is finished (its transaction
commits) or, if the process is killed harder, rolled back by the database. A restart
re-scans everything and skips documents by content hash, so nothing is ingested twice.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

from tollwatch.errors import InputError, StoreError, TollwatchError
from tollwatch.extract.pipeline import Extractor
from tollwatch.ingest.reader import input_kind
from tollwatch.ingest.sources import iter_file, iter_paths
from tollwatch.model import Document

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Event:
    """One thing the watcher did: a document stored (or found a copy/duplicate), or a failure."""

    origin: str
    status: str  # "stored", "duplicate", "copy", "failed"
    document_id: Any = None
    claims: int = 0
    reason: str = ""


Signature = tuple[int, int]  # (mtime_ns, size): a file is re-read when this changes


class Watcher:
    """Keeps a ledger current with the files under some folders and some feed files."""

    def __init__(
        self,
        paths: Iterable[str | Path],
        ledger: Any,
        extractor: Extractor,
        *,
        interval: float = 60.0,
        settle: float = 1.0,
        on_event: Callable[[Event], None] | None = None,
        follow_links: bool = False,
    ) -> None:
        self.paths = [Path(p) for p in paths]
        for path in self.paths:
            if not path.exists():
                raise InputError("no such file or folder to watch", where=str(path))
        self.ledger = ledger
        self.extractor = extractor
        self.interval = interval
        self.settle = settle  # a file modified this recently may still be being written
        self.on_event = on_event or (lambda _e: None)
        self.stop = threading.Event()
        self.wake = threading.Event()
        self.seen: dict[Path, Signature] = {}
        self.follow_links = follow_links
        self.reported: set[tuple[str, str]] = set()  # refused paths, told once per watch
        self._stored = 0  # documents stored in the current scan: reconcile after it if any

    def run(self) -> None:
        """Scan, ingest, sleep until the next interval or file event; return once stopped."""
        observer = self._observe()
        try:
            next_feeds = 0.0
            while not self.stop.is_set():
                now = time.monotonic()
                with_feeds = now >= next_feeds
                if with_feeds:
                    next_feeds = now + self.interval
                self.wake.clear()
                pending = self.scan_once(with_feeds=with_feeds)
                # a file still being written is looked at again shortly, not at the next interval
                timeout = self.settle if pending else max(0.0, next_feeds - time.monotonic())
                self.wake.wait(timeout)
        finally:
            if observer is not None:
                observer.stop()
                observer.join(timeout=5)

    def scan_once(self, with_feeds: bool = True) -> int:
        """Ingest every new or changed file once; return how many were too fresh to read yet."""
        pending, self._stored = 0, 0
        for path in self._files():
            if self.stop.is_set():
                break
            feed = input_kind(path) == "feed"
            sig = _signature(path)
            if sig is None or (self.seen.get(path) == sig and not (feed and with_feeds)):
                continue
            if time.time() - sig[0] / 1e9 < self.settle:
                pending += 1
                continue
            if self.ingest_file(path):
                self.seen[path] = sig
        if self._stored:
            try:
                self.ledger.reconcile(only_touched=True)
            except StoreError as exc:  # the documents stay pending for the next scan's run
                log.error("reconciliation failed: %s", exc)
        return pending

    def ingest_file(self, path: Path) -> bool:
        """Ingest the documents of one file; False when a stop came before the end of it."""
        for item in iter_file(path):
            if self.stop.is_set():
                return False
            if isinstance(item, InputError):
                self._failed(item.where or str(path), item.reason)
            elif not self.ledger.has(item.content_hash):
                self._ingest_document(item)
        return True

    def _failed(self, origin: str, reason: str) -> None:
        self.ledger.record_failure(origin, reason)
        self.on_event(Event(origin, "failed", reason=reason))

    def _ingest_document(self, doc: Document) -> None:
        """Extract and store one document; a bad document is recorded, a dead database raises."""
        origin = doc.origin or str(doc.id)
        extraction = next(self.extractor.pipe([doc], on_error="yield"))
        if isinstance(extraction, TollwatchError):  # one bad document must not stop the watch
            self._failed(origin, extraction.reason)
            return
        (added,) = self.ledger.add_many([extraction])  # one transaction: all of it or nothing
        if isinstance(added, StoreError):
            self._failed(origin, added.reason)
            return
        self._stored += added.status != "duplicate"
        self.on_event(Event(origin, added.status, added.document_id, len(extraction.claims)))

    def _files(self) -> Iterator[Path]:
        """The watched files; a refused or unreadable one is reported once per watch."""
        for item in iter_paths(map(str, self.paths), follow_links=self.follow_links):
            if isinstance(item, Path):
                yield item
            elif (key := (item.where or "?", item.reason)) not in self.reported:
                self.reported.add(key)
                self._failed(*key)

    def _observe(self) -> Any:
        """Start watchdog on the watched folders so new files are seen within a second."""
        try:
            from watchdog.events import FileSystemEventHandler
            from watchdog.observers import Observer
        except ImportError:
            log.info("watchdog is not installed; polling every %s s", self.interval)
            return None
        wake = self.wake

        class _Wake(FileSystemEventHandler):
            def on_any_event(self, event: Any) -> None:
                wake.set()

        observer = Observer()
        for root in self.paths:
            observer.schedule(_Wake(), str(root if root.is_dir() else root.parent),
                              recursive=root.is_dir())
        observer.daemon = True
        observer.start()
        return observer

    def request_stop(self, signum: int | None = None, _frame: FrameType | None = None) -> None:
        """Finish the document in hand, then stop (safe to call from a signal handler)."""
        if signum is not None:
            log.info("signal %s: stopping after the document in hand", signum)
        self.stop.set()
        self.wake.set()


def _signature(path: Path) -> Signature | None:
    try:
        st = path.stat()
    except OSError:
        return None  # deleted between listing and reading
    return (st.st_mtime_ns, st.st_size)


def install_stop_handlers(watcher: Watcher) -> None:
    """SIGINT and SIGTERM ask the watcher to stop after the document in hand."""
    signal.signal(signal.SIGINT, watcher.request_stop)
    signal.signal(signal.SIGTERM, watcher.request_stop)


