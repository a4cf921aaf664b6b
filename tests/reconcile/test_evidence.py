"""Same-incident evidence as named features, the headline rule, coherent totals, campaign areas."""

from __future__ import annotations

import datetime as dt

import pytest

from tollwatch.lexicon import table
from tollwatch.model import Incident, Place, Toll
from tollwatch.reconcile import campaign_area, reconcile
from tollwatch.reconcile.headline import headline_toll
from tollwatch.reconcile.tolls import coherent

from .builders import BANIYAS, LATAKIA, claim, report

D = dt.date
JABLEH = Place("Jableh", geonames_id=170017, kind="populated place", country="SY",
               admin1="Latakia", lat=35.36, lon=35.92, precision=1)
HOMS = Place("Homs", geonames_id=169577, kind="populated place", country="SY", admin1="Homs",
             lat=34.73, lon=36.72, precision=1)
SYRIA = Place("Syria", kind="country", country="SY", precision=6)


def test_evidence_every_weight_has_a_reason() -> None:
    rows = table("incident_join")
    assert {r["feature"] for r in rows} >= {"join", "place_same", "names", "date_apart"}
    assert all(r["reason"].strip() and float(r["weight"]) == float(r["weight"]) for r in rows)


@pytest.mark.parametrize(
    ("a", "b", "joined", "why"),
    [
        (("Gunmen shot dead Karim Haddad outside his shop on Baker Road.", LATAKIA),
         ("Karim Haddad was killed outside his Baker Road shop, relatives said.", SYRIA),
         True, "a country-level report joins on rare shared names and the day"),
        (("A car bomb killed 4 people in the market.", SYRIA),
         ("A car bomb killed 4 people near the mosque.", SYRIA),
         False, "two country-level reports never join on place and wording alone"),
        (("One man was killed in a shooting at a party.", LATAKIA),
         ("One man was killed in a shooting at a gas station.", JABLEH),
         False, "two shootings in two towns of one province on one day are two events"),
        (("One man was killed in a shooting on Hill Street.", LATAKIA),
         ("One man was killed in a shooting, police said.", LATAKIA),
         True, "the same town on the same day"),
    ],
)
def test_evidence_join_decisions(a: tuple[str, Place], b: tuple[str, Place], joined: bool,
                                 why: str) -> None:
    day = D(2025, 4, 5)
    one = report("a", day, [claim("killed", 1, sentence=a[0])], place=a[1], date=day)
    two = report("b", day, [claim("killed", 1, sentence=b[0])], place=b[1], date=day)
    incidents = reconcile([one, two])
    assert (len(incidents) == 1) is joined, why
    if joined:
        [opened, second] = incidents[0].joins
        assert opened["opened"] and second["decided_by"] and second["score"] >= 0.9


def test_evidence_cumulative_and_background_claims_make_no_incident() -> None:
    day = D(2025, 3, 11)
    strike = claim("killed", 7, sentence="An air strike on Idlib killed 7 people.")
    war = claim("killed", 500_000, sentence="The war has killed 500,000 since 2011.")
    past = claim("killed", 1429, sentence="The 2013 attack killed 1,429.")
    war.scope, past.scope = "cumulative", "background"
    r = report("r", day, [strike, war, past], place=LATAKIA, date=day)
    [incident] = reconcile([r])
    assert headline_toll(incident, "killed").best == 7  # type: ignore[union-attr]
    assert incident.claim_ids == [r.claims[0][0]]


@pytest.mark.parametrize(
    ("groups", "mode", "best"),
    [
        ({"civilians": 5, "perpetrators": 2}, "all", 5),  # attackers never in a headline
        ({"civilians": 5, "perpetrators": 2}, "victims", 5),
        ({"civilians": 5, "security_forces": 3}, "all", 8),
        ({"civilians": 5, "security_forces": 3}, "victims", 5),
    ],
)
def test_evidence_one_headline_rule(groups: dict[str, int], mode: str, best: int) -> None:
    day = D(2025, 3, 11)
    claims = [claim("killed", n, group=g, sentence=f"{n} {g} were killed.")
              for g, n in groups.items()]
    [incident] = reconcile([report("r", day, claims, place=LATAKIA, date=day)])
    assert headline_toll(incident, "killed", mode).best == best  # type: ignore[arg-type, union-attr]


def test_evidence_total_never_below_its_groups() -> None:
    total = Toll(1300, 1383, 1383, "killed", "total", claim_ids=(1,))
    civilians = Toll(1500, 1500, 1500, "killed", "civilians", claim_ids=(2,))
    raised = coherent(total, [civilians])
    assert raised is not None and (raised.low, raised.best, raised.high) == (1300, 1500, 1500)
    assert coherent(None, [civilians]) == Toll(1500, 1500, 1500, "killed", "total",
                                               claim_ids=(2,))
    assert headline_toll(Incident(None, None, None, None, tolls=[civilians]),
                         "killed").best == 1500  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("places", "days", "name", "precision"),
    [
        ([LATAKIA, BANIYAS], [D(2025, 3, 6), D(2025, 3, 8)], "Latakia and Baniyas", 5),
        ([JABLEH, Place("Qardaha", kind="populated place", country="SY", admin1="Latakia",
                        lat=35.45, lon=36.06, precision=1)],
         [D(2025, 3, 6), D(2025, 3, 8)], "Latakia", 4),
        ([JABLEH, BANIYAS], [D(2025, 3, 6)], None, None),  # one day: no campaign
        ([JABLEH], [D(2025, 3, 6), D(2025, 3, 9)], None, None),  # one town
        ([JABLEH, BANIYAS, HOMS, Place("Hama", kind="populated place", country="SY",
                                       admin1="Hama", lat=35.13, lon=36.75, precision=1)],
         [D(2025, 3, 6), D(2025, 3, 9)], None, None),  # wider than two provinces
    ],
)
def test_evidence_campaign_placed_at_its_area(places: list[Place], days: list[dt.date],
                                              name: str | None, precision: int | None) -> None:
    area = campaign_area(places, days)
    assert (area.name if area else None, area.precision if area else None) == (name, precision)
