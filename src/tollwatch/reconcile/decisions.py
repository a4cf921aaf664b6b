"""Hand decisions about incidents: merge (must-link) and split (cannot-link) over claim ids."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from tollwatch.errors import TollwatchError


@dataclass(frozen=True)
class Decision:
    """An analyst's ruling: merge = these claims share an incident; split = they never do."""

    kind: Literal["merge", "split"]
    left: frozenset[int]
    right: frozenset[int]


def apply_decisions(groups: list[set[int]], decisions: Sequence[Decision]) -> list[set[int]]:
    """Apply decisions in order to a partition of claim ids; a later decision wins.

    Claim ids a decision names that are not in the partition are ignored, because a store
    reconciling a subset of its ledger passes every decision it holds.
    """
    parts = [set(g) for g in groups if g]
    for decision in decisions:
        if decision.kind == "merge":
            parts = _merge(parts, decision.left | decision.right)
        elif decision.kind == "split":
            parts = _split(parts, decision.left, decision.right)
        else:  # a Decision built from a stored row with an unknown kind
            raise TollwatchError(f"decision kind must be 'merge' or 'split', got {decision.kind!r}")
    return [p for p in parts if p]


def _merge(parts: list[set[int]], ids: frozenset[int]) -> list[set[int]]:
    """Union every group that holds one of ids."""
    touched = [p for p in parts if p & ids]
    if len(touched) < 2:
        return parts
    merged: set[int] = set().union(*touched)
    first = parts.index(touched[0])
    kept = [p for p in parts if not (p & ids)]
    kept.insert(min(first, len(kept)), merged)
    return kept


def _split(parts: list[set[int]], left: frozenset[int], right: frozenset[int]) -> list[set[int]]:
    """Move the right-hand claims out of every group that also holds left-hand claims."""
    out: list[set[int]] = []
    for part in parts:
        moved = part & right
        if moved and part & left:
            out.extend([part - moved, set(moved)])
        else:
            out.append(part)
    return out
