"""Analysts' rulings: POST /claims/{id}/reject, POST /claims/{id}/correct (write token),
GET /claims/{id}/decisions, and GET /incidents/{id}/joins (why each report is in an incident).

A ruling is stored with who made it, when and why, lasts through every reconciliation, and
comes back as the stored decision, with the claim's incident after the ruling.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path
from pydantic import BaseModel, ConfigDict, Field

from tollwatch.api import schemas
from tollwatch.api.deps import ReaderDep, WriterDep
from tollwatch.errors import DecisionError, NotFoundError
from tollwatch.model import Place

router = APIRouter(tags=["rulings"])

ClaimId = Annotated[int, Path(ge=1, le=2**62, description="The claim's ledger id.")]
IncidentId = Annotated[int, Path(ge=1, le=2**62, description="The incident's ledger id.")]
GroupIn = Literal["total", "civilians", "security_forces", "armed_group", "perpetrators"]
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": schemas.ErrorOut},
    403: {"model": schemas.ErrorOut},
    404: {"model": schemas.ErrorOut},
    422: {"model": schemas.ErrorOut},
}
DEFAULT_WHO = "api"


class RejectIn(BaseModel):
    """Reject a claim: it joins no incident and counts in no toll, until ruled otherwise."""

    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=2000, description="Why, for the record.")
    who: str | None = Field(None, min_length=1, max_length=200,
                            description="The analyst's name (default: api).")


class CorrectIn(BaseModel):
    """Correct a claim's count, group, place or date; at least one of them."""

    model_config = ConfigDict(extra="forbid")

    count: int | None = Field(None, ge=0, le=10_000_000, description="The exact count.")
    group: GroupIn | None = None
    place: str | None = Field(None, min_length=1, max_length=200, description="A place name.")
    date: dt.date | None = Field(None, description="The event date, YYYY-MM-DD.")
    reason: str = Field(min_length=1, max_length=2000, description="Why, for the record.")
    who: str | None = Field(None, min_length=1, max_length=200,
                            description="The analyst's name (default: api).")


class DecisionOut(BaseModel):
    """A stored ruling on a claim: what, who, when, why, and the claim's incident after it."""

    id: int
    claim_id: int
    kind: Literal["reject", "correct"]
    reason: str
    who: str
    created_at: dt.datetime
    count: int | None
    group: str | None
    place: str | None
    date: dt.date | None
    incident_id: int | None = Field(description="The claim's incident after the ruling; "
                                                "null when it is in none (rejected).")


class JoinOut(BaseModel):
    """Why one report's claims are in an incident: the evidence it joined on."""

    document_id: int
    claim_ids: list[int]
    opened: bool = Field(description="This report opened the incident.")
    score: float | None
    features: dict[str, float] = Field(description="Weighted evidence, feature -> weight.")
    decided_by: list[str] = Field(description="The features that counted for the join.")
    by_decision: bool = Field(False, description="Claims moved by an analyst's merge/split.")


def _out(decision: Any) -> DecisionOut:
    return DecisionOut(
        id=decision.id, claim_id=decision.claim_id, kind=decision.kind,
        reason=decision.reason, who=decision.who, created_at=decision.created_at,
        count=decision.count, group=decision.group,
        place=decision.place.name if decision.place else None, date=decision.date,
        incident_id=decision.incident_id)


@router.post("/claims/{claim_id}/reject", response_model=DecisionOut, responses=ERRORS)
def reject_claim(services: WriterDep, claim_id: ClaimId, body: RejectIn) -> DecisionOut:
    """Reject a claim, with a reason; lasting across reconciliation."""
    with services.write_lock:
        try:
            decision = services.ledger.reject_claim(claim_id, body.reason,
                                                    body.who or DEFAULT_WHO)
        except NotFoundError as exc:
            raise HTTPException(404, str(exc)) from exc
        except DecisionError as exc:
            raise HTTPException(422, str(exc)) from exc
    return _out(decision)


@router.post("/claims/{claim_id}/correct", response_model=DecisionOut, responses=ERRORS)
def correct_claim(services: WriterDep, claim_id: ClaimId, body: CorrectIn) -> DecisionOut:
    """Correct a claim's count, group, place or date, with a reason; lasting."""
    with services.write_lock:
        try:
            decision = services.ledger.correct_claim(
                claim_id, body.reason, body.who or DEFAULT_WHO, count=body.count,
                group=body.group, place=Place(name=body.place) if body.place else None,
                date=body.date)
        except NotFoundError as exc:
            raise HTTPException(404, str(exc)) from exc
        except DecisionError as exc:
            raise HTTPException(422, str(exc)) from exc
    return _out(decision)


@router.get("/claims/{claim_id}/decisions", response_model=list[DecisionOut],
            responses=ERRORS)
def claim_decisions(services: ReaderDep, claim_id: ClaimId) -> list[DecisionOut]:
    """Every ruling on a claim, oldest first (the last one applies)."""
    return [_out(d) for d in services.ledger.claim_decisions(claim_id)]


@router.get("/incidents/{incident_id}/joins", response_model=list[JoinOut], responses=ERRORS)
def incident_joins(services: ReaderDep, incident_id: IncidentId) -> list[JoinOut]:
    """Why each report is in an incident: the weighted evidence it joined on."""
    try:
        incident = services.ledger.incident(incident_id)
    except NotFoundError as exc:
        raise HTTPException(404, str(exc)) from exc
    return [JoinOut.model_validate(j) for j in incident.joins]
