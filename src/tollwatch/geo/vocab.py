"""The place vocabulary, read once from the lexicon: compass words and kinds of area.

Every geo module asks here; none writes its own list of directions or area words.
"""

from __future__ import annotations

import functools
import re

from tollwatch.geo.names import name_key
from tollwatch.lexicon import table, words


@functools.cache
def directions(english_only: bool = True) -> dict[str, str]:
    """Compass word -> the part of a country it names ('northern' -> 'north')."""
    return {row["word"]: row["part"] for row in table("geo_directions")
            if row["english"] == "yes" or not english_only}


@functools.cache
def direction_words() -> frozenset[str]:
    """Every English compass word, nouns and adjectives: 'north', 'northeastern', 'central'."""
    return frozenset(directions())


@functools.cache
def compass_nouns() -> tuple[str, ...]:
    """The parts themselves, longest first ('northeast' before 'north'), for regexes."""
    return tuple(sorted(set(directions().values()), key=len, reverse=True))


def compass_pattern() -> str:
    """A regex alternation of the compass nouns, a hyphen or space allowed inside
    ('north-east', 'south west'); 'central' left out (it has no 'ern' form)."""
    parts = []
    for noun in compass_nouns():
        if noun == "central":
            continue
        parts.append(re.sub(r"^(north|south)(east|west)$", r"\1[- ]?\2", noun))
    return "|".join(parts)


def _area_rows(**match: str) -> frozenset[str]:
    return frozenset(row["word"] for row in table("geo_area_words")
                     if all(row[k] == v for k, v in match.items()))


@functools.cache
def area_affixes() -> frozenset[str]:
    """Area words written around an area's name: 'governorate', 'state', 'county'."""
    return _area_rows(affix="yes")


@functools.cache
def admin1_words() -> frozenset[str]:
    """Words naming a first-order area: 'province', 'state', 'region'."""
    return _area_rows(kind="admin1")


@functools.cache
def admin2_words() -> frozenset[str]:
    """Words naming a second-order area: 'district', 'county', 'lga', 'woreda'."""
    return _area_rows(kind="admin2")


@functools.cache
def settlement_words() -> frozenset[str]:
    """Words naming a settlement: 'town', 'village', 'camp'."""
    return _area_rows(kind="settlement")


@functools.cache
def long_name_area_words() -> tuple[str, ...]:
    """Area words that make 'X <word>' an area even inside a longer name, longest first."""
    return tuple(sorted(_area_rows(long_names="yes"), key=len, reverse=True))


@functools.cache
def not_places() -> frozenset[str]:
    """Name keys of armed groups, organisations and operations: never places."""
    return frozenset(name_key(w) for w in words("geo_not_places"))


def is_not_place(name: str) -> bool:
    """Whether a name, or its last word, names an armed group or an organisation ('ISIL',
    'Hamas', 'the Noureddin al-Zinki'), never a place."""
    words = name.split()
    if words and words[0].casefold() == "the":
        words = words[1:]  # "the Failaq al-Sham"
    if not words:
        return False
    return name_key(" ".join(words)) in not_places() or name_key(words[-1]) in not_places()
