"""Figures placed on the parse: each figure's number token, the noun it counts, and its anchor.

Besides written figures this finds implicit singulars ("a farmer was killed", "shot dead the
village chief" -> 1) and explicit zeros ("no one was hurt", "no casualties" -> 0).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from tollwatch.extract.groups import ARMED, CIVILIAN_SUBGROUPS, PERPETRATORS, SECURITY
from tollwatch.extract.numbers import Figure, find_figures
from tollwatch.lexicon import table, words

# Head nouns that count things or spans, never people.
THINGS = frozenset((
    "house", "home", "building", "vehicle", "car", "truck", "bus", "rocket", "missile", "shell",
    "mortar", "bomb", "round", "bullet", "shot", "gun", "rifle", "weapon", "drone", "plane",
    "aircraft", "helicopter", "tank", "village", "town", "district", "province", "region",
    "area", "school", "mosque", "church", "shop", "store", "hut", "tent", "cattle", "cow",
    "goat", "sheep", "camel", "livestock", "animal", "head", "pig", "dog", "horse", "donkey",
    "chicken", "bird", "elephant", "rhino", "gorilla", "lion", "cattle", "bull", "ox", "fish",
    "km", "kilometre", "kilometer", "millimeter", "millimetre", "caliber", "calibre",
    # weapons and street addresses: "a nine millimeter handgun", "the 6600 block of Elm Street"
    "handgun", "pistol", "shotgun", "revolver", "firearm", "block",
    "mile", "metre", "meter", "hour", "minute", "day", "week", "month", "year", "decade",
    "time", "percent", "dollar", "euro", "pound", "case", "incident", "attack", "raid", "strike",
    "airstrike", "explosion", "blast", "bombing", "clash", "operation", "bicycle", "motorcycle",
    "motorbike", "boat", "ship", "hospital", "community", "locality", "point", "checkpoint",
    "base", "post", "position", "camp", "site", "hectare", "acre", "ton", "tonne", "kilogram",
    "kg", "page", "article", "item", "election", "vote", "seat", "shop", "market", "shelter",
    "tribe", "clan", "group", "faction", "party", "country", "nation", "state", "city", "road",
    "bridge", "kid", "occasion", "location", "place", "front", "side", "direction", "way",
    "barrel", "grenade", "device", "ied", "mine", "landmine", "bag", "sack", "dollar",
    "organisation", "organization", "agency", "company", "firm", "hotel", "farm", "field",
    "well", "warehouse", "office", "station", "compound", "structure", "dwelling", "property",
    "night", "morning", "evening", "afternoon", "weekend", "phase", "stage", "wave", "section",
    "edition", "issue", "suspect", "suspects", "count", "charge", "sentence", "wound",
    # events, not people: "one of the biggest massacres", "three separate killings"
    "massacre", "killing", "execution", "assassination", "beheading", "murder", "shooting",
    "lynching", "ambush", "assault", "episode", "event", "crime", "violation", "abuse",
))
_NUM_WORDS = re.compile(r"^(?:\d[\d,.]*|[a-z]+(?:-[a-z]+)?)$", re.IGNORECASE)
# spaCy's small model tags many bare counts as DATE ("wounding 58"): dates are caught by the
# surface filters in numbers.py, so only these entity types rule a figure out.
_BAD_ENTS = frozenset(("PERCENT", "MONEY", "QUANTITY", "ORDINAL"))
# Singular nouns that stand for one person: "a farmer was killed", "the village chief".
PERSON_NOUNS = (CIVILIAN_SUBGROUPS | SECURITY | ARMED | PERPETRATORS | frozenset((
    "person", "man", "woman", "boy", "girl", "child", "baby", "victim", "individual",
    "civilian", "soldier", "policeman", "officer", "official", "man", "chief", "head",
    "mayor", "governor", "commander", "councillor", "councilor", "lawmaker", "mp", "senator",
    "resident", "local", "native", "owner", "shopkeeper", "vendor", "guard", "watchman",
    "security", "employee", "staff", "member", "supporter", "candidate", "cleric", "pastor",
    "bishop", "preacher", "sheikh", "elder", "youth", "teen", "adolescent", "toddler", "infant",
    "newborn", "pregnant", "grandmother", "grandfather", "uncle", "aunt", "cousin", "nephew",
    "niece", "man", "lady", "gentleman", "peasant", "herdsman", "herder", "hunter", "tribesman",
    "colleague", "friend", "neighbour", "neighbor", "relative", "editor", "photographer",
    "cameraman", "blogger", "writer", "academic", "professor", "lecturer", "scholar",
    "businessman", "contractor", "trader", "dealer", "rider", "motorist", "cyclist", "passerby",
)))
_DEATH_NOUNS = frozenset(("killing", "murder", "assassination", "death", "execution", "lynching",
                          "beheading", "abduction", "kidnapping"))
# Singular nouns that do not stand for a person even as a victim.
_NOT_PEOPLE = frozenset(("process", "deal", "plan", "bill", "idea", "fire", "engine", "signal",
                         "project", "talk", "agreement", "motion", "proposal", "story", "light",
                         "dog", "cat", "horse", "donkey", "animal", "bird", "elephant", "lion",
                         "family", "couple", "group", "crew", "team", "convoy", "toll", "number"))
_SINGULAR_DETS = frozenset(("a", "an", "the", "one", "another", "his", "her", "their", "its",
                            "our", "whose", "this", "that"))
_PERSON_PRONOUNS = frozenset(("he", "she", "him", "her"))
# A reflexive object is the victim of a self-inflicted harm: "a boy shot himself in the leg" -> 1.
_REFLEXIVES = frozenset(("himself", "herself"))
_ZERO = re.compile(
    r"\b(?:no\s+one|nobody|no-one|none|no\s+(?:other\s+)?(?:casualties|injuries|deaths|"
    r"fatalities|victims|loss\s+of\s+life|lives\s+were\s+lost|people|persons|civilians|"
    r"one\s+else|body|bodies|one|injury|death|fatality|casualty|damage\s+or\s+casualties))\b",
    re.IGNORECASE,
)


def doc_text(doc: Doc) -> str:
    """The document's text, built once: ``Doc.text`` joins every token on each access."""
    text = doc.user_data.get("tollwatch_text")
    if text is None:
        text = doc.user_data["tollwatch_text"] = doc.text
    return str(text)


@dataclass(frozen=True)
class Mention:
    """A figure on the parse: its number token, the noun it counts, its place in the clause."""

    figure: Figure
    number: Token
    anchor: Token
    noun: Token | None
    implicit: bool = False

    @property
    def person_like(self) -> bool:
        """A named or pronoun victim, or a noun the lexicon knows as a person."""
        tok = self.anchor
        return tok.tag_ in ("NNP", "PRP") or tok.lemma_.lower() in PERSON_NOUNS

    @property
    def clause_head(self) -> Token:
        """The word the figure's phrase hangs on, through coordination ("X and his bodyguard")."""
        tok = self.anchor
        while tok.dep_ == "conj" and tok.head != tok:
            tok = tok.head
        return tok.head


def _number_token(span: Span) -> Token:
    """The token that carries the value: the number-like word whose head lies outside the figure."""
    for tok in reversed(span):
        if not (span.start <= tok.head.i < span.end) and (tok.like_num or tok.pos_ == "NUM"):
            return tok
    for tok in reversed(span):
        if tok.like_num or tok.pos_ == "NUM" or tok.lower_ in words("mention_count_words"):
            return tok
    return span[-1]


def _person_of(tok: Token) -> Token | None:
    """ "dozens of people", "three of the victims": the noun after 'of'."""
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                inner = _person_of(objs[0]) if objs[0].lower_ in ("thousands", "hundreds") else None
                return inner or objs[0]
    return None


def mention_of(fig: Figure, sent: Span) -> Mention | None:
    """Place a figure on the parse, or None when it counts things, not people."""
    doc = sent.doc
    span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    num = _number_token(span)
    if num.ent_type_ in _BAD_ENTS and fig.qualifier not in ("at_least", "approx", "vague"):
        return None
    noun: Token | None = None
    anchor = num
    head = num.head
    if num.dep_ in words("mention_number_deps") and \
            head.pos_ in ("NOUN", "PROPN", "PRON", "ADJ", "NUM") and head.i > num.i:
        noun, anchor = head, head
        if noun.like_num and noun.dep_ in ("nummod", "compound") and noun.head.i > noun.i:
            noun = anchor = noun.head  # "1.2 million people"
    else:
        noun = _person_of(num)
    if noun is not None and _is_thing(noun):
        if not _harm_follows(span):
            return None
        noun, anchor = None, num  # "and at least 23 injured Monday morning": misattached
    if noun is None and _is_age_aside(num):
        return None
    return Mention(fig, num, anchor, noun)


_HARM = frozenset(("dead", "killed", "injured", "wounded", "hurt", "missing"))


def _harm_follows(span: Span) -> bool:
    """ "23 injured", "44 more wounded": a harm word right after the figure."""
    doc = span.doc
    i = span.end
    while i < len(doc) and doc[i].lower_ in ("more", "others", "other", "people", "persons"):
        i += 1
    return i < len(doc) and doc[i].lower_ in _HARM


# "ages 22 and 20", "between the ages of 18 and 24", "aged 3, 5 and 7": every number is an age.
_AGE_BEFORE = re.compile(r"\b(?:ages?|aged)\s+(?:of\s+)?(?:\d+\s*(?:,|and|to|through|-)\s*)*$",
                         re.IGNORECASE)


# "the mother, who was 24, was shot": a number a relative clause says someone "was" is an age.
_WHO_WAS = re.compile(r"\bwho\s+(?:is|was)\s+$", re.IGNORECASE)


def _is_age_aside(num: Token) -> bool:
    """ "Gloria Capitan, 57, was shot", "Omar Jones, 35; Ann Lee, 34; ...", "a woman, 18, was
    killed": a bare number set off by commas after a name or a person noun is an age, and so is
    a number in an "ages 22 and 20" list or after "who was"."""
    doc = num.doc
    before = doc_text(doc)[max(0, num.idx - 40):num.idx]
    if _AGE_BEFORE.search(before) or _WHO_WAS.search(before):
        return True
    if num.i < 2 or num.i + 1 >= len(doc):
        return False
    prev = doc[num.i - 2]
    # one person's age; after a plural ("the soldiers, 14, were killed") it is their number
    named = prev.pos_ == "PROPN" or prev.tag_ == "NN" and prev.lemma_.lower() in PERSON_NOUNS
    return doc[num.i - 1].text == "," and named and \
        doc[num.i + 1].text in (",", ")", ".", ";", "and")


def people_shot(noun: Token) -> bool:
    """ "4 Shot, 2 Killed", "Four shot in Tangelo Park": headlinese for people shot. Gunshots
    counted take the plural ("27 shots fired"); a singular "shot" after a count of two or more
    is the participle the parser took for a noun."""
    return noun.lower_ == "shot" and any(
        c.dep_ == "nummod" and c.like_num and c.lower_ not in ("one", "1", "a")
        for c in noun.children)


def _is_thing(noun: Token) -> bool:
    lemma = noun.lemma_.lower()
    if lemma in ("member", "rank"):
        return False
    if noun.like_num:
        return False  # "from 10 to 15": the other end of a range, not a unit
    if people_shot(noun):
        return False
    return lemma in THINGS or noun.lower_ in THINGS or noun.ent_type_ in ("DATE", "TIME", "MONEY",
                                                                          "PERCENT", "QUANTITY")


def find_mentions(sent: Span) -> list[Mention]:
    """Written figures of a sentence placed on its parse."""
    out = []
    for fig in find_figures(sent.text, offset=sent.start_char):
        mention = mention_of(fig, sent)
        if mention is not None:
            out.append(mention)
    return out


# Where a lone victim stands in its clause: "a farmer was killed", "they shot the chief".
_VICTIM_DEPS = ("nsubjpass", "dobj", "nsubj", "conj", "pobj")


def implicit_singulars(sent: Span, taken: set[int]) -> list[Mention]:
    """Singular person nouns without a figure: "a farmer was killed", "he was shot dead" -> 1."""
    out = [_singular(sent, tok) for tok in sent if tok.i not in taken and _is_lone_victim(tok)]
    return out + _aged_singulars(sent, taken)


def _is_lone_victim(tok: Token) -> bool:
    """A singular noun, name or pronoun in a victim's place, with no figure of its own."""
    if tok.dep_ not in _VICTIM_DEPS or any(c.dep_ == "nummod" for c in tok.children):
        return False
    one_person = _ONE_PERSON.get(tok.tag_)
    return one_person is not None and one_person(tok) and _counted_where_it_stands(tok)


def _one_person_noun(tok: Token) -> bool:
    """A singular noun in the victim's place is a person ("a muezzin was shot dead") unless it
    is a thing, and only after a singular determiner or with a compound ("Police Chief")."""
    lemma = tok.lemma_.lower()
    if lemma not in PERSON_NOUNS and (_is_thing(tok) or lemma in _NOT_PEOPLE):
        return False
    # a possessor makes the noun definite: "the Corporation's head of legal services"
    dets = [c.lower_ if c.dep_ == "det" else "the" for c in tok.children
            if c.dep_ in ("det", "poss")]
    if not dets:
        return any(c.dep_ == "compound" for c in tok.children) or _headline_person(tok)
    return dets[0] in _SINGULAR_DETS


def _headline_person(tok: Token) -> bool:
    """ "Man killed, boy injured in drive-by", "Teen shot in leg": a headline drops its articles,
    so a bare singular person noun there is one person (in running text it is not: "police")."""
    return tok.tag_ in ("NN", "NNP") and tok.lemma_.lower() in PERSON_NOUNS and \
        is_headline(tok.sent)


def is_headline(sent: Span) -> bool:
    """A title line: no closing stop, and few words."""
    text = sent.text.strip()
    return bool(text) and text[-1] not in '.!?"\u201d' and len(sent) <= _HEADLINE_TOKENS


def _one_person_name(tok: Token) -> bool:
    """A person's name, or, as a passive subject ("Ahmadu was shot"), a name the parse tags as an
    organisation or not at all; in a capitalised headline ("Man Killed In Crash") a person noun."""
    return tok.ent_type_ == "PERSON" or tok.dep_ == "nsubjpass" and tok.ent_type_ in ("ORG", "") \
        or _headline_person(tok)


def _victim_pronoun(tok: Token) -> bool:
    """A pronoun that can be a victim: a personal one, or a reflexive object ("shot himself")."""
    return tok.lower_ in _PERSON_PRONOUNS or (tok.dep_ == "dobj" and tok.lower_ in _REFLEXIVES)


_ONE_PERSON = {"NN": _one_person_noun, "NNP": _one_person_name, "PRP": _victim_pronoun}
# A title is short: longer lines without a stop are run-together text, not headlines.
_HEADLINE_TOKENS = 25


def _counted_where_it_stands(tok: Token) -> bool:
    """An object of a preposition counts only with a clause of its own or after a killing of
    ("the death of a doctor killed by ...", "the killing of a local leader"); a conjunct of a
    name only when that name is a person ("the Nikial and Jandrot areas" are places)."""
    if tok.dep_ == "pobj":
        return any(c.dep_ in ("acl", "relcl") for c in tok.children) or \
            tok.head.lower_ == "of" and tok.head.head.lemma_.lower() in _DEATH_NOUNS
    if tok.dep_ == "conj":
        return tok.head.tag_ != "NNP" or _is_person(tok.head)
    return True


def _singular(sent: Span, tok: Token) -> Mention:
    """The implicit figure 1 of a lone victim, its text running from the noun's modifiers."""
    text_start = min(t.idx for t in tok.subtree if t.i <= tok.i and t.dep_ in
                     ("compound", "amod", "det", "poss") or t is tok)
    fig = Figure(text_start, tok.idx + len(tok.text), 1, 1, 1, "exact",
                 doc_text(sent.doc)[text_start:tok.idx + len(tok.text)])
    return Mention(fig, tok, tok, tok, implicit=True)


# An age standing alone for a person: "a 6-year-old is dead", "the 2-month-old who was shot".
_AGE_UNITS = frozenset(("year", "month", "week", "day"))


def _aged_singulars(sent: Span, taken: set[int]) -> list[Mention]:
    """ "A 6-year-old is dead": the age phrase is the person, 1 (the parse heads it on 'old')."""
    out = []
    for tok in sent:
        if tok.i in taken or tok.lower_ != "old" or tok.dep_ not in _VICTIM_DEPS:
            continue
        if not any(c.dep_ == "npadvmod" and c.lemma_.lower() in _AGE_UNITS for c in tok.children):
            continue
        dets = [c.lower_ for c in tok.children if c.dep_ in ("det", "poss")]
        if not dets or dets[0] not in _SINGULAR_DETS:
            continue
        if tok.dep_ == "pobj" and not any(c.dep_ in ("acl", "relcl") for c in tok.children):
            continue  # "the death of a 6-year-old" is counted from its own harm word, if any
        start = tok.left_edge.idx
        end = tok.idx + len(tok.text)
        fig = Figure(start, end, 1, 1, 1, "exact", doc_text(sent.doc)[start:end])
        out.append(Mention(fig, tok, tok, tok, implicit=True))
    return out


def _is_person(tok: Token) -> bool:
    return tok.ent_type_ == "PERSON" or tok.lemma_.lower() in PERSON_NOUNS or \
        tok.lower_ in _PERSON_PRONOUNS


def explicit_zeros(sent: Span) -> list[Mention]:
    """ "no one was hurt", "there were no casualties" -> a figure of 0."""
    out = []
    for m in _ZERO.finditer(sent.text):
        start = sent.start_char + m.start()
        span = sent.doc.char_span(start, sent.start_char + m.end(), alignment_mode="expand")
        if span is None:
            continue
        tok = span[-1]
        fig = Figure(start, sent.start_char + m.end(), 0, 0, 0, "exact", m.group(0))
        out.append(Mention(fig, tok, tok, tok, implicit=True))
    return out


@cache
def multiple_events() -> dict[str, tuple[str, str]]:
    """Event noun -> (outcome, rule) of the people a multiplying word counts in it."""
    return {row["noun"]: (row["outcome"], row["rule"].strip("-"))
            for row in table("multiple_events")}


@cache
def _multiples() -> dict[str, int]:
    return {row["word"]: int(row["count"]) for row in table("multiple_words")}


def multiple_count(tok: Token) -> int | None:
    """ "triple" in "a triple homicide" -> 3: a multiplying word right before an event noun
    (by position: the parser often takes "quadruple" for the noun and "shooting" for a verb)."""
    counts = _multiples()
    if tok.lower_ not in counts or tok.i + 1 >= len(tok.doc):
        return None
    return counts[tok.lower_] if event_noun(tok.nbor(1)) else None


def event_noun(tok: Token) -> str | None:
    """The event noun of multiple_events that tok is ("homicides" -> "homicide"), if any."""
    events = multiple_events()
    low = tok.lower_
    return low if low in events else low[:-1] if low.endswith("s") and low[:-1] in events \
        else None


def multiple_mentions(sent: Span) -> list[Mention]:
    """ "a triple homicide", "the quadruple shooting": the people an event noun counts."""
    out = []
    for tok in sent:
        n = multiple_count(tok)
        if n is not None:
            fig = Figure(tok.idx, tok.idx + len(tok.text), n, n, n, "exact", tok.text)
            out.append(Mention(fig, tok, tok.nbor(1), tok.nbor(1)))
    return out


def people_hit(tok: Token) -> bool:
    """ "4 Shot", "a quadruple shooting": a headline-like count of everyone hit, of whom the
    dead told after it in the same sentence are a part ("4 Shot, 2 Killed")."""
    return people_shot(tok) or multiplied_event(tok)


def multiplied_event(tok: Token) -> bool:
    """ "a quadruple shooting": everyone hit, the dead told anywhere in its sentence among them
    ("2 dead, 2 wounded in quadruple shooting")."""
    return event_noun(tok) is not None and tok.i > 0 and multiple_count(tok.nbor(-1)) is not None
