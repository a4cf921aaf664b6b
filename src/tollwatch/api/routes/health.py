"""GET /health."""

from __future__ import annotations

from fastapi import APIRouter

from tollwatch import __version__
from tollwatch.api import schemas
from tollwatch.api.deps import ServicesDep

router = APIRouter(tags=["service"])


@router.get("/health", response_model=schemas.Health)
def health(services: ServicesDep) -> schemas.Health:
    """The service is up and its ledger answers."""
    ledger = services.ledger
    return schemas.Health(
        status="ok",
        version=__version__,
        database=services.database,
        incidents=ledger.count_incidents(),
    )
