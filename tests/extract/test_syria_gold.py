"""The reference article, as text and as an HTML page, against its hand-made gold reading."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tollwatch.cli import _register, cli
from tollwatch.ingest.reader import read_path

HTML = Path(__file__).resolve().parent.parent / "data" / "extract" / "coastal_syria_2025-03.html"
FIXTURES = Path(__file__).resolve().parent.parent / "data" / "fixtures"
# the gold parametrises the tests, so it is read at collection time
GOLD_PATH = FIXTURES / "coastal_syria_2025-03.gold.json"


def _gold() -> dict[str, Any]:
    return json.loads(GOLD_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=["text", "html"])
def output(request: pytest.FixtureRequest) -> dict[str, Any]:
    """`tollwatch extract --json` on the article as plain text and as a web page."""
    _register()
    text_path = FIXTURES / "coastal_syria_2025-03.txt"
    path = text_path if request.param == "text" else HTML
    result = CliRunner().invoke(cli, ["extract", "--json", "--published", "2025-03-08", str(path)])
    assert result.exit_code == 0, result.output
    out: dict[str, Any] = json.loads(result.output)
    out["text"] = read_path(path).text  # the cleaned text the offsets point into
    return out


def _same(gold: dict[str, Any], got: dict[str, Any]) -> bool:
    count = got["count"]
    if gold["count"] is None:
        figure_ok = count["qualifier"] == "vague" and count["vague_word"] == gold["vague_word"]
    else:
        figure_ok = count["best"] == gold["count"]
    return (
        figure_ok
        and got["outcome"] == gold["outcome"]
        and count["qualifier"] == gold["qualifier"]
        and got["group"] == gold["group"]
        and got["subgroup"] == gold.get("subgroup")
        and got["source"] == gold["source"]
        and got["status"] == gold["status"]
        and gold["evidence"].split()[0] in got["evidence"]["sentence"]
    )


def _find(gold: dict[str, Any], claims: list[dict[str, Any]]) -> int | None:
    hits = [i for i, c in enumerate(claims) if _same(gold, c)]
    return hits[0] if hits else None


GOLD = _gold() if GOLD_PATH.exists() else {"claims": [], "not_claims": [], "boilerplate": []}


@pytest.mark.parametrize("index", range(len(GOLD["claims"])),
                         ids=[c["evidence"][:40] for c in GOLD["claims"]])
def test_syria_gold_claim(index: int, output: dict[str, Any]) -> None:
    gold = GOLD["claims"][index]
    claims = output["claims"]
    found = _find(gold, claims)
    assert found is not None, f"gold claim {index} ({gold['evidence']!r}) not in {claims}"
    assert claims[found]["extractor"].startswith("tollwatch-extract/")
    if "part_of" in gold:
        parent = _find(GOLD["claims"][gold["part_of"]], claims)
        assert parent is not None and claims[found]["part_of"] == parent
    else:
        assert claims[found]["part_of"] is None


def test_syria_gold_claims_all_present(output: dict[str, Any]) -> None:
    matched = {_find(g, output["claims"]) for g in GOLD["claims"]}
    assert None not in matched and len(matched) == len(GOLD["claims"]) == 13


@pytest.mark.parametrize("item", GOLD["not_claims"], ids=[n["text"] for n in GOLD["not_claims"]])
def test_syria_gold_not_claims(item: dict[str, str], output: dict[str, Any]) -> None:
    for claim in output["claims"]:
        sentence = claim["evidence"]["sentence"]
        figure = claim["count"]["text"]
        assert not (item["text"] in sentence and figure and figure in item["text"]), claim


def test_syria_gold_no_boilerplate(output: dict[str, Any]) -> None:
    for line in GOLD["boilerplate"]:
        assert line not in output["text"]
        for claim in output["claims"]:
            assert line not in claim["evidence"]["sentence"]


def test_syria_gold_evidence_offsets(output: dict[str, Any]) -> None:
    """Offsets point at the figure in the document text the CLI read."""
    text = output["text"]
    for claim in output["claims"]:
        ev = claim["evidence"]
        assert text[ev["start"]:ev["end"]] == claim["count"]["text"]
        assert text[ev["sentence_start"]:ev["sentence_start"] + len(ev["sentence"])] == \
            ev["sentence"]


def test_syria_gold_headline(output: dict[str, Any]) -> None:
    assert output["killed"] == 1000 and output["injured"] is None


def test_syria_gold_no_invented_figures(output: dict[str, Any]) -> None:
    """Every claim restates a gold figure: no stray ones ("a sharp increase" is not one victim)."""
    gold = {(g["outcome"], g["count"], g.get("vague_word")) for g in GOLD["claims"]}
    for claim in output["claims"]:
        count = claim["count"]
        figure = None if count["vague_word"] else count["best"]
        key = (claim["outcome"], figure, count["vague_word"])
        assert key in gold, f"claim not in the gold reading: {claim}"
