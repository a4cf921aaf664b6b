"""`tollwatch extract` and `tollwatch evaluate`."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from typing import IO

import click
from rich.table import Table
from rich.text import Text

from tollwatch.cli import EXIT_PARTIAL, HEADLINE, cli, parse_date
from tollwatch.cli.render import Column, cell, evidence_text, table
from tollwatch.cli.render import console as make_console
from tollwatch.errors import InputError
from tollwatch.extract.batch import extract_lines
from tollwatch.extract.pipeline import Extractor
from tollwatch.extract.scoring import load_gold, score
from tollwatch.ingest.reader import document_from_bytes, read_path
from tollwatch.model import Document, Extraction


def _read(path: str, published: dt.date | None) -> Document:
    if path == "-":
        return document_from_bytes(sys.stdin.buffer.read(), where="<stdin>", published=published)
    return read_path(path, published=published)


CLAIM_COLUMNS = (
    Column("#", 0, 3, "right"), Column("outcome", 1, 7), Column("count", 2, 6, "right"),
    Column("qualifier", 5, 9), Column("group", 4, 9), Column("subgroup", 8, 8),
    Column("source", 6, 10), Column("status", 7, 9), Column("scope", 6, 8),
    Column("part of", 9, 4, "right"), Column("evidence", 3, 30),
)
WHY_COLUMN = Column("why", 3, 30)


def _claims_table(ex: Extraction, wide: bool = False, explain: bool = False) -> Table:
    name = ex.document.origin or ex.document.id
    rows: list[dict[str, Text | str]] = [
        {"#": str(i), "outcome": c.outcome, "count": cell(c.count.vague_word or c.count.best),
         "qualifier": c.count.qualifier, "group": c.group, "subgroup": cell(c.subgroup),
         "source": cell(c.source), "status": c.status, "scope": c.scope,
         "part of": "" if c.part_of is None else str(c.part_of), "evidence": evidence_text(c),
         "why": cell("; ".join(f"{k}: {v}" for k, v in c.why.items()))}
        for i, c in enumerate(ex.claims)]
    columns = (*CLAIM_COLUMNS, WHY_COLUMN) if explain else CLAIM_COLUMNS
    return table(f"{name}: killed {ex.killed}, injured {ex.injured}", columns, rows, wide)


def _json(ex: Extraction, path: str, explain: bool) -> str:
    out = ex.to_dict()
    out["document"] = path
    if not explain:
        for claim in out["claims"]:
            claim.pop("why", None)
    return json.dumps(out, ensure_ascii=False)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(allow_dash=True))
@click.option("--json", "as_json", is_flag=True, help="One JSON document per input.")
@click.option("--jsonl", "jsonl", type=click.File("r", encoding="utf-8"),
              help="Batch mode: read {id, text, published?} lines from FILE ('-' for stdin).")
@click.option("--published", callback=parse_date, help="Publication date, YYYY-MM-DD.")
@click.option("--wide", is_flag=True,
              help="Every column, however wide the terminal (default: those that fit).")
@click.option("--explain", is_flag=True,
              help="Say which rule decided each claim's outcome, group, scope, place and date.")
@HEADLINE
def extract(paths: tuple[str, ...], as_json: bool, jsonl: IO[str] | None,
            published: dt.date | None, wide: bool, headline: str, explain: bool = False) -> None:
    """Extract casualty claims from text or HTML files.

    \b
    Example:
        tollwatch extract --published 2025-03-08 examples/coastal_syria_2025-03.txt
        tollwatch extract --json article.html
        tollwatch extract --explain article.txt
        tollwatch extract --jsonl articles.jsonl > claims.jsonl
    """
    if jsonl is None and not paths:
        raise click.UsageError("give one or more PATHs, '-' for stdin, or --jsonl FILE")
    extractor = Extractor(headline=headline)  # type: ignore[arg-type]
    if jsonl is not None:
        failed = _extract_jsonl(jsonl, extractor)
        sys.exit(EXIT_PARTIAL if failed else 0)
    failed = 0
    console = make_console(wide)
    for path in paths:
        try:
            doc = _read(path, published)
        except InputError as exc:
            click.echo(f"error: {exc}", err=True)
            failed += 1
            continue
        ex = extractor.extract(doc)
        if as_json:
            click.echo(_json(ex, path, explain))
        else:
            console.print(_claims_table(ex, wide, explain))
    if failed:
        sys.exit(EXIT_PARTIAL if failed < len(paths) else 3)


def _progress(lines: IO[str]) -> Iterator[str]:
    if not sys.stderr.isatty():
        yield from lines
        return
    from tqdm import tqdm

    yield from tqdm(lines, unit=" docs", file=sys.stderr)


def _extract_jsonl(lines: IO[str], extractor: Extractor) -> int:
    failed = 0
    for row in extract_lines(_progress(lines), extractor):
        failed += "error" in row
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return failed


@cli.command()
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--misses", type=click.Path(dir_okay=False, writable=True),
              help="Write the rows that did not match to this JSONL file.")
@HEADLINE
def evaluate(gold: str, as_json: bool, misses: str | None, headline: str) -> None:
    """Score headline killed/injured figures against a coded benchmark.

    \b
    Example:
        tollwatch evaluate ../shared/benchmarks/wad_dev.jsonl
    """
    rows = load_gold(gold)
    result = score(rows, Extractor(headline=headline))  # type: ignore[arg-type]
    if misses:
        with open(misses, "w", encoding="utf-8") as fh:
            for m in result.misses:
                fh.write(json.dumps(m, ensure_ascii=False) + "\n")
    if as_json:
        click.echo(json.dumps(result.to_dict()))
        return
    table = Table(title=f"{gold} (headline {headline})")
    for col in ("rows", "killed exact", "injured rows", "injured exact", "docs/s"):
        table.add_column(col, justify="right")
    table.add_row(str(result.rows), f"{result.killed_exact:.4f}", str(result.injured_rows),
                  f"{result.injured_exact:.4f}", f"{result.docs_per_second:.1f}")
    make_console().print(table)
