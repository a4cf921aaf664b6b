"""What happened to the people a figure counts: killed, injured, missing, displaced, abducted...

The outcome comes from the dependency parse: the figure's head noun, the verb that governs
it (passive subject or active object), predicates such as "left X dead", and nouns such as
"the death toll rose to X", "the bodies of X", "claimed the lives of X".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal, NamedTuple

from spacy.tokens import Doc, Token

from tollwatch.extract.mentions import (
    PERSON_NOUNS,
    event_noun,
    multiple_count,
    multiple_events,
    people_shot,
)
from tollwatch.lexicon import words
from tollwatch.model import HeadlineMode, Outcome

# Verbs whose object (or passive subject) suffered the outcome: "killed 12", "12 were killed".
VERBS: dict[str, Outcome] = {
    **dict.fromkeys(
        ("kill", "murder", "massacre", "slaughter", "execute", "behead", "slay", "assassinate",
         "lynch", "decapitate", "stab", "bludgeon", "hack", "butcher", "gun", "strangle",
         "drown", "hang", "mow", "exterminate", "electrocute", "martyr"),
        "killed"),
    **dict.fromkeys(
        ("injure", "wound", "hurt", "maim", "harm", "shoot", "torture", "beat", "assault",
         "hospitalize", "hospitalise", "rape", "mutilate"),
        "injured"),
    **dict.fromkeys(("abduct", "kidnap", "seize", "snatch", "hostage"), "abducted"),
    **dict.fromkeys(("arrest", "detain", "jail", "imprison", "apprehend", "capture", "round"),
                    "detained"),
    **dict.fromkeys(("displace", "uproot", "evict", "expel"), "displaced"),
}
# Verbs whose subject suffered the outcome: "12 people died", "thousands fled".
INTRANSITIVE: dict[str, Outcome] = {
    **dict.fromkeys(("die", "perish", "succumb"), "killed"),
    **dict.fromkeys(("flee", "evacuate"), "displaced"),
    **dict.fromkeys(("disappear", "vanish"), "missing"),
}
# Transitive verbs that also mean the subject's own fate when used without an object.
INTRANSITIVE_TOO = frozenset(("drown",))
SAY_LIKE = frozenset(("say", "report", "state", "announce", "confirm", "add", "tell"))
# Predicate adjectives and participles: "left 5 dead", "12 injured", "were found dead".
ADJECTIVES: dict[str, Outcome] = {
    "dead": "killed", "killed": "killed", "lifeless": "killed", "deceased": "killed",
    "slain": "killed",
    "injured": "injured", "wounded": "injured", "hurt": "injured", "injure": "injured",
    "wound": "injured", "missing": "missing", "unaccounted": "missing",
    "displaced": "displaced", "homeless": "displaced", "abducted": "abducted",
    "kidnapped": "abducted", "detained": "detained", "arrested": "detained",
}
# Words right after a figure that say what happened even when the parse is wrong: "200 dead".
_HARM_WORDS = frozenset(("dead", "killed", "injured", "wounded", "hurt", "missing"))
# Nouns that name the harmed: "the bodies of 12", "12 deaths", "among the dead".
NOUNS: dict[str, Outcome] = {
    "death": "killed", "dead": "killed", "body": "killed", "corpse": "killed",
    "fatality": "killed", "killing": "killed", "remains": "killed", "murder": "killed",
    "injury": "injured", "injured": "injured", "wounded": "injured", "wound": "injured",
    "hostage": "abducted", "captive": "abducted", "abductee": "abducted",
    "detainee": "detained", "arrest": "detained", "prisoner": "detained",
    "refugee": "displaced", "displaced": "displaced", "evacuee": "displaced",
    "missing": "missing", "massacre": "killed", "slaughter": "killed", "execution": "killed",
    "assassination": "killed", "beheading": "killed", "killer": "killed", "murderer": "killed",
    "lynching": "killed",
}
# Nouns that usually mean the dead in conflict reports but are weaker evidence.
WEAK_NOUNS: dict[str, Outcome] = {"victim": "killed", "casualty": "killed", "life": "killed"}
# Verbs that carry a figure from a noun such as "toll": "the toll rose to 45".
TOLL_VERBS = frozenset(
    ("rise", "climb", "reach", "stand", "jump", "increase", "hit", "grow", "mount", "surpass",
     "surge", "spike", "double", "go",
     "exceed", "top", "pass", "bring", "raise", "put", "be", "soar", "swell", "include",
     "number", "total", "cross", "rose")
)
# Verbs that bury or recover the dead: "31 victims were laid to rest".
DEATH_VERBS = frozenset(("bury", "lay", "recover", "find", "retrieve", "exhume", "mourn"))
# Verbs that force people out: "forcing thousands to flee".
FORCE_VERBS = frozenset(("force", "drive", "compel", "make", "cause", "prompt", "send"))
_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
# "12 reported dead", "30 feared dead": the subject of these takes the predicate's outcome.
_REPORTING = frozenset(("report", "fear", "confirm", "believe", "presume", "declare",
                        "pronounce", "find", "leave", "list", "feared"))
# Words that may stand between a figure and its participle: "8 persons were on Monday killed".
_GAP_POS = frozenset(("AUX", "ADV", "PART", "DET"))
_ALONG = frozenset(("alongside", "including", "among", "besides", "plus", "with", "incl",
                    "like", "except", "excluding", "along"))


# Rule names a Trigger carries when the rule matters downstream (the reading, shot splits).
SHOT_UNSTATED = "shot_unstated"  # "three people were shot": hit, fate not stated
TAKEN_TO_CARE = "taken_to_care"  # "two men were rushed to the hospital": hurt, fate not stated
SHOT_DIED = "shot_died"  # "was shot and later died", "was shot and pronounced dead"
SHOT_SURVIVED = "shot_survived"  # "was shot and is in critical condition"
FATAL_SHARE = "fatal_share"  # "four people were shot, three fatally"
OWN_VICTIM_NOUN = "own_victim_noun"  # "the five victims were taken to hospital": fate unsaid


@dataclass(frozen=True)
class Trigger:
    """The outcome of a figure and the word that told it; weak when only 'victims' or so did."""

    outcome: Outcome
    token: Token
    weak: bool = False
    rule: str = ""


def read_as(trigger: Trigger, reading: HeadlineMode) -> Trigger | None:
    """The trigger under a headline convention, or None when the convention reads no outcome.

    In atrocity reports (WAD, ``victims``) a bare "was shot" almost always reports a death and
    "victims" are the dead, so both count as killed there. News of everyday shootings (``all``)
    counts a person shot as injured unless the death is stated, and "the five victims were taken
    to hospital" says nothing of their fate."""
    if reading == "victims" and trigger.rule == SHOT_UNSTATED:
        return replace(trigger, outcome="killed")
    if reading == "all" and (trigger.rule == OWN_VICTIM_NOUN or _fate_unsaid(trigger)):
        return None
    return trigger


def _fate_unsaid(trigger: Trigger) -> bool:
    """A death read only from "victim" or "found" ("police found two men", "the victim was with
    two friends"): in news of everyday violence the fate of those counted is still unsaid."""
    tok = trigger.token
    return trigger.weak and trigger.outcome == "killed" and tok.head.lower_ != "among" and \
        _lemma(tok) in words("outcome_unsaid_fate_words")  # "among the victims were 12": dead


def _own_clause(tok: Token, verb: Token) -> bool:
    """Whether tok speaks of the verb's own person: no other named subject between them
    ("was shot and his brother died" is someone else; "where he died" is the same man)."""
    while tok != verb and tok.head != tok:
        subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj and subj[0].lower_ not in words("outcome_subject_pronouns"):
            return False
        tok = tok.head
    return tok == verb


def _clause_word(verb: Token, lexicon: str) -> Token | None:
    """The first word of a lexicon list said of the verb's own person in its clause."""
    wanted = words(lexicon)
    for tok in verb.subtree:
        if tok != verb and (tok.lemma_.lower() in wanted or tok.lower_ in wanted) and \
                _own_clause(tok, verb):
            return tok
    return None


def _hit_in_body(verb: Token) -> bool:
    """ "A girl shot in the leg is in stable condition" misparsed as active: no object, and a
    body part where the bullet went."""
    parts = words("outcome_body_parts")
    return not _has_object(verb) and any(
        c.dep_ == "prep" and c.lower_ in ("in", "through") and
        any(g.lower_ in parts for g in c.children) for c in verb.children)


def shot_outcome(verb: Token) -> Trigger:
    """A person shot is injured unless the clause states the death ("was shot and died",
    "was shot and pronounced dead"); a stated survival ("is in critical condition") is noted."""
    # the trigger stays on the verb: the shot person is its subject or object
    if _clause_word(verb, "outcome_death_words") is not None:
        return Trigger("killed", verb, rule=SHOT_DIED)
    if _clause_word(verb, "outcome_survival") is not None:
        return Trigger("injured", verb, rule=SHOT_SURVIVED)
    return Trigger("injured", verb, rule=SHOT_UNSTATED)


def fatal_share(anchor: Token) -> Trigger | None:
    """ "Four people were shot, three fatally", "one of them fatally": the share that died."""
    fatal = words("outcome_fatal_adverbs")
    for child in anchor.children:
        if child.dep_ == "advmod" and child.lower_ in fatal:
            return Trigger("killed", child, rule=FATAL_SHARE)
    nxt = anchor.i + 1
    doc = anchor.doc
    if nxt < len(doc) and doc[nxt].lower_ in fatal and doc[nxt].head.i != nxt + 1:
        return Trigger("killed", doc[nxt], rule=FATAL_SHARE)
    return None


def _has_object(verb: Token) -> bool:
    return any(c.dep_ in ("dobj", "obj") for c in verb.children)


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) or (
        verb.tag_ == "VBN"
        and not any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)
    )


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def predicate_outcome(verb: Token) -> Trigger | None:
    """An outcome carried by a verb's complement: "shot dead", "found dead", "left 5 injured"."""
    for child in verb.children:
        found = _complement_outcome(child)
        if found is not None:
            return found
    for child in verb.children:
        found = _participle_predicate(child)
        if found is not None:
            return found
    return None


_COMPLEMENT_DEPS = frozenset(("acomp", "oprd", "xcomp", "attr", "advcl"))
_COMPLEMENT_TAGS = frozenset(("JJ", "VBN", "RB", "VBG"))
_PARTICIPLE_DEPS = frozenset(("xcomp", "advcl", "oprd"))


def _has_subject(tok: Token) -> bool:
    return any(c.dep_ in _SUBJECTS for c in tok.children)


def _verb_trigger(tok: Token) -> Trigger | None:
    """The outcome an outcome verb's own lemma names: "killed", "wounded", "abducted"."""
    outcome = VERBS.get(_lemma(tok))
    return Trigger(outcome, tok) if outcome is not None else None


def _complement_outcome(child: Token) -> Trigger | None:
    """One complement of a verb: "shot dead", "stabbed to death", "fatally shot"."""
    if child.dep_ in _COMPLEMENT_DEPS and child.lower_ in ADJECTIVES and \
            child.tag_ in _COMPLEMENT_TAGS and not _has_subject(child):
        return Trigger(ADJECTIVES[child.lower_], child)
    if child.dep_ == "prep" and child.lower_ == "to" and \
            any(g.lemma_ == "death" for g in child.children):
        return Trigger("killed", child)  # "stabbed to death"
    if child.dep_ == "advmod" and child.lower_ in words("outcome_fatal_adverbs"):
        return Trigger("killed", child)  # "fatally shot", "mortally wounded"
    return None


def _participle_predicate(child: Token) -> Trigger | None:
    """ "feared killed", "found beaten to death": an outcome participle without its own subject."""
    if child.dep_ not in _PARTICIPLE_DEPS or child.tag_ != "VBN" or _has_subject(child):
        return None
    return predicate_outcome(child) or _verb_trigger(child)  # "found burned to death"


@dataclass(frozen=True)
class _Verb:
    """A verb seen from one of its arguments: the facts every verb rule looks at."""

    token: Token
    role: str  # the argument's dependency: nsubj, nsubjpass, dobj, attr, ...
    lemma: str
    pred: Trigger | None  # an outcome carried by the verb's complement ("shot dead")


# A verb rule returns a Trigger (decided), None (not mine: ask the next rule) or NO_OUTCOME
# (decided: this argument suffered nothing, e.g. the subject of "killed 12", the killer).
NO_OUTCOME: Literal[False] = False
VerbRule = Callable[[_Verb], "Trigger | None | Literal[False]"]
_PASSIVE_ROLES = ("dobj", "nsubjpass")


def _verb_predicate(verb: Token, lemma: str) -> Trigger | None:
    """The complement's outcome, kept only where it can change the verb's own meaning."""
    pred = predicate_outcome(verb)
    if pred is None and verb.i + 1 < len(verb.doc) and verb.doc[verb.i + 1].lower_ == "dead":
        pred = Trigger("killed", verb.doc[verb.i + 1])  # "shot dead six civilians", misparsed
    if pred is not None and lemma in VERBS and pred.token.lower_ != "dead" and \
            pred.token.dep_ != "prep" and pred.token.lower_ not in words("outcome_fatal_adverbs"):
        return None  # "were wounded" stays wounded whatever participle hangs on it
    return pred


def _rule_predicate(v: _Verb) -> Trigger | None:
    """ "were found dead", "12 reported dead", "lay dead": the complement says what happened."""
    if v.pred is None:
        return None
    if v.role in _PASSIVE_ROLES or v.lemma in _REPORTING or v.lemma in ("be", "lie", "remain") \
            or v.role == "nsubj" and (v.lemma in ("die", "lie") or _is_passive(v.token)):
        return v.pred
    return None


def _rule_conjunct(v: _Verb) -> Trigger | None:
    """ "kidnapped and killed": the worse outcome is the one to count."""
    conj = None if v.lemma in INTRANSITIVE else _conj_outcome(v.token, v.role)
    if conj is not None and (v.lemma not in VERBS or v.lemma == "shoot"
                             or conj.outcome == "killed"):
        return conj
    return None


def _rule_shot(v: _Verb) -> Trigger | None:
    """ "was shot": killed only when the death is stated; see shot_outcome and read_as."""
    if v.lemma == "shoot" and (v.role in _PASSIVE_ROLES
                               or v.role == "nsubj" and _hit_in_body(v.token)):
        return shot_outcome(v.token)
    return None


def _rule_set_ablaze(v: _Verb) -> Trigger | None:
    """ "seven persons were set ablaze"."""
    if v.lemma == "set" and v.role in _PASSIVE_ROLES and any(
            c.lower_ in ("ablaze", "alight") for c in v.token.children):
        return Trigger("killed", v.token)
    return None


def _rule_drowned(v: _Verb) -> Trigger | None:
    """ "3 people drowned": a transitive verb used of the subject's own fate."""
    if v.lemma in INTRANSITIVE_TOO and v.role == "nsubj" and not _has_object(v.token):
        return Trigger(VERBS[v.lemma], v.token)
    return None


def _rule_outcome_verb(v: _Verb) -> Trigger | None | Literal[False]:
    """ "killed 12", "12 were wounded"; the subject of an active outcome verb is the killer."""
    if v.lemma not in VERBS:
        return None
    if v.role in ("dobj", "nsubjpass", "attr", "oprd") or v.role == "nsubj" and (
            _is_passive(v.token) and not _has_object(v.token)):
        return Trigger(VERBS[v.lemma], v.token)
    return NO_OUTCOME


def _rule_intransitive(v: _Verb) -> Trigger | None:
    """ "12 people died", "thousands fled"."""
    if v.lemma in INTRANSITIVE and v.role in ("nsubj", "nsubjpass"):
        return Trigger(INTRANSITIVE[v.lemma], v.token)
    return None


def _rule_with_injuries(v: _Verb) -> Trigger | None:
    """ "eight others escaped with injuries"; "three men were found with gunshot wounds",
    "eight people were taken to San Francisco General with injuries": hurt, and where only
    wounds are told, hit with the fate still unsaid (as "were shot")."""
    if v.role not in ("nsubj", "nsubjpass"):
        return None
    harm = [g for c in v.token.children if c.dep_ == "prep" and c.lower_ == "with"
            for g in c.children if g.lemma_ in ("injury", "wound")]
    if not harm:
        return None
    fate_unsaid = v.role == "nsubjpass" and harm[0].lemma_ == "wound"
    return Trigger("injured", v.token, rule=SHOT_UNSTATED if fate_unsaid else "")


def _rule_survived(v: _Verb) -> Trigger | None:
    """ "four other victims survived the attack with injuries": survivors are not the dead."""
    if v.lemma != "survive" or v.role != "nsubj":
        return None
    hurt = any(g.lemma_ in ("injury", "wound") for c in v.token.children if c.dep_ == "prep"
               for g in c.children)
    return Trigger("injured", v.token, weak=not hurt)


def _rule_sustained(v: _Verb) -> Trigger | None:
    """ "15 people sustained injuries"."""
    if v.lemma not in ("sustain", "suffer", "receive", "incur") or v.role != "nsubj":
        return None
    for child in v.token.children:
        if child.dep_ == "dobj" and (child.lemma_ in ("injury", "wound", "burn", "degree")
                                     or child.lower_ in ("injuries", "wounds", "burns")):
            # "suffered gunshot wounds": hit, and the fate still unsaid (as "were shot")
            gunshot = child.lemma_ == "wound" and any(
                c.lower_ in ("gunshot", "bullet") for c in child.children)
            return Trigger("injured", v.token, rule=SHOT_UNSTATED if gunshot else "")
    return None


def _rule_said_misparse(v: _Verb) -> Trigger | None:
    """ "The observatory said 745 civilians, ... and 148 militants were killed" (misparse)."""
    if v.lemma not in SAY_LIKE or v.role != "dobj":
        return None
    for child in v.token.children:
        if child.dep_ == "conj" and _lemma(child) in VERBS and _is_passive(child):
            return Trigger(VERBS[_lemma(child)], child, weak=True)
    return None


def _rule_went_missing(v: _Verb) -> Trigger | None:
    """ "went missing"."""
    return v.pred if v.lemma == "go" and v.role == "nsubj" else None


def _rule_lost_lives(v: _Verb) -> Trigger | None:
    """ "lost their lives"."""
    if v.lemma == "lose" and v.role == "nsubj" and any(
            c.dep_ == "dobj" and c.lemma_ in ("life", "live") for c in v.token.children):
        return Trigger("killed", v.token)
    return None


def _rule_forced_out(v: _Verb) -> Trigger | None:
    """ "forcing thousands to flee"."""
    if v.lemma not in FORCE_VERBS or v.role not in _PASSIVE_ROLES:
        return None
    for child in v.token.children:
        if child.dep_ in ("xcomp", "ccomp") and _lemma(child) in ("flee", "leave", "evacuate",
                                                                  "abandon"):
            return Trigger("displaced", child)
    return None


def _rule_death_verb(v: _Verb) -> Trigger | None | Literal[False]:
    """ "31 victims were laid to rest", "the bodies were recovered"."""
    if v.lemma not in DEATH_VERBS or v.role not in ("nsubjpass", "dobj"):
        return None
    if v.lemma == "lay" and not any(c.lemma_ == "rest" for c in v.token.subtree):
        return NO_OUTCOME
    if v.lemma in ("find", "recover") and v.pred is None and v.role != "dobj":
        return NO_OUTCOME
    return Trigger("killed", v.token, weak=v.lemma in ("find",))


def _rule_struck_by_gunfire(v: _Verb) -> Trigger | None:
    """ "four victims who had been struck by gunfire", "hit by a stray bullet": shot."""
    if v.lemma not in words("outcome_hit_verbs") or v.role not in _PASSIVE_ROLES:
        return None
    agents = [g for c in v.token.children if c.dep_ == "agent" for g in c.children]
    if not any(g.lemma_.lower() in words("outcome_gunfire_words") for g in agents):
        return None
    return shot_outcome(v.token)


def _rule_in_condition(v: _Verb) -> Trigger | None:
    """ "two others remain in critical condition", "three were in serious condition": alive and
    hurt."""
    if v.role != "nsubj" or not _in_condition(v.token) or not _someone(v.token):
        return None
    return Trigger("injured", v.token, rule=SHOT_SURVIVED)


def _someone(verb: Token) -> bool:
    """Whether the verb's subject is a person or a count of people, not "the economy"."""
    return any(c.dep_ == "nsubj" and (c.tag_ in ("PRP", "NNP", "CD") or c.like_num
                                      or c.lemma_.lower() in PERSON_NOUNS
                                      or any(g.dep_ == "nummod" for g in c.children))
               for c in verb.children)


def _in_condition(tok: Token) -> bool:
    """Whether tok has "in critical condition", "in stable condition" or "in critical" under it."""
    for prep in tok.children:
        if prep.dep_ != "prep" or prep.lower_ != "in":
            continue
        for pobj in prep.children:
            states = [pobj] + [c for c in pobj.children if c.dep_ in ("amod", "compound")]
            if any(t.lower_ in words("outcome_condition_states") for t in states):
                return True
    return False


def _rule_taken_to_hospital(v: _Verb) -> Trigger | None:
    """ "the boy was rushed to the hospital": the one carried to hospital was hurt."""
    if v.lemma not in words("outcome_hospital_verbs") or v.role not in _PASSIVE_ROLES:
        return None
    if _clause_word(v.token, "outcome_death_words") is not None:
        return Trigger("killed", v.token, rule=SHOT_DIED)  # "taken to hospital, where he died"
    care = words("outcome_hospital_words")
    for prep in v.token.children:
        if prep.dep_ == "prep" and prep.lower_ == "to" and any(
                t.lower_ in care for c in prep.children if c.dep_ == "pobj" for t in c.subtree):
            return Trigger("injured", v.token, rule=TAKEN_TO_CARE)
    return None


# In order: the first rule that decides wins.
VERB_RULES: tuple[VerbRule, ...] = (
    _rule_predicate, _rule_conjunct, _rule_shot, _rule_set_ablaze, _rule_drowned,
    _rule_outcome_verb, _rule_intransitive, _rule_with_injuries, _rule_survived,
    _rule_sustained, _rule_said_misparse, _rule_went_missing, _rule_lost_lives,
    _rule_forced_out, _rule_death_verb, _rule_taken_to_hospital, _rule_in_condition,
    _rule_struck_by_gunfire,
)


def verb_outcome(verb: Token, role: str) -> Trigger | None:
    """The outcome a verb gives its subject or object, or None (e.g. for the killer)."""
    lemma = _lemma(verb)
    case = _Verb(verb, role, lemma, _verb_predicate(verb, lemma))
    for rule in VERB_RULES:
        found = rule(case)
        if found is not None:
            return found or None  # NO_OUTCOME decides: nothing
    return None


def _conj_outcome(verb: Token, role: str) -> Trigger | None:
    """ "shot and killed 3": the object hangs on the first verb, the outcome on its conjunct."""
    if role not in ("dobj", "nsubjpass"):
        return None
    for child in verb.children:
        if child.dep_ != "conj" or child.pos_ != "VERB" or _has_object(child) or \
                any(c.dep_ in _SUBJECTS for c in child.children):
            continue
        lemma = _lemma(child)
        if lemma in VERBS and lemma != "shoot":
            return Trigger(VERBS[lemma], child)
        if lemma in INTRANSITIVE and role == "nsubjpass":
            return Trigger(INTRANSITIVE[lemma], child)  # "was shot ... and died of his wounds"
    return None


def noun_outcome(noun: Token) -> Trigger | None:
    """The outcome a noun names: "deaths", "bodies", "the dead", "the injured"."""
    lemma = _lemma(noun)
    low = noun.lower_.rstrip("-–")
    if low in NOUNS or lemma in NOUNS and noun.pos_ in ("NOUN", "ADJ", "VERB"):
        return _harm_noun(noun, NOUNS.get(low) or NOUNS[lemma])
    if people_shot(noun):
        return Trigger("injured", noun, rule=SHOT_UNSTATED)  # hit, fate not stated
    event = event_noun(noun)
    if event is not None and noun.i > 0 and multiple_count(noun.nbor(-1)):
        outcome, rule = multiple_events()[event]  # "a triple homicide": three dead
        return Trigger(outcome, noun, rule=rule)  # type: ignore[arg-type]
    found = _tally_outcome(noun) if lemma in _TALLY_NOUNS else None
    if found is not None:
        return found
    if lemma in WEAK_NOUNS or low.rstrip("s") in WEAK_NOUNS:
        return Trigger(WEAK_NOUNS.get(lemma, "killed"), noun, weak=True)
    return None


# Outcomes a noun or participle states firmly; the others ("prisoners", "people captured") are
# states that yield to a verb: "11 prisoners were killed".
_STRONG_OUTCOMES = frozenset(("killed", "injured", "missing"))
# Nouns that count the harmed rather than name them: "the death toll", "the number of dead".
_TALLY_NOUNS = frozenset(("toll", "number", "tally", "figure"))
_TALLY_MODIFIER_DEPS = frozenset(("compound", "amod", "nmod"))


def _harm_noun(noun: Token, outcome: Outcome) -> Trigger:
    """A noun of NOUNS; "a fatal head injury" is a death."""
    if outcome == "injured" and any(c.dep_ == "amod" and c.lower_ in
                                    words("outcome_fatal_adjectives") for c in noun.children):
        outcome = "killed"
    return Trigger(outcome, noun, weak=outcome not in _STRONG_OUTCOMES)


def _tally_outcome(tally: Token) -> Trigger | None:
    """ "the death toll", "the casualty figure", "the number of people killed"; a bare "toll"
    is a death toll."""
    for child in tally.children:
        found = _tally_modifier(child)
        if found is not None:
            return found
    if _lemma(tally) == "toll":
        return Trigger("killed", tally, weak=True)
    return None


def _tally_modifier(child: Token) -> Trigger | None:
    """What a tally noun counts: its modifier ("death toll") or its "of" phrase."""
    if child.dep_ in _TALLY_MODIFIER_DEPS:
        found = noun_outcome(child)
        if found is not None:
            return found
        if child.lemma_ in ("casualty", "victim"):
            return Trigger("killed", child)
    if child.dep_ == "prep" and child.lower_ == "of":
        return _object_outcome(child)
    return None


def _object_outcome(prep: Token) -> Trigger | None:
    """The outcome a preposition's object names: "of the dead", "among the casualties"."""
    for pobj in prep.children:
        found = noun_outcome(pobj) or _participle_outcome(pobj)
        if found is not None:
            return found
    return None


def _participle_outcome(noun: Token) -> Trigger | None:
    """ "people killed", "others wounded", "civilians dead": an outcome modifying the noun."""
    found = _with_injuries(noun) or _harm_adjective_before(noun)
    if found is not None:
        return found
    for child in noun.children:
        if child.dep_ in ("acl", "amod", "relcl") and child.i > noun.i:
            found = _modifier_outcome(child)
            if found is not None:
                return found
    return None


def _with_injuries(noun: Token) -> Trigger | None:
    """ "19 others with severe gun and machete injuries"."""
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "with" and child.i > noun.i and \
                any(g.lemma_ in ("injury", "wound", "burn") for g in child.children):
            return Trigger("injured", child)
    return None


def _harm_adjective_before(noun: Token) -> Trigger | None:
    """ "32 wounded people": a harm word right before the noun."""
    for child in noun.lefts:
        if child.dep_ == "amod" and child.lower_ in _HARM_WORDS and child.i == noun.i - 1:
            return Trigger(ADJECTIVES[child.lower_], child)
    return None


def _modifier_outcome(child: Token) -> Trigger | None:
    """A modifier after the noun: "people who were killed", "civilians dead", "people shot"."""
    if child.dep_ == "relcl":
        return _relative_clause_outcome(child)
    if child.lower_ in ADJECTIVES:
        return Trigger(ADJECTIVES[child.lower_], child)
    if _lemma(child) in VERBS and child.tag_ == "VBN":
        # "six people shot dead": the participle's own predicate decides
        return predicate_outcome(child) or _verb_trigger(child)
    return None


def _relative_clause_outcome(clause: Token) -> Trigger | None:
    """ "people who were killed"; "people the gunmen killed" is still the victims, but it is
    left alone to be safe."""
    subj = [c for c in clause.children if c.dep_ in _SUBJECTS]
    if subj and subj[0].lower_ not in ("who", "that", "which"):
        return None
    return verb_outcome(clause, "nsubjpass" if _is_passive(clause) else "nsubj")


@dataclass
class _Walk:
    """The walk up the parse from a figure: the best weak outcome met so far."""

    weak: Trigger | None = None

    def keep(self, found: Trigger | None) -> Trigger | None:
        """A strong outcome ends the walk; a weak one is remembered in case nothing better comes."""
        if found is not None and not found.weak:
            return found
        self.weak = self.weak or found
        return None


class _Done(NamedTuple):
    """A climbing step that decided (the trigger may be None: decided nothing)."""

    trigger: Trigger | None


# A climbing step decides (_Done), moves on to a token, or stops (None: keep the weak outcome).
_Step = _Done | Token | None
_NOUN_DEPS = frozenset(("conj", "appos", "nummod", "quantmod", "npadvmod", "compound", "nmod"))
_ARGUMENT_DEPS = frozenset(("nsubj", "nsubjpass", "dobj", "attr", "oprd", "dative", "obj", "conj",
                            "ccomp"))


def find_outcome(anchor: Token, noun: Token | None) -> Trigger | None:
    """Walk from a figure's anchor up the parse to the word that says what happened to them."""
    found = _walk_outcome(anchor, noun)
    if found is not None and found.weak and found.token in (noun, anchor) and \
            _lemma(found.token) == "victim":
        return _victims_fate(found)
    if found is not None and found.weak and _lemma(found.token) == "find" and \
            _victim_noun(anchor, noun):
        return _victims_fate(found)  # "police found five victims": their fate is still unsaid
    if found is not None and found.rule == TAKEN_TO_CARE and _victim_noun(anchor, noun):
        if _clause_word(found.token, "outcome_care_injuries") is not None:
            # "the four victims were taken to hospital with non-life-threatening injuries"
            return replace(found, rule=SHOT_SURVIVED)
        # "the five victims were taken to hospital": the victims' fate is still unsaid
        return replace(found, outcome="killed", weak=True, rule=OWN_VICTIM_NOUN)
    return found


def _victim_noun(anchor: Token, noun: Token | None) -> bool:
    return any(tok is not None and _lemma(tok) == "victim" for tok in (noun, anchor))


def _victims_fate(found: Trigger) -> Trigger:
    """ "three victims were in critical condition": injured; "the five victims were taken to
    hospital": nothing said of their fate (see read_as)."""
    head = found.token.head
    if head != found.token and head.pos_ in ("VERB", "AUX") and \
            _clause_word(head, "outcome_survival") is not None:
        return Trigger("injured", head, rule=SHOT_SURVIVED)
    return replace(found, rule=OWN_VICTIM_NOUN)


def _walk_outcome(anchor: Token, noun: Token | None) -> Trigger | None:
    share = fatal_share(anchor)
    if share is not None:
        return share
    walk = _Walk()
    found = _own_words(anchor, noun, walk) or _next_adjective(anchor, noun, walk)
    if found is not None:
        return found
    tok = anchor
    for _ in range(8):
        step = _climb_step(tok, walk)
        if isinstance(step, _Done):
            return step.trigger
        if step is None:
            break
        tok = step
    return walk.weak


def _own_words(anchor: Token, noun: Token | None, walk: _Walk) -> Trigger | None:
    """The figure's own noun or participle: "12 deaths", "people killed", "the injured"."""
    for tok in (noun, anchor):
        if tok is None:
            continue
        own = noun_outcome(tok)
        if own is not None and own.weak and _lemma(tok) == "victim":
            own = replace(own, rule=OWN_VICTIM_NOUN)
        found = own if own is not None and not own.weak else _participle_outcome(tok) or own
        if found is not None and found.outcome not in _STRONG_OUTCOMES:
            found = Trigger(found.outcome, found.token, weak=True)  # "people captured" yields
        decided = walk.keep(found)
        if decided is not None:
            return decided
    return None


def _next_adjective(anchor: Token, noun: Token | None, walk: _Walk) -> Trigger | None:
    """ "200 dead" even when misparsed; "three abducted" only if nothing better comes."""
    nxt = _next_word(anchor if noun is None or noun.i < anchor.i else noun)
    if nxt is None or nxt.lower_ not in ADJECTIVES or nxt.dep_ == "ROOT" or not (
            nxt.head.i <= nxt.i or nxt.head == anchor or nxt.dep_ in ("amod", "acl")):
        return None
    return walk.keep(Trigger(ADJECTIVES[nxt.lower_], nxt, weak=nxt.lower_ not in _HARM_WORDS))


def _climb_step(tok: Token, walk: _Walk) -> _Step:
    """One step up the parse, by the dependency that links the token to its head."""
    head = tok.head
    if head == tok:
        return None
    if tok.dep_ in _NOUN_DEPS:  # before the argument deps: a conjunct climbs to its noun
        found = walk.keep(_participle_outcome(head) or noun_outcome(head))
        return _Done(found) if found is not None else head
    if tok.dep_ == "pobj":
        return _climb_preposition(head, walk)
    if tok.dep_ in _ARGUMENT_DEPS:
        return _climb_argument(tok.dep_, head)
    return None


def _lives_of(lives: Token) -> Trigger:
    """ "claimed the lives of 56"."""
    found = verb_outcome(lives.head, "dobj") if lives.head != lives else None
    return found or Trigger("killed", lives)


def _climb_preposition(prep: Token, walk: _Walk) -> _Step:
    """A figure in a prepositional phrase: "the lives of 56", "alongside 120 fighters",
    "dozens of people", "the toll rose to 45"."""
    gov = prep.head
    word = prep.lower_
    if word == "of" and gov.lemma_ in ("life", "live"):
        return _Done(_lives_of(gov))
    if word in _ALONG or word == "of" and gov.pos_ in ("NOUN", "PRON", "NUM"):
        return _climb_along(word, gov, walk)
    if word in words("outcome_toll_prepositions") and gov != prep:
        if gov.pos_ == "ADV" and gov.head != gov:
            gov = gov.head  # "rose to 15, up from 10"
        found = _toll_outcome(gov)
        if found is not None:
            return _Done(found)
    if word == "of" and gov.lemma_ == "life":
        return _Done(_lives_of(gov))
    return None if gov.pos_ in ("VERB", "AUX") else gov


def _climb_along(word: str, gov: Token, walk: _Walk) -> _Step:
    """ "alongside 120 fighters", "including 5 children", "dozens of people"."""
    if word in _ALONG and gov.pos_ in ("VERB", "AUX"):
        # "428 were killed, alongside 120 fighters": share the verb's victims' outcome
        role = "nsubjpass" if _is_passive(gov) else "dobj"
        return _Done(verb_outcome(gov, role) or _toll_outcome(gov) or walk.weak)
    found = (noun_outcome(gov) or _participle_outcome(gov)) if gov.pos_ != "VERB" else None
    decided = walk.keep(found)
    return _Done(decided) if decided is not None else gov


def _climb_argument(dep: str, head: Token) -> _Step:
    """A figure that is a verb's or noun's argument: the last step of the walk."""
    if head.pos_ in ("VERB", "AUX", "ADJ"):
        found = verb_outcome(head, dep) or _toll_outcome(head) or _among_outcome(head)
        if found is not None:
            return _Done(found)
        if dep == "nsubj" and _lemma(head) in VERBS and _has_object(head):
            return _Done(None)  # the killers, not the killed
    if head.pos_ in ("NOUN", "PROPN"):
        found = noun_outcome(head)
        if found is not None and not found.weak:
            return _Done(found)
    return None


def surface_outcome(anchor: Token, noun: Token | None) -> Trigger | None:
    """When the parse fails: a participle just right of the figure ("were on Monday killed")."""
    left = _left_verb(anchor)
    if left is not None:
        return left
    last = max(anchor.i, noun.i if noun is not None else anchor.i)
    return _participle_after(anchor.doc, last + 1)


# What may stand between a figure and its participle besides an auxiliary.
_GAP_ENTITIES = frozenset(("DATE", "TIME"))
_GAP_WORDS = frozenset(("on", "in"))


def _participle_after(doc: Doc, i: int) -> Trigger | None:
    """An outcome word within 12 words from ``i``, reached over auxiliaries, adverbs, dates and
    commas around an aside."""
    seen_aux = False
    end = min(len(doc), i + 12)
    while i < end:
        tok = doc[i]
        found = _surface_word(tok, seen_aux)
        if found is not None:
            return found
        if tok.text == ",":
            i = _after_aside(doc, i, end)
            continue
        if tok.pos_ == "AUX":
            seen_aux = True
        elif not _gap_word(tok):
            break
        i += 1
    return None


def _gap_word(tok: Token) -> bool:
    return tok.pos_ in _GAP_POS or tok.ent_type_ in _GAP_ENTITIES or tok.lower_ in _GAP_WORDS


def _surface_word(tok: Token, seen_aux: bool) -> Trigger | None:
    """ "200 dead" any time; "were killed", "were on Monday wounded" after an auxiliary."""
    if tok.lower_ in ADJECTIVES and (seen_aux or tok.lower_ == "dead"):
        return Trigger(ADJECTIVES[tok.lower_], tok, weak=True)
    if seen_aux and tok.tag_ == "VBN" and _lemma(tok) in VERBS:
        return Trigger(VERBS[_lemma(tok)], tok, weak=True)
    return None


def _after_aside(doc: Doc, comma: int, end: int) -> int:
    """Where to read on after a comma: past "mainly women and children," in "29 persons, mainly
    women and children, were, yesterday, killed" (an aside without a verb), else the next word."""
    close = next((k for k in range(comma + 1, min(end, comma + 9)) if doc[k].text == ","), None)
    if close is not None and not any(doc[k].pos_ in ("VERB", "AUX")
                                     for k in range(comma + 1, close)):
        return close + 1
    return comma + 1


_QUALIFIER_WORDS = frozenset(("at", "least", "more", "than", "about", "nearly", "some", "over",
                              "up", "to", "another", "an", "additional", "a", "around", "almost",
                              "as", "many", "no", "fewer", "less", "further", "estimated"))


def _left_verb(anchor: Token) -> Trigger | None:
    """ "and wounded at least 20 late on Friday": an active outcome verb just before the figure."""
    doc = anchor.doc
    i = anchor.i - 1
    while i >= 0 and (doc[i].lower_ in _QUALIFIER_WORDS or doc[i].like_num):
        i -= 1
    if i < 0 or i == anchor.i - 1 and not anchor.like_num:
        return None
    verb = doc[i]
    active = verb.tag_ in ("VBD", "VBG", "VBZ", "VBP")
    if active and _lemma(verb) in VERBS and _lemma(verb) != "shoot":
        return Trigger(VERBS[_lemma(verb)], verb, weak=True)
    return None


def _toll_outcome(verb: Token) -> Trigger | None:
    """ "the death toll rose to 45", "bringing the toll to 12", "the dead included 6"."""
    if _lemma(verb) not in TOLL_VERBS and verb.pos_ not in ("NOUN",):
        return None
    if verb.pos_ == "NOUN":
        return noun_outcome(verb)
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj", "attr"):
            found = noun_outcome(child) or _participle_outcome(child)
            if found is not None and (not found.weak or _lemma(child) in ("toll", "victim",
                                                                           "casualty")):
                return found
    return None


def _among_outcome(verb: Token) -> Trigger | None:
    """ "among the casualties were 745 civilians"."""
    if _lemma(verb) not in ("be", "include"):
        return None
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "among":
            found = _object_outcome(child)
            if found is not None:
                return found
    return None


def _next_word(tok: Token) -> Token | None:
    doc = tok.doc
    i = tok.i + 1
    while i < len(doc) and doc[i].is_punct and doc[i].text not in (",", ".", ";"):
        i += 1
    return doc[i] if i < len(doc) else None
