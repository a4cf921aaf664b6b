"""The HTTP API under hostile requests: bounded answers, no internals, no starved writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from typing import Any

import httpx
import pytest

from api.live import TOKEN, free_port, running, wait_for_health
from tollwatch.store import Ledger

GOOD = "Gunmen killed 4 villagers in Tessalit on Monday, local officials said."
INTERNALS = ("INSERT", "SELECT", "Traceback", "psycopg", "sqlite3", "parameters")


def _clean(response: httpx.Response) -> None:
    body = response.text
    assert not any(word in body for word in INTERNALS), body[:500]


@pytest.mark.parametrize("query", ["text=a%00b", "country=S%00Y", "source=x%00",
                                   "outcome=killed%00"])
def test_api_nul_in_a_filter_is_422(writable: httpx.Client, query: str) -> None:
    path = "/claims" if query.startswith("source") else "/incidents"
    response = writable.get(f"{path}?{query}")
    assert response.status_code == 422
    assert response.json()["message"] == "invalid request: a NUL character (%00) in the URL"


@pytest.mark.parametrize("field", ["title", "text", "outlet", "url"])
@pytest.mark.parametrize("char", ["\u0000", "\ud800"])
def test_api_unwritable_characters_are_422_without_internals(
        writable: httpx.Client, auth: dict[str, str], field: str, char: str) -> None:
    body = {"text": GOOD, field: f"Tessalit{char} report"}
    response = writable.post("/documents", content=json.dumps(body), headers={
        **auth, "content-type": "application/json"})
    assert response.status_code == 422, response.text
    _clean(response)
    assert field in response.json()["message"]
    assert writable.post("/documents", json={"text": GOOD}, headers=auth).status_code == 201


@pytest.mark.parametrize("text", [
    "99999999999999999999 people were killed in Gao on Monday.",
    "3,000,000,000 people were killed in Gao on Monday.",
    "9" * 5000 + " people were killed in Gao on Monday.",
])
def test_api_absurd_numbers_are_no_count(writable: httpx.Client, auth: dict[str, str],
                                         text: str) -> None:
    # the first POST /extract of a server starts its worker process: slow on a busy machine
    extracted = writable.post("/extract", json={"text": text}, timeout=300)
    assert extracted.status_code == 200, extracted.text
    assert extracted.json()["killed"] is None
    stored = writable.post("/documents", json={"text": text}, headers=auth, timeout=300)
    assert stored.status_code == 201, stored.text
    assert stored.json()["claims"] == []


def test_api_like_wildcards_are_literal(writable: httpx.Client, auth: dict[str, str]) -> None:
    for body in ({"text": GOOD, "title": "Raid in Tessalit"},
                 {"text": "A drone strike killed 5 people in Kidal on Friday, residents said.",
                  "title": "100% of the village fled"}):
        assert writable.post("/documents", json=body, headers=auth).status_code == 201
    counts = {q: writable.get("/incidents", params={"text": q}).json()["total"]
              for q in ("%", "_", "100%", "Tessalit", "T_ssalit")}
    assert counts == {"%": 1, "_": 0, "100%": 1, "Tessalit": 1, "T_ssalit": 0}


def test_api_422_body_is_bounded(writable: httpx.Client) -> None:
    body = {"text": GOOD, **{f"{i:x}": 0 for i in range(150_000)}}
    raw = json.dumps(body)
    assert len(raw) > 1_500_000
    response = writable.post("/extract", content=raw,
                             headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert len(response.content) < 10_000
    assert response.json()["error_count"] == 150_000


def test_api_extract_refuses_long_texts_with_the_limit(writable: httpx.Client) -> None:
    text = (GOOD + " ") * 800
    response = writable.post("/extract", json={"text": text})
    assert response.status_code == 413
    assert "50,000 character limit" in response.json()["message"]


def test_api_extract_is_rate_limited_per_client(db_url: str, extractor: Any) -> None:
    # a token every 100 s: none comes back while the first request starts the worker
    with running(db_url, extractor, extract_rate=0.6, extract_burst=3) as url, \
            httpx.Client(base_url=url, timeout=300) as client:  # the 1st starts the worker
        codes = [client.post("/extract", json={"text": GOOD}).status_code for _ in range(5)]
        assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
        refused = client.post("/extract", json={"text": GOOD})
        assert 1 <= int(refused.headers["retry-after"]) <= 100
        assert client.get("/health").status_code == 200


def test_api_write_not_starved_by_open_extractions(db_url: str, extractor: Any) -> None:
    """4 clients keep POST /extract busy with long texts; an authorised write still answers
    within 2 s (it has its own pipeline and lock)."""
    long_text = " ".join(f"In village {i} the militia killed {i % 7 + 2} farmers and the army "
                         f"said {i % 5 + 1} soldiers died." for i in range(500))[:49_000]
    with running(db_url, extractor, extract_rate=10_000, extract_burst=1_000) as url, \
            httpx.Client(base_url=url, timeout=120) as client:
        client.post("/extract", json={"text": GOOD})  # the reading pipeline is loaded
        stop = time.monotonic() + 40
        statuses: list[int] = []

        def load() -> None:
            with httpx.Client(base_url=url, timeout=120) as c:
                while time.monotonic() < stop:
                    statuses.append(c.post("/extract", json={"text": long_text}).status_code)

        with ThreadPoolExecutor(4) as pool:
            for _ in range(4):
                pool.submit(load)
            time.sleep(3)  # every loader is inside an extraction now
            started = time.monotonic()
            written = client.post("/documents", json={"text": GOOD},
                                  headers={"Authorization": f"Bearer {TOKEN}"})
            took = time.monotonic() - started
            stop = time.monotonic()
        assert written.status_code == 201, written.text
        assert took < 2.0, f"the write waited {took:.1f} s"
        assert statuses and set(statuses) <= {200, 503}


@contextmanager
def _server(db: str) -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "tollwatch", "serve", "--db", db, "--port",
                             str(port)], env={**os.environ, "TOLLWATCH_TOKEN": TOKEN},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        assert wait_for_health(url, proc, 120), "server did not start"
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


PLACES = ["Gao", "Kidal", "Tessalit", "Menaka", "Timbuktu", "Mopti", "Segou", "Djenne"]


def test_api_two_processes_on_one_postgresql_ledger(postgres_url: str) -> None:
    Ledger.open(postgres_url).close()
    bodies = [{"text": f"Gunmen killed {n % 9 + 2} villagers in {PLACES[n % 8]} on day {n} "
                       f"of the month, officials said. Report number {n}."} for n in range(60)]
    with ExitStack() as stack:
        urls = [stack.enter_context(_server(postgres_url)) for _ in range(2)]

        def post(n: int) -> int:
            with httpx.Client(timeout=120) as c:
                # document n % 60 goes to one server in the first round, the other in the second
                return c.post(f"{urls[(n + n // 60) % 2]}/documents", json=bodies[n % 60],
                              headers={"Authorization": f"Bearer {TOKEN}"}).status_code

        with ThreadPoolExecutor(12) as pool:
            codes = list(pool.map(post, range(120)))  # every document sent twice, to both
    assert set(codes) == {201}, codes
    with Ledger.open(postgres_url) as ledger:
        assert ledger.count_documents() == 60
        claims = [c for i in ledger.incidents(limit=500) for c in i.claim_ids]
        assert len(claims) == len(set(claims)) == 60
