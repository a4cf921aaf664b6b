"""Date expressions resolved against the publication date, and left alone without one."""

from __future__ import annotations

import datetime as dt

import pytest

from tollwatch.extract.nlp import load_nlp
from tollwatch.geo.dates import find_dates, report_date, role_of, span_of
from tollwatch.model import DateRef

SAT = dt.date(2025, 3, 8)  # a Saturday
D = dt.date


@pytest.mark.parametrize(
    ("text", "published", "expr", "start", "end", "precision"),
    [
        ("The conflict erupted on Thursday, just", SAT, "on Thursday", D(2025, 3, 6), None, "day"),
        ("attacks on Friday, a move", SAT, "on Friday", D(2025, 3, 7), None, "day"),
        ("On Saturday, the Defense Ministry said", SAT, "On Saturday", SAT, None, "day"),
        ("gunmen struck early Sunday in the town", SAT, "early Sunday", D(2025, 3, 2), None, "day"),
        ("six were killed last week in", SAT, "last week", D(2025, 2, 24), D(2025, 3, 2), "week"),
        ("clashes on March 12-13 left", D(2016, 3, 20), "on March 12-13", D(2016, 3, 12),
         D(2016, 3, 13), "days"),
        ("was killed yesterday [3 January] when", D(2016, 1, 4), "yesterday [3 January]",
         D(2016, 1, 3), None, "day"),
        ("an attack on 26 December killed", D(2017, 1, 2), "on 26 December", D(2016, 12, 26),
         None, "day"),
        ("Police said Oct. 20 that", D(2016, 10, 25), "Oct. 20", D(2016, 10, 20), None, "day"),
        ("on October 20, 2016 gunmen", D(2017, 5, 1), "on October 20, 2016", D(2016, 10, 20),
         None, "day"),
        ("two days ago, a bomb", SAT, "two days ago", D(2025, 3, 6), None, "day"),
        ("killed in March 2016 in", D(2016, 5, 1), "in March 2016", D(2016, 3, 1),
         D(2016, 3, 31), "month"),
        ("were killed Friday night at", SAT, "Friday night", D(2025, 3, 7), None, "day"),
        ("killed between 12 and 14 May", D(2016, 6, 1), "12 and 14 May", D(2016, 5, 12),
         D(2016, 5, 14), "days"),
    ],
)
def test_dates_resolve_against_publication(text: str, published: dt.date, expr: str,
                                           start: dt.date, end: dt.date | None,
                                           precision: str) -> None:
    (mention,) = find_dates(text, published)
    assert text[mention.start:mention.end] == expr == mention.ref.text
    assert (mention.ref.start, mention.ref.end, mention.ref.precision) == (start, end or start,
                                                                           precision)


@pytest.mark.parametrize(
    "text",
    ["The conflict erupted on Thursday.", "six were killed last week", "killed yesterday",
     "gunmen struck early Sunday", "two days ago", "an attack on 26 December killed",
     "was killed yesterday [3 January] when"],
)
def test_dates_without_publication_stay_unresolved(text: str) -> None:
    (mention,) = find_dates(text, None)
    assert mention.ref.text and mention.ref.text in text
    assert (mention.ref.start, mention.ref.end, mention.ref.precision) == (None, None, None)


@pytest.mark.parametrize(
    "text",
    ["began 14 years ago", "a 57-year-old resident", "for hours", "just three months after",
     "In May the rains", "125 members of government security forces"],
)
def test_dates_ignores_durations_and_numbers(text: str) -> None:
    assert find_dates(text, SAT) == []


def test_dates_absolute_with_year_resolves_without_publication() -> None:
    (mention,) = find_dates("killed on 26 December 2016 near", None)
    assert mention.ref.start == D(2016, 12, 26)


@pytest.mark.parametrize(
    ("text", "expr", "role"),
    [
        ("The conflict erupted on Thursday, posing a challenge.", "on Thursday", "event"),
        ("On Saturday, the Defense Ministry claimed that forces regained control.",
         "On Saturday", "report"),
        ("Seven people were killed Wednesday, police said on Thursday.", "on Thursday", "report"),
        ("Seven people were killed Wednesday, police said on Thursday.", "Wednesday", "event"),
    ],
)
def test_dates_role_event_or_report(text: str, expr: str, role: str) -> None:
    doc = load_nlp()(text)
    mention = next(m for m in find_dates(text, SAT) if m.ref.text == expr)
    assert role_of(doc, mention.start, mention.end) == role


def test_dates_span_of_thursday_friday() -> None:
    refs = [DateRef("on Thursday", D(2025, 3, 6), D(2025, 3, 6), "day"),
            DateRef("on Friday", D(2025, 3, 7), D(2025, 3, 7), "day")]
    span = span_of(refs)
    assert span is not None
    assert (span.start, span.end, span.precision) == (D(2025, 3, 6), D(2025, 3, 7), "days")


def test_dates_report_date_is_honest() -> None:
    ref = report_date(SAT)
    assert ref is not None and ref.end == SAT and ref.start is not None and ref.start < SAT
    assert ref.precision == "week"
    assert report_date(None) is None
