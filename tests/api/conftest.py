"""A seeded tollwatch server per database kind, shared by the read-only API tests of a module."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from api.live import TOKEN, ledger_url, running, seed_ledger, seed_lines


@dataclass
class Seeded:
    """A running server over a seeded ledger, and an HTTP client for it."""

    url: str
    db_url: str
    client: httpx.Client
    summary: Any


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def seeded(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    extractor: Any,
    syria_text: str,
) -> Iterator[Seeded]:
    folder = tmp_path_factory.mktemp("ledger")
    with ledger_url(request.param, folder) as db_url:
        summary = seed_ledger(db_url, extractor, seed_lines(syria_text), folder)
        with running(db_url, extractor) as url, httpx.Client(base_url=url, timeout=60) as client:
            yield Seeded(url, db_url, client, summary)


@pytest.fixture
def writable(db_url: str, extractor: Any) -> Iterator[httpx.Client]:
    """A server over an empty ledger (SQLite and PostgreSQL) for write tests."""
    with running(db_url, extractor) as url, httpx.Client(base_url=url, timeout=60) as client:
        yield client


@pytest.fixture
def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}
