"""Invariants over generated ledgers: partition, bounds order, determinism, decisions honoured."""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tollwatch.model import Claim, Count, DateRef, Evidence, Place, Report
from tollwatch.reconcile import Decision, reconcile

TOWNS = [Place("Latakia", 1, "populated place", "SY", "02", 35.53, 35.79, 1),
         Place("Jableh", 2, "populated place", "SY", "02", 35.36, 35.93, 1),
         Place("Aleppo", 3, "populated place", "SY", "09", 36.20, 37.16, 1),
         Place("Syria", 4, "country", "SY", None, 35.0, 38.0, 6),
         Place("Kherson", 5, "populated place", "UA", "14", 46.65, 32.62, 1)]
WORDS = ["clashes", "loyalists", "airstrike", "market", "shelling", "convoy", "mosque"]
QUALIFIERS = ["exact", "exact", "at_least", "approx", "vague"]
GROUPS = ["total", "total", "civilians", "security_forces", "armed_group"]


@st.composite
def ledgers(draw: st.DrawFn) -> list[Report]:
    """A handful of reports with random places, dates, sources, qualifiers, copies, parts."""
    rng = random.Random(draw(st.integers(0, 10**6)))
    reports: list[Report] = []
    cid = 0
    for r in range(draw(st.integers(1, 8))):
        claims = []
        for _ in range(rng.randint(1, 4)):
            n, q = rng.randint(1, 400), rng.choice(QUALIFIERS)
            count = Count(n, n, None if q == "at_least" else (n * 3 if q == "vague" else n), q)
            sentence = " ".join(rng.sample(WORDS, 3))
            part_of = rng.choice([None, None, 0]) if claims else None
            claims.append((cid, Claim(
                rng.choice(["killed", "killed", "injured"]), count, Evidence(0, 1, sentence),
                group=rng.choice(GROUPS), source=rng.choice([None, "SOHR", "ministry", "UN"]),
                status=rng.choice(["current"] * 4 + ["superseded"]), part_of=part_of,
                place=rng.choice([None, *TOWNS]))))
            cid += 1
        day = dt.date(2025, 3, 1) + dt.timedelta(days=rng.randint(0, 20))
        copy_of = f"r{rng.randrange(r)}" if r and rng.random() < 0.2 else None
        reports.append(Report(f"r{r}", day + dt.timedelta(days=rng.randint(0, 2)), claims,
                              outlet=rng.choice(["AP", "AFP", None]), copy_of=copy_of,
                              place=rng.choice(TOWNS), date=DateRef("", day, day, "day")))
    return reports


FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(ledgers(), st.randoms(use_true_random=False))
def test_properties_partition_bounds_and_order(reports: list[Report], rnd: random.Random) -> None:
    incidents = reconcile(reports)
    claimed = [c for i in incidents for c in i.claim_ids]
    assert sorted(claimed) == sorted(c for r in reports for c, _ in r.claims)
    for incident in incidents:
        for toll in incident.tolls:
            assert toll.low <= toll.best
            assert toll.high is None or toll.best <= toll.high
            assert set(toll.claim_ids) <= set(incident.claim_ids)
            assert toll.grading in {"single source", "several independent sources", "contested"}
        published = [r.published for r in incident.revisions]
        assert published == sorted(published)  # type: ignore[type-var]
    shuffled = reports[:]
    rnd.shuffle(shuffled)
    assert [i.to_dict() for i in reconcile(shuffled)] == [i.to_dict() for i in incidents]


@FAST
@given(ledgers(), st.data())
def test_properties_decisions_honoured(reports: list[Report], data: st.DataObject) -> None:
    ids = sorted(c for r in reports for c, _ in r.claims)
    left = frozenset(data.draw(st.sets(st.sampled_from(ids), min_size=1)))
    right = frozenset(data.draw(st.sets(st.sampled_from(ids), min_size=1))) - left
    if not right:
        return
    kind = data.draw(st.sampled_from(["merge", "split"]))
    incidents = reconcile(reports, [Decision(kind, left, right)])  # type: ignore[arg-type]
    home = {c: n for n, i in enumerate(incidents) for c in i.claim_ids}
    if kind == "merge":
        assert len({home[c] for c in left | right}) == 1
    else:
        assert not {home[c] for c in left} & {home[c] for c in right}
