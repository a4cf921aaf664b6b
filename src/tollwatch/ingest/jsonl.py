"""JSONL inputs: a document a line, {"id"?, "text"|"html", "url"?, "published"?, "source"?}."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from tollwatch.errors import InputError, ParseError
from tollwatch.ingest.boilerplate import strip_boilerplate, with_title
from tollwatch.ingest.reader import MAX_BYTES, check_text, open_regular
from tollwatch.model import Document


def _text_field(obj: dict[str, Any], name: str, where: str) -> str | None:
    value = obj.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ParseError(f"{name!r} must be a string, not {type(value).__name__}", where=where)
    return check_text(value, where, name)


def _published(obj: dict[str, Any], where: str) -> dt.date | None:
    value = obj.get("published")
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise ParseError(f"'published' is not a YYYY-MM-DD date: {value!r}", where=where) from exc


def _document_id(obj: dict[str, Any], where: str) -> str | None:
    value = obj.get("id")
    return None if value is None else check_text(str(value), where, "id")


def document_from_line(line: str, where: str) -> Document:
    """One JSONL line -> Document, or a ParseError saying what is wrong with it."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ParseError(f"invalid JSON ({exc.msg} at column {exc.colno})", where=where) from exc
    if not isinstance(obj, dict):
        raise ParseError(f"a line must be a JSON object, not {type(obj).__name__}", where=where)
    text, html = _text_field(obj, "text", where), _text_field(obj, "html", where)
    url = _text_field(obj, "url", where)
    if text is None and html is None:
        raise ParseError("missing 'text' or 'html'", where=where)
    title = _text_field(obj, "title", where)
    if text is not None:
        doc = Document(text=strip_boilerplate(text))
    else:
        from tollwatch.ingest.html import document_from_html

        doc = document_from_html(html or "", where=where, url=url)
    doc.title = title or doc.title
    doc.text = with_title(doc.text, doc.title)
    if not doc.text.strip():
        raise ParseError("the document text is empty", where=where)
    doc.published = _published(obj, where) or doc.published
    doc.url = url or doc.url
    outlet = _text_field(obj, "source", where) or _text_field(obj, "outlet", where)
    doc.outlet = outlet or doc.outlet
    doc.id = _document_id(obj, where) or doc.content_hash[:16]
    doc.origin = where
    doc.raw_hash = hashlib.sha256(line.encode("utf-8")).hexdigest()
    return doc


def iter_jsonl(path: Path) -> Iterator[Document | InputError]:
    """Documents of a JSONL file, one InputError per bad line; the file is streamed."""
    try:  # a JSONL file is streamed line by line, so only the line size is bounded
        fh = open_regular(path, str(path), max_bytes=2**62)
    except InputError as exc:
        yield exc
        return
    with fh:
        yield from documents_from_lines(fh, str(path))


def documents_from_lines(
    lines: Iterable[bytes], origin: str, first_line: int = 1
) -> Iterator[Document | InputError]:
    """Documents from raw JSONL lines; a bad line becomes an InputError naming origin:line."""
    for lineno, raw in enumerate(lines, start=first_line):
        where = f"{origin}:{lineno}"
        if not raw.strip():
            continue
        if len(raw) > MAX_BYTES:
            yield InputError(f"line too large: {len(raw) / 1e6:.1f} MB", where=where)
            continue
        try:
            yield document_from_line(raw.decode("utf-8-sig"), where)
        except UnicodeDecodeError as exc:
            yield InputError(f"not valid UTF-8 at byte {exc.start} of the line", where=where)
        except InputError as exc:
            yield exc
