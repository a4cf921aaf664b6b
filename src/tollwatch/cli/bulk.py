"""`tollwatch watch`: keep the ledger current with folders and feed files."""

from __future__ import annotations

from typing import Any

import click

from tollwatch.cli import DB, FOLLOW_LINKS, HEADLINE, cli


def _echo_event(event: Any) -> None:
    if event.status == "failed":
        click.echo(f"error: {event.origin}: {event.reason}", err=True)
    else:
        click.echo(f"{event.status}: {event.origin} (document {event.document_id}, "
                   f"{event.claims} claims)")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(readable=False))
@DB
@click.option("--interval", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
              help="Seconds between rescans; feed files are re-read this often.")
@click.option("--settle", type=click.FloatRange(min=0.0), default=1.0, show_default=True,
              help="Seconds a file must be left unchanged before it is read (still being written).")
@HEADLINE
@FOLLOW_LINKS
def watch(paths: tuple[str, ...], db: str | None, interval: float, settle: float,
          headline: str, follow_links: bool) -> None:
    """Ingest new or changed files in FOLDERs and FEED_FILEs as they appear, until stopped.

    Folders are watched recursively; feed files are re-read every --interval. Ctrl-C or
    SIGTERM stops after the document in hand; a restart skips what is already stored.

    \b
    Example:
        tollwatch watch --db postgresql://localhost/ledger incoming/ feeds/reliefweb.xml
        TOLLWATCH_DB=sqlite:///ledger.db tollwatch watch --interval 600 ~/news
    """
    # imported on use: `tollwatch --help` stays fast without loading spaCy and SQLAlchemy
    from tollwatch.extract.pipeline import Extractor
    from tollwatch.store.ledger import Ledger
    from tollwatch.watch import Watcher, install_stop_handlers

    with Ledger.open(db) as ledger:
        watcher = Watcher(paths, ledger, Extractor(headline=headline),  # type: ignore[arg-type]
                          interval=interval, settle=settle, on_event=_echo_event,
                          follow_links=follow_links)
        install_stop_handlers(watcher)
        click.echo(f"watching {len(paths)} path(s); ledger {ledger.url}; Ctrl-C to stop", err=True)
        watcher.run()
    click.echo("stopped", err=True)
