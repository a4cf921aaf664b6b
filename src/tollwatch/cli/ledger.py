"""`tollwatch ingest`, `incidents`, `incident`, `history`: thin commands over the ledger."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable, Iterable
from typing import Any

import click
from rich.table import Table
from rich.text import Text

from tollwatch.cli import (
    DB,
    EXIT_ERROR,
    EXIT_INPUT,
    EXIT_PARTIAL,
    EXIT_STORE,
    FOLLOW_LINKS,
    cli,
    parse_date,
)
from tollwatch.cli.render import console as make_console
from tollwatch.cli.render import evidence_text
from tollwatch.model import GROUPS, OUTCOMES, Incident, Revision, Toll
from tollwatch.runner import Summary, ingest_documents
from tollwatch.store import Ledger, StoredClaim
from tollwatch.store.queries import SORTS

JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")


def _emit(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _t(value: object) -> Text:
    """A table cell that shows article text literally (never as rich markup)."""
    return Text("" if value is None else str(value))


def _toll(t: Toll | None) -> str:
    if t is None:
        return ""
    high = "?" if t.high is None else f"{t.high:,}"
    return f"{t.best:,} ({t.low:,}-{high})"


def _headline(incident: Incident, outcome: str) -> Toll | None:
    tolls = [t for t in incident.tolls if t.outcome == outcome]
    total = [t for t in tolls if t.group == "total"]
    ranked = total or sorted(tolls, key=lambda t: -t.best)
    return ranked[0] if ranked else None


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(readable=False))
@DB
@JSON
@click.option("--progress/--no-progress", default=None,
              help="Progress bar with documents/s on stderr (default: when stderr is a terminal).")
@click.option("--reconcile/--no-reconcile", default=True, show_default=True,
              help="Reconcile incidents after storing the documents.")
@click.option("--scheduler", metavar="tcp://HOST:8786",
              help="Extract on this Dask cluster's workers (pip install 'tollwatch[dask]').")
@click.option("--workers", type=click.IntRange(min=1),
              help="Extract on a local Dask cluster of N worker processes.")
@FOLLOW_LINKS
def ingest(paths: tuple[str, ...], db: str | None, as_json: bool, progress: bool | None,
           reconcile: bool, scheduler: str | None, workers: int | None,
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
    from tollwatch.extract.pipeline import Extractor
    from tollwatch.ingest.sources import iter_inputs

    show = sys.stderr.isatty() if progress is None else progress
    summary: Summary
    if scheduler or workers:
        from tollwatch.distributed import ingest_bulk

        summary = ingest_bulk(paths, db, scheduler=scheduler, workers=workers,
                              reconcile=reconcile, progress=show, follow_links=follow_links)
    else:
        with Ledger.open(db) as ledger:
            summary = ingest_documents(iter_inputs(paths, follow_links=follow_links), ledger,
                                       Extractor(), progress=show, reconcile=reconcile)
    for origin, reason in summary.failed:
        click.echo(f"failed: {origin}: {reason}", err=True)
    if as_json:
        _emit(summary.to_dict())
    else:
        click.echo(
            f"stored {summary.stored}, copies {summary.copies}, skipped as duplicate "
            f"{summary.duplicates}, failed {len(summary.failed)}; {summary.claims} claims; "
            f"{len(summary.changed_incidents)} incidents changed; "
            f"{summary.docs_per_second:.1f} docs/s")
    if summary.reconcile_error:
        click.echo(f"error: {summary.reconcile_error}", err=True)
        sys.exit(EXIT_STORE if summary.reconcile_lost else EXIT_ERROR)
    if summary.failed:
        sys.exit(EXIT_INPUT if len(summary.failed) == summary.documents else EXIT_PARTIAL)


@cli.command()
@DB
@JSON
@click.option("--country", help="ISO code (SY) or English name of the country.")
@click.option("--since", callback=parse_date, help="Incidents on or after this date, YYYY-MM-DD.")
@click.option("--until", callback=parse_date, help="Incidents on or before this date, YYYY-MM-DD.")
@click.option("--outcome", type=click.Choice(OUTCOMES), help="Only incidents with this outcome.")
@click.option("--group", type=click.Choice(GROUPS),
              help="Only incidents with a toll for this group.")
@click.option("--min-toll", type=click.IntRange(min=0),
              help="Only incidents whose best toll (killed unless --outcome) is at least this.")
@click.option("--text", help="Words in the place name or a report title.")
@click.option("--sort", type=click.Choice(list(SORTS)), default="-best", show_default=True)
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True)
def incidents(db: str | None, as_json: bool, country: str | None, since: dt.date | None,
              until: dt.date | None, outcome: str | None, group: str | None,
              min_toll: int | None, text: str | None, sort: str, limit: int,
              offset: int) -> None:
    """List reconciled incidents with their low/best/high tolls.

    \b
    Example:
        tollwatch incidents
        tollwatch incidents --country SY --since 2025-03-01 --min-toll 100 --json
    """
    filters: dict[str, Any] = dict(country=country, since=since, until=until, outcome=outcome,
                                   group=group, min_toll=min_toll, text=text)
    with Ledger.open(db) as ledger:
        found = ledger.incidents(**filters, limit=limit, offset=offset, sort=sort)
        total = ledger.count_incidents(**filters)
    if as_json:
        _emit({"total": total, "incidents": [i.to_dict() for i in found]})
        return
    table = Table(title=f"{len(found)} of {total} incidents")
    for col in ("id", "place", "country", "from", "to", "killed best (low-high)", "injured",
                "reports", "flags"):
        table.add_column(col, overflow="fold")
    for i in found:
        table.add_row(str(i.id), _t(i.place.name if i.place else ""),
                      _t(i.place.country if i.place else ""), _t(i.start), _t(i.end),
                      _toll(_headline(i, "killed")), _toll(_headline(i, "injured")),
                      str(len({r.document_id for r in i.revisions})), str(len(i.flags)))
    make_console().print(table)


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


def _claims_table(claims: list[StoredClaim]) -> Table:
    table = Table(title="claims")
    for col in ("id", "doc", "published", "outlet", "outcome", "count", "qualifier", "group",
                "source", "status", "evidence"):
        table.add_column(col, overflow="fold")
    for c in claims:
        k = c.claim
        table.add_row(str(c.id), str(c.document_id), _t(c.published), _t(c.outlet), k.outcome,
                      _t(k.count.vague_word or k.count.best), k.count.qualifier, k.group,
                      _t(k.source), k.status, evidence_text(k))
    return table


@incident.command("show")
@click.argument("incident_id", type=int)
@DB
@JSON
def show(incident_id: int, db: str | None, as_json: bool) -> None:
    """Show an incident: tolls by group, sources, claims with their evidence, flags.

    \b
    Example:
        tollwatch incident show 1
        tollwatch incident 1 --json
    """
    with Ledger.open(db) as ledger:
        found = ledger.incident(incident_id)
        claims = ledger.claims(incident_id=incident_id, limit=10_000)
    if as_json:
        _emit({**found.to_dict(), "claims": [c.to_dict() for c in claims]})
        return
    console = make_console()
    place = found.place.name if found.place else "unknown place"
    console.print(Text(f"incident {found.id}: {place}, {found.start or '?'} to {found.end or '?'}"))
    tolls = Table(title="tolls")
    for col in ("outcome", "group", "low", "best", "high", "grading", "sources"):
        tolls.add_column(col, overflow="fold")
    for t in found.tolls:
        tolls.add_row(t.outcome, t.group, f"{t.low:,}", f"{t.best:,}",
                      "?" if t.high is None else f"{t.high:,}", t.grading,
                      _t("; ".join(t.sources)))
    console.print(tolls)
    console.print(_claims_table(claims))
    for flag in found.flags:
        console.print(Text(f"flag: {flag}"))


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
        report: dict[str, Any] = {"document_id": rev.document_id}
        if rev.document_id.isdigit():
            doc = ledger.document(int(rev.document_id)).document
            report.update(title=doc.title, outlet=doc.outlet, url=doc.url, origin=doc.origin)
        rows.append({"step": step, "published": rev.published.isoformat() if rev.published
                     else None, "report": report, "toll": rev.toll.to_dict()})
    return rows


@cli.command()
@click.argument("incident_id", type=int)
@DB
@JSON
def history(incident_id: int, db: str | None, as_json: bool) -> None:
    """Show how an incident's toll changed, report by report, in publication order.

    \b
    Example:
        tollwatch history 1
        tollwatch history 1 --json
    """
    with Ledger.open(db) as ledger:
        rows = _history_rows(ledger, ledger.history(incident_id))
    if as_json:
        _emit(rows)
        return
    table = Table(title=f"history of incident {incident_id}")
    for col in ("step", "published", "report", "outcome", "group", "low", "best", "high"):
        table.add_column(col, overflow="fold")
    fmt: Callable[[Any], str] = lambda v: "?" if v is None else f"{v:,}"  # noqa: E731
    for r in rows:
        rep = r["report"]
        name = rep.get("outlet") or rep.get("title") or rep.get("origin") or rep["document_id"]
        t = r["toll"]
        table.add_row(str(r["step"]), _t(r["published"]), _t(name), t["outcome"], t["group"],
                      fmt(t["low"]), fmt(t["best"]), fmt(t["high"]))
    make_console().print(table)
