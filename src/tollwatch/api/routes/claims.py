"""GET /claims."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from tollwatch.api import schemas, views
from tollwatch.api.deps import ReaderDep
from tollwatch.api.routes.filters import (
    CountryQ,
    GroupQ,
    LimitQ,
    OffsetQ,
    OutcomeQ,
    parse_country,
)

router = APIRouter(tags=["claims"])


@router.get("/claims", response_model=schemas.ClaimPage)
def list_claims(
    services: ReaderDep,
    incident_id: Annotated[int | None, Query(ge=1, le=2**62)] = None,
    source: Annotated[
        str | None, Query(min_length=1, max_length=200, description="Attributed source.")
    ] = None,
    outcome: OutcomeQ | None = None,
    group: GroupQ | None = None,
    country: CountryQ = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: LimitQ = 100,
    offset: OffsetQ = 0,
) -> schemas.ClaimPage:
    """Stored claims matching the filters, with the document each came from."""
    if since and until and since > until:
        raise HTTPException(422, f"since {since} is after until {until}")
    items = services.ledger.claims(
        incident_id=incident_id,
        source=source,
        outcome=outcome,
        group=group,
        country=parse_country(country),
        since=since,
        until=until,
        limit=limit,
        offset=offset,
    )
    return schemas.ClaimPage(limit=limit, offset=offset, items=[views.claim_out(c) for c in items])
