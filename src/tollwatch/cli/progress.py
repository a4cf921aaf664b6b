"""What `ingest` shows on a terminal while it works: the model loading, then a progress bar.

Only on a terminal: in a pipe, a file or with --quiet nothing is drawn, so logs and scripts
see the summary line alone.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

JSONL = {".jsonl", ".ndjson"}


def stderr_console() -> Console:
    return Console(file=sys.stderr)


@contextmanager
def status(message: str, enabled: bool) -> Iterator[None]:
    """A spinner with message on stderr while the block runs (nothing when not enabled)."""
    if not enabled:
        yield
        return
    with stderr_console().status(message):
        yield


class IngestBar:
    """A rich progress bar of documents done, with the total, documents/s and time left."""

    def __init__(self, total: int | None, console: Console | None = None) -> None:
        self.progress = Progress(
            TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
            TextColumn("{task.fields[rate]} docs/s"), TimeElapsedColumn(), TextColumn("eta"),
            TimeRemainingColumn(), console=console or stderr_console(), transient=False)
        self.task = self.progress.add_task("ingest", total=total, rate="-")
        self.started = time.monotonic()
        self.progress.start()

    def update(self, n: int) -> None:
        self.progress.advance(self.task, n)
        task = self.progress.tasks[0]
        elapsed = time.monotonic() - self.started
        rate = f"{task.completed / elapsed:.1f}" if elapsed > 0 else "-"
        self.progress.update(self.task, rate=rate)
        if task.total is not None and task.completed > task.total:  # the estimate was short
            self.progress.update(self.task, total=task.completed)

    def close(self) -> None:
        self.progress.stop()


def count_inputs(paths: Iterable[str]) -> int:
    """How many documents the paths hold, roughly: one a file, one a line of a JSONL file.

    Only regular files are looked at (a FIFO is never opened); a feed counts as one, so the
    bar's total grows when its entries turn out to be more.
    """
    total = 0
    for raw in paths:
        path = Path(raw)
        files = _files(path) if path.is_dir() else [path]
        total += sum(_documents_in(f) for f in files)
    return total


def _files(folder: Path) -> Iterator[Path]:
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        yield from (Path(root) / n for n in names if not n.startswith("."))


def _documents_in(path: Path) -> int:
    try:
        if not path.is_file():
            return 1 if not path.exists() else 0
        if path.suffix.lower() not in JSONL:
            return 1
        with path.open("rb") as fh:
            return sum(1 for line in fh if line.strip())
    except OSError:
        return 1


def ingest_bar(paths: Iterable[str], enabled: bool) -> IngestBar | bool:
    """The bar for an ingest of paths, or False when nothing is to be drawn."""
    return IngestBar(count_inputs(paths)) if enabled else False

