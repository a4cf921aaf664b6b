"""Accuracy gate: headline killed/injured exact match on a sample of coded WAD rows.

The sample is the first 600 rows of the WAD dev set (tests/data/wad_sample.jsonl). The full
shared sets are scored by ``tollwatch evaluate`` and the benchmarks, outside the test suite.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tollwatch.extract.scoring import load_gold, score

# Floors a little below the figures measured on the sample (headline all: killed 0.938,
# injured 0.969 at 90bde5d).
KILLED_FLOOR = 0.89
INJURED_FLOOR = 0.93


@pytest.mark.slow
def test_wad_gate_dev_accuracy(data_dir: Path, extractor) -> None:  # type: ignore[no-untyped-def]
    rows = load_gold(data_dir / "wad_sample.jsonl")
    assert len(rows) == 600
    result = score(rows, extractor)
    assert result.killed_exact >= KILLED_FLOOR, result.to_dict()
    assert result.injured_exact >= INJURED_FLOOR, result.to_dict()
