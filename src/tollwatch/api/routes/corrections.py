"""POST /incidents/{id}/merge and /split: an analyst's incident decisions, with the write token.

Each decision is stored as claim-id sets, so it holds through every later reconciliation; the
answer names the incident it produced and who made it, when and why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Literal

from fastapi import APIRouter

from tollwatch.api import dashboard_schemas as schemas
from tollwatch.api.deps import WriterDep
from tollwatch.api.routes.incidents import IncidentId
from tollwatch.api.schemas import ErrorOut

router = APIRouter(tags=["corrections"])
# One write token, so no person can be told apart unless they give their name.
WHO = "holder of the write token"
ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut} for code in (401, 403, 404, 422)
}


def _decide(
    services: WriterDep,
    kind: Literal["merge", "split"],
    body: schemas.MergeIn | schemas.SplitIn,
    act: Callable[[], int],
) -> schemas.IncidentDecisionOut:
    """Run one decision under the write lock; a refusal (NotFoundError, DecisionError) is
    answered 404 or 422 by the app's one handler for each."""
    with services.write_lock:
        produced = act()
    return schemas.IncidentDecisionOut(
        kind=kind,
        incident_id=produced,
        who=(body.who or "").strip() or WHO,
        when=dt.datetime.now(dt.UTC),
        reason=body.reason.strip(),
    )


@router.post(
    "/incidents/{incident_id}/merge", response_model=schemas.IncidentDecisionOut, responses=ERRORS
)
def merge_incident(
    services: WriterDep, incident_id: IncidentId, body: schemas.MergeIn
) -> schemas.IncidentDecisionOut:
    """Merge another incident into this one; the merged incident keeps the larger one's id."""
    return _decide(services, "merge", body,
                   lambda: services.ledger.merge(incident_id, body.other))


@router.post(
    "/incidents/{incident_id}/split", response_model=schemas.IncidentDecisionOut, responses=ERRORS
)
def split_incident(
    services: WriterDep, incident_id: IncidentId, body: schemas.SplitIn
) -> schemas.IncidentDecisionOut:
    """Move the given claims of this incident into a new incident."""
    return _decide(services, "split", body,
                   lambda: services.ledger.split(incident_id, set(body.claim_ids)))
