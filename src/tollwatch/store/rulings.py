"""Analysts' rulings on single claims: reject one, or correct its count, group, place or date.

A ruling is stored apart from the claim (claim_decisions), with who made it, when and why,
and reconciliation re-applies every ruling before it groups (store/reconciling.py), so a
ruling lasts through re-reading and re-reconciling. After storing one, the documents of the
claim's incident are reconciled again at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from tollwatch.errors import DecisionError, NotFoundError
from tollwatch.model import GROUPS, Place
from tollwatch.store.convert import place_from_json
from tollwatch.store.schema import ClaimDecisionRow, ClaimRow, DocumentRow, IncidentClaimRow

if TYPE_CHECKING:
    from tollwatch.store.ledger import Ledger

MAX_REASON = 2000
MAX_WHO = 200


@dataclass(frozen=True)
class ClaimDecision:
    """A stored ruling on a claim: what was decided, by whom, when and why."""

    id: int
    claim_id: int
    kind: Literal["reject", "correct"]
    reason: str
    who: str
    created_at: dt.datetime
    count: int | None = None
    group: str | None = None
    place: Place | None = None
    date: dt.date | None = None
    incident_id: int | None = None  # the claim's incident after the ruling (None: in none)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "claim_id": self.claim_id, "kind": self.kind,
                "reason": self.reason, "who": self.who,
                "created_at": self.created_at.isoformat(), "count": self.count,
                "group": self.group, "place": self.place.to_dict() if self.place else None,
                "date": self.date.isoformat() if self.date else None,
                "incident_id": self.incident_id}


def rule_on_claim(ledger: Ledger, claim_id: int, kind: Literal["reject", "correct"], *,
                  reason: str, who: str, count: int | None = None, group: str | None = None,
                  place: Place | None = None, date: dt.date | None = None) -> ClaimDecision:
    """Store a ruling on a claim, re-reconcile its neighbourhood; the ruling as stored."""
    _check(claim_id, kind, reason, who, count, group, place, date)
    with ledger.session() as s:
        if s.get(ClaimRow, claim_id) is None:
            raise NotFoundError(f"no claim {claim_id} in the ledger")
        row = ClaimDecisionRow(claim_id=claim_id, kind=kind, count=count, grp=group,
                               place=place.to_dict() if place else None, date=date,
                               reason=reason.strip(), who=who.strip())
        s.add(row)
        s.flush()
        row_id = row.id
        _touch_claim(s, claim_id)
    ledger.reconcile()
    found = claim_decisions(ledger, claim_id)
    return next(d for d in found if d.id == row_id)


def claim_decisions(ledger: Ledger, claim_id: int | None = None,
                    claim_ids: list[int] | None = None) -> list[ClaimDecision]:
    """Stored rulings, oldest first: on one claim, on several, or all of them."""
    stmt = sa.select(ClaimDecisionRow, IncidentClaimRow.incident_id).outerjoin(
        IncidentClaimRow, IncidentClaimRow.claim_id == ClaimDecisionRow.claim_id)
    if claim_id is not None:
        stmt = stmt.where(ClaimDecisionRow.claim_id == claim_id)
    if claim_ids is not None:
        stmt = stmt.where(ClaimDecisionRow.claim_id.in_(claim_ids))
    with Session(ledger.engine) as s:
        return [_decision(row, incident) for row, incident in
                s.execute(stmt.order_by(ClaimDecisionRow.id))]


def _decision(row: ClaimDecisionRow, incident_id: int | None) -> ClaimDecision:
    return ClaimDecision(
        id=row.id, claim_id=row.claim_id, kind=row.kind,  # type: ignore[arg-type]
        reason=row.reason, who=row.who, created_at=row.created_at, count=row.count,
        group=row.grp, place=place_from_json(row.place), date=row.date,
        incident_id=incident_id)


def _check(claim_id: int, kind: str, reason: str, who: str, count: int | None,
           group: str | None, place: Place | None, date: dt.date | None) -> None:
    """Refuse a ruling that says nothing or cannot be applied, naming the claim and the value."""
    where = f"claim {claim_id}"
    if kind not in ("reject", "correct"):
        raise DecisionError(f"a ruling is 'reject' or 'correct', not {kind!r}", where=where)
    if not reason or not reason.strip():
        raise DecisionError("a ruling needs a reason", where=where)
    if len(reason) > MAX_REASON or not who.strip() or len(who) > MAX_WHO:
        raise DecisionError(f"the reason must be at most {MAX_REASON} characters and the "
                            f"analyst's name 1-{MAX_WHO}", where=where)
    changes = (count, group, place, date)
    if kind == "reject" and any(c is not None for c in changes):
        raise DecisionError("a rejection changes no field; use a correction", where=where)
    if kind == "correct" and all(c is None for c in changes):
        raise DecisionError("a correction needs a count, group, place or date", where=where)
    if count is not None and count < 0:
        raise DecisionError(f"count must be 0 or more, not {count}", where=where)
    if group is not None and group not in GROUPS:
        raise DecisionError(f"group must be one of {', '.join(GROUPS)}, not {group!r}",
                            where=where)
    if place is not None and not place.name.strip():
        raise DecisionError("a corrected place needs a name", where=where)


def _touch_claim(s: Session, claim_id: int) -> None:
    """Mark the claim's document and its incident's documents for re-reconciliation."""
    from tollwatch.store.reconciling import _touch  # one marker for merges, splits and rulings

    incident = s.scalar(sa.select(IncidentClaimRow.incident_id)
                        .where(IncidentClaimRow.claim_id == claim_id))
    if incident is not None:
        _touch(s, [incident])
    doc = s.scalar(sa.select(ClaimRow.document_id).where(ClaimRow.id == claim_id))
    s.execute(sa.update(DocumentRow).where(DocumentRow.id == doc).values(reconciled=False))
