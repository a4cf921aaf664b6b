"""Incidents in the shapes analysts already load: ACLED CSV, UCDP GED CSV, GeoJSON, JSONL.

Every writer takes reconciled incidents with the claims and reports behind them
(``Reported``) and yields text chunks, so the API can stream them and the CLI can write them
to a file. The column layouts are the published ones, in their order, with tollwatch's extra
columns after them; which column is filled how, and from which published list the layouts
come, is written down in docs/exports.md.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from tollwatch.geo.countries import countries, country_name
from tollwatch.lexicon import table
from tollwatch.model import DatePrecision, Incident, Place, Toll
from tollwatch.store.queries import Cited, IncidentFilter, ReportRef

if TYPE_CHECKING:
    from tollwatch.store import Ledger
from tollwatch.reconcile.headline import headline_toll as headline_toll  # one home for it

FORMATS = ("acled", "ucdp", "geojson", "jsonl")
PAGE = 500

# ACLED's export layout (31 columns, ACLED codebook 2024-2025): docs/exports.md.
ACLED_LAYOUT = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)
# UCDP GED's layout (49 columns, GED codebook 23.1-25.1): docs/exports.md.
UCDP_LAYOUT = (
    "id", "relid", "year", "active_year", "code_status", "type_of_violence", "conflict_dset_id",
    "conflict_new_id", "conflict_name", "dyad_dset_id", "dyad_new_id", "dyad_name",
    "side_a_dset_id", "side_a_new_id", "side_a", "side_b_dset_id", "side_b_new_id", "side_b",
    "number_of_sources", "source_article", "source_office", "source_date", "source_headline",
    "source_original", "where_prec", "where_coordinates", "where_description", "adm_1",
    "adm_2", "latitude", "longitude", "geom_wkt", "priogrid_gid", "country", "country_id",
    "region", "event_clarity", "date_prec", "date_start", "date_end", "deaths_a", "deaths_b",
    "deaths_civilians", "deaths_unknown", "best", "high", "low", "gwnoa", "gwnob",
)
# tollwatch's own columns, after the published ones so scripts indexing by position still work.
ACLED_EXTRA = ("tollwatch_id", "fatalities_low", "fatalities_high", "source_article",
               "source_url")
UCDP_EXTRA = ("source_url",)
ACLED_COLUMNS = ACLED_LAYOUT + ACLED_EXTRA
UCDP_COLUMNS = UCDP_LAYOUT + UCDP_EXTRA

# The dtypes docs/exports.md promises: pd.read_csv(path, dtype=PANDAS_DTYPES["acled"]).
# ACLED's inter1/inter2/interaction became text labels in 2024 ("State forces"): strings.
_ACLED_INTS = ("year", "time_precision", "iso", "geo_precision", "fatalities", "timestamp",
               "tollwatch_id", "fatalities_low", "fatalities_high")
_UCDP_INTS = ("id", "year", "active_year", "code_status", "type_of_violence",
              "conflict_dset_id", "conflict_new_id", "dyad_dset_id", "dyad_new_id",
              "side_a_dset_id", "side_a_new_id", "side_b_dset_id", "side_b_new_id",
              "number_of_sources", "where_prec", "priogrid_gid", "country_id", "event_clarity",
              "date_prec", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best",
              "high", "low")
_FLOATS = ("latitude", "longitude")


def _dtypes(columns: tuple[str, ...], ints: tuple[str, ...]) -> dict[str, str]:
    return {c: "Int64" if c in ints else "float64" if c in _FLOATS else "string"
            for c in columns}


PANDAS_DTYPES = {"acled": _dtypes(ACLED_COLUMNS, _ACLED_INTS),
                 "ucdp": _dtypes(UCDP_COLUMNS, _UCDP_INTS)}

# UCDP's sides: A is usually a government, B its opponent; our groups map onto them.
UCDP_SIDES = {
    "security_forces": "deaths_a",
    "armed_group": "deaths_b",
    "civilians": "deaths_civilians",
}
NOWHERE = Place(name="")  # the place of an incident whose place is unknown: every field empty
POLITICAL_VIOLENCE = ("Battles", "Explosions/Remote violence", "Violence against civilians")
# Date precision words of the claims on each dataset's scale (ACLED 1-3, UCDP 1-5).
ACLED_TIME_PRECISION: dict[DatePrecision, int] = {
    "day": 1, "days": 2, "week": 2, "month": 3, "year": 3}
UCDP_DATE_PREC: dict[DatePrecision, int] = {"day": 1, "days": 2, "week": 3, "month": 4, "year": 5}


@dataclass(frozen=True)
class Reported:
    """An incident with the claims behind it and the reports they came from."""

    incident: Incident
    cited: Sequence[Cited] = field(default_factory=tuple)

    @property
    def reports(self) -> list[ReportRef]:
        """The distinct reports, in ledger order."""
        seen: dict[int, ReportRef] = {}
        for c in self.cited:
            seen.setdefault(c.report.document_id, c.report)
        return [seen[k] for k in sorted(seen)]

    def counted(self, toll: Toll | None) -> list[Cited]:
        """The claims a toll was reconciled from (every claim when there is no toll)."""
        if toll is None:
            return list(self.cited)
        ids = set(toll.claim_ids)
        return [c for c in self.cited if c.claim_id in ids] or list(self.cited)


def bounds(toll: Toll | None) -> tuple[int, int, int]:
    """low <= best <= high of a toll, high = best when the sources give no upper bound."""
    if toll is None:
        return 0, 0, 0
    high = toll.best if toll.high is None else max(toll.high, toll.best)
    return min(toll.low, toll.best), toll.best, high


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


def reported(ledger: Ledger, filter: IncidentFilter | None = None,
             size: int = PAGE) -> Iterator[Reported]:
    """The incidents matching filter in id order, each with its claims and reports."""
    pages = _pages(ledger, filter, size)
    for page in pages:
        cited = ledger.cited([i.id for i in page if i.id is not None])
        yield from (Reported(i, cited.get(i.id or 0, ())) for i in page)


def _pages(ledger: Ledger, filter: IncidentFilter | None, size: int) -> Iterator[list[Incident]]:
    offset = 0
    while True:
        batch = ledger.incidents(filter, limit=size, offset=offset, sort="id")
        yield batch
        if len(batch) < size:
            return
        offset += size


# -- what the columns say ------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")


def spreadsheet_safe(cell: str) -> str:
    """A CSV cell that Excel and LibreOffice show as text, never run as a formula.

    A cell starting with =, +, -, @, tab or CR gets a leading apostrophe (the OWASP advice);
    our own numbers ("-33.9") are left as they are, so pandas still reads them as numbers.
    """
    if cell.startswith(_FORMULA_START) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def safe_url(url: str | None) -> str:
    """url when it is an http(s) URL, else '' (no javascript:, data: or file: links)."""
    if not url:
        return ""
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return ""
    return url.strip() if scheme in ("http", "https") else ""


def _country_number(iso2: str | None) -> str:
    number = countries().get(iso2 or "", {}).get("isonumeric")
    return str(number) if number is not None else ""


@cache
def _event_cues() -> tuple[dict[str, tuple[str, str]], re.Pattern[str]]:
    rows = table("acled_event_types")
    cues = {" ".join(r["cue"].casefold().split()): (r["event_type"], r["sub_event_type"])
            for r in rows}
    # Longest first, so "suicide car bomb" wins over "car bomb" at the same place.
    alternatives = (r"\s+".join(map(re.escape, cue.split()))
                    for cue in sorted(cues, key=len, reverse=True))
    return cues, re.compile(r"\b(?:" + "|".join(alternatives) + r")\b")


def event_type(sentences: Iterable[str]) -> tuple[str, str]:
    """ACLED (event_type, sub_event_type) that the sentences name, or empty strings.

    The most named pair wins; when two pairs are named equally often, only an event type they
    share is kept. Nothing named, nothing filled: a type is never guessed from a toll alone.
    """
    cues, pattern = _event_cues()
    hits: Counter[tuple[str, str]] = Counter()
    for sentence in set(sentences):
        for match in pattern.finditer(sentence.casefold()):
            hits[cues[" ".join(match.group(0).split())]] += 1
    if not hits:
        return "", ""
    top = max(hits.values())
    best = sorted(pair for pair, n in hits.items() if n == top)
    if len(best) == 1:
        return best[0]
    types = {kind for kind, _ in best}
    return (types.pop(), "") if len(types) == 1 else ("", "")


def _span_days(incident: Incident) -> int | None:
    if incident.start is None:
        return None
    return ((incident.end or incident.start) - incident.start).days


def _stated_precision(cited: Iterable[Cited], scale: dict[DatePrecision, int]) -> int | None:
    """The most precise date a claim states, on a dataset's scale (None when none is dated)."""
    ranks = [scale[c.date_precision] for c in cited if c.date_precision in scale]
    return min(ranks) if ranks else None


def acled_time_precision(item: Reported, killed: Toll | None) -> str:
    """ACLED 1 (day), 2 (days or a week), 3 (a month or more) from the claims and the span.

    A date no claim states (the report's own date stood in) is at best 2: the event happened
    on or before the day of the report.
    """
    days = _span_days(item.incident)
    if days is None:
        return ""
    span = 1 if days == 0 else 2 if days <= 7 else 3
    stated = _stated_precision(item.counted(killed), ACLED_TIME_PRECISION)
    return str(max(span, 2 if stated is None else stated))


def ucdp_date_prec(item: Reported, killed: Toll | None) -> str:
    """UCDP date_prec 1 (day) to 5 (a year or more), from the claims and the span."""
    days = _span_days(item.incident)
    if days is None:
        return ""
    span = 1 if days == 0 else 2 if days <= 6 else 3 if days <= 7 else 4 if days <= 31 else 5
    stated = _stated_precision(item.counted(killed), UCDP_DATE_PREC)
    return str(max(span, 2 if stated is None else stated))


def acled_geo_precision(where_prec: int | None) -> str:
    """UCDP where_prec on ACLED's scale: 1 the town, 2 near it or its district, 3 a region."""
    if where_prec is None:
        return ""
    return "1" if where_prec <= 1 else "2" if where_prec <= 3 else "3"


def priogrid_gid(lat: float | None, lon: float | None) -> str:
    """The PRIO-GRID cell (0.5 degree, numbered from 1 at 90S 180W row by row) of a point."""
    if lat is None or lon is None or not (math.isfinite(lat) and math.isfinite(lon)):
        return ""
    row = min(int((lat + 90) * 2), 359)
    col = min(int((lon + 180) * 2), 719)
    return str(row * 720 + col + 1)


def _unique(values: Iterable[str | None]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _attributed(incident: Incident) -> list[str]:
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


def _as_reported(item: Reported | Incident) -> Reported:
    return item if isinstance(item, Reported) else Reported(item)


def _provenance(item: Reported) -> dict[str, str]:
    reports = item.reports
    return {"source_article": "; ".join(r.source_article for r in reports),
            "source_url": "; ".join(_unique(safe_url(r.url) for r in reports))}


# -- rows ------------------------------------------------------------------------------------

def acled_row(item: Reported | Incident) -> dict[str, str]:
    """One ACLED-shaped row for an incident; every column of ACLED_COLUMNS, '' when unknown."""
    item = _as_reported(item)
    incident = item.incident
    killed = headline_toll(incident, "killed")
    low, best, high = bounds(killed)
    place = incident.place or NOWHERE
    iso2 = place.country
    kind, sub_kind = event_type(c.sentence for c in item.counted(killed))
    row = dict.fromkeys(ACLED_COLUMNS, "")
    row.update({
        "event_id_cnty": f"{iso2 or 'XX'}TW{incident.id}",
        "event_date": incident.start.isoformat() if incident.start else "",
        "year": str(incident.start.year) if incident.start else "",
        "time_precision": acled_time_precision(item, killed),
        "disorder_type": "Political violence" if kind in POLITICAL_VIOLENCE else "",
        "event_type": kind,
        "sub_event_type": sub_kind,
        "iso": _country_number(iso2),
        "country": country_name(iso2),
        "admin1": place.admin1 or "",
        "location": place.name,
        "latitude": _num(place.lat),
        "longitude": _num(place.lon),
        "geo_precision": acled_geo_precision(place.precision),
        "source": "; ".join(_unique([*(r.outlet for r in item.reports),
                                     *_attributed(incident)])),
        "notes": _notes(incident, killed),
        "fatalities": str(best),
        "tags": "; ".join(incident.flags),
        "tollwatch_id": _num(incident.id),
        "fatalities_low": str(low),
        "fatalities_high": str(high),
        **_provenance(item),
    })
    return row


def ucdp_sides(incident: Incident, best: int) -> dict[str, int]:
    """deaths_a, deaths_b, deaths_civilians and deaths_unknown, summing to best.

    Group tolls that add up to more than the headline contradict it: then the split is not
    known and all of best is deaths_unknown, so the four columns always sum to best.
    """
    sides = dict.fromkeys(UCDP_SIDES.values(), 0)
    for toll in incident.tolls:
        if toll.outcome == "killed" and toll.group in UCDP_SIDES:
            sides[UCDP_SIDES[toll.group]] += toll.best
    if sum(sides.values()) > best:
        sides = dict.fromkeys(sides, 0)
    return {**sides, "deaths_unknown": best - sum(sides.values())}


def ucdp_row(item: Reported | Incident) -> dict[str, str]:
    """One UCDP GED-shaped row for an incident; every column of UCDP_COLUMNS, '' when unknown."""
    item = _as_reported(item)
    incident = item.incident
    killed = headline_toll(incident, "killed")
    low, best, high = bounds(killed)
    place = incident.place or NOWHERE
    lat, lon = place.lat, place.lon
    has_point = lat is not None and lon is not None
    reports = item.reports
    row = dict.fromkeys(UCDP_COLUMNS, "")
    row.update({
        "id": _num(incident.id),
        "year": str(incident.start.year) if incident.start else "",
        "number_of_sources": str(len(reports)),
        "source_office": "; ".join(_unique(r.outlet for r in reports)),
        "source_date": "; ".join(_unique(r.published.isoformat() if r.published else None
                                         for r in reports)),
        "source_headline": "; ".join(_unique(r.title for r in reports)),
        "source_original": "; ".join(_attributed(incident)),
        "where_prec": _num(place.precision),
        "where_coordinates": place.name,
        "adm_1": place.admin1 or "",
        "latitude": _num(lat) if has_point else "",
        "longitude": _num(lon) if has_point else "",
        "geom_wkt": f"POINT ({lon} {lat})" if has_point else "",
        "priogrid_gid": priogrid_gid(lat, lon),
        "country": country_name(place.country),
        "date_prec": ucdp_date_prec(item, killed),
        "date_start": incident.start.isoformat() if incident.start else "",
        "date_end": (incident.end or incident.start).isoformat() if incident.start else "",
        **{column: str(n) for column, n in ucdp_sides(incident, best).items()},
        "best": str(best),
        "high": str(high),
        "low": str(low),
        **_provenance(item),
    })
    return row


def _csv_chunks(rows: Iterable[dict[str, str]], columns: tuple[str, ...]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([spreadsheet_safe(row[c]) for c in columns])
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def acled_csv(items: Iterable[Reported | Incident]) -> Iterator[str]:
    """ACLED-shaped CSV text, header first."""
    return _csv_chunks((acled_row(i) for i in items), ACLED_COLUMNS)


def ucdp_csv(items: Iterable[Reported | Incident]) -> Iterator[str]:
    """UCDP GED-shaped CSV text, header first."""
    return _csv_chunks((ucdp_row(i) for i in items), UCDP_COLUMNS)


def geojson_feature(item: Reported | Incident) -> dict[str, Any] | None:
    """A GeoJSON Point feature for an incident with coordinates, else None."""
    item = _as_reported(item)
    incident = item.incident
    place = incident.place
    if place is None or place.lat is None or place.lon is None:
        return None
    killed = headline_toll(incident, "killed")
    injured = headline_toll(incident, "injured")
    low, best, high = bounds(killed)
    kind, sub_kind = event_type(c.sentence for c in item.counted(killed))
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
            "killed_low": low if killed else None,
            "killed_best": best if killed else None,
            "killed_high": high if killed else None,
            "injured_best": injured.best if injured else None,
            "grading": killed.grading if killed else None,
            "event_type": kind or None,
            "sub_event_type": sub_kind or None,
            "sources": _attributed(incident),
            "flags": list(incident.flags),
            "source_article": [r.source_article for r in item.reports],
            "source_url": _unique(safe_url(r.url) for r in item.reports),
            "reports": [_report_dict(r) for r in item.reports],
        },
    }


def _report_dict(report: ReportRef) -> dict[str, object]:
    return {**report.to_dict(), "url": safe_url(report.url) or None}


def geojson(items: Iterable[Reported | Incident]) -> Iterator[str]:
    """A GeoJSON FeatureCollection of the incidents that have coordinates, streamed."""
    yield '{"type": "FeatureCollection", "features": ['
    first = True
    for item in items:
        feature = geojson_feature(item)
        if feature is None:
            continue
        yield ("" if first else ",\n") + json.dumps(feature, ensure_ascii=False)
        first = False
    yield "]}\n"


def jsonl(items: Iterable[Reported | Incident]) -> Iterator[str]:
    """One JSON object per incident: the full record, its headline toll and its reports."""
    for item in map(_as_reported, items):
        record = item.incident.to_dict()
        killed = headline_toll(item.incident, "killed")
        record["killed"] = killed.to_dict() if killed else None
        record["reports"] = [_report_dict(r) for r in item.reports]
        yield json.dumps(record, ensure_ascii=False) + "\n"


WRITERS: dict[str, Callable[[Iterable[Reported | Incident]], Iterator[str]]] = {
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
