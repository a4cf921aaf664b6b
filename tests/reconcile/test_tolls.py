"""Tolls {low, best, high} per incident, outcome and group, from the coastal Syria claims."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tollwatch.model import Incident, Report, Toll
from tollwatch.reconcile import reconcile

from .builders import GOLD, KHERSON, LATAKIA, SOHR, claim, coastal_wire, gold_report, report

D = dt.date


def toll(incident: Incident, outcome: str = "killed", group: str = "total") -> Toll:
    """The incident's toll for an outcome and group (fails the test when missing)."""
    found = [t for t in incident.tolls if (t.outcome, t.group) == (outcome, group)]
    assert len(found) == 1, f"no single {outcome}/{group} toll in {incident.tolls}"
    return found[0]


def only(reports: list[Report]) -> Incident:
    """Reconcile reports that must make exactly one incident."""
    incidents = reconcile(reports)
    assert len(incidents) == 1, [i.claim_ids for i in incidents]
    return incidents[0]


@pytest.fixture
def gold(data_dir: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((data_dir / GOLD).read_text(encoding="utf-8"))


@pytest.fixture
def coastal(data_dir: Path) -> Report:
    return gold_report(data_dir / GOLD, first_id=1)


def test_tolls_coastal_total_matches_gold(coastal: Report, gold: dict) -> None:  # type: ignore[type-arg]
    t = toll(only([coastal]))
    assert (t.low, t.best) == (gold["expected_toll"]["killed_low"],
                               gold["expected_toll"]["killed_best"])
    assert t.grading == "single source"
    assert t.sources == (SOHR,)


@pytest.mark.parametrize(
    ("group", "low", "best", "high", "gold_indexes"),
    [
        # the exact 745 from the same source is more specific than "nearly 750"
        ("civilians", 745, 745, 745, {1, 2}),
        # 125, not 125 + 89: the 89 of the revenge-attack phase is a part of it
        ("security_forces", 125, 125, 125, {3}),
        # 148, not 148 + 120 pro-Assad fighters of the revenge-attack phase
        ("armed_group", 148, 148, 148, {4}),
        # 1,018 derived from 745 + 125 + 148, within "surpassed 1,000"
        ("total", 1000, 1018, 1018, {0, 2, 3, 4}),
    ],
)
def test_tolls_coastal_groups(coastal: Report, group: str, low: int, best: int, high: int,
                              gold_indexes: set[int]) -> None:
    t = toll(only([coastal]), group=group)
    assert (t.low, t.best, t.high) == (low, best, high)
    ids = [cid for cid, _ in coastal.claims]
    assert set(t.claim_ids) >= {ids[i] for i in gold_indexes}


@pytest.mark.parametrize("gold_index", [5, 6, 7, 8, 9, 10, 11])
def test_tolls_coastal_parts_and_superseded_are_not_counted(coastal: Report,
                                                            gold_index: int) -> None:
    """428/120/89 (a phase), 200 (superseded) and Tuwaym's 31/9/4 (a village) add nothing."""
    incident = only([coastal])
    cid = coastal.claims[gold_index][0]
    assert cid in incident.claim_ids
    assert all(cid not in t.claim_ids for t in incident.tolls if t.outcome == "killed")
    assert toll(incident).best == 1018


def test_tolls_vague_displaced_kept_apart(coastal: Report) -> None:
    t = toll(only([coastal]), outcome="displaced")
    assert (t.low, t.high) == (1000, 9999)


def test_tolls_same_source_later_report_revises(data_dir: Path) -> None:
    early = coastal_wire("early-200", 100)
    later = gold_report(data_dir / GOLD, first_id=1)
    t = toll(only([later, early]))
    assert (t.low, t.best, t.high) == (1000, 1018, 1018), "200 is history, not a lower bound"
    assert t.grading == "single source"
    assert early.claims[0][0] not in t.claim_ids


def test_tolls_acronym_is_the_same_source() -> None:
    s = "The Syrian Observatory for Human Rights said 745 civilians were killed in Latakia."
    first = report("a", D(2025, 3, 8), [claim("killed", 745, group="civilians", sentence=s,
                                              source=SOHR)], place=LATAKIA, date=D(2025, 3, 7))
    s2 = "SOHR now says 830 civilians were killed in Latakia and Jableh."
    second = report("b", D(2025, 3, 10), [claim("killed", 830, group="civilians", sentence=s2,
                                                source="SOHR")], place=LATAKIA,
                    date=D(2025, 3, 7))
    t = toll(only([first, second]), group="civilians")
    assert (t.low, t.best, t.high, t.grading) == (830, 830, 830, "single source")


def test_tolls_copy_counted_once(data_dir: Path) -> None:
    original = gold_report(data_dir / GOLD, doc="orig", first_id=1)
    copy = gold_report(data_dir / GOLD, doc="copy", first_id=101, copy_of="orig",
                       outlet="Gulf Daily")
    copy.published = D(2025, 3, 9)
    incident = only([original, copy])
    t = toll(incident)
    assert (t.low, t.best, t.grading) == (1000, 1018, "single source")
    assert 1 in t.claim_ids and 101 not in t.claim_ids, "the copy changes no toll"
    assert 101 in incident.claim_ids, "the copy's claims are kept as evidence"
    revised = [r for r in incident.revisions if (r.toll.outcome, r.toll.group) == ("killed",
                                                                                 "total")]
    assert [r.document_id for r in revised] == ["orig", "copy"]
    assert revised[0].toll == revised[1].toll
    assert any(f.startswith("copy_counted_once: report copy") for f in incident.flags)


def test_tolls_copy_without_its_original_stands_for_it(data_dir: Path) -> None:
    copy = gold_report(data_dir / GOLD, doc="copy", first_id=101, copy_of="gone")
    twin = gold_report(data_dir / GOLD, doc="copy2", first_id=201, copy_of="gone")
    t = toll(only([copy, twin]))
    assert (t.best, t.grading) == (1018, "single source")


@pytest.mark.parametrize(
    ("other", "grading", "low", "best", "high"),
    [
        # a lone later figure that disagrees: contested, low/high widened; best the most
        # recent but never below the groups (745 civilians + 125 + 148 from SOHR)
        ("ministry-300", "contested", 300, 1018, 1018),
        # "documented more than 1,000" agrees with 1,018 and defers to it
        ("snhr-1000", "several independent sources", 1000, 1018, 1018),
    ],
)
def test_tolls_independent_sources(data_dir: Path, other: str, grading: str, low: int,
                                   best: int, high: int) -> None:
    coastal = gold_report(data_dir / GOLD, first_id=1)
    incident = only([coastal, coastal_wire(other, 100)])
    t = toll(incident)
    assert (t.grading, t.low, t.best, t.high) == (grading, low, best, high)
    assert len(t.sources) == 2
    assert any(f.startswith("contested: killed total") for f in incident.flags) is (
        grading == "contested")


def test_tolls_corroborated_figure_beats_a_lone_later_one(data_dir: Path) -> None:
    reports = [gold_report(data_dir / GOLD, first_id=1), coastal_wire("snhr-1000", 100),
               coastal_wire("ministry-300", 200)]
    reports[2].published = D(2025, 3, 11)
    t = toll(only(reports))
    assert (t.low, t.best, t.high, t.grading) == (300, 1018, 1018, "contested")


def test_tolls_total_derived_from_groups_when_no_total_stated() -> None:
    s = "Russian shelling of Kherson killed five civilians and two soldiers, the governor said."
    r = report("k", D(2025, 3, 7), [
        claim("killed", 5, group="civilians", sentence=s, source="governor"),
        claim("killed", 2, group="security_forces", sentence=s, source="governor")])
    t = toll(only([r]))
    assert (t.low, t.best, t.high) == (7, 7, None), "other parties may have died: no ceiling"


def test_tolls_stated_total_beats_a_sum_of_groups() -> None:
    s = "Russian shelling of Kherson killed five civilians, the governor said."
    a = report("a", D(2025, 3, 8), [claim("killed", 5, group="civilians", sentence=s,
                                          source="governor")], place=KHERSON,
               date=D(2025, 3, 7))
    s2 = "Seven people, two of them soldiers, were killed in Kherson, the army said."
    b = report("b", D(2025, 3, 8), [claim("killed", 7, sentence=s2, source="army")],
               place=KHERSON, date=D(2025, 3, 7))
    t = toll(only([a, b]))
    assert (t.low, t.best, t.high, t.grading) == (5, 7, 7, "several independent sources")


def test_tolls_headline_restating_a_sourced_figure_is_not_a_rival() -> None:
    """The headline "surpasses 1,000" read as an exact 1,000 folds into the Observatory's."""
    title = "Death toll in Syria's coastal violence surpasses 1,000"
    s = ("The death toll from two days of clashes in Latakia and Tartus has surpassed 1,000, "
         "the Syrian Observatory for Human Rights said.")
    s2 = ("The Observatory said 745 civilians, 125 members of government security forces and "
          "148 militants loyal to Assad were killed.")
    r = report("medpost", D(2025, 3, 8), [
        claim("killed", 1000, sentence=title),
        claim("killed", 1000, "at_least", sentence=s, source=SOHR, high=None),
        claim("killed", 745, group="civilians", sentence=s2, source="Observatory"),
        claim("killed", 125, group="security_forces", sentence=s2, source="Observatory"),
        claim("killed", 148, group="armed_group", sentence=s2, source="Observatory")],
        outlet="Mediterranean Post", place=LATAKIA, date=D(2025, 3, 6))
    incident = only([r])
    t = toll(incident)
    assert (t.low, t.best, t.high, t.grading, t.sources) == (1000, 1018, 1018, "single source",
                                                             (SOHR,))
    assert [f.split(":")[0] for f in incident.flags] == ["total_from_parts"]


@pytest.mark.parametrize(
    ("first", "second", "sources"),
    [
        ("Syrian Observatory for Human Rights", "SOHR", 1),
        ("Syrian Observatory for Human Rights", "the Observatory", 1),
        ("police", "Police official Zahid Khan", 1),
        ("Syrian Interior Ministry", "Syrian Defence Ministry", 2),
        # "ministry" fits two full names (the Defence Ministry is named too): left alone
        ("Syrian Interior Ministry", "ministry", 3),
    ],
)
def test_tolls_short_source_names_fold_into_full_ones(first: str, second: str,
                                                      sources: int) -> None:
    s = "The attack on the Latakia checkpoint killed 12 people."
    extra = [claim("killed", 12, sentence=s, source="Syrian Defence Ministry")] if (
        second == "ministry") else []
    a = report("a", D(2025, 3, 8), [claim("killed", 12, sentence=s, source=first), *extra],
               place=LATAKIA, date=D(2025, 3, 7))
    b = report("b", D(2025, 3, 9), [claim("killed", 12, sentence=s, source=second)],
               place=LATAKIA, date=D(2025, 3, 7))
    t = toll(only([a, b]))
    assert len(t.sources) == sources


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ((D(2025, 3, 7), 200), (D(2025, 3, 8), 1018), 1018),  # revised up
        ((D(2025, 3, 7), 1018), (D(2025, 3, 9), 900), 900),  # revised down: the latest stands
        ((D(2025, 3, 8), 1018), (D(2025, 3, 8), 200), 1018),  # one day: the larger is later
        ((D(2025, 3, 8), 200), (D(2025, 3, 8), 1018), 1018),
    ],
)
def test_tolls_same_source_latest_figure_stands(first: tuple[dt.date, int],
                                                second: tuple[dt.date, int],
                                                expected: int) -> None:
    s = "Clashes with Assad loyalists in Latakia killed people, the Observatory said."
    reports = [report(doc, day, [claim("killed", n, sentence=s, source=SOHR)],
                      outlet=outlet, place=LATAKIA, date=D(2025, 3, 6))
               for doc, outlet, (day, n) in (("a", "Reuters", first), ("b", "AFP", second))]
    t = toll(only(reports))
    assert (t.low, t.best, t.high, t.grading) == (expected, expected, expected, "single source")


def test_tolls_undeclared_copy_counted_once() -> None:
    s = ("Fighting between security forces and gunmen loyal to Assad in Latakia has killed "
         "200 people.")
    a = report("a", D(2025, 3, 7), [claim("killed", 200, sentence=s)], outlet="Levant Wire",
               place=LATAKIA, date=D(2025, 3, 6))
    b = report("b", D(2025, 3, 7), [claim("killed", 200, sentence="  " + s.upper())],
               outlet="Gulf Daily", place=LATAKIA, date=D(2025, 3, 6))
    incident = only([a, b])
    t = toll(incident)
    assert (t.best, t.grading, t.sources) == (200, "single source", ("Levant Wire",))
    assert any(f.startswith("copy_counted_once: report b repeats report a") for f in
               incident.flags)


def test_tolls_repeated_background_sentence_does_not_hide_a_new_figure() -> None:
    s = ("Fighting between security forces and gunmen loyal to Assad in Latakia has killed "
         "200 people.")
    s2 = "The Syrian Network for Human Rights said on Sunday that 1,000 people were killed."
    a = report("a", D(2025, 3, 7), [claim("killed", 200, sentence=s)], outlet="Levant Wire",
               place=LATAKIA, date=D(2025, 3, 6))
    b = report("b", D(2025, 3, 9), [claim("killed", 1000, sentence=s2, source="SNHR"),
                                    claim("killed", 200, sentence=s, status="superseded")],
               outlet="Gulf Daily", place=LATAKIA, date=D(2025, 3, 6))
    t = toll(only([a, b]))
    assert (t.low, t.best, t.sources) == (1000, 1000, ("SNHR",))
