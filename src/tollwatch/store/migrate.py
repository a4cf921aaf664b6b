"""Create or upgrade a ledger database with the Alembic migrations shipped in the package."""

from __future__ import annotations

import logging
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from tollwatch.store.engine import writer

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    """An Alembic config pointing at the packaged migrations, with no ini file."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str | None:
    """The newest migration shipped with this version of tollwatch."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


MIGRATION_LOCK = 7_464_001  # PostgreSQL advisory lock id: one migrating process at a time


def current_revision(engine: sa.Engine) -> str | None:
    """The schema revision the database is at (None for an empty database)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: sa.Engine) -> None:
    """Bring the database to the newest schema; a no-op when it is already there.

    Several processes (Dask workers, a server and a CLI) may open a new ledger at once: on
    PostgreSQL they queue on an advisory lock, on SQLite on the write lock; whoever comes
    second finds the schema at head and carries on.
    """
    head = head_revision()
    if current_revision(engine) == head:
        return
    config = alembic_config()
    try:
        with writer(engine).begin() as conn:  # SQLite: BEGIN IMMEDIATE, one migrator at a time
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("select pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK})
            if MigrationContext.configure(conn).get_current_revision() == head:
                return
            log.info("migrating ledger to %s", head)
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
    except sa.exc.SQLAlchemyError:
        if current_revision(engine) != head:
            raise
