"""Incidents on real news: GVA pages ingested into a fresh ledger, scored against GVA's incidents.

Ingests ../shared/benchmarks/gva_dev_docs.jsonl as one JSONL batch with the real extractor
(what `tollwatch ingest` does) and prints, in one run: documents/s, B-cubed precision, recall
and F1 of pages grouped into incidents, incident killed/injured exact match, and page
headline killed/injured exact match. The scoring rule is written in issue 11:

- a page's ledger incidents are those holding its claims (a page with no claim is its own
  singleton); B-cubed precision of a page = the share of the pages of its ledger incident(s)
  that belong to its real incident, recall = the share of its real incident's pages found
  there; both averaged over pages, F1 from the averages;
- incident exact match: for each real incident, the ledger incident holding most of its pages;
  its headline killed best (0 when none) equals GVA's killed; injured likewise;
- page headline: the document's headline killed/injured (null as 0) against its incident's.

--reuse DB re-runs only reconciliation (everything) over a ledger a previous run kept with
--keep DB, so grouping can be iterated on in seconds; report final figures from a fresh ingest.
--misses FILE writes the real incidents whose grouping or tolls missed, for reading.

Usage: .venv/bin/python bench/incidents.py [--keep DB | --reuse DB] [--limit N] [--misses F]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from shared import benchmark
from tollwatch.store import Ledger
from tollwatch.store.queries import load_incidents
from tollwatch.store.schema import ClaimRow, DocumentRow, IncidentClaimRow

ROOT = Path(__file__).resolve().parent.parent
DOCS = benchmark("gva_dev_docs.jsonl")
GOLD = benchmark("gva_dev_gold.jsonl")


@dataclass
class LedgerView:
    """What the score needs from a ledger: pages -> incidents, incident and page figures."""

    incidents_of: dict[str, set[int]] = field(default_factory=dict)  # page key -> incident ids
    pages_of: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    killed: dict[int, int] = field(default_factory=dict)
    injured: dict[int, int] = field(default_factory=dict)
    page_figures: dict[str, tuple[int, int]] = field(default_factory=dict)
    why: dict[int, Any] = field(default_factory=dict)  # incident id -> its record, for misses


def headline_best(incident: Any, outcome: str) -> int:
    """The incident's headline toll best for an outcome, 0 when it has none (GVA: all parties)."""
    try:  # one function for the headline toll, where this checkout has it
        from tollwatch.reconcile.headline import headline_toll
    except ImportError:
        from tollwatch.exports import headline_toll  # older checkouts
    toll = headline_toll(incident, outcome)
    return toll.best if toll is not None else 0


def read_ledger(ledger: Ledger) -> LedgerView:
    """Read the page -> incident map and the figures the score compares."""
    view = LedgerView()
    with ledger.session() as s:
        keys = dict(s.execute(sa.select(DocumentRow.id, DocumentRow.key)).all())
        for doc_id, killed, injured in s.execute(
                sa.select(DocumentRow.id, DocumentRow.killed, DocumentRow.injured)):
            view.page_figures[keys[doc_id]] = (killed or 0, injured or 0)
        rows = s.execute(sa.select(ClaimRow.document_id, IncidentClaimRow.incident_id)
                         .join(IncidentClaimRow, IncidentClaimRow.claim_id == ClaimRow.id))
        for doc_id, inc in rows:
            view.incidents_of.setdefault(keys[doc_id], set()).add(inc)
            view.pages_of[inc].add(keys[doc_id])
        for incident in load_incidents(s, sorted(view.pages_of)):
            assert incident.id is not None
            view.killed[incident.id] = headline_best(incident, "killed")
            view.injured[incident.id] = headline_best(incident, "injured")
            view.why[incident.id] = incident
    return view


def read_gold(limit: int | None) -> tuple[list[dict[str, Any]], set[str]]:
    """Gold incidents (all of them, or those whose pages are among the first limit pages)."""
    gold = [json.loads(line) for line in GOLD.open(encoding="utf-8")]
    if limit is None:
        return gold, {d for g in gold for d in g["docs"]}
    pages = {json.loads(line)["id"] for line in _first_lines(DOCS, limit)}
    kept = [dict(g, docs=[d for d in g["docs"] if d in pages]) for g in gold]
    kept = [g for g in kept if g["docs"]]
    return kept, pages


def _first_lines(path: Path, n: int) -> Iterator[str]:
    with path.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= n:
                return
            yield line


def bcubed(view: LedgerView, gold: list[dict[str, Any]]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of pages grouped into ledger incidents."""
    real = {d: set(g["docs"]) for g in gold for d in g["docs"]}
    precision = recall = 0.0
    for page, truth in real.items():
        found = {page}
        for inc in view.incidents_of.get(page, ()):
            found |= view.pages_of[inc]
        found &= set(real)  # pages outside the benchmark (none here) do not count
        hit = len(found & truth)
        precision += hit / len(found)
        recall += hit / len(truth)
    p, r = precision / len(real), recall / len(real)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main_incident(view: LedgerView, docs: list[str]) -> int | None:
    """The ledger incident holding most of a real incident's pages (lowest id on a tie)."""
    held = Counter(inc for d in docs for inc in view.incidents_of.get(d, ()))
    if not held:
        return None
    return min(held, key=lambda inc: (-held[inc], inc))


def exact_match(view: LedgerView, gold: list[dict[str, Any]]) -> dict[str, float]:
    """Incident and page headline exact match for killed and injured."""
    hits: Counter[str] = Counter()
    pages = 0
    for g in gold:
        inc = main_incident(view, g["docs"])
        hits["killed"] += (view.killed.get(inc, 0) if inc else 0) == g["killed"]
        hits["injured"] += (view.injured.get(inc, 0) if inc else 0) == g["injured"]
        for d in g["docs"]:
            if d not in view.page_figures:
                continue  # not stored (a duplicate of another page): no figure of its own
            pages += 1
            killed, injured = view.page_figures[d]
            hits["page_killed"] += killed == g["killed"]
            hits["page_injured"] += injured == g["injured"]
    n = len(gold)
    return {"killed": hits["killed"] / n, "injured": hits["injured"] / n,
            "page_killed": hits["page_killed"] / max(pages, 1),
            "page_injured": hits["page_injured"] / max(pages, 1)}


def write_misses(path: Path, view: LedgerView, gold: list[dict[str, Any]], n: int) -> None:
    """A random sample of n real incidents with a grouping or toll miss, as JSON lines."""
    rows = []
    for g in gold:
        inc = main_incident(view, g["docs"])
        pages = view.pages_of.get(inc, set()) if inc else set()
        got = (view.killed.get(inc, 0), view.injured.get(inc, 0)) if inc else (0, 0)
        split = [d for d in g["docs"] if inc not in view.incidents_of.get(d, ())]
        extra = sorted(pages - set(g["docs"]))
        if got == (g["killed"], g["injured"]) and not split and not extra:
            continue
        incident = view.why.get(inc) if inc else None
        rows.append({
            "incident": g["incident"], "date": g["date"], "city": g["city"], "state": g["state"],
            "gold": [g["killed"], g["injured"]], "got": list(got), "ledger_incident": inc,
            "pages": g["docs"], "split_off": split, "extra_pages": extra[:10],
            "n_extra": len(extra), "page_figures": {d: view.page_figures.get(d) for d in g["docs"]},
            "ledger": incident.to_dict() if incident else None,
        })
    random.Random(11).shuffle(rows)
    with path.open("w", encoding="utf-8") as fh:
        for row in rows[:n]:
            fh.write(json.dumps(row, default=str) + "\n")
    print(f"misses: {len(rows)} real incidents; {min(n, len(rows))} sampled into {path}")


def ingest(url: str, source: Path) -> tuple[int, float]:
    """Ingest a JSONL file into the ledger at url, as `tollwatch ingest` does; docs and docs/s."""
    from tollwatch.extract.pipeline import Extractor
    from tollwatch.ingest.sources import iter_inputs
    from tollwatch.runner import ingest_documents

    with Ledger.open(url) as ledger:
        summary = ingest_documents(iter_inputs([str(source)]), ledger, Extractor(),
                                   progress=sys.stderr.isatty())
    if summary.reconcile_error:
        print(f"reconcile error: {summary.reconcile_error}")
    print(f"ingest: {summary.documents} documents in {summary.seconds:.1f} s = "
          f"{summary.docs_per_second:.2f} documents/s (stored {summary.stored}, duplicates "
          f"{summary.duplicates}, copies {summary.copies}, failed {len(summary.failed)}, "
          f"{summary.claims} claims)")
    return summary.documents, summary.docs_per_second


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--keep", metavar="DB", help="ingest into this SQLite file and keep it")
    where.add_argument("--reuse", metavar="DB", help="re-reconcile this kept ledger; no ingest")
    parser.add_argument("--limit", type=int, help="only the first N pages")
    parser.add_argument("--misses", metavar="FILE", help="write sampled misses (JSON lines)")
    parser.add_argument("--sample", type=int, default=30)
    args = parser.parse_args()
    gold, pages = read_gold(args.limit)
    with tempfile.TemporaryDirectory() as tmp:
        if args.reuse:
            url = f"sqlite:///{Path(args.reuse).resolve()}"
            with Ledger.open(url) as ledger:
                started = time.perf_counter()
                ledger.reconcile(only_touched=False)
                print(f"reconcile (everything): {time.perf_counter() - started:.1f} s")
        else:
            db = Path(args.keep).resolve() if args.keep else Path(tmp) / "gva.db"
            db.unlink(missing_ok=True)
            url = f"sqlite:///{db}"
            source = DOCS
            if args.limit is not None:
                source = Path(tmp) / "docs.jsonl"
                source.write_text("".join(_first_lines(DOCS, args.limit)), encoding="utf-8")
            ingest(url, source)
        with Ledger.open(url) as ledger:
            view = read_ledger(ledger)
    p, r, f1 = bcubed(view, gold)
    em = exact_match(view, gold)
    print(f"pages {len(pages)}, real incidents {len(gold)}, ledger incidents "
          f"{len(view.pages_of)}")
    print(f"B-cubed precision {p:.3f} recall {r:.3f} F1 {f1:.3f}")
    print(f"incident exact match: killed {em['killed']:.3f} injured {em['injured']:.3f}")
    print(f"page headline exact match: killed {em['page_killed']:.3f} "
          f"injured {em['page_injured']:.3f}")
    if args.misses:
        write_misses(Path(args.misses), view, gold, args.sample)


if __name__ == "__main__":
    main()
