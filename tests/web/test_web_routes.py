"""The dashboard's own routes (GET /summary, the reports sort, POST merge and split) and its
vendored Natural Earth layers."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.live import TOKEN
from tollwatch.api import create_app
from tollwatch.store import Ledger

VENDOR = Path(__file__).resolve().parents[2] / "src/tollwatch/web/static/vendor"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def client(seeded: Path, extractor: Any, tmp_path: Path) -> Iterator[TestClient]:
    """The API over a fresh copy of the workflow ledger."""
    copy = tmp_path / "ledger.db"
    shutil.copy(seeded, copy)
    with TestClient(create_app(f"sqlite:///{copy}", token=TOKEN, extractor=extractor)) as c:
        c.ledger_url = f"sqlite:///{copy}"  # type: ignore[attr-defined]
        yield c


def _all(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = client.get("/incidents", params={"limit": 500, **params}).json()[
        "items"
    ]
    return items


def _killed(item: dict[str, Any]) -> int:
    return int(item["killed"]["best"]) if item["killed"] else 0


@pytest.mark.parametrize(
    "params",
    [{}, {"country": "SY"}, {"since": "2024-03-01", "until": "2024-09-30"}, {"min_toll": 20}],
)
def test_summary_counts_what_the_list_shows(client: TestClient, params: dict[str, Any]) -> None:
    listed = _all(client, **params)
    summary = client.get("/summary", params=params).json()
    assert summary["incidents"] == len(listed)
    assert summary["killed"] == sum(_killed(i) for i in listed)
    by_country: dict[str, int] = {}
    for item in listed:
        by_country[item["place"]["country"]] = by_country.get(item["place"]["country"], 0) + 1
    assert {c["country"]: c["incidents"] for c in summary["countries"]} == by_country
    assert sum(p["incidents"] for p in summary["provinces"]) == len(listed)
    killed = [c["killed"] for c in summary["countries"]]
    assert killed == sorted(killed, reverse=True)


def test_summary_timeline_ignores_the_date_filter(client: TestClient) -> None:
    """The brush is drawn over the timeline: it must keep every date to widen again."""
    everything = client.get("/summary").json()
    window = client.get("/summary", params={"since": "2024-03-01", "until": "2024-03-31"}).json()
    assert window["timeline"] == everything["timeline"]
    assert window["incidents"] < everything["incidents"]
    days = {d["date"]: d for d in everything["timeline"]}
    for item in _all(client):
        assert days[item["start"]]["killed"] >= _killed(item)
    assert sum(d["killed"] for d in everything["timeline"]) == everything["killed"]


@pytest.mark.parametrize(
    ("sort", "key", "reverse"),
    [("-reports", "n_reports", True), ("reports", "n_reports", False),
     ("-best", "killed", True), ("start", "start", False)],
)
def test_incident_list_sorts(client: TestClient, sort: str, key: str, reverse: bool) -> None:
    items = _all(client, sort=sort)
    values = [_killed(i) if key == "killed" else i[key] for i in items]
    assert values == sorted(values, reverse=reverse)
    if key == "n_reports":
        assert max(values) >= 2


def _two_report_incident(client: TestClient) -> dict[str, Any]:
    first = _all(client, sort="-reports")[0]
    detail: dict[str, Any] = client.get(f"/incidents/{first['id']}").json()
    return detail


def test_split_moves_claims_and_holds_through_reconciliation(client: TestClient) -> None:
    incident = _two_report_incident(client)
    last_doc = max(c["document_id"] for c in incident["claims"])
    moved = [c["id"] for c in incident["claims"] if c["document_id"] == last_doc]
    answer = client.post(f"/incidents/{incident['id']}/split", headers=AUTH,
                         json={"claim_ids": moved, "reason": "a second market was hit"})
    assert answer.status_code == 200, answer.text
    decision = answer.json()
    assert decision["kind"] == "split" and decision["reason"] == "a second market was hit"
    assert decision["who"]
    when = dt.datetime.fromisoformat(decision["when"])
    assert abs((dt.datetime.now(dt.UTC) - when).total_seconds()) < 120
    new = client.get(f"/incidents/{decision['incident_id']}").json()
    assert {c["id"] for c in new["claims"]} == set(moved)
    with Ledger.open(client.ledger_url) as ledger:  # type: ignore[attr-defined]
        ledger.reconcile(only_touched=False)
    kept = client.get(f"/incidents/{incident['id']}").json()
    assert not ({c["id"] for c in kept["claims"]} & set(moved))


def test_merge_joins_two_incidents(client: TestClient) -> None:
    before = _all(client, sort="id")
    a, b = before[:2]
    answer = client.post(f"/incidents/{a['id']}/merge", headers=AUTH,
                         json={"other": b["id"], "reason": "same attack, two places named",
                               "who": "Rania Haddad"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["kind"] == "merge" and answer.json()["who"] == "Rania Haddad"
    merged = client.get(f"/incidents/{answer.json()['incident_id']}").json()
    assert merged["n_claims"] == a["n_claims"] + b["n_claims"]
    assert len(_all(client)) == len(before) - 1


@pytest.mark.parametrize(
    ("path", "body", "headers", "status", "says"),
    [
        ("/incidents/1/split", {"claim_ids": [1], "reason": "x"}, {}, 401, "token"),
        ("/incidents/1/split", {"claim_ids": [1], "reason": "x"},
         {"Authorization": "Bearer wrong"}, 403, "wrong"),
        ("/incidents/1/merge", {"other": 1, "reason": "x"}, AUTH, 422, "itself"),
        ("/incidents/1/merge", {"other": 9999, "reason": "x"}, AUTH, 404, "9999"),
        ("/incidents/1/split", {"claim_ids": [9999], "reason": "x"}, AUTH, 422, "9999"),
        ("/incidents/1/split", {"claim_ids": [1], "reason": ""}, AUTH, 422, "reason"),
        ("/incidents/1/split", {"claim_ids": [1], "reason": "  "}, AUTH, 422, "reason"),
        ("/incidents/1/merge", {"other": 2, "reason": "x", "who": " "}, AUTH, 422, "who"),
    ],
)
def test_incident_decisions_refuse_bad_requests(
    client: TestClient, path: str, body: dict[str, Any], headers: dict[str, str],
    status: int, says: str,
) -> None:
    before = _all(client, sort="id")
    answer = client.post(path, json=body, headers=headers)
    assert answer.status_code == status
    assert says in answer.json()["message"]
    assert _all(client, sort="id") == before


def _rings(geometry: dict[str, Any]) -> Iterator[list[list[float]]]:
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else (
        geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [])
    for polygon in polygons:
        yield from polygon


LAYERS = sorted(VENDOR.glob("natural-earth/admin1/*.geojson")) + [
    VENDOR / "world-atlas/countries-110m.geojson"]


@pytest.mark.parametrize("path", [p for p in LAYERS if p.stem in {"RU", "FJ", "US", "SY",
                                                                  "countries-110m"}],
                         ids=lambda p: p.stem)
def test_vendored_outlines_never_cross_the_antimeridian(path: Path) -> None:
    """A ring edge spanning more than 180 degrees is drawn as a line across the world."""
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    assert features
    for feature in features:
        for ring in _rings(feature["geometry"]):
            assert ring[0] == ring[-1], feature["properties"]
            jumps = [(a, b) for a, b in zip(ring, ring[1:], strict=False)
                     if abs(a[0] - b[0]) > 180 and abs(a[1]) < 89]
            assert jumps == [], feature["properties"]


def test_vendored_province_files_are_small_and_named_by_country() -> None:
    files = sorted(VENDOR.glob("natural-earth/admin1/*.geojson"))
    assert len(files) > 200
    assert sum(f.stat().st_size for f in files) < 2_500_000
    for path in files:
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
        assert {f["properties"]["country"] for f in features} == {path.stem}
    cities = json.loads((VENDOR / "natural-earth/cities.geojson").read_text(encoding="utf-8"))
    assert 100 < len(cities["features"]) < 1000
