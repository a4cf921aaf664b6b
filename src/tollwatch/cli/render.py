"""Terminal rendering shared by the commands: consoles, safe cells, tables that fit the width.

Article text is untrusted: a title or sentence can carry ANSI/OSC escape sequences that would
recolour the terminal, rewrite its title or plant hyperlinks. Every cell made from stored text
goes through ``clean``, which shows such characters escaped (``\\x1b``) instead of sending them.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from tollwatch.model import Claim

SNIPPET = 110  # characters of context shown around a figure
PIPE_WIDTH = 160  # columns of output when it goes to a file or a pipe
# C0 and C1 controls, DEL, and the bidirectional overrides that can disguise text.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# What json.dumps lets through raw (it escapes C0 controls inside strings itself).
_JSON_RAW = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SPACES = {"\n": " ", "\t": " ", "\r": " "}


def clean(value: object) -> str:
    """Text safe to print on a terminal: controls escaped, line breaks and tabs as spaces."""
    text = "" if value is None else str(value)
    return _CONTROL.sub(lambda m: _SPACES.get(m.group(0)) or _escape(m.group(0)), text)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def cell(value: object) -> Text:
    """A table cell that shows stored text literally: never rich markup, never a control."""
    return Text(clean(value))


def dumps(data: Any) -> str:
    """JSON for the terminal: readable non-ASCII text, but C1 controls and bidi overrides escaped.

    json.dumps escapes C0 controls itself; with ensure_ascii=False it would pass the others.
    """
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def width() -> int:
    """The terminal's width ($COLUMNS first), or PIPE_WIDTH when output is not a terminal."""
    return shutil.get_terminal_size((PIPE_WIDTH, 40)).columns


def console(wide: bool = False) -> Console:
    """A console as wide as the terminal; --wide lets tables run past it instead of folding."""
    return Console(width=max(width(), 1000) if wide else width())


@dataclass(frozen=True)
class Column:
    """A table column: its heading, how much it matters (0 first) and the room it needs."""

    name: str
    rank: int
    min_width: int
    justify: str = "left"


def fit(columns: Sequence[Column], room: int, wide: bool = False) -> list[Column]:
    """The columns that fit in room characters, most important first, kept in table order.

    Each column costs its min_width plus 3 for borders and padding; --wide keeps them all.
    """
    if wide:
        return list(columns)
    chosen: set[str] = set()
    used = 1
    for col in sorted(columns, key=lambda c: c.rank):
        if used + col.min_width + 3 <= room or not chosen:
            chosen.add(col.name)
            used += col.min_width + 3
    return [c for c in columns if c.name in chosen]


def table(title: str, columns: Sequence[Column], rows: Sequence[dict[str, Text | str]],
          wide: bool = False) -> Table:
    """A rich table of the columns that fit the terminal; rows map column names to cells."""
    shown = fit(columns, width(), wide)
    out = Table(title=clean(title))
    for col in shown:
        out.add_column(col.name, overflow="fold", min_width=min(col.min_width, 12),
                       justify=col.justify)  # type: ignore[arg-type]
    for row in rows:
        out.add_row(*(row.get(col.name, "") for col in shown))
    return out


def evidence_text(claim: Claim) -> Text:
    """The figure in its sentence, highlighted, cut to a window around it (never rich markup)."""
    ev = claim.evidence
    sentence = " ".join(clean(ev.sentence).split()) if ev.sentence else ""
    start = max(0, ev.start - ev.sentence_start)
    end = max(start, ev.end - ev.sentence_start)
    raw = ev.sentence
    if not raw or end > len(raw):
        return Text(sentence[:SNIPPET])
    before, figure, after = raw[:start], raw[start:end], raw[end:]
    before = " ".join(clean(before).split())
    after = " ".join(clean(after).split())
    room = max(10, (SNIPPET - len(figure)) // 2)
    if len(before) > room:
        before = "…" + before[-room:]
    if len(after) > room:
        after = after[:room] + "…"
    out = Text(before + (" " if raw[:start][-1:].isspace() else ""))
    out.append(" ".join(clean(figure).split()), style="bold reverse")
    out.append((" " if raw[end:end + 1].isspace() else "") + after)
    return out
