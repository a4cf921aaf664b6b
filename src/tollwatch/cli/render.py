"""Terminal rendering shared by the commands: a console of sensible width, evidence snippets."""

from __future__ import annotations

import shutil

from rich.console import Console
from rich.text import Text

from tollwatch.model import Claim

SNIPPET = 110  # characters of context shown around a figure


def console() -> Console:
    """A console as wide as the terminal, or 160 columns when output goes to a file or pipe."""
    width = shutil.get_terminal_size((160, 40)).columns
    return Console(width=max(width, 100))


def evidence_text(claim: Claim) -> Text:
    """The figure in its sentence, highlighted, cut to a window around it (never rich markup)."""
    ev = claim.evidence
    sentence = " ".join(ev.sentence.split()) if ev.sentence else ""
    start = max(0, ev.start - ev.sentence_start)
    end = max(start, ev.end - ev.sentence_start)
    raw = ev.sentence
    if not raw or end > len(raw):
        return Text(sentence[:SNIPPET])
    before, figure, after = raw[:start], raw[start:end], raw[end:]
    before = " ".join(before.split())
    after = " ".join(after.split())
    room = max(10, (SNIPPET - len(figure)) // 2)
    if len(before) > room:
        before = "…" + before[-room:]
    if len(after) > room:
        after = after[:room] + "…"
    out = Text(before + (" " if raw[:start][-1:].isspace() else ""))
    out.append(" ".join(figure.split()), style="bold reverse")
    out.append((" " if raw[end:end + 1].isspace() else "") + after)
    return out
