"""Where place names stand in a spaCy Doc: NER places, and names the text itself calls places.

spaCy's small English model misses or mislabels many towns ("killed in Cizre" as PERSON,
"Mbuji-Mayi" as ORG), so capitalised names in a place context ("in", "the town of",
"X village") are candidates too; the gazetteer and the story's countries confirm them later.
"""

from __future__ import annotations

import functools
import re

from spacy.tokens import Doc, Span

from tollwatch.geo.evidence import DEMONYM_FILE, demonyms, evidence_patterns
from tollwatch.geo.gazetteer import AREA_WORDS, Gazetteer
from tollwatch.geo.names import name_key
from tollwatch.geo.vocab import (
    admin2_words,
    direction_words,
    long_name_area_words,
    settlement_words,
)
from tollwatch.lexicon import words as lexicon_words

# Labels the small model wrongly gives to towns ("Mbuji-Mayi" ORG, "Moyale" PRODUCT).
OPEN_LABELS = frozenset({"ORG", "PERSON", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW",
                         "LANGUAGE"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Words before a capitalised name that make it a place even when spaCy did not say so.
PLACE_PREPOSITIONS = frozenset({"in", "near", "at", "outside", "of", "from", "to", "around",
                                "between"})
# A name ending in one of these is a street or a road, not a place to locate ("Kashmir Road").
STREET_WORDS = frozenset({"road", "street", "avenue", "highway", "bridge", "square", "lane",
                          "boulevard", "expressway", "roundabout", "junction", "drive"})
SETTLEMENT_WORDS = settlement_words()
_LEADING = re.compile(r"^(?:the\s+)", re.I)
_POSSESSIVE = re.compile(r"(?:'s|’s|')$")
NAME_POS = frozenset({"PROPN", "NOUN", "ADJ", "X"})
# Compass words and the words that stand with them before a name ("in restive northern X").
DIRECTION_WORDS = direction_words() | lexicon_words("geo_place_modifiers")
AREA_PATTERN = re.compile(
    r"\b(?:[A-Z][\w'’-]+ ){1,2}(?i:local government(?: area)?|"
    + "|".join(map(re.escape, long_name_area_words())) + r")\b")
# Arabic articles written lower case before a hyphen: "al-Arish", "ash-Shifa".
ARTICLES = frozenset({"al", "el", "ar", "as", "ash", "ad", "adh", "an", "at", "az", "ath"})
NAME_CONNECTORS = frozenset({"de", "del", "da", "do", "dos", "das", "la", "el", "es", "al", "ul",
                             "ez", "ash", "as", "du", "des", "y"})
# Second-order areas are mostly named after their seat town ("Konduga Local Government Area",
# "Rutshuru territory"): the name is an admin-1 area or else that town, never a country.
ADMIN2_WORDS = admin2_words()
ADMIN2_SUFFIX = re.compile(r"\s+(?:local\s+government(?:\s+area|\s+council)?|lga)$", re.I)
# Words that say what kind of place a name is: "Somali Region" keeps its demonym.
KIND_WORDS = frozenset({*AREA_WORDS, *ADMIN2_WORDS, *SETTLEMENT_WORDS, "regional"})
# "X State" phrases that name a group or an idea, not an area.
NOT_AREAS = frozenset({"islamic state", "sovereign state", "nation state", "member state",
                       "police state", "deep state"})
# "Republic of Ingushetia", "Province of Sindh": the kind of area before its name.
AREA_OF = re.compile(r"(?:.*\s)?(republic|" + "|".join(sorted(AREA_WORDS, key=len, reverse=True))
                     + r")\s+of\s+(?:the\s+)?(?=[A-Z])", re.I)
AREA_QUALIFIERS = frozenset({"regional", "federal", "autonomous", "administrative", "special"})
# Words before a name that make it a neighbour or an origin rather than the scene.
ASIDE = re.compile(r"(?:(?:borders?|frontier)\s+(?:with|of)|bordering|from|into|fled\s+to|"
                   r"crossing\s+(?:into|from)|-backed|backed\s+by|led\s+by|"
                   r"(?:trip|visit|travel|journey|flight|return)s?\s+to|born\s+in|hail(?:s|ed)?"
                   r"\s+from)\s+(?:the\s+)?\Z", re.I)
# A country ending an organisation's name: "Democratic Forces for the Liberation of Rwanda",
# "Tehreek-i-Taliban Pakistan". It names the group's cause, not the scene.
ORG_OF = re.compile(r"(?:\b(?:Liberation|Independence|Salvation|Emancipation|Freedom|Front|"
                    r"Movement|Party|Army|Forces|Association|Embassy)\s+(?:of|for)\s+"
                    r"(?:the\s+)?|\bTaliban\s+)\Z")
# "U.S-born", "Nigeria-based": the country of an actor, not of the scene.
ATTRIBUTE_AFTER = re.compile(
    r"['’]?s?\s*[-‐‑]\s*(?:based|born|led|backed|funded|run|bound)\b", re.I)
PLACE_HEADS = frozenset({*SETTLEMENT_WORDS, *AREA_WORDS, *DIRECTION_WORDS, "border", "borders",
                         "coast", "part", "parts", "area", "areas", "countryside", "outskirts",
                         "side", "territory", "soil", "capital", "frontier", "interior"})


def _known(words: list[str], gaz: Gazetteer) -> bool:
    """Whether the words name a place, with or without a final area word."""
    if gaz.rows(" ".join(words)):
        return True
    return (len(words) > 2 and words[-1].casefold() in AREA_WORDS
            and bool(gaz.rows(" ".join(words[:-1]))))


def clean_name(text: str, gaz: Gazetteer) -> tuple[str, str | None]:
    """Strip 'the', possessives and area words; return the name and a kind hint."""
    text = _POSSESSIVE.sub("", _LEADING.sub("", text.strip()))
    words = text.split()
    if " ".join(words[:2]).casefold() in NOT_AREAS:
        return "", None
    area_of = AREA_OF.match(text)
    if area_of and not gaz.rows(text):
        # "the North Caucasus Republic of Ingushetia", "the Province of Sindh"
        kind = area_of.group(1).casefold()
        return text[area_of.end():], "area" if kind in ADMIN2_WORDS else "admin1"
    words = _without_lead_words(words, gaz)
    if gaz.rows(" ".join(words)):
        return " ".join(words), None  # "Cape Town", "Benin City": the suffix is part of the name
    bare = ADMIN2_SUFFIX.sub("", " ".join(words))
    if bare != " ".join(words):
        return bare, "area"
    return _without_kind_word(words, gaz)


def _drops_first(words: list[str], gaz: Gazetteer) -> bool:
    """Whether the first word describes the place rather than naming it."""
    first = words[0]
    if first.casefold().replace("-", "") in DIRECTION_WORDS:
        # "west Ethiopia", "north-east Nigeria"; but "South Sudan", "Far North Region" stay
        return not _known(words, gaz)
    if gaz.rows(" ".join(words)):
        return False
    if name_key(first) in demonyms():
        # "northeastern Nigerian Damboa": the demonym is evidence apart from the town; but
        # "the Pakistani Taliban" is an armed group, not a town called Taliban.
        return (words[1].casefold() not in KIND_WORDS
                and name_key(" ".join(words[1:])) not in evidence_patterns()[2])
    if bare_possessive(first, gaz) is not None:
        return True  # "Syrias Idlib": text that lost its apostrophes ("Syria's Idlib")
    # "Houthi-controlled Ibb", "rebel-held Idlib": the town is the rest
    return "-" in first and len(first.rsplit("-", 1)[1]) > 3 and first.rsplit("-", 1)[1].islower()


def _without_lead_words(words: list[str], gaz: Gazetteer) -> list[str]:
    """The name without the directions, demonyms and modifiers written before it."""
    while len(words) > 1 and _drops_first(words, gaz):
        words = words[1:]
    return words


def _without_kind_word(words: list[str], gaz: Gazetteer) -> tuple[str, str | None]:
    """'Latakia province' -> ('Latakia', 'admin1'); 'Konduga town' -> a populated place."""
    hint = None
    if len(words) > 1 and words[-1].casefold() in AREA_WORDS:
        hint = "area" if words[-1].casefold() in ADMIN2_WORDS else "admin1"
        words = words[:-1]
        while len(words) > 1 and words[-1].casefold() in AREA_QUALIFIERS:
            words = words[:-1]  # "Oromiya Regional State"
    elif len(words) > 1 and words[-1].casefold() in SETTLEMENT_WORDS:
        words, hint = words[:-1], "populated place"
    while (len(words) > 1 and words[-1].casefold() in DIRECTION_WORDS
           and not gaz.rows(" ".join(words))):
        words = words[:-1]  # "Jos East", "Jos North": council areas named after the town
    return " ".join(words), hint


def bare_possessive(word: str, gaz: Gazetteer) -> str | None:
    """The country of a possessive written without its apostrophe ('Syrias', 'Russias'),
    as text stripped of apostrophes writes it; None for any other word."""
    if len(word) < 5 or not word.isalpha() or not word.endswith("s") or gaz.is_country(word):
        return None
    return next((e.country for e in gaz.lookup(word[:-1]) if e.kind == "country"), None)


def kind_hint_from_context(doc: Doc, start: int, end: int) -> str | None:
    """'Latakia province' / 'city of Jalalabad' say which kind of place a name is."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    # Only the word right before, or "<word> of": "a village in Mali" says nothing of Mali.
    before = [t.lower_ for t in doc[max(0, span.start - 2):span.start]]
    if len(before) == 2 and before[1] == "of":
        before = before[:1]
    elif before:
        before = before[-1:]
    if after in ADMIN2_WORDS or after == "lga" or (after == "local" and span.end + 1 < len(doc)
                                                  and doc[span.end + 1].lower_ == "government"):
        return "area"
    if after in AREA_WORDS:
        return "admin1"
    if after in SETTLEMENT_WORDS or any(w in SETTLEMENT_WORDS for w in before):
        return "populated place"
    if any(w in AREA_WORDS for w in before):
        return "admin1"
    return None


def triggered(doc: Doc, i: int, j: int) -> bool:
    """A name preceded by 'in', 'near', 'the town of', 'the capital', or followed by 'town'."""
    before = doc[i - 1].lower_ if i > 0 else ""
    if before == "-" and i > 2 and doc[i - 2].lower_ in ARTICLES:  # "from al-Arish"
        i, before = i - 2, doc[i - 3].lower_
    if before in DIRECTION_WORDS and i > 1:  # "in central Kiev", "in northern Borno"
        i, before = i - 1, doc[i - 2].lower_
    if before == "the" and i > 1:  # "invading the Zaki Biam community", "at the Biu market"
        before = doc[i - 2].lower_
    after = doc[j + 1].lower_ if j + 1 < len(doc) else ""
    if after.endswith("s") and after[:-1] in AREA_WORDS:  # "Nord Kivu and Itur provinces"
        after = after[:-1]
    return (before in PLACE_PREPOSITIONS or before in SETTLEMENT_WORDS
            or after in SETTLEMENT_WORDS or after in AREA_WORDS or after in ADMIN2_WORDS)


def _declared(doc: Doc, i: int, j: int) -> bool:
    """The text itself says this is a settlement: 'the village of X', 'X town', 'X, a village'."""
    before = [t.lower_ for t in doc[max(0, i - 2):i]]
    if len(before) == 2 and before[1] == "of" and before[0] in SETTLEMENT_WORDS:
        return True
    after = [t.lower_ for t in doc[j + 1:j + 6]]
    if after and after[0] in SETTLEMENT_WORDS:
        return True
    if len(after) > 2 and after[0] == "," and after[1] in ("a", "an", "the"):
        return any(w in SETTLEMENT_WORDS for w in after[2:])
    return False


def _split_listed(text: str, start: int, gaz: Gazetteer) -> list[tuple[str, int, int, bool]]:
    """'Jos North, Nigeria' tagged as one entity is two names, the second holding the first.

    So is 'Menka Cameroon': a name the gazetteer lacks that ends in a country's name.
    """
    parts, offset = [], 0
    if " in " in text and not gaz.rows(text):  # "Oramiyan Street in Egor"
        head, _, tail = text.partition(" in ")
        cut = len(head) + len(" in ")
        return [*_split_listed(head, start, gaz), *_split_listed(tail, start + cut, gaz)]
    for piece in text.split(","):
        name = piece.strip()
        if name:
            at = start + offset + piece.index(name)
            head, _, last = name.rpartition(" ")
            country = _POSSESSIVE.sub("", last)  # "Kolofata Cameroon's restive Far North"
            if (head and not gaz.rows(name) and gaz.is_country(country) and head[:1].isupper()
                    and head.casefold() not in FEATURE_WORDS):
                parts.append((head, at, at + len(head), True))
                parts.append((country, at + len(head) + 1, at + len(head) + 1 + len(country),
                              True))
            else:
                parts.append((name, at, at + len(name), True))
        offset += len(piece) + 1
    return parts


# A name the NER cut before its connector: "Santana" + " do Ipanema".
_CONTINUATION = re.compile(r" (?:de|do|da|dos|das|del|la|el|es|al) [A-Z][\w'’-]*"
                           r"(?: [A-Z][\w'’-]*)?")


def _continued(span: tuple[str, int, int, bool], text: str,
               gaz: Gazetteer) -> tuple[str, int, int, bool]:
    """The span grown over 'do Ipanema', 'del Aguaray' when the gazetteer knows the whole."""
    m = _CONTINUATION.match(text, span[2])
    if m is None:
        return span
    first_word = text.index(" ", span[2] + 1) + 1
    first_end = text.find(" ", first_word)
    for end in (m.end(), first_end if 0 < first_end < m.end() else -1):
        if end > 0 and gaz.rows(text[span[1]:end]):
            return (text[span[1]:end], span[1], end, span[3])
    return span


def _adjectival(ent: Span) -> bool:
    """'the Kurdish city of Cizre': a nationality adjective, not the name of a town."""
    return ent.label_ == "NORP" and all(t.pos_ == "ADJ" for t in ent)


def _country_pair(span: Span, gaz: Gazetteer) -> list[tuple[str, int, int, bool]]:
    """'Mali-Niger', 'Libya-Chad': two countries joined by a hyphen, as two names."""
    parts = [t for t in span if t.text != "-"]
    if (len(parts) != 2 or len(span) != 3 or span[1].text != "-"
            or not all(gaz.is_country(t.text) for t in parts)):
        return []
    return [(t.text, t.idx, t.idx + len(t.text), False) for t in parts]


Found = list[tuple[str, int, int, bool]]  # (text, start, end, surely a place)


def candidate_spans(doc: Doc, gaz: Gazetteer, text: str | None = None) -> Found:
    """Place-like spans: NER GPE/LOC/FAC, plus capitalised names in a place context.

    The last field says whether the span is surely a place (named so by the NER or by the
    text's own words); other spans count only where the gazetteer and the story agree.
    """
    text = text or doc.text
    found = _ner_places(doc, gaz, text)
    taken = _taken_tokens(doc, gaz)
    i = 0
    while i < len(doc):
        if not _may_start_name(doc, i, taken, gaz):
            i += 1
            continue
        j = _name_end(doc, i, taken)
        found.extend(_context_name(doc, i, j, found, gaz))
        i = j + 1
    return _join_ezafe(sorted(_with_area_phrases(found, text), key=lambda f: f[1]), text)


def _ner_places(doc: Doc, gaz: Gazetteer, text: str) -> Found:
    """The NER's places, a listed pair split ('Jos North, Nigeria') and a cut name grown."""
    return [_continued(part, text, gaz) for e in doc.ents if e.label_ in PLACE_LABELS
            for part in _split_listed(e.text, e.start_char, gaz)]


def _taken_tokens(doc: Doc, gaz: Gazetteer) -> set[int]:
    """Tokens inside entities that are no place for the context rule to read.

    spaCy's small model often tags a town as PERSON or ORG ("killed in Cizre", "parts of
    Latakia"): those stay open to the context rule, which the gazetteer and the document's
    countries then confirm or drop. A country's name is a place whatever the label ("an
    attack in Niger" tagged DATE).
    """
    return {i for e in doc.ents
            if e.label_ in PLACE_LABELS
            or ((e.label_ not in OPEN_LABELS or _adjectival(e)) and not gaz.is_country(e.text))
            for i in range(e.start, e.end)}


def _may_start_name(doc: Doc, i: int, taken: set[int], gaz: Gazetteer) -> bool:
    """Whether token i can open a capitalised name."""
    tok = doc[i]
    # A sentence's first word is capitalised anyway: only a proper noun may start a name
    # there ("Konduga town came under attack"), and it still needs a place context.
    opening = tok.is_sent_start and tok.pos_ != "PROPN"
    # "eastern DRCongo", "in the DRC": a country's name in capitals is a name too
    capital = tok.is_title or (tok.text[:1].isupper() and gaz.is_country(tok.text))
    return i not in taken and capital and not opening and tok.pos_ in NAME_POS


def _name_end(doc: Doc, i: int, taken: set[int]) -> int:
    """The last token of the name opened at i: up to five capitalised words, joined by
    connectors ("Rio de Janeiro", "Dar es Salaam") and hyphens ("Mbuji-Mayi")."""
    j = i
    while j + 1 < len(doc) and j + 1 not in taken and j - i < 4:
        step = _name_step(doc, j, taken)
        if not step:
            break
        j += step
    return j


def _name_step(doc: Doc, j: int, taken: set[int]) -> int:
    """How many tokens after j continue the name: 1 a capitalised word, 2 a connector or
    a hyphen and the word after it, 0 none."""
    nxt = doc[j + 1]
    if nxt.is_title and nxt.pos_ in NAME_POS:
        return 1
    after_ok = j + 2 < len(doc) and j + 2 not in taken
    if nxt.lower_ in NAME_CONNECTORS and after_ok and doc[j + 2].is_title:
        return 2  # "Rio de Janeiro", "Dar es Salaam"
    if nxt.text == "-" and not nxt.whitespace_ and after_ok and doc[j + 2].text[:1].isalpha():
        return 2  # "Mbuji-Mayi", "Pol-e Khomri"
    return 0


def _context_name(doc: Doc, i: int, j: int, found: Found, gaz: Gazetteer) -> Found:
    """The name doc[i:j+1] when its context makes it a place candidate, else nothing."""
    span: Span = doc[i:j + 1]
    pair = _country_pair(span, gaz)
    if pair:
        return pair  # "the Mali-Niger border": both countries are named
    # "Banias and Jableh": a list of places goes on
    listed = i > 1 and doc[i - 1].lower_ in ("and", ",") and doc[i - 2].idx + len(doc[i - 2]) \
        in {f[2] for f in found}
    declared = _declared(doc, i, j)
    if declared or listed or triggered(doc, i, j) or gaz.is_country(span.text):
        return [(span.text, span.start_char, span.end_char, declared)]
    return []


def _with_area_phrases(found: Found, text: str) -> Found:
    """Plus "Edo State" and the like inside a long ORG span the other rules passed over."""
    seen = {(f[1], f[2]) for f in found}
    extra = [(m.group(0), m.start(), m.end(), False) for m in AREA_PATTERN.finditer(text)
             if (m.start(), m.end()) not in seen
             and not any(f[1] <= m.start() < f[2] for f in found)]
    return [*found, *extra]


# Words that make a country's name part of a feature's: "Lake Chad", "Gulf of Guinea".
FEATURE_WORDS = lexicon_words("geo_feature_words") | direction_words()


# A Persian ezafe ends the first part of a name the small model splits: "Sar-e" + "Pol".
EZAFE = re.compile(r"\w-[ei]\Z")


def _join_ezafe(found: list[tuple[str, int, int, bool]],
                text: str) -> list[tuple[str, int, int, bool]]:
    """'Sar-e' + 'Pol Province', 'Pol-e' + 'Khomri': one name, as the text writes it."""
    out: list[tuple[str, int, int, bool]] = []
    for span in found:
        prev = out[-1] if out else None
        if prev is not None and EZAFE.search(prev[0]) and text[prev[2]:span[1]] == " ":
            out[-1] = (text[prev[1]:span[2]], prev[1], span[2], prev[3] or span[3])
        else:
            out.append(span)
    return out


def is_attribute(doc: Doc, start: int, end: int) -> bool:
    """'U.S. embassy', 'Russia's ambassador': a country qualifying a noun that is no place."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    head = root.head
    while head.pos_ == "PROPN" and head.dep_ == "compound" and head.head is not head:
        head = head.head  # "U.S. President Donald Trump": up the chain of names to Trump
    head_is_noun = root.head.pos_ == "NOUN" or (
        head.pos_ == "PROPN" and head.ent_type_ in ("PERSON", "ORG"))
    return (root.dep_ in ("compound", "poss", "nmod", "amod") and head_is_noun
            and root.head.lower_ not in PLACE_HEADS and root.head.i >= span.end)


@functools.lru_cache(maxsize=1)
def _qualifier_re() -> re.Pattern[str]:
    words = sorted({w for line in DEMONYM_FILE.read_text(encoding="utf-8").splitlines()
                    for w in line.split("\t")[1].split("|")}, key=len, reverse=True)
    demonym = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?:\b(?P<d>{demonym})|\b(?P<c>[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)"
                      rf"(?:'s|’s|'))\s+(?P<mid>(?:[\w-]+\s+){{0,3}}?)(?:the\s+)?\Z")


# Words that describe a place between a possessive country and its name, and word endings
# that do ("war-torn"): lexicon/geo_place_describers.txt.
DESCRIBING = frozenset(w for w in lexicon_words("geo_place_describers") if not w.startswith("-"))
DESCRIBING_ENDINGS = tuple(sorted(w for w in lexicon_words("geo_place_describers")
                                  if w.startswith("-")))


def _describes(word: str) -> bool:
    return (word in DESCRIBING or word.replace("-", "") in DIRECTION_WORDS
            or word.endswith(DESCRIBING_ENDINGS))


def qualifier_country(text: str, start: int, gaz: Gazetteer) -> str | None:
    """The country a demonym or a possessive puts a name in, right before it.

    "the Ethiopian border town Moyale", "Iraqi Kurdistan", "the Iraqi Kurdish town of
    Penjwen", "Cameroon's restive Far North", "South Sudan's central state of Western Lakes".
    Words between must end in a kind of place ('town', 'state of'); after a possessive
    country two other words may stand there too ('restive', 'war-torn').
    """
    m = _qualifier_re().search(text, max(0, start - 80), start)
    if m is None:
        return None
    mid = [w.casefold() for w in m.group("mid").split()]
    if mid and mid[-1] == "of":
        mid = mid[:-1]
    kinded = not mid or mid[-1] in KIND_WORDS or mid[-1].rstrip("s") in KIND_WORDS
    if m.group("d"):
        return demonyms().get(name_key(m.group("d"))) if kinded else None
    if not kinded and (len(mid) > 2 or not all(_describes(w) for w in mid)):
        return None  # "Russia's ambassador to Turkey" puts Turkey nowhere
    countries = [e for e in gaz.lookup(m.group("c")) if e.kind == "country"]
    return countries[0].country if countries else None
