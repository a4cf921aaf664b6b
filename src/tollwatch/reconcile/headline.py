"""The headline toll of an incident: the one answer the CLI, the exports, the API and the
store's sort column give to "how many were killed (injured) in this incident".

Two conventions, decided here and nowhere else:
- ``all`` (FA-KES, GVA): every party's dead, attackers who die in their own attack
  ("perpetrators") never included. That is the incident's "total" toll, which reconciliation
  keeps at least as large as any of its groups and never counts perpetrators into; an incident
  that has only group tolls heads with their sum, perpetrators left out.
- ``victims`` (WAD, atrocity datasets): the civilian toll where the reports give one, else the
  total ("15 killed including one soldier" is coded 14 only where the civilians are counted
  apart).
"""

from __future__ import annotations

from tollwatch.model import HeadlineMode, Incident, Outcome, Toll

# Attackers who die in their own attack are no victims: never part of a headline.
NEVER_IN_HEADLINE = frozenset({"perpetrators"})
# Of several tolls summed into one, the grading the weakest of them has.
_GRADING_RANK = {"contested": 0, "single source": 1, "several independent sources": 2}


def headline_toll(incident: Incident, outcome: Outcome = "killed",
                  mode: HeadlineMode = "all") -> Toll | None:
    """The incident's headline toll for an outcome under a convention; None when it has none."""
    tolls = [t for t in incident.tolls if t.outcome == outcome]
    if mode == "victims":
        civilians = next((t for t in tolls if t.group == "civilians"), None)
        if civilians is not None:
            return civilians
    total = next((t for t in tolls if t.group == "total"), None)
    if total is not None:
        return total
    return summed([t for t in tolls if t.group not in NEVER_IN_HEADLINE], outcome)


def headline_best(incident: Incident, outcome: Outcome = "killed",
                  mode: HeadlineMode = "all") -> int | None:
    """The best figure of the headline toll, None when the incident has none."""
    toll = headline_toll(incident, outcome, mode)
    return toll.best if toll is not None else None


def summed(parts: list[Toll], outcome: Outcome) -> Toll | None:
    """Group tolls added into one total: disjoint groups, so their sum is the total's floor."""
    if not parts:
        return None
    highs = [t.high for t in parts]
    return Toll(
        low=sum(t.low for t in parts),
        best=sum(t.best for t in parts),
        high=None if any(h is None for h in highs) else sum(h for h in highs if h is not None),
        outcome=outcome,
        group="total",
        grading=min((t.grading for t in parts), key=lambda g: _GRADING_RANK.get(g, 0)),
        claim_ids=tuple(sorted({c for t in parts for c in t.claim_ids})),
        sources=tuple(sorted({s for t in parts for s in t.sources})),
    )
