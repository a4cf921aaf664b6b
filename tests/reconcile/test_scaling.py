"""Grouping grows no faster than n log n: pairs scored are counted, not timed."""

from __future__ import annotations

import math
from collections import defaultdict

from tollwatch.reconcile import Stats, reconcile
from tollwatch.reconcile.grouping import MAX_CANDIDATES

from .synthetic import synthetic_ledger


def comparisons(n_claims: int, days: int) -> tuple[int, int]:
    """(pairs scored, units) when reconciling a synthetic ledger of n_claims claims."""
    reports, _ = synthetic_ledger(n_claims, days=days)
    stats = Stats()
    reconcile(reports, stats=stats)
    return stats.comparisons, len(reports)


def test_scaling_ledger_growing_over_time_is_near_linear() -> None:
    """Twice the claims over twice the days (a ledger growing with time): about twice the work."""
    small, n_small = comparisons(2_000, days=365)
    large, n_large = comparisons(8_000, days=4 * 365)
    growth = n_large * math.log(n_large) / (n_small * math.log(n_small))
    assert large / max(small, 1) <= growth, (small, large)


def test_scaling_crowded_ledger_is_capped_per_unit() -> None:
    """Many incidents in the same weeks: each unit still scores a bounded number of pairs."""
    pairs, n = comparisons(8_000, days=30)
    assert pairs <= MAX_CANDIDATES * n
    assert pairs < n * (n - 1) / 2 / 50, "far below all pairs"


def test_scaling_synthetic_incidents_recovered() -> None:
    reports, truth = synthetic_ledger(3_000, seed=1)
    incidents = reconcile(reports)
    found: dict[int, set[int]] = defaultdict(set)
    for i, incident in enumerate(incidents):
        for cid in incident.claim_ids:
            found[truth[cid]].add(i)
    exact = sum(len(v) == 1 for v in found.values())
    pure = sum(len({truth[c] for c in inc.claim_ids}) == 1 for inc in incidents)
    assert exact / len(found) >= 0.95
    assert pure / len(incidents) >= 0.95


def test_scaling_neighbourhood_run_agrees_with_full_run() -> None:
    """Reconciling only the reports that share a blocking key (and their incident mates) with a
    report gives that report the same incident as reconciling the whole ledger."""
    from tollwatch.reconcile import blocking_keys

    reports, _ = synthetic_ledger(2_000, seed=3, days=120)
    full = reconcile(reports)
    keys = {r.document_id: blocking_keys(r) for r in reports}
    by_claim = {cid: r for r in reports for cid, _ in r.claims}
    home = {cid: i for i in full for cid in i.claim_ids}
    for report in reports[::97]:
        near = {r.document_id: r for r in reports if keys[r.document_id] & keys[report.document_id]}
        for r in list(near.values()):  # members of their current incidents come along
            for cid, _ in r.claims:
                near.update({by_claim[c].document_id: by_claim[c] for c in home[cid].claim_ids})
        first = report.claims[0][0]
        [mine] = [i for i in reconcile(list(near.values())) if first in i.claim_ids]
        assert mine.to_dict() == home[first].to_dict()
