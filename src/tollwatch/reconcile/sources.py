"""Who stands behind a figure: source names folded so that one monitor counts once."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from tollwatch.model import Claim, Report

# Words dropped when folding a source name: "the Syrian Observatory" and "Syrian
# Observatory" are one source.
_FILLER = {"the", "a", "an", "of", "for", "and", "on", "in", "s", "said", "says"}
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@functools.lru_cache(maxsize=65536)
def fold_source(name: str) -> str:
    """A comparison key for a source name: lower case, filler words and punctuation gone."""
    return " ".join(w for w in _WORD.findall(name.lower()) if w not in _FILLER)


def acronym(key: str) -> str:
    """The initials of a folded source name: "syrian observatory human rights" -> "sohr"."""
    return "".join(w[0] for w in key.split())


class SourceBook:
    """The sources named in an incident's claims, short forms mapped onto full names.

    "SOHR" (its initials) and "the Observatory" (a part of its name) are the Syrian
    Observatory for Human Rights when that full name is the only one they fit.
    """

    def __init__(self, names: Iterable[str]) -> None:
        self.labels: dict[str, str] = {}
        for name in sorted(set(names)):
            key = fold_source(name)
            if key and len(name) > len(self.labels.get(key, "")):
                self.labels[key] = name
        self.canonical = {k: self._expand(k) for k in self.labels}

    def _expand(self, key: str) -> str:
        """The one longer key that key abbreviates, else key itself."""
        words = set(key.split())
        fits = [k for k in self.labels if k != key and len(k.split()) > len(words) and (
            words <= set(k.split()) or (len(words) == 1 and acronym(k) == key))]
        return fits[0] if len(fits) == 1 else key

    def key(self, name: str) -> str:
        """The canonical key of a source name."""
        folded = fold_source(name)
        return self.canonical.get(folded, folded)

    def label(self, key: str) -> str:
        """How a canonical source is named in a toll: its fullest spelling."""
        return self.labels.get(key, key)

    def sole(self, report: Report) -> str | None:
        """The one named source of a report, if it names exactly one.

        Wire copy attributes the lead figure ("according to the Observatory") and lets the
        breakdown that follows ride on that attribution, so unattributed figures inherit it.
        """
        keys = {self.key(c.source) for _, c in report.claims if c.source and fold_source(c.source)}
        return keys.pop() if len(keys) == 1 else None

    def of(self, claim: Claim, report: Report, sole: str | None) -> tuple[str, str]:
        """The (key, label) of the source behind a claim; unsourced claims take the sole one."""
        if claim.source and fold_source(claim.source):
            key = self.key(claim.source)
            return key, self.label(key)
        if sole is not None:
            return sole, self.label(sole)
        return outlet_key(report), report.outlet or str(report.document_id)


def outlet_key(report: Report) -> str:
    """The source key of a report's own voice (a figure attributed to no one)."""
    return "outlet:" + fold_source(report.outlet or str(report.document_id))


def is_outlet(key: str) -> bool:
    """Whether a source key is a report's own voice."""
    return key.startswith("outlet:")
