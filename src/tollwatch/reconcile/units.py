"""Reports cut into units: the claims of one report about one place and time."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from tollwatch.model import Claim, DateRef, Place, Report

# A report with no resolved event date tells of something in the week before publication.
LOOKBACK = dt.timedelta(days=7)
# An event date read from the text may be off by a day (time zones, "last night").
DATE_SLACK = dt.timedelta(days=1)
# Claims of one report are cut apart only when their places are this far apart.
SPLIT_KM = 150.0
UNKNOWN_COUNTRY = "??"

_WORD = re.compile(r"[^\W\d_]{4,}", re.UNICODE)
# Words every casualty report shares: they say nothing about which event it is.
_COMMON = frozenset("""
according added also after against among area attack attacks been being believed bodies
casualties child children civilian civilians confirmed could dead death deaths died during
each early earlier figure figures first forces from have hospital including injured into
killed killing killings last least local more most near news officials other over people
police reported reports said says security since some statement still than that their them
there these they this those three toll told tuesday monday wednesday thursday friday
saturday sunday were when which while with women wounded would years""".split())


@dataclass
class Unit:
    """The claims of one report that describe one place and time: the grain of grouping."""

    report: Report
    claims: list[tuple[int, Claim]]
    country: str
    place: Place | None
    lo: dt.date  # earliest date the event can have happened
    hi: dt.date  # latest date the event can have happened
    day: dt.date  # the date it is shown under
    dated: bool  # whether the date was read from the text, not assumed from publication
    tokens: frozenset[str]

    @property
    def sort_key(self) -> tuple[str, dt.date, dt.date, str, int]:
        """Grouping order: country, then date, then a stable tie-break."""
        first = min((cid for cid, _ in self.claims), default=-1)
        return (self.country, self.lo, self.day, self.report.document_id, first)


def units_of(report: Report) -> list[Unit]:
    """Cut a report into units; usually one, more when its places or dates clearly differ."""
    buckets: dict[tuple[str, str], list[tuple[int, Claim]]] = {}
    main = _main_place(report)
    for cid, claim in report.claims:
        buckets.setdefault(_bucket(claim, report, main), []).append((cid, claim))
    return [_unit(report, claims, main) for _, claims in sorted(buckets.items())]


def blocking_keys(report: Report) -> set[str]:
    """Keys (country + ISO week) shared by every two reports that could share an incident.

    A store reconciling incrementally re-reads the reports sharing a key with new ones. An
    incident spans at most MAX_SPAN days, so each report names the weeks from MAX_SPAN
    before its event interval to MAX_SPAN after it.
    """
    from tollwatch.reconcile.grouping import MAX_SPAN  # one constant, owned by grouping

    keys: set[str] = set()
    for unit in units_of(report):
        day, last = unit.lo - MAX_SPAN, unit.hi + MAX_SPAN
        while day <= last:
            year, week, _ = day.isocalendar()
            keys.add(f"{unit.country}:{year}-W{week:02d}")
            day += dt.timedelta(days=1)
    return keys


def _main_place(report: Report) -> Place | None:
    """The report's main place, else the place its claims name most often."""
    if report.place is not None:
        return report.place
    names: dict[str, tuple[int, Place]] = {}
    for _, claim in report.claims:
        if claim.place is not None:
            n, _p = names.get(claim.place.name, (0, claim.place))
            names[claim.place.name] = (n + 1, claim.place)
    if not names:
        return None
    return max(names.values(), key=lambda e: (e[0], -(e[1].precision or 9), e[1].name))[1]


def _bucket(claim: Claim, report: Report, main: Place | None) -> tuple[str, str]:
    """Which unit of its report a claim falls into: the main one unless it is clearly apart."""
    country = _country(claim.place) or _country(main) or UNKNOWN_COUNTRY
    if country != (_country(main) or UNKNOWN_COUNTRY):
        return (country, "")
    if claim.place is not None and main is not None and _km(claim.place, main) > SPLIT_KM:
        return (country, claim.place.name)
    lo, hi, dated = _interval(claim.date, report)
    mlo, mhi, _ = _interval(report.date, report)
    if dated and (lo > mhi + DATE_SLACK or hi < mlo - DATE_SLACK):
        return (country, lo.isoformat())
    return (country, "")


def _unit(report: Report, claims: list[tuple[int, Claim]], main: Place | None) -> Unit:
    """Build a unit: its place, event interval and wording."""
    dates = [c.date for _, c in claims if c.date is not None and c.date.start is not None]
    places = [c.place for _, c in claims if c.place is not None]
    place = main if main is not None and all(_km(p, main) <= SPLIT_KM for p in places) else (
        places[0] if places else main)
    if place is not None and main is not None and _country(place) != _country(main):
        place = places[0]
    ref = min(dates, key=lambda d: d.start or dt.date.max) if dates else report.date
    lo, hi, dated = _interval(ref, report)
    day = ref.start if ref is not None and ref.start is not None else hi
    return Unit(report, claims, _country(place) or _country(main) or UNKNOWN_COUNTRY, place,
                lo, hi, day, dated, _tokens(report, claims))


def _interval(ref: DateRef | None, report: Report) -> tuple[dt.date, dt.date, bool]:
    """The dates an event can have happened on, and whether they were read from the text."""
    if ref is not None and ref.start is not None:
        return ref.start - DATE_SLACK, (ref.end or ref.start) + DATE_SLACK, True
    if report.date is not None and report.date.start is not None and ref is not report.date:
        return _interval(report.date, report)
    pub = report.published or dt.date.min + LOOKBACK
    return pub - LOOKBACK, pub, False


def _country(place: Place | None) -> str | None:
    """A place's country code, if resolved."""
    return place.country.upper() if place is not None and place.country else None


def _km(a: Place, b: Place) -> float:
    """Great-circle distance between two places; 0 when either has no coordinates."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return 0.0
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


def _tokens(report: Report, claims: list[tuple[int, Claim]]) -> frozenset[str]:
    """The distinctive words of a unit: evidence sentences, subgroups, places, title."""
    texts = [report.title or ""]
    for _, c in claims:
        texts += [c.evidence.sentence, c.subgroup or "", c.place.name if c.place else ""]
    words = {w.lower() for t in texts for w in _WORD.findall(t)}
    return frozenset(words - _COMMON)
