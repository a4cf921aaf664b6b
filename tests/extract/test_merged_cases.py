"""Cases found when the reading, place and ledger work met on the bundled coastal example."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tollwatch.model import Document
from tollwatch.reconcile.evidence import kind_feature, rising

DESK = ("DAMASCUS (Levant Wire) — Fighting between government forces and gunmen in the coastal "
        "province of Latakia has killed 200 people, the monitor said on Friday.\n\n"
        "The clashes erupted on Thursday near the coastal city of Jableh.")
UPDATE = ("The Syrian Observatory for Human Rights said on Monday that 1,018 people were killed "
          "in four days of violence in the coastal provinces.\n\nThe monitor had given a previous "
          "estimate of 200 dead on Friday, before reports of mass killings emerged.")


@pytest.mark.parametrize(("text", "title", "scene", "desk"), [
    (DESK, "Clashes on Syria's coast kill 200, monitor says", "Latakia", "DAMASCUS"),
])
def test_merged_dateline_desk_is_not_the_scene(extractor: Any, text: str, title: str,
                                               scene: str, desk: str) -> None:
    ex = extractor.extract(Document(text=text, title=title, published=dt.date(2025, 3, 7)))
    [claim] = [c for c in ex.claims if c.count.best == 200 and not c.evidence.sentence.startswith(
        "title")]
    assert claim.place is not None and claim.place.name == scene
    assert ex.place is not None and ex.place.name != desk


@pytest.mark.parametrize(("text", "figure"), [(UPDATE, 200)])
def test_merged_superseded_estimate_is_the_same_event(extractor: Any, text: str,
                                                      figure: int) -> None:
    ex = extractor.extract(Document(text=text, published=dt.date(2025, 3, 10)))
    [old] = [c for c in ex.claims if c.count.best == figure]
    assert (old.status, old.scope) == ("superseded", "event")


@pytest.mark.parametrize(("mine", "theirs", "feature"), [
    ({"massacre"}, {"shooting", "clashes"}, ""),  # an episode holds any means of harm
    ({"clashes"}, {"air_strike"}, ""),
    ({"bombing"}, {"stabbing"}, "type_conflict"),  # a car bomb is not a stabbing
    ({"shooting"}, {"shooting", "clashes"}, "type_same"),
])
def test_merged_only_means_of_harm_conflict(mine: set[str], theirs: set[str],
                                            feature: str) -> None:
    assert kind_feature(frozenset(mine), set(theirs))[0] == feature


@pytest.mark.parametrize(("mine", "theirs", "grows"), [
    ({("killed", 1018)}, {("killed", 200)}, True),
    ({("killed", 200)}, {("killed", 1018)}, False),
    ({("killed", 2)}, {("killed", 1)}, False),  # small figures say little
    ({("injured", 30)}, {("killed", 18)}, False),  # another outcome
])
def test_merged_rising_count(mine: set[tuple[str, int]], theirs: set[tuple[str, int]],
                             grows: bool) -> None:
    assert rising(frozenset(mine), set(theirs)) is grows
