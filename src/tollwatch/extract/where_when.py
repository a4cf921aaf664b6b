"""Attach resolved places and dates to claims: sentence first, then paragraph, then document."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from spacy.tokens import Doc

from tollwatch.extract.nlp import load_nlp
from tollwatch.geo.context import story_context
from tollwatch.geo.countries import countries
from tollwatch.geo.datelines import Dateline
from tollwatch.geo.dates import (
    DATELINE_CHARS,
    DateMention,
    dateline_date,
    find_dates,
    report_date,
    role_of,
    span_of,
)
from tollwatch.geo.gazetteer import load_gazetteer
from tollwatch.geo.names import name_key
from tollwatch.geo.toponyms import Mention, main_place, resolve_mentions, with_title
from tollwatch.model import Claim, DateRef, Document, Extraction, Place

PARAGRAPH_BREAK = re.compile(r"\n(?:[ \t]*\n)+")
# A place named as someone's base ("a UK-based watchdog") is not where the harm happened.
_NOT_THE_SCENE = re.compile(r"\s*[-‐‑]\s*(?:based|led|backed|born|funded|run)\b", re.I)
# Event dates older than this before publication are background ("in 2011"), not the story.
BACKGROUND_DAYS = 31


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Character spans of the blank-line separated paragraphs."""
    spans, start = [], 0
    for m in PARAGRAPH_BREAK.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _enclosing(spans: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    return next(((s, e) for s, e in spans if s <= offset <= e), (0, 0))


def scene_mentions(mentions: list[Mention], text: str) -> list[Mention]:
    """Mentions that can be the place of an event (a base of an actor is not)."""
    return [m for m in mentions if m.place.precision is not None
            and not _NOT_THE_SCENE.match(text, m.end)]


SPAN_NAMES = ("sentence", "paragraph")
OWN_SENTENCE = "finest place in its sentence"


def choose_place(mentions: list[Mention], spans: list[tuple[int, int]], anchor: int,
                 fallback: Place | None) -> Place | None:
    """The finest place named within the first span that names one, nearest the anchor."""
    return place_and_rule(mentions, spans, anchor, fallback)[0]


def place_and_rule(mentions: list[Mention], spans: list[tuple[int, int]], anchor: int,
                   fallback: Place | None,
                   filed: tuple[int, int] | None = None) -> tuple[Place | None, str]:
    """choose_place, and which span decided ("sentence", "paragraph", "document").

    ``filed`` is the dateline's town: where the story was filed from. When the claim's own
    sentence names another place, that place is the scene ("DAMASCUS — Fighting ... in the
    coastal province of Latakia has killed 200": Latakia, not the wire's desk in Damascus).
    """
    for name, (start, end) in zip(SPAN_NAMES, spans, strict=False):
        inside = [m for m in mentions if start <= m.start < end]
        if filed is not None:
            inside = [m for m in inside if not filed[0] <= m.start < filed[1]] or inside
        if inside:
            best = min(inside, key=lambda m: (m.place.precision or 9, abs(m.start - anchor)))
            return best.place, f"finest place in its {name}: {best.place.name!r}"  # OWN_SENTENCE
    return fallback, "the document's main place"


def choose_date(dates: list[DateMention], spans: list[tuple[int, int]], anchor: int,
                fallback: DateRef | None) -> DateRef | None:
    """The event date nearest the anchor within the first span that has one."""
    return date_and_rule(dates, spans, anchor, fallback)[0]


def date_and_rule(dates: list[DateMention], spans: list[tuple[int, int]], anchor: int,
                  fallback: DateRef | None) -> tuple[DateRef | None, str]:
    """choose_date, and which span decided."""
    for name, (start, end) in zip(SPAN_NAMES, spans, strict=False):
        inside = [d for d in dates if start <= d.start < end]
        if inside:
            ref = min(inside, key=lambda d: abs(d.start - anchor)).ref
            return ref, f"nearest event date in its {name}: {ref.text!r}"
    return fallback, "the document's event date" if fallback else "no date of its own"


def document_date(events: list[DateMention], published: dt.date | None) -> DateRef | None:
    """The span of the story's own event dates; background dates and report dates left out.

    A day outranks a wider period: "on Monday" dates the event, "this month" only brackets it.
    """
    refs = [d.ref for d in events if d.ref.start is not None]
    if published is not None:
        floor = published - dt.timedelta(days=BACKGROUND_DAYS)
        refs = [r for r in refs if r.start is not None and floor <= r.start <= published]
    days = [r for r in refs if r.precision in ("day", "days")]
    refs = days or refs
    unresolved = [d.ref for d in events if d.ref.start is None]
    # With no publication date, the story's first relative date is kept as text, unresolved.
    return span_of(refs) or report_date(published) or (unresolved[0] if unresolved else None)


def attach_places_and_dates(doc: Doc, extraction: Extraction) -> None:
    """Fill claim.place / claim.date and extraction.place / extraction.date in place.

    A claim keeps a place or date its extractor already set; others get the one named in
    their sentence, else their paragraph, else the document's.
    """
    text = extraction.document.text
    gaz = load_gazetteer()
    page = extraction.document
    context = story_context(text, gaz, page.title, page.url)
    if page.title and page.title.strip():
        # The title is parsed apart: it is not part of the body the claims point into.
        context = with_title(context, load_nlp()(page.title[:300]), gaz)
    mentions = resolve_mentions(doc, gaz, context)
    extraction.place = main_place(mentions, doc, gaz, context)
    scenes = scene_mentions(mentions, text)
    # a report's own dateline stands in for a publication date nobody gave; it dates the report
    published = extraction.document.published or dateline_date(text)
    dates = [replace(d, role=role_of(doc, d.start, d.end)) for d in find_dates(text, published)]
    if extraction.document.published is None and published is not None:
        dates = [d for d in dates if not (d.start < DATELINE_CHARS and d.ref.start == published
                                          and d.ref.precision == "day")]
    aside = _aside_sentences(extraction.claims)
    events = [d for d in dates if d.role == "event" and not _inside(d.start, aside)]
    extraction.date = document_date(events, published)
    paras = paragraphs(text)
    line = context.dateline
    filed = (line.start, line.end) if line is not None else None
    for claim in extraction.claims:
        _attach_claim(claim, scenes, events, paras, extraction, filed)
    extraction.place = _scene_not_desk(extraction, context.dateline)


def _scene_not_desk(extraction: Extraction, line: Dateline | None) -> Place | None:
    """The main place, unless it is only a capital's dateline and the harm is placed elsewhere.

    A wire's dateline says where the story was filed ("DAMASCUS — ... in the coastal province
    of Latakia has killed 200"): when every main-event figure placed by its own sentence names
    one other place below the country, in the same country, and none names the dateline's
    town, that place is the scene.
    """
    main = extraction.place
    if line is None or main is None or name_key(main.name) != name_key(line.town):
        return main
    # Foreign desks sit in capitals; a local paper's dateline town is where it happened
    # (on gva_dev pages, moving US datelines to a town named in the figures' sentences cost
    # 4 points of city matches).
    if name_key(str(countries().get(main.country or "", {}).get("capital", ""))) != \
            name_key(main.name):
        return main
    own = [c.place for c in extraction.claims if c.scope == "event" and c.place is not None
           and (c.place.precision or 6) < 6 and c.why.get("place", "").startswith(OWN_SENTENCE)]
    names = {name_key(p.name) for p in own}
    if len(names) != 1 or name_key(main.name) in names or own[0].country != main.country:
        return main
    return own[0]


def _aside_sentences(claims: list[Claim]) -> list[tuple[int, int]]:
    """Sentences whose figures are history, running totals or other events and none of the main
    event: their dates ("in March 2011", "on July 25") do not date the story."""
    spans: dict[tuple[int, int], bool] = {}
    for c in claims:
        key = (c.evidence.sentence_start, c.evidence.sentence_start + len(c.evidence.sentence))
        spans[key] = spans.get(key, True) and c.scope != "event"
    return [k for k, aside in spans.items() if aside]


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= offset < e for s, e in spans)


def _attach_claim(claim: Claim, scenes: list[Mention], events: list[DateMention],
                  paras: list[tuple[int, int]], extraction: Extraction,
                  filed: tuple[int, int] | None = None) -> None:
    ev = claim.evidence
    sentence_end = ev.sentence_start + max(len(ev.sentence), ev.end - ev.sentence_start)
    sentence = (ev.sentence_start, sentence_end)
    spans = [sentence, _enclosing(paras, ev.start)]
    why = dict(claim.why)
    if claim.place is None:
        claim.place, why["place"] = place_and_rule(scenes, spans, ev.start, extraction.place,
                                                   filed)
    if claim.date is None and claim.scope != "event":
        # a running total or another event is not dated by the story's date
        claim.date, why["date"] = date_and_rule(events, spans[:1], ev.start, None)
    elif claim.date is None:
        claim.date, why["date"] = date_and_rule(events, spans, ev.start, extraction.date)
    claim.why = why


__all__ = ["attach_places_and_dates", "Claim", "Document"]
