"""A US page's places agree on one state: its own cues and its names decide every namesake."""

from __future__ import annotations

import pytest

from geo.places import main_place_of
from tollwatch.extract.nlp import load_nlp
from tollwatch.geo.context import story_context
from tollwatch.geo.gazetteer import load_gazetteer


@pytest.mark.parametrize(
    ("text", "title", "name", "state"),
    [
        # A county found in many states, beside a town found in one: that state, and the town
        ("The Putnam County sheriff said a boy was shot while hunting with his uncle near "
         "Pandora on Saturday.", None, "Pandora", "Ohio"),
        # The title's state decides the county the body names
        ("Deputies said a man was wounded in a shooting at a Lake County bar overnight.",
         "Man shot at bar near Gary, Ind.", "Gary", "Indiana"),
        # A dateline's state decides a county named in many states
        ("SALEM, Ore. -- A woman was shot outside a Marion County store, deputies said.",
         None, "salem", "Oregon"),
    ],
)
def test_geo_story_state_decides_namesakes(text: str, title: str | None, name: str,
                                           state: str) -> None:
    place = main_place_of(text, title)
    assert (place.name.casefold(), place.country, place.admin1) == (name.casefold(), "US",
                                                                   state)


@pytest.mark.parametrize(
    ("text", "admin1"),
    [
        # Two states named as much as each other: no state decides; the bigger county stays
        ("A man from Lake County, Ill., was shot in Lake County, Ind., police in both "
         "states said.", None),
    ],
)
def test_geo_story_state_needs_a_margin(text: str, admin1: str | None) -> None:
    from tollwatch.geo.toponyms import _raw_mentions, story_state

    gaz = load_gazetteer()
    doc = load_nlp()(text)
    context = story_context(text, gaz)
    assert story_state(_raw_mentions(doc, gaz, text, context), context) == admin1


@pytest.mark.parametrize(
    ("text", "state"),
    [
        # A town the data lacks in the state written after it: the state, never a
        # namesake elsewhere
        ("Deputies said an Ogden, Minn., man shot his neighbour on Sunday.",
         "Minnesota"),
    ],
)
def test_geo_town_missing_in_its_stated_state(text: str, state: str) -> None:
    place = main_place_of(text)
    assert (place.country, place.admin1) == ("US", state)


@pytest.mark.parametrize(
    ("text", "url", "name", "state"),
    [
        # A neighbourhood named like a town in another state, on a city paper's page: not
        # that town; the page's city
        ("Two men were shot on the South Side late Friday, police said.",
         "http://www.chicagotribune.com/news/local/ct-shooting-story.html", "Chicago",
         "Illinois"),
        # The body names no town at all: the city the station's address names
        ("A woman was wounded by a stray bullet while sitting on her porch, police said.",
         "http://pittsburgh.cbslocal.com/2015/06/01/woman-hit-by-stray-bullet/", "Pittsburgh",
         "Pennsylvania"),
        # A dateline town the data lacks: kept by its name, in the dateline's state
        ("DOVERVILLE, Ohio -- A man was wounded outside a bar, deputies said.", None,
         "DOVERVILLE", "Ohio"),
    ],
)
def test_geo_page_state_rules_out_towns_elsewhere(text: str, url: str | None, name: str,
                                                  state: str) -> None:
    place = main_place_of(text, url=url)
    assert (place.name, place.country, place.admin1) == (name, "US", state)


@pytest.mark.parametrize(
    ("text", "title", "name", "state"),
    [
        # The title names the county, the body the town in it: the town
        ("Two men were shot outside a club near Bushnell in Sumter County early Sunday, "
         "deputies said.", "Two wounded at Sumter County club", "Bushnell", "Florida"),
        # ... but a town far from the county is not in it
        ("The Cook County sheriff said the man, who had moved from Peoria, was shot at a "
         "bus stop.", None, "Cook County", "Illinois"),
    ],
)
def test_geo_town_in_county_is_finer(text: str, title: str | None, name: str,
                                     state: str) -> None:
    place = main_place_of(text, title)
    assert (place.name, place.country, place.admin1) == (name, "US", state)


@pytest.mark.parametrize(
    ("text", "title", "name", "state"),
    [
        # The station's city and state at the end of a title the NER reads no place in
        ("Officers said two teenagers were wounded in a shooting overnight.",
         "Two teens wounded near park - KXYZ News - Memphis, Tennessee", "Memphis",
         "Tennessee"),
    ],
)
def test_geo_town_with_its_state_is_a_place(text: str, title: str, name: str,
                                            state: str) -> None:
    place = main_place_of(text, title)
    assert (place.name, place.country, place.admin1) == (name, "US", state)
