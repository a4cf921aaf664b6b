"""What a story's page says of its place before the first toponym: dateline, title, address.

A local station's page ("losangeles.cbslocal.com/..."), a title ("Four found dead in Tulsa,
Okla.") and a dateline ("UNION, S.C. --") put the story in one country and, in the United
States, one state. Toponym resolution weighs these as evidence beside the text's own.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass, field

from tollwatch.geo.datelines import Dateline, find_dateline, named_states, url_words
from tollwatch.geo.gazetteer import Gazetteer
from tollwatch.geo.names import name_key
from tollwatch.lexicon import weights

# A city big enough that a word of a page's address naming it names the outlet's beat.
BEAT_CITY_POPULATION = 100_000


@dataclass(frozen=True)
class StoryContext:
    """Country and US-state evidence from outside the body's toponyms."""

    dateline: Dateline | None = None
    countries: dict[str, float] = field(default_factory=dict)  # ISO alpha-2 -> weight
    states: dict[str, float] = field(default_factory=dict)  # US postal code -> weight

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
    countries = {"US": w["us_state_country"] * min(2.0, sum(states.values()))} if states else {}
    return StoryContext(dateline, countries, dict(states))


def url_states(url: str | None, gaz: Gazetteer) -> list[str]:
    """States an outlet's address names: a state ('/california/') or a big city in one.

    'pittsburgh.cbslocal.com' -> PA. A word naming big cities in several states names none.
    """
    found = []
    for word in dict.fromkeys(url_words(url)):
        codes = {e.admin1_code for e in gaz.lookup(word) if e.country == "US"
                 and (e.kind == "admin1" or (e.kind == "populated place"
                                             and e.population >= BEAT_CITY_POPULATION))
                 and name_key(e.name) == name_key(word)}
        if len(codes) == 1:
            found.append(codes.pop())
    return found
