"""Accuracy gate: headline killed/injured exact match on the WAD dev set must not regress."""

from __future__ import annotations

from pathlib import Path

import pytest

from tollwatch.extract.scoring import load_gold, score

# Floors a little below the measured figures (headline all: killed 0.878, injured 0.944).
KILLED_FLOOR = 0.84
INJURED_FLOOR = 0.86


@pytest.mark.slow
def test_wad_gate_dev_accuracy(shared_dir: Path, extractor) -> None:  # type: ignore[no-untyped-def]
    rows = load_gold(shared_dir / "benchmarks" / "wad_dev.jsonl")
    assert len(rows) > 1000
    result = score(rows, extractor)
    assert result.killed_exact >= KILLED_FLOOR, result.to_dict()
    assert result.injured_exact >= INJURED_FLOOR, result.to_dict()
