"""Headline figures when groups, vague words and denials compete (all-parties headline)."""

from __future__ import annotations

import pytest

from tollwatch.extract.pipeline import Extractor
from tollwatch.model import Document


@pytest.mark.parametrize(("text", "killed", "injured"), [
    # a group-only figure is a toll
    ("Three citizens were killed and five others injured when shells hit the market.", 3, 5),
    ("Two citizens were martyred when a rocket hit al-Midan neighborhood.", 2, None),
    # coordinated singulars add up, but do not beat a larger figure of the same story
    ("Shelling killed a man and his son in Douma.", 2, None),
    ("A man and a woman were killed in Hama on Sunday, while air strikes on Idlib killed "
     "25 people.", 25, None),
    # a vague word never beats an exact figure
    ("Dozens of people were killed in the raids on Douma. Medics said 30 people were killed.",
     30, None),
    ("Scores were wounded and 12 people were killed in the blast.", 12, 20),
    # a denied figure never beats a confirmed one
    ("Activists denied that hundreds were killed. The ministry confirmed that 18 people were "
     "killed.", 18, None),
    ("The ministry denied reports that 200 people were killed in the raid. It confirmed that "
     "18 people were killed.", 18, None),
])
def test_group_figures_headline(text: str, killed: int | None, injured: int | None,
                                extractor: Extractor) -> None:
    ex = extractor.extract(Document(text=text))
    assert (ex.killed, ex.injured) == (killed, injured), [
        (c.outcome, c.count.best, c.group, c.why) for c in ex.claims]


def test_group_figures_denied_claim_says_why(extractor: Extractor) -> None:
    ex = extractor.extract(Document(text="Officials rejected claims that 40 people died."))
    assert [c.why.get("status") for c in ex.claims] == ["denied"]


@pytest.mark.parametrize(("text", "killed"), [
    # a title run into its lead restates its figure: no sum of the two
    ("20 dead in air raids on Salma At least 20 people were killed by air strikes on the town.",
     20),
    # a breakdown with "among them" is no list to add up
    ("Thirteen civilians among them seven children were killed in air raids on Taduf.", 13),
    # real lists still add up
    ("Gunmen killed a mayor and his secretary in Bella Vista.", 2),
    ("Two tribal leaders and two other men were killed when their car was ambushed.", 4),
    ("The district governor was killed along with eight others in an ambush.", 9),
])
def test_group_figures_lists_and_restatements(text: str, killed: int,
                                              extractor: Extractor) -> None:
    ex = extractor.extract(Document(text=text))
    assert ex.killed == killed, [(c.outcome, c.count.best, c.part_of) for c in ex.claims]
