"""The ledger store: SQLAlchemy 2 tables in SQLite or PostgreSQL, migrated by Alembic on open."""

from __future__ import annotations

from tollwatch.store.ledger import AddResult, Failure, Ledger, StoredClaim, StoredDocument

__all__ = ["AddResult", "Failure", "Ledger", "StoredClaim", "StoredDocument"]
