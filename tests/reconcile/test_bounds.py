"""A figure's low/best/high from its qualifier, and when two figures agree."""

from __future__ import annotations

import pytest

from tollwatch.model import Count
from tollwatch.reconcile.bounds import Bounds, agree, bounds_of


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (Count(1000, 1000, None, "at_least", "has surpassed 1,000"), (1000, 1000, None)),
        (Count(750, 750, 750, "approx", "nearly 750 civilians"), (675, 750, 750)),
        (Count(100, 100, 100, "approx", "about 100 people"), (90, 100, 110)),
        (Count(745, 745, 745, "exact", "745 civilians"), (745, 745, 745)),
        # the extractor's own bounds for an exact figure are not trusted over the qualifier
        (Count(700, 745, 800, "exact", "745 civilians"), (745, 745, 745)),
        (Count(50, 50, 50, "at_most", "up to 50 people"), (1, 50, 50)),
        (Count(20, 25, 30, "range", "20 to 30 people"), (20, 25, 30)),
        (Count(1000, 2000, 9999, "vague", "thousands", "thousands"), (1000, 2000, 9999)),
    ],
)
def test_bounds_of_qualifier(count: Count, expected: tuple[int, int, int | None]) -> None:
    b = bounds_of(count)
    assert (b.low, b.best, b.high) == expected


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (Bounds(1018, 1018, 1018, 0), Bounds(1000, 1000, None, 2), True),
        (Bounds(1018, 1018, 1018, 0), Bounds(1000, 1000, 1000, 0), True),  # within 5%
        (Bounds(1018, 1018, 1018, 0), Bounds(300, 300, 300, 0), False),
        (Bounds(20, 20, 20, 0), Bounds(21, 21, 21, 0), True),
        (Bounds(20, 20, 20, 0), Bounds(25, 25, 25, 0), False),
        (Bounds(830, 830, 830, 0), Bounds(1000, 1000, None, 2), False),
    ],
)
def test_agree_tolerates_five_percent(a: Bounds, b: Bounds, same: bool) -> None:
    assert agree(a, b) is same
    assert agree(b, a) is same
