"""`tollwatch ingest --workers N`: the same ledger outcome as the single-process command."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tollwatch.cli import _register, cli

pytest.importorskip("distributed")
_register()


@pytest.mark.slow
def test_distributed_cli_ingest_workers_then_single_process_finds_all_stored(
    wad_rows: list[dict[str, Any]], tmp_path: Path, sqlite_url: str
) -> None:
    rows = wad_rows
    data = tmp_path / "news.jsonl"
    lines = [json.dumps({"id": r["id"], "text": r["text"], "published": r["date"]})
             for r in rows[:12] if r["date"]]
    lines.insert(3, "{broken")
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    missing = str(tmp_path / "missing.jsonl")
    runner = CliRunner()

    first = runner.invoke(cli, ["ingest", "--workers", "2", "--json", "--db", sqlite_url,
                                str(data), missing])
    assert first.exit_code == 1, first.output
    summary = json.loads(first.stdout)
    assert summary["stored"] + summary["copies"] == len(lines) - 1
    assert {f["origin"] for f in summary["failed"]} == {f"{data}:4", missing}
    assert f"failed: {data}:4: invalid JSON" in first.stderr

    again = runner.invoke(cli, ["ingest", "--json", "--db", sqlite_url, str(data)])
    assert json.loads(again.stdout)["duplicates"] == len(lines) - 1
