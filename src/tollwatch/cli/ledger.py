"""`tollwatch ingest`, `incidents`, `incident`, `history`: thin commands over the ledger."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any

import click
from rich.text import Text

from tollwatch.cli import (
    DB,
    EXIT_ERROR,
    EXIT_INPUT,
    EXIT_PARTIAL,
    EXIT_STORE,
    FOLLOW_LINKS,
    cli,
)
from tollwatch.cli.filters import filter_options
from tollwatch.cli.progress import ingest_bar, status
from tollwatch.cli.render import Column, cell, clean, dumps, evidence_text, table
from tollwatch.cli.render import console as make_console
from tollwatch.exports import safe_url
from tollwatch.model import GROUPS, Incident, Revision, Toll
from tollwatch.reconcile.headline import headline_toll
from tollwatch.runner import Summary, ingest_documents
from tollwatch.store import Ledger, StoredClaim
from tollwatch.store.queries import SORTS, IncidentFilter, ReportRef

JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
WIDE = click.option("--wide", is_flag=True,
                    help="Every column, however wide the terminal (default: those that fit).")


def _emit(data: Any) -> None:
    click.echo(dumps(data))


def _toll(t: Toll | None) -> str:
    if t is None:
        return ""
    high = "?" if t.high is None else f"{t.high:,}"
    return f"{t.best:,} ({t.low:,}-{high})"


def _n(value: int | None) -> str:
    return "?" if value is None else f"{value:,}"


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(readable=False))
@DB
@JSON
@click.option("--progress/--no-progress", default=None,
              help="Progress bar with the total, docs/s and time left on stderr "
                   "(default: when stderr is a terminal).")
@click.option("-q", "--quiet", is_flag=True,
              help="No progress bar and no summary line; failures still go to stderr.")
@click.option("--reconcile/--no-reconcile", default=True, show_default=True,
              help="Reconcile incidents after storing the documents.")
@click.option("--scheduler", metavar="tcp://HOST:8786",
              help="Extract on this Dask cluster's workers (pip install 'tollwatch[dask]').")
@click.option("--workers", type=click.IntRange(min=1),
              help="Extract on a local Dask cluster of N worker processes.")
@FOLLOW_LINKS
def ingest(paths: tuple[str, ...], db: str | None, as_json: bool, progress: bool | None,
           quiet: bool, reconcile: bool, scheduler: str | None, workers: int | None,
           follow_links: bool) -> None:
    """Store documents and their claims in the ledger, then reconcile incidents.

    PATHS are text or HTML files, folders (read recursively), JSONL files (one
    {"id", "text"|"html", "url", "published", "source"} object a line) and RSS/Atom
    feeds. A text file may start with a front-matter block (--- / published: YYYY-MM-DD /
    outlet: / url: / title: / ---). Documents already stored are skipped; syndicated copies
    are stored as evidence and counted once. Exit status 1 if some inputs failed.

    \b
    Example:
        tollwatch ingest examples/
        tollwatch ingest --db postgresql+psycopg://postgres@127.0.0.1/test news.jsonl feed.xml
        tollwatch ingest --workers 2 --db postgresql://localhost/ledger 'archive/2017-*.jsonl'
        tollwatch ingest --scheduler tcp://10.0.0.5:8786 --db postgresql://db/ledger s3://bucket/news/
    """
    show = not quiet and (sys.stderr.isatty() if progress is None else progress)
    summary = _ingest(paths, db, show, reconcile, scheduler, workers, follow_links)
    for origin, reason in summary.failed:
        click.echo(f"failed: {clean(origin)}: {clean(reason)}", err=True)
    if as_json:
        _emit(summary.to_dict())
    elif not quiet:
        click.echo(
            f"stored {summary.stored}, copies {summary.copies}, skipped as duplicate "
            f"{summary.duplicates}, failed {len(summary.failed)}; {summary.claims} claims; "
            f"{len(summary.changed_incidents)} incidents changed; "
            f"{summary.docs_per_second:.1f} docs/s")
    if summary.reconcile_error:
        click.echo(f"error: {clean(summary.reconcile_error)}", err=True)
        sys.exit(EXIT_STORE if summary.reconcile_lost else EXIT_ERROR)
    if summary.failed:
        sys.exit(EXIT_INPUT if len(summary.failed) == summary.documents else EXIT_PARTIAL)


def _ingest(paths: tuple[str, ...], db: str | None, show: bool, reconcile: bool,
            scheduler: str | None, workers: int | None, follow_links: bool) -> Summary:
    if scheduler or workers:
        from tollwatch.distributed import ingest_bulk

        return ingest_bulk(paths, db, scheduler=scheduler, workers=workers,
                           reconcile=reconcile, progress=show, follow_links=follow_links)
    # spaCy takes seconds to load: say so, rather than sit silent
    with status("loading the language model…", show):
        from tollwatch.extract.pipeline import Extractor
        from tollwatch.ingest.sources import iter_inputs

        extractor = Extractor()
    with Ledger.open(db) as ledger:
        return ingest_documents(iter_inputs(paths, follow_links=follow_links), ledger, extractor,
                                progress=ingest_bar(paths, show), reconcile=reconcile)


INCIDENT_COLUMNS = (
    Column("id", 0, 4, "right"), Column("place", 1, 14), Column("country", 4, 7),
    Column("from", 2, 10), Column("to", 6, 10), Column("killed best (low-high)", 3, 16),
    Column("injured", 7, 12), Column("reports", 5, 7, "right"), Column("flags", 8, 5, "right"),
)


def _incident_row(i: Incident) -> dict[str, Text | str]:
    return {"id": str(i.id), "place": cell(i.place.name if i.place else ""),
            "country": cell(i.place.country if i.place else ""), "from": cell(i.start),
            "to": cell(i.end), "killed best (low-high)": _toll(headline_toll(i, "killed")),
            "injured": _toll(headline_toll(i, "injured")),
            "reports": str(len({r.document_id for r in i.revisions})),
            "flags": str(len(i.flags))}


@cli.command()
@DB
@JSON
@WIDE
@filter_options
@click.option("--sort", type=click.Choice(list(SORTS)), default="-best", show_default=True)
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True)
def incidents(db: str | None, as_json: bool, wide: bool, filter: IncidentFilter, sort: str,
              limit: int, offset: int) -> None:
    """List reconciled incidents with their low/best/high tolls.

    The table shows the columns that fit the terminal; --wide shows them all, --json
    everything.

    \b
    Example:
        tollwatch incidents
        tollwatch incidents --country Syria --since 2025-03-01 --min-toll 100 --json
    """
    with Ledger.open(db) as ledger:
        found = ledger.incidents(filter, limit=limit, offset=offset, sort=sort)
        total = ledger.count_incidents(filter)
    if as_json:
        _emit({"total": total, "incidents": [i.to_dict() for i in found]})
        return
    make_console(wide).print(table(f"{len(found)} of {total} incidents", INCIDENT_COLUMNS,
                                   [_incident_row(i) for i in found], wide))


class IncidentGroup(click.Group):
    """`tollwatch incident ID` is short for `tollwatch incident show ID`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0].lstrip("-").isdigit():
            args = ["show", *args]
        return super().parse_args(ctx, args)


@cli.group(cls=IncidentGroup)
def incident() -> None:
    """Show one incident, or merge and split incidents by hand.

    `tollwatch incident ID` shows incident ID (same as `incident show ID`). Merges and
    splits are stored as decisions and survive later reconciliation.

    \b
    Example:
        tollwatch incident 1
        tollwatch incident show 1 --json
        tollwatch incident merge 1 2
        tollwatch incident split 1 --claims 4,5
    """


CLAIM_COLUMNS = (
    Column("id", 0, 4, "right"), Column("report", 1, 6, "right"), Column("published", 9, 10),
    Column("outlet", 8, 10), Column("outcome", 2, 7), Column("count", 3, 6, "right"),
    Column("qualifier", 7, 9), Column("group", 5, 9), Column("source", 6, 10),
    Column("status", 10, 9), Column("evidence", 4, 30),
)
TOLL_COLUMNS = (
    Column("outcome", 0, 7), Column("group", 1, 10), Column("low", 3, 6, "right"),
    Column("best", 2, 6, "right"), Column("high", 4, 6, "right"), Column("grading", 5, 12),
    Column("sources", 6, 12),
)
REPORT_COLUMNS = (
    Column("report", 0, 6, "right"), Column("source id", 1, 12), Column("outlet", 2, 12),
    Column("published", 3, 10), Column("title", 5, 20), Column("url", 4, 20),
)


def _claim_row(c: StoredClaim) -> dict[str, Text | str]:
    k = c.claim
    return {"id": str(c.id), "report": str(c.document_id), "published": cell(c.published),
            "outlet": cell(c.outlet), "outcome": k.outcome,
            "count": cell(k.count.vague_word or k.count.best), "qualifier": k.count.qualifier,
            "group": k.group, "source": cell(k.source), "status": k.status,
            "evidence": evidence_text(k)}


def _toll_row(t: Toll) -> dict[str, Text | str]:
    return {"outcome": t.outcome, "group": t.group, "low": f"{t.low:,}", "best": f"{t.best:,}",
            "high": _n(t.high), "grading": t.grading, "sources": cell("; ".join(t.sources))}


def _report_row(r: ReportRef) -> dict[str, Text | str]:
    return {"report": str(r.document_id), "source id": cell(r.source_article),
            "outlet": cell(r.outlet), "published": cell(r.published), "title": cell(r.title),
            "url": cell(safe_url(r.url))}


def _reports(claims: Iterable[StoredClaim]) -> list[ReportRef]:
    seen: dict[int, ReportRef] = {}
    for c in claims:
        seen.setdefault(c.document_id, ReportRef(c.document_id, c.source_article, c.outlet,
                                                 c.title, c.url, c.published))
    return [seen[k] for k in sorted(seen)]


@incident.command("show")
@click.argument("incident_id", type=int)
@DB
@JSON
@WIDE
def show(incident_id: int, db: str | None, as_json: bool, wide: bool) -> None:
    """Show an incident: tolls by group, its reports, claims with their evidence, flags.

    Each report is shown by its ledger id (the `report` column of the claims) with the
    source's own id, outlet, title and URL.

    \b
    Example:
        tollwatch incident show 1
        tollwatch incident 1 --json
    """
    with Ledger.open(db) as ledger:
        found = ledger.incident(incident_id)
        claims = ledger.claims(incident_id=incident_id, limit=10_000)
    reports = _reports(claims)
    if as_json:
        _emit({**found.to_dict(), "reports": [r.to_dict() for r in reports],
               "claims": [c.to_dict() for c in claims]})
        return
    console = make_console(wide)
    place = found.place.name if found.place else "unknown place"
    console.print(cell(f"incident {found.id}: {place}, {found.start or '?'} to "
                       f"{found.end or '?'}"))
    console.print(table("tolls", TOLL_COLUMNS, [_toll_row(t) for t in found.tolls], wide))
    console.print(table("reports", REPORT_COLUMNS, [_report_row(r) for r in reports], wide))
    console.print(table("claims", CLAIM_COLUMNS, [_claim_row(c) for c in claims], wide))
    for flag in found.flags:
        console.print(cell(f"flag: {flag}"))


@incident.command("merge")
@click.argument("a", type=int)
@click.argument("b", type=int)
@DB
def merge(a: int, b: int, db: str | None) -> None:
    """Merge incidents A and B; the decision is kept across reconciliation.

    The merged incident keeps the id of the one with more claims, so links to it stay valid.

    \b
    Example:
        tollwatch incident merge 3 7
    """
    with Ledger.open(db) as ledger:
        merged = ledger.merge(a, b)
    click.echo(f"merged {a} and {b} into incident {merged}")


def _ids(_ctx: click.Context, _param: click.Parameter, value: str) -> set[int]:
    try:
        ids = {int(v) for v in value.split(",") if v.strip()}
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a comma-separated list of claim ids") from exc
    if not ids:
        raise click.BadParameter("give at least one claim id")
    return ids


@incident.command("split")
@click.argument("incident_id", type=int)
@click.option("--claims", "claim_ids", required=True, callback=_ids,
              help="Comma-separated ids of the claims to move to a new incident.")
@DB
def split(incident_id: int, claim_ids: set[int], db: str | None) -> None:
    """Move some claims of an incident into a new incident; kept across reconciliation.

    \b
    Example:
        tollwatch incident split 3 --claims 12,13
    """
    with Ledger.open(db) as ledger:
        new_id = ledger.split(incident_id, claim_ids)
    click.echo(f"split claims {','.join(map(str, sorted(claim_ids)))} of incident "
               f"{incident_id} into incident {new_id}")


def _history_rows(ledger: Ledger, revisions: Iterable[Revision]) -> list[dict[str, Any]]:
    rows = []
    for step, rev in enumerate(revisions, start=1):
        stored = ledger.document(rev.document_id)
        doc = stored.document
        report = {"document_id": rev.document_id, "source_article": doc.id, "title": doc.title,
                  "outlet": doc.outlet, "url": safe_url(doc.url) or None, "origin": doc.origin}
        rows.append({"step": step, "published": rev.published.isoformat() if rev.published
                     else None, "report": report, "toll": rev.toll.to_dict()})
    return rows


HISTORY_COLUMNS = (
    Column("step", 0, 4, "right"), Column("published", 1, 10), Column("report", 2, 20),
    Column("outcome", 5, 7), Column("group", 6, 10), Column("low", 4, 6, "right"),
    Column("best", 3, 6, "right"), Column("high", 7, 6, "right"),
)


def _history_row(r: dict[str, Any]) -> dict[str, Text | str]:
    rep, t = r["report"], r["toll"]
    name = rep["outlet"] or rep["title"] or rep["source_article"] or rep["origin"] or ""
    return {"step": str(r["step"]), "published": cell(r["published"]),
            "report": cell(f"{rep['document_id']} {name}".strip()), "outcome": t["outcome"],
            "group": t["group"], "low": _n(t["low"]), "best": _n(t["best"]),
            "high": _n(t["high"])}


@cli.command()
@click.argument("incident_id", type=int)
@click.option("--group", type=click.Choice(GROUPS), default="total", show_default=True,
              help="Whose toll: every party's (total) or one group's series.")
@DB
@JSON
@WIDE
def history(incident_id: int, group: str, db: str | None, as_json: bool, wide: bool) -> None:
    """Show how an incident's toll changed, report by report, in publication order.

    Reports are named by their ledger id (as in `incident show`) and outlet.

    \b
    Example:
        tollwatch history 1
        tollwatch history 1 --group civilians --json
    """
    with Ledger.open(db) as ledger:
        rows = _history_rows(ledger, ledger.history(incident_id, group))
    if as_json:
        _emit(rows)
        return
    make_console(wide).print(table(f"history of incident {incident_id}", HISTORY_COLUMNS,
                                   [_history_row(r) for r in rows], wide))
