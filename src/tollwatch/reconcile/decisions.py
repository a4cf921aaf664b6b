"""Hand decisions: merge (must-link) and split (cannot-link) over claim ids; claim rulings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from tollwatch.errors import DecisionError, TollwatchError
from tollwatch.model import Claim, Count, DateRef, Group, Place, Report


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


@dataclass(frozen=True)
class ClaimRuling:
    """An analyst's ruling on one claim: reject it, or correct its count, group, place or date.

    Rulings are re-applied, in the order they were made, to the claims as read before every
    reconciliation: re-reading a document never undoes them.
    """

    claim_id: int
    kind: Literal["reject", "correct"]
    count: int | None = None
    group: Group | None = None
    place: Place | None = None
    date: dt.date | None = None


def apply_rulings(reports: Sequence[Report],
                  rulings: Sequence[ClaimRuling]) -> tuple[list[Report], frozenset[int]]:
    """Reports with corrected claims, and the ids of rejected claims (kept out of incidents).

    A rejected claim stays in its report, so positions (part_of) keep their meaning; units_of
    leaves it out. A later ruling on a claim overrides an earlier one.
    """
    last = {r.claim_id: r for r in rulings}
    rejected = frozenset(cid for cid, r in last.items() if r.kind == "reject")
    fixes = {cid: r for cid, r in last.items() if r.kind == "correct"}
    if not fixes:
        return list(reports), rejected
    out = []
    for report in reports:
        if any(cid in fixes for cid, _ in report.claims):
            claims = [(cid, corrected(c, fixes[cid]) if cid in fixes else c)
                      for cid, c in report.claims]
            report = replace(report, claims=claims)
        out.append(report)
    return out, rejected


def corrected(claim: Claim, ruling: ClaimRuling) -> Claim:
    """A claim as an analyst corrected it: an exact count, another group, place or date."""
    if ruling.kind != "correct":
        raise DecisionError(f"claim {ruling.claim_id}: a {ruling.kind!r} ruling corrects nothing")
    if ruling.count is not None:
        claim = replace(claim, count=Count(ruling.count, ruling.count, ruling.count, "exact",
                                           text=claim.count.text))
    if ruling.group is not None:
        claim = replace(claim, group=ruling.group)
    if ruling.place is not None:
        claim = replace(claim, place=ruling.place)
    if ruling.date is not None:
        claim = replace(claim, date=DateRef(text=f"corrected to {ruling.date.isoformat()}",
                                            start=ruling.date, end=ruling.date,
                                            precision="day"))
    return claim
