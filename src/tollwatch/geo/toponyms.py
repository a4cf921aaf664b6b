"""Toponym resolution in context: place mentions in a spaCy Doc -> gazetteer entries.

Two passes. The first reads every mention on its own (population prior) and collects the
document's country evidence: named countries, demonyms ("Afghan city", "Syrian coast"),
admin-1 areas and places. The second rescores every candidate with that evidence, so
"Tripoli" next to "Lebanon" is the Lebanese city and a capital beats a same-named village.
A name the gazetteer lacks keeps its name at the precision of the best area the text gives.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from tollwatch.geo.context import StoryContext, story_context
from tollwatch.geo.datelines import ap_abbreviations, state_code, town_state_pairs
from tollwatch.geo.distance import distance_km
from tollwatch.geo.evidence import (
    Votes,
    country_evidence,
    demonyms,
    harm_sentence,
    text_evidence,
)
from tollwatch.geo.gazetteer import Entry, Gazetteer, load_gazetteer, one_edit
from tollwatch.geo.names import name_key
from tollwatch.geo.spans import (
    ASIDE,
    ATTRIBUTE_AFTER,
    ORG_OF,
    STREET_WORDS,
    bare_possessive,
    candidate_spans,
    clean_name,
    is_attribute,
    kind_hint_from_context,
    qualifier_country,
)
from tollwatch.geo.vocab import (
    compass_nouns,
    compass_pattern,
    direction_words,
    is_not_place,
)
from tollwatch.lexicon import weights
from tollwatch.lexicon import words as lexicon_words
from tollwatch.model import Place

# What clean_name takes off a span's start before a demonym: "the", directions.
_LEAD_WORDS = re.compile(rf"^(?:the\s+)?(?:(?:{'|'.join(compass_nouns())})\w*[- ]?)*", re.I)
PRECISION = {"populated place": 1, "admin2": 3, "admin1": 4, "country": 6}
LOCAL_KINDS = frozenset({"populated place", "admin2"})
# Names of areas that are also plain words of position: "the East", "the Littoral".
GENERIC_AREAS = direction_words() | lexicon_words("geo_generic_areas")
# What stands between a place and the area holding it: "Tripoli, Lebanon", "Tripoli in Lebanon".
CONTAINMENT = re.compile(r"\s*(?:,|,?\s*in)\s*(?:the\s+)?(?:(?:neighbou?ring|nearby|restive|"
                         r"troubled|war-torn)\s+)?")
# "in" right before a country named in the sentence of harm: the scene's country.
SCENE_IN = re.compile(r"\bin\s+(?:the\s+)?(?:neighbou?ring\s+)?\Z")
# A news outlet's name: "Saba news agency", "Al Massira TV".
OUTLET_AFTER = re.compile(r"\s+(?:news\s+agency|TV|television|newspaper|daily|radio)\b")
# Whom a witness spoke to: "eye witnesses told Addis Standard", "a medic told Reuters".
TOLD_BEFORE = re.compile(r"\b(?:told|tells|telling)\s+(?:the\s+)?\Z", re.I)
# After an area's name: "the Edo State capital", "the provincial capital".
AREA_CAPITAL = re.compile(r"\s+(?:(?:state|provincial|regional|district)\s+)?capital\b", re.I)
# A town in a country nothing else in the text points to must be at least this big.
LONE_TOWN_POPULATION = 100_000
# A distance the text states: "40 km", "840 kilometres", "25 miles".
DISTANCE = re.compile(r"\b(\d[\d,]*(?:\.\d+)?)\s*(km|kilomet|mile)", re.I)
# A country with less than this share of the leading country's scene evidence is abroad.
NAMESAKE_SHARE = 0.5
# Towns named further apart than this make a story regional rather than local.
SPREAD_KM = 100.0
# A town this near a county's middle may lie in it (most US counties are 30-60 km across).
COUNTY_TOWN_KM = 50.0
# A part of the country in lower case: "northern Nigeria", "north-east Nigeria", "in the
# country's south", "the north". "north of Kabul" is about a town, not a part of a country.
_PART = compass_pattern()
PART_OF_COUNTRY = re.compile(
    rf"\b(?P<a>{_PART}|central)(?:ern)?(?=\s+[A-Z])"
    rf"|(?:\bthe|'s)\s+(?P<b>{_PART})(?:ern)?\b(?!\s+(?:of|part of)\s+(?:the\s+)?[A-Z])")


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
    aside: bool = False  # a neighbour, an origin or a destination ("a Kabul-bound bus")
    guess: bool = False  # found by a spelling guess, not by the name as written


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
    near: frozenset[Entry] = frozenset()  # of those, the ones one edit away from the name
    aside: bool = False  # named as a neighbour or an origin ("the border with Peru")
    elsewhere: bool = False  # a neighbour, origin or destination by the words around it
    qualifier: str | None = None  # the country a demonym or a possessive right before puts it in


# The weights of a reading's features: data, each with its reason (lexicon/geo_toponym_weights).
W = weights("geo_toponym_weights")
# The weight of each kind of entry when the text gives no hint of the kind.
_BARE_KIND = {"country": "bare_country", "admin1": "bare_admin1", "admin2": "bare_admin2"}
_AREA_HINT = {"admin2": "area_hint_admin2", "admin1": "area_hint_admin1"}


def _features(entry: Entry, raw: _Raw, countries: dict[str, float],
              admin1s: set[str]) -> dict[str, float]:
    """The features of one reading of a name, each a multiple of its weight."""
    found = {"population": math.log10(entry.population + 10),
             "country_share": countries.get(entry.country, 0.0)}
    if entry.kind in LOCAL_KINDS and f"{entry.country}.{entry.admin1_code}" in admin1s:
        found["admin1_named"] = 1.0
    if raw.hint == "area":  # a second-order area: itself, else an admin-1 entry or its seat
        if entry.kind != "populated place":
            found[_AREA_HINT.get(entry.kind, "area_hint_other")] = 1.0
    elif raw.hint:
        found["kind_hint_match" if entry.kind == raw.hint else "kind_hint_mismatch"] = 1.0
    elif entry.kind in _BARE_KIND:
        found[_BARE_KIND[entry.kind]] = 1.0
    if name_key(entry.name) == name_key(raw.name):
        found["primary_name"] = 1.0
    if entry.kind == "admin1" and name_key(entry.name) in GENERIC_AREAS and raw.hint != "admin1":
        found["generic_area"] = 1.0
    return found


def _score(entry: Entry, raw: _Raw, countries: dict[str, float], admin1s: set[str]) -> float:
    """Population prior plus context: the weighted sum of the reading's features."""
    return sum(W[f] * v for f, v in _features(entry, raw, countries, admin1s).items())


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


def _with_dateline(spans: list[tuple[str, int, int, bool]],
                   context: StoryContext) -> list[tuple[str, int, int, bool]]:
    """The dateline's town as a sure place name ("UNION, S.C. --": the NER rarely tags it)."""
    line = context.dateline
    if line is None or any(s < line.end and line.start < e for _, s, e, _ in spans):
        return spans
    return sorted([*spans, (line.town, line.start, line.end, True)], key=lambda f: f[1])


def _in_stated_state(raws: list[_Raw], full: str, gaz: Gazetteer) -> set[int]:
    """'Union, S.C.', 'Tulsa, Okla.': the town is the one in that state, and the abbreviation
    names the state (not a town or a country known by those letters).

    Returns the starts of the towns so pinned."""
    by_start = {r.start: r for r in raws}
    pinned: set[int] = set()
    for raw in raws:  # "D.C. police", "in Northwest D.C.": an abbreviation alone names a state
        code = state_code(raw.name) if "." in raw.name else None
        area = gaz.admin1("US", code) if code else None
        if area is not None:
            raw.entries, raw.hint = [area], "admin1"
    for pair in town_state_pairs(full):
        town, state = by_start.get(pair.start), by_start.get(pair.state_start)
        area = gaz.admin1("US", pair.state)
        if state is not None and area is not None:
            state.entries, state.hint = [area], "admin1"
        if town is not None and area is not None:
            # "Felton, Minn.": a town the data lacks in that state is none of its namesakes
            # elsewhere; it is read as the state (_within_named_area)
            town.entries = [e for e in town.entries if e.country == "US"
                            and e.admin1_code == pair.state]
            pinned.add(town.start)
    return pinned


def _with_stated_towns(spans: list[tuple[str, int, int, bool]], full: str,
                       gaz: Gazetteer) -> list[tuple[str, int, int, bool]]:
    """A town written with its state ("- Memphis, Tennessee", "Tulsa, Okla.") as a sure
    place name when it has a reading in that state: the NER misses many in titles."""
    for pair in town_state_pairs(full):
        name = full[pair.start:pair.end]
        overlap = [f for f in spans if f[1] < pair.end and pair.start < f[2]]
        # a longer span ending in the town ("park - KXYZ News - Memphis") gives way to it
        if any(f[2] != pair.end or f[1] >= pair.start for f in overlap) or not any(
                e.country == "US" and e.admin1_code == pair.state for e in gaz.lookup(name)):
            continue
        spans = sorted([*(f for f in spans if f not in overlap),
                        (name, pair.start, pair.end, True)], key=lambda f: f[1])
    return spans


def _raw_mentions(doc: Doc, gaz: Gazetteer, full: str, context: StoryContext) -> list[_Raw]:
    spans = _with_stated_towns(candidate_spans(doc, gaz, full), full, gaz)
    raws = _read_spans(doc, gaz, full, _with_dateline(spans, context))
    pinned = _in_stated_state(raws, full, gaz)
    _in_page_state([r for r in raws if r.start not in pinned], page_state(context))
    _in_story_state(raws, story_state(raws, context))
    return raws


def page_state(context: StoryContext) -> str | None:
    """The US state the page itself names clearly (dateline, title, address), else None."""
    w = weights("geo_context")
    ranked = sorted(context.states.items(), key=lambda kv: (-kv[1], kv[0]))
    if not ranked or ranked[0][1] < w["page_state_min"]:
        return None
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    return ranked[0][0] if ranked[0][1] >= w["state_lead_margin"] * runner_up else None


def _in_page_state(raws: list[_Raw], state: str | None) -> None:
    """On a page about one state, a US town or county elsewhere is not meant unless the text
    writes its state beside it: "a shooting on the South Side" on a Chicago paper's page is
    no town of that name in Alabama, "Homewood" on a Pittsburgh station's page none in
    Alabama either. Such a name is left to the area around it (a neighbourhood, a street)."""
    if state is None:
        return
    for raw in raws:
        raw.entries = [e for e in raw.entries if e.country != "US"
                       or e.kind not in LOCAL_KINDS or e.admin1_code == state]


def story_state(raws: list[_Raw], context: StoryContext) -> str | None:
    """The one US state a page is about, when its evidence agrees: the page's own cues
    (dateline, title, address) and the states its place names can lie in.

    Each name spreads one vote over the states it has a reading in: "Putnam County" (nine
    states) and "Pandora" (Ohio) together put the story in Ohio; "Lake County" and "Gary"
    in Indiana. A leader needs a clear margin over the next state.
    """
    w = weights("geo_context")
    votes = dict(context.states)
    seen: set[str] = set()
    for raw in raws:
        key = name_key(raw.name)
        states = {e.admin1_code for e in raw.entries if e.country == "US" and e.kind != "country"}
        if raw.aside or raw.loose or key in seen or not states:
            continue
        seen.add(key)
        for code in states:
            votes[code] = votes.get(code, 0.0) + w["name_state"] / len(states)
    ranked = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))
    if not ranked or ranked[0][1] < w["state_lead_min"]:
        return None
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    return ranked[0][0] if ranked[0][1] >= w["state_lead_margin"] * runner_up else None


def _in_story_state(raws: list[_Raw], state: str | None) -> None:
    """A US name with a reading in the story's state is read there: "Lake County" in a story
    about Gary, Ind. is not the bigger Lake County in Illinois. Readings abroad stay open."""
    if state is None:
        return
    for raw in raws:
        us = [e for e in raw.entries if e.country == "US" and e.kind != "country"]
        inside = [e for e in us if e.admin1_code == state]
        if inside and len(inside) < len(us):
            raw.entries = [e for e in raw.entries if e not in us or e in inside]


def _read_spans(doc: Doc, gaz: Gazetteer, full: str,
                spans: list[tuple[str, int, int, bool]]) -> list[_Raw]:
    """Each candidate span as a name with its readings, or nothing when it names no place."""
    raws = []
    for text, start, end, from_ner in spans:
        name, hint = clean_name(text, gaz)
        told = TOLD_BEFORE.search(full, max(0, start - 16), start)
        if told or _not_a_place(text, name, hint, end, full, gaz):
            continue
        hint = hint or kind_hint_from_context(doc, start, end)
        entries, loose, near = _readings(name, hint, from_ner, gaz)
        if not from_ner and not entries and not _followed_by_country(full, end, gaz):
            # A capitalised word the gazetteer does not know is not evidence of a place;
            # but "Kamanyola in the neighboring Democratic Republic of Congo" is one.
            continue
        elsewhere = _named_elsewhere(name, start, end, full, gaz)
        aside = elsewhere or is_attribute(doc, start, end)
        qualifier = None if aside else _qualifier(text, name, start, full, gaz)
        raws.append(_Raw(text, start, end, from_ner, name, hint, entries, loose, near, aside,
                         elsewhere, qualifier))
    return raws


def _not_a_place(text: str, name: str, hint: str | None, end: int, full: str,
                 gaz: Gazetteer) -> bool:
    """The vetoes: names that never point at a place, whatever the gazetteer holds."""
    if not name:
        return True
    if name.split()[-1].casefold() in STREET_WORDS and not gaz.rows(name):
        return True  # "Kashmir Road", "Mistletoe Road": a street, not a place to locate
    if OUTLET_AFTER.match(full, end):
        return True  # "the pro-rebel Saba news agency": an outlet's name, not a place
    if is_not_place(text):
        return True  # "ISIL", "Hamas", "the Failaq al-Sham": armed groups, never places
    if name.casefold() in direction_words():
        return True  # "in Southeast", "Northeast": a part of a city or country, not a town
    # "Syrian", "Afghan", "the Somali region of Gedo": evidence, not a place; but
    # "clashes in the Somali Region" name Ethiopia's area of that name.
    return (name_key(name) in demonyms() and not gaz.is_country(name)
            and (hint not in ("admin1", "area") or full.startswith(" of ", end)))


def _readings(name: str, hint: str | None, from_ner: bool,
              gaz: Gazetteer) -> tuple[list[Entry], bool, frozenset[Entry]]:
    """The entries a name may mean; for a sure place the data lacks, spelling guesses
    (loose) and of those the ones one edit away (near)."""
    entries = gaz.lookup(name) or _state_abbreviated(name, gaz)
    if entries or not (from_ner or hint):
        return entries, False, frozenset()
    near = frozenset(gaz.near_lookup(name))
    # One edit away within the story's country: only an admin-1 area or a big city.
    return [e for e in gaz.loose_lookup(name) if e not in near or _sure_near(e)], True, near


def _state_abbreviated(name: str, gaz: Gazetteer) -> list[Entry]:
    """A US state written as its AP abbreviation on its own: "a D.C. nightclub", "N.J. man".

    The gazetteer keeps no two-letter keys (they would be words); the dotted AP form is no
    word, so it names the state.
    """
    if name not in ap_abbreviations():
        return []
    code = state_code(name)
    entry = gaz.admin1("US", code) if code else None
    return [entry] if entry is not None else []


def _named_elsewhere(name: str, start: int, end: int, full: str, gaz: Gazetteer) -> bool:
    """A neighbour, an origin, a destination or a group's cause by the words around it;
    or a country as a possessive that lost its apostrophe ("Russias state television")."""
    return (bool(ASIDE.search(full, max(0, start - 40), start))
            or bare_possessive(name, gaz) is not None
            or bool(ATTRIBUTE_AFTER.match(full, end))
            or (gaz.is_country(name) and bool(ORG_OF.search(full, max(0, start - 40), start))))


def _qualifier(text: str, name: str, start: int, full: str, gaz: Gazetteer) -> str | None:
    """The country a demonym in the span ("Iraqi Kurdistan": the demonym clean_name took
    off) or right before it puts the name in."""
    head = _LEAD_WORDS.sub("", text).split()
    own = ((demonyms().get(name_key(head[0])) or bare_possessive(head[0], gaz))
           if head and not name.startswith(head[0]) and not gaz.rows(" ".join(head)) else None)
    return own or qualifier_country(full, start, gaz)


def _followed_by_country(text: str, end: int, gaz: Gazetteer) -> bool:
    """Whether a country's name follows as the area holding the name ('X, in Mali')."""
    sep = CONTAINMENT.match(text, end)
    if sep is None or sep.end() == end:
        return False
    words = text[sep.end():sep.end() + 60].split()[:5]
    return any(gaz.is_country(" ".join(words[:n]).rstrip(".,;:)]'")) for n in range(1, 6))


@dataclass
class _Story:
    """What the whole text says about countries and areas: shared by the per-name rules."""

    full: str
    raws: list[_Raw]
    votes: Votes  # every country cue, each name's own first reading included
    scene_votes: Votes  # the same without neighbours named aside: what rules out towns
    own: list[tuple[str, float] | None]  # each name's first reading: (country, weight)
    countries: dict[str, float]  # shares of votes
    admin1s: set[str]  # 'country.admin1' keys the story names (or its page does)
    forced: dict[int, Entry]  # readings pinned by the area the text puts a name in
    sentence_countries: set[tuple[int, str]]  # (sentence number, country) named together
    named_countries: Votes  # explicit country cues: countries named, demonyms, the page
    sentence_of: list[int]  # each raw's sentence number
    echo: dict[str, Votes]  # each name's own votes, summed once (linear, not per mention)
    scene_echo: dict[str, Votes]  # the same over the names not said aside


def resolve_mentions(doc: Doc, gaz: Gazetteer | None = None,
                     context: StoryContext | None = None) -> list[Mention]:
    """Every place mention in the document, resolved in the document's context.

    ``context`` adds what the page says beyond the body (title, address); without it, the
    body's own dateline is read.
    """
    gaz = gaz or load_gazetteer()
    full = doc.text  # a property that joins the tokens: read it once
    context = context or story_context(full, gaz)
    story = _read_story(doc, gaz, full, context)
    # One sense per story: a name pinned by the area the text puts it in reads so throughout
    # ("NTA, Benin, ... shot dead in Benin, the Edo State capital").
    pinned = {name_key(story.raws[k].name): e for k, e in story.forced.items()}
    chosen = [_choose(story, k, raw, pinned, gaz) for k, raw in enumerate(story.raws)]
    _within_named_area(full, story.raws, chosen, story.votes, story.own)
    return _mentions(story, chosen, doc, gaz, context)


def _read_story(doc: Doc, gaz: Gazetteer, full: str, context: StoryContext) -> _Story:
    """First pass: each name read alone, and the country evidence of the whole story."""
    raws = _raw_mentions(doc, gaz, full, context)
    votes = country_evidence(doc)
    scene_votes = country_evidence(doc)
    for cc, weight in context.countries.items():
        votes[cc] += weight
        scene_votes[cc] += weight
    own: list[tuple[str, float] | None] = []
    for raw in raws:
        best = _best(raw, {}, set())
        weight = _weight(best, raw) if best is not None and not raw.loose else 0.0
        own.append((best.country, weight) if best is not None else None)
        if best is not None:
            votes[best.country] += weight
            if not raw.aside:
                scene_votes[best.country] += weight
    countries = _shares(votes)
    admin1s = {f"{b.country}.{b.admin1_code}" for r in raws
               if (b := _best(r, countries, set())) is not None and b.kind == "admin1"}
    admin1s |= context.admin1_keys()
    starts = [s.start_char for s in doc.sents]
    sentence_of = [bisect.bisect_right(starts, r.start) - 1 for r in raws]
    named = {(n, e.country) for n, r in zip(sentence_of, raws, strict=True)
             for e in r.entries[:1] if e.kind in ("country", "admin1")}
    scene = [(r, v) for r, v in zip(raws, own, strict=True) if not r.aside]
    return _Story(full, raws, votes, scene_votes, own, countries, admin1s,
                  _contained_pairs(full, raws, countries, admin1s), named,
                  _explicit_countries(doc, raws, own, context), sentence_of,
                  _echoes(raws, own), _echoes([r for r, _ in scene], [v for _, v in scene]))


def _explicit_countries(doc: Doc, raws: list[_Raw], own: list[tuple[str, float] | None],
                        context: StoryContext) -> Votes:
    """The story's explicit country cues: countries named (not aside), demonyms, the page."""
    explicit = country_evidence(doc)
    for cc, weight in context.countries.items():
        explicit[cc] += weight
    for raw, vote in zip(raws, own, strict=True):
        if vote is not None and not raw.aside and raw.entries[0].kind == "country":
            explicit[vote[0]] += vote[1]
    return explicit


def _choose(story: _Story, k: int, raw: _Raw, pinned: dict[str, Entry],
            gaz: Gazetteer) -> Entry | None:
    """Second pass: one name's reading in the story's context, by the first rule that applies."""
    best = story.forced.get(k)
    same = pinned.get(name_key(raw.name))
    if best is None and same is not None and same in raw.entries:
        best = same
    if best is None:
        best = _in_context(story, k, raw)
        if raw.qualifier is not None and (best is None or best.country != raw.qualifier):
            best = _in_qualifier_country(story, raw, gaz)
    if best is not None and raw.loose and story.votes.get(best.country, 0.0) <= 0:
        # A spelling guess the rest of the story does not back; with no country evidence
        # at all, a big place one letter away is still meant ("Kinshasha").
        best = _lone_near_guess(raw, story.votes)
    return best


def _in_context(story: _Story, k: int, raw: _Raw) -> Entry | None:
    """The best reading the rest of the story backs."""
    # A name does not vote for its own reading: "Zango" alone in a Boko Haram story
    # is the Nigerian village, not the Angolan town its own first guess points to.
    # A country's own name is the exception: "Niger" beside Nigeria is still Niger.
    first = _best(raw, {}, set())
    key = name_key(raw.name)
    others = (None if first is not None and first.kind == "country"
              else _shares(_without_name(story.votes, story.echo, key)))
    # A village abroad that nothing else in the text points to is not meant: "Rann"
    # near Boko Haram is the Nigerian town, not the Slovenian one known by that name.
    # Nor does a country named aside rule a town out: "a coalition led by Saudi
    # Arabia hit Amran" is about the Yemeni town.
    # The scene's votes less those of every mention of this name ("Paynesville,
    # outside Monrovia ... in Paynesville": the repeat does not back the namesake).
    scene = _without_name(story.scene_votes, story.scene_echo, key)
    backed = [e for e in raw.entries if _supported(e, scene, None, raw.hint)
              and not _namesake_abroad(e, story, k)]
    return _best(replace(raw, entries=backed), others or story.countries, story.admin1s)


def _namesake_abroad(entry: Entry, story: _Story, k: int) -> bool:
    """A place outside the country the story names, which the text does not put there.

    "Raqqa" in a story about Syria is not a hamlet in the United States that an American
    actor named elsewhere seems to back, and "Suluk" is the Syrian village, not the
    Philippine town of 100,000, since the name has a reading in Syria. "Boukamal, Louisiana"
    would be meant (a pinned pair, decided before this rule), and so would a town beside its
    country's name in one sentence. Only explicit cues make the story's country (countries
    named, demonyms, the page), not other towns' first guesses; a big city abroad with no
    namesake in that country stays open ("Moscow" in a story about Syria).
    """
    votes = story.named_countries
    if entry.kind not in LOCAL_KINDS or not votes:
        return False
    home = max(votes, key=lambda cc: votes[cc])
    # Weak evidence (an actor, a demonym) does not make a story's country: below one vote,
    # _supported's own rules decide.
    if votes[home] < 1.0 or votes.get(entry.country, 0.0) >= NAMESAKE_SHARE * votes[home]:
        return False
    if (story.sentence_of[k], entry.country) in story.sentence_countries:
        return False
    has_home_reading = any(e.country == home for e in story.raws[k].entries)
    return has_home_reading or entry.population < LONE_TOWN_POPULATION


def _in_qualifier_country(story: _Story, raw: _Raw, gaz: Gazetteer) -> Entry | None:
    """'the Ethiopian border town Moyale': a namesake abroad is not meant; a name the
    gazetteer lacks there is placed in that country."""
    assert raw.qualifier is not None
    inside = [e for e in raw.entries if e.country == raw.qualifier]
    if inside:
        return _best(replace(raw, entries=inside), story.countries, story.admin1s)
    return gaz.country(raw.qualifier)


def _mentions(story: _Story, chosen: list[Entry | None], doc: Doc, gaz: Gazetteer,
              context: StoryContext) -> list[Mention]:
    """The Mention of each name read; a name the gazetteer lacks lies in the story's country."""
    known: list[Mention] = []
    unknown: list[_Raw] = []
    for raw, best in zip(story.raws, chosen, strict=True):
        if best is None:
            if raw.spacy:  # else a capitalised word the gazetteer and story do not back
                unknown.append(raw)
            continue
        place = place_of(best, raw.name)
        if raw.hint == "area" and best.kind == "populated place":
            place = replace(place, precision=3)  # "Biu LGA": the area around its seat town
        known.append(Mention(raw.text, raw.start, raw.end, place, raw.spacy, best,
                             _weight(best, raw), raw.elsewhere, raw.loose))
    if not unknown:
        return known
    # The country the story is about, not the one most named: a Syrian village the data
    # lacks is not put in the United States because American officials are quoted; nor in
    # a country named aside ("the Liberation of Uganda" in a rebel group's name).
    scene = [m for m in known if not m.aside]
    story_cc = main_country(scene, doc, gaz, context)
    guessed = []
    for raw in unknown:
        # Its own sentence first: "a US-led strike killed 18 in the village of X, the
        # Syrian Observatory said" puts X in Syria whatever the rest of the story names.
        cc = _sentence_country(doc, raw.start, scene) or story_cc
        place = fallback_place(raw.name, {cc: 1.0} if cc else {}, gaz)
        guessed.append(Mention(raw.text, raw.start, raw.end, replace(place, name=raw.name),
                               raw.spacy, None, 0.25 if raw.aside else 0.5, raw.elsewhere,
                               raw.loose))
    return sorted([*known, *guessed], key=lambda m: m.start)


def _sentence_country(doc: Doc, at: int, scene: list[Mention]) -> str | None:
    """The country one sentence points to by its demonyms and its places not named aside."""
    sent = doc.char_span(at, at + 1, alignment_mode="expand")
    if sent is None:
        return None
    start, end = sent.sent.start_char, sent.sent.end_char
    votes = text_evidence(doc.text[start:end])
    for m in scene:
        if start <= m.start < end and m.place.country:
            votes[m.place.country] += m.weight
    return max(votes, key=lambda cc: votes[cc]) if votes else None


def _within_named_area(text: str, raws: list[_Raw], chosen: list[Entry | None], votes: Votes,
                       own: list[tuple[str, float] | None]) -> None:
    """'Ashigashiya, Borno State', 'the village of Bangui in Niger': a name the gazetteer
    lacks there takes the area the text puts it in, not a namesake abroad nor the country
    of the story's other evidence. An area abroad needs backing when the story names a
    country of its own."""
    echo = _echoes(raws, own)
    for k in range(len(raws) - 1):
        inner, outer = chosen[k], chosen[k + 1]
        if (outer is None or outer.kind == "populated place" or raws[k + 1].aside
                or not CONTAINMENT.fullmatch(text[raws[k].end:raws[k + 1].start])):
            continue
        others = _without_name(votes, echo, name_key(raws[k + 1].name))
        if outer.kind != "country" and others.get(outer.country, 0.0) <= 0 and any(
                c is not None and c.kind == "country" and c.country != outer.country
                and not r.aside for c, r in zip(chosen, raws, strict=True)):
            continue  # "Oicha, in the Beni region" of a story set in Congo: not Bolivia's Beni
        if inner is None or (inner.kind in LOCAL_KINDS and inner.country != outer.country
                             and not any(_contains(e, outer) for e in raws[k].entries)):
            chosen[k] = outer


def _sure_near(entry: Entry) -> bool:
    """Whether a place one edit from the name may be meant when the story backs its country."""
    return entry.kind == "admin1" or entry.population >= LONE_TOWN_POPULATION * 5


def _lone_near_guess(raw: _Raw, votes: Votes) -> Entry | None:
    """The most populous place one edit from the name, when it is big and nothing else
    in the story names a country; else None."""
    key = name_key(raw.name)
    if any(v > 0 for v in votes.values()) or len(key) < 7:  # 'Kanana' is not Kananga
        return None
    # By its own name only (an alternate name one letter off is mostly another language's
    # form of another city), and with the first letter kept: "Kinshasha", "Bossaso".
    own = [e for e in raw.near if e.population >= LONE_TOWN_POPULATION
           and name_key(e.name)[:1] == key[:1] and name_key(e.name) in one_edit(key)]
    # Read as the name written right would be (the city over the province and the district
    # of its name that hold as many people), then in a fixed order: ``near`` is a set, and
    # a tie left to its order changed the answer with PYTHONHASHSEED.
    return max(sorted(own, key=entry_order), key=lambda e: _score(e, raw, {}, set()),
               default=None)


def entry_order(entry: Entry) -> tuple[int, int, str, float, float]:
    """A total order of entries that no hash seed changes: finer kinds first, then by id."""
    return (PRECISION[entry.kind], entry.geonames_id or 0, entry.name, entry.lat, entry.lon)


def _echoes(raws: list[_Raw], own: list[tuple[str, float] | None]) -> dict[str, Votes]:
    """Name key -> the votes its mentions cast on their own (summed per country)."""
    out: dict[str, Votes] = {}
    for raw, vote in zip(raws, own, strict=True):
        if vote is not None:
            mine = out.setdefault(name_key(raw.name), {})
            mine[vote[0]] = mine.get(vote[0], 0.0) + vote[1]
    return out


def _without_name(votes: Votes, echo: dict[str, Votes], key: str) -> Votes:
    """The votes less those of every mention of one name (its repeats echo it)."""
    out = dict(votes)
    for cc, weight in echo.get(key, {}).items():
        out[cc] = out.get(cc, 0.0) - weight
    return {cc: v for cc, v in out.items() if v > 1e-9}


def _weight(entry: Entry, raw: _Raw) -> float:
    """How strongly one mention points to its country: a named country most, a lone guess least."""
    if entry not in raw.entries:
        return 0.5  # an unknown name placed in the area around it: it only echoes that area
    weight = {"country": 2.0, "admin1": 1.0}.get(entry.kind, 1.0 if raw.spacy else 0.5)
    if len({e.country for e in raw.entries}) > 1 and entry.kind != "country":
        weight /= 2  # "Tripoli" alone could be Libya or Lebanon
    return weight / 4 if raw.aside else weight


def _supported(entry: Entry, votes: Votes, own: tuple[str, float] | None,
               hint: str | None = None) -> bool:
    """Whether anything besides this mention points to the entry's country (or it is big)."""
    others = dict(votes)
    if own is not None:
        others[own[0]] = others.get(own[0], 0.0) - own[1]
    if others.get(entry.country, 0.0) > 0 or not any(v > 0 for v in others.values()):
        return True
    if entry.kind == "admin2":
        # A district's people are summed over its towns: size proves nothing. But one the
        # text calls a district ('Lakki Marwat district') stands unless the story clearly
        # points to another country (a country named, not a stray guess or an actor).
        return hint == "area" and max(others.values()) < 1.0
    if entry.kind == "admin1":
        # An area abroad the text does not call an area is a word that happens to name one:
        # "the School of Maritime, Burutu, Delta State" is not Togo's Maritime region.
        return hint in ("admin1", "area") or max(others.values()) < 1.0
    return entry.kind != "populated place" or entry.population >= LONE_TOWN_POPULATION


def _contains(inner: Entry, outer: Entry) -> bool:
    if outer.kind == "country":
        return inner.kind != "country" and inner.country == outer.country
    return (outer.kind == "admin1" and inner.kind in LOCAL_KINDS
            and inner.country == outer.country and inner.admin1_code == outer.admin1_code)


def _contained_pairs(text: str, raws: list[_Raw], countries: dict[str, float],
                     admin1s: set[str]) -> dict[int, Entry]:
    """'Tripoli, Lebanon' / 'Atlanta, Georgia': the second name encloses the first.

    So does an area whose capital the first is: 'Benin, the Edo State capital'.
    """
    forced: dict[int, Entry] = {}
    for k in range(len(raws) - 1):
        a, b = raws[k], raws[k + 1]
        if not (CONTAINMENT.fullmatch(text[a.end:b.start])
                or (re.fullmatch(r",\s*the\s+", text[a.end:b.start])
                    and AREA_CAPITAL.match(text, b.end))):
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


def main_country(mentions: list[Mention], doc: Doc, gaz: Gazetteer,
                 context: StoryContext | None = None) -> str | None:
    """The country the story is about: the one its places and demonyms point to most."""
    votes = country_evidence(doc)
    for cc, weight in (context.countries if context else {}).items():
        votes[cc] += weight
    scene = harm_sentence(doc)
    text = doc.text
    for m in mentions:
        in_scene = scene is not None and scene[0] <= m.start < scene[1]
        # An unknown name outside the scene only echoes the other evidence ("Khashoggi");
        # inside it, it says the scene lies in the country the text points to.
        if m.place.country and (m.entry is not None or in_scene):
            factor = 2.0 if in_scene else 1.0
            if (in_scene and not m.aside and m.entry is not None and m.entry.kind == "country"
                    and SCENE_IN.search(text, max(0, m.start - 30), m.start)):
                factor = 4.0  # "was killed in Malaysia", "killed in neighboring Uganda"
            votes[m.place.country] += m.weight * factor
    if not votes:
        return None
    first = {m.place.country: i for i, m in reversed(list(enumerate(mentions)))}
    return max(votes, key=lambda c: (votes[c], -first.get(c, len(mentions))))


def _enclosing(towns: list[Mention], cc: str, gaz: Gazetteer) -> Place | None:
    """The admin-1 area all these towns share, else None."""
    codes = {m.entry.admin1_code for m in towns if m.entry is not None}
    if len(codes) == 1:
        area = gaz.admin1(cc, codes.pop())
        if area is not None:
            return place_of(area)
    return None


def with_title(context: StoryContext, title: Doc, gaz: Gazetteer) -> StoryContext:
    """The context plus the page title's places: their countries and US states vote too.

    "Teen dies in Chattanooga laundromat shooting" puts a body that names no town in
    Chattanooga, and its streets in Tennessee.
    """
    places = tuple(m for m in resolve_mentions(title, gaz, context) if m.entry is not None
                   and m.entry.kind != "country")
    if not places:
        return context
    w = weights("geo_context")
    countries, states = dict(context.countries), dict(context.states)
    for m in places:
        assert m.entry is not None
        countries[m.entry.country] = countries.get(m.entry.country, 0.0) + w["title_place"]
        if m.entry.country == "US" and m.entry.admin1_code:
            states[m.entry.admin1_code] = states.get(m.entry.admin1_code, 0.0) + w["title_place"]
    return replace(context, countries=countries, states=states, title_places=places)


def main_place(mentions: list[Mention], doc: Doc, gaz: Gazetteer | None = None,
               context: StoryContext | None = None) -> Place | None:
    """The document's main place, at the precision its mentions honestly allow.

    The first town of the main country, when the other towns named lie near it; towns far
    apart (a story about a whole region) give their shared admin-1 area, else the country.
    A town the page's title names is the scene unless the body names a town near it.
    """
    gaz = gaz or load_gazetteer()
    cc = main_country(mentions, doc, gaz, context)
    if cc is None:  # a page whose body is empty or placeless: the title's place, if any
        title = context.title_places if context else ()
        located = [m.place for m in (*mentions, *title) if m.place.lat is not None]
        return _on_the_page(located[0] if located else None, context, gaz)
    areas = _scene_areas(mentions, cc)
    towns = _scene_towns(mentions, cc, areas, doc)
    place = _body_place(towns, areas, cc, doc, gaz)
    title = context.title_places if context else ()
    place = _town_in_county(_titled(place, title, mentions, cc), [*title, *mentions])
    return _on_the_page(place, context, gaz)


def _town_in_county(place: Place | None, mentions: list[Mention]) -> Place | None:
    """A county, when the page also names a town of its state near it: the town is finer.

    "DuPage County boy dies after shooting" over a body that says where: "at a home in Villa
    Park". A town named aside (an origin, a base) does not place the event.
    """
    if place is None or place.kind != "admin2":
        return place
    inner = next((m.place for m in mentions if m.entry is not None and not m.aside
                  and m.entry.kind == "populated place" and m.entry.country == place.country
                  and m.place.admin1 == place.admin1
                  and distance_km(m.place, place) <= COUNTY_TOWN_KM), None)
    return inner or place


def _on_the_page(place: Place | None, context: StoryContext | None,
                 gaz: Gazetteer) -> Place | None:
    """A place no finer than the page's state, on a page that names its state: the city its
    address names in that state, else the state.

    "Police said a man was shot on the North Side" on 'pittsburgh.cbslocal.com': Pittsburgh.
    """
    if context is None or (place is not None and (place.country != "US"
                                                  or (place.precision or 6) < 4)):
        return place
    state = page_state(context)
    if state is None or (place is not None and place.precision == 4
                         and place.admin1 != gaz.admin1_names.get(f"US.{state}")):
        return place  # a state other than the page's, named in the text, stands
    city = next((e for e in context.beat if e.admin1_code == state), None)
    if city is not None:
        return place_of(city)
    area = gaz.admin1("US", state) if place is None or place.precision != 4 else None
    return place_of(area) if area is not None else place


def _scene_areas(mentions: list[Mention], cc: str) -> list[Mention]:
    """The admin-1 areas of the main country, those named aside last."""
    areas = [m for m in mentions if m.entry is not None and m.entry.kind == "admin1"
             and m.entry.country == cc]
    return [m for m in areas if not m.aside] or areas  # "all hailed from Punjab province"


def _scene_towns(mentions: list[Mention], cc: str, areas: list[Mention],
                 doc: Doc) -> list[Mention]:
    """The towns and districts of the main country that can be the scene."""
    towns = [m for m in mentions if m.entry is not None and m.entry.kind in LOCAL_KINDS
             and m.entry.country == cc]
    # "a Kabul-bound bus in western Afghanistan": a destination or a base is never the scene
    text = doc.text  # a property that joins the tokens: read it once
    towns = [m for m in towns if not ATTRIBUTE_AFTER.match(text, m.end)]
    towns = [m for m in towns if not m.aside] or towns  # "a Kabul-bound bus near Herat"
    # A district named in the text bounds its towns as an admin-1 area does ("Agwabi village
    # in Buruku LGA": not the Agwabi 500 km away).
    towns = _inside_named_areas(towns, areas)
    districts = [m for m in towns if m.entry is not None and m.entry.kind == "admin2"]
    return _near_seats(_without_namesakes(_inside_named_areas(towns, districts), doc))


def _body_place(towns: list[Mention], areas: list[Mention], cc: str, doc: Doc,
                gaz: Gazetteer) -> Place | None:
    """The first town when the towns lie together, else the scene's town, their area, the
    lead's town or the country."""
    if towns and all(distance_km(towns[0].place, m.place) <= SPREAD_KM for m in towns):
        return _town_in_district(towns)
    if towns:
        return (_scene_town(doc, towns) or _majority_town(towns) or _enclosing(towns, cc, gaz)
                or _first_local_sentence(doc, towns) or _country_place(cc, gaz, doc))
    return areas[0].place if areas else _country_place(cc, gaz, doc)


def _majority_town(towns: list[Mention]) -> Place | None:
    """The first town of the cluster that holds most town mentions, when it holds more than
    half of them and the towns outside it are untagged names (streets, surnames).

    "VALLEJO -- ... Humboldt Street ... Lt. Lee Horton": streets and surnames that are also
    towns far away are scattered one-offs; the scene's town and its neighbours, repeated,
    lie together. No majority (a story about a whole region) leaves the choice to the area.
    """
    def near(m: Mention) -> list[Mention]:
        return [o for o in towns if distance_km(m.place, o.place) <= SPREAD_KM]

    best = max((near(m) for m in towns), key=len)
    # A place the NER tags far from the cluster is surely a place: the story spans a region
    outliers = [m for m in towns if m not in best]
    if 2 * len(best) <= len(towns) or any(m.spacy for m in outliers):
        return None
    return _town_in_district(best)


def _town_in_district(towns: list[Mention]) -> Place:
    """The first town, finer than a district named before it: "the Harris County sheriff
    ... in Houston" happened in Houston."""
    first = towns[0]
    if first.entry is not None and first.entry.kind == "admin2":
        inner = next((m for m in towns if m.entry is not None
                      and m.entry.kind == "populated place"), None)
        if inner is not None:
            return inner.place
    return first.place


def _titled(place: Place | None, title: tuple[Mention, ...], mentions: list[Mention],
            cc: str) -> Place | None:
    """The town the page's title names, when the body does not name one near it.

    "One dead in shooting near college in Tulsa" over a body that names only "the Tulsa
    County Jail": the title's town. A body town near the title's keeps its own reading.
    """
    towns = [m for m in title if m.entry is not None and m.entry.kind in LOCAL_KINDS
             and m.entry.country == cc]
    if not towns:
        return _titled_area(place, title, cc)
    wanted = towns[0]
    same = next((m.place for m in mentions if m.entry is not None
                 and m.entry.kind in LOCAL_KINDS
                 and name_key(m.place.name) == name_key(wanted.place.name)), None)
    if same is not None:
        return same
    # A body town near the title's keeps its reading; a county holding the title's town is
    # coarser than the title ("Man shot near Gary, Ind." over "a Lake County bar": Gary).
    if place is not None and (place.precision or 6) <= min(3, wanted.place.precision or 6) \
            and distance_km(place, wanted.place) <= SPREAD_KM:
        return place
    return wanted.place


def _titled_area(place: Place | None, title: tuple[Mention, ...], cc: str) -> Place | None:
    """The admin-1 area the page's title names ("Three hurt in D.C. bar shooting"), when the
    body names no place finer than the country."""
    if place is not None and place.kind != "country":
        return place
    area = next((m.place for m in title if m.entry is not None and m.entry.kind == "admin1"
                 and m.entry.country == cc), None)
    return area or place


def _near_seats(towns: list[Mention]) -> list[Mention]:
    """Towns near the seat of a district the text names ('in Buruku Local Government Area',
    a district the data lacks, read as the area around its seat town)."""
    seats = [m for m in towns if m.entry is not None and m.entry.kind == "populated place"
             and m.place.precision == 3]
    if not seats:
        return towns
    return [m for m in towns
            if any(distance_km(m.place, s.place) <= SPREAD_KM for s in seats)] or towns


def _without_namesakes(towns: list[Mention], doc: Doc) -> list[Mention]:
    """Drop small towns far from a city named in the same sentence: namesakes, not the scene.

    "A car bomb in the Alam district of the Iraqi capital, Baghdad": the village called Alam
    200 km away is not meant; the district lies in Baghdad.
    """
    if len(towns) < 2:
        return towns
    sentences = [(s.start_char, s.end_char) for s in doc.sents]
    text = doc.text  # built once: Doc.text joins every token on each access
    starts = [a for a, _ in sentences]

    def sentence_of(m: Mention) -> int:
        k = bisect.bisect_right(starts, m.start) - 1
        return k if k >= 0 and m.start < sentences[k][1] else 0

    sentence = {id(m): sentence_of(m) for m in towns}
    # Only towns of the same sentence are compared: linear in a text naming a town per sentence.
    by_sentence: dict[int, list[Mention]] = {}
    for o in towns:
        by_sentence.setdefault(sentence[id(o)], []).append(o)
    keep = []
    for m in towns:
        if m.entry is None:
            continue
        stated = _stated_km(text, *sentences[sentence[id(m)]]) if sentences else []
        beside = by_sentence[sentence[id(m)]]
        if not _far_namesake(m, beside, stated):
            keep.append(m)
    return keep or towns


def _far_namesake(m: Mention, beside: list[Mention], stated: list[float]) -> bool:
    """A small town far from a bigger city named beside it, or a spelling guess far from a
    town named as written beside it; a distance the text states holds ("Lantapan, a town
    840 km south of Manila")."""
    assert m.entry is not None

    def far(o: Mention) -> bool:
        km = distance_km(o.place, m.place)
        return km > SPREAD_KM and not _fits(km, stated)

    far_city = m.entry.population < LONE_TOWN_POPULATION and any(
        o.entry is not None and o.entry.population >= LONE_TOWN_POPULATION
        and o.entry.population > m.entry.population and far(o) for o in beside)
    far_town = m.guess and any(not o.guess and far(o) for o in beside)
    return far_city or far_town


def _fits(km: float, stated: list[float]) -> bool:
    """Whether a distance agrees with one the text states (within 30%, or 50 km)."""
    return any(abs(km - said) <= max(50.0, 0.3 * said) for said in stated)


def _stated_km(text: str, start: int, end: int) -> list[float]:
    """The distances a stretch of text states, in kilometres."""
    out = []
    for m in DISTANCE.finditer(text, start, end):
        value = float(m.group(1).replace(",", ""))
        out.append(value * 1.609 if m.group(2).lower() == "mile" else value)
    return out


def _inside_named_areas(towns: list[Mention], areas: list[Mention]) -> list[Mention]:
    """Towns consistent with the admin-1 areas the story names.

    "Killed in Agatu, Benue State": a small Agatu in another state is another place of that
    name, so the area is the better answer; a large city outside the area still counts.
    """
    codes = {m.entry.admin1_code for m in areas if m.entry is not None}
    if not codes:
        return towns
    inside = [m for m in towns if m.entry is not None and m.entry.admin1_code in codes]
    return inside or [m for m in towns if m.entry is not None
                      and m.entry.population >= LONE_TOWN_POPULATION]


def _scene_town(doc: Doc, towns: list[Mention]) -> Place | None:
    """The town named in the first sentence that tells of harm, when that sentence names one."""
    scene = harm_sentence(doc)
    if scene is None:
        return None
    inside = [m for m in towns if scene[0] <= m.start < scene[1]]
    return inside[0].place if inside else None


def _first_local_sentence(doc: Doc, towns: list[Mention]) -> Place | None:
    """The first town of the lead's first sentence naming towns, when they lie close together.

    "Rebels seized Bria. Officials in Bangui sent troops": the story opens on Bria.
    "Strikes hit Damascus and Aleppo": one sentence naming far-apart towns stays regional.
    """
    lead_end = doc.text.find("\n\n")
    for sent in doc.sents:
        if 0 <= lead_end < sent.start_char:
            return None  # only the lead paragraph sets the scene of a longer story
        inside = [m for m in towns if sent.start_char <= m.start < sent.end_char]
        if inside:
            # "Bria, a town 600 km northeast of the capital, Bangui": a reference point
            # at the distance the text states does not make the story regional.
            stated = _stated_km(doc.text, sent.start_char, sent.end_char)
            if all(distance_km(inside[0].place, m.place) <= SPREAD_KM
                   or _fits(distance_km(inside[0].place, m.place), stated) for m in inside):
                return inside[0].place
            return None
    return None


def _country_place(cc: str, gaz: Gazetteer, doc: Doc | None = None) -> Place | None:
    """The country, or the part of it the story names ('northern Mali'), at region precision."""
    country = gaz.country(cc)
    if country is None:
        return Place(name=cc, country=cc, precision=6)
    part = _part_named(doc, gaz) if doc is not None else None
    point = gaz.region(cc, part) if part else None
    if part is None or point is None:
        return place_of(country)
    return Place(name=f"{part} {country.name}", kind="region", country=cc, lat=point[0],
                 lon=point[1], precision=5)


def _part_named(doc: Doc, gaz: Gazetteer) -> str | None:
    """The part of a country the harm sentence, else the story, names ('north-east').

    'northern Mali', 'central Kasai': the capitalised word after the part must be a place
    ('its central Amaq news agency' names no part of a country).
    """
    text = doc.text
    scene = harm_sentence(doc)
    spans = [scene, (0, len(text))] if scene else [(0, len(text))]
    for start, end in spans:
        for m in PART_OF_COUNTRY.finditer(text, start, end):
            if m.group("a"):
                after = _NEXT_NAME.match(text, m.end())
                words = after.group(1).split() if after else []
                if not any(gaz.rows(" ".join(words[:n])) for n in range(len(words), 0, -1)):
                    continue
            return re.sub(r"[- ]", "", m.group("a") or m.group("b"))
    return None


# The capitalised words after a part of a country: "eastern Democratic Republic of Congo".
_NEXT_NAME = re.compile(r"\s+([A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|of|the)){0,5})")
