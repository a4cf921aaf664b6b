"""Hand decisions (merge = must-link, split = cannot-link) applied after automatic grouping."""

from __future__ import annotations

from pathlib import Path

import pytest

from tollwatch.errors import TollwatchError
from tollwatch.model import Report
from tollwatch.reconcile import Decision, reconcile
from tollwatch.reconcile.decisions import apply_decisions

from .builders import GOLD, coastal_wire, gold_report


def reports(data_dir: Path) -> list[Report]:
    """Coastal violence (gold article + SOHR's first toll) and the Aleppo airstrike."""
    return [gold_report(data_dir / GOLD, first_id=1), coastal_wire("early-200", 100),
            coastal_wire("aleppo-strike", 200)]


def groups(incidents: list) -> list[set[int]]:  # type: ignore[type-arg]
    """Incidents as sets of claim ids, in order."""
    return [set(i.claim_ids) for i in incidents]


def test_decisions_merge_joins_unrelated_incidents(data_dir: Path) -> None:
    merged = reconcile(reports(data_dir), [Decision("merge", frozenset({1}),
                                                      frozenset({200}))])
    assert len(merged) == 1
    assert {1, 100, 200, 201} <= set(merged[0].claim_ids)


def test_decisions_split_takes_claims_out(data_dir: Path) -> None:
    split = Decision("split", frozenset(range(1, 14)), frozenset({100}))
    incidents = reconcile(reports(data_dir), [split])
    assert len(incidents) == 3
    alone = next(i for i in incidents if 100 in i.claim_ids)
    assert alone.claim_ids == [100]
    coastal = next(i for i in incidents if 1 in i.claim_ids)
    assert [r.document_id for r in coastal.revisions
            if (r.toll.outcome, r.toll.group) == ("killed", "total")] == [
        "coastal"], "the split report no longer revises the coastal toll"


@pytest.mark.parametrize(
    ("decisions", "expected"),
    [
        # later decisions win: a merge after a split undoes it
        ([("split", {1}, {2}), ("merge", {1}, {2})], [{1, 2, 3}, {4}]),
        ([("merge", {1}, {4}), ("split", {1, 2}, {4})], [{1, 2, 3}, {4}]),
        # ids not in this run (a store reconciling part of its ledger) are ignored
        ([("merge", {1}, {99})], [{1, 2, 3}, {4}]),
        ([("split", {1}, {2, 3})], [{1}, {2, 3}, {4}]),
        ([("merge", {2}, {4})], [{1, 2, 3, 4}]),
    ],
)
def test_decisions_apply_in_order(decisions: list[tuple[str, set[int], set[int]]],
                                  expected: list[set[int]]) -> None:
    ds = [Decision(k, frozenset(a), frozenset(b)) for k, a, b in decisions]  # type: ignore[arg-type]
    assert apply_decisions([{1, 2, 3}, {4}], ds) == expected


def test_decisions_unknown_kind_is_an_error() -> None:
    with pytest.raises(TollwatchError, match="'join'"):
        apply_decisions([{1}], [Decision("join", frozenset({1}), frozenset({2}))])  # type: ignore[arg-type]
