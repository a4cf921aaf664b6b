"""Gazetteer speed: load time of the cached index in a fresh process, and lookups per second.

Usage: .venv/bin/python bench/gazetteer_speed.py [--names N]

The first run in a new cache dir builds the index (several seconds) and says so; the load
time printed is always that of reading the built cache, which is what every process pays.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

from shared import benchmark

DEFAULT = benchmark("wad_dev.jsonl")
LOAD = ("import time; t = time.perf_counter(); "
        "from tollwatch.geo.gazetteer import load_gazetteer; load_gazetteer(); "
        "print(time.perf_counter() - t)")


def timed_load() -> float:
    """Seconds to import the module and load the cached index in a fresh interpreter."""
    out = subprocess.run([sys.executable, "-c", LOAD], check=True, capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def sample_names(n: int) -> list[str]:
    """Real-world spellings: every WAD locality and place-like word, cycled to n names."""
    names: list[str] = []
    for line in DEFAULT.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row.get("locality"):
            names.append(row["locality"])
        names.extend(w for w in row["text"].split() if w[:1].isupper())
    return [names[i % len(names)] for i in range(n)]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=200_000)
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    from tollwatch.geo.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    first = time.perf_counter() - t0
    load = timed_load()
    names = sample_names(args.names)
    t0 = time.perf_counter()
    hits = sum(1 for name in names if gaz.lookup(name))
    per_second = len(names) / (time.perf_counter() - t0)
    print(f"entries {len(gaz)}  first load in this process {first:.2f} s")
    print(f"load (fresh process, cached index) {load:.2f} s")
    print(f"lookups {len(names)}  found {hits / len(names):.2f}  names/s {per_second:,.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
