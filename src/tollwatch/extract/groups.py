"""Who a figure counts: total, civilians, security forces, armed group, or the attackers themselves.

The group comes from the head noun of the figure ("745 civilians", "125 members of government
security forces", "two suicide bombers"); the subgroup keeps the narrowing words ("Alawite
civilians", "children", "pro-Assad fighters").
"""

from __future__ import annotations

from spacy.tokens import Token

from tollwatch.lexicon import words
from tollwatch.model import Group

SECURITY = frozenset((
    "soldier", "troop", "police", "policeman", "policemen", "policewoman", "officer", "personnel",
    "force", "guard", "army", "gendarme", "peacekeeper", "serviceman", "servicemen", "commando",
    "marine", "cop", "constable", "trooper", "paramilitary", "militiaman", "militiamen",
    "conscript", "recruit", "airman", "sailor", "agent", "ranger", "patrolman", "cadet",
    "security", "military", "sergeant", "lieutenant", "captain", "colonel", "general",
    "commander", "pilot", "jawan", "sepoy", "gendarmerie", "policemen",
))
ARMED = frozenset((
    "militant", "fighter", "insurgent", "rebel", "terrorist", "jihadist", "jihadi", "extremist",
    "guerrilla", "guerilla", "loyalist", "combatant", "separatist", "islamist", "mujahid",
    "mujahideen", "bandit", "gang", "kidnapper", "abductor", "gangster", "dissident", "shabaab",
    "taliban",
))
PERPETRATORS = frozenset((
    "attacker", "assailant", "bomber", "gunman", "gunmen", "perpetrator", "raider", "hijacker",
    "shooter", "infiltrator",
))
CIVILIAN_SUBGROUPS = frozenset((
    "child", "children", "woman", "women", "girl", "boy", "baby", "infant", "toddler", "teenager",
    "minor", "student", "pupil", "schoolchild", "schoolchildren", "farmer", "villager",
    "worshipper",
    "worshiper", "pilgrim", "passenger", "resident", "shopper", "teacher", "doctor", "nurse",
    "journalist", "reporter", "aid", "worker", "volunteer", "refugee", "migrant", "herder",
    "fisherman", "fishermen", "trader", "merchant", "driver", "elder", "elderly", "man", "men",
    "family", "relative", "mourner", "guest", "tourist", "foreigner", "employee", "patient",
    "protester", "protestor", "demonstrator", "activist", "priest", "imam", "cleric", "monk",
    "nun", "chief", "leader", "politician", "official", "lawyer", "judge", "engineer", "miner",
    "laborer", "labourer", "customer", "spectator", "fan", "player", "athlete", "christian",
    "muslim", "shia", "shiite", "sunni", "hindu", "yazidi", "alawite", "villager", "inmate",
    "prisoner", "detainee", "pedestrian", "bystander", "parishioner", "congregant", "youth",
    "girls", "boys", "mother", "father", "son", "daughter", "wife", "husband", "brother", "sister",
    "civilian", "national", "citizen", "hostage",
))
# Nouns that count everyone without saying who.
TOTAL = frozenset((
    "people", "person", "persons", "other", "others", "individual", "victim", "casualty", "life",
    "death", "body", "corpse", "dead", "injured", "wounded", "fatality", "one", "human", "soul",
    "those", "injury", "toll",
))
# Modifiers that do not narrow a group.
_PLAIN = frozenset((
    "other", "more", "additional", "further", "innocent", "unarmed", "armed", "government",
    "security", "state", "army", "police", "military", "several", "many", "some", "all",
    "least", "at", "about", "nearly", "around", "over", "the", "a", "an", "of", "and", "-",
    "local", "fellow", "total", "suspected", "alleged", "reported", "estimated", "seriously",
    "critically", "slightly", "badly", "rival", "most", "only", "just", "top", "senior",
    "dead", "killed", "injured", "wounded", "missing", "slain", "unidentified", "unknown",
))


def group_of_word(word: str) -> Group | None:
    """The group a single noun lemma names, or None when it names nobody in particular."""
    w = word.lower()
    stem = w[:-1] if w.endswith("s") and w[:-1] in (SECURITY | ARMED | PERPETRATORS) else w
    if stem in PERPETRATORS:
        return "perpetrators"
    if stem in SECURITY:
        return "security_forces"
    if stem in ARMED:
        return "armed_group"
    if w == "civilian" or w == "civilians" or stem in CIVILIAN_SUBGROUPS:
        return "civilians"
    return None


def find_group(noun: Token | None) -> tuple[Group, str | None]:
    """Group and subgroup of a figure's head noun ("total" when it names nobody in particular)."""
    if noun is None:
        return "total", None
    members = _members_group(noun) if _counts_members(noun) else None
    if members is not None:
        return members, None
    group = group_of_word(noun.lemma_) or group_of_word(noun.lower_) or _compound_group(noun)
    if group is None:
        return _ungrouped(noun)
    return group, _subgroup(noun, group)


def _counts_members(noun: Token) -> bool:
    """ "members", "ranks", "personnel": words whose group is named in their of-phrase."""
    return noun.lemma_.lower() in ("member", "rank", "personnel") or noun.lower_ in ("members",)


def _members_group(noun: Token) -> Group | None:
    """ "125 members of government security forces": the group is in the of-phrase."""
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                return _group_of_members(objs[0])
    return None


def _group_of_members(obj: Token) -> Group:
    """The group the object of "members of" names; attackers' members are an armed group, and so
    are the members of a named organisation or of a "group" or "militia"."""
    group = group_of_word(obj.lemma_) or group_of_word(obj.lower_)
    if group is not None:
        return "armed_group" if group == "perpetrators" else group
    if obj.ent_type_ in ("ORG", "NORP") or obj.lemma_ in ("group", "militia"):
        return "armed_group"
    return "total"


def _ungrouped(noun: Token) -> tuple[Group, str | None]:
    """A noun no group word names: civilians when a nationality ("two Britons"), else total."""
    if noun.lemma_.lower() in TOTAL or noun.lower_ in TOTAL or noun.pos_ == "NUM":
        return "total", None
    if noun.ent_type_ in ("NORP",):
        return "civilians", noun.text
    return "total", None


def _compound_group(noun: Token) -> Group | None:
    for child in noun.children:
        if child.dep_ == "compound":
            group = group_of_word(child.lemma_)
            if group in ("security_forces", "perpetrators"):
                return group
    return None


def _subgroup(noun: Token, group: Group) -> str | None:
    """The noun with its narrowing modifiers, or None when it is just the group's own name."""
    mods = [c for c in noun.lefts if c.dep_ in ("amod", "compound", "nmod", "npadvmod")
            or (c.dep_ == "punct" and c.text == "-")]
    narrowing = [m for m in mods if m.lower_ not in _PLAIN and not m.like_num
                 and group_of_word(m.lemma_) not in ("security_forces", "armed_group")]
    lemma = noun.lemma_.lower()
    plain_head = lemma in words("group_plain_heads") or group == "armed_group" \
        and lemma in ("fighter", "member")
    if not narrowing and plain_head:
        return None
    if not narrowing:
        return noun.text if group == "civilians" else None
    start = min(m.i for m in mods if m in narrowing or m.i > min(n.i for n in narrowing))
    return noun.doc[start:noun.i + 1].text
