"""The coastal Syria wire reports (tests/data/coastal) in a ledger, on SQLite and PostgreSQL.

The set: nine short reports from March 2025 in every input format (front-matter text, HTML,
JSONL, an RSS feed). Seven are about the coastal violence (SOHR 200 on 7 March, a syndicated
copy of that story on another site, SOHR "surpassed 1,000" = 745 + 125 + 148 on 8 March, the
Syrian Network for Human Rights and state media on 9 March, a 1,018 recap naming the earlier
200 on 10 March, the UN on 11 March); two are about a market bombing in Bannu, Pakistan.
"""

from __future__ import annotations

from pathlib import Path

from tollwatch.ingest.sources import iter_inputs
from tollwatch.model import Incident, Revision
from tollwatch.runner import ingest_documents
from tollwatch.store import Ledger

COASTAL = Path(__file__).resolve().parent.parent / "data" / "coastal"


def _killed_total(revisions: list[Revision]) -> list[Revision]:
    return [r for r in revisions if r.toll.outcome == "killed" and r.toll.group == "total"]


def _steps(revisions: list[Revision]) -> list[int]:
    """The killed toll's successive values, repeats folded: 200, 200, 1018 -> [200, 1018]."""
    out: list[int] = []
    for r in _killed_total(revisions):
        if not out or out[-1] != r.toll.best:
            out.append(r.toll.best)
    return out


def _coastal(incidents: list[Incident]) -> Incident:
    [syria] = [i for i in incidents if any(t.best > 100 for t in i.tolls if t.outcome == "killed")]
    return syria


def test_coastal_reports_make_two_incidents_with_revised_toll(db_url: str, extractor) -> None:  # type: ignore[no-untyped-def]
    with Ledger.open(db_url) as ledger:
        summary = ingest_documents(iter_inputs([str(COASTAL)]), ledger, extractor, progress=False)
        assert summary.failed == []
        assert (summary.stored, summary.copies, summary.duplicates) == (8, 1, 0)
        incidents = ledger.incidents()
        assert len(incidents) == 2
        syria = _coastal(incidents)
        [toll] = [t for t in syria.tolls if t.outcome == "killed" and t.group == "total"]
        assert (toll.low, toll.best) == (1000, 1018)
        history = ledger.history(syria.id)  # type: ignore[arg-type]
        assert _steps(history) == [200, 1018]
        assert [r.published for r in history] == sorted(r.published for r in history)  # type: ignore[type-var]

        # The copy is stored as evidence, linked to its original, and changes nothing.
        copies = [ledger.document(int(r.document_id)) for r in _killed_total(history)]
        [copy] = [d for d in copies if d.copy_of is not None]
        by_doc = {r.document_id: r.toll for r in _killed_total(history)}
        assert by_doc[copy.id] == by_doc[copy.copy_of]
        assert copy.document.outlet == "Gulf Daily"

        before = [i.to_dict() for i in ledger.incidents(sort="id")]
        again = ingest_documents(iter_inputs([str(COASTAL)]), ledger, extractor, progress=False)
        assert (again.stored, again.copies, again.duplicates) == (0, 0, 9)
        assert again.changed_incidents == []
        assert [i.to_dict() for i in ledger.incidents(sort="id")] == before
        assert ledger.count_documents() == 9
