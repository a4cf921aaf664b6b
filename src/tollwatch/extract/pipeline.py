"""Document in, claims and headline figures out: the extraction pipeline."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from tollwatch.extract.claims import build_claims
from tollwatch.extract.headline import headline
from tollwatch.extract.nlp import load_nlp
from tollwatch.extract.scope import assign_scopes
from tollwatch.extract.where_when import attach_places_and_dates
from tollwatch.model import Document, Extraction, HeadlineMode

log = logging.getLogger(__name__)


class Extractor:
    """Runs the spaCy pipeline and the claim components over documents."""

    def __init__(self, headline: HeadlineMode = "all") -> None:
        self.nlp = load_nlp()
        self.headline = headline

    def extract(self, document: Document) -> Extraction:
        """Claims and headline figures of one document."""
        return next(self.pipe([document]))

    def pipe(self, documents: Iterable[Document], batch_size: int = 64) -> Iterator[Extraction]:
        """Extract documents lazily, parsing them in batches through ``nlp.pipe``."""
        pairs = ((d.text, d) for d in documents)
        for spacy_doc, document in self.nlp.pipe(pairs, batch_size=batch_size, as_tuples=True):
            yield self.from_doc(spacy_doc, document)

    def from_doc(self, spacy_doc: Doc, document: Document) -> Extraction:
        """An Extraction from a document already parsed by this extractor's pipeline."""
        claims, implicit = build_claims(spacy_doc, self.headline)
        ends = [sent.end_char for sent in spacy_doc.sents]
        lead = assign_scopes(claims, spacy_doc.text, ends, document.published)
        extraction = Extraction(
            document=document,
            claims=claims,
            killed=headline(claims, "killed", self.headline, implicit, (lead.core, lead.end)),
            injured=headline(claims, "injured", self.headline, implicit, (lead.core, lead.end)),
        )
        attach_places_and_dates(spacy_doc, extraction)
        return extraction
