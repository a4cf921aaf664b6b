"""Query filters shared by the incident list, the claim list and the exports."""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Literal

from fastapi import Depends, HTTPException, Query

from tollwatch.store.queries import IncidentFilter

OutcomeQ = Literal["killed", "injured", "missing", "displaced", "abducted", "detained"]
GroupQ = Literal["total", "civilians", "security_forces", "armed_group", "perpetrators"]
SortQ = Literal["-best", "best", "-start", "start", "-reports", "reports", "-id", "id"]

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
    country: Annotated[
        str | None, Query(pattern="^[A-Za-z]{2}$", description="ISO 3166 alpha-2 code.")
    ] = None,
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
        country=country.upper() if country else None,
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
