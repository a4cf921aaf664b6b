"""A stated figure's low/best/high and how specific it is, from its qualifier."""

from __future__ import annotations

from dataclasses import dataclass

from tollwatch.model import Count

# How specific a figure is: lower is more specific. A vague word never beats a number.
SPECIFICITY = {"exact": 0, "range": 1, "approx": 1, "at_least": 2, "at_most": 2, "vague": 3}

# "about 750" is read as 750 +/- 10%: wire copy rounds to the nearest 10 or 50, rarely more.
APPROX_SPREAD = 10  # percent
# Words that put an approximate figure below the stated one ("nearly 750" is not 760).
_BELOW = ("nearly", "almost", "just under", "close to", "approaching", "fewer than")
# Two figures agree when their intervals overlap after widening each by 5% of its best:
# counts of the same dead reported on the same day by two monitors rarely differ by more.
AGREEMENT_SLACK = 0.05


@dataclass(frozen=True)
class Bounds:
    """A figure as an interval: high None means no ceiling was stated ("at least")."""

    low: int
    best: int
    high: int | None
    rank: int  # SPECIFICITY of the qualifier

    def contains(self, value: int) -> bool:
        """Whether value lies inside the interval."""
        return self.low <= value and (self.high is None or value <= self.high)


def bounds_of(count: Count) -> Bounds:
    """Read a Count's bounds from its qualifier, not from whatever low/high it carries."""
    q, n = count.qualifier, count.best
    rank = SPECIFICITY.get(q, 3)
    if q == "exact":
        return Bounds(n, n, n, rank)
    if q == "at_least":
        return Bounds(n, n, None, rank)
    if q == "at_most":
        # "up to 50 killed" says people died, not how many: the floor is one death.
        return Bounds(min(1, n), n, n, rank)
    if q == "approx":
        spread = -(-n * APPROX_SPREAD // 100)  # integer ceiling: no float rounding at 110
        below = any(w in count.text.lower() for w in _BELOW)
        return Bounds(n - n * APPROX_SPREAD // 100, n, n if below else n + spread, rank)
    # range and vague: the extractor's own low/high are the reading of the words.
    low = min(count.low, n)
    high = None if count.high is None else max(count.high, n)
    return Bounds(low, n, high, rank)


def agree(a: Bounds, b: Bounds) -> bool:
    """Whether two figures can describe the same number of people."""
    slack_a = max(1, round(a.best * AGREEMENT_SLACK))
    slack_b = max(1, round(b.best * AGREEMENT_SLACK))
    a_high = None if a.high is None else a.high + slack_a
    b_high = None if b.high is None else b.high + slack_b
    return (a_high is None or a_high >= b.low - slack_b) and (
        b_high is None or b_high >= a.low - slack_a
    )


def compatible(a: Bounds, b: Bounds) -> bool:
    """Whether two figures of one report are the same figure restated (no slack)."""
    return (a.high is None or a.high >= b.low) and (b.high is None or b.high >= a.low)
