"""Reports cut into units: the claims of one report about one place and time."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from tollwatch.geo.countries import countries
from tollwatch.geo.distance import distance_km, located
from tollwatch.lexicon import table
from tollwatch.lexicon import words as word_list
from tollwatch.model import Claim, DateRef, Place, Report
from tollwatch.reconcile.sources import fold_source

# A report with no resolved event date tells of something in the week before publication.
LOOKBACK = dt.timedelta(days=7)
# An event date read from the text may be off by a day (time zones, "last night").
DATE_SLACK = dt.timedelta(days=1)
# A claim is cut out of its report when its date lies this far outside the report's: a
# figure given a few days after the event is about it, one from last month is not.
DATE_SPLIT = dt.timedelta(days=3)
# Claims of one report are cut apart only when their places are this far apart.
SPLIT_KM = 150.0
UNKNOWN_COUNTRY = "??"
# A report with no date at all (neither event nor publication): grouped only with its kind.
UNDATED = dt.date.min
# Scopes whose figures never make an event incident (model.Scope).
OUT_OF_INCIDENTS = frozenset({"cumulative", "background"})
STEM = 5
# Names of a unit paired into follow-up blocking keys (name_keys): at most n(n-1)/2 keys.
MAX_NAME_KEYS = 16

WORD = re.compile(r"[^\W\d_]{4,}", re.UNICODE)
# Words every casualty report shares: they say nothing about which event it is.
_COMMON = frozenset([
    "according", "added", "after", "against", "ago", "also", "among", "april", "area", "attack",
    "attacks", "august", "authorities", "been", "being", "believed", "between", "bodies",
    "casualties", "child", "children", "civilian", "civilians", "claimed", "confirmed", "could",
    "dead", "death", "deaths", "december", "died", "during", "each", "earlier", "early", "eight",
    "eleven", "estimate", "february", "fighting", "figure", "figures", "first", "five", "forces",
    "four", "friday", "from", "government", "group", "have", "hospital", "human", "including",
    "injured", "into", "january", "july", "june", "kill", "killed", "killing", "killings",
    "kills", "last", "latest", "least", "local", "march", "members", "monday", "monitor", "more",
    "most", "near", "nearly", "network", "news", "nine", "november", "observatory", "october",
    "officials", "other", "over", "people", "police", "previous", "reported", "reports", "rights",
    "said", "saturday", "says", "security", "september", "seven", "since", "some", "statement",
    "still", "sunday", "surpassed", "surpasses", "than", "that", "their", "them", "there",
    "these", "they", "this", "those", "three", "thursday", "told", "toll", "tuesday", "twelve",
    "twenty", "wednesday", "were", "when", "where", "which", "while", "with", "women", "would",
    "wounded", "year", "years",
])


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
    names: frozenset[str] = frozenset()  # capitalised words: victims, streets, towns, groups
    other: bool = False  # the claims are about another event than the report's main one
    sources: frozenset[str] = frozenset()  # named sources, folded
    outcomes: frozenset[str] = frozenset()
    figures: frozenset[tuple[str, int]] = frozenset()  # (outcome, figure), vague words out
    kinds: frozenset[str] = frozenset()  # kinds of event its words name (shooting, air strike)

    def __post_init__(self) -> None:
        current = [c for _, c in self.claims if c.status == "current"]
        self.sources = frozenset(fold_source(c.source) for _, c in self.claims if c.source)
        self.outcomes = frozenset(c.outcome for _, c in self.claims)
        self.figures = frozenset((c.outcome, c.count.best) for c in current
                                 if c.count.qualifier != "vague")
        self.other = bool(self.claims) and all(c.scope == "other_event" for _, c in self.claims)
        self.kinds = kinds_of(self.tokens)

    @property
    def sort_key(self) -> tuple[str, dt.date, dt.date, str, int]:
        """Grouping order: country, then date, then a stable tie-break (ids as text, as ever)."""
        first = min((cid for cid, _ in self.claims), default=-1)
        return (self.country, self.lo, self.day, str(self.report.document_id), first)


@functools.cache
def event_types() -> dict[str, str]:
    """Word stem -> kind of event (lexicon/event_types.tsv)."""
    return {row["word"]: row["type"] for row in table("event_types")}


def kinds_of(tokens: Iterable[str]) -> frozenset[str]:
    """The kinds of event a unit's words name (shooting, air strike, ...)."""
    kinds = event_types()
    return frozenset(kinds[t] for t in tokens if t in kinds)


def units_of(report: Report, rejected: frozenset[int] = frozenset()) -> list[Unit]:
    """Cut a report into units; usually one, more when its places or dates clearly differ.

    Cumulative and background figures ("the war has killed 300,000", "the 2013 attack") and
    claims an analyst rejected are in no unit: they never make or inflate an event incident.
    A figure about another event the report also tells of is a unit of its own.
    """
    buckets: dict[tuple[str, str], list[tuple[int, Claim]]] = {}
    main = _main_place(report)
    for cid, claim in report.claims:
        if claim.scope in OUT_OF_INCIDENTS or cid in rejected:
            continue
        key = _bucket(claim, report, main)
        if claim.scope == "other_event" and not key[1]:
            key = (key[0], "other event")
        buckets.setdefault(key, []).append((cid, claim))
    home = (_country(main) or UNKNOWN_COUNTRY, "")
    return [_unit(report, claims, main, key == home) for key, claims in sorted(buckets.items())]


def blocking_keys(report: Report) -> set[str]:
    """Keys (country + ISO week) shared by every two reports that could share an incident.

    A store reconciling incrementally re-reads the reports sharing a key with new ones. An
    incident spans at most MAX_SPAN days, so each report names the weeks from MAX_SPAN
    before its event interval to MAX_SPAN after it.
    """
    return unit_keys(units_of(report))


def unit_keys(units: Iterable[Unit]) -> set[str]:
    """The blocking keys of a report cut into units (see blocking_keys)."""
    from tollwatch.reconcile.grouping import MAX_SPAN  # one constant, owned by grouping

    keys: set[str] = set()
    for unit in units:
        keys |= name_keys(unit)
        if unit.hi == UNDATED:
            keys.add(f"{unit.country}:undated")
            continue
        day, last = shift(unit.lo, -MAX_SPAN), shift(unit.hi, MAX_SPAN)
        while day <= last:
            year, week, weekday = day.isocalendar()
            keys.add(f"{unit.country}:{year}-W{week:02d}")
            if day == dt.date.max:
                break
            # every day of an ISO week has its key: go straight to the next Monday
            day = shift(day, dt.timedelta(days=8 - weekday))
    return keys


def name_keys(unit: Unit) -> set[str]:
    """Keys for the follow-ups of a unit, at any distance in time: each pair of its names.

    A follow-up joins its event on two rare names shared with one report of it
    (reconcile/followups.py), so every such pair of reports shares one of these keys; a
    store reconciling only a new report's neighbourhood finds the event it follows up.
    """
    own = {w.lower()[:STEM] for p in _places(unit.report, unit.claims)
           for w in WORD.findall(p.name)}
    names = sorted(unit.names - own)[:MAX_NAME_KEYS]
    return {f"{unit.country}:n:{a}+{b}" for i, a in enumerate(names) for b in names[i + 1:]}


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
    if claim.place is not None and main is not None and far_apart(claim.place, main):
        return (country, claim.place.name)
    lo, hi, dated = _interval(claim.date, report)
    mlo, mhi, _ = _interval(report.date, report)
    if dated and (lo > shift(mhi, DATE_SPLIT) or hi < shift(mlo, -DATE_SPLIT)):
        return (country, lo.isoformat())
    return (country, "")


def _unit(report: Report, claims: list[tuple[int, Claim]], main: Place | None,
          home: bool) -> Unit:
    """Build a unit: its place, event interval and wording (home: the report's main unit)."""
    dates = [c.date for _, c in claims if c.date is not None and c.date.start is not None]
    places = [c.place for _, c in claims if c.place is not None]
    place = main
    if main is None or any(far_apart(p, main) or _country(p) not in (None, _country(main))
                           for p in places):
        place = places[0] if places else main
    # the hull of the report's date and its claims' dates: a claim's date is often the day
    # a figure was given ("the UN said on Tuesday"), not the day of the event
    refs: list[DateRef | None] = [*dates, report.date]
    if not home or _news_day(report, claims, dates):
        refs = [*dates] or [report.date]
    spans = [_interval(d, report) for d in refs]
    lo, hi = min(s[0] for s in spans), max(s[1] for s in spans)
    dated = any(s[2] for s in spans)
    starts = [d.start for d in refs if d is not None and d.start is not None and event_dated(d)]
    day = min(starts) if starts else hi
    country = _country(place) or _country(main) or UNKNOWN_COUNTRY
    return Unit(report, claims, country, place, lo, hi, day, dated,
                _tokens(report, claims, country), _names(report, claims, country))


def _news_day(report: Report, claims: list[tuple[int, Claim]], dates: list[DateRef]) -> bool:
    """Whether the report's own date is only the day of its news, not of its figures' event.

    Every figure is dated, and none near the report's day: a trial story of June 19 ("opened
    on Thursday") whose figures are "killed ... in April" tells of April; its Thursday must
    not date the killing (issue 11: a follow-up never lends its date to the event).
    """
    ref = report.date
    if ref is None or ref.start is None or not dates or len(dates) < len(claims):
        return False
    day = ref.start
    # only a report dated after all its figures: one dated before them ("the shooting on March
    # 1" in a story whose figure is read on the Tuesday of the hearing) keeps its hull
    return all(day > shift(d.end or d.start, DATE_SPLIT) for d in dates if d.start is not None)


def _interval(ref: DateRef | None, report: Report) -> tuple[dt.date, dt.date, bool]:
    """The dates an event can have happened on, and whether they were read from the text."""
    if ref is not None and ref.start is not None:
        # "on Monday" dates an event; "this month" or the week before a report (what a
        # claim dated only by its report's publication gets) bounds it without dating it
        return (shift(ref.start, -DATE_SLACK), shift(ref.end or ref.start, DATE_SLACK),
                event_dated(ref))
    if report.date is not None and report.date.start is not None and ref is not report.date:
        return _interval(report.date, report)
    if report.published is None:
        return UNDATED, UNDATED, False
    return shift(report.published, -LOOKBACK), report.published, False


def event_dated(ref: DateRef) -> bool:
    """Whether a date names the event's day(s), not a week, month or year around it."""
    return ref.start is not None and ref.precision in (None, "day", "days")


def shift(day: dt.date, delta: dt.timedelta) -> dt.date:
    """day + delta, held inside the calendar (a misread year 9999 must not crash a run)."""
    try:
        return day + delta
    except OverflowError:
        return dt.date.max if delta > dt.timedelta(0) else dt.date.min


def _country(place: Place | None) -> str | None:
    """A place's country code, if resolved."""
    return place.country.upper() if place is not None and place.country else None


def far_apart(a: Place, b: Place) -> bool:
    """Whether two located places are too far apart to be one event.

    Only exact places count: a country or province "contains" the town beside it, and its
    centroid says nothing about distance.
    """
    # An unplaced town never splits two reports: unknown distance is not far.
    return (place_level(a) <= 3 and place_level(b) <= 3 and located(a) and located(b)
            and distance_km(a, b) > SPLIT_KM)


def place_level(p: Place) -> int:
    """How coarse a place is, on UCDP's where_prec scale: 1 exact, 4 province, 6 country."""
    if p.kind == "country":
        return 6
    if p.kind == "admin1":
        return 4
    return p.precision or 1


def _tokens(report: Report, claims: list[tuple[int, Claim]], country: str) -> frozenset[str]:
    """The distinctive words of a unit: evidence sentences, subgroups, places, title.

    Words naming the unit's own country ("Syria", "Syrian") are dropped: every report of the
    country block has them, so they would join unrelated events.
    """
    texts = [report.title or "", report.place.name if report.place else ""]
    for _, c in claims:
        texts += [c.evidence.sentence, c.subgroup or "", c.place.name if c.place else ""]
    # claims of a report often share their sentence: read each text once
    words = {w.lower() for t in set(texts) for w in WORD.findall(t)} - _COMMON
    country_stems = _country_stems(country)
    # a five-letter stem folds "coast"/"coastal", "loyal"/"loyalists" without a stemmer
    return frozenset(w[:STEM] for w in words if not w.startswith(country_stems))


def _names(report: Report, claims: list[tuple[int, Claim]], country: str) -> frozenset[str]:
    """The specific names of a unit: capitalised words of its evidence sentences and title.

    Names of victims, streets, neighbourhoods, towns and armed groups are capitalised; the
    generic words every report shares ("shot", "police", "hospital") are not, and the few
    that start a sentence are in the common-word list or weigh little by their frequency.
    """
    texts = {c.evidence.sentence for _, c in claims} | {c.subgroup or "" for _, c in claims}
    # the places it is located at are names too: a country-level report naming Latakia in
    # its text meets a report located at Latakia
    texts |= {p.name for p in _places(report, claims)}
    title = report.title or ""
    words = WORD.findall(title)
    if 2 * sum(w[0].isupper() for w in words) <= len(words):  # Title Case names nothing
        texts.add(title)
    country_stems = _country_stems(country)
    found = {w.lower() for t in texts for w in WORD.findall(t) if w[0].isupper()}
    found -= _COMMON | word_list("generic_names")
    # a province or state ("Ohio") holds every town of a state's news: no specific name
    coarse = {w.lower()[:STEM] for p in _places(report, claims) for name in _coarse_names(p)
              for w in WORD.findall(name)}
    return frozenset(s for w in found
                     if not w.startswith(country_stems) and (s := w[:STEM]) not in coarse)


def _places(report: Report, claims: list[tuple[int, Claim]]) -> list[Place]:
    return [p for p in [report.place, *(c.place for _, c in claims)] if p is not None]


def _coarse_names(place: Place) -> list[str]:
    """The names of the areas a place lies in, and its own when it is an area itself."""
    names = [place.admin1] if place.admin1 and not place.admin1.isdigit() else []
    return names + ([place.name] if place_level(place) >= 4 else [])


@functools.cache
def _country_stems(code: str) -> tuple[str, ...]:
    """Stems of a country's name that its adjective shares: "syri" for Syria, Syrian."""
    country = countries().get(code)
    if country is None:
        return ()
    words = [w.lower() for w in WORD.findall(country["name"]) if w.lower() not in _COMMON]
    return tuple(w[:-1] if len(w) > 4 else w for w in words)
