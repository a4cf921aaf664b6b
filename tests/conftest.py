"""Fixtures shared by all test packages: the shared folder, one extractor, PostgreSQL databases."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from scratchdb import postgres_database

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("TOLLWATCH_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"shared material not found at {SHARED} (set TOLLWATCH_SHARED)")
    return SHARED


@pytest.fixture(scope="session")
def syria_text(shared_dir: Path) -> str:
    return (shared_dir / "fixtures" / "coastal_syria_2025-03.txt").read_text(encoding="utf-8")


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
