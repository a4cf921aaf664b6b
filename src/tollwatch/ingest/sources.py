"""Expand command-line inputs (files, folders, JSONL, feeds) into Documents or InputErrors.

Plain-text files may carry a front-matter block (see ingest.frontmatter) for their date,
outlet, URL and title; HTML pages are dated from their metadata; JSONL lines by "published";
feed entries by their entry date.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from tollwatch.errors import InputError
from tollwatch.ingest.feeds import iter_feed, looks_like_feed
from tollwatch.ingest.frontmatter import split_front_matter
from tollwatch.ingest.jsonl import iter_jsonl
from tollwatch.ingest.reader import MAX_BYTES, decode_bytes, document_from_bytes
from tollwatch.model import Document

JSONL_SUFFIXES = {".jsonl", ".ndjson"}


def iter_inputs(paths: Iterable[str]) -> Iterator[Document | InputError]:
    """Every document under paths, in a stable order; an InputError per bad input, never raised."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for file in _walk(path):
                yield from _iter_file(file)
        elif path.exists():
            yield from _iter_file(path)
        else:
            yield InputError("no such file or folder", where=raw)


def _walk(folder: Path) -> Iterator[Path]:
    """Files under folder, sorted, skipping hidden files and folders."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


def _iter_file(path: Path) -> Iterator[Document | InputError]:
    where = str(path)
    try:
        if path.suffix.lower() in JSONL_SUFFIXES:
            yield from iter_jsonl(path)
            return
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(
                f"too large: {size / 1e6:.1f} MB over the {MAX_BYTES / 1e6:.0f} MB limit",
                where=where)
        with path.open("rb") as fh:
            data = fh.read()
    except InputError as exc:
        yield exc
        return
    except OSError as exc:
        yield InputError(f"cannot be read ({exc.strerror})", where=where)
        return
    if looks_like_feed(path, data):
        yield from iter_feed(path)
        return
    try:
        yield _read_document(data, where)
    except InputError as exc:
        yield exc


def _read_document(data: bytes, where: str) -> Document:
    """A text or HTML file; a text file's front matter supplies its metadata."""
    text = decode_bytes(data, where)
    meta, body = split_front_matter(text, where)
    doc = document_from_bytes(body.encode("utf-8"), where=where, published=meta.published)
    doc.raw_hash = hashlib.sha256(data).hexdigest()
    doc.outlet = meta.outlet or doc.outlet
    doc.url = meta.url or doc.url
    doc.title = meta.title or doc.title
    doc.id = meta.id or doc.id
    return doc
