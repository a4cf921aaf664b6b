"""GET /documents/{id}, POST /documents (extract, store, reconcile) and POST /extract."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Request

from tollwatch.api import schemas, views
from tollwatch.api.deps import ReaderDep, WriterDep
from tollwatch.errors import InputError, NotFoundError, StoreError, StoreUnavailable
from tollwatch.ingest.reader import check_text, document_from_bytes
from tollwatch.model import Document, Extraction, Incident

if TYPE_CHECKING:
    from tollwatch.store import Ledger
    from tollwatch.store.ledger import AddResult

router = APIRouter(tags=["documents"])
log = logging.getLogger(__name__)
# The open POST /extract reads at most this many characters of article text per request:
# extraction is linear in length, so this bounds each anonymous request's time (a few
# seconds); authorised POST /documents takes the schema's limit.
MAX_EXTRACT_CHARS = 50_000

DocumentId = Annotated[int, Path(ge=1, le=2**62, description="The document's ledger id.")]
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": schemas.ErrorOut},
    403: {"model": schemas.ErrorOut},
    413: {"model": schemas.ErrorOut},
    422: {"model": schemas.ErrorOut},
}


def to_document(body: schemas.DocumentIn, where: str) -> Document:
    """A cleaned Document from a request body (HTML through the page reader)."""
    raw = body.html if body.html is not None else body.text
    for name in ("text", "html", "title", "url", "outlet"):
        value = getattr(body, name)
        if isinstance(value, str):  # lone surrogates cannot even be encoded to be read
            check_text(value, where, name)
    doc = document_from_bytes(
        (raw or "").encode("utf-8"),
        where=where,
        html=body.html is not None,
        published=body.published,
    )
    doc.title = body.title or doc.title
    doc.url = body.url or doc.url
    doc.outlet = body.outlet or doc.outlet
    return doc


def _existing(ledger: Ledger) -> Callable[[int], Incident | None]:
    """Look up an incident id that reconciliation may have merged away since."""

    def lookup(incident_id: int) -> Incident | None:
        try:
            return ledger.incident(incident_id)
        except NotFoundError:
            return None

    return lookup


@router.get(
    "/documents/{document_id}",
    response_model=schemas.DocumentOut,
    responses={404: {"model": schemas.ErrorOut}},
)
def get_document(services: ReaderDep, document_id: DocumentId) -> schemas.DocumentOut:
    """A stored document: text, metadata, and its claims with evidence offsets."""
    return views.document_out(services.ledger.document(document_id))


@router.post("/documents", response_model=schemas.StoredOut, status_code=201, responses=ERRORS)
def post_document(services: WriterDep, body: schemas.DocumentIn) -> schemas.StoredOut:
    """Extract, store and reconcile one article; returns its claims and the incidents it touched."""
    try:
        doc = to_document(body, "POST /documents")
    except InputError as exc:
        raise HTTPException(422, str(exc)) from exc
    extraction = services.extract(doc)
    ledger = services.ledger
    with services.write_lock:
        result = _add(ledger, extraction)
        changed = _reconcile(ledger)
        stored = ledger.document(result.document_id)
        incidents = [i for i in map(_existing(ledger), changed) if i is not None]
    return schemas.StoredOut(
        status=result.status,
        document_id=result.document_id,
        copy_of=result.copy_of,
        claims=[views.claim_out(c) for c in stored.claims],
        incidents=[views.incident_summary(i) for i in incidents],
    )


def _add(ledger: Ledger, extraction: Extraction) -> AddResult:
    """Store the document: a document no backend can hold is the client's 422, a lost
    database a 503; a racing duplicate from another process is an answer, not an error."""
    try:
        return ledger.add(extraction)
    except StoreUnavailable as exc:
        raise HTTPException(503, "the ledger is unavailable; retry shortly",
                            headers={"Retry-After": "5"}) from exc
    except StoreError as exc:
        raise HTTPException(422, exc.reason) from exc


def _reconcile(ledger: Ledger) -> list[int]:
    """Reconcile; if it fails the stored document stays pending for the next reconciliation,
    and the client is told it was stored (it was), not a 500."""
    try:
        return ledger.reconcile()
    except StoreError as exc:
        log.error("reconciliation after POST /documents failed: %s", exc)
        return []


@router.post("/extract", response_model=schemas.ExtractionOut,
             responses={**ERRORS, 429: {"model": schemas.ErrorOut},
                        503: {"model": schemas.ErrorOut}})
def post_extract(services: ReaderDep, body: schemas.DocumentIn,
                 request: Request) -> schemas.ExtractionOut:
    """Extract the claims of one article; nothing is stored.

    Open to anyone, so bounded: at most 50,000 characters of article text (413), a rate per
    client address (429 with Retry-After) and a short queue (503 when it is full).
    """
    client = request.client.host if request.client else "?"
    wait = services.limiter.wait(client)
    if wait > 0:
        raise HTTPException(429, f"too many extraction requests; retry in {wait:.0f} s",
                            headers={"Retry-After": str(max(1, round(wait)))})
    try:
        doc = to_document(body, "POST /extract")
    except InputError as exc:
        raise HTTPException(422, str(exc)) from exc
    if len(doc.text) > MAX_EXTRACT_CHARS:
        raise HTTPException(413, f"article text of {len(doc.text):,} characters is over the "
                                 f"{MAX_EXTRACT_CHARS:,} character limit of POST /extract")
    extraction = services.extract_for_reader(doc)
    if extraction is None:
        raise HTTPException(503, "the extractor is busy; retry shortly",
                            headers={"Retry-After": "2"})
    return views.extraction_out(extraction)
