"""GET /summary: what the dashboard draws beside the list, for the list's own filters.

Counts and killed tolls (the list's Killed sort key) per country and per province, and killed
per day, from the incidents' rows alone (no tolls or revisions are loaded). The timeline
leaves the date filters out, so a date brush drawn over it can always widen again; the
counts keep every filter, so they describe exactly the incidents the list shows.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import replace

from fastapi import APIRouter

from tollwatch.api import dashboard_schemas as schemas
from tollwatch.api.deps import ReaderDep
from tollwatch.api.routes.filters import FiltersDep
from tollwatch.store.queries import IncidentFact

router = APIRouter(tags=["incidents"])
TOP = 100  # areas listed; a ledger of places made up on the fly can have thousands
Areas = list[schemas.AreaCount]
Key = tuple[str | None, str | None]


def _areas(facts: list[IncidentFact]) -> tuple[Areas, Areas]:
    """Incidents and killed per country and per (country, province), largest toll first."""
    n: Counter[Key] = Counter()
    killed: Counter[Key] = Counter()
    for fact in facts:
        for key in ((fact.country, None), (fact.country, fact.admin1 or "")):
            n[key] += 1
            killed[key] += fact.killed

    def rows(keys: list[Key]) -> Areas:
        keys.sort(key=lambda k: (-killed[k], -n[k], str(k)))
        return [schemas.AreaCount(country=c, province=p or None, incidents=n[(c, p)],
                                  killed=killed[(c, p)]) for c, p in keys]

    return rows([k for k in n if k[1] is None]), rows([k for k in n if k[1] is not None])


def _timeline(facts: list[IncidentFact]) -> tuple[list[schemas.DayCount], int]:
    """Killed and incidents per start day; and how many incidents have no date."""
    n: Counter[dt.date] = Counter()
    killed: Counter[dt.date] = Counter()
    for fact in facts:
        if fact.start is not None:
            n[fact.start] += 1
            killed[fact.start] += fact.killed
    days = [schemas.DayCount(date=d, incidents=n[d], killed=killed[d]) for d in sorted(n)]
    return days, sum(1 for f in facts if f.start is None)


@router.get("/summary", response_model=schemas.SummaryOut)
def summary(services: ReaderDep, filters: FiltersDep) -> schemas.SummaryOut:
    """Per-country and per-province counts for the filters, and killed per day (any date)."""
    ledger = services.ledger
    countries, provinces = _areas(ledger.incident_facts(filters))
    days, undated = _timeline(ledger.incident_facts(replace(filters, since=None, until=None)))
    return schemas.SummaryOut(
        incidents=sum(c.incidents for c in countries),
        killed=sum(c.killed for c in countries),
        countries=countries[:TOP],
        provinces=provinces[:TOP],
        n_countries=len(countries),
        n_provinces=len(provinces),
        timeline=days,
        undated=undated,
    )
