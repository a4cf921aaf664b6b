"""Who stands behind a figure: source names folded so that one monitor counts once."""

from __future__ import annotations

import re

from tollwatch.model import Claim, Report

# Words dropped when folding a source name: "the Syrian Observatory" and "Syrian
# Observatory" are one source.
_FILLER = {"the", "a", "an", "of", "for", "and", "on", "in", "s"}
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def fold_source(name: str) -> str:
    """A comparison key for a source name: lower case, filler words and punctuation gone."""
    words = [w for w in _WORD.findall(name.lower()) if w not in _FILLER]
    return " ".join(words)


def acronym(name: str) -> str:
    """The initials of a source name: "Syrian Observatory for Human Rights" -> "sohr"."""
    return "".join(w[0] for w in _WORD.findall(name.lower()) if w not in _FILLER)


def outlet_key(report: Report) -> str:
    """The source key of a report's own voice (a figure attributed to no one)."""
    return "outlet:" + fold_source(report.outlet or report.document_id)


def outlet_label(report: Report) -> str:
    """How a report's own voice is named in a toll's sources."""
    return report.outlet or report.document_id


def claim_source(claim: Claim, report: Report, sole: str | None) -> tuple[str, str]:
    """The (key, label) of the source behind a claim; unsourced claims take the sole source."""
    name = claim.source or sole
    if not name:
        return outlet_key(report), outlet_label(report)
    return fold_source(name), name


def sole_source(report: Report) -> str | None:
    """The one named source of a report, if it names exactly one.

    Wire copy attributes the lead figure ("according to the Observatory") and lets the
    breakdown that follows ride on that attribution, so unattributed figures inherit it.
    """
    names: dict[str, str] = {}
    for _, claim in report.claims:
        if claim.source:
            names.setdefault(fold_source(claim.source), claim.source)
    return next(iter(names.values())) if len(names) == 1 else None


def alias_map(keys: set[str]) -> dict[str, str]:
    """Map acronym keys ("sohr") onto the full name they abbreviate, when that name is present."""
    by_initials: dict[str, str] = {}
    for key in sorted(keys):
        if " " in key:
            by_initials.setdefault(acronym(key), key)
    return {k: by_initials[k] for k in keys if " " not in k and k in by_initials}
