"""`tollwatch serve` (the API and dashboard) and `tollwatch export` (the ledger as files)."""

from __future__ import annotations

import sys
from typing import IO

import click

from tollwatch.cli import DB, cli
from tollwatch.cli.filters import filter_options
from tollwatch.store.queries import IncidentFilter


@cli.command()
@DB
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--token",
    envvar="TOLLWATCH_TOKEN",
    metavar="T",
    help="Bearer token for writes (env TOLLWATCH_TOKEN); without one, writes are refused.",
)
@click.option("--closed-reads", is_flag=True, help="Require the token for reads too.")
@click.option(
    "--max-body",
    type=click.IntRange(min=1024),
    default=2_000_000,
    show_default=True,
    help="Largest request body in bytes (413 beyond).",
)
def serve(
    db: str | None, host: str, port: int, token: str | None, closed_reads: bool, max_body: int
) -> None:
    """Serve the API and the dashboard over a ledger.

    \b
    Example:
        tollwatch serve --db sqlite:///tollwatch.db --port 8000
        TOLLWATCH_TOKEN=s3cret tollwatch serve --db postgresql+psycopg://me@localhost/ledger
        # then open http://127.0.0.1:8000/ ; the schema is at /openapi.json
    """
    import uvicorn

    from tollwatch.api import create_app

    app = create_app(db, token=token, open_reads=not closed_reads, max_body=max_body, preload=True)
    writes = "need the token" if token else "disabled"
    click.echo(
        f"tollwatch: serving http://{host}:{port}/ (writes {writes})",
        err=True,
    )
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["acled", "ucdp", "geojson", "jsonl"]),
    required=True,
    help="acled/ucdp: CSV in their column layout; geojson: points; jsonl.",
)
@DB
@click.option(
    "-o",
    "--output",
    type=click.File("w", encoding="utf-8", lazy=True),
    default="-",
    show_default=True,
    help="File to write ('-' for stdout).",
)
@filter_options
def export(fmt: str, db: str | None, output: IO[str], filter: IncidentFilter) -> None:
    """Write the ledger's incidents as ACLED- or UCDP-shaped CSV, GeoJSON or JSONL.

    Every column of the published ACLED and UCDP GED layouts, in their order, then
    tollwatch's own (source_article, source_url, ...); CSV cells that would start a
    spreadsheet formula are prefixed with an apostrophe. Which column is filled how:
    docs/exports.md.

    \b
    Example:
        tollwatch export --format acled --db sqlite:///tollwatch.db -o incidents.csv
        tollwatch export --format geojson --country Syria --since 2025-03-01 > syria.geojson
    """
    from tollwatch import exports
    from tollwatch.store import Ledger

    with Ledger.open(db) as ledger:
        for chunk in exports.WRITERS[fmt](exports.reported(ledger, filter)):
            output.write(chunk)
    if output is not sys.stdout:
        output.close()
