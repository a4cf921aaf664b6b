"""Read one text or HTML input into a Document, or fail with a clear InputError."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

from tollwatch.errors import InputError
from tollwatch.ingest.boilerplate import strip_boilerplate
from tollwatch.model import Document

MAX_BYTES = 10 * 1024 * 1024
_HTML_SNIFF = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<article|<div|<p[\s>])", re.I)
_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


def decode_bytes(data: bytes, where: str) -> str:
    """Decode UTF-8 (with or without BOM) or BOM-marked UTF-16; anything else is an InputError."""
    if not data.strip():
        raise InputError("empty input: no text to read", where=where)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"broken UTF-16 at byte {exc.start}", where=where) from exc
    if b"\x00" in data[:8192]:
        raise InputError("binary content (NUL bytes), not text", where=where)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid UTF-8 at byte {exc.start} ({data[exc.start:exc.start + 1]!r}); "
            "re-encode the file as UTF-8",
            where=where,
        ) from exc


def looks_like_html(data: bytes, name: str = "") -> bool:
    """HTML by file suffix, or by its first tag."""
    return Path(name).suffix.lower() in _HTML_SUFFIXES or bool(_HTML_SNIFF.match(data[:2048]))


def document_from_bytes(
    data: bytes,
    *,
    where: str,
    published: dt.date | None = None,
    html: bool | None = None,
    max_bytes: int = MAX_BYTES,
) -> Document:
    """Turn raw bytes (text or HTML) into a cleaned Document."""
    if len(data) > max_bytes:
        raise InputError(
            f"too large: {len(data) / 1e6:.1f} MB over the {max_bytes / 1e6:.0f} MB limit",
            where=where,
        )
    text = decode_bytes(data, where)
    is_html = looks_like_html(data, where) if html is None else html
    if is_html:
        from tollwatch.ingest.html import document_from_html

        doc = document_from_html(text, where=where)
    else:
        doc = Document(text=strip_boilerplate(text))
    if not doc.text.strip():
        raise InputError("no article text after removing boilerplate", where=where)
    doc.origin = where
    doc.raw_hash = hashlib.sha256(data).hexdigest()
    if published is not None:
        doc.published = published
    if doc.id is None:
        doc.id = doc.content_hash[:16]
    return doc


def read_path(path: str | Path, *, published: dt.date | None = None) -> Document:
    """Read a text or HTML file from disk."""
    p = Path(path)
    where = str(path)
    if not p.exists():
        raise InputError("no such file", where=where)
    if p.is_dir():
        raise InputError("is a directory, not a file", where=where)
    size = p.stat().st_size
    if size > MAX_BYTES:
        raise InputError(
            f"too large: {size / 1e6:.1f} MB over the {MAX_BYTES / 1e6:.0f} MB limit", where=where
        )
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror})", where=where) from exc
    return document_from_bytes(data, where=where, published=published)
