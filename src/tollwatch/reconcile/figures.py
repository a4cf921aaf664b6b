"""What one report says, per source, outcome and group: one figure each, parts set aside.

Within a report, several claims about one outcome and group are rarely rival estimates:
"nearly 750 civilians" and "745 civilians" restate one figure; "428 Alawite civilians in the
revenge attacks" is a part of it; "31 buried in Tuwaym" is a local part of the national toll.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace

from tollwatch.model import Claim, DocumentId, Report
from tollwatch.reconcile.bounds import SPECIFICITY, Bounds, bounds_of, compatible
from tollwatch.reconcile.sources import SourceBook, is_outlet

# Groups whose figures add up to the "total" (all parties) of an outcome. Attackers who die in
# their own attack ("perpetrators") are no party to the toll: "5 civilians and 2 attackers
# killed" is a total of 5 (reconcile/headline.py).
PARTY_GROUPS = ("civilians", "security_forces", "armed_group")
# Categories that account for less than this share of a stated total are flagged.
FAR_SHARE = 0.75

Entry = tuple[int, Claim, Bounds]


@dataclass(frozen=True)
class Figure:
    """One source's figure for one outcome and group, as given in one report."""

    outcome: str
    group: str
    bounds: Bounds
    source_key: str
    source_label: str
    document_id: DocumentId
    published: dt.date | None
    claim_ids: tuple[int, ...]
    derived: bool = False


def report_figures(report: Report, ids: set[int],
                   book: SourceBook) -> tuple[list[Figure], list[str]]:
    """The figures and consistency flags of a report, over its claims whose id is in ids."""
    sole = book.sole(report)
    entries: dict[tuple[str, str], dict[str, list[Entry]]] = defaultdict(lambda: defaultdict(list))
    floors: dict[tuple[str, str, str], int] = defaultdict(int)
    parts: dict[tuple[str, str, str], list[Entry]] = defaultdict(list)
    labels: dict[str, str] = {}
    for pos, (cid, claim) in enumerate(report.claims):
        if cid not in ids or claim.status == "superseded":
            continue
        key, label = book.of(claim, report, sole)
        labels.setdefault(key, label)
        b = bounds_of(claim.count)
        if _is_breakdown(report, pos, claim):
            cell = (claim.outcome, claim.group, key)
            floors[cell] = max(floors[cell], b.low)
            parts[cell].append((cid, claim, b))
        else:
            entries[(claim.outcome, claim.group)][key].append((cid, claim, b))
    _promote_lone_parts(entries, parts)
    figures: list[Figure] = []
    for (outcome, group), by_source in sorted(entries.items()):
        _fold_outlet(by_source)
        for key in sorted(by_source):
            bounds, cids, part_lows = _pick(by_source[key])
            floor = max([floors[(outcome, group, key)], *part_lows])
            if bounds.low < floor <= bounds.best:  # (a floor at or below low changes nothing)
                bounds = replace(bounds, low=floor)
            figures.append(Figure(outcome, group, bounds, key, labels[key], report.document_id,
                                  report.published, cids))
    figures = _drop_local(figures, report)
    figures, flags = _derive_totals(figures, report)
    return figures, flags + _part_of_flags(report, ids)


def _promote_lone_parts(entries: dict[tuple[str, str], dict[str, list[Entry]]],
                        parts: dict[tuple[str, str, str], list[Entry]]) -> None:
    """A source's subgroup figures stand for its group when it gives no figure of the group.

    "A man was killed" (subgroup "man") is the whole civilian toll of a report that says
    nothing else; without this, a report made only of such figures had no toll at all.
    """
    for (outcome, group, key), found in parts.items():
        if not entries[(outcome, group)].get(key):
            entries[(outcome, group)][key] = list(found)


def _fold_outlet(by_source: dict[str, list[Entry]]) -> None:
    """Fold the report's own figures into a named source's figure that they restate.

    A headline "Death toll surpasses 1,000" over "has surpassed 1,000, the Observatory
    said" is the Observatory's figure, not the outlet's independent count.
    """
    named = sorted(k for k in by_source if not is_outlet(k))
    for key in [k for k in by_source if is_outlet(k)]:
        kept: list[Entry] = []
        for entry in by_source[key]:
            home = next((n for n in named if compatible(entry[2], _head(by_source[n])[2])), None)
            (by_source[home] if home else kept).append(entry)
        if kept:
            by_source[key] = kept
        else:
            del by_source[key]


def _head(entries: list[Entry]) -> Entry:
    """A source's lead figure in a report: the largest, most specific on a tie."""
    return max(entries, key=lambda e: (e[2].best, -e[2].rank, -e[0]))


def _is_breakdown(report: Report, pos: int, claim: Claim) -> bool:
    """Whether a claim narrows a figure of its own group (a subgroup or a named part of it)."""
    if claim.subgroup:
        return True
    parent = _parent(report, pos, claim)
    return parent is not None and (parent.outcome, parent.group) == (claim.outcome, claim.group)


def _parent(report: Report, pos: int, claim: Claim) -> Claim | None:
    """The claim this one is part_of: part_of is a position in the report's claim list."""
    p = claim.part_of
    if p is None or p == pos or not 0 <= p < len(report.claims):
        return None
    return report.claims[p][1]


def _pick(entries: list[Entry]) -> tuple[Bounds, tuple[int, ...], list[int]]:
    """One source's figure: the largest, restated as specifically as the report allows.

    Figures compatible with the largest restate it and the most specific wording wins
    (745 over "nearly 750"), an attributed one first: a headline's "1,000" folded in from
    the outlet's voice does not override "has surpassed 1,000, the Observatory said".
    Smaller incompatible figures are phases or places of it.
    """
    head = _head(entries)
    same = [e for e in entries if compatible(e[2], head[2])]
    chosen = min(same, key=lambda e: (e[1].source is None, e[2].rank, -e[2].best, e[0]))
    parts = [e[2].low for e in entries if e not in same]
    return chosen[2], tuple(sorted(e[0] for e in same)), parts


def _drop_local(figures: list[Figure], report: Report) -> list[Figure]:
    """Drop a source's smaller figure when it names a narrower place than the report's lead.

    "31 were buried in Tuwaym, the village council said" beside a national toll of 1,000 is
    a part of that toll, not a rival estimate of it.
    """
    claims = dict(report.claims)
    lead: dict[tuple[str, str], Figure] = {}
    for f in figures:
        cur = lead.get((f.outcome, f.group))
        if cur is None or f.bounds.best > cur.bounds.best:
            lead[(f.outcome, f.group)] = f
    kept = []
    for f in figures:
        top = lead[(f.outcome, f.group)]
        local = f is not top and not compatible(f.bounds, top.bounds) and _narrower(
            claims[f.claim_ids[0]], claims[top.claim_ids[0]])
        if not local:
            kept.append(f)
    return kept


def _narrower(claim: Claim, lead: Claim) -> bool:
    """Whether claim is located more narrowly than lead."""
    if claim.place is None or not claim.place.name:
        return False
    if lead.place is None:
        return True
    if claim.place.name.lower() == lead.place.name.lower():
        return False
    return (claim.place.precision or 1) <= (lead.place.precision or 6)


def _derive_totals(figures: list[Figure], report: Report) -> tuple[list[Figure], list[str]]:
    """Derive or check each source's total from its party groups; flag sums that disagree."""
    by_cell: dict[tuple[str, str], dict[str, Figure]] = defaultdict(dict)
    for f in figures:
        by_cell[(f.outcome, f.source_key)][f.group] = f
    out = [f for f in figures if f.group != "total"]
    flags: list[str] = []
    for (outcome, _key), groups in sorted(by_cell.items()):
        parts = [groups[g] for g in PARTY_GROUPS if g in groups]
        total = groups.get("total")
        if total is None:
            if parts:
                out.append(_sum_figure(parts, outcome))
            continue
        if len(parts) >= 2:
            total, flag = _check_total(total, parts, report)
            flags.extend([flag] if flag else [])
        out.append(total)
    out.sort(key=lambda f: (f.outcome, f.group, f.source_key))
    return out, flags


def _sum_figure(parts: list[Figure], outcome: str) -> Figure:
    """A total (all parties) that a source gives only as its groups: at least their sum.

    "Five civilians were killed" says nothing of other parties, so the sum is a floor with no
    ceiling, and it defers to any stated total that agrees with it.
    """
    b = Bounds(sum(p.bounds.low for p in parts), sum(p.bounds.best for p in parts), None,
               max(SPECIFICITY["at_least"], *(p.bounds.rank for p in parts)))
    ids = tuple(sorted({i for p in parts for i in p.claim_ids}))
    return replace(parts[0], group="total", bounds=b, claim_ids=ids, derived=True,
                   outcome=outcome)


def _check_total(total: Figure, parts: list[Figure], report: Report) -> tuple[Figure, str]:
    """Compare a stated total with the sum of its groups; derive best when the sum fits it."""
    tb, s = total.bounds, sum(p.bounds.best for p in parts)
    exact = all(p.bounds.rank == 0 for p in parts)
    desc = " + ".join(f"{p.bounds.best} {p.group}" for p in parts)
    where = f"{total.outcome}, {total.source_label}, report {report.document_id}"
    ids = tuple(sorted({*total.claim_ids, *(i for p in parts for i in p.claim_ids)}))
    if exact and tb.rank > 0 and tb.contains(s):
        high = s if tb.high is None else max(tb.high, s)
        derived = replace(total, bounds=Bounds(tb.low, s, high, 0), claim_ids=ids, derived=True)
        return derived, f"total_from_parts: {where}: {desc} = {s} within stated {_say(tb)}"
    if tb.high is not None and s > tb.high:
        widened = replace(total, bounds=replace(tb, high=s), claim_ids=ids)
        return widened, f"parts_above_total: {where}: {desc} = {s} > stated {_say(tb)}"
    if s < FAR_SHARE * tb.best:
        return total, f"parts_far_from_total: {where}: {desc} = {s} vs stated {_say(tb)}"
    return total, ""


def _part_of_flags(report: Report, ids: set[int]) -> list[str]:
    """Flag named parts (part_of) whose sum exceeds the figure they are parts of."""
    children: dict[int, dict[tuple[str, str | None], int]] = defaultdict(dict)
    for pos, (cid, claim) in enumerate(report.claims):
        if cid in ids and claim.part_of is not None and claim.status != "superseded":
            if _parent(report, pos, claim) is None:
                continue
            kinds = children[claim.part_of]
            kind = (claim.group, claim.subgroup)
            # restatements of one part ("nearly 750", "745") count once, at their largest
            kinds[kind] = max(kinds.get(kind, 0), claim.count.best)
    flags = []
    for ppos, kinds in sorted(children.items()):
        pid, parent = report.claims[ppos]
        pb = bounds_of(parent.count)
        if pid in ids and pb.high is not None and sum(kinds.values()) > pb.high:
            flags.append(f"parts_above_total: claim {pid} ({_say(pb)}) has parts summing to "
                         f"{sum(kinds.values())} in report {report.document_id}")
    return flags


def _say(b: Bounds) -> str:
    """A figure as words: "at least 1000", "745", "675-750"."""
    if b.high is None:
        return f"at least {b.low}"
    return str(b.best) if b.low == b.high else f"{b.best} ({b.low}-{b.high})"
