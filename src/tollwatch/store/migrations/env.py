"""Alembic environment: runs on the connection the ledger hands over (never from alembic.ini)."""

from __future__ import annotations

from alembic import context

from tollwatch.store.schema import Base

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copy
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
