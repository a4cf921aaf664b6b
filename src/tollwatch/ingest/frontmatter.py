"""Metadata for plain-text files: an optional front-matter block at the top of the file.

A .txt file has nowhere else to say when and where it was published, so it may start with

    ---
    published: 2025-03-08
    outlet: Levant Wire
    url: https://example.org/story
    title: Death toll passes 1,000
    ---

Keys are case-insensitive; unknown keys are ignored; the block is removed from the text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from tollwatch.errors import ParseError

_BLOCK = re.compile(r"\A\ufeff?---[ \t]*\r?\n(?P<body>(?:[^\n]*\n){0,30}?)---[ \t]*(?:\r?\n|\Z)")
_LINE = re.compile(r"^\s*(?P<key>[A-Za-z_]+)\s*:\s*(?P<value>.*?)\s*$")
KEYS = ("published", "outlet", "url", "title", "id")


@dataclass(frozen=True)
class FrontMatter:
    """What a front-matter block says about its document."""

    published: dt.date | None = None
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    id: str | None = None


def split_front_matter(text: str, where: str) -> tuple[FrontMatter, str]:
    """The front matter of a text (empty if it has none) and the text without it."""
    match = _BLOCK.match(text)
    if not match:
        return FrontMatter(), text
    values: dict[str, str] = {}
    for line in match.group("body").splitlines():
        kv = _LINE.match(line)
        if kv and kv.group("key").lower() in KEYS and kv.group("value"):
            values[kv.group("key").lower()] = kv.group("value").strip("\"'")
    published = None
    if "published" in values:
        try:
            published = dt.date.fromisoformat(values["published"][:10])
        except ValueError as exc:
            raise ParseError(
                f"front matter 'published' is not a YYYY-MM-DD date: {values['published']!r}",
                where=where) from exc
    meta = FrontMatter(published=published, outlet=values.get("outlet"), url=values.get("url"),
                       title=values.get("title"), id=values.get("id"))
    return meta, text[match.end():]
