"""A synthetic ledger for scaling checks: incidents in many countries, told by a few reports."""

from __future__ import annotations

import datetime as dt
import random
import string

from tollwatch.model import Claim, Count, DateRef, Evidence, Place, Report

COUNTRIES = ["SY", "UA", "SD", "YE", "IQ", "AF", "ML", "NG", "SO", "MM", "CD", "ET", "LB",
             "PK", "BF", "CO", "MX", "HT", "LY", "PS"]
START = dt.date(2023, 1, 1)


def _word(rng: random.Random) -> str:
    return "".join(rng.choices(string.ascii_lowercase, k=rng.randint(6, 9)))


def synthetic_ledger(n_claims: int, seed: int = 0,
                     days: int = 730) -> tuple[list[Report], dict[int, int]]:
    """Reports holding about n_claims claims, and the true incident of each claim id."""
    rng = random.Random(seed)
    reports: list[Report] = []
    truth: dict[int, int] = {}
    cid = incident = 0
    while cid < n_claims:
        country = rng.choice(COUNTRIES)
        lat, lon = rng.uniform(-30, 50), rng.uniform(-80, 100)
        town = Place(_word(rng).title(), geonames_id=rng.randint(1, 10**7), kind="populated place",
                     country=country, admin1=str(rng.randint(1, 20)), lat=lat, lon=lon,
                     precision=1)
        day = START + dt.timedelta(days=rng.randrange(days))
        words = [_word(rng) for _ in range(8)]
        toll = rng.randint(1, 300)
        for r in range(rng.randint(1, 5)):
            published = day + dt.timedelta(days=rng.randint(0, 3))
            sentence = " ".join(rng.sample(words, 5)) + f" killed {toll} people in {town.name}."
            claims = []
            for _ in range(rng.randint(1, 3)):
                n = max(1, toll + rng.randint(-5, 5))
                claims.append((cid, Claim("killed", Count(n, n, n), Evidence(0, 1, sentence),
                                          source=f"source {rng.randint(1, 4)}")))
                truth[cid] = incident
                cid += 1
            ref = DateRef(day.isoformat(), day, day, "day")
            reports.append(Report(f"d{incident}-{r}", published, claims, outlet="Wire",
                                  place=town, date=ref))
        incident += 1
    return reports, truth
