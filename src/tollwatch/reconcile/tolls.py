"""From the figures of an incident's reports to tolls {low, best, high}, revisions and flags."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import replace
from typing import cast

from tollwatch.model import (
    GROUPS,
    OUTCOMES,
    DocumentId,
    Grading,
    Group,
    Outcome,
    Report,
    Revision,
    Toll,
)
from tollwatch.reconcile.bounds import agree
from tollwatch.reconcile.figures import PARTY_GROUPS, Figure, report_figures
from tollwatch.reconcile.sources import SourceBook, fold_source

Cell = tuple[str, str]  # (outcome, group)
# Sentences at least this long, repeated with the same figure, are copied, not re-reported:
# "18 people were killed" recurs by chance, a whole wire sentence does not.
MIN_ECHO = 40


def publication_order(report: Report) -> tuple[dt.date, str]:
    """Reports are read in publication order; undated ones first, ties by document id.

    Ties compare ids as text, as when ids were strings: ledgers reconciled before keep their
    grouping (as numbers, one FA-KES war-wide total moved to an incident of its own).
    """
    return (report.published or dt.date.min, str(report.document_id))


class TollBook:
    """The tolls of one incident, revised report by report."""

    def __init__(self, reports: list[Report], ids: set[int]) -> None:
        self.reports = sorted(reports, key=publication_order)
        self.ids = ids
        self.present = {r.document_id for r in self.reports}
        self.latest: dict[Cell, dict[str, Figure]] = defaultdict(dict)
        self.counted: set[DocumentId] = set()  # documents whose figures were counted
        # (sentence, figure) -> the report that first said it: to catch undeclared copies
        self.said: dict[tuple[str, int, str], DocumentId] = {}
        self.claims = {cid: c for r in self.reports for cid, c in r.claims}
        self.flags: list[str] = []
        self.revisions: list[Revision] = []
        book = SourceBook(c.source for r in self.reports for cid, c in r.claims
                          if cid in ids and c.source)
        self.figures = {r.document_id: report_figures(r, ids, book) for r in self.reports}

    def run(self) -> None:
        """Read every report in order, recording the toll after each."""
        for report in self.reports:
            figures, flags = self.figures[report.document_id]
            self.flags.extend(flags)
            self.read(report, figures)
            # per outcome and group, so a civilian series 745 -> 1,225 -> 1,500 reads as such
            cells = {(f.outcome, f.group) for f in figures} | {(f.outcome, "total")
                                                               for f in figures}
            for outcome, group in sorted(cells, key=lambda c: (_outcome_order(c[0]),
                                                               _group_order(c[1]))):
                toll = self.toll(outcome, group)
                if toll is not None:
                    self.revisions.append(Revision(report.document_id, report.published, toll))

    def read(self, report: Report, figures: list[Figure]) -> None:
        """Count a report's figures, or keep them as evidence only when it is a copy."""
        original = report.copy_of
        stands_for = original if original and original not in self.present else None
        if original and (stands_for is None or stands_for in self.counted):
            # the copy changes no toll, not even its claim list: its claims stay in the
            # incident's claim ids as evidence, and the flag names it
            said = ", ".join(sorted({f"{f.outcome} {f.group} {f.bounds.best}" for f in figures
                                     if f.group == "total"})) or "no totals"
            self.flags.append(f"copy_counted_once: report {report.document_id} is a copy of "
                              f"{original}; its figures ({said}) are counted once")
            return
        self.counted.add(stands_for or report.document_id)
        for f in figures:
            first = self._echo(f)
            if first is not None and first != f.document_id:
                self.flags.append(f"copy_counted_once: report {f.document_id} repeats report "
                                  f"{first} word for word ({f.outcome} {f.group} "
                                  f"{f.bounds.best}); counted once")
                continue
            for sig in self._sayings(f):
                self.said.setdefault(sig, f.document_id)
            by_source = self.latest[(f.outcome, f.group)]
            cur = by_source.get(f.source_key)
            # a later report from the same source revises its earlier one; on one day the
            # larger figure is the later count
            if cur is None or _recency(f) >= _recency(cur):
                by_source[f.source_key] = f

    def _sayings(self, f: Figure) -> set[tuple[str, int, str]]:
        """The (sentence, figure, source) behind a figure, whitespace and case folded."""
        out = set()
        for cid in f.claim_ids:
            claim = self.claims[cid]
            sentence = " ".join(claim.evidence.sentence.split()).lower()
            if len(sentence) >= MIN_ECHO:
                out.add((sentence, claim.count.best, fold_source(claim.source or "")))
        return out

    def _echo(self, f: Figure) -> DocumentId | None:
        """The earlier report a figure repeats word for word (an undeclared copy), if any.

        A figure counts once however many outlets paste the same wire sentence: without this,
        two sites running one story unattributed would grade as two independent sources.
        """
        sayings = self._sayings(f)
        if not sayings or not all(s in self.said for s in sayings):
            return None
        return min((self.said[s] for s in sayings), key=str)  # ids as text: see publication_order

    def toll(self, outcome: str, group: str) -> Toll | None:
        """The toll of one outcome and group; a total never below its own groups."""
        toll = self.stated(outcome, group)
        if group != "total":
            return toll
        return coherent(toll, [t for g in PARTY_GROUPS
                               if (t := self.stated(outcome, g)) is not None])

    def stated(self, outcome: str, group: str) -> Toll | None:
        """The toll of one outcome and group from the latest figure of each source."""
        figs = _standing([self.latest[(outcome, group)][k]
                          for k in sorted(self.latest[(outcome, group)])])
        if not figs:
            return None
        best = _lead(figs).bounds.best
        highs = [f.bounds.high for f in figs if f.bounds.high is not None]
        ids = {i for f in figs for i in f.claim_ids}
        return Toll(
            low=min(min(f.bounds.low for f in figs), best),
            best=best,
            high=max([*highs, best]) if highs else None,
            outcome=cast(Outcome, outcome),
            group=cast(Group, group),
            grading=_grading(figs),
            claim_ids=tuple(sorted(ids)),
            sources=tuple(sorted({f.source_label for f in figs})),
        )

    def tolls(self) -> list[Toll]:
        """Every toll of the incident, outcomes and groups in the model's order."""
        cells = sorted(set(self.latest) | {(c[0], "total") for c in self.latest},
                       key=lambda c: (_outcome_order(c[0]), _group_order(c[1])))
        return [t for c in cells if (t := self.toll(*c)) is not None]

    def contested_flags(self, tolls: list[Toll]) -> list[str]:
        """A flag for each toll whose sources disagree."""
        flags = []
        for toll in tolls:
            if toll.grading == "contested":
                figs = _standing(list(self.latest[(toll.outcome, toll.group)].values()))
                said = "; ".join(f"{f.source_label} {f.bounds.best} ({f.published})"
                                 for f in sorted(figs, key=lambda f: f.source_key))
                flags.append(f"contested: {toll.outcome} {toll.group}: {said}")
        return flags


def as_reports_lead(tolls: list[Toll], reports: list[Report], ids: set[int]) -> list[Toll]:
    """Each total set to the figure every report of the incident leads with, when they agree.

    The book weighs a report's figures source by source, so within one report "police
    originally said eight were wounded" beside the sheriff's "five people were shot" are two
    sources and the larger stands; the report leads with five (its headline figure). Where
    the reports of an incident, each wholly in it, lead with one figure more often than with
    any other, that figure is the total; never below the sum of the incident's groups.
    """
    out = list(tolls)
    for outcome in ("killed", "injured"):
        lead = _agreed_lead(reports, ids, outcome)
        at = next((i for i, t in enumerate(out) if (t.outcome, t.group) == (outcome, "total")),
                  None)
        if lead is None or at is None or out[at].best == lead:
            continue
        parts = sum(t.best for t in out if t.outcome == outcome and t.group in PARTY_GROUPS)
        if lead < parts or lead == 0:
            continue
        total = out[at]
        out[at] = replace(total, best=lead, low=min(total.low, lead),
                          high=None if total.high is None else max(total.high, lead))
    return out


def _agreed_lead(reports: list[Report], ids: set[int], outcome: str) -> int | None:
    """The figure most reports lead with for an outcome; None on a tie or when one is split."""
    leads: Counter[int] = Counter()
    for report in reports:
        mine = [cid for cid, c in report.claims if c.outcome == outcome]
        if not mine:
            continue
        if not all(cid in ids for cid in mine):
            return None  # part of the report tells of another incident: its lead is not ours
        lead = report.killed if outcome == "killed" else report.injured
        # a lead no claim states any more (an analyst corrected it) is no lead
        if lead is not None and any(c.count.best == lead for cid, c in report.claims
                                    if c.outcome == outcome):
            leads[lead] += 1
    top = leads.most_common(2)
    # the figure most reports lead with, when more lead with it than with any other
    return top[0][0] if top and (len(top) == 1 or top[0][1] > top[1][1]) else None


def coherent(total: Toll | None, groups: list[Toll]) -> Toll | None:
    """A total raised to its groups: never below any group, nor below the sum of disjoint ones.

    Civilians, security forces and armed groups are disjoint by construction, so their tolls
    add up to a floor of the total: a monitor's "1,500 civilians" with another's total of
    1,383 makes the total at least 1,500, not a total below its own civilians. Where reports
    give only group figures, the total is their sum.
    """
    if not groups:
        return total
    floor_best = sum(t.best for t in groups)
    ids = tuple(sorted({c for t in groups for c in t.claim_ids}))
    sources = tuple(sorted({s for t in groups for s in t.sources}))
    if total is None:
        highs = [t.high for t in groups]
        return Toll(sum(t.low for t in groups), floor_best,
                    None if any(h is None for h in highs) else sum(h or 0 for h in highs),
                    groups[0].outcome, "total", min((t.grading for t in groups), key=_rank),
                    ids, sources)
    if total.best >= floor_best:
        return total
    # only best and high rise: a stated "more than 1,000" stays the total's low
    best = floor_best
    high = None if total.high is None else max(total.high, best)
    return replace(total, best=best, high=high,
                   claim_ids=tuple(sorted({*total.claim_ids, *ids})),
                   sources=tuple(sorted({*total.sources, *sources})))


def _rank(grading: str) -> int:
    order = ("contested", "single source", "several independent sources")
    return order.index(grading) if grading in order else 0


def _outcome_order(outcome: str) -> tuple[int, str]:
    """Outcomes in the model's order; one the model does not know goes last."""
    return (OUTCOMES.index(outcome) if outcome in OUTCOMES else len(OUTCOMES), outcome)


def _group_order(group: str) -> tuple[int, str]:
    """Groups in the model's order; one the model does not know goes last."""
    return (GROUPS.index(group) if group in GROUPS else len(GROUPS), group)


def _standing(figs: list[Figure]) -> list[Figure]:
    """Drop figures overtaken by a later, higher one from another source.

    Tolls rise as bodies are found: "6 killed" on Tuesday from the civil defence and "9"
    on Wednesday from a monitor are one count growing, not a disagreement. A later figure
    that is lower stays, and makes the toll contested.
    """
    def overtaken(f: Figure) -> bool:
        return f.bounds.high is not None and any(
            (g.published or dt.date.min) > (f.published or dt.date.min)
            and g.bounds.low > f.bounds.high for g in figs)

    return [f for f in figs if not overtaken(f)]


def _recency(f: Figure) -> tuple[dt.date, int, str]:
    """Which of two figures of one source is its current one (ids as text: publication_order)."""
    return (f.published or dt.date.min, f.bounds.best, str(f.document_id))


def _lead(figs: list[Figure]) -> Figure:
    """The figure the best estimate follows.

    A looser figure that agrees with a more specific one defers to it ("more than 1,000"
    beside "1,018" says 1,018). Of the rest: a number over a vague word, then the most
    corroborated, the most recent, the most specific; the larger and the source name break
    ties.
    """
    support = {id(f): sum(agree(f.bounds, g.bounds) for g in figs if g is not f) for f in figs}
    kept = [f for f in figs if not any(
        g.bounds.rank < f.bounds.rank and agree(f.bounds, g.bounds) for g in figs)]
    return max(kept or figs, key=lambda f: (
        f.bounds.rank < 3, support[id(f)], f.published or dt.date.min, -f.bounds.rank,
        f.bounds.best, f.source_key))


def _grading(figs: list[Figure]) -> Grading:
    """Airwars-style grading of the sources behind a toll."""
    if len(figs) == 1:
        return "single source"
    if all(agree(a.bounds, b.bounds) for i, a in enumerate(figs) for b in figs[i + 1:]):
        return "several independent sources"
    return "contested"
