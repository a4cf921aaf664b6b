"""Query filters shared by the incident list, the claim list and the exports."""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Literal

from fastapi import Depends, HTTPException, Query

from tollwatch.errors import ConfigError
from tollwatch.model import Group, Outcome
from tollwatch.store.queries import IncidentFilter, country_code

# The model's vocabularies, so /openapi.json lists the allowed values.
OutcomeQ = Outcome
GroupQ = Group
SortQ = Literal["-best", "best", "-start", "start", "-reports", "reports", "-id", "id"]
COUNTRY_HELP = "ISO 3166 alpha-2 or alpha-3 code (SY, SYR) or English name (Syria)."
CountryQ = Annotated[str | None, Query(min_length=2, max_length=60, description=COUNTRY_HELP)]


def parse_country(value: str | None) -> str | None:
    """The ISO alpha-2 code of a code or country name, or a 422 naming the value."""
    if value is None:
        return None
    try:
        return country_code(value)
    except ConfigError as exc:
        raise HTTPException(422, f"country: {exc}") from exc

BBOX_HELP = "min_lon,min_lat,max_lon,max_lat in degrees, e.g. 35.5,34.5,36.5,36.0"


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """A bounding box from 'min_lon,min_lat,max_lon,max_lat', or a 422 saying what is wrong."""
    if value is None:
        return None
    parts = value.split(",")
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        numbers = []
    ok = len(numbers) == 4 and all(math.isfinite(n) for n in numbers)
    if not ok:
        raise HTTPException(422, f"bbox {value!r} is not {BBOX_HELP}")
    lon0, lat0, lon1, lat1 = numbers
    if not (-180 <= lon0 <= lon1 <= 180 and -90 <= lat0 <= lat1 <= 90):
        raise HTTPException(422, f"bbox {value!r} is out of range or has min > max ({BBOX_HELP})")
    return lon0, lat0, lon1, lat1


def incident_filters(
    country: CountryQ = None,
    since: Annotated[
        dt.date | None, Query(description="Incidents ending on or after this date.")
    ] = None,
    until: Annotated[
        dt.date | None, Query(description="Incidents starting on or before this date.")
    ] = None,
    outcome: Annotated[
        OutcomeQ | None, Query(description="Only incidents with a toll of this outcome.")
    ] = None,
    group: Annotated[
        GroupQ | None, Query(description="Only incidents with a toll for this group.")
    ] = None,
    min_toll: Annotated[
        int | None, Query(ge=0, le=10_000_000, description="Best toll at least this.")
    ] = None,
    bbox: Annotated[str | None, Query(max_length=200, description=BBOX_HELP)] = None,
    text: Annotated[
        str | None, Query(min_length=1, max_length=200, description="Words in the place or claims.")
    ] = None,
) -> IncidentFilter:
    if since and until and since > until:
        raise HTTPException(422, f"since {since} is after until {until}")
    return IncidentFilter(
        country=parse_country(country),
        since=since,
        until=until,
        outcome=outcome,
        group=group,
        min_toll=min_toll,
        bbox=parse_bbox(bbox),
        text=text,
    )


FiltersDep = Annotated[IncidentFilter, Depends(incident_filters)]
LimitQ = Annotated[int, Query(ge=1, le=500, description="Page size.")]
OffsetQ = Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip.")]
