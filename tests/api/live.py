"""A real tollwatch server for tests: a seeded ledger and uvicorn on a free loopback port."""

from __future__ import annotations

import json
import socket
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from scratchdb import postgres_database
from tollwatch.api import create_app
from tollwatch.ingest.sources import iter_inputs
from tollwatch.runner import Summary, ingest_documents
from tollwatch.store import Ledger

TOKEN = "test-token-7c1e9b"
SEED = Path(__file__).resolve().parent / "data" / "seed.jsonl"


def seed_lines(syria_text: str) -> list[dict[str, Any]]:
    """The seed corpus: the Syrian coast article plus short reports from four other countries."""
    syria = {
        "id": "sy-coast",
        "published": "2025-03-08",
        "source": "fixture",
        "title": "Clashes on the Syrian coast",
        "text": syria_text,
    }
    lines = [
        json.loads(line) for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    return [syria, *lines]


def seed_ledger(db_url: str, extractor: Any, lines: list[dict[str, Any]], folder: Path) -> Summary:
    """Ingest the seed lines through the real path: JSONL reader, extractor, ledger, reconcile."""
    path = folder / f"seed-{uuid.uuid4().hex[:8]}.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    with Ledger.open(db_url) as ledger:
        return ingest_documents(iter_inputs([str(path)]), ledger, extractor, progress=False)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_health(url: str, process: subprocess.Popen[Any], seconds: float) -> bool:
    """Poll a server process's /health until it answers 200; False when the process exits or
    the time runs out first."""
    deadline = time.monotonic() + seconds
    while process.poll() is None and time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return True
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    return False


@contextmanager
def running(db_url: str, extractor: Any, **options: Any) -> Iterator[str]:
    """A uvicorn server over the ledger in a thread; yields its base URL."""
    app = create_app(db_url, token=options.pop("token", TOKEN), extractor=extractor, **options)
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the test server on port {port} did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def ledger_url(kind: str, folder: Path) -> Iterator[str]:
    """A fresh ledger URL of the given kind ('sqlite' or 'postgresql')."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / f'ledger-{uuid.uuid4().hex[:8]}.db'}"
    else:
        with postgres_database("tollwatch_api") as url:
            yield url
