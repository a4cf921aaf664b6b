"""A real 2-worker Dask cluster loses a worker mid-run; every document is still stored once."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from tollwatch.distributed import ingest_bulk
from tollwatch.store import Ledger

distributed = pytest.importorskip("distributed")

N_DOCS = 500


def _write_articles(wad_rows: list[dict[str, Any]], path: Path) -> set[str]:
    """The first N_DOCS distinct dated WAD texts as a JSONL file; returns their ids."""
    ids, seen = set(), set()
    with path.open("w", encoding="utf-8") as out:
        for row in wad_rows:
            folded = " ".join(row["text"].split())
            if folded in seen or not row["date"]:
                continue
            seen.add(folded)
            ids.add(row["id"])
            out.write(json.dumps({"id": row["id"], "text": row["text"],
                                  "published": row["date"]}) + "\n")
            if len(ids) == N_DOCS:
                break
    return ids


def _claims_by_document(url: str) -> dict[str, list[list[dict[str, Any]]]]:
    """Per document id: the claim lists of every row holding it (one list if stored once)."""
    ledger = Ledger.open(url)
    try:
        with ledger.engine.connect() as conn:
            rows = conn.execute(sa.text("select id from documents")).scalars().all()
        found: dict[str, list[list[dict[str, Any]]]] = {}
        for doc_id in rows:
            stored = ledger.document(doc_id)
            claims = [c.claim.to_dict() for c in stored.claims]
            found.setdefault(str(stored.document.id), []).append(claims)
        return found
    finally:
        ledger.close()


def _count_documents(url: str) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(sa.text("select count(*) from documents")).scalar_one())
    finally:
        engine.dispose()


def _kill_a_busy_worker(client: Any, url: str, after: int, killed: dict[str, Any]) -> None:
    """Once `after` documents are stored, SIGKILL the process of a worker that has a task."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            stored = _count_documents(url)
        except sa.exc.SQLAlchemyError:
            stored = 0  # schema not migrated yet
        busy = [w for w, tasks in client.processing().items() if tasks]
        if stored >= after and busy:
            pids = client.run(os.getpid, workers=[busy[0]])
            killed.update(address=busy[0], pid=pids[busy[0]], stored_before=stored)
            os.kill(pids[busy[0]], signal.SIGKILL)
            return
        time.sleep(0.05)


@pytest.mark.postgres
@pytest.mark.slow
def test_distributed_worker_killed_mid_run_stores_each_document_once(
    wad_rows: list[dict[str, Any]], tmp_path: Path, postgres_url: str, sqlite_url: str
) -> None:
    articles = tmp_path / "articles.jsonl"
    ids = _write_articles(wad_rows, articles)
    # ~25 documents a partition, so a worker dies with partitions done, in hand and queued
    blocksize = articles.stat().st_size // 20

    single = ingest_bulk([str(articles)], sqlite_url, blocksize=blocksize)
    assert single.failed == [] and single.stored + single.copies == N_DOCS

    from distributed import Client, LocalCluster

    killed: dict[str, Any] = {}
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        client.wait_for_workers(2)
        killer = threading.Thread(target=_kill_a_busy_worker,
                                  args=(client, postgres_url, 100, killed), daemon=True)
        killer.start()
        summary = ingest_bulk([str(articles)], postgres_url, scheduler=cluster.scheduler_address,
                              blocksize=blocksize)
        killer.join(timeout=5)

    assert killed, "no worker was killed: the run ended before 100 documents were stored"
    assert killed["stored_before"] < N_DOCS, "the worker was killed after the run, not during it"
    assert killed["address"] in summary.workers or len(summary.workers) >= 2
    assert summary.failed == []
    assert summary.stored + summary.copies + summary.duplicates == N_DOCS

    expected = _claims_by_document(sqlite_url)
    found = _claims_by_document(postgres_url)
    assert set(found) == ids
    assert {k: len(v) for k, v in found.items() if len(v) != 1} == {}
    assert {k: v[0] for k, v in found.items()} == {k: v[0] for k, v in expected.items()}
