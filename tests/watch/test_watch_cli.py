"""`tollwatch watch` as a real process: new articles reach the HTTP API fast; stops lose nothing."""

from __future__ import annotations

import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tollwatch.ingest.sources import iter_inputs
from tollwatch.model import Document
from tollwatch.store import Ledger

TOLLWATCH = str(Path(sys.executable).parent / "tollwatch")


class Proc:
    """A tollwatch subprocess whose output lines are collected as they come."""

    def __init__(self, *args: str) -> None:
        self.popen = subprocess.Popen([TOLLWATCH, *args], stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True)
        self.out: queue.Queue[str] = queue.Queue()
        self.lines: list[str] = []
        for stream in (self.popen.stdout, self.popen.stderr):
            threading.Thread(target=self._pump, args=(stream,), daemon=True).start()

    def _pump(self, stream: Any) -> None:
        for line in stream:
            self.lines.append(line.rstrip("\n"))
            self.out.put(line)

    def wait_for(self, needle: str, timeout: float) -> None:
        """Block until a line containing needle is printed (or fail with what was printed)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.popen.poll() is not None and self.out.empty():
                break
            try:
                if needle in self.out.get(timeout=0.2):
                    return
            except queue.Empty:
                continue
        pytest.fail(f"{needle!r} not printed within {timeout}s; output: {self.lines[-20:]}")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 20) -> int:
        if self.popen.poll() is None:
            self.popen.send_signal(sig)
        try:
            return self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait()
            pytest.fail(f"process did not stop within {timeout}s after signal {sig}")


@pytest.fixture
def procs() -> Iterator[list[Proc]]:
    """Processes a test starts; any still running at the end are killed."""
    started: list[Proc] = []
    yield started
    for proc in started:
        if proc.popen.poll() is None:
            proc.popen.kill()
            proc.popen.wait()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _watch(procs: list[Proc], db: str, folder: Path) -> Proc:
    proc = Proc("watch", "--db", db, "--interval", "30", "--settle", "0.3", str(folder))
    procs.append(proc)
    proc.wait_for("watching", timeout=90)  # the spaCy pipeline loads first
    return proc


def _claims_of(extractor: Any, doc: Document) -> list[tuple[str, int, str]]:
    return sorted((c.outcome, c.count.best, c.group) for c in extractor.extract(doc).claims)


@pytest.mark.slow
def test_watch_new_article_reaches_the_api_within_30s(
    tmp_path: Path, sqlite_url: str, syria_text: str, extractor: Any, procs: list[Proc]
) -> None:
    folder = tmp_path / "incoming"
    folder.mkdir()
    port = _free_port()
    server = Proc("serve", "--db", sqlite_url, "--port", str(port))
    procs.append(server)
    watcher = _watch(procs, sqlite_url, folder)
    server.wait_for("Uvicorn running", timeout=60)

    article = folder / "coastal_syria.txt"
    dropped = time.monotonic()
    article.write_text(f"---\npublished: 2025-03-08\n---\n{syria_text}", encoding="utf-8")
    found: list[dict[str, Any]] = []
    while time.monotonic() - dropped < 30 and not found:
        page = httpx.get(f"http://127.0.0.1:{port}/claims", params={"limit": 500}, timeout=5)
        assert page.status_code == 200, page.text
        found = page.json()["items"]
        time.sleep(0.25)
    elapsed = time.monotonic() - dropped

    assert found, f"no claims through the API 30 s after the drop; watch said {watcher.lines}"
    (expected_doc,) = list(iter_inputs([str(article)]))
    assert isinstance(expected_doc, Document)
    assert sorted((c["outcome"], c["count"]["best"], c["group"]) for c in found) \
        == _claims_of(extractor, expected_doc)
    assert elapsed < 30
    assert watcher.stop(signal.SIGINT) == 0


def _write_wad_articles(wad_rows: list[dict[str, Any]], folder: Path,
                        n: int) -> dict[str, Document]:
    """n dated WAD texts as front-matter text files; returns their documents by content hash."""
    folder.mkdir()
    for row in [r for r in wad_rows if r["date"]][:n]:
        (folder / f"{row['id']}.txt").write_text(
            f"---\npublished: {row['date']}\nid: {row['id']}\n---\n{row['text']}\n",
            encoding="utf-8")
    docs = [d for d in iter_inputs([str(folder)]) if isinstance(d, Document)]
    return {d.content_hash: d for d in docs}


def _assert_each_document_whole(url: str, docs: dict[str, Document], extractor: Any) -> int:
    """Every stored document has exactly the claims extraction gives it; returns how many."""
    with Ledger.open(url) as ledger:
        ids = _stored_ids(ledger)
        for doc_id in ids:
            got = ledger.document(doc_id)
            want = docs.get(got.document.content_hash)
            assert want is not None, f"document {doc_id} is not one of the folder's"
            assert sorted((c.claim.outcome, c.claim.count.best, c.claim.group)
                          for c in got.claims) == _claims_of(extractor, want), got.document.id
    return len(ids)


def _stored_ids(ledger: Ledger) -> list[int]:
    import sqlalchemy as sa

    with ledger.engine.connect() as conn:
        return list(conn.execute(sa.text("select id from documents")).scalars())


def _wait_stored(url: str, at_least: int, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    with Ledger.open(url) as ledger:
        while (count := ledger.count_documents()) < at_least and time.monotonic() < deadline:
            time.sleep(0.05)
    return count


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "sigkill"])
def test_watch_stopped_mid_run_leaves_whole_documents_and_resumes(
    tmp_path: Path, sqlite_url: str, wad_rows: list[dict[str, Any]], extractor: Any,
    procs: list[Proc],
    sig: int
) -> None:
    n = 60
    folder = tmp_path / "incoming"
    docs = _write_wad_articles(wad_rows, folder, n)
    watcher = _watch(procs, sqlite_url, folder)
    assert _wait_stored(sqlite_url, 5, timeout=60) >= 5
    code = watcher.stop(sig)
    assert code == (0 if sig == signal.SIGTERM else -signal.SIGKILL)

    before = _assert_each_document_whole(sqlite_url, docs, extractor)
    assert 5 <= before < len(docs), "the stop did not land mid-run"

    again = _watch(procs, sqlite_url, folder)
    assert _wait_stored(sqlite_url, len(docs), timeout=120) == len(docs)
    assert again.stop(signal.SIGINT) == 0
    assert _assert_each_document_whole(sqlite_url, docs, extractor) == len(docs)
    # the restart stored only what the first run had not: nothing was ingested twice
    assert sum(line.startswith(("stored:", "copy:")) for line in again.lines) == len(docs) - before
