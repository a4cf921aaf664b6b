"""GET /incidents and GET /incidents/{id}."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from tollwatch.api import schemas, views
from tollwatch.api.deps import ReaderDep
from tollwatch.api.routes.filters import FiltersDep, LimitQ, OffsetQ, SortQ

router = APIRouter(tags=["incidents"])

IncidentId = Annotated[int, Path(ge=1, le=2**62, description="The incident's ledger id.")]


@router.get("/incidents", response_model=schemas.IncidentPage)
def list_incidents(
    services: ReaderDep,
    filters: FiltersDep,
    limit: LimitQ = 50,
    offset: OffsetQ = 0,
    sort: SortQ = "-best",
) -> schemas.IncidentPage:
    """Incidents matching the filters, one page of them, with the total count."""
    ledger = services.ledger
    items = ledger.incidents(filters, limit=limit, offset=offset, sort=sort)
    total = ledger.count_incidents(filters)
    return schemas.IncidentPage(
        total=total, limit=limit, offset=offset, items=[views.incident_summary(i) for i in items]
    )


@router.get(
    "/incidents/{incident_id}",
    response_model=schemas.IncidentDetail,
    responses={404: {"model": schemas.ErrorOut}},
)
def get_incident(services: ReaderDep, incident_id: IncidentId) -> schemas.IncidentDetail:
    """One incident: tolls by group, sources and grading, flags, revision history, claims."""
    incident = services.ledger.incident(incident_id)
    claims = services.ledger.claims(incident_id=incident_id, limit=10_000)
    return views.incident_detail(incident, claims)
