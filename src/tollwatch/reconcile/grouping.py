"""Group units into incidents: block by country, sweep by date, weigh the evidence (evidence.py).

Runs in O(n log n): units are sorted once, and each is compared only with the few open
incidents of its country that share a place or a distinctive word with it, never with the
whole ledger.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from tollwatch.model import DocumentId, Place
from tollwatch.reconcile.evidence import RARITY_WINDOW, Rarity, Verdict, join_weights, weigh
from tollwatch.reconcile.followups import link_followups
from tollwatch.reconcile.units import Unit, shift

# An incident spans at most this long from its earliest date; a longer campaign is cut into
# several incidents, as UCDP GED cuts a war into events.
MAX_SPAN = dt.timedelta(days=14)
# At most this many open incidents are scored per unit, newest first, per index key.
PER_KEY = 16
MAX_CANDIDATES = 64
MAX_PLACES = 8
MAX_FIGURES = 32


@dataclass
class Stats:
    """Work done by grouping, for the scaling check: pairs scored."""

    comparisons: int = 0


@dataclass
class Group:
    """An incident under construction."""

    serial: int
    units: list[Unit] = field(default_factory=list)
    lo: dt.date = dt.date.max
    hi: dt.date = dt.date.min
    first: dt.date = dt.date.max
    dated: tuple[dt.date, dt.date] | None = None
    places: list[Place] = field(default_factory=list)
    tokens: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    outcomes: set[str] = field(default_factory=set)
    figures: set[tuple[str, int]] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)
    documents: set[DocumentId] = field(default_factory=set)
    # why each unit is in it: the verdict it joined on, None for the unit that opened it
    joins: list[tuple[Unit, Verdict | None]] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)  # the index keys it is filed under
    followups: set[int] = field(default_factory=set)  # id() of units that joined as follow-ups

    def add(self, unit: Unit) -> None:
        """Take a unit in and widen what the incident knows."""
        self.units.append(unit)
        self.lo, self.hi = min(self.lo, unit.lo), max(self.hi, unit.hi)
        self.first = min(self.first, unit.lo)
        if unit.dated:
            lo, hi = self.dated or (unit.lo, unit.hi)
            self.dated = (min(lo, unit.lo), max(hi, unit.hi))
        if unit.place is not None and len(self.places) < MAX_PLACES and all(
                p.name != unit.place.name for p in self.places):
            self.places.append(unit.place)
        self.tokens |= unit.tokens
        self.sources |= unit.sources
        self.outcomes |= unit.outcomes
        self.kinds |= unit.kinds
        self.documents.add(unit.report.document_id)
        if len(self.figures) < MAX_FIGURES:
            self.figures |= unit.figures


def group_units(units: list[Unit], stats: Stats | None = None) -> list[Group]:
    """Partition units into incidents, deterministically (the order of units does not matter)."""
    stats = stats if stats is not None else Stats()
    groups: list[Group] = []
    index: dict[str, list[Group]] = {}
    country = None
    ordered = sorted(units, key=lambda u: u.sort_key)
    window = _Window(ordered)
    for pos, unit in enumerate(ordered):
        if unit.country != country:
            country, index = unit.country, {}
        rarity = window.at(pos)
        best, verdict = _best_match(unit, _candidates(unit, index), stats, rarity)
        if best is None:
            best = Group(serial=len(groups))
            groups.append(best)
        best.joins.append((unit, verdict))
        for key in _keys(unit) - best.keys:
            index.setdefault(key, []).append(best)
            best.keys.add(key)
        best.add(unit)
    return _with_followups(groups, ordered)


def _with_followups(groups: list[Group], ordered: list[Unit]) -> list[Group]:
    """The incidents with each follow-up (followups.py) folded into its event's incident."""
    # names are counted once per incident: a victim's name in all ten reports of one
    # shooting is still rare among the country's shootings
    rarity_of: dict[str, Rarity] = {}
    for group in groups:
        rarity_of.setdefault(group.units[0].country, Rarity()).add_names(
            frozenset().union(*(u.names for u in group.units)))
    merged: set[int] = set()
    for later, event, verdict in link_followups(list(groups), rarity_of):
        assert isinstance(later, Group) and isinstance(event, Group)
        merged.add(later.serial)
        for i, (unit, why) in enumerate(later.joins):
            # the follow-up's opening report joined on the follow-up evidence
            event.joins.append((unit, verdict if i == 0 else why))
            event.followups.add(id(unit))
            event.add(unit)
    return [g for g in groups if g.serial not in merged]


class _Window:
    """Word counts over the units of one country within RARITY_WINDOW of a position."""

    def __init__(self, ordered: list[Unit]) -> None:
        self.units = ordered
        self.lo = self.hi = 0  # counted: units[lo:hi]
        self.rarity = Rarity()

    def at(self, pos: int) -> Rarity:
        """The counts around units[pos]; positions must be asked in increasing order."""
        unit = self.units[pos]
        first, last = shift(unit.lo, -RARITY_WINDOW), shift(unit.lo, RARITY_WINDOW)
        while self.hi < len(self.units) and self._inside(self.units[self.hi], unit, last):
            self.rarity.add(self.units[self.hi])
            self.hi += 1
        while self.lo < self.hi and not (self.units[self.lo].country == unit.country
                                         and self.units[self.lo].lo >= first):
            self.rarity.remove(self.units[self.lo])
            self.lo += 1
        return self.rarity

    @staticmethod
    def _inside(other: Unit, unit: Unit, last: dt.date) -> bool:
        return other.country < unit.country or (other.country == unit.country
                                                and other.lo <= last)


def _candidates(unit: Unit, index: dict[str, list[Group]]) -> list[Group]:
    """Open incidents sharing a key with the unit, newest first, capped."""
    seen: dict[int, Group] = {}
    # "unit.lo <= group.first + MAX_SPAN", with the shift done once per unit, not per group
    # (the same test at the calendar's ends too, where shift clamps)
    earliest = shift(unit.lo, -MAX_SPAN)
    for key in _keys(unit):  # any order: the candidates are sorted by serial below
        bucket = index.get(key)
        if not bucket:
            continue
        taken = 0
        # groups enter a bucket roughly in date order, so the open ones are near its tail;
        # looking at a bounded tail keeps the work per unit constant
        for group in bucket[: -2 * PER_KEY - 1 : -1]:
            if earliest <= group.first:
                seen.setdefault(group.serial, group)
                taken += 1
                if taken == PER_KEY:
                    break
    return sorted(seen.values(), key=lambda g: -g.serial)[:MAX_CANDIDATES]


def _best_match(unit: Unit, candidates: list[Group], stats: Stats,
                rarity: Rarity) -> tuple[Group | None, Verdict | None]:
    """The candidate scoring highest, at least the join threshold; ties go to the older one."""
    best: Group | None = None
    found: Verdict | None = None
    threshold = join_weights()["join"]
    for group in sorted(candidates, key=lambda g: g.serial):
        stats.comparisons += 1
        verdict = weigh_join(unit, group, rarity)
        if verdict.score >= threshold - 1e-9 and (found is None or verdict.score > found.score):
            best, found = group, verdict
    return best, found


def join_record(unit: Unit, verdict: Verdict | None, followup: bool = False) -> dict[str, Any]:
    """Why a report (unit) is in its incident: the evidence it joined on, or that it opened it."""
    record: dict[str, Any] = {"document_id": unit.report.document_id,
                              "claim_ids": sorted(cid for cid, _ in unit.claims)}
    if followup:
        record["followup"] = True
    if verdict is None:
        return {**record, "opened": True, "score": None, "features": {}, "decided_by": []}
    return {**record, "opened": False, **verdict.to_dict()}


def match_score(unit: Unit, group: Group, rarity: Rarity | None = None) -> float:
    """How likely a unit reports the incident a group is building; below 0 is never."""
    return weigh_join(unit, group, rarity or Rarity([unit, *group.units])).score


def weigh_join(unit: Unit, group: Group, rarity: Rarity) -> Verdict:
    """The evidence that a unit reports a group's incident; vetoed outside its time and country."""
    if unit.hi < group.lo or unit.lo > group.hi or unit.lo > shift(group.first, MAX_SPAN):
        return Verdict(-1.0, veto="outside the incident's time window")
    if unit.country != group.units[0].country:
        return Verdict(-1.0, veto="another country")
    if unit.report.document_id in group.documents and (unit.other or any(
            u.other for u in group.units if u.report is unit.report)):
        # the other event a report tells of is never its main event (a part cut off by place
        # or date may rejoin: the place and date features weigh it like any report)
        return Verdict(-1.0, veto="another event of the same report")
    return weigh(unit, group, rarity)


def _keys(unit: Unit) -> set[str]:
    """Index keys of a unit: its place and distinctive words, and the country-wide key."""
    keys = {"*"} | {"w:" + t for t in unit.tokens}
    if unit.place is not None:
        keys.add("p:" + unit.place.name.casefold())
        if unit.place.admin1:
            keys.add("a:" + unit.place.admin1)
    return keys
