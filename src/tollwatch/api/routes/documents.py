"""GET /documents/{id}, POST /documents (extract, store, reconcile) and POST /extract."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, HTTPException, Path

from tollwatch.api import schemas, views
from tollwatch.api.deps import ReaderDep, WriterDep
from tollwatch.errors import InputError, NotFoundError
from tollwatch.ingest.reader import document_from_bytes
from tollwatch.model import Document, Incident

if TYPE_CHECKING:
    from tollwatch.store import Ledger

router = APIRouter(tags=["documents"])

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
        result = ledger.add(extraction)
        changed = ledger.reconcile()
        stored = ledger.document(result.document_id)
        incidents = [i for i in map(_existing(ledger), changed) if i is not None]
    return schemas.StoredOut(
        status=result.status,
        document_id=result.document_id,
        copy_of=result.copy_of,
        claims=[views.claim_out(c) for c in stored.claims],
        incidents=[views.incident_summary(i) for i in incidents],
    )


@router.post("/extract", response_model=schemas.ExtractionOut, responses=ERRORS)
def post_extract(services: ReaderDep, body: schemas.DocumentIn) -> schemas.ExtractionOut:
    """Extract the claims of one article; nothing is stored."""
    try:
        doc = to_document(body, "POST /extract")
    except InputError as exc:
        raise HTTPException(422, str(exc)) from exc
    return views.extraction_out(services.extract(doc))
