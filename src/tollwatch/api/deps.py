"""What routes depend on: ledger, extractor and bearer-token checks, as typed aliases."""

from __future__ import annotations

import hmac
import multiprocessing as mp
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from tollwatch.model import Document, Extraction

if TYPE_CHECKING:
    from tollwatch.extract.pipeline import Extractor
    from tollwatch.store import Ledger


@dataclass
class Services:
    """Per-process state: one ledger, one extractor (loaded on first use), the access rules."""

    ledger: Ledger
    token: str | None
    open_reads: bool
    database: str = "sqlite"
    extractor: Extractor | None = None
    # spaCy pipelines and our ledger writes are not made for concurrent callers.
    extract_lock: threading.Lock = field(default_factory=threading.Lock)
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    # The open POST /extract runs in a worker process with a short queue of its own: however
    # many anonymous callers keep it busy, an authorised write never waits behind them (not
    # for a lock, nor for the GIL, which spaCy's Cython loops hold for long stretches).
    read_pool: ReadPool = field(default_factory=lambda: ReadPool())
    read_queue: threading.BoundedSemaphore = field(
        default_factory=lambda: threading.BoundedSemaphore(READ_QUEUE))
    limiter: RateLimit = field(default_factory=lambda: RateLimit(EXTRACT_RATE, EXTRACT_BURST))

    def load_extractor(self) -> Extractor:
        """The process's extractor, loaded on first use."""
        with self.extract_lock:
            if self.extractor is None:
                from tollwatch.extract.pipeline import Extractor

                self.extractor = Extractor()
            return self.extractor

    def extract(self, document: Document) -> Extraction:
        """Extract one document (one at a time: a spaCy pipeline is not made for threads)."""
        extractor = self.load_extractor()
        with self.extract_lock:
            return extractor.extract(document)

    def extract_for_reader(self, document: Document) -> Extraction | None:
        """Extract for the open endpoint in its worker process; None when its queue is full."""
        if not self.read_queue.acquire(blocking=False):
            return None
        try:
            return self.read_pool.extract(document)
        finally:
            self.read_queue.release()


class ReadPool:
    """One worker process that extracts for POST /extract, started on first use."""

    def __init__(self) -> None:
        self.pool: ProcessPoolExecutor | None = None
        self.lock = threading.Lock()

    def extract(self, document: Document) -> Extraction:
        with self.lock:
            if self.pool is None:
                # spawn: a fork of a threaded server process can inherit a held lock
                self.pool = ProcessPoolExecutor(1, mp_context=mp.get_context("spawn"))
            pool = self.pool
        return pool.submit(extract_in_worker, document).result()

    def warm(self) -> None:
        """Start the worker and load its pipeline now (for --preload)."""
        from tollwatch.model import Document

        self.extract(Document(text="Two people were killed in Aleppo on Monday."))

    def close(self) -> None:
        with self.lock:
            if self.pool is not None:
                self.pool.shutdown(wait=False, cancel_futures=True)
                self.pool = None


_WORKER: list[Extractor] = []  # the worker process's extractor, loaded by its first task


def extract_in_worker(document: Document) -> Extraction:
    """Runs in the ReadPool's process: extract one document."""
    if not _WORKER:
        from tollwatch.extract.pipeline import Extractor

        _WORKER.append(Extractor())
    return _WORKER[0].extract(document)


READ_QUEUE = 8  # POST /extract requests running or waiting; more are answered 503
EXTRACT_RATE = 30.0  # POST /extract requests a client may make per minute (sustained) ...
EXTRACT_BURST = 10  # ... and at once


class RateLimit:
    """A token bucket per client address: ``rate`` requests a minute, ``burst`` at once."""

    def __init__(self, rate: float, burst: int, clients: int = 10_000) -> None:
        self.rate, self.burst, self.clients = rate / 60.0, burst, clients
        self.buckets: dict[str, tuple[float, float]] = {}  # client -> (tokens, at)
        self.lock = threading.Lock()

    def wait(self, client: str) -> float:
        """0 if client may go now (a token is taken), else the seconds until it may."""
        now = time.monotonic()
        with self.lock:
            if len(self.buckets) >= self.clients:  # forget the idle: memory stays bounded
                self.buckets = {k: v for k, v in self.buckets.items() if now - v[1] < 60}
            tokens, at = self.buckets.get(client, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - at) * self.rate)
            if tokens >= 1.0:
                self.buckets[client] = (tokens - 1.0, now)
                return 0.0
            self.buckets[client] = (tokens, now)
            return (1.0 - tokens) / self.rate if self.rate > 0 else 60.0


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]
_bearer = HTTPBearer(auto_error=False, description="The token given to `tollwatch serve --token`.")
BearerDep = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def check_token(services: Services, credentials: HTTPAuthorizationCredentials | None) -> None:
    """401 without a bearer token, 403 with a wrong one (compared in constant time)."""
    if services.token is None:
        raise HTTPException(403, "writes are disabled: the server was started without a token")
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(
            401, "a bearer token is required", headers={"WWW-Authenticate": "Bearer"}
        )
    if not hmac.compare_digest(credentials.credentials.encode(), services.token.encode()):
        raise HTTPException(403, "the bearer token is wrong")


def require_write(services: ServicesDep, credentials: BearerDep) -> Services:
    check_token(services, credentials)
    return services


def require_read(services: ServicesDep, credentials: BearerDep) -> Services:
    if not services.open_reads:
        check_token(services, credentials)
    return services


ReaderDep = Annotated[Services, Depends(require_read)]
WriterDep = Annotated[Services, Depends(require_write)]
