"""From ledger objects to the public API shapes (never a table row)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tollwatch.api import schemas
from tollwatch.exports import headline_toll, safe_url
from tollwatch.model import Claim, Extraction, Incident, Toll

if TYPE_CHECKING:
    from tollwatch.store import StoredClaim, StoredDocument


def claim_body(claim: Claim) -> schemas.ClaimBody:
    """An extracted claim as the API shows it."""
    return schemas.ClaimBody.model_validate(claim)


def claim_out(stored: StoredClaim) -> schemas.ClaimOut:
    """A stored claim with its ledger id and document metadata."""
    body = claim_body(stored.claim).model_dump()
    return schemas.ClaimOut(
        id=stored.id,
        document_id=stored.document_id,
        source_article=stored.source_article,
        title=stored.title,
        published=stored.published,
        outlet=stored.outlet,
        url=safe_url(stored.url) or None,
        **body,
    )


def toll_out(toll: Toll | None) -> schemas.TollOut | None:
    return None if toll is None else schemas.TollOut.model_validate(toll)


def incident_summary(incident: Incident) -> schemas.IncidentSummary:
    """An incident as a list row: place, dates, headline tolls, flags."""
    if incident.id is None:
        raise ValueError("an incident from the ledger always has an id")
    return schemas.IncidentSummary(
        id=incident.id,
        place=None if incident.place is None else schemas.PlaceOut.model_validate(incident.place),
        start=incident.start,
        end=incident.end,
        killed=toll_out(headline_toll(incident, "killed")),
        injured=toll_out(headline_toll(incident, "injured")),
        flags=list(incident.flags),
        n_claims=len(incident.claim_ids),
        n_reports=len({r.document_id for r in incident.revisions}),
    )


def incident_detail(incident: Incident, claims: list[StoredClaim]) -> schemas.IncidentDetail:
    """An incident with every toll, its revision history and its claims."""
    summary = incident_summary(incident).model_dump()
    return schemas.IncidentDetail(
        **summary,
        tolls=[schemas.TollOut.model_validate(t) for t in incident.tolls],
        revisions=[schemas.RevisionOut.model_validate(r) for r in incident.revisions],
        reports=_reports(claims),
        claims=[claim_out(c) for c in claims],
    )


def _reports(claims: list[StoredClaim]) -> list[schemas.ReportOut]:
    """The distinct reports of the claims, by ledger id."""
    seen: dict[int, schemas.ReportOut] = {}
    for c in claims:
        if c.document_id not in seen:
            seen[c.document_id] = schemas.ReportOut(
                document_id=c.document_id, source_article=c.source_article, outlet=c.outlet,
                title=c.title, url=safe_url(c.url) or None, published=c.published)
    return [seen[k] for k in sorted(seen)]


def document_out(stored: StoredDocument) -> schemas.DocumentOut:
    """A stored document: its text, metadata and claims with evidence offsets."""
    meta = schemas.document_meta(stored.document).model_dump()
    return schemas.DocumentOut(
        **meta,
        id=stored.id,
        copy_of=stored.copy_of,
        text=stored.document.text,
        claims=[claim_out(c) for c in stored.claims],
    )


def extraction_out(extraction: Extraction) -> schemas.ExtractionOut:
    """What extraction made of a document, nothing stored."""
    doc = extraction.document
    return schemas.ExtractionOut(
        document=schemas.document_meta(doc),
        text=doc.text,
        killed=extraction.killed,
        injured=extraction.injured,
        place=None
        if extraction.place is None
        else schemas.PlaceOut.model_validate(extraction.place),
        date=None if extraction.date is None else schemas.DateOut.model_validate(extraction.date),
        claims=[claim_body(c) for c in extraction.claims],
    )
