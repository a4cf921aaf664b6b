"""Main text and metadata of a web page, via trafilatura, with boilerplate removed."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import trafilatura

from tollwatch.errors import InputError, ParseError
from tollwatch.ingest.boilerplate import strip_boilerplate, with_title
from tollwatch.model import Document

log = logging.getLogger(__name__)


def _parse_date(value: object) -> dt.date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def document_from_html(html: str, *, where: str, url: str | None = None) -> Document:
    """Extract the article text of an HTML page; title, outlet, URL and date from its metadata."""
    if not html.strip():
        raise InputError("empty page", where=where)
    try:
        extracted = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            favor_precision=True,
        )
    except Exception as exc:  # trafilatura raises assorted lxml errors on broken markup
        raise ParseError(f"HTML could not be parsed ({type(exc).__name__})", where=where) from exc
    if isinstance(extracted, dict):
        result: dict[str, Any] = extracted
    else:
        result = extracted.as_dict() if extracted is not None else {}
    title = result.get("title") or None
    text = with_title(strip_boilerplate(str(result.get("text") or "")), title)
    if not text.strip():
        raise InputError("no article text found in the page", where=where)
    return Document(
        text=text,
        title=title,
        url=result.get("url") or url,
        outlet=result.get("sitename") or result.get("hostname") or None,
        published=_parse_date(result.get("date")),
    )
