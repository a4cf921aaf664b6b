"""The tollwatch HTTP API (FastAPI): the ledger for analysts, with the dashboard at `/`."""

from tollwatch.api.app import create_app

__all__ = ["create_app"]
