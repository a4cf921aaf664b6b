"""Consistency flags on incidents: parts above their total, categories far from it, copies."""

from __future__ import annotations

import datetime as dt

import pytest

from tollwatch.model import Claim
from tollwatch.reconcile import reconcile

from .builders import LATAKIA, claim, report

D = dt.date
S = "The attack on the Latakia checkpoint killed people, the monitor said."


def killed(n: int, q: str = "exact", group: str = "total", **kw: object) -> Claim:
    """A killed claim attributed to one monitor."""
    high = None if q == "at_least" else n
    return claim("killed", n, q, group=group, sentence=S, source="monitor", high=high,
                 **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("claims", "flag", "best"),
    [
        # stated exact 20, but its groups add up to 25: flagged, and the total is never below
        # the sum of its disjoint groups
        ([killed(20), killed(15, group="civilians"), killed(10, group="security_forces")],
         "parts_above_total", 25),
        # groups account for 15 of 100
        ([killed(100), killed(10, group="civilians"), killed(5, group="armed_group")],
         "parts_far_from_total", 100),
        # "at least 30" and exact groups summing to 34: best derived from the parts
        ([killed(30, "at_least"), killed(20, group="civilians"),
          killed(14, group="security_forces")], "total_from_parts", 34),
        # named parts (part_of) of an exact figure summing above it
        ([killed(10), killed(7, subgroup="children", group="civilians", part_of=0),
          killed(6, subgroup="women", group="civilians", part_of=0)], "parts_above_total", 10),
    ],
)
def test_flags_parts_and_totals(claims: list[Claim], flag: str, best: int) -> None:
    (incident,) = reconcile([report("r", D(2025, 5, 2), claims, place=LATAKIA,
                                    date=D(2025, 5, 1))])
    assert any(f.startswith(flag + ":") for f in incident.flags), incident.flags
    total = next(t for t in incident.tolls if (t.outcome, t.group) == ("killed", "total"))
    assert total.best == best


def test_flags_consistent_report_has_none() -> None:
    claims = [killed(12), killed(9, group="civilians"), killed(3, group="security_forces")]
    (incident,) = reconcile([report("r", D(2025, 5, 2), claims, place=LATAKIA,
                                    date=D(2025, 5, 1))])
    assert incident.flags == []
