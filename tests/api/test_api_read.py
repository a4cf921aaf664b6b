"""The read API against a real server over a seeded ledger (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from api.conftest import Seeded
from tollwatch.store import Ledger


def _all_incidents(seeded: Seeded) -> list[dict[str, Any]]:
    response = seeded.client.get("/incidents", params={"limit": 500})
    assert response.status_code == 200
    return list(response.json()["items"])


def _details(seeded: Seeded) -> dict[int, dict[str, Any]]:
    return {
        i["id"]: seeded.client.get(f"/incidents/{i['id']}").json() for i in _all_incidents(seeded)
    }


def test_api_health_reports_database_and_count(seeded: Seeded) -> None:
    body = seeded.client.get("/health").json()
    with Ledger.open(seeded.db_url) as ledger:
        assert body["incidents"] == ledger.count_incidents() > 0
    assert body["status"] == "ok"
    assert body["database"] == seeded.db_url.split(":")[0].split("+")[0]


def test_api_incidents_total_matches_ledger(seeded: Seeded) -> None:
    page = seeded.client.get("/incidents").json()
    with Ledger.open(seeded.db_url) as ledger:
        ids = [i.id for i in ledger.incidents(limit=500)]
    assert page["total"] == len(ids) >= 3
    assert [i["id"] for i in page["items"]] == ids[:50]


@pytest.mark.parametrize("limit", [1, 2, 3])
def test_api_incidents_pages_cover_everything_once(seeded: Seeded, limit: int) -> None:
    everything = [i["id"] for i in _all_incidents(seeded)]
    seen: list[int] = []
    for offset in range(0, len(everything) + limit, limit):
        page = seeded.client.get("/incidents", params={"limit": limit, "offset": offset}).json()
        assert page["total"] == len(everything)
        assert len(page["items"]) <= limit
        seen += [i["id"] for i in page["items"]]
    assert seen == everything


def _best(item: dict[str, Any]) -> int:
    return item["killed"]["best"] if item["killed"] else -1


@pytest.mark.parametrize(
    ("sort", "key", "descending"),
    [
        ("-best", _best, True),
        ("best", _best, False),
        ("id", lambda i: i["id"], False),
        ("-id", lambda i: i["id"], True),
        ("start", lambda i: i["start"] or "9999", False),
    ],
)
def test_api_incidents_sorted(
    seeded: Seeded, sort: str, key: Callable[[dict[str, Any]], Any], descending: bool
) -> None:
    items = seeded.client.get("/incidents", params={"sort": sort, "limit": 500}).json()["items"]
    keys = [key(i) for i in items]
    assert keys == sorted(keys, reverse=descending)


def _overlaps(detail: dict[str, Any], since: str | None, until: str | None) -> bool:
    start, end = detail["start"], detail["end"] or detail["start"]
    if start is None:
        return False
    return (since is None or end >= since) and (until is None or start <= until)


def _has_toll(
    detail: dict[str, Any], outcome: str | None, group: str | None, min_toll: int | None
) -> bool:
    for toll in detail["tolls"]:
        wanted_outcome = outcome or ("killed" if min_toll is not None else None)
        if wanted_outcome and toll["outcome"] != wanted_outcome:
            continue
        if group and toll["group"] != group:
            continue
        if min_toll is not None and toll["best"] < min_toll:
            continue
        return True
    return False


def _in_box(detail: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    place = detail["place"]
    if not place or place["lat"] is None:
        return False
    return box[0] <= place["lon"] <= box[2] and box[1] <= place["lat"] <= box[3]


def _filter_cases(details: dict[int, dict[str, Any]]) -> list[tuple[dict[str, Any], set[int]]]:
    """Filters built from the seeded data, each with the ids it must return (computed here)."""
    items = list(details.values())
    countries = sorted(
        {i["place"]["country"] for i in items if i["place"] and i["place"]["country"]}
    )
    starts = sorted(i["start"] for i in items if i["start"])
    bests = sorted(i["killed"]["best"] for i in items if i["killed"])
    located = [i for i in items if i["place"] and i["place"]["lat"] is not None]
    cases: list[tuple[dict[str, Any], set[int]]] = []
    for country in countries:
        cases.append(
            (
                {"country": country.lower()},
                {i["id"] for i in items if i["place"] and i["place"]["country"] == country},
            )
        )
    middle = starts[len(starts) // 2]
    cases.append(({"since": middle}, {i["id"] for i in items if _overlaps(i, middle, None)}))
    cases.append(({"until": middle}, {i["id"] for i in items if _overlaps(i, None, middle)}))
    cases.append(
        (
            {"since": starts[0], "until": starts[0]},
            {i["id"] for i in items if _overlaps(i, starts[0], starts[0])},
        )
    )
    median = bests[len(bests) // 2]
    cases.append(
        ({"min_toll": median}, {i["id"] for i in items if _has_toll(i, None, None, median)})
    )
    for outcome in ("killed", "injured"):
        cases.append(
            ({"outcome": outcome}, {i["id"] for i in items if _has_toll(i, outcome, None, None)})
        )
    groups = sorted({t["group"] for i in items for t in i["tolls"]})
    for group in groups:
        cases.append(
            ({"group": group}, {i["id"] for i in items if _has_toll(i, None, group, None)})
        )
    for item in located[:2]:
        one = item["place"]
        box = (one["lon"] - 1, one["lat"] - 1, one["lon"] + 1, one["lat"] + 1)
        cases.append(
            ({"bbox": ",".join(map(str, box))}, {i["id"] for i in items if _in_box(i, box)})
        )
        word = one["name"][:4]
        cases.append(
            (
                {"text": word.upper()},
                {
                    i["id"]
                    for i in items
                    if i["place"] and word.lower() in i["place"]["name"].lower()
                },
            )
        )
    cases.append(({"bbox": "-180,-90,180,90"}, {i["id"] for i in located}))
    return cases


def test_api_incidents_each_filter_returns_exactly_the_matching(seeded: Seeded) -> None:
    details = _details(seeded)
    cases = _filter_cases(details)
    discriminating = 0
    for params, expected in cases:
        page = seeded.client.get("/incidents", params={**params, "limit": 500}).json()
        got = {i["id"] for i in page["items"]}
        if "text" in params:  # text also matches report titles: the place-name hits must be there
            assert expected <= got, params
        else:
            assert got == expected, params
        assert page["total"] == len(got), params
        discriminating += 0 < len(expected) < len(details)
    # The seed has several countries, dates and sizes: most filters must split it.
    assert discriminating >= len(cases) // 2


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "10,10,5,5"}, "bbox"),
        ({"since": "2025-02-01", "until": "2025-01-01"}, "after"),
        ({"limit": 0}, "limit"),
        ({"limit": 501}, "limit"),
        ({"offset": -1}, "offset"),
        ({"country": "Syria!"}, "country"),
        ({"outcome": "eaten"}, "outcome"),
        ({"sort": "random"}, "sort"),
        ({"since": "yesterday"}, "since"),
        ({"min_toll": "-3"}, "min_toll"),
    ],
)
def test_api_incidents_bad_filter_is_422_with_message(
    seeded: Seeded, params: dict[str, Any], message: str
) -> None:
    response = seeded.client.get("/incidents", params=params)
    assert response.status_code == 422
    assert message in response.json()["message"]


def test_api_incident_detail_has_tolls_sources_claims_history(seeded: Seeded) -> None:
    for item in _all_incidents(seeded):
        detail = seeded.client.get(f"/incidents/{item['id']}").json()
        assert detail["killed"] == item["killed"]
        assert {c["id"] for c in detail["claims"]} >= {
            cid for t in detail["tolls"] for cid in t["claim_ids"]
        }
        assert len(detail["claims"]) == detail["n_claims"] > 0
        for toll in detail["tolls"]:
            assert toll["low"] <= toll["best"] and (
                toll["high"] is None or toll["best"] <= toll["high"]
            )
            assert toll["grading"]
        assert detail["revisions"], "every incident has the toll after at least one report"
        published = [r["published"] for r in detail["revisions"] if r["published"]]
        assert published == sorted(published)


@pytest.mark.parametrize("path", ["/incidents/999999", "/documents/999999"])
def test_api_missing_id_is_404_with_message(seeded: Seeded, path: str) -> None:
    response = seeded.client.get(path)
    assert response.status_code == 404
    assert "999999" in response.json()["message"]


@pytest.mark.parametrize("path", ["/incidents/abc", "/incidents/0", "/documents/-1"])
def test_api_bad_id_is_422(seeded: Seeded, path: str) -> None:
    assert seeded.client.get(path).status_code == 422


def test_api_claims_filters(seeded: Seeded) -> None:
    claims = seeded.client.get("/claims", params={"limit": 500}).json()["items"]
    assert claims
    sources = sorted({c["source"] for c in claims if c["source"]})
    incident = _all_incidents(seeded)[0]
    cases: list[tuple[dict[str, Any], Callable[[dict[str, Any]], bool]]] = [
        ({"outcome": "injured"}, lambda c: c["outcome"] == "injured"),
        ({"group": "civilians"}, lambda c: c["group"] == "civilians"),
        ({"incident_id": incident["id"]}, lambda c: True),
    ]
    cases += [
        ({"source": s[:5]}, lambda c, s=s: s[:5].lower() in (c["source"] or "").lower())
        for s in sources[:2]
    ]
    for params, keep in cases:
        got = seeded.client.get("/claims", params={**params, "limit": 500}).json()["items"]
        if "incident_id" in params:
            detail = seeded.client.get(f"/incidents/{incident['id']}").json()
            assert {c["id"] for c in got} == {c["id"] for c in detail["claims"]}
        else:
            assert [c["id"] for c in got] == [c["id"] for c in claims if keep(c)], params
    page = seeded.client.get("/claims", params={"limit": 2, "offset": 1}).json()["items"]
    assert [c["id"] for c in page] == [c["id"] for c in claims[1:3]]


def _event_day(claim: dict[str, Any]) -> str | None:
    start = (claim["date"] or {}).get("start")
    return start or claim["published"]


def test_api_claims_date_window(seeded: Seeded) -> None:
    claims = seeded.client.get("/claims", params={"limit": 500}).json()["items"]
    days = sorted({d for d in map(_event_day, claims) if d})
    for since, until in [
        (days[0], days[0]),
        (days[len(days) // 2], None),
        (None, days[len(days) // 2]),
    ]:
        params = {k: v for k, v in {"since": since, "until": until, "limit": 500}.items() if v}
        got = seeded.client.get("/claims", params=params).json()["items"]
        expected = [
            c["id"]
            for c in claims
            if (d := _event_day(c))
            and (since is None or d >= since)
            and (until is None or d <= until)
        ]
        assert [c["id"] for c in got] == expected
        assert expected


def test_api_document_has_text_and_evidence_offsets(seeded: Seeded) -> None:
    claims = seeded.client.get("/claims", params={"limit": 500}).json()["items"]
    for doc_id in sorted({c["document_id"] for c in claims}):
        doc = seeded.client.get(f"/documents/{doc_id}").json()
        assert doc["id"] == doc_id and doc["text"] and doc["claims"]
        for claim in doc["claims"]:
            ev = claim["evidence"]
            figure = doc["text"][ev["start"] : ev["end"]]
            assert figure and figure in ev["sentence"]
            assert (
                doc["text"][ev["sentence_start"] : ev["sentence_start"] + len(ev["sentence"])]
                == ev["sentence"]
            )


def test_api_openapi_schema_served(seeded: Seeded) -> None:
    schema = seeded.client.get("/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    for path in (
        "/incidents",
        "/incidents/{incident_id}",
        "/claims",
        "/documents/{document_id}",
        "/documents",
        "/extract",
        "/health",
        "/export.csv",
        "/export.geojson",
    ):
        assert path in schema["paths"]


@pytest.mark.parametrize("path", ["/", "/incidents", "/nowhere", "/static/js/common.js"])
def test_api_security_headers_on_every_response(seeded: Seeded, path: str) -> None:
    headers = seeded.client.get(path).headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "unsafe-inline" not in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize(
    ("method", "path"), [("GET", "/nowhere"), ("DELETE", "/incidents"), ("PUT", "/health")]
)
def test_api_errors_are_json_messages(seeded: Seeded, method: str, path: str) -> None:
    response = seeded.client.request(method, path)
    assert response.status_code in (404, 405)
    assert response.headers["content-type"] == "application/json"
    assert response.json()["message"]


@pytest.mark.parametrize("path", ["/incidents", "/claims", "/export.csv"])
@pytest.mark.parametrize("country", ["Syria", "syria", "SYR", "sy"])
def test_api_country_filter_takes_names_and_iso_codes(seeded: Seeded, path: str,
                                                      country: str) -> None:
    by_name = seeded.client.get(path, params={"country": country})
    by_code = seeded.client.get(path, params={"country": "SY"})
    assert by_name.status_code == by_code.status_code == 200
    assert by_name.text == by_code.text


@pytest.mark.parametrize("path", ["/incidents", "/claims", "/export.csv", "/export.geojson"])
def test_api_unknown_country_is_a_friendly_422(seeded: Seeded, path: str) -> None:
    response = seeded.client.get(path, params={"country": "Atlantis"})
    assert response.status_code == 422
    message = response.json()["message"]
    assert "unknown country 'Atlantis'" in message and "Syria" in message
    assert "pattern" not in message and "regex" not in message


def test_api_openapi_lists_the_model_vocabularies(seeded: Seeded) -> None:
    from tollwatch.model import GRADINGS, GROUPS, OUTCOMES, QUALIFIERS, SCOPES

    spec = seeded.client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]

    def allowed(schema: str, field: str) -> set[str]:
        prop = schemas[schema]["properties"][field]
        options = prop.get("anyOf", [prop])
        return {v for o in options for v in o.get("enum", [])}

    assert allowed("TollOut", "outcome") == set(OUTCOMES)
    assert allowed("TollOut", "group") == set(GROUPS)
    assert allowed("TollOut", "grading") == set(GRADINGS)
    assert allowed("CountOut", "qualifier") == set(QUALIFIERS)
    assert allowed("ClaimOut", "scope") == set(SCOPES)
    params = {p["name"]: p for p in spec["paths"]["/incidents"]["get"]["parameters"]}
    outcome = params["outcome"]["schema"]
    assert {v for o in outcome.get("anyOf", [outcome]) for v in o.get("enum", [])} == set(
        OUTCOMES)


def test_api_incident_detail_names_its_reports_one_way(seeded: Seeded) -> None:
    for item in _all_incidents(seeded):
        detail = seeded.client.get(f"/incidents/{item['id']}").json()
        reports = {r["document_id"]: r for r in detail["reports"]}
        assert reports and all(r["source_article"] for r in reports.values())
        assert {c["document_id"] for c in detail["claims"]} == set(reports)
        assert {r["document_id"] for r in detail["revisions"]} <= set(reports)
        for claim in detail["claims"]:
            assert claim["source_article"] == reports[claim["document_id"]]["source_article"]
            document = seeded.client.get(f"/documents/{claim['document_id']}").json()
            assert document["key"] == claim["source_article"]
