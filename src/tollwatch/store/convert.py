"""Between ledger rows and the data contract: Claim, Place, DateRef, Toll, Revision, Report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from tollwatch.model import Claim, Count, DateRef, Evidence, Place, Report, Revision, Toll
from tollwatch.store.schema import ClaimRow, DocumentRow, RevisionRow, TollRow

# What reconciliation reads of a document and of a claim: selected as plain rows, not ORM
# objects (cheaper to build), and without the document's full text.
REPORT_COLUMNS = (DocumentRow.id, DocumentRow.published, DocumentRow.outlet, DocumentRow.url,
                  DocumentRow.title, DocumentRow.copy_of, DocumentRow.place,
                  DocumentRow.event_date)
CLAIM_COLUMNS = (ClaimRow.id, ClaimRow.document_id, ClaimRow.position, ClaimRow.outcome,
                 ClaimRow.grp, ClaimRow.subgroup, ClaimRow.low, ClaimRow.best, ClaimRow.high,
                 ClaimRow.qualifier, ClaimRow.count_text, ClaimRow.vague_word,
                 ClaimRow.evidence_start, ClaimRow.evidence_end, ClaimRow.sentence,
                 ClaimRow.sentence_start, ClaimRow.source, ClaimRow.status, ClaimRow.part_of,
                 ClaimRow.place, ClaimRow.date, ClaimRow.confidence, ClaimRow.extractor)


def place_from_json(data: dict[str, Any] | None) -> Place | None:
    """A Place from its stored JSON."""
    return Place(**data) if data else None


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def dateref_from_json(data: dict[str, Any] | None) -> DateRef | None:
    """A DateRef from its stored JSON."""
    if not data:
        return None
    return DateRef(text=data.get("text", ""), start=_date(data.get("start")),
                   end=_date(data.get("end")), precision=data.get("precision"))


def claim_values(claim: Claim, position: int) -> dict[str, Any]:
    """Column values of a claim at its position in its document."""
    return dict(
        position=position, outcome=claim.outcome, grp=claim.group, subgroup=claim.subgroup,
        low=claim.count.low, best=claim.count.best, high=claim.count.high,
        qualifier=claim.count.qualifier, count_text=claim.count.text,
        vague_word=claim.count.vague_word, evidence_start=claim.evidence.start,
        evidence_end=claim.evidence.end, sentence=claim.evidence.sentence,
        sentence_start=claim.evidence.sentence_start, source=claim.source, status=claim.status,
        part_of=claim.part_of, place=claim.place.to_dict() if claim.place else None,
        date=claim.date.to_dict() if claim.date else None,
        country=claim.place.country if claim.place else None,
        date_start=claim.date.start if claim.date else None,
        confidence=claim.confidence, extractor=claim.extractor,
    )


def claim_from_row(row: ClaimRow | sa.Row[Any]) -> Claim:
    """The Claim a row stores (an ORM row, or a plain row of CLAIM_COLUMNS)."""
    count = Count(low=row.low, best=row.best, high=row.high, qualifier=row.qualifier,  # type: ignore[arg-type]
                  text=row.count_text, vague_word=row.vague_word)
    evidence = Evidence(start=row.evidence_start, end=row.evidence_end, sentence=row.sentence,
                        sentence_start=row.sentence_start)
    return Claim(
        outcome=row.outcome, count=count, evidence=evidence, group=row.grp,  # type: ignore[arg-type]
        subgroup=row.subgroup, source=row.source, status=row.status,  # type: ignore[arg-type]
        part_of=row.part_of, place=place_from_json(row.place), date=dateref_from_json(row.date),
        confidence=row.confidence, extractor=row.extractor,
    )


def report_from_rows(doc: DocumentRow | sa.Row[Any],
                     claims: Sequence[ClaimRow | sa.Row[Any]]) -> Report:
    """A stored document and its claims as reconciliation sees them (claims in document order).

    doc and claims are ORM rows, or plain rows of REPORT_COLUMNS and CLAIM_COLUMNS.
    """
    ordered = sorted(claims, key=lambda c: c.position)
    return Report(
        document_id=str(doc.id), published=doc.published,
        claims=[(c.id, claim_from_row(c)) for c in ordered],
        outlet=doc.outlet, url=doc.url, title=doc.title,
        copy_of=str(doc.copy_of) if doc.copy_of is not None else None,
        place=place_from_json(doc.place), date=dateref_from_json(doc.event_date),
    )


def toll_row(toll: Toll) -> TollRow:
    """A new row for a reconciled toll."""
    return TollRow(outcome=toll.outcome, grp=toll.group, low=toll.low, best=toll.best,
                   high=toll.high, grading=toll.grading, claim_ids=list(toll.claim_ids),
                   sources=list(toll.sources))


def toll_from_row(row: TollRow) -> Toll:
    """The Toll a row stores."""
    return toll_from_json({
        "low": row.low, "best": row.best, "high": row.high, "outcome": row.outcome,
        "group": row.grp, "grading": row.grading, "claim_ids": row.claim_ids,
        "sources": row.sources,
    })


def toll_from_json(data: dict[str, Any]) -> Toll:
    """A Toll from its JSON form."""
    return Toll(low=data["low"], best=data["best"], high=data.get("high"),
                outcome=data.get("outcome", "killed"), group=data.get("group", "total"),
                grading=data.get("grading", "single source"),
                claim_ids=tuple(data.get("claim_ids") or ()),
                sources=tuple(data.get("sources") or ()))


def revision_from_row(row: RevisionRow) -> Revision:
    """The Revision a row stores."""
    return Revision(document_id=row.document_id, published=row.published,
                    toll=toll_from_json(row.toll))
