"""Ledger reconciliation time as the ledger grows to 1k, 10k, 100k claims (store + reconcile).

bench/reconcile_scaling.py times the pure reconcile(); this one times the store around it:
loading reports, blocking keys, id matching and saving incidents, tolls and revisions. A
synthetic ledger (incidents in 20 countries over days that grow with the ledger, each told by
1-4 reports of 1-3 claims) is stored with Ledger.add, then:
  full:        ledger.reconcile(only_touched=False) over everything;
  incremental: 50 new reports added to the reconciled ledger, then ledger.reconcile().
Prints seconds and seconds / (n log n) relative to the smallest size: a ratio that stays
near 1 (or falls) means growth no faster than n log n.

Usage: .venv/bin/python bench/ledger_reconcile_scaling.py [--sizes 1000,10000,100000] [--db URL]
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from tollwatch.model import Claim, Count, DateRef, Document, Evidence, Extraction, Place
from tollwatch.store import Ledger

COUNTRIES = [("SY", 35.0, 38.0), ("IQ", 33.0, 44.0), ("AF", 34.5, 69.2), ("NG", 9.0, 8.0),
             ("PK", 30.0, 70.0), ("YE", 15.5, 48.0), ("SO", 5.0, 46.0), ("ML", 17.0, -4.0),
             ("SD", 15.0, 30.0), ("UA", 49.0, 32.0), ("MM", 21.0, 96.0), ("CD", -2.0, 23.0),
             ("ET", 9.0, 40.0), ("LY", 27.0, 17.0), ("BF", 12.0, -1.5), ("CM", 6.0, 12.0),
             ("MZ", -18.0, 35.0), ("PS", 31.5, 34.4), ("LB", 33.8, 35.8), ("CO", 4.0, -73.0)]
OUTCOMES = ["killed", "injured"]


def synthetic(n_claims: int, seed: int, start_id: int = 0) -> Iterator[Extraction]:
    """Extractions totalling about n_claims claims, grouped into plausible incidents."""
    rng = random.Random(seed)
    days = max(30, n_claims // 50)  # a growing ledger covers more time
    made, event = 0, start_id
    while made < n_claims:
        code, lat, lon = rng.choice(COUNTRIES)
        place = Place(name=f"Town {event}", geonames_id=10_000 + event, kind="populated place",
                      country=code, lat=lat + rng.uniform(-2, 2), lon=lon + rng.uniform(-2, 2),
                      precision=1)
        day = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(days))
        toll = rng.randint(1, 80)
        for r in range(rng.randint(1, 4)):
            figure = toll + rng.randint(0, 5) * r
            text = (f"Report {r} on event {event}: an attack in Town {event} killed {figure} "
                    f"people and injured {figure * 2}, officials said.")
            claims = []
            for k in range(min(rng.randint(1, 3), 2)):
                best = figure if k == 0 else figure * 2
                word = str(best)
                at = text.index(word)
                claims.append(Claim(
                    outcome=OUTCOMES[k], count=Count(low=best, best=best, high=best, text=word),  # type: ignore[arg-type]
                    evidence=Evidence(start=at, end=at + len(word), sentence=text),
                    source=f"officials {r}", place=place,
                    date=DateRef(text="on Monday", start=day, end=day, precision="day"),
                    extractor="synthetic"))
            made += len(claims)
            doc = Document(text=text, published=day + dt.timedelta(days=r), outlet=f"Outlet {r}",
                           origin=f"synthetic-{event}-{r}")
            yield Extraction(document=doc, claims=claims, place=place, date=claims[0].date)
        event += 1


def run(size: int, url: str) -> tuple[int, float, float, int]:
    """(claims stored, full seconds, incremental seconds, incidents) at one size."""
    with Ledger.open(url) as ledger:
        claims = 0
        for ex in synthetic(size, seed=size):
            claims += len(ex.claims)
            ledger.add(ex)
        start = time.perf_counter()
        ledger.reconcile(only_touched=False)
        full = time.perf_counter() - start
        for ex in synthetic(100, seed=size + 1, start_id=10_000_000):
            ledger.add(ex)
        start = time.perf_counter()
        ledger.reconcile()
        incremental = time.perf_counter() - start
        return claims, full, incremental, ledger.count_incidents()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--db", help="a database URL template with {n} (default: SQLite in tmp)")
    args = parser.parse_args()
    base: float | None = None
    print(f"{'claims':>8} {'incidents':>9} {'full s':>8} {'full/(n log n)':>15} "
          f"{'incr. s':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            url = args.db.format(n=size) if args.db else f"sqlite:///{Path(tmp) / f'{size}.db'}"
            n, full, incremental, incidents = run(size, url)
            per = full / (n * math.log(n))
            base = base or per
            print(f"{n:8d} {incidents:9d} {full:8.2f} {per / base:15.2f} {incremental:8.2f}")


if __name__ == "__main__":
    main()
