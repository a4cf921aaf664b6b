"""Speed of full tollwatch extraction against spaCy's bare ``nlp.pipe`` on the same texts.

Usage: .venv/bin/python bench/extract_speed.py [BENCHMARK.jsonl] [--limit N] [--repeat R]

Both runs happen in one process on the same WAD texts, after one warm-up batch; the bare run
uses the very pipeline the extractor holds (same model, same components), so the ratio is
the cost of the claim components. Peak memory is the process's max RSS (getrusage) and the
peak of Python allocations during the extraction run (tracemalloc).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import tracemalloc
from pathlib import Path

from shared import benchmark
from tollwatch.extract.pipeline import Extractor
from tollwatch.model import Document

DEFAULT = benchmark("wad_dev.jsonl")


def _texts(path: Path, limit: int | None) -> list[str]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [r["text"] for r in rows[:limit]]


def _bare(extractor: Extractor, texts: list[str]) -> float:
    start = time.perf_counter()
    for _ in extractor.nlp.pipe(texts, batch_size=64):
        pass
    return time.perf_counter() - start


def _full(extractor: Extractor, texts: list[str]) -> float:
    docs = [Document(text=t, id=str(i)) for i, t in enumerate(texts)]
    start = time.perf_counter()
    for _ in extractor.pipe(docs, batch_size=64):
        pass
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("benchmark", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=2, help="best of R runs each")
    args = parser.parse_args()
    texts = _texts(args.benchmark, args.limit)
    extractor = Extractor()
    _full(extractor, texts[:64])  # warm-up: model loaded, caches filled
    bare = min(_bare(extractor, texts) for _ in range(args.repeat))
    full = min(_full(extractor, texts) for _ in range(args.repeat))
    # tracemalloc slows Python down several times: measure allocations in a run of their own
    tracemalloc.start()
    _full(extractor, texts)
    _, peak_py = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    n = len(texts)
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = {
        "docs": n,
        "bare_docs_per_s": round(n / bare, 1),
        "full_docs_per_s": round(n / full, 1),
        "ratio": round(bare / full, 3),
        "peak_rss_mb": round(rss_kb / 1024, 1),
        "peak_python_alloc_mb": round(peak_py / 1e6, 1),
    }
    print(f"spaCy nlp.pipe      {result['bare_docs_per_s']:>8} docs/s")
    print(f"tollwatch extract   {result['full_docs_per_s']:>8} docs/s")
    print(f"ratio               {result['ratio']:>8} (target >= 0.5)")
    print(f"peak RSS            {result['peak_rss_mb']:>8} MB")
    print(f"peak Python alloc   {result['peak_python_alloc_mb']:>8} MB (tracemalloc, extraction)")
    json.dump(result, sys.stdout)
    print()


if __name__ == "__main__":
    main()
