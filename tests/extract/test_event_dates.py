"""The event date comes from the main event: background sentences never date it."""

from __future__ import annotations

import datetime as dt

import pytest

from tollwatch.extract.pipeline import Extractor
from tollwatch.model import Document

MONDAY = dt.date(2016, 10, 10)


@pytest.mark.parametrize(("text", "published", "start", "end"), [
    # a war-wide total's "since March 2011" does not date the story
    ("Shelling killed nine civilians in Douma on Sunday. The war has killed more than 300000 "
     "people since it began in March 2011.", MONDAY, dt.date(2016, 10, 9), dt.date(2016, 10, 9)),
    # a past event with its date is history
    ("A bomb killed 18 people in Jaramana on Saturday. In July 2012 a car bomb in the same "
     "square killed 27 people.", MONDAY, dt.date(2016, 10, 8), dt.date(2016, 10, 8)),
    ("A bomb killed 18 people in Jaramana on Saturday. Last year another car bomb killed 27 "
     "people there.", MONDAY, dt.date(2016, 10, 8), dt.date(2016, 10, 8)),
    # a day outranks a month
    ("Air strikes killed 14 people in Idlib on Friday, the deadliest raid this month.", MONDAY,
     dt.date(2016, 10, 7), dt.date(2016, 10, 7)),
    # a weekday named in a report published that weekday is that very day
    ("Rebel rockets killed four people in Aleppo on Monday, state media said.", MONDAY,
     MONDAY, MONDAY),
    # no publication date: the dateline stands in for it, and dates only the report
    ("Oct 102016 BEIRUT Rebel rockets killed four people in Aleppo on Sunday.", None,
     dt.date(2016, 10, 9), dt.date(2016, 10, 9)),
])
def test_event_date_from_main_event(text: str, published: dt.date | None, start: dt.date,
                                    end: dt.date, extractor: Extractor) -> None:
    date = extractor.extract(Document(text=text, published=published)).date
    assert date is not None and (date.start, date.end) == (start, end), date
