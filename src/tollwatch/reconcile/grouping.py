"""Group units into incidents: block by country, sweep by date, score place, wording, source.

Runs in O(n log n): units are sorted once, and each is compared only with the few open
incidents of its country that share a place or a distinctive word with it, never with the
whole ledger.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tollwatch.geo.distance import distance_km
from tollwatch.model import Place
from tollwatch.reconcile.units import SPLIT_KM, Unit, place_level, shift

# An incident spans at most this long from its earliest date; a longer campaign is cut into
# several incidents, as UCDP GED cuts a war into events.
MAX_SPAN = dt.timedelta(days=14)
# A unit joins an incident when its score reaches this (see docs/reconciliation.md).
JOIN_SCORE = 0.7
# Dated events more than this far apart are different events even at one place.
DAY_GAP = dt.timedelta(days=2)
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
    keys: set[str] = field(default_factory=set)  # the index keys it is filed under

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
        if len(self.figures) < MAX_FIGURES:
            self.figures |= unit.figures


def group_units(units: list[Unit], stats: Stats | None = None) -> list[Group]:
    """Partition units into incidents, deterministically (the order of units does not matter)."""
    stats = stats if stats is not None else Stats()
    groups: list[Group] = []
    index: dict[str, list[Group]] = {}
    country = None
    for unit in sorted(units, key=lambda u: u.sort_key):
        if unit.country != country:
            country, index = unit.country, {}
        best = _best_match(unit, _candidates(unit, index), stats)
        if best is None:
            best = Group(serial=len(groups))
            groups.append(best)
        for key in _keys(unit) - best.keys:
            index.setdefault(key, []).append(best)
            best.keys.add(key)
        best.add(unit)
    return groups


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


def _best_match(unit: Unit, candidates: list[Group], stats: Stats) -> Group | None:
    """The candidate scoring highest, at least JOIN_SCORE; ties go to the older incident."""
    best, best_score = None, JOIN_SCORE
    for group in sorted(candidates, key=lambda g: g.serial):
        stats.comparisons += 1
        score = match_score(unit, group)
        if score >= best_score and (best is None or score > best_score):
            best, best_score = group, score
    return best


def match_score(unit: Unit, group: Group) -> float:
    """How likely a unit reports the incident a group is building; below 0 is never."""
    if unit.hi < group.lo or unit.lo > group.hi or unit.lo > shift(group.first, MAX_SPAN):
        return -1.0
    if unit.country != group.units[0].country:
        return -1.0
    place = _place_score(unit.place, group.places)
    if place < 0:
        return -1.0
    score = place + 0.6 * _overlap(unit.tokens, group.tokens)
    score += 0.1 if unit.sources & group.sources else 0.0
    score += 0.1 if unit.outcomes & group.outcomes else 0.0
    # the same stated figure for the same outcome ("18 killed") is a strong sign of one event
    score += 0.2 if unit.figures & group.figures else 0.0
    if unit.dated and group.dated is not None and (
            unit.lo > shift(group.dated[1], DAY_GAP) or unit.hi < shift(group.dated[0], -DAY_GAP)):
        score -= 0.5
    return score


def _place_score(place: Place | None, places: list[Place]) -> float:
    """How well a place fits an incident's places: 1 the same place, -1 too far apart."""
    if place is None or not places:
        return 0.4
    return max(_pair_score(place, p) for p in places)


def _pair_score(a: Place, b: Place) -> float:
    """Place agreement of two places of one country."""
    if (a.geonames_id is not None and a.geonames_id == b.geonames_id) or (
            a.name.casefold() == b.name.casefold()):
        return 1.0
    if place_level(a) == 6 or place_level(b) == 6:  # a country holds every place in it
        return 0.4
    same_admin1 = bool(a.admin1) and a.admin1 == b.admin1
    # a province holds its towns, not its neighbours'
    if place_level(a) >= 4 or place_level(b) >= 4:
        return 0.6 if same_admin1 else 0.2
    if a.lat is not None and b.lat is not None:
        apart = distance_km(a, b)
        if apart <= 50:
            return 0.8
        if apart <= SPLIT_KM:
            return 0.5
        return -1.0 if place_level(a) <= 3 and place_level(b) <= 3 else 0.2
    return 0.6 if same_admin1 else 0.3


def _overlap(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    """Share of the smaller word set found in the other; 0 when either says too little."""
    small = min(len(a), len(b))
    return len(a & b) / small if small >= 3 else 0.0


def _keys(unit: Unit) -> set[str]:
    """Index keys of a unit: its place and distinctive words, and the country-wide key."""
    keys = {"*"} | {"w:" + t for t in unit.tokens}
    if unit.place is not None:
        keys.add("p:" + unit.place.name.casefold())
        if unit.place.admin1:
            keys.add("a:" + unit.place.admin1)
    return keys
