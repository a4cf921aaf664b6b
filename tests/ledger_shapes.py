"""Ledger contents in a form two ledgers can be compared by: free of row ids."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from tollwatch.store import Ledger

Shape = tuple[frozenset[tuple[str, int]], tuple[tuple[Any, ...], ...]]


def incident_shapes(url: str) -> set[Shape]:
    """Incidents as (their claims by document key and position, their tolls)."""
    with Ledger.open(url) as ledger:
        with ledger.engine.connect() as conn:
            rows = conn.execute(sa.text(
                "select c.id, d.key, c.position from claims c join documents d"
                " on d.id = c.document_id")).all()
        where = {cid: (key, pos) for cid, key, pos in rows}
        return {(frozenset(where[c] for c in i.claim_ids),
                 tuple(sorted((t.outcome, t.group, t.low, t.best, t.high) for t in i.tolls)))
                for i in ledger.incidents(limit=100_000)}


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> str:
    """WAD rows as a JSONL input file (id, text, published); returns its path."""
    path.write_text("".join(json.dumps({"id": r["id"], "text": r["text"], "published": r["date"]})
                            + "\n" for r in rows), encoding="utf-8")
    return str(path)


def reconciled_reports(records: list[logging.LogRecord]) -> list[int]:
    """The number of reports each reconciliation pass logged, in order."""
    return [int(r.args[0]) for r in records  # type: ignore[index]
            if r.name == "tollwatch.store.reconciling" and r.msg.startswith("reconciling")]
