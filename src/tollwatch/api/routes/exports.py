"""GET /export.csv and GET /export.geojson: the ledger in ACLED, UCDP GED and GeoJSON shapes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from tollwatch import exports
from tollwatch.api.deps import ReaderDep
from tollwatch.api.routes.filters import FiltersDep
from tollwatch.store.queries import IncidentFilter

router = APIRouter(tags=["exports"])


def _incidents(services: ReaderDep, filters: IncidentFilter) -> Iterator[exports.Reported]:
    return exports.reported(services.ledger, filters)


def _stream(fmt: str, incidents: Iterator[exports.Reported], filename: str) -> StreamingResponse:
    return StreamingResponse(
        exports.WRITERS[fmt](incidents),
        media_type=exports.MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get(
    "/export.csv", response_class=StreamingResponse, responses={200: {"content": {"text/csv": {}}}}
)
def export_csv(
    services: ReaderDep,
    filters: FiltersDep,
    format: Annotated[Literal["acled", "ucdp"], Query(description="Column layout.")] = "acled",
) -> StreamingResponse:
    """The incidents matching the filters as ACLED- or UCDP GED-shaped CSV (docs/exports.md)."""
    return _stream(format, _incidents(services, filters), f"tollwatch-{format}.csv")


@router.get(
    "/export.geojson",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/geo+json": {}}}},
)
def export_geojson(services: ReaderDep, filters: FiltersDep) -> StreamingResponse:
    """The incidents matching the filters that have coordinates, as GeoJSON points."""
    return _stream("geojson", _incidents(services, filters), "tollwatch.geojson")
