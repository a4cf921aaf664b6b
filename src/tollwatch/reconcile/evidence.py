"""Whether a report joins an incident: named features, one weight table, and what decided it.

Each feature looks at one kind of evidence (place at the finest precision both sides have, event
date, stated figures, specific shared names weighted by rarity, source, kind of event) and gives
a value; lexicon/incident_join.tsv weighs them, each weight with its reason. A unit joins the
best incident whose weighted sum reaches the table's "join"; the features that counted are kept
on the incident, so `tollwatch incident ID --json` says why each report is in it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

from tollwatch.geo.distance import distance_km
from tollwatch.lexicon import weights
from tollwatch.model import Place
from tollwatch.reconcile.units import SPLIT_KM, STEM, WORD, Unit, place_level, shift

# Dated events more than this far apart are different events even at one place.
DAY_GAP = dt.timedelta(days=2)
# Two towns this close may be one campaign's; farther, only one province's.
NEAR_KM = 50.0
# Rarity of a word in a ledger too small to know: as if the ledger held this many more reports.
PRIOR_REPORTS = 50
# Names are compared with at most this many reports of an incident, the latest.
MAX_MEMBERS = 12
# Words are counted over the reports of one country within this many days of a unit.
RARITY_WINDOW = dt.timedelta(days=7)


@cache
def join_weights() -> dict[str, float]:
    """The weight table of lexicon/incident_join.tsv."""
    return weights("incident_join")


class Rarity:
    """How rare each word is among the reports of one country around one date.

    Counted over a sliding window of the units being grouped (RARITY_WINDOW each side of the
    unit being placed): a victim's surname is rare in the ledger's fortnight even if common in
    the language, and a store reconciling only a report's neighbourhood (which holds every
    report within MAX_SPAN of it) sees the same counts as a full run.
    """

    def __init__(self, units: Iterable[Unit] = ()) -> None:
        self.df: Counter[str] = Counter()
        self.n = 0
        for unit in units:
            self.add(unit)

    def add(self, unit: Unit) -> None:
        """Count a unit's words in."""
        self.add_names(unit.names)

    def add_names(self, names: frozenset[str]) -> None:
        """Count one more report's (or incident's) names in."""
        self.n += 1
        self.df.update(names)

    def remove(self, unit: Unit) -> None:
        """Count a unit's words out."""
        self.n -= 1
        self.df.subtract(unit.names)

    def idf(self, token: str) -> float:
        """ln((n + prior) / (df + 1)): a word in every report weighs about nothing."""
        return math.log((self.n + PRIOR_REPORTS) / (max(self.df[token], 0) + 1))


class Side(Protocol):
    """What an incident under construction offers the features."""

    places: list[Place]
    dated: tuple[dt.date, dt.date] | None
    units: list[Unit]
    sources: set[str]
    figures: set[tuple[str, int]]
    kinds: set[str]


@dataclass(frozen=True)
class Verdict:
    """A scored pairing: the weighted features that counted, their sum, or a veto."""

    score: float
    features: tuple[tuple[str, float], ...] = ()
    veto: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The verdict as the incident page shows it: score, features, what decided it."""
        return {"score": round(self.score, 3), "veto": self.veto,
                "features": {name: round(v, 3) for name, v in self.features},
                "decided_by": [name for name, v in self.features if v > 0]}


def weigh(unit: Unit, side: Side, rarity: Rarity) -> Verdict:
    """Weigh the evidence that a unit reports the incident of side."""
    w = join_weights()
    place, apart = place_feature(unit.place, side.places)
    if apart:
        return Verdict(-1.0, veto=f"places more than {SPLIT_KM:.0f} km apart")
    found = [(place, w[place])]
    found.append(date_feature(unit, side.dated))
    found.append(("names", w["names"] * names_value(unit, side.units, rarity)))
    found.append(("names_place", w["names_place"] if names_place(unit, side.units) else 0.0))
    found.append(figures_feature(unit.figures, side.figures))
    found.append(("sources_same", w["sources_same"] if unit.sources & side.sources else 0.0))
    found.append(("figures_rising", w["figures_rising"]
                  if unit.sources & side.sources and rising(unit.figures, side.figures) else 0.0))
    found.append(kind_feature(unit.kinds, side.kinds))
    kept = tuple((name, value) for name, value in found if name and value)
    return Verdict(sum(v for _, v in kept), kept)


def place_feature(place: Place | None, places: list[Place]) -> tuple[str, bool]:
    """The best place agreement with any of the incident's places; True when all are too far."""
    if place is None or not places:
        return "place_coarse", False
    found = [_pair(place, p) for p in places]
    # a country-level place in the pool must not rescue a town far from all of its towns
    if "place_far" in found and all(f in ("place_far", "place_coarse") for f in found):
        return "place_far", True
    order = ("place_same", "place_within", "place_near", "place_region", "place_coarse")
    return min((f for f in found if f != "place_far"), key=order.index), False


def _pair(a: Place, b: Place) -> str:
    """Place agreement of two places of one country, at the finest precision both have."""
    la, lb = place_level(a), place_level(b)
    if (a.geonames_id is not None and a.geonames_id == b.geonames_id) or (
            a.name.casefold() == b.name.casefold()):
        # one town is evidence, also beside the province of its name (the city of Latakia and
        # Latakia province); one province is an area; one country is none at all
        if max(la, lb) <= 5:
            return "place_same" if min(la, lb) <= 3 else "place_within"
        return "place_coarse"
    if la == 6 or lb == 6:
        return "place_coarse"  # a country holds every place in it: no evidence either way
    same_admin1 = bool(a.admin1) and a.admin1 == b.admin1
    if la >= 4 or lb >= 4:
        return "place_within" if same_admin1 else "place_coarse"
    if a.lat is None or b.lat is None or a.lon is None or b.lon is None:
        return "place_within" if same_admin1 else "place_coarse"
    apart = distance_km(a, b)
    if apart <= NEAR_KM:
        return "place_near"
    if apart <= SPLIT_KM:
        return "place_region"
    return "place_far" if la <= 3 and lb <= 3 else "place_coarse"


def date_feature(unit: Unit, dated: tuple[dt.date, dt.date] | None) -> tuple[str, float]:
    """Event dates read from both texts: overlapping, or apart by more than DAY_GAP."""
    if not unit.dated or dated is None:
        return "", 0.0
    w = join_weights()
    if unit.lo > shift(dated[1], DAY_GAP) or unit.hi < shift(dated[0], -DAY_GAP):
        return "date_apart", w["date_apart"]
    if unit.lo <= dated[1] and unit.hi >= dated[0]:
        return "date_same", w["date_same"]
    return "", 0.0


def names_value(unit: Unit, members: list[Unit], rarity: Rarity) -> float:
    """Names shared with one report of the incident, weighted by rarity; 1 at names_full.

    Compared report by report, never with the union of an incident's names: a pool of many
    reports shares a name or two with anything, and would snowball.
    """
    best = 0.0
    for member in members[-MAX_MEMBERS:]:
        shared = unit.names & member.names
        if _same_place(unit.place, member.place):  # already weighed as place_same
            shared = shared - place_stems(unit.place)
        if shared:
            best = max(best, sum(rarity.idf(t) for t in shared))
    return min(1.0, best / join_weights()["names_full"])


def names_place(unit: Unit, members: list[Unit]) -> bool:
    """Whether a report names the town another report of the incident is located at (or the
    other way round), where the two are located at different places: a campaign's reports
    from Baniyas name Latakia."""
    for member in members[-MAX_MEMBERS:]:
        if unit.place is None or member.place is None or _same_place(unit.place, member.place):
            continue
        if place_level(member.place) <= 3 and place_stems(member.place) <= unit.names:
            return True
        if place_level(unit.place) <= 3 and place_stems(unit.place) <= member.names:
            return True
    return False


def _same_place(a: Place | None, b: Place | None) -> bool:
    return a is not None and b is not None and _pair(a, b) == "place_same"


def place_stems(place: Place | None) -> frozenset[str]:
    """The name stems a place lends a unit's names (units.STEM letters, lower case)."""
    if place is None:
        return frozenset()
    return frozenset(w.lower()[:STEM] for w in WORD.findall(place.name))


def rising(mine: frozenset[tuple[str, int]], theirs: set[tuple[str, int]]) -> bool:
    """A larger figure of 3 or more for an outcome the incident already counts (200 -> 1,018)."""
    top: dict[str, int] = {}
    for outcome, n in theirs:
        top[outcome] = max(top.get(outcome, 0), n)
    return any(n >= 3 and top.get(outcome, n) < n for outcome, n in mine)


def figures_feature(mine: frozenset[tuple[str, int]],
                    theirs: set[tuple[str, int]]) -> tuple[str, float]:
    """The same stated figure for the same outcome; weak when it is 1 or 2."""
    shared = mine & theirs
    if not shared:
        return "", 0.0
    w = join_weights()
    if any(n >= 3 for _, n in shared):
        return "figures_same", w["figures_same"]
    return "figures_small", w["figures_small"]


EPISODES = frozenset({"massacre", "clashes"})


def kind_feature(mine: frozenset[str], theirs: set[str]) -> tuple[str, float]:
    """The same kind of event, or kinds that exclude each other."""
    if not mine or not theirs:
        return "", 0.0
    w = join_weights()
    if mine & theirs:
        return "type_same", w["type_same"]
    # Only means of harm exclude each other (a car bomb is not a stabbing). "Clashes" and
    # "massacre" name episodes that one campaign holds together with its shootings and
    # shelling ("killings in the coastal provinces" after "clashes near Jableh").
    if (mine - EPISODES) and (theirs - EPISODES):
        return "type_conflict", w["type_conflict"]
    return "", 0.0
