"""JSONL batch extraction: one input line -> one output line, in order, bad lines reported.

Lines are read by the one JSONL reader (ingest.jsonl.document_from_line): the same fields,
checks and messages as `tollwatch ingest`; a line without "id" is named by its line number.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from typing import Any

from tollwatch.errors import InputError
from tollwatch.extract.pipeline import Extractor
from tollwatch.ingest.jsonl import document_from_line
from tollwatch.model import Document, Extraction


def parse_line(line: str, lineno: int) -> Document:
    """One JSONL line -> Document (named by its line number without an "id"), or InputError."""
    doc = document_from_line(line, f"line {lineno}")
    doc.id = line_id(line, lineno)
    return doc


def line_id(line: str, lineno: int) -> str:
    """Best-effort id of a line, even a broken one, so an error row can be matched to its input."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError:
        return str(lineno)
    value = obj.get("id") if isinstance(obj, dict) else None
    if value is None:
        return str(lineno)
    text = str(value)
    # an id that cannot be written out (a lone surrogate) is named by its line instead
    return text if text.encode("utf-8", "replace").decode("utf-8") == text else str(lineno)


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
            except InputError as exc:
                parsed.append({"id": line_id(line, lineno), "error": str(exc)})
        docs = [p for p in parsed if isinstance(p, Document)]
        results = iter(extractor.pipe(docs, batch_size=batch_size, on_error="yield"))
        for item in parsed:
            if isinstance(item, Document):
                result = next(results)
                yield (result.to_dict() if isinstance(result, Extraction)
                       else {"id": item.id, "error": str(result)})
            else:
                yield item
