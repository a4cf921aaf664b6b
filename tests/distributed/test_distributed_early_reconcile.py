"""A cluster run reconciles while its last partitions run, and ends where one pass would."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from ledger_shapes import incident_shapes, reconciled_reports, write_jsonl
from tollwatch.distributed import _workers_idle, ingest_bulk, local_cluster
from tollwatch.store import Ledger

distributed = pytest.importorskip("distributed")


@pytest.mark.parametrize(("partitions", "slots", "done", "idle"), [
    (20, 2, 18, False),  # two left, two workers: both busy
    (20, 2, 19, True),   # one left, running; the other worker has nothing to do
    (20, 2, 20, False),  # all done: the final pass follows anyway
    (20, 1, 19, False),  # one worker (or no Dask): never a free slot
    (3, 8, 0, True),     # fewer partitions than slots: free from the start
])
def test_workers_idle_once_every_partition_left_is_running(
    partitions: int, slots: int, done: int, idle: bool
) -> None:
    assert _workers_idle({"partitions": partitions, "slots": slots}, done) is idle


@pytest.mark.postgres
@pytest.mark.slow
def test_cluster_run_reconciles_early_and_matches_a_single_pass(
    wad_rows: list[dict[str, Any]], tmp_path: Path, postgres_url: str, sqlite_url: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    rows = wad_rows
    articles = write_jsonl(tmp_path / "articles.jsonl", [r for r in rows if r["date"]][:160])
    blocksize = Path(articles).stat().st_size // 12

    single = ingest_bulk([articles], sqlite_url, blocksize=blocksize)
    with local_cluster(2) as cluster, distributed.Client(cluster), \
            caplog.at_level(logging.INFO, logger="tollwatch.store.reconciling"):
        caplog.clear()
        run = ingest_bulk([articles], postgres_url, scheduler=cluster.scheduler_address,
                          blocksize=blocksize)

    assert run.early_reconcile_seconds > 0 and run.reconcile_error is None
    passes = reconciled_reports(caplog.records)
    # normally two; one if the last partition was stored before the early pass read the ledger
    assert 1 <= len(passes) <= 2
    if len(passes) == 2:
        assert passes[1] < passes[0]  # the final pass re-read only the new and their neighbours
    assert (run.stored, run.copies) == (single.stored, single.copies)  # raced copies too
    assert incident_shapes(postgres_url) == incident_shapes(sqlite_url)
    with Ledger.open(postgres_url) as ledger:
        assert set(run.changed_incidents) >= {i.id for i in ledger.incidents(limit=100_000)}
