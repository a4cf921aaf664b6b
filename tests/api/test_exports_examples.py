"""Exports of a ledger built from the bundled examples/: the published layouts, the UCDP sum
rule, ordered bounds and provenance on every row, and pandas loading with the documented dtypes."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

from tollwatch.cli import _register, cli
from tollwatch.exports import ACLED_COLUMNS, PANDAS_DTYPES, UCDP_COLUMNS
from tollwatch.ingest.sources import iter_inputs
from tollwatch.runner import ingest_documents
from tollwatch.store import Ledger

_register()
ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "exports.md").read_text(encoding="utf-8")


def _documented_layout(name: str) -> list[str]:
    """The column list written down in docs/exports.md's ```<name> block."""
    block = re.search(rf"```{name}\n(.*?)```", DOC, re.S)
    assert block, f"docs/exports.md has no ```{name} block"
    return block.group(1).split()


def _documented_dtypes(name: str) -> dict[str, str]:
    """dtype -> columns from the table under 'Loading in pandas'."""
    column = {"acled": 1, "ucdp": 2}[name]
    table: dict[str, str] = {}
    for line in DOC.split("## Loading in pandas", 1)[1].splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`"):
            for col in cells[column].split(", "):
                table[col] = cells[0].strip("`")
    return table


@pytest.fixture(scope="module")
def examples_db(tmp_path_factory: pytest.TempPathFactory, extractor: Any) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('examples') / 'ledger.db'}"
    with Ledger.open(url) as ledger:
        summary = ingest_documents(iter_inputs([str(ROOT / "examples")]), ledger, extractor,
                                   progress=False)
    assert summary.stored >= 5 and not summary.failed, summary.to_dict()
    return url


def _export(db: str, fmt: str, *args: str) -> str:
    result = CliRunner().invoke(cli, ["export", "--format", fmt, "--db", db, *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(("fmt", "columns"), [("acled", ACLED_COLUMNS), ("ucdp", UCDP_COLUMNS)])
def test_export_columns_are_the_documented_layout(examples_db: str, fmt: str,
                                                  columns: tuple[str, ...]) -> None:
    header = _export(examples_db, fmt).splitlines()[0].split(",")
    assert header == _documented_layout(fmt) == list(columns)


@pytest.mark.parametrize(("fmt", "published"), [("acled", 31), ("ucdp", 49)])
def test_export_published_columns_come_first(fmt: str, published: int) -> None:
    # ACLED's export has 31 columns ending in "timestamp", UCDP GED 49 ending in "gwnob".
    layout = _documented_layout(fmt)
    assert layout[published - 1] == {"acled": "timestamp", "ucdp": "gwnob"}[fmt]
    assert len(set(layout)) == len(layout)


def _frame(db: str, fmt: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(_export(db, fmt)), dtype=PANDAS_DTYPES[fmt])


@pytest.mark.parametrize("fmt", ["acled", "ucdp"])
def test_export_loads_in_pandas_with_the_documented_dtypes(examples_db: str, fmt: str) -> None:
    frame = _frame(examples_db, fmt)
    documented = _documented_dtypes(fmt)
    expected = {c: documented.get(c, "string") for c in frame.columns}
    assert {c: str(t) for c, t in frame.dtypes.items()} == expected
    assert len(frame) >= 2


def test_export_ucdp_sum_rule_and_bounds_on_every_row(examples_db: str) -> None:
    frame = _frame(examples_db, "ucdp")
    parts = frame[["deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown"]].sum(axis=1)
    assert (parts == frame["best"]).all(), frame[["id", "best"]]
    assert frame["high"].notna().all()
    assert ((frame["low"] <= frame["best"]) & (frame["best"] <= frame["high"])).all()
    assert (frame[["deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown"]] >= 0).all().all()


def test_export_acled_bounds_and_precisions_on_every_row(examples_db: str) -> None:
    frame = _frame(examples_db, "acled")
    assert frame["fatalities_high"].notna().all()
    assert ((frame["fatalities_low"] <= frame["fatalities"])
            & (frame["fatalities"] <= frame["fatalities_high"])).all()
    dated = frame[frame["event_date"].notna()]
    assert dated["time_precision"].isin([1, 2, 3]).all()
    assert frame["geo_precision"].dropna().isin([1, 2, 3]).all()
    kinds = frame["event_type"].dropna()
    assert kinds.isin(["Battles", "Explosions/Remote violence",
                       "Violence against civilians"]).all()
    assert (frame.loc[kinds.index, "disorder_type"] == "Political violence").all()


@pytest.mark.parametrize("fmt", ["acled", "ucdp"])
def test_export_every_row_names_its_reports(examples_db: str, fmt: str) -> None:
    frame = _frame(examples_db, fmt)
    assert frame["source_article"].notna().all()
    urls = frame["source_url"].dropna()
    assert urls.str.split("; ").map(lambda us: all(u.startswith(("http://", "https://"))
                                                   for u in us)).all()
    if fmt == "ucdp":
        counts = frame["source_article"].str.split("; ").map(len)
        assert (counts == frame["number_of_sources"]).all()


def test_export_geojson_features_carry_their_reports(examples_db: str) -> None:
    features = json.loads(_export(examples_db, "geojson"))["features"]
    assert features
    for feature in features:
        props = feature["properties"]
        assert props["reports"] and all(r["source_article"] for r in props["reports"])
        assert props["source_article"] == [r["source_article"] for r in props["reports"]]


@pytest.mark.parametrize("country", ["SY", "sy", "SYR", "Syria", " syria "])
def test_export_country_filter_takes_codes_and_names(examples_db: str, country: str) -> None:
    frame = pd.read_csv(io.StringIO(_export(examples_db, "acled", "--country", country)),
                        dtype=PANDAS_DTYPES["acled"])
    assert len(frame) >= 1 and (frame["country"] == "Syria").all()


def test_export_unknown_country_is_a_usage_error(examples_db: str) -> None:
    result = CliRunner().invoke(cli, ["export", "--format", "acled", "--db", examples_db,
                                      "--country", "Atlantis"])
    assert result.exit_code == 2
    assert "unknown country 'Atlantis'" in result.output
