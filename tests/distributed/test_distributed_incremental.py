"""A second bulk run reconciles only around its new claims and agrees with a full run."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from tollwatch.distributed import ingest_bulk
from tollwatch.store import Ledger

Shape = tuple[frozenset[tuple[str, int]], tuple[tuple[Any, ...], ...]]


def _write(path: Path, rows: list[dict[str, Any]]) -> str:
    path.write_text("".join(json.dumps({"id": r["id"], "text": r["text"], "published": r["date"]})
                            + "\n" for r in rows), encoding="utf-8")
    return str(path)


def _incidents(url: str) -> set[Shape]:
    """Incidents as (their claims by document key and position, their tolls): ledger-id free."""
    with Ledger.open(url) as ledger:
        with ledger.engine.connect() as conn:
            rows = conn.execute(sa.text(
                "select c.id, d.key, c.position from claims c join documents d"
                " on d.id = c.document_id")).all()
        where = {cid: (key, pos) for cid, key, pos in rows}
        return {(frozenset(where[c] for c in i.claim_ids),
                 tuple(sorted((t.outcome, t.group, t.low, t.best, t.high) for t in i.tolls)))
                for i in ledger.incidents(limit=100_000)}


def _reconciled_reports(caplog: pytest.LogCaptureFixture) -> list[int]:
    return [int(r.args[0]) for r in caplog.records  # type: ignore[index]
            if r.name == "tollwatch.store.reconciling" and r.msg.startswith("reconciling")]


@pytest.mark.slow
def test_distributed_second_run_reconciles_only_touched_incidents(
    shared_dir: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    rows = [json.loads(line) for line in
            (shared_dir / "benchmarks" / "wad_dev.jsonl").read_text(encoding="utf-8").splitlines()]
    rows = [r for r in rows if r["date"]][:220]
    first = _write(tmp_path / "a.jsonl", rows[:200])
    second = _write(tmp_path / "b.jsonl", rows[200:])
    both = _write(tmp_path / "all.jsonl", rows)
    incremental, full = f"sqlite:///{tmp_path / 'inc.db'}", f"sqlite:///{tmp_path / 'full.db'}"

    ingest_bulk([first], incremental)
    before = _incidents(incremental)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="tollwatch.store.reconciling"):
        run = ingest_bulk([second], incremental)
    (reconciled,) = _reconciled_reports(caplog)
    ingest_bulk([both], full)

    after = _incidents(incremental)
    assert after == _incidents(full)
    assert run.stored + run.copies == 20
    assert 20 <= reconciled < len(rows), "the second run re-read the whole ledger"
    # an incident holding no new claim is exactly as it was before the second run
    new_keys = {r["id"] for r in rows[200:]}
    untouched = {i for i in after if not any(key in new_keys for key, _ in i[0])}
    assert untouched <= before
    assert len(run.changed_incidents) < len(after)
