"""Find and parse stated figures: digits, number words, ranges, qualifiers and vague words.

spaCy's ``like_num`` misses "1,000", "1.2 million", "dozens" and "hundreds", so figures are
found here with one compiled pattern over the raw text; the dependency parse decides later
whether a figure counts people.

Vague words (low is the conservative ACLED convention; best and high are ours)::

    word          low    best   high
    a few           2       3      5
    a handful       2       4      6
    several         3       4      9
    a number of     2       4      9
    many            5      10     99
    tens           10      20     99
    dozens         12      24    120
    scores         20      40    200
    hundreds      100     200    999
    thousands    1000    2000   9999
    "tens of thousands" / "hundreds of thousands" scale the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tollwatch.model import Qualifier

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}

VAGUE: dict[str, tuple[int, int, int]] = {
    "a few": (2, 3, 5),
    "a handful": (2, 4, 6),
    "several": (3, 4, 9),
    "a number": (2, 4, 9),
    "many": (5, 10, 99),
    "tens": (10, 20, 99),
    "dozens": (12, 24, 120),
    "scores": (20, 40, 200),
    "hundreds": (100, 200, 999),
    "thousands": (1_000, 2_000, 9_999),
}

# Qualifier phrases in front of a figure, longest first so "more than" wins over "more".
_PREFIX: dict[str, Qualifier] = {
    "at least": "at_least", "more than": "at_least", "over": "at_least",
    "surpassed": "at_least", "surpassing": "at_least", "surpasses": "at_least",
    "exceeded": "at_least", "exceeds": "at_least", "exceeding": "at_least",
    "topped": "at_least", "tops": "at_least", "passed": "at_least", "passes": "at_least",
    "upwards of": "at_least", "in excess of": "at_least", "no fewer than": "at_least",
    "no less than": "at_least", "not less than": "at_least", "a minimum of": "at_least",
    "a total of": "exact", "up to": "at_most", "as many as": "at_most", "at most": "at_most",
    "no more than": "at_most", "less than": "at_most", "fewer than": "at_most",
    "under": "at_most", "nearly": "approx", "almost": "approx", "about": "approx",
    "around": "approx", "some": "approx", "approximately": "approx", "roughly": "approx",
    "close to": "approx", "an estimated": "approx", "estimated": "approx", "circa": "approx",
    "approx.": "approx", "just over": "at_least", "just under": "at_most",
    "well over": "at_least", "more or less": "approx",
}

# A stated figure above this is not a count of people: it is above the toll of any war in
# history (the Second World War: 70-85 million dead) and far from a report's typo of one. The
# bound keeps every stored count, and a sum of a report's counts, inside the 32-bit integer
# columns that SQLite and PostgreSQL both hold alike.
MAX_COUNT = 100_000_000
# Digits of a figure worth parsing: more is a serial number, and Python refuses int() of a
# string over 4,300 digits.
MAX_DIGITS = 12
# Figures of one sentence that are read: a sentence with more is a table or a list, and every
# candidate is weighed against the whole sentence, so the cap keeps extraction linear.
MAX_FIGURES_PER_SENTENCE = 40

_WORD = "|".join(sorted([*UNITS, *TENS], key=len, reverse=True))
_SCALE = "hundred|thousand|million|billion"
# "seven hundred and forty-five", "twenty-one", "a hundred", "two thousand five hundred"
_WORDS = (
    rf"(?:(?:a|one)\s+(?:{_SCALE})|(?:{_WORD})(?:[\s-]+(?:{_WORD}))?)"
    rf"(?:\s+(?:{_SCALE})(?:(?:\s+and)?\s+(?:{_WORD})(?:[\s-]+(?:{_WORD}))?)?)*"
)
_DIGITS = rf"\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?(?:\s*(?:{_SCALE}|m\b|k\b))?"
_SINGLE = rf"(?:{_DIGITS}|{_WORDS})"
_VAGUE = (
    r"a\s+few|a\s+handful|several|a\s+number(?=\s+of\b)|many|"
    r"(?:tens|dozens|scores|hundreds|thousands)(?:\s+(?:of\s+)?(?:thousands|hundreds))?|"
    r"dozen(?=s?\b)"
)
_PREFIX_RE = "|".join(
    re.escape(p).replace(r"\ ", r"\s+") for p in sorted(_PREFIX, key=len, reverse=True)
)

FIGURE = re.compile(
    rf"""(?<![\w.,:/$€£-])
    (?:(?P<prefix>{_PREFIX_RE})\s+)?
    (?:
        (?:between\s+(?P<blo>{_SINGLE})\s+and\s+(?P<bhi>{_SINGLE})(?![\w,])(?!\.\d))
      | (?P<lo>{_DIGITS})\s*(?:-|–|—)\s*(?P<hi>{_DIGITS})(?![\w,])(?!\.\d)
      | (?P<wlo>{_SINGLE})\s+(?:to|or)\s+(?P<whi>{_SINGLE})(?![\w,])(?!\.\d)
      | (?P<half>half\s+a\s+dozen)(?![\w])
      | (?P<one>{_SINGLE})(?![\w])(?!,\d)(?!\.\d)(?![/:]\d)
      | (?P<vague>{_VAGUE})(?![\w])
    )""",
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True)
class Figure:
    """A figure found in text: its offsets, bounds, qualifier and the vague word if any."""

    start: int
    end: int
    low: int
    best: int
    high: int | None
    qualifier: Qualifier
    text: str
    vague_word: str | None = None
    digits: bool = False  # written in digits (matters for year / time filters)


def parse_number(text: str) -> int | None:
    """Parse "1,000", "1.2 million", "seven hundred and forty-five", "twenty-one"; else None.

    None too for a figure that cannot be a count of people (see MAX_COUNT, MAX_DIGITS).
    """
    value = _parse_count(text)
    return value if value is not None and plausible_count(value) else None


def plausible_count(value: int) -> bool:
    """True for a number that may count people: 0 to MAX_COUNT."""
    return 0 <= value <= MAX_COUNT


def _parse_count(text: str) -> int | None:
    t = " ".join(text.lower().replace("-", " ").split())
    if not t or sum(c.isdigit() for c in t) > MAX_DIGITS:
        return None
    m = re.fullmatch(rf"(\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.(\d+))?\s*({_SCALE}|m|k)?", t)
    if m:
        whole = int(m.group(1).replace(",", ""))
        frac = m.group(2)
        scale = {"m": 1_000_000, "k": 1_000}.get(m.group(3) or "", SCALES.get(m.group(3) or "", 1))
        if frac is None:
            return whole * scale
        if scale == 1:
            return None  # "1.5" alone is not a head count
        return round(float(f"{whole}.{frac}") * scale)
    return _parse_words(t)


def _parse_words(t: str) -> int | None:
    total, current, seen = 0, 0, False
    for word in t.split():
        if word in ("and",):
            continue
        if word in ("a",) and not seen:
            current, seen = 1, True
            continue
        if word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in SCALES:
            total += (current or 1) * SCALES[word]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def _vague(word: str) -> tuple[int, int, int, str]:
    w = " ".join(word.lower().split())
    if w.startswith("dozen") and w not in VAGUE:
        return 12, 12, 12, "dozen"
    if w.startswith("a number"):
        return (*VAGUE["a number"], "a number of")
    m = re.fullmatch(r"(tens|hundreds|dozens|scores|thousands)\s+(?:of\s+)?(thousands|hundreds)", w)
    if m:
        lo, best, hi = VAGUE[m.group(1)]
        scale = SCALES[m.group(2).rstrip("s")]
        return lo * scale, best * scale, hi * scale, w
    return (*VAGUE[w], w)


_PHONE = re.compile(r"\+?\(?\d{2,4}\)?(?:[\s.-]\d{2,4}){2,}")
_AFTER_MEASURE = re.compile(
    r"""\s*-?\s*(?:years?\b|yrs?\b|-year|months?\b|weeks?\b|days?\b|hours?\b|hrs?\b|minutes?\b|
    mins?\b|seconds?\b|decades?\b|km\b|kms\b|kilomet|miles?\b|met(?:er|re)s?\b|m\b|feet\b|ft\b|
    percent|per\s*cent|%|am\b|pm\b|a\.m|p\.m|gmt\b|hrs\b|times\b|kg\b|kilo|tons?\b|tonnes?\b|
    storey|story|floor|inch|mm\b|cm\b|caliber|calibre|dollars?|euros?|pounds?|rupees?|naira|
    shillings?|yuan|dinars?|francs?|afghanis?|cents?|acres?|hectares?|square|sq\b|mph\b|kph\b|
    °|degrees?|th\b|st\b|nd\b|rd\b|:\d|\]|
    (?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b)""",
    re.IGNORECASE | re.VERBOSE,
)
_BEFORE_MEASURE = re.compile(
    r"""(?:[$€£¥₹\[#]|\b(?:aged|age|ages|no\.|number|page|p\.|route|highway|article|resolution|
    (?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*|usd|us\$|rs\.?|
    in|since|until|of\s+the\s+year|year|between\s+the\s+ages\s+of|the\s+ages?\s+of|
    (?:boy|girl|man|woman|child|son|daughter|teenager|youth)\s+of|
    mid|early|late|class|grade|chapter|section|flight|unit|battalion|brigade|division|
    sector|block|camp|km|kilometer|kilometre|mile|phase|round|covid|cop|g|f)\s*)$""",
    re.IGNORECASE | re.VERBOSE,
)


_AGE_LIST = re.compile(r"\baged?\s+\d+(?:\s*(?:,|and|to|-)\s*\d+)*\s*(?:,|and|to|-)\s*$",
                       re.IGNORECASE)


def is_measure(text: str, fig: Figure, offset: int = 0) -> bool:
    """True for ages, distances, durations, times, dates, years, money, citations, ordinals."""
    before = text[max(0, fig.start - offset - 30):fig.start - offset]
    if _AGE_LIST.search(before):
        return True  # "aged 14, 15 and 17": every number of the list is an age
    after = text[fig.end - offset:fig.end - offset + 16]
    if fig.vague_word is None and _AFTER_MEASURE.match(after):
        return True
    if fig.qualifier in ("exact", "range") and _BEFORE_MEASURE.search(before):
        # "in 2016", "since 14" are years; but "in 2 attacks" is rare enough to accept the loss
        word = before.strip().split()[-1].lower() if before.strip() else ""
        year = fig.digits and 1900 <= fig.best <= 2100
        return year or word not in ("in", "since", "until")
    year = fig.digits and 1900 <= fig.best <= 2100 and "," not in fig.text
    return year and fig.qualifier == "exact"  # a bare four-digit year


def find_figures(text: str, offset: int = 0) -> list[Figure]:
    """Every figure in text that is not a measure, offsets shifted by ``offset``."""
    masked = _PHONE.sub(lambda m: "#" * len(m.group(0)), text)
    out: list[Figure] = []
    for m in FIGURE.finditer(masked):
        for fig in _figures(m, offset):
            if not is_measure(text, fig, offset):
                out.append(fig)
        if len(out) >= MAX_FIGURES_PER_SENTENCE:
            break
    return out[:MAX_FIGURES_PER_SENTENCE]


def _figures(m: re.Match[str], offset: int) -> list[Figure]:
    """The figure of one match; a rejected range falls back to its two ends."""
    fig = _figure(m, offset)
    if fig is not None:
        return [fig]
    names = ("lo", "hi") if m.group("lo") else ("wlo", "whi") if m.group("wlo") else ()
    out = []
    for name in names:
        sub = FIGURE.match(m.string, m.start(name), m.end(name))
        if sub and sub.group("one"):
            single = _figure(sub, offset)
            if single is not None:
                out.append(single)
    return out


def _figure(m: re.Match[str], offset: int) -> Figure | None:
    """The figure one match states: a vague word, "half a dozen", one number or a range."""
    prefix = " ".join((m.group("prefix") or "").lower().split())
    start, end = m.start() + offset, m.end() + offset
    if m.group("vague"):
        return _vague_figure(m, prefix, offset)
    if m.group("half"):  # "half a dozen": six, as loosely meant as "a dozen"
        return Figure(start, end, 6, 6, 6, "approx" if prefix else "exact", m.group(0))
    if m.group("one"):
        return _single_figure(m, _PREFIX.get(prefix, "exact"), offset)
    return _range_figure(m, offset)


def _vague_figure(m: re.Match[str], prefix: str, offset: int) -> Figure:
    """ "dozens", "scores of", "a dozen": a vague word's bounds; "some" stays in the figure."""
    start, end = m.start() + offset, m.end() + offset
    if prefix and prefix not in ("some",):
        start = m.start("vague") + offset
    low, best, high, word = _vague(m.group("vague"))
    if word == "dozen":
        return Figure(start, end, low, best, high, "approx" if prefix else "exact",
                      m.group(0), digits=False)
    return Figure(start, end, low, best, high, "vague", m.group(0), vague_word=word)


def _single_figure(m: re.Match[str], qualifier: Qualifier, offset: int) -> Figure | None:
    """One number, open above after "at least" and down to zero after "up to"."""
    value = parse_number(m.group("one"))
    if value is None:
        return None
    digits = m.group("one")[0].isdigit()
    top = None if qualifier == "at_least" else value
    bottom = 0 if qualifier == "at_most" else value
    return Figure(m.start() + offset, m.end() + offset, bottom, value, top, qualifier,
                  m.group(0), digits=digits)


def _range_figure(m: re.Match[str], offset: int) -> Figure | None:
    """ "10 to 15", "between 10 and 15": a range with its midpoint as the best estimate."""
    lo_text = m.group("lo") or m.group("wlo") or m.group("blo")
    hi_text = m.group("hi") or m.group("whi") or m.group("bhi")
    lo, hi = parse_number(lo_text), parse_number(hi_text)
    if lo is None or hi is None or hi <= lo:
        return None  # "14-3" is a score, "2-1" a result: not a range of people
    if m.string[max(0, m.start() - 5):m.start()].lower().strip().endswith("from"):
        return None  # "rose from 10 to 15" is a revision, not a range
    best = (lo + hi) // 2
    return Figure(m.start() + offset, m.end() + offset, lo, best, hi, "range", m.group(0),
                  digits=lo_text[0].isdigit())
