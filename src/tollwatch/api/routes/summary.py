"""GET /summary: what the dashboard draws beside the list, for the list's own filters.

Counts and killed tolls per country and per province, and killed per day. The timeline
leaves the date filters out, so a date brush drawn over it can always widen again; the
counts keep every filter, so they describe exactly the incidents the list shows.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, replace
from functools import partial

from fastapi import APIRouter

from tollwatch import exports
from tollwatch.api import dashboard_schemas as schemas
from tollwatch.api.deps import ReaderDep
from tollwatch.api.routes.filters import FiltersDep
from tollwatch.model import Incident
from tollwatch.store.queries import IncidentFilter

router = APIRouter(tags=["incidents"])


def _all(services: ReaderDep, filters: IncidentFilter) -> Iterator[Incident]:
    fetch = partial(services.ledger.incidents, **asdict(filters), sort="id")
    return exports.page_incidents(lambda limit, offset: fetch(limit=limit, offset=offset))


def _killed(incident: Incident) -> int:
    toll = exports.headline_toll(incident, "killed")
    return toll.best if toll else 0


Areas = list[schemas.AreaCount]


def _areas(incidents: Iterator[Incident]) -> tuple[Areas, Areas]:
    """Incidents and killed per country and per (country, province), largest toll first."""
    n: Counter[tuple[str | None, str | None]] = Counter()
    killed: Counter[tuple[str | None, str | None]] = Counter()
    for incident in incidents:
        place = incident.place
        country = place.country if place else None
        province = place.admin1 if place else None
        for key in ((country, None), (country, province or "")):
            n[key] += 1
            killed[key] += _killed(incident)

    def rows(keys: list[tuple[str | None, str | None]]) -> Areas:
        keys.sort(key=lambda k: (-killed[k], -n[k], str(k)))
        return [schemas.AreaCount(country=c, province=p or None, incidents=n[(c, p)],
                                  killed=killed[(c, p)]) for c, p in keys]

    return rows([k for k in n if k[1] is None]), rows([k for k in n if k[1] is not None])


def _timeline(incidents: Iterator[Incident]) -> tuple[list[schemas.DayCount], int]:
    """Killed and incidents per start day; and how many incidents have no date."""
    n: Counter[dt.date] = Counter()
    killed: Counter[dt.date] = Counter()
    undated = 0
    for incident in incidents:
        if incident.start is None:
            undated += 1
            continue
        day = incident.start
        n[day] += 1
        killed[day] += _killed(incident)
    days = [schemas.DayCount(date=d, incidents=n[d], killed=killed[d]) for d in sorted(n)]
    return days, undated


@router.get("/summary", response_model=schemas.SummaryOut)
def summary(services: ReaderDep, filters: FiltersDep) -> schemas.SummaryOut:
    """Per-country and per-province counts for the filters, and killed per day (any date)."""
    countries, provinces = _areas(_all(services, filters))
    days, undated = _timeline(_all(services, replace(filters, since=None, until=None)))
    return schemas.SummaryOut(
        incidents=sum(c.incidents for c in countries),
        killed=sum(c.killed for c in countries),
        countries=countries,
        provinces=provinces,
        timeline=days,
        undated=undated,
    )
