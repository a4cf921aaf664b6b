"""Scoring of headline figures: the shared sets in one table, page rows, and the edges."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tollwatch.cli import _register, cli
from tollwatch.errors import InputError
from tollwatch.extract.scoring import load_pages, matches

_register()
DATA = Path(__file__).resolve().parents[1] / "data" / "extract" / "shared"


@pytest.mark.parametrize(
    ("predicted", "coded", "ok"),
    [(3, 3, True), (None, 0, True), (0, 0, True), (None, None, True), (0, None, True),
     (2, 3, False), (None, 3, False), (1, None, False)],
)
def test_scoring_matches_rule(predicted: int | None, coded: int | None, ok: bool) -> None:
    assert matches(predicted, coded) is ok


def test_scoring_pages_one_row_per_incident_of_a_page() -> None:
    rows = load_pages(DATA / "gva_dev_docs.jsonl", DATA / "gva_dev_gold.jsonl")
    assert [(r["id"], r["incident"], r["killed"], r["injured"]) for r in rows] == [
        ("p1", "1", 1, 3), ("p2", "2", 0, 1), ("p3", "2", 0, 1), ("p3", "3", 0, 1)]
    assert rows[0]["title"] == "Four shot outside Akron bar"


def test_scoring_pages_unknown_page_is_named(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"incident": "9", "killed": 0, "injured": 1, "docs": ["nope"]}))
    with pytest.raises(InputError, match="incident 9 lists page nope"):
        load_pages(DATA / "gva_dev_docs.jsonl", gold)


def test_evaluate_shared_reports_every_set(tmp_path: Path) -> None:
    misses = tmp_path / "misses.jsonl"
    result = CliRunner().invoke(cli, ["evaluate", "--shared", str(DATA), "--json",
                                      "--misses", str(misses)])
    assert result.exit_code == 0, result.output
    got = json.loads(result.stdout)
    assert {k: (v["headline"], v["rows"], v["killed_exact"], v["injured_rows"],
                v["injured_exact"]) for k, v in got.items()} == {
        "wad_dev": ("victims", 3, 1.0, 1, 1.0),
        "fakes_dev": ("all", 2, 1.0, 1, 1.0),
        "gva_dev": ("all", 4, 1.0, 4, 0.5),
    }
    missed = [json.loads(line) for line in misses.read_text().splitlines()]
    assert [(m["set"], m["id"], m["incident"], m["got_injured"]) for m in missed] == [
        ("gva_dev", "p3", "2", 2), ("gva_dev", "p3", "3", 2)]


def test_evaluate_shared_table_names_sets() -> None:
    result = CliRunner().invoke(cli, ["evaluate", "--shared", str(DATA)])
    assert result.exit_code == 0, result.output
    for name in ("wad_dev", "fakes_dev", "gva_dev", "victims"):
        assert name in result.stdout


def test_evaluate_shared_missing_data_says_how_to_point_at_it(tmp_path: Path) -> None:
    shutil.copy(DATA / "wad_dev.jsonl", tmp_path / "wad_dev.jsonl")
    result = CliRunner().invoke(cli, ["evaluate", "--shared", str(tmp_path)])
    assert result.exit_code == 3
    assert f"{tmp_path}: shared benchmark files missing: {tmp_path / 'fakes_dev.jsonl'}" \
        in result.stderr
    assert "--shared DIR" in result.stderr and "TOLLWATCH_SHARED" in result.stderr


def test_evaluate_shared_default_follows_environment(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["evaluate", "--shared"],
                                env={"TOLLWATCH_SHARED": str(tmp_path)})
    assert result.exit_code == 3
    assert str(tmp_path / "benchmarks") in result.stderr


def test_evaluate_one_file_keeps_working() -> None:
    result = CliRunner().invoke(cli, ["evaluate", str(DATA / "wad_dev.jsonl"), "--json",
                                      "--headline", "victims"])
    assert result.exit_code == 0, result.output
    got = json.loads(result.stdout)
    assert (got["rows"], got["killed_exact"], got["injured_exact"]) == (3, 1.0, 1.0)


def test_evaluate_needs_file_or_shared() -> None:
    result = CliRunner().invoke(cli, ["evaluate"])
    assert result.exit_code == 2
    assert "give either a benchmark FILE or --shared [DIR]" in result.output
