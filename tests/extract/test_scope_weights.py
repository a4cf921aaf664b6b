"""The scope weights as a parameter (the seam bench/cross_fit.py fits through): the lexicon's
table by default, and another table changes the scopes it should. Articles written for these
tests."""

from __future__ import annotations

import datetime as dt

import pytest

from tollwatch.extract.claims import build_claims
from tollwatch.extract.pipeline import Extractor
from tollwatch.extract.scope import assign_scopes, decide_scope
from tollwatch.lexicon import weights
from tollwatch.model import Claim, Document

PUBLISHED = dt.date(2017, 3, 14)

# (article, the scope of each claim in order under the lexicon's weights)
ARTICLES = [
    ("Gunmen killed six people at a checkpoint near Daraa on Monday. Earlier this week an air "
     "strike on the town killed 14 people.", ["event", "other_event"]),
    ("A car bomb killed 9 people in Azaz on Sunday, medics said. The war has killed more than "
     "320000 people since 2011.", ["event", "cumulative"]),
    ("Shelling wounded 23 civilians in Douma on Friday. In a separate attack, a mortar killed "
     "two children in Harasta.", ["event", "other_event"]),
]


def _claims(extractor: Extractor, text: str,
            table: dict[str, float] | None) -> list[Claim]:
    parsed = extractor.nlp(text)
    claims, _ = build_claims(parsed, "all")
    assign_scopes(claims, text, [s.end_char for s in parsed.sents], PUBLISHED, weights=table)
    return claims


@pytest.mark.parametrize(("text", "scopes"), ARTICLES, ids=[a[0][:40] for a in ARTICLES])
def test_scope_weights_default_is_lexicon_table(extractor: Extractor, text: str,
                                                scopes: list[str]) -> None:
    default = _claims(extractor, text, None)
    explicit = _claims(extractor, text, weights("scope_weights"))
    piped = extractor.extract(Document(text=text, published=PUBLISHED)).claims
    assert [c.scope for c in default] == scopes
    assert [c.scope for c in explicit] == scopes
    assert [c.scope for c in piped] == scopes
    assert [c.why["scope"] for c in default] == [c.why["scope"] for c in piped]


@pytest.mark.parametrize(("text", "cue", "weight", "scopes"), [
    # "earlier this week" weighed below the prior: the earlier strike reads as the main event
    (ARTICLES[0][0], "other_event.earlier", 0.5, ["event", "event"]),
    # without "since 2011" the war's toll weighs less than its past year: history
    (ARTICLES[1][0], "cumulative.since", 0.0, ["event", "background"]),
    (ARTICLES[2][0], "other_event.separate", 0.0, ["event", "event"]),
], ids=["earlier", "since-off", "separate-off"])
def test_scope_weights_changed_weight_changes_scope(extractor: Extractor, text: str, cue: str,
                                                    weight: float, scopes: list[str]) -> None:
    table = {**weights("scope_weights"), cue: weight}
    assert [c.scope for c in _claims(extractor, text, table)] == scopes


@pytest.mark.parametrize(("fired", "table", "scope"), [
    (["event.prior", "other_event.meanwhile"], None, "event"),
    (["event.prior", "other_event.meanwhile"], {"event.prior": 1.0,
                                                "other_event.meanwhile": 1.5}, "other_event"),
    (["event.prior", "cumulative.since"], {"event.prior": 1.0}, "event"),  # unlisted cue: 0
])
def test_scope_weights_decide(fired: list[str], table: dict[str, float] | None,
                              scope: str) -> None:
    assert decide_scope(fired, table)[0] == scope
