"""Word lists and weight tables as data: one folder, loaded once, shared by every component.

A word list is ``<name>.txt``: one entry a line, ``#`` starts a comment, blank lines skipped,
entries case-folded. A table is ``<name>.tsv``: a header line naming the columns, then one row a
line (``#`` comments allowed); each weight carries its reason in a column of its own.
No I/O beyond reading these package files; nothing here imports the rest of tollwatch.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from tollwatch.errors import ConfigError


def _lines(filename: str) -> list[str]:
    try:
        text = resources.files(__package__).joinpath(filename).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(f"lexicon file missing: {filename}") from exc
    rows = (line.split("#", 1)[0].rstrip() for line in text.splitlines())
    return [row for row in rows if row.strip()]


@cache
def words(name: str) -> frozenset[str]:
    """The case-folded entries of word list ``name`` (``lexicon/<name>.txt``)."""
    return frozenset(line.strip().casefold() for line in _lines(f"{name}.txt"))


@cache
def table(name: str) -> tuple[dict[str, str], ...]:
    """The rows of table ``name`` (``lexicon/<name>.tsv``) as column -> value dicts."""
    header, *rows = _lines(f"{name}.tsv")
    columns = header.split("\t")
    out = []
    for n, row in enumerate(rows, start=2):
        cells = row.split("\t")
        if len(cells) != len(columns):
            raise ConfigError(f"lexicon/{name}.tsv: row {n} has {len(cells)} cells, "
                              f"the header names {len(columns)}")
        out.append(dict(zip(columns, cells, strict=True)))
    return tuple(out)


def weights(name: str) -> dict[str, float]:
    """A weight table (columns ``feature``, ``weight``, ``reason``) as feature -> weight."""
    return {row["feature"]: float(row["weight"]) for row in table(name)}
