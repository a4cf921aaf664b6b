"""`tollwatch ingest` on a terminal shows what it does (model loading, a bar with the total,
the rate and the time left); in a pipe or with --quiet it draws nothing."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

ARTICLES = [
    "A car bomb killed 7 people in Mogadishu on Sunday, police said.",
    "Gunmen killed 4 villagers in Zamfara state on Monday, residents said.",
    "Shelling killed 3 civilians in Kharkiv on Tuesday, the governor said.",
]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("articles")
    for n, text in enumerate(ARTICLES):
        (root / f"a{n}.txt").write_text(f"---\npublished: 2025-03-0{n + 2}\n---\n{text}",
                                        encoding="utf-8")
    return root


def _command(folder: Path, db: Path, *flags: str) -> list[str]:
    return [str(Path(sys.executable).parent / "tollwatch"), "ingest", str(folder), "--db",
            f"sqlite:///{db}", *flags]


def _env() -> dict[str, str]:
    return {**os.environ, "COLUMNS": "120", "TERM": "xterm-256color"}


def _on_terminal(argv: list[str]) -> tuple[int, str]:
    """Run argv with stdout and stderr on a pseudo-terminal; its exit code and what it drew."""
    main, child = pty.openpty()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=child, stderr=child,
                            env=_env(), close_fds=True)
    os.close(child)
    chunks: list[bytes] = []
    while True:
        ready, _, _ = select.select([main], [], [], 180)
        if not ready:
            proc.kill()
            raise AssertionError("no output from ingest for 180 s")
        try:
            data = os.read(main, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(main)
    return proc.wait(timeout=60), b"".join(chunks).decode("utf-8", "replace")


def test_cli_ingest_on_a_terminal_shows_progress(folder: Path, tmp_path: Path) -> None:
    code, drawn = _on_terminal(_command(folder, tmp_path / "t.db"))
    assert code == 0, drawn
    assert "loading the language model" in drawn
    assert "ingesting" in drawn and "3/3" in drawn  # done of the known total
    assert "docs/s" in drawn and "eta" in drawn
    assert "stored 3," in drawn


def test_cli_ingest_quiet_on_a_terminal_draws_nothing(folder: Path, tmp_path: Path) -> None:
    code, drawn = _on_terminal(_command(folder, tmp_path / "q.db", "--quiet"))
    assert code == 0
    assert drawn.strip() == "", drawn


def test_cli_ingest_in_a_pipe_prints_the_summary_only(folder: Path, tmp_path: Path) -> None:
    done = subprocess.run(_command(folder, tmp_path / "p.db"), capture_output=True, text=True,
                          env=_env(), timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("stored 3,") and done.stdout.count("\n") == 1
    assert "ingesting" not in done.stderr and "loading" not in done.stderr
    assert "\r" not in done.stderr and "\x1b" not in done.stderr
