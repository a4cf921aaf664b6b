"""What each figure is about: the main event, another event, a running total, or history.

A full-length article leads with its event ("A bomb killed 18 people in Jaramana on Tuesday")
and goes on to earlier bombings, the war's toll since 2011 and the 1982 massacre. Each claim
gets the scope whose cues weigh most: cues are small named features (patterns in
``lexicon/scope_cues.tsv``, computed ones below), weights are in ``lexicon/scope_weights.tsv``.
The features that decided are kept in ``claim.why["scope"]``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from tollwatch.geo.dates import dateline_date, find_dates
from tollwatch.lexicon import table
from tollwatch.lexicon import weights as weight_table
from tollwatch.model import Claim, Scope

_YEAR = re.compile(r"(?<![\d,.])(?:19[5-9]\d|20[0-4]\d)(?!\d)")
_WEEKDAY = re.compile(r"\b(?:on\s+|early\s+|late\s+)(monday|tuesday|wednesday|thursday|friday|"
                      r"saturday|sunday)\b", re.I)
# The title and the first sentence: the article's own statement of its main event.
LEAD_SENTENCES = 2
# How many sentences in the first figure may stand and still be the lead (title, dateline, lead).
LEAD_REACH = 3
# Figures this large are war-wide counts, not one attack's toll.
HUGE, VAST = 5000, 50000
# An "on July 25" this many days before the lead's date is another event.
OTHER_DATE_DAYS = 3


@cache
def _cues() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((row["feature"], re.compile(row["pattern"], re.I))
                 for row in table("scope_cues"))


@dataclass(frozen=True)
class Lead:
    """What the article's opening says: its figures, its date, its weekday, its year."""

    core: int  # where the first sentence with a figure stops
    end: int  # where the lead the headline prefers stops
    figures: frozenset[tuple[str, int]]  # (outcome, best) stated in the lead
    date: dt.date | None
    weekday: str | None
    year: int | None


def read_lead(claims: list[Claim], text: str, sentence_ends: list[int],
              published: dt.date | None) -> Lead:
    """The lead: the first sentence, stretched to the first sentence with a figure (its core);
    for the headline, also the next sentence (a title often runs into the lead without a stop)."""
    ends = sentence_ends or [len(text)]
    first = min((c.evidence.start for c in claims if c.status == "current"), default=0)
    k = next((k for k, e in enumerate(ends) if e > first), len(ends) - 1)
    # a first figure deep in the article is no lead ("documented 270 killed during April")
    core = ends[k] if k < LEAD_REACH else ends[0]
    end = ends[min(max(k, LEAD_SENTENCES - 1), len(ends) - 1)]
    figures = frozenset((c.outcome, c.count.best) for c in claims
                        if c.evidence.start < core and c.count.qualifier != "vague")
    date = published or dateline_date(text)
    weekday = _WEEKDAY.search(text, 0, end)
    return Lead(core, end, figures, date, weekday.group(1).lower() if weekday else None,
                date.year if date else None)


def _features(claim: Claim, lead: Lead) -> list[str]:
    """Names of the cues that fire for one claim."""
    sent = claim.evidence.sentence
    fired = [name for name, pattern in _cues() if pattern.search(sent)]
    fired.append("event.prior")
    in_lead = claim.evidence.start < lead.core
    if in_lead:
        fired.append("event.in_lead")
    elif (claim.outcome, claim.count.best) in lead.figures and claim.count.qualifier != "vague":
        fired.append("event.repeats_lead")
    if claim.count.best >= VAST:
        fired.append("cumulative.vast_figure")
    elif claim.count.best >= HUGE:
        fired.append("cumulative.huge_figure")
    if lead.year and any(int(y) < lead.year for y in _YEAR.findall(sent)):
        fired.append("background.past_year")
    if not in_lead:
        fired.extend(_date_features(sent, lead))
    return fired


def _date_features(sent: str, lead: Lead) -> list[str]:
    """A sentence dated away from the lead's day: another event."""
    out = []
    if lead.date is not None:
        for d in find_dates(sent, lead.date):
            if d.ref.start is not None and d.ref.precision == "day" and \
                    (lead.date - d.ref.start).days >= OTHER_DATE_DAYS:
                out.append("other_event.other_date")
                break
    weekday = _WEEKDAY.search(sent)
    if lead.weekday and weekday and weekday.group(1).lower() != lead.weekday:
        out.append("other_event.other_weekday")
    return out


def decide_scope(fired: list[str],
                 weights: Mapping[str, float] | None = None) -> tuple[Scope, list[str]]:
    """The scope whose fired cues weigh most, and the cues behind it.

    ``weights`` replaces the lexicon's table (``bench/cross_fit.py`` tries fitted weights)."""
    table_ = weight_table("scope_weights") if weights is None else weights
    totals: dict[str, float] = {}
    for name in fired:
        scope = name.split(".", 1)[0]
        totals[scope] = totals.get(scope, 0.0) + table_.get(name, 0.0)
    best = max(totals, key=lambda s: (totals[s], s == "event"))
    return best, [n for n in fired if n.startswith(best + ".")]  # type: ignore[return-value]


def claim_features(claims: list[Claim], lead: Lead) -> list[list[str]]:
    """The cues that fire for each claim (they do not depend on the weights)."""
    return [_features(claim, lead) for claim in claims]


def apply_scopes(claims: list[Claim], fired: list[list[str]],
                 weights: Mapping[str, float] | None = None) -> None:
    """Set claim.scope (and why["scope"]) from each claim's fired cues; parts follow their
    total. ``weights`` replaces the lexicon's table."""
    for claim, cues in zip(claims, fired, strict=True):
        scope, why = decide_scope(cues, weights)
        if scope == "other_event" and claim.status == "superseded":
            # "had given a previous estimate of 200 dead on Friday": an earlier figure of the
            # same event, its own day notwithstanding (history, not another event)
            scope, why = "event", ["event.superseded_estimate"]
        claim.scope = scope
        # a fresh dict: claims copied with dataclasses.replace would share the old one
        claim.why = {**claim.why, "scope": "+".join(why)}
    for claim in claims:
        if claim.part_of is not None:
            claim.scope = claims[claim.part_of].scope
            claim.why = {**claim.why, "scope": f"part of claim {claim.part_of}"}


def assign_scopes(claims: list[Claim], text: str, sentence_ends: list[int],
                  published: dt.date | None = None,
                  weights: Mapping[str, float] | None = None) -> Lead:
    """Set claim.scope (and why["scope"]) for every claim; parts follow their total."""
    lead = read_lead(claims, text, sentence_ends, published)
    apply_scopes(claims, claim_features(claims, lead), weights)
    return lead
