"""Who a figure is attributed to: "according to X", "X said", "X reported", carried forward.

An attribution holds for the following sentences of the same paragraph, and for a later
paragraph that refers back to the figures ("The latest figures ..."); a vague source such as
"a war monitor" is replaced by the organisation named right after it.
"""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Span, Token

from tollwatch.lexicon import table, words

SAY_VERBS = frozenset((
    "say", "report", "tell", "state", "announce", "confirm", "claim", "add", "estimate",
    "record", "document", "note", "quote", "cite", "put", "count", "tally", "declare", "reveal",
    "disclose", "inform", "allege", "indicate", "explain", "write", "tweet", "post", "publish",
    "insist", "warn", "acknowledge", "verify", "accuse",
))
_DROP_DEPS = frozenset(("appos", "relcl", "acl", "punct", "cc", "advmod", "prep_quoted"))
_BACKREF = re.compile(
    r"^\s*(?:the\s+(?:latest|new|updated|revised|final|previous|earlier|same)?\s*"
    r"(?:figures?|toll|numbers?|tally|count|estimates?|data|report|group|monitor|observatory|"
    r"organi[sz]ation|agency|ministry)|it\s+(?:said|added|reported)|they\s+(?:said|added))\b",
    re.IGNORECASE,
)
_RESET = re.compile(r"^\s*(?:meanwhile|separately|elsewhere|in\s+other\s+news)\b", re.IGNORECASE)
_PRONOUNS = frozenset(("he", "she", "they", "it", "we", "i", "who", "which", "that", "this"))


def _phrase(tok: Token) -> str:
    """The noun phrase of a source without its appositions, relative clauses or leading 'the'."""
    keep = [tok]
    stack = [c for c in tok.children if c.dep_ not in _DROP_DEPS]
    while stack:
        t = stack.pop()
        keep.append(t)
        stack.extend(c for c in t.children if c.dep_ not in ("appos", "relcl", "punct") or
                     c.text == "-")
    keep.sort(key=lambda t: t.i)
    # keep the contiguous run around the head: an apposition cut leaves gaps
    start = end = tok.i
    idx = {t.i for t in keep}
    while start - 1 in idx:
        start -= 1
    while end + 1 in idx:
        end += 1
    words = tok.doc[start:end + 1]
    text = words.text.strip(" ,")
    text = re.sub(r"^(?:the|The)\s+", "", text)
    return text


# A dateline the parse glued to the subject: "Jun 2016 UN says", "2014 Activists in Syria".
_DATELINE = re.compile(
    r"^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\s+)?(?:\d{1,2}\s+)?"
    r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+)?"
    r"(?:\d{1,2}\s+)?(?:19|20)\d\d\s+", re.IGNORECASE)


@cache
def _aliases() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((row["canonical"], re.compile(row["pattern"], re.IGNORECASE))
                 for row in table("source_aliases"))


def canonical_source(phrase: str) -> str | None:
    """One name for one source ("the Observatory", "Rami Abdurrahman" -> the Syrian Observatory
    for Human Rights); None for a fragment that is no source ("the regime", "four people")."""
    text = _DATELINE.sub("", phrase.strip()).strip(" ,\"'")
    text = re.sub(r"^(?:the|The)\s+", "", text)
    bare = re.sub(r"^(?:an?|An?)\s+", "", text)  # "an Observatory toll" names it too
    for name, pattern in _aliases():
        if pattern.search(bare):
            return name
    head = text.split()[-1].casefold() if text.split() else ""
    if not head or head in words("not_sources"):
        return None
    return text


def is_canonical(source: str) -> bool:
    """Whether a source name is one of the canonical names of the alias table."""
    return any(source == name for name, _ in _aliases())


def attribution(sent: Span) -> str | None:
    """The canonical source a sentence names for its figures, or None."""
    for phrase in _attributions(sent):
        name = canonical_source(phrase)
        if name is not None:
            return name
    return None


def _attributions(sent: Span) -> list[str]:
    """Every phrase the sentence attributes its figures to, "according to" first."""
    return [*_according_to(sent), *_sayers(sent)]


def _according_to(sent: Span) -> list[str]:
    """ "according to the health ministry": the object of 'to'."""
    out = []
    for tok in sent:
        if tok.lower_ != "according" or tok.i + 1 >= len(tok.doc):
            continue
        to = tok.doc[tok.i + 1]
        obj = _first_object(to) if to.lower_ == "to" else None
        if obj is not None:
            out.append(_phrase(obj))
    return out


def _sayers(sent: Span) -> list[str]:
    """Who says, reports or tells, verb by verb: the subject, then a passive's agent."""
    out = []
    for tok in sent:
        if _is_saying(tok):
            out.extend(_speakers(tok))
    return out


def _is_saying(tok: Token) -> bool:
    lemma = tok.lemma_.lower()
    if tok.pos_ != "VERB" or lemma not in SAY_VERBS:
        return False
    # "told the AP about killings" attributes no figure
    return lemma != "tell" or any(c.dep_ == "ccomp" for c in tok.children)


def _speakers(verb: Token) -> list[str]:
    """ "the ministry said", "was reported by the monitor": a noun subject, then the agent."""
    out = []
    subj = [c for c in verb.children if c.dep_ == "nsubj"]
    if subj and subj[0].lower_ not in _PRONOUNS and subj[0].pos_ in ("NOUN", "PROPN"):
        out.append(_phrase(subj[0]))
    agent = [c for c in verb.children if c.dep_ == "agent"]
    obj = _first_object(agent[0]) if agent else None
    if obj is not None:
        out.append(_phrase(obj))
    return out


def _first_object(prep: Token) -> Token | None:
    """The first object of a preposition ('to', 'by'), if the parse gave it one."""
    return next((c for c in prep.children if c.dep_ == "pobj"), None)


def plain_source(source: str) -> str:
    """ "a police spokesman" -> "police spokesman": the article adds nothing to the name."""
    return re.sub(r"^(?:a|an)\s+", "", source, flags=re.IGNORECASE)


def is_vague_source(source: str) -> bool:
    """ "a war monitoring organization", "an official": a source to be named later."""
    return bool(re.match(r"^(?:a|an|one|some|several)\s", source, re.IGNORECASE))


def starts_afresh(sent_text: str) -> bool:
    """ "Meanwhile", "Separately": the text turns to another report."""
    return bool(_RESET.match(sent_text))


def carries_over(sent_text: str, new_paragraph: bool) -> bool:
    """Whether the previous attribution still holds for this sentence."""
    if _RESET.match(sent_text):
        return False
    return not new_paragraph or bool(_BACKREF.match(sent_text))
