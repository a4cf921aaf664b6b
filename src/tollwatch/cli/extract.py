"""`tollwatch extract` and `tollwatch evaluate`."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
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
from tollwatch.extract.scoring import Score, load_gold, score, score_shared
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


def default_shared() -> Path:
    """$TOLLWATCH_SHARED/benchmarks, else ../shared/benchmarks next to this checkout."""
    env = os.environ.get("TOLLWATCH_SHARED")
    if env:
        return Path(env) / "benchmarks"
    return Path(__file__).resolve().parents[3].parent / "shared" / "benchmarks"


def _score_table(title: str, results: list[tuple[str, str, Score]]) -> Table:
    table = Table(title=title)
    for col in ("set", "headline", "rows", "killed exact", "injured rows", "injured exact",
                "docs/s"):
        table.add_column(col, justify="left" if col in ("set", "headline") else "right")
    for name, mode, r in results:
        table.add_row(Text(name), mode, str(r.rows), f"{r.killed_exact:.4f}", str(r.injured_rows),
                      f"{r.injured_exact:.4f}", f"{r.docs_per_second:.1f}")
    return table


def _write_misses(path: str, results: list[tuple[str, str, Score]]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for name, _mode, r in results:
            for m in r.misses:
                fh.write(json.dumps({"set": name, **m}, ensure_ascii=False) + "\n")


@cli.command()
@click.argument("gold", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--shared", "shared", is_flag=False, flag_value="", default=None, metavar="[DIR]",
              help="Score every shared set (WAD dev, fakes_dev, gva_dev pages) found in DIR "
                   "(default: $TOLLWATCH_SHARED/benchmarks, else ../shared/benchmarks next to "
                   "the checkout), each in its own headline convention.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--misses", type=click.Path(dir_okay=False, writable=True),
              help="Write the rows that did not match to this JSONL file.")
@HEADLINE
def evaluate(gold: str | None, shared: str | None, as_json: bool, misses: str | None,
             headline: str) -> None:
    """Score headline killed/injured figures against coded benchmarks.

    GOLD is one benchmark file in the shared JSONL format, scored with --headline; --shared
    scores all shared sets in one table (GVA pages against their incident's figures).

    \b
    Example:
        tollwatch evaluate ../shared/benchmarks/wad_dev.jsonl --headline victims
        tollwatch evaluate --shared
        tollwatch evaluate --shared /data/shared/benchmarks --misses misses.jsonl
    """
    if (gold is None) == (shared is None):
        raise click.UsageError("give either a benchmark FILE or --shared [DIR]")
    if shared is not None:
        directory = Path(shared) if shared else default_shared()
        results: list[tuple[str, str, Score]] = [
            (s.name, s.headline, r) for s, r in score_shared(directory)]
        title = f"shared benchmarks in {directory}"
    else:
        assert gold is not None
        result = score(load_gold(gold), Extractor(headline=headline))  # type: ignore[arg-type]
        results = [(Path(gold).name, headline, result)]
        title = f"{gold} (headline {headline})"
    if misses:
        _write_misses(misses, results)
    if as_json:
        out = {name: {"headline": mode, **r.to_dict()} for name, mode, r in results}
        click.echo(json.dumps(out if shared is not None else results[0][2].to_dict()))
        return
    make_console().print(_score_table(title, results))
