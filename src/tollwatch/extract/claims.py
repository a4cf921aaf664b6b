"""Claims of one parsed document: figures -> outcome, group, source, status, parts."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from spacy.tokens import Doc, Span, Token

from tollwatch.extract.groups import find_group
from tollwatch.extract.mentions import (
    Mention,
    doc_text,
    explicit_zeros,
    find_mentions,
    implicit_singulars,
    multiple_mentions,
)
from tollwatch.extract.outcomes import Trigger, find_outcome, read_as, surface_outcome
from tollwatch.extract.parts import (
    Built,
    add_sums,
    link_parts,
    settle_shot_fates,
    split_shot_totals,
)
from tollwatch.extract.sources import (
    attribution,
    carries_over,
    is_vague_source,
    plain_source,
    starts_afresh,
)
from tollwatch.extract.status import find_status, is_denied, is_update
from tollwatch.lexicon import table, words
from tollwatch.model import Claim, Count, Evidence, HeadlineMode, Outcome

EXTRACTOR = "tollwatch-extract/0.1"
_SINGULAR_OUTCOMES = frozenset(("killed", "injured", "abducted", "missing"))


def _paragraph_starts(text: str) -> list[int]:
    """Character offsets where a paragraph (a line of its own) begins."""
    starts = [0]
    pos = text.find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts


def _paragraph(starts: list[int], offset: int) -> int:
    lo, hi = 0, len(starts)
    while lo + 1 < hi:
        mid = (lo + hi) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid
    return lo


def _in_brackets(m: Mention, sent: Span) -> bool:
    return doc_text(sent.doc)[max(0, m.figure.start - 2):m.figure.start].strip().endswith("(")


def _singular_ok(m: Mention, trigger: Trigger) -> bool:
    """Whether an implicit singular ("a farmer", "he") really is the one harmed."""
    if trigger.weak or trigger.outcome not in _SINGULAR_OUTCOMES:
        return False  # "he fled" is a life story, "a suspect was arrested" is not harm
    if _collection(m.anchor) and not m.person_like:
        return False  # "seized a new string of villages and abducted ...": no one person
    if _denied_or_felt(trigger.token):
        return False
    own = trigger.token == m.anchor.head or trigger.token.head == m.anchor
    if trigger.token.dep_ == "amod" and trigger.token.i > m.anchor.i and not m.person_like:
        return False  # "a sharp increase from the estimate of 200 dead": a misattached adjective
    if m.anchor.dep_ == "nsubj" and not own and not (
            trigger.token.head == m.anchor.head and trigger.token.pos_ in ("ADJ", "ADP", "ADV")):
        return False  # "The latest crisis includes the murder of 14": the subject is no victim
    # an unknown noun is a victim only when the outcome word governs it
    return m.person_like or own or m.clause_head in (trigger.token, trigger.token.head) or \
        m.anchor.head.head == trigger.token


def _denied_or_felt(verb: Token) -> bool:
    """ "The other boy was not hurt": no harm; "it hurt my heart", "did not mean to hurt him":
    a feeling or an intent, not an injury (an active "hurt" of one person)."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    return verb.lemma_.lower() in words("claims_feeling_verbs") and \
        not any(c.dep_ == "auxpass" for c in verb.children) and verb.tag_ != "VBN"


@cache
def _headlinese() -> tuple[dict[str, str], re.Pattern[str]]:
    outcome_of = {row["word"]: row["outcome"] for row in table("headline_outcomes")}
    alt = "|".join(sorted(outcome_of))
    # "[10 civilians] killed 15 injured", "[Seven] killed 37 others injured": two pairs in a row
    pattern = re.compile(rf"(?:\s+[a-z]+)?\s+({alt})\s+(?:\d+|[a-z]+)(?:\s+[a-z]+)?\s+(?:{alt})\b",
                         re.IGNORECASE)
    return outcome_of, pattern


def second_of_pair(text: str, start: int, end: int) -> Outcome | None:
    """ "Two dead [twenty] injured": a figure between two outcome words takes the one after it."""
    outcome_of, _ = _headlinese()
    # the word before must itself follow a figure: "Two dead [twenty]", not "killed [12] people"
    before = re.search(r"(?:\b\d+|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
                       r"twelve|[a-z]+teen|[a-z]+ty))(?:\s+[a-z]+)?\s+([a-z]+)\s+$",
                       text[max(0, start - 40):start], re.IGNORECASE)
    after = re.match(r"(?:\s+(?:others?|people|persons|civilians))?\s+([a-z]+)\b",
                     text[end:end + 30], re.IGNORECASE)
    if before and after and before.group(1).lower() in outcome_of:
        return outcome_of.get(after.group(1).lower())  # type: ignore[return-value]
    return None


def headlinese_outcome(text: str, end: int) -> Outcome | None:
    """The outcome of a figure in a comma-less headline pair ("Seven killed 37 others injured"),
    where the parse takes the first figure for the subject of an active verb."""
    outcome_of, pattern = _headlinese()
    m = pattern.match(text, end, min(len(text), end + 60))
    return outcome_of[m.group(1).lower()] if m else None  # type: ignore[return-value]


def _collection(tok: Token) -> bool:
    """ "a string of villages", "a series of raids": a singular noun that names many things."""
    return any(c.dep_ == "prep" and c.lower_ == "of" and any(
        g.dep_ == "pobj" and g.tag_ in ("NNS", "NNPS") for g in c.children) for c in tok.children)


# A reading of a figure's outcome: a Trigger, or None to let the next reading try. ``fallback``
# is the outcome of the claim before it, for a figure that shares it.
OutcomeReading = Callable[[Mention, Span, "Outcome | None"], "Trigger | None"]


def _pair_reading(m: Mention, sent: Span, fallback: Outcome | None) -> Trigger | None:
    """ "Two dead [twenty] injured": a figure between two outcome words takes the one after it."""
    second = None if m.implicit else second_of_pair(doc_text(sent.doc), m.figure.start,
                                                    m.figure.end)
    return Trigger(second, m.anchor) if second is not None else None


def _parse_reading(m: Mention, sent: Span, fallback: Outcome | None) -> Trigger | None:
    """The outcome word governs the figure on the parse."""
    return find_outcome(m.anchor, m.noun)


def _surface_reading(m: Mention, sent: Span, fallback: Outcome | None) -> Trigger | None:
    """The outcome word stands next to the figure (read strong, whatever surface_outcome says)."""
    found = None if m.implicit else surface_outcome(m.anchor, m.noun)
    return Trigger(found.outcome, found.token) if found is not None else None


def _carried_reading(m: Mention, sent: Span, fallback: Outcome | None) -> Trigger | None:
    """A bracket or a conjunct takes the outcome of the claim before it."""
    return Trigger(fallback, m.anchor) if fallback is not None else None


def _headlinese_reading(m: Mention, sent: Span, fallback: Outcome | None) -> Trigger | None:
    """ "Seven killed 37 others injured": a comma-less headline pair."""
    if m.implicit:
        return None
    last = m.noun or m.number
    pair = headlinese_outcome(doc_text(sent.doc), last.idx + len(last.text))
    return Trigger(pair, m.anchor) if pair else None


# In order, the first reading that finds an outcome decides; the name is the rule the claim's
# ``why`` records.
READINGS: tuple[tuple[str, OutcomeReading], ...] = (
    ("headline pair", _pair_reading),
    ("parse", _parse_reading),
    ("surface", _surface_reading),
    ("carried", _carried_reading),
    ("headline pair", _headlinese_reading),
)


def _read_outcome(m: Mention, sent: Span,
                  fallback: Outcome | None) -> tuple[str, Trigger] | None:
    """The first reading's outcome for a mention, with the reading's name."""
    for rule, reading in READINGS:
        trigger = reading(m, sent, fallback)
        if trigger is not None:
            return rule, trigger
    return None


def _claim(m: Mention, sent: Span, source: str | None, fallback: Outcome | None = None,
           reading: HeadlineMode = "all") -> tuple[Claim, bool, str] | None:
    """One mention -> a claim, or None when nothing says what happened to those counted."""
    found = _read_outcome(m, sent, fallback)
    if found is None:
        return None
    rule, trigger = found
    if m.implicit and m.figure.best != 0 and not _singular_ok(m, trigger):
        return None
    read = read_as(trigger, reading)
    if read is None:
        return None
    claim = _new_claim(m, sent, source, read, rule)
    return claim, read.token.dep_ == "prep" or _via_among(m), read.rule


def _new_claim(m: Mention, sent: Span, source: str | None, trigger: Trigger, rule: str) -> Claim:
    """The claim of a mention whose outcome is read."""
    group, subgroup = find_group(m.noun)
    if m.figure.best == 0:
        group, subgroup = "total", None
    fig = m.figure
    text = doc_text(sent.doc)
    count = Count(low=fig.low, best=fig.best, high=fig.high, qualifier=fig.qualifier,
                  text=fig.text, vague_word=fig.vague_word)
    evidence = Evidence(fig.start, fig.end, sent.text, sent.start_char)
    claim = Claim(
        outcome=trigger.outcome, count=count, evidence=evidence, group=group, subgroup=subgroup,
        source=source, status=find_status(text, fig.start, fig.end, sent.start_char),
        confidence=0.5 if trigger.weak or m.implicit else 0.8, extractor=EXTRACTOR,
        why={"outcome": _why_outcome(rule, trigger, m.implicit),
             "group": f"noun {m.noun.text!r}" if m.noun is not None else "no noun"},
    )
    if claim.status == "current" and is_update(text, fig.start, sent.start_char):
        claim.why["status"] = "update"
    elif is_denied(text, fig.start, sent.start_char):
        claim.why["status"] = "denied"
    return claim


def _why_outcome(rule: str, trigger: Trigger, implicit: bool) -> str:
    """ "parse: 'killed'", "surface weak: 'dead' [shot_died] (implicit one)"."""
    return (f"{rule}{' weak' if trigger.weak else ''}: {trigger.token.text!r}"
            + (f" [{trigger.rule}]" if trigger.rule else "")
            + (" (implicit one)" if implicit else ""))


def _via_among(m: Mention) -> bool:
    """ "among the casualties were 745 civilians": a breakdown of a toll stated before."""
    tok = m.anchor
    while tok.dep_ in ("conj", "appos") and tok.head != tok:
        tok = tok.head
    if tok.dep_ in ("attr", "nsubj") and tok.head.lemma_ == "be":
        return any(c.dep_ == "prep" and c.lower_ == "among" for c in tok.head.children)
    return tok.dep_ in ("dobj",) and tok.head.lemma_ == "include" and any(
        c.dep_ == "nsubj" and c.lemma_ in ("dead", "victim", "casualty") for c in tok.head.children)


def build_claims(doc: Doc, reading: HeadlineMode = "all") -> tuple[list[Claim], frozenset[int]]:
    """All claims of a parsed document, and the indices of those resting on implicit figures.

    ``reading`` is the headline convention the outcomes are read under (see outcomes.read_as).
    """
    starts = _paragraph_starts(doc_text(doc))
    built: list[Built] = []
    source: str | None = None
    last: str | None = None  # the latest attribution, for a later paragraph that refers back
    last_para = -1
    for n, sent in enumerate(doc.sents):
        para = _paragraph(starts, sent.start_char)
        source, last = _current_source(sent, para != last_para, source, last)
        last_para = para
        built.extend(_sentence_claims(sent, n, source, reading))
    _name_vague_sources(built, doc)
    link_parts(built)
    split_shot_totals(built)
    settle_shot_fates(built)
    built = add_sums(built, doc_text(doc))
    claims = [b.claim for b in built]
    implicit = frozenset(k for k, b in enumerate(built) if b.implicit)
    return claims, implicit


def _current_source(sent: Span, new_paragraph: bool, source: str | None,
                    last: str | None) -> tuple[str | None, str | None]:
    """The source of this sentence's figures and the latest attribution made so far."""
    named = attribution(sent)
    if named is not None:
        return named, named
    if not carries_over(sent.text, new_paragraph):
        return None, (None if starts_afresh(sent.text) else last)
    return (last if new_paragraph else source), last


def _sentence_claims(sent: Span, n: int, source: str | None,
                     reading: HeadlineMode = "all") -> list[Built]:
    """The claims of one sentence's figures, in text order."""
    mentions, extra = _sentence_mentions(sent)
    out: list[Built] = []
    seen: set[tuple[int, int]] = set()
    for m in sorted(mentions + extra, key=lambda m: m.figure.start):
        made, joined = _mention_claim(m, sent, source, reading, out)
        if made is None or (m.figure.start, m.figure.end) in seen:
            continue
        seen.add((m.figure.start, m.figure.end))
        claim, among, rule = made
        out.append(Built(claim, m.anchor, m.number, n, via_among=among, implicit=m.implicit,
                         joined=joined, rule=rule))
    _elided_before(mentions, out, sent, n, source, seen, reading)
    _parentheticals(out, mentions, sent)
    return out


def _sentence_mentions(sent: Span) -> tuple[list[Mention], list[Mention]]:
    """The sentence's figures, and the implicit ones (singulars, zeros) on words they leave."""
    mentions = find_mentions(sent) + multiple_mentions(sent)
    taken = {m.anchor.i for m in mentions} | {m.number.i for m in mentions}
    taken |= {m.noun.i for m in mentions if m.noun is not None}
    zeros = explicit_zeros(sent)
    # "no one was hurt": the "one" belongs to the zero, not to a figure of its own
    mentions = [m for m in mentions if not any(z.figure.start <= m.figure.start < z.figure.end
                                               for z in zeros)]
    taken |= {z.anchor.i for z in zeros} | {t.i for z in zeros for t in z.anchor.subtree}
    return mentions, implicit_singulars(sent, taken) + zeros


def _mention_claim(m: Mention, sent: Span, source: str | None, reading: HeadlineMode,
                   out: list[Built]) -> tuple[tuple[Claim, bool, str] | None, Built | None]:
    """A mention's claim and the claim before it that it is coordinated with, if any. A figure
    read without an outcome takes that of the claim before it when it stands in brackets
    ("15 died (13 civilians)") or after "and" ("killed a judge ... and seven members of his
    family"); a coordinated figure read with another outcome is not joined."""
    made = _claim(m, sent, source, reading=reading)
    if made is None and out and _in_brackets(m, sent):
        made = _claim(m, sent, source, out[-1].claim.outcome, reading)
    joined = _coordinated_with(m, out) if out and (made is None or m.implicit) else None
    if made is None and joined is not None and not m.implicit:
        made = _claim(m, sent, source, joined.claim.outcome, reading)
    if made is not None and joined is not None and made[0].outcome != joined.claim.outcome:
        joined = None
    return made, joined


def _elided_before(mentions: list[Mention], out: list[Built], sent: Span, n: int,
                   source: str | None, seen: set[tuple[int, int]],
                   reading: HeadlineMode = "all") -> None:
    """ "two police officers and a driver injured": the participle after the last conjunct
    is the outcome of the whole coordinated subject."""
    for m in mentions:
        if (m.figure.start, m.figure.end) in seen:
            continue
        last = (m.noun or m.anchor).i
        after = [b for b in out if b.number.i > last and b.claim.status == "current"]
        if not after:
            continue
        nxt = after[0]
        between = sent.doc[last + 1:nxt.number.i]
        if not any(t.lower_ == "and" for t in between) or len(between) > 4 or any(
                t.pos_ in ("VERB", "AUX") or t.text in (",", ";", ":") for t in between):
            continue
        made = _claim(m, sent, source, nxt.claim.outcome, reading)
        if made is None or made[0].outcome != nxt.claim.outcome:
            continue
        seen.add((m.figure.start, m.figure.end))
        out.insert(out.index(nxt), Built(made[0], m.anchor, m.number, n, joined=nxt))


_CLAUSE_DEPS = frozenset(("ROOT", "ccomp", "conj", "advcl", "xcomp", "relcl", "pcomp"))


def _coordinated_with(m: Mention, out: list[Built]) -> Built | None:
    """ "killed a judge allied with the Houthis and seven members of his family": when the parse
    loses the coordination, a figure right after "and" joins the claim before it in its clause."""
    doc = m.anchor.doc
    i = m.number.i - 1
    skip = words("claims_join_qualifiers")
    while i >= 0 and doc[i].lower_ in skip:
        i -= 1
    if i < 0 or doc[i].lower_ not in ("and", "as well as", "plus"):
        return None
    before = [b for b in out if b.number.i < i and b.claim.status == "current"]
    if not before:
        return None
    prev = before[-1]
    between = doc[prev.number.i + 1:i]
    if any(t.pos_ in ("VERB", "AUX") and t.dep_ in _CLAUSE_DEPS for t in between):
        return None  # another clause, another predicate: "killed 5 and 3 houses were burnt"
    if any(t.text in (";", ":") for t in between):
        return None
    return prev


def _parentheticals(out: list[Built], mentions: list[Mention], sent: Span) -> None:
    """ "15 persons died (13 civilians)": the bracketed figure breaks down the one before it."""
    doc_text(sent.doc)
    for m in mentions:
        if not _in_brackets(m, sent):
            continue
        before = [b for b in out if b.claim.evidence.end < m.figure.start and not b.implicit]
        if not before:
            continue
        parent = before[-1].claim
        mine = [b for b in out if b.claim.evidence.start == m.figure.start]
        if mine:
            mine[0].claim.outcome = parent.outcome
            mine[0].claim.part_of = None
            mine[0].paren = before[-1]


def _name_vague_sources(built: list[Built], doc: Doc) -> None:
    """ "according to a war monitor" followed by "The Observatory reported": use the name."""
    named = [(b.sentence, b.claim.source) for b in built
             if b.claim.source and not is_vague_source(b.claim.source)]
    for b in built:
        if b.claim.source and is_vague_source(b.claim.source):
            later = [s for k, s in named if b.sentence < k <= b.sentence + 2]
            b.claim.source = later[0] if later else plain_source(b.claim.source)
