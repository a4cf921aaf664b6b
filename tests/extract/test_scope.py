"""Scope of each claim (main event, other event, running total, history) and the headline
that comes from the main event only. Short articles written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from tollwatch.extract.pipeline import Extractor
from tollwatch.extract.scope import decide_scope
from tollwatch.model import Document, Extraction

# (article, figure, outcome, expected scope)
SCOPES = [
    ("A car bomb killed 14 people in a market in Idlib on Monday, medics said. The war has "
     "killed more than 350000 people since 2011.", 350000, "killed", "cumulative"),
    ("Shelling killed nine civilians in Douma on Friday. Government raids have killed 410 "
     "people in the enclave so far this year, the monitor said.", 410, "killed", "cumulative"),
    ("Shelling killed nine civilians in Douma on Friday. At least 60 people have died in the "
     "area since the start of the offensive.", 60, "killed", "cumulative"),
    ("Militants shot dead five farmers near Hama on Tuesday. The town was the scene of the 1982 "
     "massacre in which 20000 people were killed.", 20000, "killed", "background"),
    ("Militants shot dead five farmers near Hama on Tuesday. In 2013 a chemical attack on the "
     "suburbs killed 1300 people.", 1300, "killed", "background"),
    ("A bomb killed 11 people at a bus station in Homs on Sunday. A similar bombing in the same "
     "square killed seven people.", 7, "killed", "other_event"),
    ("A bomb killed 11 people at a bus station in Homs on Sunday. In a separate attack, gunmen "
     "killed four soldiers at a checkpoint.", 4, "killed", "other_event"),
    ("A bomb killed 11 people at a bus station in Homs on Sunday. Elsewhere three children died "
     "when a shell hit a school.", 3, "killed", "other_event"),
    ("Air raids killed 12 people in Atareb on Wednesday. Earlier this week an air raid on a "
     "village killed 21 people.", 21, "killed", "other_event"),
    ("A bomb killed 11 people at a bus station in Homs on Sunday. Medics said 11 people died "
     "and since then the station has been closed.", 11, "killed", "event"),
]

# (article, headline killed in the "all" mode)
HEADLINES = [
    # war-wide and running totals never make the headline
    ("Regime air strikes killed 16 civilians in Aleppo on Saturday. The conflict has killed "
     "more than 300000 people since it began.", 16),
    ("Rebel rockets killed three schoolchildren in Aleppo. More than 400 civilians have been "
     "killed in the city over the past six months.", 3),
    # a past event named with its date is history
    ("Five civilians were killed in regime raids on Houla. In May 2012 a massacre in Houla "
     "killed 108 people.", 5),
    # only history: nothing to headline
    ("France asked the UN to act on chemical weapons. The August 2013 attack killed 1400 "
     "people, the United States said.", None),
    # sources disagree: the figure the article leads with
    ("Rocket fire killed at least 30 people in Aleppo overnight, state media said. The Syrian "
     "Observatory for Human Rights put the toll at 34.", 30),
    # a later update of the lead figure wins
    ("A car bomb killed 12 people in Azaz on Sunday. The death toll has since risen to 19, "
     "medics said.", 19),
]


@pytest.fixture(scope="module")
def extracted(extractor: Extractor) -> dict[str, Extraction]:
    texts = [t for t, *_ in SCOPES] + [t for t, _ in HEADLINES]
    docs = [Document(text=t, id=str(i), published=dt.date(2016, 10, 12))
            for i, t in enumerate(texts)]
    return {d.text: ex for d, ex in zip(docs, extractor.pipe(docs), strict=True)}


@pytest.mark.parametrize(("text", "figure", "outcome", "scope"), SCOPES,
                         ids=[s[0][60:110] for s in SCOPES])
def test_scope_of_claim(text: str, figure: int, outcome: str, scope: str,
                        extracted: dict[str, Extraction]) -> None:
    claims = [c for c in extracted[text].claims
              if c.count.best == figure and c.outcome == outcome]
    assert claims, [(c.outcome, c.count.best) for c in extracted[text].claims]
    assert claims[-1].scope == scope, claims[-1].why
    assert claims[-1].why["scope"]


@pytest.mark.parametrize(("text", "killed"), HEADLINES, ids=[h[0][:50] for h in HEADLINES])
def test_scope_headline_from_main_event(text: str, killed: int | None,
                                        extracted: dict[str, Extraction]) -> None:
    assert extracted[text].killed == killed, [
        (c.count.best, c.scope, c.why) for c in extracted[text].claims]


@pytest.mark.parametrize(("fired", "scope"), [
    (["event.prior"], "event"),
    (["event.prior", "other_event.meanwhile"], "event"),  # a weak cue alone is not enough
    (["event.prior", "cumulative.since"], "cumulative"),
    (["event.prior", "event.in_lead", "cumulative.so_far"], "event"),
    (["event.prior", "background.past_year", "event.repeats_lead"], "event"),
])
def test_scope_decision_weighs_cues(fired: list[str], scope: str) -> None:
    assert decide_scope(fired)[0] == scope


def test_scope_on_every_claim_in_json(extracted: dict[str, Extraction]) -> None:
    for ex in extracted.values():
        for claim in ex.to_dict()["claims"]:
            assert claim["scope"] in ("event", "other_event", "cumulative", "background")
