"""Follow-ups (reconcile/followups.py): which later reports link back to an earlier event."""

from __future__ import annotations

import datetime as dt

import pytest

from tollwatch.model import Place
from tollwatch.reconcile import reconcile

from .builders import claim, report

D = dt.date
DAYTON = Place("Dayton", kind="populated place", country="US", admin1="Ohio", lat=39.76,
               lon=-84.19, precision=1)
XENIA = Place("Xenia", kind="populated place", country="US", admin1="Ohio", lat=39.68,
              lon=-83.93, precision=1)
TULSA = Place("Tulsa", kind="populated place", country="US", admin1="Oklahoma", lat=36.15,
              lon=-95.99, precision=1)
EVENT = "Lorenzo Quist and Ambrose Feltner were killed in a shooting at a party, police said."


@pytest.mark.parametrize(
    ("sentence", "place", "published", "joined", "why"),
    [
        ("Quist and Feltner were killed in the shooting; the gunman was sentenced to life.",
         XENIA, D(2025, 11, 3), True,
         "a sentencing at the county seat names both victims: a follow-up"),
        ("Two men were killed in the shooting at the party; a man was charged with murder.",
         DAYTON, D(2025, 8, 20), False,
         "the same town and wording but no shared name: another shooting for all we know"),
        ("A man named Feltner was killed in a shooting at a party, relatives said.",
         DAYTON, D(2025, 8, 20), False, "one rare name (a surname) and the town are not enough"),
        ("Quist and Feltner were killed in the shooting; the gunman was sentenced to life.",
         TULSA, D(2025, 11, 3), False, "two names in a town 1,000 km away: other men"),
    ],
)
def test_followups_link_on_two_rare_names(sentence: str, place: Place, published: dt.date,
                                          joined: bool, why: str) -> None:
    event = report("event", D(2025, 6, 8), [claim("killed", 2, sentence=EVENT)], place=DAYTON,
                   date=D(2025, 6, 7))
    later = report("later", published, [claim("killed", 2, sentence=sentence)], place=place)
    incidents = reconcile([event, later])
    assert (len(incidents) == 1) is joined, why
    if joined:
        [incident] = incidents
        assert (incident.start, incident.end) == (D(2025, 6, 7), D(2025, 6, 7)), (
            "the follow-up lends the event no date")
        assert incident.place == DAYTON, "nor its town: a follow-up is no campaign"
        assert [j.get("followup", False) for j in incident.joins] == [False, True]
