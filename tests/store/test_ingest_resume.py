"""`tollwatch ingest` SIGKILLed mid-run, then rerun: each document once, with all its claims."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from tollwatch.ingest.sources import iter_inputs
from tollwatch.model import Document

DOCS = 200
TOLLWATCH = [sys.executable, "-m", "tollwatch"]


def _write_docs(wad_rows: list[dict[str, Any]], folder: Path) -> None:
    folder.mkdir()
    rows = [row for row in wad_rows if row.get("date")][:DOCS]
    for n, row in enumerate(rows):
        text = f"---\npublished: {row['date']}\noutlet: Wire {n % 7}\n---\n{row['text'][:300]}\n"
        (folder / f"{n:03d}.txt").write_text(text, encoding="utf-8")


def _count(engine: sa.Engine, sql: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.text(sql)).scalar() or 0)


def test_ingest_killed_mid_run_then_rerun_stores_each_document_once(
        tmp_path: Path, wad_rows: list[dict[str, Any]], db_url: str, extractor) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "docs"
    _write_docs(wad_rows, folder)
    engine = sa.create_engine(db_url.replace("postgresql://", "postgresql+psycopg://"))
    cmd = [*TOLLWATCH, "ingest", str(folder), "--db", db_url, "--no-progress"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        stored = 0
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                stored = _count(engine, "select count(*) from documents")
            except sa.exc.SQLAlchemyError:  # tables not created yet
                stored = 0
            if stored:
                break
            time.sleep(0.005)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "ingest ended before it could be killed"
    assert 0 < _count(engine, "select count(*) from documents") < DOCS

    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr

    docs = [d for d in iter_inputs([str(folder)]) if isinstance(d, Document)]
    assert len(docs) == DOCS
    expected = {d.content_hash: len(ex.claims) for d, ex in zip(docs, extractor.pipe(docs),
                                                                strict=True)}
    with engine.connect() as conn:
        rows = conn.execute(sa.text(
            "select d.content_hash, count(c.id), coalesce(max(c.position), -1) from documents d "
            "left join claims c on c.document_id = d.id group by d.content_hash")).all()
        orphans = conn.execute(sa.text(
            "select count(*) from claims where document_id not in (select id from documents)"
        )).scalar()
        pending = conn.execute(sa.text(
            "select count(*) from documents where not reconciled")).scalar()
    engine.dispose()
    assert len(rows) == DOCS  # content_hash is unique, so each document is there exactly once
    assert {h: n for h, n, _ in rows} == expected  # with all its claims
    assert all(top == n - 1 for _, n, top in rows)  # positions 0..n-1: none half-written
    assert orphans == 0
    assert pending == 0  # the rerun reconciled what the killed run stored
