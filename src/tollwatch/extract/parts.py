"""Breakdowns and sums: which claim is part of which, and totals of conjoined figures.

"31 victims including nine children and four women": 9 and 4 are parts of 31.
"among the casualties were 745 civilians ...": parts of the toll just stated.
"five rebels and one soldier were killed": a total of 6 with two parts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.tokens import Token

from tollwatch.extract.mentions import multiplied_event, people_hit
from tollwatch.extract.outcomes import FATAL_SHARE, SHOT_UNSTATED, TAKEN_TO_CARE
from tollwatch.lexicon import words
from tollwatch.model import Claim, Count, Evidence, Qualifier

SHOT_SPLIT = "shot_split"  # a "were shot" figure already split into its dead and injured

_PART_PREPS = frozenset(("including", "among", "incl", "include", "includes"))
_ADDED_PREPS = _PART_PREPS | frozenset(("alongside", "besides", "plus", "with", "like"))


@dataclass
class Built:
    """A claim under construction, with the tokens the part rules need."""

    claim: Claim
    anchor: Token
    number: Token
    sentence: int
    via_among: bool = False  # introduced by "among the dead were ..."
    implicit: bool = False
    paren: Built | None = None  # "15 died (13 civilians)": the claim in front of the bracket
    joined: Built | None = None  # coordinated with this claim though the parse lost it
    rule: str = ""  # the outcome rule that read this claim (outcomes.SHOT_UNSTATED, ...)
    hit: int | None = None  # a split "were shot" figure: everyone hit, before the dead left


def _part_parent(anchor: Token) -> Token | None:
    """The token a figure breaks down: the head of its 'including' / 'of whom' phrase."""
    tok = anchor
    for _ in range(4):
        if tok.dep_ == "conj":
            tok = tok.head
            continue
        if tok.dep_ == "pobj" and tok.head.lower_ in _PART_PREPS:
            return tok.head.head
        if tok.dep_ in ("dobj", "attr") and tok.head.lemma_ == "include":
            subj = [c for c in tok.head.children if c.dep_ == "nsubj"]
            return subj[0] if subj else None
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.lower_ in ("them", "whom",
                                                                             "those", "these"):
            return None
        return None
    return None


def link_parts(built: list[Built]) -> None:
    """Set part_of inside a sentence ("including") and across ("among the casualties were")."""
    by_token = {b.anchor.i: n for n, b in enumerate(built)}
    by_token.update({b.number.i: n for n, b in enumerate(built) if b.number.i not in by_token})
    for n, b in enumerate(built):
        if b.paren is not None:
            b.claim.part_of = built.index(b.paren)
            continue
        parent_tok = _part_parent(b.anchor)
        if parent_tok is not None:
            idx = _claim_near(parent_tok, by_token)
            if idx is not None and idx != n and built[idx].claim.count.best >= b.claim.count.best:
                b.claim.part_of = idx
                continue
        if b.via_among or _is_of_them(b.anchor):
            idx = _latest_total(built, n)
            if idx is not None:
                b.claim.part_of = idx
                continue
        if b.claim.group == "civilians" and b.claim.subgroup and b.claim.part_of is None:
            idx = _latest_plain(built, n)
            if idx is not None:
                b.claim.part_of = idx


def _claim_near(tok: Token, by_token: dict[int, int]) -> int | None:
    """The claim whose anchor is tok, or whose anchor hangs on tok (a verb such as 'surpassed')."""
    if tok.i in by_token:
        return by_token[tok.i]
    for child in tok.children:
        if child.i in by_token and child.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "pobj"):
            return by_token[child.i]
    for child in tok.children:
        if child.dep_ == "prep":
            for pobj in child.children:
                if pobj.i in by_token:
                    return by_token[pobj.i]
    return None


def _is_of_them(anchor: Token) -> bool:
    """ "three of them were children", "including two of the dead"."""
    for child in anchor.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            return any(c.lower_ in ("them", "whom", "those", "these") for c in child.children)
    return False


def _latest_total(built: list[Built], n: int) -> int | None:
    me = built[n].claim
    for k in range(n - 1, -1, -1):
        c = built[k].claim
        if built[k].sentence < built[n].sentence and c.outcome == me.outcome and \
                c.group == "total" and c.part_of is None and c.status == "current" and \
                c.count.best >= me.count.best:
            return k
    return None


def _latest_plain(built: list[Built], n: int) -> int | None:
    """The latest earlier civilians claim without a subgroup that this subgroup narrows."""
    me = built[n].claim
    for k in range(n - 1, -1, -1):
        c = built[k].claim
        if built[k].sentence < built[n].sentence and c.outcome == me.outcome and \
                c.group == "civilians" and c.subgroup is None and c.count.best > me.count.best \
                and c.status == "current" and c.source == me.source:
            return k
    return None


def split_shot_totals(built: list[Built]) -> None:
    """ "Four people were shot, three fatally": the four are everyone hit, so the injured are
    the four less the dead counted among them (1). The dead are among them when they follow in
    the same sentence, or are a share of them later ("two of them died")."""
    for n, b in enumerate(built):
        if b.rule != SHOT_UNSTATED or b.implicit:
            continue  # under the victims reading a bare "shot" reads killed: a share undoes it
        hit = b.claim.count
        told = built if multiplied_event(b.anchor) else built[n + 1:]
        dead = sum(d.claim.count.best for d in told if d is not b and _dead_among(d, b))
        if 0 < dead <= hit.best:
            b.claim.outcome = "injured"
            b.claim.count = _less(hit, dead)
            b.rule, b.hit = SHOT_SPLIT, hit.best
    _split_retold(built)


def _split_retold(built: list[Built]) -> None:
    """ "Four shot" (a title) over "Four people were shot, one fatally": a bare figure of
    people shot that another sentence splits into its dead and hurt is split alike."""
    split = [b for b in built if b.rule == SHOT_SPLIT and b.hit is not None]
    for b in built:
        if b.rule != SHOT_UNSTATED or b.implicit or b.claim.outcome != "injured":
            continue
        same = [s for s in split if s.sentence != b.sentence and s.hit == b.claim.count.best]
        if same:
            b.claim.count = replace(b.claim.count, low=same[0].claim.count.low,
                                    best=same[0].claim.count.best, high=same[0].claim.count.high)
            b.rule, b.hit = SHOT_SPLIT, same[0].hit


# Hurt with the fate left unsaid: "was shot", "was rushed to the hospital".
_FATE_UNSTATED = (SHOT_UNSTATED, TAKEN_TO_CARE)


def settle_shot_fates(built: list[Built]) -> None:
    """Shot figures whose fate the page tells in other sentences (news of one shooting).

    "The victim was shot in the chest" on a page that says elsewhere that he died is the dead
    man again, not a survivor: a lone person shot with no fate stated is left out when another
    sentence reports a death, and so are "all four were shot in the head" beside "four were
    found dead". "Five people were shot. One of them died." is split above;
    "Five people were shot ... a 19-year-old died" leaves the five less the dead as injured.
    """
    dead = [b for b in built if b.claim.outcome == "killed" and b.claim.status == "current"
            and b.claim.part_of is None and b.claim.group != "perpetrators"]
    drop = [b for b in built if _hurt_then_dead(b, dead)]
    for b in built:
        if b.rule not in _FATE_UNSTATED or b.claim.outcome != "injured" or \
                b.claim.part_of is not None:
            continue
        elsewhere = [d.claim.count.best for d in dead if d.sentence != b.sentence]
        if not elsewhere:
            continue
        hit = b.claim.count
        if hit.best <= 1 or max(elsewhere) >= hit.best:
            drop.append(b)  # "all four were shot in the head" beside "four killed": the dead
        else:
            b.claim.count = _less(hit, max(elsewhere))
    _remove(built, drop)


def _hurt_then_dead(b: Built, dead: list[Built]) -> bool:
    """ "She was taken to hospital in critical condition ... she later died", "Felder was wounded
    in the head ... Felder died": one person hurt, then dead, on a page whose only death is one
    person: the hurt one is the dead one when named again, or told of as "he", "she", "the
    victim" (never "another", "a second man": someone new)."""
    if not (b.implicit and b.claim.outcome == "injured" and b.claim.part_of is None):
        return False
    others = [d for d in dead if d.sentence != b.sentence]
    if not others or any(d.claim.count.best > 1 for d in dead):
        return False
    return _same_person(b.anchor, others)


def _same_person(anchor: Token, dead: list[Built]) -> bool:
    """Whether a lone hurt person is told of as someone already known, or by a name the dead
    are given."""
    if anchor.lower_ in words("parts_known_person_pronouns"):
        return True
    if anchor.pos_ == "PROPN":
        return any(anchor.text in d.anchor.sent.text for d in dead)
    dets = {c.lower_ for c in anchor.children if c.dep_ == "det"}
    return dets == {"the"} and not any(c.lower_ in words("parts_new_person_words")
                                       for c in anchor.children)


def _less(count: Count, dead: int) -> Count:
    """The people hit less the dead among them: the injured."""
    return replace(count, low=max(count.low - dead, 0), best=count.best - dead,
                   high=None if count.high is None else max(count.high - dead, 0))


def _remove(built: list[Built], drop: list[Built]) -> None:
    """Take claims out, keeping every part_of index pointing at the same claim."""
    if not drop:
        return
    old = list(built)
    keep = [b for b in old if not any(b is d for d in drop)]
    new_index = {id(b): n for n, b in enumerate(keep)}
    for b in keep:
        if b.claim.part_of is not None:
            parent = old[b.claim.part_of]
            b.claim.part_of = new_index.get(id(parent))
    built[:] = keep


def _dead_among(dead: Built, hit: Built) -> bool:
    """Whether a killed figure counts some of the people of a 'were shot' figure."""
    c = dead.claim
    if c.outcome != "killed" or c.part_of is not None or c.status != "current" or \
            c.count.best > hit.claim.count.best or c.count.qualifier == "vague":
        return False
    if dead.sentence == hit.sentence:
        # "4 Shot, 2 Killed": in a headline pair the dead after the shot are among them
        return dead.rule == FATAL_SHARE or _is_of_them(dead.anchor) or \
            people_hit(hit.anchor) and (dead.anchor.i > hit.anchor.i
                                        or multiplied_event(hit.anchor))
    return dead.sentence <= hit.sentence + 2 and _is_of_them(dead.anchor)


def conj_groups(built: list[Built]) -> list[list[int]]:
    """Indices of claims whose anchors are conjoined in one sentence ("X and Y were killed")."""
    index = {b.anchor.i: n for n, b in enumerate(built)}
    groups: dict[int, list[int]] = {}
    for n, b in enumerate(built):
        root = b.anchor
        while root.dep_ == "conj" and root.head.i in index:
            root = root.head
        has_conj = any(c.dep_ == "conj" and c.i in index for c in b.anchor.children)
        if root.i != b.anchor.i or has_conj:
            groups.setdefault(index[root.i], []).append(n)
    for n, b in enumerate(built):
        if b.joined is not None and b.joined in built:
            k = built.index(b.joined)
            key = next((r for r, g in groups.items() if k in g), k)
            groups.setdefault(key, [k]).append(n)
    found = _merge_siblings([sorted(set(g)) for g in groups.values() if len(set(g)) > 1], built)
    return found + _additions(built, {n for g in found for n in g})


_SIBLING_DEPS = frozenset(("nsubj", "nsubjpass", "dobj", "attr"))


def _partitive(b: Built) -> bool:
    """ "232 wounded, 180 of them by live fire": a share of another figure, not a list member."""
    return any(c.dep_ == "prep" and c.lower_ == "of" and
               any(g.lower_ in ("them", "those", "whom", "these") for g in c.children)
               for c in b.anchor.children)


def _merge_siblings(found: list[list[int]], built: list[Built]) -> list[list[int]]:
    """Figures the parser hung side by side on one verb ("745 civilians, 125 members ... and 148
    militants were killed" parsed as two subjects) belong to the same list."""
    owner = {n: k for k, g in enumerate(found) for n in g}
    merged = [set(g) for g in found]
    for n, b in enumerate(built):
        for m in range(n + 1, len(built)):
            if _siblings(b, built[m]):
                _join(merged, owner, n, m)
    return [sorted(g) for g in merged if len(g) > 1]


def _siblings(b: Built, other: Built) -> bool:
    """Two figures in one role on one head of a sentence, neither implicit nor a share."""
    same_place = other.sentence == b.sentence and other.anchor.head == b.anchor.head and \
        b.anchor.dep_ in _SIBLING_DEPS and other.anchor.dep_ == b.anchor.dep_
    return same_place and not (b.implicit or other.implicit or _partitive(b) or
                               _partitive(other))


def _join(merged: list[set[int]], owner: dict[int, int], n: int, m: int) -> None:
    """Put claims n and m in one list, emptying the list m was in if it was another."""
    k = owner.get(n, owner.get(m))
    if k is None:
        merged.append({n, m})
        k = len(merged) - 1
    merged[k] |= {n, m} | (merged[owner[m]] if m in owner and owner[m] != k else set())
    if m in owner and owner[m] != k:
        merged[owner[m]] = set()
    for x in merged[k]:
        owner[x] = k


def _additions(built: list[Built], grouped: set[int]) -> list[list[int]]:
    """ "The governor was killed along with eight others": the others add to the named one."""
    out = []
    for n, b in enumerate(built):
        anchor = b.anchor
        if n in grouped or anchor.lemma_.lower() != "other" or anchor.dep_ != "pobj":
            continue
        prep = anchor.head
        if prep.lower_ not in ("with", "alongside", "besides", "plus"):
            continue
        verb = prep.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head != verb:
            verb = verb.head
        for k, other in enumerate(built):
            if k != n and other.sentence == b.sentence and other.claim.outcome == b.claim.outcome \
                    and other.anchor.head == verb and other.anchor.dep_ in ("nsubj", "nsubjpass",
                                                                            "dobj"):
                out.append(sorted((k, n)))
                break
    return out


def _restated(claims: list[Claim], text: str) -> bool:
    """ "20 dead in air raids At least 20 people ..." (a title run into its lead) restates one
    figure; "13 civilians among them seven children" breaks one down: neither is a list, and
    no "and" joins them ("a mayor and his secretary", "two leaders and two other men" do)."""
    spans = sorted((c.evidence.start, c.evidence.end) for c in claims)
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        between = text[end:start]
        if re.search(r"\b(?:among|including|of)\s+(?:them|whom)\b", between, re.I) or \
                not re.search(r"\b(?:and|as\s+well\s+as|plus|with)\b|,", between, re.I):
            return True
    return False


def add_sums(built: list[Built], text: str) -> list[Built]:
    """A total claim for conjoined figures of different groups with the same outcome."""
    out = list(built)
    for group in conj_groups(built):
        members = [built[i] for i in group]
        claims = [m.claim for m in members]
        if not _adds_up(members, text):
            continue
        parent = len(out)
        for c in claims:
            c.part_of = parent
        out.append(Built(_total_of(claims, text), members[0].anchor, members[0].number,
                         members[0].sentence, implicit=all(m.implicit for m in members)))
    return out


def _adds_up(members: list[Built], text: str) -> bool:
    """Whether conjoined figures are a list to sum: none already a part (of an earlier sum, too),
    no additions to another figure, one outcome, no vague figure, not one figure restated."""
    claims = [m.claim for m in members]
    if any(c.part_of is not None for c in claims) or _added_to(members[0].anchor):
        return False
    if len({c.outcome for c in claims}) != 1:
        return False
    return not any(c.count.qualifier == "vague" for c in claims) and not _restated(claims, text)


def _added_to(root: Token) -> bool:
    """ "428 killed, alongside 120 fighters and 89 police": additions, not a list."""
    return root.dep_ == "pobj" and root.head.lower_ in _ADDED_PREPS and \
        root.lemma_.lower() != "other"


def _total_of(claims: list[Claim], text: str) -> Claim:
    """The first claim made a total: the sum of the counts, evidence from first to last."""
    first = min((c.evidence for c in claims), key=lambda e: e.start)
    last = max((c.evidence for c in claims), key=lambda e: e.end)
    count = _sum_counts([c.count for c in claims], text[first.start:last.end])
    return replace(claims[0], count=count, group="total", subgroup=None, part_of=None,
                   evidence=Evidence(first.start, last.end, first.sentence,
                                     first.sentence_start))


def _sum_counts(counts: list[Count], text: str) -> Count:
    """Bounds added up; open above if any part is, "at least" if any part is."""
    high = None if any(c.high is None for c in counts) else sum(c.high or 0 for c in counts)
    qualifier: Qualifier = "at_least" if any(c.qualifier == "at_least" for c in counts) \
        else "exact"
    return Count(low=sum(c.low for c in counts), best=sum(c.best for c in counts), high=high,
                 qualifier=qualifier, text=text)
