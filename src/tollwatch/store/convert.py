"""Between ledger rows and the data contract: Claim, Place, DateRef, Toll, Revision, Report."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import sqlalchemy as sa

from tollwatch.model import Claim, Count, DateRef, Evidence, Place, Report, Revision, Toll
from tollwatch.store.schema import ClaimRow, DocumentRow, RevisionRow, TollRow


def _as_text(column: Any) -> Any:
    return sa.cast(column, sa.Text).label(column.key)


# What reconciliation reads of a document and of a claim (reports_from_rows): plain rows, not
# ORM objects, without the document's full text, and JSON as its text, so that the places
# and dates many claims share are decoded once.
REPORT_COLUMNS = (DocumentRow.id, DocumentRow.published, DocumentRow.outlet, DocumentRow.url,
                  DocumentRow.title, DocumentRow.copy_of, _as_text(DocumentRow.place),
                  _as_text(DocumentRow.event_date), DocumentRow.killed, DocumentRow.injured)
CLAIM_COLUMNS = (ClaimRow.document_id, ClaimRow.position, ClaimRow.id, ClaimRow.outcome,
                 ClaimRow.grp, ClaimRow.subgroup, ClaimRow.low, ClaimRow.best, ClaimRow.high,
                 ClaimRow.qualifier, ClaimRow.count_text, ClaimRow.vague_word,
                 ClaimRow.evidence_start, ClaimRow.evidence_end, ClaimRow.sentence,
                 ClaimRow.sentence_start, ClaimRow.source, ClaimRow.status, ClaimRow.part_of,
                 _as_text(ClaimRow.place), _as_text(ClaimRow.date), ClaimRow.confidence,
                 ClaimRow.extractor, ClaimRow.scope)


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
        confidence=claim.confidence, extractor=claim.extractor, scope=claim.scope,
    )


def claim_from_row(row: ClaimRow) -> Claim:
    """The Claim a row stores."""
    count = Count(low=row.low, best=row.best, high=row.high, qualifier=row.qualifier,  # type: ignore[arg-type]
                  text=row.count_text, vague_word=row.vague_word)
    evidence = Evidence(start=row.evidence_start, end=row.evidence_end, sentence=row.sentence,
                        sentence_start=row.sentence_start)
    return Claim(
        outcome=row.outcome, count=count, evidence=evidence, group=row.grp,  # type: ignore[arg-type]
        subgroup=row.subgroup, source=row.source, status=row.status,  # type: ignore[arg-type]
        part_of=row.part_of, place=place_from_json(row.place), date=dateref_from_json(row.date),
        confidence=row.confidence, extractor=row.extractor, scope=row.scope,  # type: ignore[arg-type]
    )


class _Decoded:
    """JSON text -> model object, each distinct text decoded once (the objects are frozen)."""

    def __init__(self, build: Callable[[Any], Any]) -> None:
        self.build = build
        self.seen: dict[str, Any] = {}

    def __call__(self, text: str | None) -> Any:
        if text is None:
            return None
        if text not in self.seen:
            self.seen[text] = self.build(json.loads(text))
        return self.seen[text]


def reports_from_rows(docs: Iterable[Sequence[Any]],
                      claims: Iterable[Sequence[Any]]) -> list[Report]:
    """Stored documents and their claims as reconciliation sees them (claims in document order).

    docs are rows of REPORT_COLUMNS, claims rows of CLAIM_COLUMNS for those documents.
    """
    place, date = _Decoded(place_from_json), _Decoded(dateref_from_json)
    by_doc: dict[int, list[tuple[int, int, Claim]]] = defaultdict(list)
    for (doc_id, position, claim_id, outcome, group, subgroup, low, best, high, qualifier,
         count_text, vague_word, evidence_start, evidence_end, sentence, sentence_start,
         source, status, part_of, place_text, date_text, confidence, extractor, scope) in claims:
        count = Count(low=low, best=best, high=high, qualifier=qualifier, text=count_text,
                      vague_word=vague_word)
        evidence = Evidence(start=evidence_start, end=evidence_end, sentence=sentence,
                            sentence_start=sentence_start)
        by_doc[doc_id].append((position, claim_id, Claim(
            outcome=outcome, count=count, evidence=evidence, group=group, subgroup=subgroup,
            source=source, status=status, part_of=part_of, place=place(place_text),
            date=date(date_text), confidence=confidence, extractor=extractor, scope=scope)))
    # a document's own place and date are never the very objects its claims hold
    doc_place, doc_date = _Decoded(place_from_json), _Decoded(dateref_from_json)
    return [
        Report(document_id=doc_id, published=published,
               claims=[(cid, claim) for _, cid, claim in sorted(by_doc.get(doc_id, []),
                                                                key=lambda c: c[0])],
               outlet=outlet, url=url, title=title,
               copy_of=copy_of,
               place=doc_place(place_text), date=doc_date(date_text), killed=killed,
               injured=injured)
        for (doc_id, published, outlet, url, title, copy_of, place_text, date_text, killed,
             injured) in docs
    ]


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
    # the column is text (older ledgers); its values were always a document's ledger id
    return Revision(document_id=int(row.document_id), published=row.published,
                    toll=toll_from_json(row.toll))
