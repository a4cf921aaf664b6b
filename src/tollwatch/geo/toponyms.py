"""Toponym resolution in context: place mentions in a spaCy Doc -> gazetteer entries.

Two passes. The first reads every mention on its own (population prior) and collects the
document's country evidence: named countries, demonyms ("Afghan city", "Syrian coast"),
admin-1 areas and places. The second rescores every candidate with that evidence, so
"Tripoli" next to "Lebanon" is the Lebanese city and a capital beats a same-named village.
A name the gazetteer lacks keeps its name at the precision of the best area the text gives.
"""

from __future__ import annotations

import collections
import functools
import math
import re
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, Span

from tollwatch.geo.gazetteer import AREA_WORDS, Entry, Gazetteer, load_gazetteer
from tollwatch.geo.names import name_key
from tollwatch.model import Place

Votes = dict[str, float]  # country code -> weight of the evidence for it
# Labels the small model wrongly gives to towns ("Mbuji-Mayi" ORG, "Moyale" PRODUCT).
OPEN_LABELS = frozenset({"ORG", "PERSON", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW",
                         "LANGUAGE"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
PRECISION = {"populated place": 1, "admin1": 4, "country": 6}
# Words before a capitalised name that make it a place even when spaCy did not say so.
PLACE_PREPOSITIONS = frozenset({"in", "near", "at", "outside", "of", "from", "to", "around"})
SETTLEMENT_WORDS = frozenset({"city", "town", "village", "capital", "port", "hamlet", "township",
                              "suburb", "neighbourhood", "neighborhood", "camp", "settlement"})
_LEADING = re.compile(r"^(?:the\s+)", re.I)
_POSSESSIVE = re.compile(r"(?:'s|’s|')$")
GENERIC_AREAS = frozenset({"east", "west", "north", "south", "centre", "center", "central",
                           "northeast", "northwest", "southeast", "southwest", "littoral",
                           "capital", "coast", "eastern", "western", "northern", "southern",
                           "border", "lakes", "upper", "lower", "islands", "plateau"})
NAME_POS = frozenset({"PROPN", "NOUN", "ADJ", "X"})
DIRECTION_WORDS = frozenset({"central", "northern", "southern", "eastern", "western",
                             "northeastern",
                             "northwestern", "southeastern", "southwestern", "north", "south",
                             "northeast", "northwest", "southeast", "southwest", "far",
                             "east", "west", "restive", "neighbouring", "neighboring", "nearby"})
AREA_PATTERN = re.compile(
    r"\b(?:[A-Z][\w'’-]+ ){1,2}(?i:state|province|governorate|region|district|county|prefecture)\b")
# What stands between a place and the area holding it: "Tripoli, Lebanon", "Tripoli in Lebanon".
CONTAINMENT = re.compile(r"\s*(?:,|,?\s*in)\s*(?:the\s+)?")
# Words before a name that make it a neighbour or an origin rather than the scene.
ASIDE = re.compile(r"(?:borders?\s+(?:with|of)|bordering|from|into|fled\s+to|"
                   r"crossing\s+(?:into|from)|-backed|backed\s+by|led\s+by)\s+(?:the\s+)?\Z",
                   re.I)
EVIDENCE_KEY = "tollwatch.geo.country_evidence"
_FOLLOWING = re.compile(r"[\s-]*\S*\s*\S*")
HARM = re.compile(r"\b(?:kill|dead|death|died|die|wound|injur|shot|slain|murder|massacre|behead"
                  r"|execut|bomb|attack|clash|struck|explo)", re.I)
HARM_KEY = "tollwatch.geo.harm_sentence"
# "U.S-born", "Nigeria-based": the country of an actor, not of the scene.
ATTRIBUTE_AFTER = re.compile(r"['’]?s?\s*[-‐‑]\s*(?:based|born|led|backed|funded|run)\b", re.I)
PLACE_HEADS = frozenset({*SETTLEMENT_WORDS, *AREA_WORDS, *DIRECTION_WORDS, "border", "borders",
                         "coast", "part", "parts", "area", "areas", "countryside", "outskirts",
                         "side", "territory", "soil", "capital", "frontier", "interior"})
NAME_CONNECTORS = frozenset({"de", "del", "da", "do", "dos", "das", "la", "el", "es", "al", "ul",
                             "ez", "ash", "as", "du", "des"})
AREA_QUALIFIERS = frozenset({"regional", "federal", "autonomous", "administrative", "special"})
# A town in a country nothing else in the text points to must be at least this big.
LONE_TOWN_POPULATION = 100_000
# Towns named further apart than this make a story regional rather than local.
SPREAD_KM = 100.0
DEMONYM_FILE = Path(__file__).parent / "data" / "demonyms.tsv"
ACTOR_FILE = Path(__file__).parent / "data" / "actors.tsv"


@dataclass(frozen=True)
class Mention:
    """A place name in the text and what it resolved to."""

    text: str
    start: int
    end: int
    place: Place
    spacy: bool  # surely a place: tagged by the NER or called a town by the text
    entry: Entry | None = None  # the gazetteer record; None for a name it lacks
    weight: float = 1.0  # how strongly it points to its country (a neighbour named aside, less)


@functools.lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Demonym or adjective (name key) -> ISO alpha-2 country code."""
    table: dict[str, str] = {}
    for line in DEMONYM_FILE.read_text(encoding="utf-8").splitlines():
        cc, words = line.split("\t")
        for word in words.split("|"):
            table[name_key(word)] = cc
            table.setdefault(name_key(word + "s"), cc)  # "Libyans", "Somalis"
    return table


def clean_name(text: str, gaz: Gazetteer) -> tuple[str, str | None]:
    """Strip 'the', possessives and area words; return the name and a kind hint."""
    text = _POSSESSIVE.sub("", _LEADING.sub("", text.strip()))
    words = text.split()
    while (len(words) > 1 and words[0].casefold() in DIRECTION_WORDS
           and not gaz.rows(" ".join(words))):
        words = words[1:]  # "west Ethiopia", "northern Borno"; but "South Sudan" stays
    hint = None
    if len(words) > 1 and words[-1].casefold() in AREA_WORDS:
        words, hint = words[:-1], "admin1"
        while len(words) > 1 and words[-1].casefold() in AREA_QUALIFIERS:
            words = words[:-1]  # "Oromiya Regional State"
    elif len(words) > 1 and words[-1].casefold() in SETTLEMENT_WORDS:
        words, hint = words[:-1], "populated place"
    while (len(words) > 1 and words[-1].casefold() in DIRECTION_WORDS
           and not gaz.rows(" ".join(words))):
        words = words[:-1]  # "Jos East", "Jos North": council areas named after the town
    return " ".join(words), hint


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
    if after in AREA_WORDS:
        return "admin1"
    if after in SETTLEMENT_WORDS or any(w in SETTLEMENT_WORDS for w in before):
        return "populated place"
    if any(w in AREA_WORDS for w in before):
        return "admin1"
    return None


def _triggered(doc: Doc, i: int, j: int) -> bool:
    """A name preceded by 'in', 'near', 'the town of', 'the capital', or followed by 'town'."""
    before = doc[i - 1].lower_ if i > 0 else ""
    if before in DIRECTION_WORDS and i > 1:  # "in central Kiev", "in northern Borno"
        before = doc[i - 2].lower_
    after = doc[j + 1].lower_ if j + 1 < len(doc) else ""
    return (before in PLACE_PREPOSITIONS or before in SETTLEMENT_WORDS
            or after in SETTLEMENT_WORDS or after in AREA_WORDS)


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


def _split_listed(text: str, start: int) -> list[tuple[str, int, int, bool]]:
    """'Jos North, Nigeria' tagged as one entity is two names, the second holding the first."""
    parts, offset = [], 0
    for piece in text.split(","):
        name = piece.strip()
        if name:
            at = start + offset + piece.index(name)
            parts.append((name, at, at + len(name), True))
        offset += len(piece) + 1
    return parts


def candidate_spans(doc: Doc, gaz: Gazetteer,
                    text: str | None = None) -> list[tuple[str, int, int, bool]]:
    """Place-like spans: NER GPE/LOC/FAC, plus capitalised names in a place context.

    The last field says whether the span is surely a place (named so by the NER or by the
    text's own words); other spans count only where the gazetteer and the story agree.
    """
    ents = list(doc.ents)
    found: list[tuple[str, int, int, bool]] = [
        part for e in ents if e.label_ in PLACE_LABELS
        for part in _split_listed(e.text, e.start_char)
    ]
    # spaCy's small model often tags a town as PERSON or ORG ("killed in Cizre", "parts of
    # Latakia"): short ones stay open to the context rule below, which the gazetteer and the
    # document's countries then confirm or drop.
    taken = {i for e in ents
             if e.label_ in PLACE_LABELS or e.label_ not in OPEN_LABELS
             or len(e.text.split()) > 2 for i in range(e.start, e.end)}
    i = 0
    while i < len(doc):
        tok = doc[i]
        if i in taken or not tok.is_title or tok.is_sent_start or tok.pos_ not in NAME_POS:
            i += 1
            continue
        j = i
        while j + 1 < len(doc) and j + 1 not in taken and j - i < 4:
            nxt = doc[j + 1]
            if nxt.is_title and nxt.pos_ in NAME_POS:
                j += 1
            elif (nxt.lower_ in NAME_CONNECTORS and j + 2 < len(doc) and j + 2 not in taken
                  and doc[j + 2].is_title):
                j += 2  # "Rio de Janeiro", "Dar es Salaam"
            elif (nxt.text == "-" and not nxt.whitespace_ and j + 2 < len(doc)
                  and j + 2 not in taken and doc[j + 2].text[:1].isalpha()):
                j += 2  # "Mbuji-Mayi", "Pol-e Khomri"
            else:
                break
        span: Span = doc[i:j + 1]
        listed = i > 1 and doc[i - 1].lower_ in ("and", ",") and doc[i - 2].idx + len(doc[i - 2]) \
            in {f[2] for f in found}  # "Banias and Jableh": a list of places goes on
        declared = _declared(doc, i, j)
        if declared or listed or _triggered(doc, i, j) or gaz.is_country(span.text):
            found.append((span.text, span.start_char, span.end_char, declared))
        i = j + 1
    seen = {(f[1], f[2]) for f in found}
    for m in AREA_PATTERN.finditer(text or doc.text):  # "Edo State" inside a long ORG span
        if (m.start(), m.end()) not in seen and not any(f[1] <= m.start() < f[2] for f in found):
            found.append((m.group(0), m.start(), m.end(), False))
    return sorted(found, key=lambda f: f[1])


# Nouns after a demonym that point at foreign actors, not at the place of the event.
FOREIGN_NOUNS = frozenset({"nationals", "national", "citizens", "citizen", "embassy", "warplanes",
                           "jets", "aircraft", "drone", "drones", "coalition", "-led", "led",
                           "backed", "-backed", "based", "born", "supported", "tourists",
                           "tourist", "diplomat", "diplomats", "navy", "ambassador"})


def country_evidence(doc: Doc) -> Votes:
    """Countries the text implies by demonyms ('Afghan city', 'Yemeni port') and actors.

    Kept on ``doc.user_data`` so the several readers of one document pay for it once.
    """
    cached = doc.user_data.get(EVIDENCE_KEY)
    if cached is None:
        cached = _read_evidence(doc.text)
        doc.user_data[EVIDENCE_KEY] = cached
    return collections.defaultdict(float, cached)


def _read_evidence(text: str) -> Votes:
    demonym_re, actor_re, table = evidence_patterns()
    votes: Votes = collections.defaultdict(float)
    for m in demonym_re.finditer(text):
        after = _FOLLOWING.match(text, m.end())
        following = set(after.group(0).lower().replace("-", " -").split()) if after else set()
        if following & FOREIGN_NOUNS:
            continue  # "Saudi-led", "Turkish nationals": foreign actors, not the scene
        votes[table[name_key(m.group(0))]] += 0.5
    hits = collections.Counter(table[name_key(m.group(0))] for m in actor_re.finditer(text))
    for cc, n in hits.items():
        votes[cc] += 0.25 * min(n, 2)  # a weak prior: the actor often fights abroad too
    return votes


@functools.lru_cache(maxsize=1)
def evidence_patterns() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """One regex for demonyms, one for armed groups and regions that point to one country."""
    table = dict(demonyms())
    words = [w for line in DEMONYM_FILE.read_text(encoding="utf-8").splitlines()
             for w in line.split("\t")[1].split("|")]
    actors: list[str] = []
    for line in ACTOR_FILE.read_text(encoding="utf-8").splitlines():
        cc, names = line.split("\t")
        for name in names.split("|"):
            actors.append(name)
            table.setdefault(name_key(name), cc)
    demonym_re = re.compile(r"\b(?:" + "|".join(
        re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")s?\b")
    actor_re = re.compile(r"\b(?:" + "|".join(
        re.escape(a) for a in sorted(actors, key=len, reverse=True)) + r")\b")
    return demonym_re, actor_re, table


@dataclass
class _Raw:
    text: str
    start: int
    end: int
    spacy: bool
    name: str
    hint: str | None
    entries: list[Entry]
    loose: bool = False  # entries found by consonant skeleton only: need the story's backing
    aside: bool = False  # named as a neighbour or an origin ("the border with Peru")


def _score(entry: Entry, raw: _Raw, countries: dict[str, float], admin1s: set[str]) -> float:
    """Population prior plus context: country share, admin-1 agreement, kind hints."""
    score = math.log10(entry.population + 10)
    score += 6.0 * countries.get(entry.country, 0.0)
    if entry.kind == "populated place" and f"{entry.country}.{entry.admin1_code}" in admin1s:
        score += 2.0
    if raw.hint:
        score += 3.0 if entry.kind == raw.hint else -3.0
    elif entry.kind == "country":
        score += 1.5  # a bare country name in the news is almost always the country
    elif entry.kind == "admin1":
        score -= 0.5  # an area's population sums its towns; the town is meant more often
    if name_key(entry.name) == name_key(raw.name):
        score += 0.5
    if entry.kind == "admin1" and name_key(entry.name) in GENERIC_AREAS and raw.hint != "admin1":
        score -= 10.0  # "East" is a Cameroonian region only when the text says "East region"
    return score


def _best(raw: _Raw, countries: dict[str, float], admin1s: set[str]) -> Entry | None:
    if not raw.entries:
        return None
    return max(raw.entries, key=lambda e: _score(e, raw, countries, admin1s))


def _shares(votes: Votes) -> dict[str, float]:
    total = sum(votes.values())
    return {cc: n / total for cc, n in votes.items()} if total else {}


def place_of(entry: Entry, name: str | None = None) -> Place:
    """The model Place for a gazetteer entry (name kept as written when given)."""
    return Place(name=name or entry.name, geonames_id=entry.geonames_id, kind=entry.kind,
                 country=entry.country, admin1=entry.admin1 if entry.kind != "country" else None,
                 lat=entry.lat, lon=entry.lon, precision=PRECISION[entry.kind])


def _raw_mentions(doc: Doc, gaz: Gazetteer, full: str) -> list[_Raw]:
    raws = []
    table = demonyms()
    for text, start, end, from_ner in candidate_spans(doc, gaz, full):
        name, hint = clean_name(text, gaz)
        if not name or (name_key(name) in table and not gaz.is_country(name)):
            continue  # "Syrian", "Afghan": evidence, not a place
        hint = hint or kind_hint_from_context(doc, start, end)
        entries, loose = gaz.lookup(name), False
        if not entries and (from_ner or hint):
            entries, loose = gaz.loose_lookup(name), True
        if not from_ner and not entries:
            continue  # a capitalised word the gazetteer does not know is not evidence of a place
        aside = (bool(ASIDE.search(full, max(0, start - 40), start))
                 or bool(ATTRIBUTE_AFTER.match(full, end)) or _is_attribute(doc, start, end))
        raws.append(_Raw(text, start, end, from_ner, name, hint, entries, loose, aside))
    return raws


def resolve_mentions(doc: Doc, gaz: Gazetteer | None = None) -> list[Mention]:
    """Every place mention in the document, resolved in the document's context."""
    gaz = gaz or load_gazetteer()
    full = doc.text  # a property that joins the tokens: read it once
    raws = _raw_mentions(doc, gaz, full)
    votes = country_evidence(doc)
    own: list[tuple[str, float] | None] = []
    for raw in raws:  # first pass: each name alone
        best = _best(raw, {}, set())
        weight = _weight(best, raw) if best is not None and not raw.loose else 0.0
        own.append((best.country, weight) if best is not None else None)
        if best is not None:
            votes[best.country] += weight
    countries = _shares(votes)
    admin1s = {f"{b.country}.{b.admin1_code}" for r in raws
               if (b := _best(r, countries, set())) is not None and b.kind == "admin1"}
    forced = _contained_pairs(full, raws, countries, admin1s)
    chosen: list[Entry | None] = []
    for k, raw in enumerate(raws):
        best = forced.get(k) or _best(raw, countries, admin1s)
        if best is not None and k not in forced and not _supported(best, votes, own[k]):
            best = None  # a village abroad that nothing else in the text points to
        if best is not None and raw.loose and votes.get(best.country, 0.0) <= 0:
            best = None  # a spelling guess the rest of the story does not back
        chosen.append(best)
    final = country_evidence(doc)
    for raw, best in zip(raws, chosen, strict=True):
        if best is not None:
            final[best.country] += _weight(best, raw)
    final_shares = _shares(final)
    mentions = []
    for raw, best in zip(raws, chosen, strict=True):
        if best is None and not raw.spacy:
            continue  # a capitalised word the gazetteer and the story do not back: not a place
        place = place_of(best, raw.name) if best else fallback_place(raw.name, final_shares, gaz)
        weight = _weight(best, raw) if best is not None else (0.25 if raw.aside else 0.5)
        mentions.append(Mention(raw.text, raw.start, raw.end, place, raw.spacy, best, weight))
    return mentions


def _weight(entry: Entry, raw: _Raw) -> float:
    """How strongly one mention points to its country: a named country most, a lone guess least."""
    weight = {"country": 2.0, "admin1": 1.0}.get(entry.kind, 1.0 if raw.spacy else 0.5)
    if len({e.country for e in raw.entries}) > 1 and entry.kind != "country":
        weight /= 2  # "Tripoli" alone could be Libya or Lebanon
    return weight / 4 if raw.aside else weight


def _supported(entry: Entry, votes: Votes, own: tuple[str, float] | None) -> bool:
    """Whether anything besides this mention points to the entry's country (or it is big)."""
    others = dict(votes)
    if own is not None:
        others[own[0]] = others.get(own[0], 0.0) - own[1]
    if others.get(entry.country, 0.0) > 0 or not any(v > 0 for v in others.values()):
        return True
    return entry.kind != "populated place" or entry.population >= LONE_TOWN_POPULATION


def _contains(inner: Entry, outer: Entry) -> bool:
    if outer.kind == "country":
        return inner.kind != "country" and inner.country == outer.country
    return (outer.kind == "admin1" and inner.kind == "populated place"
            and inner.country == outer.country and inner.admin1_code == outer.admin1_code)


def _contained_pairs(text: str, raws: list[_Raw], countries: dict[str, float],
                     admin1s: set[str]) -> dict[int, Entry]:
    """'Tripoli, Lebanon' / 'Atlanta, Georgia': the second name encloses the first."""
    forced: dict[int, Entry] = {}
    for k in range(len(raws) - 1):
        a, b = raws[k], raws[k + 1]
        if not CONTAINMENT.fullmatch(text[a.end:b.start]):
            continue
        pairs = [(_score(x, a, countries, admin1s) + _score(y, b, countries, admin1s), x, y)
                 for x in a.entries for y in b.entries if _contains(x, y)]
        if pairs:
            _, forced[k], forced[k + 1] = max(pairs, key=lambda p: p[0])
    return forced


def fallback_place(name: str, countries: dict[str, float], gaz: Gazetteer) -> Place:
    """An unknown name: kept by name, at the document's main country, never a made-up point."""
    if not countries:
        return Place(name=name)
    cc = max(countries, key=lambda c: countries[c])
    country = gaz.country(cc)
    if country is None:
        return Place(name=name, country=cc, precision=6)
    return Place(name=name, kind="country", country=cc, lat=country.lat, lon=country.lon,
                 precision=6)


def main_country(mentions: list[Mention], doc: Doc, gaz: Gazetteer) -> str | None:
    """The country the story is about: the one its places and demonyms point to most."""
    votes = country_evidence(doc)
    scene = _harm_sentence(doc)
    for m in mentions:
        if m.place.country:
            in_scene = scene is not None and scene[0] <= m.start < scene[1]
            votes[m.place.country] += m.weight * (2.0 if in_scene else 1.0)
    if not votes:
        return None
    first = {m.place.country: i for i, m in reversed(list(enumerate(mentions)))}
    return max(votes, key=lambda c: (votes[c], -first.get(c, len(mentions))))


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance between two located places."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return math.inf
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def _enclosing(towns: list[Mention], cc: str, gaz: Gazetteer) -> Place | None:
    """The admin-1 area all these towns share, else None."""
    codes = {m.entry.admin1_code for m in towns if m.entry is not None}
    if len(codes) == 1:
        area = gaz.admin1(cc, codes.pop())
        if area is not None:
            return place_of(area)
    return None


def main_place(mentions: list[Mention], doc: Doc, gaz: Gazetteer | None = None) -> Place | None:
    """The document's main place, at the precision its mentions honestly allow.

    The first town of the main country, when the other towns named lie near it; towns far
    apart (a story about a whole region) give their shared admin-1 area, else the country.
    """
    gaz = gaz or load_gazetteer()
    cc = main_country(mentions, doc, gaz)
    if cc is None:
        located = [m.place for m in mentions if m.place.lat is not None]
        return located[0] if located else None
    towns = [m for m in mentions if m.entry is not None and m.entry.kind == "populated place"
             and m.entry.country == cc]
    if towns and all(distance_km(towns[0].place, m.place) <= SPREAD_KM for m in towns):
        return towns[0].place
    if towns:
        scene = _scene_town(doc, towns)
        return scene or _enclosing(towns, cc, gaz) or _country_place(cc, gaz)
    areas = [m.place for m in mentions if m.entry is not None and m.entry.kind == "admin1"
             and m.entry.country == cc]
    return areas[0] if areas else _country_place(cc, gaz)


def _harm_sentence(doc: Doc) -> tuple[int, int] | None:
    """Character span of the first sentence that tells of harm (the scene of the event)."""
    cached = doc.user_data.get(HARM_KEY, False)
    if cached is False:
        cached = next(((s.start_char, s.end_char) for s in doc.sents if HARM.search(s.text)),
                      None)
        doc.user_data[HARM_KEY] = cached
    return cached  # type: ignore[no-any-return]


def _scene_town(doc: Doc, towns: list[Mention]) -> Place | None:
    """The town named in the first sentence that tells of harm, when that sentence names one."""
    scene = _harm_sentence(doc)
    if scene is None:
        return None
    inside = [m for m in towns if scene[0] <= m.start < scene[1]]
    return inside[0].place if inside else None


def _is_attribute(doc: Doc, start: int, end: int) -> bool:
    """'U.S. embassy', 'Russia's ambassador': a country qualifying a noun that is no place."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    return (root.dep_ in ("compound", "poss", "nmod", "amod") and root.head.pos_ == "NOUN"
            and root.head.lower_ not in PLACE_HEADS and root.head.i >= span.end)


def _country_place(cc: str, gaz: Gazetteer) -> Place | None:
    country = gaz.country(cc)
    return place_of(country) if country is not None else Place(name=cc, country=cc, precision=6)
