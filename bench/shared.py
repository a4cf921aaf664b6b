"""Where benchmarks find the shared data: $TOLLWATCH_SHARED, else ../shared beside the repo.

The product and its tests never need this folder; only benchmarks read it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """The shared folder, or exit with a message saying how to point at it."""
    folder = Path(os.environ.get("TOLLWATCH_SHARED", ROOT.parent / "shared"))
    if not (folder / "benchmarks").is_dir():
        sys.exit(f"benchmark data not found: {folder / 'benchmarks'} is missing; set "
                 "TOLLWATCH_SHARED to the folder holding benchmarks/ (e.g. a checkout's ../shared)")
    return folder


def benchmark(name: str) -> Path:
    """The path of one shared benchmark file, e.g. ``benchmark("wad_dev.jsonl")``."""
    return shared_dir() / "benchmarks" / name
