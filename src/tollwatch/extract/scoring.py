"""Score headline figures against the human-coded benchmarks in the shared JSONL formats.

Three shared sets, each with its own headline convention: WAD dev (``victims``: noncombatant
victims), FA-KES dev (``all``) and the GVA dev pages (``all``; each page scored against the
killed/injured of the incident it reports). Every row is read as the plain-text reader reads a
file, so page chrome is handled the same way in evaluation as in ``tollwatch extract``.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tollwatch.errors import InputError
from tollwatch.extract.pipeline import Extractor
from tollwatch.ingest.boilerplate import strip_boilerplate, with_title
from tollwatch.model import Document, Extraction, HeadlineMode


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


def load_pages(docs_path: str | Path, gold_path: str | Path) -> list[dict[str, Any]]:
    """GVA pages as benchmark rows: each page with the killed/injured of its incident.

    A page filed under several incidents (a round-up of one night's shootings) gives one row
    per incident; a page no incident lists is left out.
    """
    pages = {str(p["id"]): p for p in load_gold(docs_path)}
    rows = []
    for incident in load_gold(gold_path):
        for page_id in incident.get("docs", []):
            page = pages.get(str(page_id))
            if page is None:
                raise InputError(f"incident {incident.get('incident')} lists page {page_id}, "
                                 f"which is not in {docs_path}", where=str(gold_path))
            rows.append({"id": page_id, "incident": incident.get("incident"),
                         "title": page.get("title"), "text": page["text"],
                         "killed": incident["killed"], "injured": incident["injured"]})
    return rows


@dataclass(frozen=True)
class SharedSet:
    """One shared benchmark: its name, headline convention and files."""

    name: str
    headline: HeadlineMode
    files: tuple[str, ...]

    def paths(self, directory: Path) -> list[Path]:
        return [directory / f for f in self.files]

    def load(self, directory: Path) -> list[dict[str, Any]]:
        paths = self.paths(directory)
        return load_pages(*paths) if len(paths) == 2 else load_gold(paths[0])


SHARED_SETS: tuple[SharedSet, ...] = (
    SharedSet("wad_dev", "victims", ("wad_dev.jsonl",)),
    SharedSet("fakes_dev", "all", ("fakes_dev.jsonl",)),
    SharedSet("gva_dev", "all", ("gva_dev_docs.jsonl", "gva_dev_gold.jsonl")),
)


def check_shared(directory: Path) -> None:
    """Fail with an InputError naming every missing file and how to point at the data."""
    missing = [str(p) for s in SHARED_SETS for p in s.paths(directory) if not p.is_file()]
    if missing:
        raise InputError(f"shared benchmark files missing: {', '.join(missing)}; give the folder "
                         "that holds them (tollwatch evaluate --shared DIR), or set "
                         "TOLLWATCH_SHARED to the folder above it", where=str(directory))


def score_shared(directory: Path) -> list[tuple[SharedSet, Score]]:
    """Score every shared set, each in its own headline convention."""
    check_shared(directory)
    return [(s, score(s.load(directory), Extractor(headline=s.headline))) for s in SHARED_SETS]


def row_document(row: dict[str, Any], n: int) -> Document:
    """A benchmark row read as a JSONL line is read: boilerplate dropped, its title put first."""
    title = row.get("title") or None
    return Document(text=with_title(strip_boilerplate(row["text"]), title),
                    id=str(row.get("id", n)), title=title)


def score(rows: list[dict[str, Any]], extractor: Extractor) -> Score:
    """Run extraction over benchmark rows and count exact matches of killed and injured."""
    docs = [row_document(r, i) for i, r in enumerate(rows)]
    start = time.perf_counter()
    extractions = list(extractor.pipe(docs))
    result = tally(rows, extractions)
    result.seconds = time.perf_counter() - start
    return result


def tally(rows: list[dict[str, Any]], extractions: list[Extraction]) -> Score:
    """Count exact matches of each row's coded figures against its extraction."""
    result = Score()
    for row, ex in zip(rows, extractions, strict=True):
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
                {"id": row.get("id"), "incident": row.get("incident"), "text": row["text"],
                 "killed": row.get("killed"),
                 "injured": row.get("injured"), "got_killed": ex.killed, "got_injured": ex.injured}
            )
    return result
