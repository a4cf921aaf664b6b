"""A place is resolved the same whatever order Python's sets and dicts happen to hold."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tollwatch.geo.gazetteer import load_gazetteer
from tollwatch.geo.toponyms import entry_order

# Reads every place of each text and prints them as JSON: run once per hash seed.
_SCRIPT = """
import json, sys
from tollwatch.extract.nlp import load_nlp
from tollwatch.geo.gazetteer import load_gazetteer
from tollwatch.geo.toponyms import resolve_mentions
gaz, nlp = load_gazetteer(), load_nlp()
out = []
for text in json.loads(sys.stdin.read()):
    out.append([(m.text, m.place.kind, m.place.lat, m.place.lon, m.place.precision)
                for m in resolve_mentions(nlp(text), gaz)])
print(json.dumps(out))
"""

# A misspelt capital whose city, province and district share one name and one head count,
# and a few names whose readings tie on population.
TEXTS = [
    "Nine people died on Sunday when a bus overturned in Kinshasha.",
    "Gunmen killed four villagers near Bossaso, officials said.",
    "Two traders were shot dead in Kampalla on Friday.",
]


def _resolve_with_seed(seed: str) -> list[list[list[object]]]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run([sys.executable, "-c", _SCRIPT], input=json.dumps(TEXTS), env=env,
                          capture_output=True, text=True, check=True, timeout=300)
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_geo_resolution_independent_of_hash_seed() -> None:
    first, second = _resolve_with_seed("1"), _resolve_with_seed("3")
    assert first == second
    # the misspelt capital is the city, not the province or district of its name
    assert first[0][0][1] == "populated place"


@pytest.mark.parametrize("name", ["Kinshasa", "Kampala", "Baghdad"])
def test_geo_entry_order_is_total(name: str) -> None:
    entries = load_gazetteer().lookup(name)
    keys = [entry_order(e) for e in entries]
    assert len(set(keys)) == len(keys)
    assert sorted(entries, key=entry_order) == sorted(reversed(entries), key=entry_order)
