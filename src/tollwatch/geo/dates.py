"""Date expressions in news text, resolved against the publication date (preferring the past).

Weekdays, "yesterday", "last week", "March 12-13", "26 December", "Oct. 20" are read by the
patterns below; tollwatch uses no date-parsing library.
Without a publication date, relative expressions keep their text and stay unresolved: the
clock of the machine running tollwatch says nothing about when an article was written.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Doc

from tollwatch.model import DatePrecision, DateRef

Role = Literal["event", "report"]

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
_MONTH = r"(?P<{g}>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?)"
_DAY = r"(?P<{g}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{g}>(?:19|20)\d\d)"
_PART = r"(?:\s+(?:morning|afternoon|evening|night|dawn))?"


def _p(template: str, **groups: str) -> str:
    return template.format(**groups)


PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # "early Sunday", "on Thursday", "Friday night"
    ("weekday", re.compile(
        r"\b(?:(?:early|late)\s+(?:on\s+)?|on\s+)?(?P<weekday>Monday|Tuesday|Wednesday|Thursday"
        r"|Friday|Saturday|Sunday)" + _PART + r"\b", re.I)),
    ("relative_day", re.compile(
        r"\b(?P<rel>yesterday|today|tonight|last\s+night|this\s+(?:morning|afternoon|evening)"
        r"|the\s+day\s+before\s+yesterday)\b", re.I)),
    ("days_ago", re.compile(
        r"\b(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+days\s+ago\b", re.I)),
    ("relative_period", re.compile(
        r"\b(?P<which>last|this|past|earlier\s+this)\s+(?P<unit>week|weekend|month|year)\b",
        re.I)),
    # "March 12-13", "Oct. 20", "October 20, 2016"
    ("month_day", re.compile(
        r"\b(?:on\s+)?" + _MONTH.format(g="month") + r"\s+" + _DAY.format(g="day")
        + r"(?:\s*(?:-|–|to|and)\s*" + _DAY.format(g="day2") + r")?"
        + r"(?:,?\s+" + _YEAR.format(g="year") + r")?\b(?![-–]?\d)")),
    # "Oct 262016": the day run into the year where a scrape dropped the space or comma
    ("month_day_glued", re.compile(
        r"\b(?:on\s+)?" + _MONTH.format(g="month") + r"\s+" + _DAY.format(g="day")
        + r"(?P<day2>(?!))?(?P<year>(?:19|20)\d\d)\b")),
    # "26 December", "12-13 March 2016"
    ("day_month", re.compile(
        r"\b(?:on\s+)?" + _DAY.format(g="day") + r"(?:\s*(?:-|–|to|and)\s*"
        + _DAY.format(g="day2") + r")?\s+(?:of\s+)?" + _MONTH.format(g="month")
        + r"(?:,?\s+" + _YEAR.format(g="year") + r")?\b")),
    # "in March 2016", "in March"
    ("month_year", re.compile(
        r"\b(?:in|since|during|of)\s+" + _MONTH.format(g="month")
        + r"(?:\s+" + _YEAR.format(g="year") + r")?\b(?!\s+[0-3]?\d\b)")),
]
# How far into a text a dateline can sit (after a title and an outlet's name).
DATELINE_CHARS = 300
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10}
# "yesterday [3 January]": a bracketed absolute date right after a relative one wins.
BRACKET = re.compile(r"\s*[\[(](?P<inner>[^\])]{3,30})[\])]")


@dataclass(frozen=True)
class DateMention:
    """A date expression in the text, its resolution, and whether it dates the event or report."""

    start: int
    end: int
    ref: DateRef
    role: Role = "event"


def _ref(text: str, start: dt.date | None, end: dt.date | None,
         precision: DatePrecision | None) -> DateRef:
    if start is None:
        return DateRef(text=text)
    return DateRef(text=text, start=start, end=end or start, precision=precision)


def _past_year(month: int, day: int, published: dt.date) -> int:
    """The year that puts month/day on or before the publication date (a day of slack)."""
    year = published.year
    try:
        if dt.date(year, month, day) > published + dt.timedelta(days=1):
            year -= 1
    except ValueError:
        pass
    return year


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


Resolved = tuple[dt.date | None, dt.date | None, DatePrecision]


def _month_day(m: re.Match[str], published: dt.date | None) -> Resolved:
    month = _month_key(m.group("month"))
    if month is None:
        return None, None, "day"
    day = int(m.group("day"))
    day2 = int(m.group("day2")) if m.group("day2") else None
    if m.group("year"):
        year = int(m.group("year"))
    elif published is not None:
        year = _past_year(month, day, published)
    else:
        return None, None, "day"
    start = _safe_date(year, month, day)
    end = _safe_date(year, month, day2) if day2 else start
    if start is None or end is None or end < start:
        return None, None, "day"
    return start, end, "days" if end != start else "day"


def _month_key(word: str) -> int | None:
    key = word.rstrip(".").lower()
    return MONTHS.get(key) or MONTHS.get(key[:3])


def _weekday(m: re.Match[str], published: dt.date) -> tuple[dt.date, dt.date, DatePrecision]:
    """The most recent such weekday on or before the publication date."""
    back = (published.weekday() - WEEKDAYS[m.group("weekday").lower()]) % 7
    day = published - dt.timedelta(days=back)
    return day, day, "day"


def _relative_day(m: re.Match[str], published: dt.date) -> tuple[dt.date, dt.date, DatePrecision]:
    rel = " ".join(m.group("rel").lower().split())
    back = {"yesterday": 1, "last night": 1, "the day before yesterday": 2}.get(rel, 0)
    day = published - dt.timedelta(days=back)
    return day, day, "day"


def _days_ago(m: re.Match[str], published: dt.date) -> tuple[dt.date, dt.date, DatePrecision]:
    word = m.group("n").lower()
    n = NUMBER_WORDS.get(word) or int(word)
    day = published - dt.timedelta(days=n)
    return day, day, "day"


def _relative_period(m: re.Match[str], published: dt.date) -> Resolved:
    which = " ".join(m.group("which").lower().split())
    unit = m.group("unit").lower()
    if unit in ("week", "weekend"):
        monday = published - dt.timedelta(days=published.weekday())
        if which in ("last", "past") and unit == "weekend":
            saturday = monday - dt.timedelta(days=2)
            return saturday, saturday + dt.timedelta(days=1), "days"
        if which == "last":
            return monday - dt.timedelta(days=7), monday - dt.timedelta(days=1), "week"
        if which == "past":
            return published - dt.timedelta(days=7), published, "week"
        return monday, published, "week"
    if unit == "month":
        first = published.replace(day=1)
        if which == "last":
            prev = (first - dt.timedelta(days=1)).replace(day=1)
            return prev, first - dt.timedelta(days=1), "month"
        if which == "past":
            return published - dt.timedelta(days=30), published, "month"
        return first, published, "month"
    year = published.year - 1 if which == "last" else published.year
    end = dt.date(year, 12, 31) if which == "last" else published
    return dt.date(year, 1, 1), end, "year"


def _month_year(m: re.Match[str], published: dt.date | None) -> Resolved:
    month = _month_key(m.group("month"))
    if month is None or (m.group("month").rstrip(".").lower() == "may" and not m.group("year")):
        return None, None, "month"  # "in May" alone is too often the verb's neighbour
    if m.group("year"):
        year = int(m.group("year"))
    elif published is not None:
        year = published.year if month <= published.month else published.year - 1
    else:
        return None, None, "month"
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, 1), dt.date(year, month, last), "month"


RELATIVE = {"weekday": _weekday, "relative_day": _relative_day, "days_ago": _days_ago,
            "relative_period": _relative_period}


def _resolve(kind: str, m: re.Match[str], published: dt.date | None) -> DateRef:
    text = m.group(0)
    if kind in ("month_day", "day_month", "month_day_glued"):
        start, end, precision = _month_day(m, published)
        return _ref(text, start, end, precision)
    if kind == "month_year":
        start, end, precision = _month_year(m, published)
        return _ref(text, start, end, precision)
    if published is None:
        return DateRef(text=text)  # relative, and nothing to be relative to
    start, end, precision = RELATIVE[kind](m, published)
    return _ref(text, start, end, precision)


def _bracketed(text: str, end: int, published: dt.date | None) -> tuple[DateRef, int] | None:
    """An absolute date in brackets right after a relative one: 'yesterday [3 January]'."""
    b = BRACKET.match(text, end)
    if b is None:
        return None
    inner = b.group("inner")
    for kind in ("day_month", "month_day"):
        m = dict(PATTERNS)[kind].fullmatch(inner.strip())
        if m is not None:
            return _resolve(kind, m, published), b.end()
    return None


def find_dates(text: str, published: dt.date | None) -> list[DateMention]:
    """Every date expression in the text, resolved where honestly possible, in text order."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            ref, end = _resolve(kind, m, published), m.end()
            if kind in RELATIVE:
                bracket = _bracketed(text, m.end(), published)
                if bracket is not None and (bracket[0].start is not None or ref.start is None):
                    inner, end = bracket
                    ref = DateRef(text=text[m.start():end], start=inner.start, end=inner.end,
                                  precision=inner.precision)
            if kind == "month_day" and ref.start is None and published is not None:
                continue  # "May 5" that is no date (an invalid day): nothing to keep
            found.append(DateMention(m.start(), end, ref))
            taken.append((m.start(), end))
    return sorted(found, key=lambda d: d.start)


def dateline_date(text: str) -> dt.date | None:
    """The date a report carries in its first lines ("Tuesday 3 Oct 2017", "Oct 262016")."""
    for d in find_dates(text[:DATELINE_CHARS], None):
        if d.ref.start is not None and d.ref.precision == "day":
            return d.ref.start
    return None


def span_of(dates: list[DateRef]) -> DateRef | None:
    """One reference covering several resolved dates: 'on Thursday' .. 'on Friday'."""
    resolved = [d for d in dates if d.start is not None and d.end is not None]
    if not resolved:
        return None
    start = min(d.start for d in resolved if d.start is not None)
    end = max(d.end for d in resolved if d.end is not None)
    if len(resolved) == 1:
        return resolved[0]
    days = (end - start).days
    precision: DatePrecision = "day" if days == 0 else "days" if days <= 6 else (
        "week" if days <= 13 else "month" if days <= 62 else "year")
    return DateRef(text=" … ".join(d.text for d in resolved), start=start, end=end,
                   precision=precision)


REPORT_VERBS = frozenset({"say", "tell", "report", "claim", "announce", "state", "confirm", "add",
                          "declare", "quote", "publish", "update", "release", "issue", "write",
                          "post", "accuse", "deny", "warn"})


def role_of(doc: Doc, start: int, end: int) -> Role:
    """'report' when the date hangs on a verb of saying ('claimed on Saturday'), else 'event'."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return "event"
    tok = span.root
    for _ in range(4):  # the date's own verb, not one far up the sentence
        if tok.pos_ in ("VERB", "AUX") or tok.head is tok:
            break
        tok = tok.head
    return "report" if tok.lemma_.lower() in REPORT_VERBS else "event"


def report_date(published: dt.date | None) -> DateRef | None:
    """What a claim with no date of its own can honestly say: within the week before the report."""
    if published is None:
        return None
    return DateRef(text="", start=published - dt.timedelta(days=7), end=published,
                   precision="week")
