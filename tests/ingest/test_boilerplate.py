"""Page chrome around a story: menus, teaser lists, captions and forms go; the story stays."""

from __future__ import annotations

import pytest

from tollwatch.extract.pipeline import Extractor
from tollwatch.ingest.boilerplate import is_boilerplate, strip_boilerplate, with_title
from tollwatch.model import Document


@pytest.mark.parametrize(
    "line",
    [
        "Image 3 of 12 Deputies search the field behind the school where two were killed.",
        "Photo: County Sheriff's Office Image 1 of / 9 Caption Close",
        "Video (01:12) : Neighbours describe the night five people were shot.",
        "2:41 Three hurt in crash on the interstate Pause",
        "Please enable Javascript to watch this video",
        "Close Get email notifications on Dana Ruiz daily!",
        "Your notification has been saved.",
        "Whenever Dana Ruiz posts new content, you'll get an email delivered to your inbox.",
        "Read or Share this story: http://example.test/abc",
        "Sign up for breaking news alerts from Channel 9",
        "FREE APPS | LIVE | FACEBOOK | TWITTER",
        "Copyright 2015 Channel 9. All rights reserved.",
        "(Copyright 2014 by Example Radio. All rights reserved.)",
        "http://www.example.test/news/local/shooting-leaves-one-dead",
        "33.919235 -118.333397",
        "Winter Storm Warning issued January 5 at 3:10PM EST expiring January 6",
        "Pinterest",
        "Share this: Facebook",
    ],
)
def test_boilerplate_line_is_chrome(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "Two men were shot Saturday night, police said.",
        "A statement issued by the police said three people were wounded.",
        "10:30 Police arrived and found the victim on the porch.",
        "MIDVALE — Police identified the three people killed in the shooting.",
        "Photos of the victims were shared at the vigil.",
        "Watch commander Lt. Ray Ortiz said the girl is in stable condition.",
        "The man, 24, was shot in the leg | police said | no arrests were made.",
    ],
)
def test_boilerplate_story_line_stays(line: str) -> None:
    assert not is_boilerplate(line)


PAGE = """Close Get email notifications on Dana Ruiz daily!
Your notification has been saved.
Most Popular Stories
Four dead in house fire on the east side
Man charged in 2012 murder of his neighbour
Twelve hurt as bus overturns on the highway

A man was shot in the arm early Sunday outside a bar in the 400 block of Main Street, police said.

The victim was taken to a hospital and is in stable condition.

Image 1 of 4 Officers at the scene of the shooting outside the bar on Main Street on Sunday...
Image 1 of 4 Officers at the scene of the shooting outside the bar on Main Street on Sunday morning.
Officers at the scene of the shooting outside the bar on Main Street on Sunday...
Officers at the scene of the shooting outside the bar on Main Street on Sunday morning.

Related Content
Two killed in crash on Route 9
Teen wounded in drive-by shooting

No arrests have been made.
"""


def test_boilerplate_page_keeps_only_the_story() -> None:
    text = strip_boilerplate(PAGE)
    assert text.splitlines()[0].startswith("A man was shot in the arm")
    for gone in ("Most Popular", "Four dead", "Twelve hurt", "Image 1 of 4", "Two killed",
                 "Teen wounded", "notification", "Sunday..."):
        assert gone not in text
    for kept in ("is in stable condition.", "No arrests have been made.",
                 "Officers at the scene of the shooting outside the bar on Main Street on Sunday "
                 "morning."):
        assert kept in text


def test_boilerplate_page_teasers_give_no_figures(extractor: Extractor) -> None:
    ex = extractor.extract(Document(text=strip_boilerplate(PAGE)))
    assert (ex.killed, ex.injured) == (None, 1)


def test_boilerplate_page_of_chrome_only_is_empty() -> None:
    assert strip_boilerplate("Pinterest\nPrint\nYour notification has been saved.\n") == ""


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        # a page whose body is all chrome is read from its headline
        ("3 wounded by gunfire in Riverton", "", "3 wounded by gunfire in Riverton"),
        # the outlet's name after the title is no part of the story
        ("Two hurt in Elm Street shooting - KXYZ News 5 | Weather and Sports",
         "Police said the two men were hit.",
         "Two hurt in Elm Street shooting\n\nPolice said the two men were hit."),
        # a body that already opens with its title (wire copy) is left as it is
        ("Blast kills 9 in market", "Blast kills 9 in market\n\nA bomb went off.",
         "Blast kills 9 in market\n\nA bomb went off."),
        ("blast KILLS 9  in market", "DATELINE - Blast kills 9 in market. A bomb went off.",
         "DATELINE - Blast kills 9 in market. A bomb went off."),
        # a short title before a dash is the title itself, not an outlet's tail
        ("Syria - 20 killed", "Body.", "Syria - 20 killed\n\nBody."),
        (None, "Body.", "Body."),
        ("   ", "Body.", "Body."),
    ],
)
def test_boilerplate_title_is_read_first(title: str | None, body: str, expected: str) -> None:
    assert with_title(body, title) == expected


def test_boilerplate_title_gives_the_figures_of_a_page_without_a_story(
        extractor: Extractor) -> None:
    text = with_title(strip_boilerplate("Pinterest\nPrint\n"), "4 injured by gunfire in Oakdale")
    ex = extractor.extract(Document(text=text))
    assert (ex.killed, ex.injured) == (None, 4)
