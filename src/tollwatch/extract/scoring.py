"""Score headline figures against a human-coded benchmark in the shared JSONL format."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tollwatch.errors import InputError
from tollwatch.extract.pipeline import Extractor
from tollwatch.model import Document


@dataclass
class Score:
    """Exact-match counts and timing of one benchmark run."""

    rows: int = 0
    killed_hits: int = 0
    injured_rows: int = 0
    injured_hits: int = 0
    seconds: float = 0.0
    misses: list[dict[str, Any]] = field(default_factory=list)

    @property
    def killed_exact(self) -> float:
        return self.killed_hits / self.rows if self.rows else 0.0

    @property
    def injured_exact(self) -> float:
        return self.injured_hits / self.injured_rows if self.injured_rows else 0.0

    @property
    def docs_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "killed_exact": round(self.killed_exact, 4),
            "injured_rows": self.injured_rows,
            "injured_exact": round(self.injured_exact, 4),
            "docs_per_second": round(self.docs_per_second, 1),
            "seconds": round(self.seconds, 2),
        }


def matches(predicted: int | None, coded: int | None) -> bool:
    """The scoring rule: equal figures match, and a coded 0 (or no figure) matches 0 or nothing."""
    if coded is None:
        coded = 0  # "no figure expected": the text states nothing, so nothing or 0 is right
    return predicted == coded or (coded == 0 and predicted is None)


def _coded(value: Any) -> int | None:
    """A coded figure as an int; null stays None ("no figure expected")."""
    return None if value is None else int(value)


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    """Rows of a benchmark file; a broken line is an InputError naming it."""
    rows = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read benchmark ({exc})", where=str(path)) from exc
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise InputError(f"invalid JSON on line {n} ({exc.msg})", where=str(path)) from exc
    return rows


def score(rows: list[dict[str, Any]], extractor: Extractor) -> Score:
    """Run extraction over benchmark rows and count exact matches of killed and injured."""
    docs = [Document(text=r["text"], id=str(r.get("id", i))) for i, r in enumerate(rows)]
    result = Score()
    start = time.perf_counter()
    extractions = list(extractor.pipe(docs))
    result.seconds = time.perf_counter() - start
    for row, ex in zip(rows, extractions, strict=False):
        result.rows += 1
        killed_ok = matches(ex.killed, _coded(row.get("killed")))
        result.killed_hits += killed_ok
        injured_ok = True
        if row.get("injured") is not None:
            result.injured_rows += 1
            injured_ok = matches(ex.injured, _coded(row["injured"]))
            result.injured_hits += injured_ok
        if not (killed_ok and injured_ok):
            result.misses.append(
                {"id": row.get("id"), "text": row["text"], "killed": row["killed"],
                 "injured": row.get("injured"), "got_killed": ex.killed, "got_injured": ex.injured}
            )
    return result
