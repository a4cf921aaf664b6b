"""Follow-ups link back: a report about an earlier event joins that event's incident.

An arrest, a trial, a funeral or "the fatal shooting of X in 2014" is published weeks to years
after the event, outside any incident's MAX_SPAN, so grouping (grouping.py) leaves it an
incident of its own. This pass, run after grouping, joins such an incident to an earlier one
when the evidence links them: rare names both share (the victim's, the suspect's, the street's),
counted over the country's incidents (a name in every report of one shooting is still rare),
and the place at the finest precision both have. The day a follow-up names is most often the
day of the arrest or the hearing, so its dates never date the event: an incident is dated by
its reports that are not follow-ups (reconcile/__init__.py), and a follow-up lends the event
neither its publication date nor the days it names.

Runs in O(n log n): incidents are taken in date order and each is compared only with the few
earlier ones filed under its rarer names, a bounded number per name.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Protocol

from tollwatch.model import Place
from tollwatch.reconcile.evidence import (
    DAY_GAP,
    Rarity,
    Verdict,
    join_weights,
    kind_feature,
    place_feature,
    place_stems,
)
from tollwatch.reconcile.units import SPLIT_KM, Unit, event_dated, shift

# A follow-up is looked for at most this long after its event: trials come years later.
MAX_LAG = dt.timedelta(days=3 * 366)
# Earlier incidents compared per name of a follow-up, the latest first.
PER_NAME = 8
MAX_CANDIDATES = 32
# Reports of each side whose names are compared.
MAX_MEMBERS = 12
# A name is rare when at most this many incidents of the country name it (the event and two
# follow-ups, counted before they join).
RARE_INCIDENTS = 3


class Pool(Protocol):
    """What a follow-up pass needs of an incident under construction (grouping.Group)."""

    serial: int
    units: list[Unit]
    lo: dt.date
    hi: dt.date
    first: dt.date
    dated: tuple[dt.date, dt.date] | None
    places: list[Place]
    kinds: set[str]


def link_followups(groups: list[Pool], rarity_of: dict[str, Rarity]
                   ) -> list[tuple[Pool, Pool, Verdict]]:
    """Which incidents are follow-ups of which earlier ones: (follow-up, event, verdict).

    groups come in grouping order (country, then date); rarity_of holds each country's word
    counts over all its reports. A follow-up joins at most one event; an event absorbs any
    number of follow-ups, and a later follow-up may link through an earlier one's names.
    """
    threshold = join_weights()["followup_join"]
    links: list[tuple[Pool, Pool, Verdict]] = []
    root: dict[int, Pool] = {}
    index: dict[tuple[str, str], list[Pool]] = defaultdict(list)
    for group in groups:
        country = group.units[0].country
        rarity = rarity_of[country]
        names = _rare_names(group.units, rarity)
        best: tuple[Pool, Verdict] | None = None
        for event in _candidates(group, names, country, index, root):
            verdict = weigh_followup(group, event, rarity)
            if verdict.score >= threshold - 1e-9 and (
                    best is None or verdict.score > best[1].score):
                best = (event, verdict)
        target = group
        if best is not None:
            target = best[0]
            root[group.serial] = target
            links.append((group, target, best[1]))
        for name in names:
            bucket = index[(country, name)]
            if not bucket or bucket[-1] is not target:
                bucket.append(target)
    return links


def _rare_names(units: Iterable[Unit], rarity: Rarity) -> set[str]:
    """The names of some units rare enough in the country to point to one event.

    Only these are indexed and looked up: a link needs rare names, and each is filed under
    at most RARE_INCIDENTS incidents, so the work per incident stays bounded.
    """
    return {t for u in list(units)[:MAX_MEMBERS] for t in u.names
            if rarity.df[t] <= RARE_INCIDENTS}


def _candidates(group: Pool, names: set[str], country: str,
                index: dict[tuple[str, str], list[Pool]], root: dict[int, Pool]) -> list[Pool]:
    """Earlier incidents, outside the follow-up's own window, sharing a rare name with it."""
    from tollwatch.reconcile.grouping import MAX_SPAN  # one constant, owned by grouping

    seen: dict[int, Pool] = {}
    oldest = shift(group.lo, -MAX_LAG)
    for name in sorted(names):
        taken = 0
        for event in index.get((country, name), [])[: -4 * PER_NAME - 1: -1]:
            event = root.get(event.serial, event)
            # within MAX_SPAN grouping already weighed them; a follow-up comes after its event
            if oldest <= event.first and shift(event.first, MAX_SPAN) < group.lo:
                seen.setdefault(event.serial, event)
                taken += 1
                if taken == PER_NAME:
                    break
    return sorted(seen.values(), key=lambda g: g.serial)[:MAX_CANDIDATES]


def weigh_followup(later: Pool, event: Pool, rarity: Rarity) -> Verdict:
    """The evidence that an incident's reports follow up an earlier event."""
    w = join_weights()
    place, apart = place_feature(_place_of(later), event.places)
    if apart:
        return Verdict(-1.0, veto=f"places more than {SPLIT_KM:.0f} km apart")
    found = [("followup_" + place, w["followup_" + place])]
    if _dated_elsewhere(later, event):
        found.append(("followup_dated_elsewhere", w["followup_dated_elsewhere"]))
    found.append(("followup_names", w["followup_name"] * _names_value(later, event, rarity)))
    found.append(kind_feature(frozenset(later.kinds), event.kinds))
    kept = tuple((name, value) for name, value in found if name and value)
    return Verdict(sum(v for _, v in kept), kept)


def _dated_elsewhere(later: Pool, event: Pool) -> bool:
    """Whether the later reports date their own figures to days apart from the event's.

    "One man was killed near the tavern on Friday" months later is a new shooting there; a
    follow-up's figures are mostly undated ("two men were killed in the shooting") or dated
    to the event ("killed on April 12"), but a reader also dates them by the hearing ("appeared
    in court on Tuesday charged with murder in the shooting that killed one man"), so this
    weighs against a link instead of vetoing it.
    """
    days = [c.date for u in later.units for _, c in u.claims
            if c.date is not None and c.date.start is not None and event_dated(c.date)]
    if not days:
        return False
    lo, hi = event.dated or (event.lo, event.hi)
    return all(d.start > shift(hi, DAY_GAP) or (d.end or d.start) < shift(lo, -DAY_GAP)
               for d in days if d.start is not None)


def _place_of(group: Pool) -> Place | None:
    return group.places[0] if group.places else None


def _names_value(later: Pool, event: Pool, rarity: Rarity) -> int:
    """How many rare names a report of each side shares, the places' own names left out.

    Rare: named by at most RARE_INCIDENTS incidents of the country. Months apart, a city's
    name, its hospital or its neighbourhood recur in many shootings; a victim's or a
    suspect's first name and surname do not.
    """
    best = 0
    places = {s for p in [*later.places, *event.places] for s in place_stems(p)}
    for mine in later.units[:MAX_MEMBERS]:
        for theirs in event.units[:MAX_MEMBERS]:
            shared = (mine.names & theirs.names) - places
            best = max(best, sum(rarity.df[t] <= RARE_INCIDENTS for t in shared))
    return best
