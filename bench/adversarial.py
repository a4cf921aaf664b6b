"""Adversarial extraction cost: time and peak memory of the growth cases, and a starved write.

Each growth case (many numbers in one sentence, nested brackets, many claim sentences, one
long sentence) is extracted at 4 sizes, each in a fresh process (spaCy loaded and warmed
first, so the figures are the extraction's alone). The table gives seconds, characters, the
peak memory the extraction added (ru_maxrss), and per case the ratio of time at the largest
to the smallest size beside the ratio of their lengths; a case passes when the time ratio is
at most the length ratio + 20% (linear). Then a server on loopback is loaded by 4 clients
posting long texts to the open POST /extract while authorised POST /documents writes are
timed: each must be answered within 2 s.

    .venv/bin/python bench/adversarial.py                    # everything
    .venv/bin/python bench/adversarial.py --cases numbers --timeout 120
    .venv/bin/python bench/adversarial.py --skip-growth      # only the concurrent run
    PYTHONPATH=/path/to/old/src .venv/bin/python bench/adversarial.py  # another checkout
"""

from __future__ import annotations

import argparse
import inspect
import json
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from typing import Any

SIZES: dict[str, tuple[int, ...]] = {
    "numbers": (1_000, 2_000, 4_000, 8_000),  # numbers in one sentence
    "nesting": (2_000, 4_000, 8_000, 16_000),  # depth of nested brackets
    "claims": (250, 500, 1_000, 2_000),  # short claim sentences
    "long_sentence": (100, 200, 400, 800),  # clauses of one sentence
}
SLACK = 1.2  # linear + 20%
WRITE_DEADLINE = 2.0


def numbers(n: int) -> str:
    return "Officials said " + ", ".join(str(i + 1) for i in range(n)) + " people were killed."


def nesting(n: int) -> str:
    return "Three people were killed " + "(" * n + "in Aleppo" + ")" * n + " on Monday."


def claims(n: int) -> str:
    return " ".join(f"{i % 9 + 2} people were killed in Homs on day {i}." for i in range(n))


def long_sentence(n: int) -> str:
    return ("Three people were killed in Homs when " +
            " and ".join(f"the army shelled village {i}" for i in range(n)) + ".")


TEXTS: dict[str, Callable[[int], str]] = {
    "numbers": numbers, "nesting": nesting, "claims": claims, "long_sentence": long_sentence}


def measure_one(case: str, size: int) -> dict[str, Any]:
    """Extract one generated text in this process: seconds and added peak memory."""
    from tollwatch.extract.pipeline import Extractor
    from tollwatch.model import Document

    extractor = Extractor()
    extractor.extract(Document(text="Two people were killed in Aleppo on Monday."))
    text = TEXTS[case](size)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    extraction = extractor.extract(Document(text=text))
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    return {"case": case, "size": size, "chars": len(text), "seconds": seconds,
            "peak_mb": peak / 1024, "claims": len(extraction.claims)}


def run_growth(cases: list[str], timeout: float) -> bool:
    """Every size of every case in a fresh process; print the table; True if all linear."""
    print(f"{'case':<14}{'size':>7}{'chars':>9}{'seconds':>9}{'peak MB':>9}{'claims':>7}")
    ok = True
    for case in cases:
        rows: list[dict[str, Any]] = []
        for size in SIZES[case]:
            try:
                out = subprocess.run([sys.executable, __file__, "--one", case, str(size)],
                                     capture_output=True, text=True, timeout=timeout, check=True)
                row = json.loads(out.stdout.strip().splitlines()[-1])
            except subprocess.TimeoutExpired:
                row = {"case": case, "size": size, "chars": len(TEXTS[case](size)),
                       "seconds": float("inf"), "peak_mb": float("nan"), "claims": -1}
            rows.append(row)
            print(f"{case:<14}{size:>7}{row['chars']:>9}{row['seconds']:>9.2f}"
                  f"{row['peak_mb']:>9.1f}{row['claims']:>7}", flush=True)
        t_ratio = rows[-1]["seconds"] / max(rows[0]["seconds"], 1e-9)
        c_ratio = rows[-1]["chars"] / rows[0]["chars"]
        finished = all(r["seconds"] != float("inf") for r in rows)
        linear = finished and t_ratio <= c_ratio * SLACK
        ok &= linear
        print(f"{case:<14} time ratio {t_ratio:.2f} for length ratio {c_ratio:.2f} "
              f"(limit {c_ratio * SLACK:.2f}): {'PASS' if linear else 'FAIL'}", flush=True)
    return ok


def run_concurrent(seconds: float, writes: int) -> bool:
    """4 clients load POST /extract; time authorised writes; True if each took < 2 s."""
    import httpx
    import uvicorn

    from tollwatch.api import create_app
    from tollwatch.extract.pipeline import Extractor
    from tollwatch.model import Document

    token = "bench-token"
    long_text = " ".join(f"In village {i} the militia killed {i % 7 + 2} farmers and the army "
                         f"said {i % 5 + 1} soldiers died." for i in range(500))[:45_000]
    writer = Extractor()  # warm, as in a server that has been up: the gazetteer is loaded
    writer.extract(Document(text="Two people were killed in Aleppo, Syria, on Monday."))
    with tempfile.TemporaryDirectory() as tmp:
        # no rate limit in the way of the load (an older checkout has none to lift)
        unlimited = ({"extract_rate": 1e6, "extract_burst": 10**6}
                     if "extract_rate" in inspect.signature(create_app).parameters else {})
        app = create_app(f"sqlite:///{tmp}/bench.db", token=token, extractor=writer,
                         **unlimited)
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0,
                                               log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        port = server.servers[0].sockets[0].getsockname()[1]
        url = f"http://127.0.0.1:{port}"
        httpx.post(f"{url}/extract", json={"text": "Two were killed."}, timeout=120)
        stop = time.monotonic() + seconds
        served: list[tuple[int, float]] = []

        def load() -> None:
            with httpx.Client(base_url=url, timeout=300) as client:
                while time.monotonic() < stop:
                    t0 = time.perf_counter()
                    code = client.post("/extract", json={"text": long_text}).status_code
                    served.append((code, time.perf_counter() - t0))

        loaders = [threading.Thread(target=load) for _ in range(4)]
        for loader in loaders:
            loader.start()
        time.sleep(3)
        waits = []
        for n in range(writes):
            body = {"text": f"Gunmen killed {n + 2} villagers in Gao on Monday, report {n}."}
            t0 = time.perf_counter()
            code = httpx.post(f"{url}/documents", json=body, timeout=120,
                              headers={"Authorization": f"Bearer {token}"}).status_code
            waits.append(time.perf_counter() - t0)
            print(f"write {n + 1}: HTTP {code} in {waits[-1]:.2f} s", flush=True)
            time.sleep(1)
        for loader in loaders:
            loader.join()
        server.should_exit = True
        thread.join(timeout=10)
    ok_extracts = [s for c, s in served if c == 200]
    print(f"POST /extract under load: {len(served)} answers ({len(ok_extracts)} x 200, "
          f"{sum(c == 503 for c, _ in served)} x 503), median "
          f"{sorted(ok_extracts)[len(ok_extracts) // 2] if ok_extracts else float('nan'):.2f} s")
    ok = max(waits) < WRITE_DEADLINE
    print(f"authorised writes: max {max(waits):.2f} s (limit {WRITE_DEADLINE} s): "
          f"{'PASS' if ok else 'FAIL'}")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--one", nargs=2, metavar=("CASE", "SIZE"), help=argparse.SUPPRESS)
    parser.add_argument("--cases", nargs="*", default=list(SIZES), choices=list(SIZES))
    parser.add_argument("--timeout", type=float, default=300,
                        help="Seconds before one measurement is given up (shown as inf).")
    parser.add_argument("--skip-growth", action="store_true")
    parser.add_argument("--skip-concurrent", action="store_true")
    parser.add_argument("--load-seconds", type=float, default=20)
    parser.add_argument("--writes", type=int, default=5)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure_one(args.one[0], int(args.one[1]))))
        return
    ok = True
    if not args.skip_growth:
        ok &= run_growth(args.cases, args.timeout)
    if not args.skip_concurrent:
        ok &= run_concurrent(args.load_seconds, args.writes)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
