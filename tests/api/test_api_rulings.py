"""POST /claims/{id}/reject and /correct (write token), their decisions, and why reports joined,
against a real server on SQLite and PostgreSQL."""

from __future__ import annotations

import httpx
import pytest

ARTICLE = {
    "text": "A car bomb killed 12 people and wounded 30 in Aleppo on Tuesday, rescuers said. "
    "Fighting in the province has killed more than 9,000 people since 2020, a monitor said.",
    "published": "2025-03-04",
    "outlet": "Example Wire",
    "title": "Car bomb in Aleppo",
}


def _claim(client: httpx.Client, auth: dict[str, str], best: int) -> int:
    stored = client.post("/documents", json=ARTICLE, headers=auth)
    assert stored.status_code == 201, stored.text
    [claim] = [c for c in stored.json()["claims"] if c["count"]["best"] == best]
    return int(claim["id"])


def test_api_reject_returns_the_decision_and_lasts(writable: httpx.Client,
                                                   auth: dict[str, str]) -> None:
    claim_id = _claim(writable, auth, 9000)
    response = writable.post(f"/claims/{claim_id}/reject",
                             json={"reason": "a running total, not the bombing's", "who": "ida"},
                             headers=auth)
    assert response.status_code == 200, response.text
    body = response.json()
    assert {k: body[k] for k in ("claim_id", "kind", "reason", "who", "incident_id")} == {
        "claim_id": claim_id, "kind": "reject", "reason": "a running total, not the bombing's",
        "who": "ida", "incident_id": None}
    assert body["created_at"]
    [incident] = writable.get("/incidents").json()["items"]
    assert incident["killed"]["best"] == 12
    assert [d["id"] for d in writable.get(f"/claims/{claim_id}/decisions").json()] == [
        body["id"]]


def test_api_correct_and_joins(writable: httpx.Client, auth: dict[str, str]) -> None:
    claim_id = _claim(writable, auth, 12)
    response = writable.post(f"/claims/{claim_id}/correct",
                             json={"count": 14, "group": "civilians", "date": "2025-03-03",
                                   "reason": "hospital list"}, headers=auth)
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["kind"], body["count"], body["group"], body["date"], body["who"]) == (
        "correct", 14, "civilians", "2025-03-03", "api")
    incident = writable.get(f"/incidents/{body['incident_id']}").json()
    assert any(t["group"] == "civilians" and t["best"] == 14 for t in incident["tolls"])
    joins = writable.get(f"/incidents/{body['incident_id']}/joins").json()
    assert joins and joins[0]["opened"] is True


@pytest.mark.parametrize(
    ("path", "body", "headers", "status", "message"),
    [
        ("reject", {"reason": "x"}, {}, 401, "bearer token is required"),
        ("correct", {"reason": "nothing to change"}, None, 422, "a correction needs"),
        ("reject", {"reason": ""}, None, 422, ""),
        ("correct", {"reason": "x", "group": "bystanders"}, None, 422, ""),
    ],
)
def test_api_rulings_refused(writable: httpx.Client, auth: dict[str, str], path: str,
                             body: dict[str, object], headers: dict[str, str] | None,
                             status: int, message: str) -> None:
    claim_id = _claim(writable, auth, 12)
    response = writable.post(f"/claims/{claim_id}/{path}", json=body,
                             headers=auth if headers is None else headers)
    assert response.status_code == status, response.text
    assert message in response.json()["message"]
    assert writable.get(f"/claims/{claim_id}/decisions").json() == []


def test_api_ruling_on_a_missing_claim_is_404(writable: httpx.Client,
                                              auth: dict[str, str]) -> None:
    response = writable.post("/claims/424242/reject", json={"reason": "x"}, headers=auth)
    assert response.status_code == 404
    assert "no claim 424242" in response.json()["message"]
