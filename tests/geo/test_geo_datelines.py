"""Datelines, US state abbreviations and the page's address put a story in its town and state."""

from __future__ import annotations

import pytest

from tollwatch.geo.context import is_us_station, story_context, url_states
from tollwatch.geo.datelines import find_dateline, state_code, town_state_pairs, url_words
from tollwatch.geo.gazetteer import load_gazetteer


@pytest.mark.parametrize(
    ("text", "town", "state"),
    [
        ("UNION, S.C. -- A clerk was shot at a gas station on Friday.", "UNION", "SC"),
        ("PUYALLUP, Wash. (AP) -- Two men were wounded outside a bar.", "PUYALLUP", "WA"),
        ("HAWTHORNE — A man was killed at a party early on Tuesday.", "HAWTHORNE", None),
        # page chrome before the dateline: a time stamp, then the town and the outlet
        ("March 3, 2014 6:02 PM  DES MOINES (KCCI) — Police found a man shot dead.",
         "DES MOINES", None),
        ("FORT WAYNE, IN -- A teenager was shot on the south side.", "FORT WAYNE", "IN"),
        ("BEIRUT (AP) — Government jets struck a market in a rebel-held town.", "BEIRUT", None),
    ],
)
def test_geo_dateline_found(text: str, town: str, state: str | None) -> None:
    line = find_dateline(text)
    assert line is not None
    assert (line.town, line.state) == (town, state)
    assert text[line.start:line.end] == town


@pytest.mark.parametrize(
    "text",
    [
        "UPDATE -- Police have named the victim of Sunday's shooting.",
        "BREAKING NEWS — Two people were shot near the mall.",
        "A man was shot on Main Street -- police said he would survive.",
        "JONES, a neighbour — said he heard four shots.",
    ],
)
def test_geo_dateline_not_found(text: str) -> None:
    assert find_dateline(text) is None


@pytest.mark.parametrize(
    ("text", "code"),
    [("S.C.", "SC"), ("Wash.", "WA"), ("Okla.", "OK"), ("Calif.", "CA"), ("TX", "TX"),
     ("W.Va.", "WV"), ("D.C.", "DC"), ("Texas", "TX"), ("New Mexico", "NM"),
     # a postal code only in capitals: "in", "or", "me" are words
     ("in", None), ("Or", None), ("Police", None),
     # a postal code spelt with dots is no AP form: "Police I.D. the driver"
     ("I.D.", None), ("O.K.", None), ("N.Y.", "NY"), ("N.M.", "NM")],
)
def test_geo_state_code(text: str, code: str | None) -> None:
    assert state_code(text) == code


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        ("Four were found dead in Tulsa, Okla., on Monday.", [("Tulsa", "OK")]),
        ("On Monday, Union, S.C. police said a clerk was shot.", [("Union", "SC")]),
        ("Officers from Fresno, CA and Reno, Nev. met.", [("Fresno", "CA"), ("Reno", "NV")]),
        ("He moved to Dayton, Ohio State Patrol said.", [("Dayton", "OH")]),
        ("Smith, Jones and Brown were charged.", []),
    ],
)
def test_geo_town_state_pairs(text: str, pairs: list[tuple[str, str]]) -> None:
    found = [(text[p.start:p.end], p.state) for p in town_state_pairs(text)]
    assert found == pairs


@pytest.mark.parametrize(
    ("url", "states"),
    [
        ("http://web.archive.org/web/2015/http://losangeles.cbslocal.com/2013/01/01/man-shot",
         ["CA"]),
        ("http://www.example-daily.com/california/ci_2231/man-shot-in-hawthorne", ["CA"]),
        ("http://pittsburgh.cbslocal.com/2013/01/01/four-shot/", ["PA"]),
        # a host that begins with a big city's or a state's name: the longest one counts
        ("http://www.denverpost.com/2014/05/02/", ["CO"]),
        ("http://www.oregonlive.com/pacific-northwest-news/", ["OR"]),
        ("http://www.kansascity.com/news/local/", []),  # Kansas City: two states
        ("http://www.springfieldnews.com/a/b", []),  # Springfields in many states
        # the story's own slug names its scene, read from the text anyway
        ("http://www.example.com/news/man-shot-in-houston", []),
        ("", []),
    ],
)
def test_geo_url_states(url: str, states: list[str]) -> None:
    assert url_states(url, load_gazetteer()) == states


@pytest.mark.parametrize(
    ("url", "us"),
    [("http://www.wtae.com/news/local/x", True), ("http://kstp.com:80/news/x", True),
     ("http://web.archive.org/web/2015/http://www.wbtv.com/story/1", True),
     ("http://www.bbc.com/news/world", False), ("http://www.walla.co.il/x", False),
     (None, False)],
)
def test_geo_us_station_by_call_sign(url: str | None, us: bool) -> None:
    assert is_us_station(url) is us


def test_geo_url_words_leave_out_archive_and_slug() -> None:
    words = url_words("http://web.archive.org/web/20150101/http://www.kktv.com/news/local/"
                      "teen-shot-in-pueblo-2134")
    assert words == ["kktv"]


@pytest.mark.parametrize(
    ("text", "title", "url", "states"),
    [
        ("UNION, S.C. -- A clerk was shot.", None, None, {"SC"}),
        ("A clerk was shot.", "Clerk shot in Tulsa, Okla., store", None, {"OK"}),
        ("A clerk was shot.", None, "http://pittsburgh.cbslocal.com/2013/x/", {"PA"}),
        ("A clerk was shot.", None, None, set()),
    ],
)
def test_geo_story_context_states(text: str, title: str | None, url: str | None,
                                  states: set[str]) -> None:
    context = story_context(text, load_gazetteer(), title, url)
    assert set(context.states) == states
    assert (context.countries.get("US", 0.0) > 0) is bool(states)
