"""Attach resolved places and dates to claims: sentence first, then paragraph, then document."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from spacy.tokens import Doc

from tollwatch.extract.nlp import load_nlp
from tollwatch.geo.context import story_context
from tollwatch.geo.dates import DateMention, find_dates, report_date, role_of, span_of
from tollwatch.geo.gazetteer import load_gazetteer
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


def choose_place(mentions: list[Mention], spans: list[tuple[int, int]], anchor: int,
                 fallback: Place | None) -> Place | None:
    """The finest place named within the first span that names one, nearest the anchor."""
    for start, end in spans:
        inside = [m for m in mentions if start <= m.start < end]
        if inside:
            best = min(inside, key=lambda m: (m.place.precision or 9, abs(m.start - anchor)))
            return best.place
    return fallback


def choose_date(dates: list[DateMention], spans: list[tuple[int, int]], anchor: int,
                fallback: DateRef | None) -> DateRef | None:
    """The event date nearest the anchor within the first span that has one."""
    for start, end in spans:
        inside = [d for d in dates if start <= d.start < end]
        if inside:
            return min(inside, key=lambda d: abs(d.start - anchor)).ref
    return fallback


def document_date(events: list[DateMention], published: dt.date | None) -> DateRef | None:
    """The span of the story's own event dates; background dates and report dates left out."""
    refs = [d.ref for d in events if d.ref.start is not None]
    if published is not None:
        floor = published - dt.timedelta(days=BACKGROUND_DAYS)
        refs = [r for r in refs if r.start is not None and floor <= r.start <= published]
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
    published = extraction.document.published
    dates = [replace(d, role=role_of(doc, d.start, d.end)) for d in find_dates(text, published)]
    events = [d for d in dates if d.role == "event"]
    extraction.date = document_date(events, published)
    paras = paragraphs(text)
    for claim in extraction.claims:
        _attach_claim(claim, scenes, events, paras, extraction)


def _attach_claim(claim: Claim, scenes: list[Mention], events: list[DateMention],
                  paras: list[tuple[int, int]], extraction: Extraction) -> None:
    ev = claim.evidence
    sentence_end = ev.sentence_start + max(len(ev.sentence), ev.end - ev.sentence_start)
    sentence = (ev.sentence_start, sentence_end)
    spans = [sentence, _enclosing(paras, ev.start)]
    if claim.place is None:
        claim.place = choose_place(scenes, spans, ev.start, extraction.place)
    if claim.date is None:
        claim.date = choose_date(events, spans, ev.start, extraction.date)


__all__ = ["attach_places_and_dates", "Claim", "Document"]
