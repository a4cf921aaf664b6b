"""JSONL batch extraction: one input line -> one output line, in order, bad lines reported."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Iterable, Iterator
from typing import Any

from tollwatch.errors import ParseError
from tollwatch.extract.pipeline import Extractor
from tollwatch.model import Document


def parse_line(line: str, lineno: int) -> Document:
    """One JSONL line -> Document, or ParseError saying what is wrong with it."""
    where = f"line {lineno}"
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ParseError(f"invalid JSON ({exc.msg} at column {exc.colno})", where=where) from exc
    if not isinstance(obj, dict):
        raise ParseError("a line must be a JSON object", where=where)
    text = obj.get("text")
    if text is None:
        raise ParseError("missing 'text'", where=where)
    if not isinstance(text, str):
        raise ParseError(f"'text' must be a string, not {type(text).__name__}", where=where)
    if not text.strip():
        raise ParseError("'text' is empty", where=where)
    published = None
    if obj.get("published") is not None:
        try:
            published = dt.date.fromisoformat(str(obj["published"])[:10])
        except ValueError as exc:
            bad = obj["published"]
            raise ParseError(f"'published' is not a date: {bad!r}", where=where) from exc
    doc_id = obj.get("id")
    doc_id = str(doc_id) if doc_id is not None else str(lineno)
    return Document(text=text, id=doc_id, published=published)


def line_id(line: str, lineno: int) -> str:
    """Best-effort id of a line, even a broken one, so an error row can be matched to its input."""
    try:
        obj = json.loads(line)
        if isinstance(obj, dict) and obj.get("id") is not None:
            return str(obj["id"])
    except json.JSONDecodeError:
        pass
    return str(lineno)


def extract_lines(
    lines: Iterable[str], extractor: Extractor, batch_size: int = 64
) -> Iterator[dict[str, Any]]:
    """Yield a result or an error object per non-blank input line, in input order."""
    numbered = ((n, line) for n, line in enumerate(lines, start=1) if line.strip())
    while chunk := list(itertools.islice(numbered, batch_size)):
        parsed: list[Document | dict[str, Any]] = []
        for lineno, line in chunk:
            try:
                parsed.append(parse_line(line, lineno))
            except ParseError as exc:
                parsed.append({"id": line_id(line, lineno), "error": str(exc)})
        docs = [p for p in parsed if isinstance(p, Document)]
        results = iter(extractor.pipe(docs, batch_size=batch_size))
        for item in parsed:
            yield next(results).to_dict() if isinstance(item, Document) else item
