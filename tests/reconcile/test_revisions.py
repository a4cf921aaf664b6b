"""Revision history: the toll after each report, in publication order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tollwatch.reconcile import reconcile

from .builders import GOLD, LATAKIA, SOHR, claim, coastal_wire, gold_report, report

D = dt.date


def history(incident, outcome: str = "killed",  # type: ignore[no-untyped-def]
            group: str = "total") -> list[tuple[str, int, int]]:
    """(document, low, best) of each revision of an outcome and group."""
    return [(r.document_id, r.toll.low, r.toll.best) for r in incident.revisions
            if (r.toll.outcome, r.toll.group) == (outcome, group)]


@pytest.mark.parametrize("given", ["in order", "reversed"])
def test_revisions_200_then_1018(data_dir: Path, given: str) -> None:
    reports = [coastal_wire("early-200", 100), gold_report(data_dir / GOLD, first_id=1)]
    if given == "reversed":
        reports.reverse()
    (incident,) = reconcile(reports)
    assert history(incident) == [("early-200", 200, 200), ("coastal", 1000, 1018)]
    # the groups have their own series: the civilians first appear with the gold article
    assert history(incident, group="civilians") == [("coastal", 745, 745)]
    assert [r.published for r in incident.revisions
            if (r.toll.outcome, r.toll.group) == ("killed", "total")] == [
        D(2025, 3, 7), D(2025, 3, 8)]


def test_revisions_copy_changes_nothing(data_dir: Path) -> None:
    copy = gold_report(data_dir / GOLD, doc="copy", first_id=101, copy_of="coastal")
    copy.published = D(2025, 3, 9)
    reports = [coastal_wire("early-200", 100), gold_report(data_dir / GOLD, first_id=1), copy]
    (incident,) = reconcile(reports)
    assert [best for _, _, best in history(incident)] == [200, 1018, 1018]


def test_revisions_other_outcomes_tracked() -> None:
    s = "The strike on Latakia port killed 6 and wounded 20, the civil defence said."
    first = report("a", D(2025, 4, 2), [claim("killed", 6, sentence=s, source="civil defence"),
                                        claim("injured", 20, sentence=s,
                                              source="civil defence")],
                   place=LATAKIA, date=D(2025, 4, 1))
    s2 = "The toll from the strike on Latakia port rose to 9, with 25 wounded, SOHR said."
    second = report("b", D(2025, 4, 3), [claim("killed", 9, sentence=s2, source=SOHR),
                                         claim("injured", 25, sentence=s2, source=SOHR)],
                    place=LATAKIA, date=D(2025, 4, 1))
    (incident,) = reconcile([second, first])
    assert [b for _, _, b in history(incident, "killed")] == [6, 9]
    assert [b for _, _, b in history(incident, "injured")] == [20, 25]
    # a later, higher figure from another source overtakes the earlier count: not contested
    last = [r.toll for r in incident.revisions if r.toll.outcome == "killed"][-1]
    assert last.group == "total"
    assert (last.low, last.best, last.grading, last.sources) == (9, 9, "single source", (SOHR,))
