"""Document in, claims and headline figures out: the extraction pipeline.

Cost is kept linear in the length of a document: long texts are parsed in chunks cut at
paragraph (else sentence-like, else word) boundaries and joined back into one spaCy Doc, and
runs of repeated punctuation are blanked in the parser's view of the text (same length, so
every offset still points into the document's own text).
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Iterable, Iterator
from typing import Literal, overload

from spacy.tokens import Doc

from tollwatch.errors import ExtractionError, TollwatchError
from tollwatch.extract.claims import build_claims
from tollwatch.extract.headline import headline
from tollwatch.extract.nlp import load_nlp
from tollwatch.extract.scope import assign_scopes
from tollwatch.extract.where_when import attach_places_and_dates
from tollwatch.ingest.reader import MAX_BYTES
from tollwatch.model import Document, Extraction, HeadlineMode

log = logging.getLogger(__name__)

# The documented input limit (10 MB) read as characters: a longer text is refused per document.
MAX_CHARS = MAX_BYTES
# Characters parsed at once: spaCy's memory grows with the length of one Doc (~4 KB a
# character), and its tokenizer's affix search is quadratic in one unbroken run of text.
CHUNK_CHARS = 20_000
# "((((((...": spaCy strips one affix at a time, rescanning the rest of the run each time.
_PUNCT_RUN = re.compile(r"([^\w\s])\1{4,}")
_CUTS = (re.compile(r"\n\s*"), re.compile(r"[.!?]\s+"), re.compile(r"\s+"))

OnError = Literal["raise", "yield"]


def parser_view(text: str) -> str:
    """The text the parser sees: runs of one punctuation mark kept as their first mark."""
    return _PUNCT_RUN.sub(lambda m: m.group(1) + " " * (len(m.group(0)) - 1), text)


def chunk_bounds(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """(start, end) pieces of text of at most ``size`` characters, cut at the best boundary."""
    bounds, start = [], 0
    while len(text) - start > size:
        end = _cut(text, start, start + size)
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    return bounds


def _cut(text: str, start: int, limit: int) -> int:
    """The end of the piece starting at start: after the last boundary in its second half."""
    for pattern in _CUTS:
        ends = [m.end() for m in pattern.finditer(text, start + (limit - start) // 2, limit)]
        if ends:
            return ends[-1]
    return limit


class Extractor:
    """Runs the spaCy pipeline and the claim components over documents."""

    def __init__(self, headline: HeadlineMode = "all") -> None:
        self.nlp = load_nlp()
        self.nlp.max_length = max(self.nlp.max_length, CHUNK_CHARS * 2)
        self.headline = headline

    def extract(self, document: Document) -> Extraction:
        """Claims and headline figures of one document."""
        return next(self.pipe([document]))

    @overload
    def pipe(self, documents: Iterable[Document], batch_size: int = ...,
             on_error: Literal["raise"] = ...) -> Iterator[Extraction]: ...

    @overload
    def pipe(self, documents: Iterable[Document], batch_size: int = ...,
             *, on_error: Literal["yield"]) -> Iterator[Extraction | TollwatchError]: ...

    def pipe(self, documents: Iterable[Document], batch_size: int = 64,
             on_error: OnError = "raise") -> Iterator[Extraction | TollwatchError]:
        """Extract documents lazily, a batch at a time, in input order.

        on_error="raise" raises the first failure; on_error="yield" yields a TollwatchError in
        place of a document that cannot be extracted (a failing batch is retried a document
        at a time, so only the bad one fails) and goes on (spaCy's error handler, as a switch).
        """
        stream = iter(documents)
        while batch := list(itertools.islice(stream, max(1, batch_size))):
            yield from self._batch(batch, on_error)

    def _batch(self, batch: list[Document],
               on_error: OnError) -> Iterator[Extraction | TollwatchError]:
        try:
            # materialised: a batch that fails half way must not have yielded its first half
            results = [self.from_doc(parsed, doc)
                       for parsed, doc in zip(self._parse(batch), batch, strict=True)]
        except Exception as exc:
            if on_error == "raise":
                raise
            if len(batch) > 1:
                for doc in batch:
                    yield from self._batch([doc], on_error)
                return
            yield extraction_error(exc, batch[0])
            return
        yield from results

    def _parse(self, batch: list[Document]) -> Iterator[Doc]:
        """One spaCy Doc per document; long ones parsed in chunks and joined."""
        for doc in batch:
            if len(doc.text) > MAX_CHARS:
                raise ExtractionError(f"text too long: {len(doc.text):,} characters over the "
                                      f"{MAX_CHARS:,} character limit", where=_where(doc))
        texts = [parser_view(d.text) for d in batch]
        pieces = [[text[a:b] for a, b in chunk_bounds(text)] for text in texts]
        parsed = iter(self.nlp.pipe(itertools.chain.from_iterable(pieces)))
        for doc, text, parts in zip(batch, texts, pieces, strict=True):
            chunks = [next(parsed) for _ in parts]
            joined = chunks[0] if len(chunks) == 1 else Doc.from_docs(chunks,
                                                                      ensure_whitespace=False)
            if joined.text != text:  # offsets would point at the wrong characters
                raise ExtractionError("chunked parse lost characters", where=_where(doc))
            joined.user_data["tollwatch_text"] = doc.text  # evidence quotes the real text
            yield joined

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


def _where(doc: Document) -> str:
    return doc.origin or doc.id or "?"


def extraction_error(exc: Exception, doc: Document) -> TollwatchError:
    """The error to record for a document whose extraction raised exc."""
    if isinstance(exc, TollwatchError):
        return exc
    log.exception("extraction failed on %s", _where(doc))
    return ExtractionError(f"extraction failed ({type(exc).__name__}: {exc})", where=_where(doc))
