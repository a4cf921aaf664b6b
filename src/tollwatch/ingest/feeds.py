"""RSS and Atom feed files: one Document per entry, dated by the entry (feedparser)."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import time
import xml.sax
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import feedparser

from tollwatch.errors import InputError, ParseError
from tollwatch.ingest.boilerplate import strip_boilerplate, with_title
from tollwatch.ingest.reader import check_text, input_kind, read_regular
from tollwatch.model import Document

log = logging.getLogger(__name__)
_FEED_SNIFF = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b",
                         re.S)
_BLOCK_END = re.compile(r"(?i)</(?:p|div|li|h[1-6]|blockquote)>|<br\s*/?>")


def looks_like_feed(path: Path, head: bytes) -> bool:
    """A feed by suffix or by its root element."""
    return input_kind(path) == "feed" or bool(_FEED_SNIFF.match(head[:4096]))


def _html_to_text(fragment: str) -> str:
    if "<" not in fragment:
        return fragment
    import lxml.html

    try:
        root = lxml.html.fromstring(_BLOCK_END.sub("\n\n", fragment))
    except Exception:  # lxml rejects some fragments (e.g. bare text, comments only)
        return re.sub(r"<[^>]+>", " ", fragment)
    return str(root.text_content())


def _entry_date(entry: Any) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if isinstance(parsed, time.struct_time):
            return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return None


def _entry_text(entry: Any) -> str:
    contents = entry.get("content") or []
    values = [c.get("value", "") for c in contents if c.get("value")]
    body = max(values, key=len) if values else entry.get("summary", "") or ""
    return strip_boilerplate(_html_to_text(body))


def _checked_entry_text(entry: Any, where: str) -> str:
    """An entry's text; a lone surrogate or NUL in any of its fields is an InputError."""
    for name in ("id", "link", "title"):
        value = entry.get(name)
        if isinstance(value, str):
            check_text(value, where, name)
    return check_text(_entry_text(entry), where)


def iter_feed(path: Path, data: bytes | None = None) -> Iterator[Document | InputError]:
    """Documents of an RSS/Atom file (its bytes if already read); a broken feed is one
    ParseError, a bad entry another."""
    where = str(path)
    try:
        data = read_regular(path, where) if data is None else data
    except InputError as exc:
        yield exc
        return
    if not data.strip():
        yield InputError("empty input: no feed to read", where=where)
        return
    parsed = feedparser.parse(data)
    problem = parsed.get("bozo_exception")
    # Broken XML is reported once for the file; entries recovered before the break still count.
    broken = isinstance(problem, xml.sax.SAXException)
    if broken or not parsed.entries:
        yield ParseError(f"malformed feed ({problem})" if problem else "feed has no entries",
                         where=where)
    elif problem is not None:
        log.warning("%s: feed has a minor problem (%s); reading it anyway", where, problem)
    outlet = parsed.feed.get("title") or None
    for n, entry in enumerate(parsed.entries, start=1):
        entry_where = f"{where}#{n}"
        try:
            text = _checked_entry_text(entry, entry_where)
        except InputError as exc:
            yield exc
            continue
        if not text.strip():
            if not broken:  # a broken feed's last entry is usually a truncated stub
                yield ParseError("feed entry has no text", where=entry_where)
            continue
        text = with_title(text, entry.get("title") or None)
        yield Document(
            text=text, id=entry.get("id") or entry.get("link") or None,
            title=entry.get("title") or None, url=entry.get("link") or None, outlet=outlet,
            published=_entry_date(entry), origin=entry_where,
            raw_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        )
