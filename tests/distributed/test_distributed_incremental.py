"""A second bulk run reconciles only around its new claims and agrees with a full run."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from ledger_shapes import incident_shapes, reconciled_reports, write_jsonl
from tollwatch.distributed import ingest_bulk


@pytest.mark.slow
def test_distributed_second_run_reconciles_only_touchedincident_shapes(
    wad_rows: list[dict[str, Any]], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    rows = [r for r in wad_rows if r["date"]][:220]
    first = write_jsonl(tmp_path / "a.jsonl", rows[:200])
    second = write_jsonl(tmp_path / "b.jsonl", rows[200:])
    both = write_jsonl(tmp_path / "all.jsonl", rows)
    incremental, full = f"sqlite:///{tmp_path / 'inc.db'}", f"sqlite:///{tmp_path / 'full.db'}"

    ingest_bulk([first], incremental)
    before = incident_shapes(incremental)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="tollwatch.store.reconciling"):
        run = ingest_bulk([second], incremental)
    (reconciled,) = reconciled_reports(caplog.records)
    ingest_bulk([both], full)

    after = incident_shapes(incremental)
    assert after == incident_shapes(full)
    assert run.stored + run.copies == 20
    assert 20 <= reconciled < len(rows), "the second run re-read the whole ledger"
    # an incident holding no new claim is exactly as it was before the second run
    new_keys = {r["id"] for r in rows[200:]}
    untouched = {i for i in after if not any(key in new_keys for key, _ in i[0])}
    assert untouched <= before
    assert len(run.changed_incidents) < len(after)
