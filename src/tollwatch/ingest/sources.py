"""Expand command-line inputs (files, folders, JSONL, feeds) into Documents or InputErrors.

Plain-text files may carry a front-matter block (see ingest.frontmatter) for their date,
outlet, URL and title; HTML pages are dated from their metadata; JSONL lines by "published";
feed entries by their entry date.

The one folder walker of tollwatch (ingest, watch and the distributed planner use it):
sorted, hidden files and folders skipped, every folder or file it cannot read reported as an
InputError (never skipped silently), FIFOs, devices and sockets refused, and symbolic links
that lead out of the folder being walked refused unless ``follow_links`` is set.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from tollwatch.errors import InputError
from tollwatch.ingest.boilerplate import with_title
from tollwatch.ingest.feeds import iter_feed, looks_like_feed
from tollwatch.ingest.frontmatter import split_front_matter
from tollwatch.ingest.jsonl import iter_jsonl
from tollwatch.ingest.reader import (
    decode_bytes,
    document_from_bytes,
    input_kind,
    read_regular,
)
from tollwatch.model import Document

FOLLOW_HINT = "use --follow-links to read it"


def iter_inputs(paths: Iterable[str], *,
                follow_links: bool = False) -> Iterator[Document | InputError]:
    """Every document under paths, in a stable order; an InputError per bad input, never raised."""
    for raw in paths:
        for item in iter_paths([raw], follow_links=follow_links):
            if isinstance(item, InputError):
                yield item
            else:
                yield from iter_file(item)


def iter_paths(paths: Iterable[str], *, follow_links: bool = False) -> Iterator[Path | InputError]:
    """The files named by paths (folders walked), or an InputError for each one refused."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from walk(path, follow_links=follow_links)
        elif path.exists() or path.is_symlink():
            yield path  # named on purpose: read if it is a regular file (checked on opening)
        else:
            yield InputError("no such file or folder", where=raw)


def walk(root: Path, *, follow_links: bool = False) -> Iterator[Path | InputError]:
    """Regular files under root in name order (a folder's files where its name sorts),
    hidden names skipped; an InputError for each entry refused or unreadable."""
    yield from _walk(root, root.resolve(), follow_links, set())


def _walk(folder: Path, real_root: Path, follow_links: bool,
          seen: set[tuple[int, int]]) -> Iterator[Path | InputError]:
    try:
        info = folder.stat()
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield InputError(f"folder cannot be read ({exc.strerror})", where=str(folder))
        return
    if (info.st_dev, info.st_ino) in seen:
        return  # a link loop, or a second link to a folder already walked
    seen.add((info.st_dev, info.st_ino))
    for entry in entries:
        if entry.name.startswith("."):
            continue  # editors and partial downloads write dot-files next to articles
        item = _entry(entry, real_root, follow_links)
        if isinstance(item, Path) and item.is_dir():
            yield from _walk(item, real_root, follow_links, seen)
        elif item is not None:
            yield item


def _entry(entry: os.DirEntry[str], real_root: Path,
           follow_links: bool) -> Path | InputError | None:
    """A folder entry as a path to walk or read, an InputError, or None (nothing to do)."""
    path = Path(entry.path)
    try:
        if entry.is_symlink() and not follow_links:
            target = path.resolve()
            if not target.is_relative_to(real_root):
                return InputError(f"symbolic link out of the folder (to {target}) refused; "
                                  f"{FOLLOW_HINT}", where=str(path))
            if target.is_dir():
                return None  # a second view of a folder that is walked anyway
        mode = path.stat().st_mode
    except OSError as exc:
        return InputError(f"cannot be read ({exc.strerror})", where=str(path))
    if stat.S_ISDIR(mode) or stat.S_ISREG(mode):
        return path
    return InputError(_special(mode), where=str(path))


def _special(mode: int) -> str:
    kind = ("a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a special file")
    return f"is {kind}, not a regular file: skipped"


def iter_file(path: Path) -> Iterator[Document | InputError]:
    """The documents of one file (a JSONL file or a feed holds many); errors yielded."""
    where = str(path)
    if input_kind(path) == "jsonl":
        yield from iter_jsonl(path)
        return
    try:
        data = read_regular(path, where)
    except InputError as exc:
        yield exc
        return
    if looks_like_feed(path, data):
        yield from iter_feed(path, data)
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
    doc.text = with_title(doc.text, doc.title)
    doc.id = meta.id or doc.id
    return doc
