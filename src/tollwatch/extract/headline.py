"""Headline killed / injured figures of a document, computed from its claims.

``all``: everyone harmed except attackers who died in their own attack (ACLED-like).
``victims``: noncombatant victims only (WAD-like): security forces and armed groups are taken
out, including parts broken out of a total ("15 killed including one soldier" -> 14), and where
sources disagree the highest figure wins. In ``all`` the figure the article leads with wins.
"""

from __future__ import annotations

from tollwatch.model import Claim, HeadlineMode

_NONVICTIM = frozenset(("security_forces", "armed_group", "perpetrators"))


def _value(claims: list[Claim], n: int, mode: HeadlineMode) -> int:
    """A claim's best figure minus the parts the mode leaves out."""
    parts = [c for c in claims if c.part_of == n and c.status == "current"]
    if mode == "victims":
        # "11 people, including seven civilians": the civilians are the victims
        civilians = [c.count.best for c in parts if c.group == "civilians" and c.subgroup is None]
        if civilians and claims[n].group == "total":
            return max(civilians)
    drop = {"perpetrators"} if mode == "all" else _NONVICTIM
    minus = sum(c.count.best for c in parts if c.group in drop)
    return max(claims[n].count.best - minus, 0)


def _lead_first(claims: list[Claim], cands: list[int], lead: tuple[int, ...]) -> list[int]:
    """Where sources disagree, the figure the article leads with: claims of the first lead
    span that has any (``lead`` holds span ends, narrowest first), plus later claims that
    update or pin down a lead figure ("the toll has risen to 25"; "about 40" then "43 died")."""
    for end in lead:
        first = [n for n in cands if claims[n].evidence.start < end]
        if first:
            later = [n for n in cands if n not in first and (
                claims[n].why.get("status") == "update"
                or _refines(claims[n], [claims[k] for k in first]))]
            return first + later
    return cands


def _refines(claim: Claim, lead: list[Claim]) -> bool:
    """An exact later figure inside the bounds of an open lead figure ("more than 40" -> 43)."""
    if claim.count.qualifier != "exact":
        return False
    return any(c.count.qualifier in ("at_least", "approx") and c.group == claim.group
               and c.count.low <= claim.count.best <= _ceiling(c) for c in lead)


def _ceiling(claim: Claim) -> float:
    if claim.count.high is not None:
        return claim.count.high
    return claim.count.best


def headline(claims: list[Claim], outcome: str, mode: HeadlineMode = "all",
             implicit: frozenset[int] = frozenset(), lead: tuple[int, ...] = ()) -> int | None:
    """Best estimate of people with this outcome, or None when the text states nothing.

    Only claims about the article's main event (scope "event") count; ``lead`` holds where
    the title and lead stop (see extract.scope), whose figures win when sources disagree."""
    cands = _event_figures(claims, outcome, mode)
    if not cands:
        return _from_parts(claims, outcome, mode)
    cands = _affirmed(claims, cands)
    stated = [n for n in cands if claims[n].count.qualifier != "vague"]
    if not stated:
        return min(claims[n].count.low for n in cands)  # "dozens were killed": the least it says
    explicit = [n for n in stated if n not in implicit]
    if explicit:
        # WAD coders take the highest credible toll; other sets the one the article leads with
        stated = explicit if mode == "victims" else _lead_first(claims, explicit, lead)
    return _combined(claims, stated, mode)


# The groups a headline counts under each mode (see the module docstring).
_VICTIM_GROUPS = frozenset(("total", "civilians"))
_ALL_GROUPS = frozenset(("total", "civilians", "security_forces", "armed_group"))


def _event_figures(claims: list[Claim], outcome: str, mode: HeadlineMode) -> list[int]:
    """The current top-level figures of the main event with this outcome, in a counted group."""
    keep = _VICTIM_GROUPS if mode == "victims" else _ALL_GROUPS
    return [n for n, c in enumerate(claims) if c.outcome == outcome and c.status == "current"
            and c.group in keep and c.part_of is None and c.scope == "event"]


def _affirmed(claims: list[Claim], cands: list[int]) -> list[int]:
    """ "denied that 200 were killed ... confirmed 18": a denied figure only when nothing else."""
    return [n for n in cands if claims[n].why.get("status") != "denied"] or cands


def _combined(claims: list[Claim], cands: list[int], mode: HeadlineMode) -> int:
    """The largest total, or the sum of the groups' largest figures when that is more."""
    totals = [_value(claims, n, mode) for n in cands if claims[n].group == "total"]
    by_group: dict[str, int] = {}
    for n in cands:
        g = claims[n].group
        if g != "total":
            by_group[g] = max(by_group.get(g, 0), _value(claims, n, mode))
    return max(max(totals, default=0), sum(by_group.values()))


def _from_parts(claims: list[Claim], outcome: str, mode: HeadlineMode) -> int | None:
    """Victims broken out of a total that itself is left out (rare): their sum, else None."""
    if mode != "victims":
        return None
    parts = [c for c in claims if c.outcome == outcome and c.status == "current"
             and c.group == "civilians" and c.part_of is not None and c.scope == "event"]
    return max((c.count.best for c in parts), default=None)
