"""Writes and the request edges against a real server: token, body limit, malformed JSON."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from api.live import TOKEN, running

ARTICLE = {
    "text": "A car bomb killed 12 people and wounded 30 in Aleppo, Syria, on Tuesday, "
    "the Syrian Observatory for Human Rights said.",
    "published": "2025-03-04",
    "outlet": "Example Wire",
    "title": "Car bomb in Aleppo",
}


def _counts(client: httpx.Client) -> tuple[int, int]:
    incidents = client.get("/incidents").json()["total"]
    claims = len(client.get("/claims", params={"limit": 500}).json()["items"])
    return incidents, claims


@pytest.mark.parametrize(
    ("headers", "status", "message"),
    [
        ({}, 401, "bearer token is required"),
        ({"Authorization": "Bearer wrong-token"}, 403, "wrong"),
        ({"Authorization": f"Bearer {TOKEN}x"}, 403, "wrong"),
        ({"Authorization": f"Basic {TOKEN}"}, 401, "bearer token is required"),
    ],
)
def test_api_write_needs_the_token(
    writable: httpx.Client, headers: dict[str, str], status: int, message: str
) -> None:
    response = writable.post("/documents", json=ARTICLE, headers=headers)
    assert response.status_code == status
    assert message in response.json()["message"]
    assert _counts(writable) == (0, 0)


def test_api_post_document_stores_and_reconciles(
    writable: httpx.Client, auth: dict[str, str]
) -> None:
    response = writable.post("/documents", json=ARTICLE, headers=auth)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "stored"
    assert any(c["outcome"] == "killed" and c["count"]["best"] == 12 for c in body["claims"])
    assert body["incidents"] and body["incidents"][0]["killed"]["best"] == 12
    doc = writable.get(f"/documents/{body['document_id']}").json()
    assert doc["text"] == ARTICLE["text"] and doc["outlet"] == "Example Wire"
    assert [c["id"] for c in doc["claims"]] == [c["id"] for c in body["claims"]]
    again = writable.post("/documents", json=ARTICLE, headers=auth).json()
    assert again["status"] == "duplicate"
    assert _counts(writable) == (1, len(body["claims"]))


def test_api_post_html_document(writable: httpx.Client, auth: dict[str, str]) -> None:
    html = (
        f"<html><head><title>{ARTICLE['title']}</title></head><body><nav>Home | World</nav>"
        f"<article><h1>{ARTICLE['title']}</h1><p>{ARTICLE['text']}</p>"
        "<p>Residents said the blast destroyed several shops in the old market.</p>"
        "</article></body></html>"
    )
    response = writable.post(
        "/documents", json={"html": html, "published": "2025-03-04"}, headers=auth
    )
    assert response.status_code == 201, response.text
    doc = writable.get(f"/documents/{response.json()['document_id']}").json()
    assert "killed 12 people" in doc["text"] and "<p>" not in doc["text"]


def test_api_extract_stores_nothing(writable: httpx.Client) -> None:
    response = writable.post("/extract", json=ARTICLE)
    assert response.status_code == 200
    body = response.json()
    assert body["killed"] == 12
    for claim in body["claims"]:
        ev = claim["evidence"]
        assert body["text"][ev["start"] : ev["end"]] in ev["sentence"]
    assert _counts(writable) == (0, 0)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"text": "killed 3"', "JSON"),
        (b"not json at all", "JSON"),
        (b"[1, 2]", "body"),
        (b'{"title": "no text"}', "exactly one of"),
        (b'{"text": "a", "html": "<p>b</p>"}', "exactly one of"),
        (b'{"text": "   "}', "empty"),
        (b'{"text": "x", "published": "last week"}', "published"),
        (b'{"text": "x", "secret": 1}', "secret"),
    ],
)
@pytest.mark.parametrize("path", ["/documents", "/extract"])
def test_api_malformed_body_is_422(
    writable: httpx.Client, auth: dict[str, str], path: str, content: bytes, message: str
) -> None:
    response = writable.post(
        path, content=content, headers={**auth, "Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert message in response.json()["message"]


@pytest.mark.parametrize("chunked", [False, True])
def test_api_oversize_body_is_413(
    writable: httpx.Client, auth: dict[str, str], chunked: bool
) -> None:
    payload = b'{"text": "' + b"killed " * 400_000 + b'"}'
    content: Any = (
        iter([payload[i : i + 65536] for i in range(0, len(payload), 65536)])
        if chunked
        else payload
    )
    response = writable.post(
        "/documents", content=content, headers={**auth, "Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert "limit" in response.json()["message"]
    assert _counts(writable) == (0, 0)


def test_api_internal_error_is_a_bare_json_500(db_url: str, extractor: Any) -> None:
    with running(db_url, extractor) as url, httpx.Client(base_url=url) as client:
        assert client.get("/incidents").status_code == 200
        # A real fault under the running server: the incidents table disappears.
        engine = sa.create_engine(db_url)
        with engine.begin() as conn:
            conn.execute(sa.text("ALTER TABLE incidents RENAME TO incidents_gone"))
        engine.dispose()
        response = client.get("/incidents")
        assert response.status_code == 500
        assert response.json() == {"message": "internal server error"}
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert client.get("/health").status_code == 500  # and the server stays up
        assert client.get("/paste").status_code == 200


def test_api_closed_reads_need_the_token(db_url: str, extractor: Any) -> None:
    with running(db_url, extractor, open_reads=False) as url, httpx.Client(base_url=url) as client:
        assert client.get("/incidents").status_code == 401
        assert client.get("/incidents", headers={"Authorization": "Bearer nope"}).status_code == 403
        assert (
            client.get("/incidents", headers={"Authorization": f"Bearer {TOKEN}"}).status_code
            == 200
        )


def test_api_writes_refused_without_configured_token(db_url: str, extractor: Any) -> None:
    with running(db_url, extractor, token=None) as url, httpx.Client(base_url=url) as client:
        response = client.post(
            "/documents", json=ARTICLE, headers={"Authorization": "Bearer anything"}
        )
        assert response.status_code == 403
        assert "without a token" in response.json()["message"]
