"""Document in, claims and headline figures out: the extraction pipeline."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from tollwatch.extract.nlp import load_nlp
from tollwatch.model import Document, Extraction, HeadlineMode


class Extractor:
    """Runs the spaCy pipeline and the claim components over documents."""

    def __init__(self, headline: HeadlineMode = "all") -> None:
        self.nlp = load_nlp()
        self.headline = headline

    def extract(self, document: Document) -> Extraction:
        return next(self.pipe([document]))

    def pipe(self, documents: Iterable[Document], batch_size: int = 64) -> Iterator[Extraction]:
        docs = list(documents)  # placeholder until the claim components land
        for document, _ in zip(docs, self.nlp.pipe((d.text for d in docs), batch_size=batch_size)):
            yield Extraction(document=document)
