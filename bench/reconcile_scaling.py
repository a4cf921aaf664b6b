"""Reconciliation time as the ledger grows: 1k, 10k, 100k claims; it must grow ~ n log n.

Pure reconcile() over a synthetic ledger (tests/reconcile/synthetic.py): incidents in 20
countries over a span of days that grows with the ledger (a ledger growing over time), each
told by 1-5 reports of 1-3 claims. Prints claims, reports, incidents, seconds, pairs scored,
and CPU time / (n log n) relative to the smallest size: a ratio that stays near 1 is n log n
(CPU time, because the machine may be shared; wall time is printed too).

Usage: .venv/bin/python bench/reconcile_scaling.py [--sizes 1000,10000,100000] [--crowded]
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "reconcile"))

from synthetic import synthetic_ledger  # noqa: E402

from tollwatch.reconcile import Stats, reconcile  # noqa: E402


def run(n_claims: int, days: int) -> tuple[int, int, float, float, int, int]:
    """(reports, incidents, wall s, CPU s, pairs scored, true incidents) for one size."""
    reports, truth = synthetic_ledger(n_claims, seed=7, days=days)
    stats = Stats()
    wall, cpu = time.perf_counter(), time.process_time()
    incidents = reconcile(reports, stats=stats)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return len(reports), len(incidents), wall, cpu, stats.comparisons, len(set(truth.values()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--crowded", action="store_true",
                        help="keep the span at 365 days whatever the size (denser ledger)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{'claims':>8} {'reports':>8} {'incidents':>9} {'true':>7} {'wall s':>7} "
          f"{'CPU s':>7} {'pairs':>9} {'pairs/rep':>9} {'cpu/nlogn':>9}")
    base = None
    for n in sizes:
        days = 365 if args.crowded else max(365, 365 * n // 10_000)
        reports, incidents, wall, cpu, pairs, true = run(n, days)
        unit = cpu / (n * math.log(n))
        base = base or unit
        print(f"{n:>8} {reports:>8} {incidents:>9} {true:>7} {wall:>7.2f} {cpu:>7.2f} "
              f"{pairs:>9} {pairs / reports:>9.1f} {unit / base:>9.2f}")


if __name__ == "__main__":
    main()
