"""Messy scraped text: commas and spaces lost, idioms for small figures, collective nouns."""

from __future__ import annotations

import datetime as dt

import pytest

from tollwatch.extract.pipeline import Extractor
from tollwatch.geo.dates import dateline_date, find_dates
from tollwatch.model import Document


@pytest.mark.parametrize(("text", "killed"), [
    # the set stripped commas: a dateline year runs into the lead
    ("Oct 262016 BEIRUT Air strikes on a village in Idlib killed 21 people a monitor said.", 21),
    ("Air strikes hit Atareb on Wednesday 2016 21 people were killed the monitor said.", 21),
    ("Published 12 May 2016 17 civilians were killed in air raids on Aleppo.", 17),
    ("Sat Mar 12 2016 Rebel shelling kills nine in Aleppo.", 9),
    # idioms for small figures
    ("Half a dozen soldiers were killed in the ambush near Deraa.", 6),
    ("Gunmen killed half a dozen villagers and wounded several others.", 6),
])
def test_messy_text_lead_figure(text: str, killed: int, extractor: Extractor) -> None:
    assert extractor.extract(Document(text=text)).killed == killed


@pytest.mark.parametrize("text", [
    "The group seized a new string of villages and abducted dozens of residents.",
    "Rebels took a new string of villages near the border, kidnapping shepherds.",
    "The army retook a series of hills after militants abducted villagers.",
])
def test_messy_text_collection_is_no_person(text: str, extractor: Extractor) -> None:
    claims = extractor.extract(Document(text=text)).claims
    assert not [c for c in claims if c.count.best == 1], [(c.outcome, c.count.best) for c in claims]


@pytest.mark.parametrize(("text", "date"), [
    ("Oct 262016 BEIRUT Air strikes", dt.date(2016, 10, 26)),
    ("Jan 52017 DAMASCUS Shelling", dt.date(2017, 1, 5)),
    ("Tuesday 3 Oct 2017 A US-led strike", dt.date(2017, 10, 3)),
    ("Posted on April 19 2017 by an outlet", dt.date(2017, 4, 19)),
    ("Rebels advanced on the town.", None),
])
def test_messy_text_dateline(text: str, date: dt.date | None) -> None:
    assert dateline_date(text) == date


def test_messy_text_glued_date_keeps_bracketed_reading() -> None:
    found = find_dates("He died yesterday [Oct 20] in hospital.", dt.date(2016, 10, 21))
    assert [d.ref.start for d in found] == [dt.date(2016, 10, 20)]


@pytest.mark.parametrize(("text", "killed", "injured"), [
    # comma-less headline pairs: the parse takes the first figure for the killer
    ("12 civilians killed 20 injured in rocket attacks on Aleppo and Hama.", 12, 20),
    ("Eight killed 31 others injured due to shelling on Daraa neighborhoods.", 8, 31),
    ("Three children dead 11 wounded in shelling on Douma.", 3, 11),
    ("Two dead nine injured in a car bomb blast in Azaz.", 2, 9),
    # a real subject keeps its reading
    ("Five gunmen killed three soldiers in Hama.", 3, None),
])
def test_messy_text_headline_pairs(text: str, killed: int, injured: int | None,
                                   extractor: Extractor) -> None:
    ex = extractor.extract(Document(text=text))
    assert (ex.killed, ex.injured) == (killed, injured), [
        (c.outcome, c.count.best, c.why.get("outcome")) for c in ex.claims]
