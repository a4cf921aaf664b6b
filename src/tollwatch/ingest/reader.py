"""Read one text or HTML input into a Document, or fail with a clear InputError."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import stat
from pathlib import Path
from typing import BinaryIO, Literal

from tollwatch.errors import InputError
from tollwatch.ingest.boilerplate import strip_boilerplate
from tollwatch.lexicon import table
from tollwatch.model import Document

MAX_BYTES = 10 * 1024 * 1024
_HTML_SNIFF = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<article|<div|<p[\s>])", re.I)
# Lone surrogates cannot be encoded (hashing, storing and printing fail far from the input);
# NUL is refused by PostgreSQL text columns. Both are reported at the input, per document.
_UNWRITABLE = re.compile("[\ud800-\udfff\x00]")
InputKind = Literal["jsonl", "feed", "html", "text"]


def input_kind(path: str | Path) -> InputKind:
    """How a file is read, by its suffix (lexicon/input_suffixes.tsv); "text" when unknown."""
    suffix = Path(str(path).split("?")[0]).suffix.lower()
    kinds = {row["suffix"]: row["kind"] for row in table("input_suffixes")}
    kind = kinds.get(suffix, "text")
    return kind if kind in ("jsonl", "feed", "html") else "text"  # type: ignore[return-value]


def check_text(value: str, where: str, field: str = "text") -> str:
    """value itself, or an InputError naming the first lone surrogate or NUL and its offset."""
    bad = _UNWRITABLE.search(value)
    if bad is None:
        return value
    char = bad.group(0)
    what = "a NUL character" if char == "\x00" else f"a lone surrogate (U+{ord(char):04X})"
    raise InputError(f"{what} in {field!r} at character {bad.start()}: not valid Unicode text",
                     where=where)


def _file_kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISDIR, "a directory")):
        if test(mode):
            return name
    return "a special file"


def open_regular(path: str | Path, where: str, max_bytes: int = MAX_BYTES) -> BinaryIO:
    """Open a regular file for reading; a FIFO, device, socket, folder or oversize file is an
    InputError. O_NONBLOCK: opening a FIFO must not wait for a writer that never comes."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror})", where=where) from exc
    info = os.fstat(fd)  # of what was opened: a file swapped for a FIFO after a check is caught
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise InputError(f"is {_file_kind(info.st_mode)}, not a regular file: skipped",
                         where=where)
    if info.st_size > max_bytes:
        os.close(fd)
        raise InputError(f"too large: {info.st_size / 1e6:.1f} MB over the "
                         f"{max_bytes / 1e6:.0f} MB limit", where=where)
    return os.fdopen(fd, "rb")


def read_regular(path: str | Path, where: str, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file, at most max_bytes (a file growing meanwhile is refused)."""
    with open_regular(path, where, max_bytes) as fh:
        try:
            data = fh.read(max_bytes + 1)
        except OSError as exc:
            raise InputError(f"cannot be read ({exc.strerror})", where=where) from exc
    if len(data) > max_bytes:
        raise InputError(f"too large: over the {max_bytes / 1e6:.0f} MB limit", where=where)
    return data


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
    return input_kind(name) == "html" or bool(_HTML_SNIFF.match(data[:2048]))


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
    text = check_text(decode_bytes(data, where), where)
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
    where = str(path)
    if not Path(path).exists():
        raise InputError("no such file", where=where)
    return document_from_bytes(read_regular(path, where), where=where, published=published)
