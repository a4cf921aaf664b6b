"""Attach resolved places and dates to claims (owned by the where-and-when work; see issue 3)."""

from __future__ import annotations

from spacy.tokens import Doc

from tollwatch.model import Claim, Document, Extraction


def attach_places_and_dates(doc: Doc, extraction: Extraction) -> None:
    """Fill claim.place / claim.date and extraction.place / extraction.date in place.

    Placeholder until the gazetteer lands: leaves everything unresolved.
    """
    del doc, extraction


__all__ = ["attach_places_and_dates", "Claim", "Document"]
