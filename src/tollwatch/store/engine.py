"""Open a ledger database from a URL: SQLite (WAL, foreign keys) or PostgreSQL (psycopg 3)."""

from __future__ import annotations

import os
from typing import Any

import sqlalchemy as sa

from tollwatch.errors import ConfigError, StoreError

DEFAULT_URL = "sqlite:///tollwatch.db"
ENV_VAR = "TOLLWATCH_DB"


def resolve_url(url: str | None) -> str:
    """The URL to use: the given one, else $TOLLWATCH_DB, else ./tollwatch.db."""
    url = url or os.environ.get(ENV_VAR) or DEFAULT_URL
    # psycopg 3 is the driver we ship; plain postgresql:// would ask for psycopg2.
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # Let SQLAlchemy issue BEGIN itself (see _sqlite_begin): pysqlite's own implicit
    # transactions leave DDL and the reads before a write outside the transaction.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: a commit survives a killed process
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def _sqlite_begin(conn: sa.Connection) -> None:
    # Writers ask for IMMEDIATE: they take the write lock up front and wait on busy_timeout,
    # instead of failing when a read snapshot cannot be upgraded to a write.
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def writer(engine: sa.Engine) -> sa.Engine:
    """The engine for read-write transactions (BEGIN IMMEDIATE on SQLite)."""
    return engine.execution_options(sqlite_begin="IMMEDIATE")


def create_engine(url: str) -> sa.Engine:
    """An engine for a ledger URL: a bad URL is a ConfigError, an unreachable one a StoreError."""
    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError as exc:
        raise ConfigError(f"not a database URL: {url!r}") from exc
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise ConfigError(f"unsupported database {backend!r} in {url!r}: use sqlite or postgresql")
    try:
        engine = sa.create_engine(parsed, pool_pre_ping=backend == "postgresql")
    except (ImportError, sa.exc.ArgumentError) as exc:
        raise ConfigError(f"cannot use {url!r}: {exc}") from exc
    if backend == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        sa.event.listen(engine, "begin", _sqlite_begin)
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("select 1"))
    except sa.exc.SQLAlchemyError as exc:
        engine.dispose()
        detail = getattr(exc, "orig", None) or exc
        raise StoreError(f"cannot open the ledger: {type(exc).__name__}: {detail}",
                         where=parsed.render_as_string(hide_password=True)) from exc
    return engine
