"""Fixtures shared by all test packages: the test data folder, one extractor, PostgreSQL databases.

Everything a test reads lives in tests/data/: the suite needs no data folder
outside the repository (only the benchmarks under bench/ read the shared sets).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scratchdb import postgres_database

DATA = Path(__file__).resolve().parent / "data"
FIXTURES = DATA / "fixtures"
# The first 600 rows of the WAD dev set (PITF World Atrocities Dataset, 2016-18): real coded
# event summaries for ingest tests and the accuracy gate.
WAD_SAMPLE = DATA / "wad_sample.jsonl"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """tests/data: the reference article and its gold reading under fixtures/, and samples."""
    return DATA


@pytest.fixture(scope="session")
def syria_text() -> str:
    return (FIXTURES / "coastal_syria_2025-03.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def wad_rows() -> list[dict[str, Any]]:
    """The WAD sample rows, in file order."""
    with WAD_SAMPLE.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="session")
def extractor():  # type: ignore[no-untyped-def]
    """One Extractor per test session: the spaCy pipeline loads once."""
    from tollwatch.extract.pipeline import Extractor

    return Extractor()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    try:
        with postgres_database() as url:
            yield url
    except RuntimeError as exc:
        pytest.fail(str(exc))


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'ledger.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Each ledger test runs against SQLite and against PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ledger.db'}"
    else:
        yield request.getfixturevalue("postgres_url")
