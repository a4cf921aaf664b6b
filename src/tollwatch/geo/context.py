"""What a story's page says of its place before the first toponym: dateline, title, address.

A local station's page ("losangeles.cbslocal.com/..."), a title ("Four found dead in Tulsa,
Okla.") and a dateline ("UNION, S.C. --") put the story in one country and, in the United
States, one state. Toponym resolution weighs these as evidence beside the text's own.
"""

from __future__ import annotations

import collections
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tollwatch.geo.datelines import Dateline, find_dateline, named_states, url_host, url_words
from tollwatch.geo.gazetteer import Entry, Gazetteer
from tollwatch.geo.names import name_key
from tollwatch.lexicon import weights

if TYPE_CHECKING:  # toponyms reads this module: the type only, no import cycle
    from tollwatch.geo.toponyms import Mention

# A city big enough that a word of a page's address naming it names the outlet's beat.
BEAT_CITY_POPULATION = 100_000


@dataclass(frozen=True)
class StoryContext:
    """Country and US-state evidence from outside the body's toponyms."""

    dateline: Dateline | None = None
    countries: dict[str, float] = field(default_factory=dict)  # ISO alpha-2 -> weight
    states: dict[str, float] = field(default_factory=dict)  # US postal code -> weight
    title_places: tuple[Mention, ...] = ()  # the title's toponyms, read in this context
    beat: tuple[Entry, ...] = ()  # big US cities the page's address names ("pittsburgh.")

    def admin1_keys(self) -> set[str]:
        """The states as the gazetteer's 'country.admin1' keys ('US.SC')."""
        return {f"US.{code}" for code, w in self.states.items() if w > 0}


def story_context(text: str, gaz: Gazetteer, title: str | None = None,
                  url: str | None = None) -> StoryContext:
    """The dateline of ``text`` and the states its dateline, title, towns and address name."""
    w = weights("geo_context")
    states: collections.defaultdict[str, float] = collections.defaultdict(float)
    dateline = find_dateline(text)
    if dateline is not None and dateline.state is not None:
        states[dateline.state] += w["dateline_state"]
    for code in named_states(title or ""):
        states[code] += w["title_state"]
    for code in named_states(text[:2000]):
        states[code] += w["text_state"]
    for code in url_states(url, gaz):
        states[code] += w["url_state"]
    countries: collections.defaultdict[str, float] = collections.defaultdict(float)
    if states:
        countries["US"] += w["us_state_country"] * min(2.0, sum(states.values()))
    if is_us_station(url):
        countries["US"] += w["us_call_sign"]
    return StoryContext(dateline, dict(countries), dict(states), beat=beat_cities(url, gaz))


def beat_cities(url: str | None, gaz: Gazetteer) -> tuple[Entry, ...]:
    """The big US cities a page's address names: 'pittsburgh.cbslocal.com' -> Pittsburgh.

    A word naming big cities in several states names none.
    """
    found = []
    for word in dict.fromkeys([*url_words(url), *_host_prefixes(url, gaz)]):
        cities = [e for e in gaz.lookup(word) if e.country == "US"
                  and e.kind == "populated place" and e.population >= BEAT_CITY_POPULATION
                  and name_key(e.name) == name_key(word)]
        if len({e.admin1_code for e in cities}) == 1:
            found.append(cities[0])
    return tuple(found)


# A US broadcaster's call sign as its web address: "wtae.com", "kstp.com", "wbtv.com".
_CALL_SIGN = re.compile(r"^(?:www\.)?[kw][a-z]{2,3}(?:tv|\d{1,2})?\.(?:com|net|org)$")


def is_us_station(url: str | None) -> bool:
    """Whether a page's host is a US broadcaster's call sign (K or W, by FCC rule)."""
    host = url_host(url)
    return bool(host) and bool(_CALL_SIGN.match(host))


def url_states(url: str | None, gaz: Gazetteer) -> list[str]:
    """States an outlet's address names: a state ('/california/') or a big city in one.

    'pittsburgh.cbslocal.com' -> PA. A word naming big cities in several states names none.
    """
    found = []
    for word in dict.fromkeys([*url_words(url), *_host_prefixes(url, gaz)]):
        codes = _beat_states(word, gaz)
        if len(codes) == 1:
            found.append(codes.pop())
    return found


def _beat_states(word: str, gaz: Gazetteer) -> set[str]:
    """The states of the US states and big cities a word of an address names."""
    return {e.admin1_code for e in gaz.lookup(word) if e.country == "US"
            and (e.kind == "admin1" or (e.kind == "populated place"
                                        and e.population >= BEAT_CITY_POPULATION))
            and name_key(e.name) == name_key(word)}


# The shortest state or big-city name an outlet's host may begin with ("miamiherald").
MIN_PREFIX = 5


def _host_prefixes(url: str | None, gaz: Gazetteer) -> list[str]:
    """The longest state or big-city name each part of the host begins with:
    'chicagotribune.com' -> 'chicago', 'baltimoresun.com' -> 'baltimore'.

    The longest only: 'kansascity.com' is Kansas City (two states, so none), not Kansas.
    """
    found = []
    for label in url_host(url).split(".")[:-1]:
        for cut in range(len(label), MIN_PREFIX - 1, -1):
            if _beat_states(label[:cut], gaz):
                found.append(label[:cut])
                break
    return found
