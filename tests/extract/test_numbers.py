"""numbers.py: parsing figures written in digits and words, ranges, qualifiers, vague words."""

from __future__ import annotations

import pytest

from tollwatch.extract.numbers import VAGUE, find_figures, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,000", 1000),
        ("12,345", 12345),
        ("1.2 million", 1_200_000),
        ("2.5 thousand", 2500),
        ("3 million", 3_000_000),
        ("1.5m", 1_500_000),
        ("nine", 9),
        ("twenty-one", 21),
        ("twenty one", 21),
        ("seven hundred and forty-five", 745),
        ("a hundred", 100),
        ("two thousand five hundred", 2500),
        ("one million", 1_000_000),
        ("Fourteen", 14),
        ("ninety-nine", 99),
        ("zero", 0),
        ("745", 745),
    ],
)
def test_numbers_parse_number(text: str, value: int) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "people", "1.5", "dozens", "first"])
def test_numbers_parse_number_rejects(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "low", "best", "high", "qualifier", "vague_word"),
    [
        ("has surpassed 1,000 deaths", 1000, 1000, None, "at_least", None),
        ("at least 13 people", 13, 13, None, "at_least", None),
        ("more than 20 people", 20, 20, None, "at_least", None),
        ("over 40 villagers", 40, 40, None, "at_least", None),
        ("no fewer than five persons", 5, 5, None, "at_least", None),
        ("up to 30 people", 0, 30, 30, "at_most", None),
        ("as many as 17 people", 0, 17, 17, "at_most", None),
        ("nearly 750 civilians", 750, 750, 750, "approx", None),
        ("about 32 people", 32, 32, 32, "approx", None),
        ("some 40 people", 40, 40, 40, "approx", None),
        ("around 200 families", 200, 200, 200, "approx", None),
        ("10 to 15 people", 10, 12, 15, "range", None),
        ("10-15 people", 10, 12, 15, "range", None),
        ("between 10 and 15 people", 10, 12, 15, "range", None),
        ("two or three people", 2, 2, 3, "range", None),
        ("dozens of people", *VAGUE["dozens"], "vague", "dozens"),
        ("scores of people", *VAGUE["scores"], "vague", "scores"),
        ("hundreds of people", *VAGUE["hundreds"], "vague", "hundreds"),
        ("thousands fled", *VAGUE["thousands"], "vague", "thousands"),
        ("several others", *VAGUE["several"], "vague", "several"),
        ("a number of people", *VAGUE["a number"], "vague", "a number of"),
        ("tens of thousands fled", 10_000, 20_000, 99_000, "vague", "tens of thousands"),
        ("a dozen people", 12, 12, 12, "exact", None),
    ],
)
def test_numbers_find_figure_bounds(text: str, low: int, best: int, high: int | None,
                                    qualifier: str, vague_word: str | None) -> None:
    figs = find_figures(text)
    assert len(figs) == 1, figs
    f = figs[0]
    assert (f.low, f.best, f.high, f.qualifier, f.vague_word) == (low, best, high, qualifier,
                                                                  vague_word)


def test_numbers_acled_low_convention() -> None:
    """The low bound of vague words is ACLED's conservative reading."""
    assert VAGUE["tens"][0] == 10 and VAGUE["dozens"][0] == 12 and VAGUE["hundreds"][0] == 100


@pytest.mark.parametrize(
    "text",
    [
        "a 57-year-old resident",
        "a town 12 miles away",
        "began 14 years ago",
        "three months after",
        "in 2016",
        "at 10:30 on Friday",
        "on 3/4/2016",
        "call +44 20 7946 0958 for details",
        "as reported [12] earlier",
        "a $5 million fund",
        "the 21st activist",
        "a 40 percent rise",
        "a 40% rise",
        "aged 30",
        "on 3 January",
        "on January 3",
        "a boy of 14",
        "a 5 km walk",
    ],
)
def test_numbers_not_counts(text: str) -> None:
    assert find_figures(text) == []


def test_numbers_offsets_point_into_text() -> None:
    text = "Police said at least 1,200 people fled."
    (fig,) = find_figures(text, offset=100)
    assert text[fig.start - 100:fig.end - 100] == "at least 1,200"


def test_numbers_rose_from_to_is_two_figures() -> None:
    figs = find_figures("the toll rose from 10 to 15")
    assert [f.best for f in figs] == [10, 15]
    assert all(f.qualifier == "exact" for f in figs)


def test_numbers_score_is_not_a_range() -> None:
    assert [f.best for f in find_figures("killed 5 and injured 3")] == [5, 3]
