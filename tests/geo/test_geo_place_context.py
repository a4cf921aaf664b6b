"""The story's own country and state constrain every toponym; groups are never places."""

from __future__ import annotations

import pytest

from geo.places import main_place_of
from tollwatch.extract.nlp import load_nlp
from tollwatch.geo.gazetteer import load_gazetteer
from tollwatch.geo.toponyms import (
    Mention,
    _majority_town,
    place_of,
    resolve_mentions,
)


@pytest.mark.parametrize(
    ("text", "url", "name", "state"),
    [
        # An AP dateline in capitals with the state abbreviated: the town in that state
        ("UNION, S.C. -- A store clerk was shot dead during a robbery on Friday night, "
         "deputies said.", None, "union", "South Carolina"),
        ("PUYALLUP, Wash. (AP) -- Two men were wounded when shots were fired outside a bar.",
         None, "puyallup", "Washington"),
        # A postal code in a dateline
        ("SPRINGFIELD, IL -- A teenager was shot in the leg near a park, police said.", None,
         "springfield", "Illinois"),
        # A bare dateline: the outlet's address names the state
        ("HAWTHORNE — A man was killed and two were wounded at a party early Tuesday.",
         "http://losangeles.cbslocal.com/2013/01/01/party-shooting/", "hawthorne",
         "California"),
        # "X County" with the state after it
        ("A deputy was shot in Marion County, Fla., during a traffic stop.", None,
         "marion county", "Florida"),
        # "X County" in a story filed from a town of that state
        ("SALEM, Ore. -- Two people were wounded in a shooting in Marion County on Sunday.",
         None, "salem", "Oregon"),
        # A town followed by its abbreviated state in running text
        ("Police said four people were found shot dead in Jackson, Miss., on Monday.", None,
         "jackson", "Mississippi"),
    ],
)
def test_geo_us_dateline_and_state(text: str, url: str | None, name: str, state: str) -> None:
    place = main_place_of(text, url=url)
    assert (place.name.casefold(), place.country, place.admin1) == (name, "US", state)


@pytest.mark.parametrize(
    ("text", "title", "name", "state"),
    [
        # The body names no town; the title does
        ("A woman was shot while doing laundry late on Saturday. She is in stable condition, "
         "police said.", "Woman shot at Chattanooga laundromat", "Chattanooga", "Tennessee"),
        # A sheriff's county first, the town after it: the town is the finer answer
        ("The Harris County sheriff said a man was shot at a bar in Houston overnight.", None,
         "Houston", "Texas"),
    ],
)
def test_geo_title_and_town_in_county(text: str, title: str | None, name: str,
                                      state: str) -> None:
    place = main_place_of(text, title=title)
    assert (place.name, place.country, place.admin1) == (name, "US", state)


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        # A small namesake abroad needs its country named beside it: the Syrian town, though
        # American officials are quoted and the US holds towns of that name
        ("Seven civilians were killed in Palmyra on Monday, the Syrian Observatory said. "
         "US officials condemned the strike in Syria.", "Palmyra", "SY"),
        # ... and a name with a reading in the story's country is read there, not abroad
        ("Four were killed when rebels shelled a market in Damascus, Syrian state media said. "
         "American officials called for calm.", "Damascus", "SY"),
        # ... unless the text puts it abroad in the same sentence
        ("A man was shot dead in Palmyra, New Jersey, police in the United States said.",
         "Palmyra", "US"),
        # A possessive that lost its apostrophe names the country, not a place "Syrias"
        ("A Russian air strike killed 49 militants in Syrias Idlib province, Russias state "
         "television said.", "Idlib", "SY"),
    ],
)
def test_geo_namesake_abroad_needs_evidence(text: str, name: str, country: str) -> None:
    place = main_place_of(text)
    assert (place.name, place.country) == (name, country)


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Fighters of ISIL attacked a checkpoint near Palmyra, Syria, killing six soldiers.",
         "ISIL"),
        ("An Israeli strike hit a Hamas post in Gaza, killing two.", "Hamas"),
        ("Shells fired by the Failaq al-Sham killed three in Aleppo, Syria.", "Failaq al-Sham"),
        ("Hezbollah fighters and Syrian troops took Qusayr, Syria, after clashes killed 40.",
         "Hezbollah"),
        ("Clashes between the Nusra Front and the Free Syrian Army killed 12 in Idlib, Syria.",
         "Nusra Front"),
    ],
)
def test_geo_armed_groups_are_never_places(text: str, group: str) -> None:
    doc = load_nlp()(text)
    mentions = resolve_mentions(doc, load_gazetteer())
    assert mentions, "the town in the sentence is still found"
    assert all(group.casefold() not in m.text.casefold() for m in mentions)


@pytest.mark.parametrize(
    ("text", "country"),
    [
        # A village the data lacks lies in the story's country, not in the country of a
        # foreign actor named more often
        ("A US-led coalition air strike killed 18 civilians in the village of Khirbet "
         "Zumran, the Syrian Observatory said. US officials said the US would look into it.",
         "SY"),
    ],
)
def test_geo_unknown_village_in_story_country(text: str, country: str) -> None:
    doc = load_nlp()(text)
    mentions = resolve_mentions(doc, load_gazetteer())
    unknown = [m for m in mentions if m.entry is None and "Zumran" in m.text]
    assert unknown and unknown[0].place.country == country


@pytest.mark.parametrize(("text", "not_place"), [
    ("Seven people were killed in Gambella town. Eye witnesses told Addis Standard that scores "
     "were wounded.", "Addis Standard"),
    ("Two people died in a blast in Kirkuk, a medic told Reuters.", "Reuters"),
])
def test_geo_whom_a_witness_told_is_no_place(text: str, not_place: str) -> None:
    mentions = resolve_mentions(load_nlp()(text), load_gazetteer())
    assert not_place not in {m.text for m in mentions}



def _town(name: str, state: str, tagged: bool) -> Mention:
    entry = next(e for e in load_gazetteer().lookup(name) if e.country == "US"
                 and e.admin1_code == state and e.kind == "populated place")
    return Mention(name, 0, len(name), place_of(entry), spacy=tagged, entry=entry)


@pytest.mark.parametrize(
    ("towns", "expected"),
    [
        # Streets and surnames that are also towns far away are scattered one-offs; the
        # scene's town and its neighbours lie together and hold most of the mentions
        ([("Humboldt", "TN", False), ("Modesto", "CA", False), ("Ceres", "CA", True),
          ("Modesto", "CA", False), ("Eastwood", "MI", False)], "Modesto"),
        ([("Fresno", "CA", True), ("Greer", "SC", False), ("Clovis", "CA", True)], "Fresno"),
        # No majority: towns across a region, left to the area or the country
        ([("Fresno", "CA", True), ("Greer", "SC", False), ("Humboldt", "TN", False),
          ("Clovis", "CA", True)], None),
        ([("Modesto", "CA", True), ("Greer", "SC", False)], None),
        # A tagged place far away: the story spans a region
        ([("Fresno", "CA", True), ("Clovis", "CA", True), ("Greer", "SC", True)], None),
    ],
)
def test_geo_majority_town(towns: list[tuple[str, str, bool]], expected: str | None) -> None:
    place = _majority_town([_town(*town) for town in towns])
    assert (place.name if place else None) == expected


@pytest.mark.parametrize(
    ("text", "title", "name", "state"),
    [
        # A state's AP abbreviation on its own names the state; the District is a city too
        # (the place keeps the name as written)
        ("", "Three hurt in D.C. bar shooting", "d.c.", "Washington, D.C."),
        ("Officers said the man was taken to a hospital.", "N.J. man charged after shooting",
         "n.j.", "New Jersey"),
        ("A D.C. police officer fired twice at the car, a spokesman said.", None,
         "d.c.", "Washington, D.C."),
    ],
)
def test_geo_state_abbreviation_alone(text: str, title: str | None, name: str,
                                      state: str) -> None:
    place = main_place_of(text, title)
    assert (place.name.casefold(), place.country, place.admin1) == (name, "US", state)
