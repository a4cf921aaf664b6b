"""Export round trips: ACLED/UCDP CSV into pandas, GeoJSON as points, the CLI writing the same."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

from api.conftest import Seeded
from tollwatch.cli import _register, cli
from tollwatch.exports import ACLED_COLUMNS, UCDP_COLUMNS, headline_toll
from tollwatch.store import Ledger

_register()


def _ledger_best_total(db_url: str) -> tuple[int, int]:
    """Sum of headline best killed tolls and the number of incidents, straight from the ledger."""
    with Ledger.open(db_url) as ledger:
        incidents = ledger.incidents(limit=10_000)
    return sum(t.best for i in incidents if (t := headline_toll(i, "killed"))), len(incidents)


def test_api_export_acled_csv_loads_and_sums_to_ledger(seeded: Seeded) -> None:
    response = seeded.client.get("/export.csv", params={"format": "acled"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    frame = pd.read_csv(io.StringIO(response.text))
    best, count = _ledger_best_total(seeded.db_url)
    assert list(frame.columns) == list(ACLED_COLUMNS)
    assert len(frame) == count > 0
    assert int(frame["fatalities"].sum()) == best > 0
    assert (frame["fatalities_low"].fillna(0) <= frame["fatalities"]).all()
    assert frame["tollwatch_id"].is_unique
    assert pd.to_datetime(frame["event_date"], format="%Y-%m-%d").notna().all()


def test_api_export_ucdp_csv_parts_add_up(seeded: Seeded) -> None:
    frame = pd.read_csv(io.StringIO(seeded.client.get("/export.csv?format=ucdp").text))
    best, count = _ledger_best_total(seeded.db_url)
    assert list(frame.columns) == list(UCDP_COLUMNS)
    assert len(frame) == count and int(frame["best"].sum()) == best
    parts = frame[["deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown"]].sum(axis=1)
    assert (parts == frame["best"]).all()
    assert ((frame["low"] <= frame["best"]) & (frame["best"] <= frame["high"])).all()
    assert (frame["number_of_sources"] >= 1).all()


def test_api_export_csv_honours_filters(seeded: Seeded) -> None:
    items = seeded.client.get("/incidents", params={"min_toll": 20, "limit": 500}).json()["items"]
    frame = pd.read_csv(io.StringIO(seeded.client.get("/export.csv?format=acled&min_toll=20").text))
    assert sorted(frame["tollwatch_id"]) == sorted(i["id"] for i in items)


def _check_geojson(data: dict[str, Any]) -> list[dict[str, Any]]:
    assert data["type"] == "FeatureCollection"
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert isinstance(feature["properties"], dict)
    return list(data["features"])


def test_api_export_geojson_points_match_located_incidents(seeded: Seeded) -> None:
    response = seeded.client.get("/export.geojson")
    assert response.headers["content-type"].startswith("application/geo+json")
    features = _check_geojson(response.json())
    items = seeded.client.get("/incidents", params={"limit": 500}).json()["items"]
    located = {i["id"]: i for i in items if i["place"] and i["place"]["lat"] is not None}
    assert {f["id"] for f in features} == set(located)
    for feature in features:
        place = located[feature["id"]]["place"]
        assert feature["geometry"]["coordinates"] == [place["lon"], place["lat"]]
        assert feature["properties"]["killed_best"] == (located[feature["id"]]["killed"] or {}).get(
            "best"
        )


@pytest.mark.parametrize("fmt", ["acled", "ucdp", "geojson", "jsonl"])
def test_cli_export_writes_the_same_as_the_api(seeded: Seeded, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"export.{fmt}"
    result = CliRunner().invoke(
        cli, ["export", "--format", fmt, "--db", seeded.db_url, "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    if fmt in ("acled", "ucdp"):
        assert text == seeded.client.get("/export.csv", params={"format": fmt}).text
    elif fmt == "geojson":
        assert json.loads(text) == seeded.client.get("/export.geojson").json()
    else:
        rows = [json.loads(line) for line in text.splitlines()]
        best, count = _ledger_best_total(seeded.db_url)
        assert len(rows) == count and sum((r["killed"] or {}).get("best", 0) for r in rows) == best


def test_cli_export_bad_db_is_an_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "--format", "acled", "--db", "nosuchdb://x"])
    assert result.exit_code != 0
    assert "error" in result.output.lower() or "error" in (result.stderr or "").lower()
