"""Hostile inputs are failures of their own document: never a hang, a crash or a silent skip."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tollwatch.errors import InputError
from tollwatch.ingest.sources import iter_inputs
from tollwatch.model import Document
from tollwatch.runner import ingest_documents
from tollwatch.store import Ledger

GOOD = "Gunmen killed 4 villagers in Tessalit on Monday, local officials said."
OTHER = "An air strike killed 9 civilians in Kidal on Tuesday, a hospital director said."
TOLLWATCH = [sys.executable, "-m", "tollwatch"]


def _items(paths: list[str], follow_links: bool = False,
           timeout: float = 20) -> list[Document | InputError]:
    """iter_inputs run in a thread: an input that blocks fails the test instead of hanging it."""
    out: list[Document | InputError] = []
    worker = threading.Thread(target=lambda: out.extend(
        iter_inputs(paths, follow_links=follow_links)), daemon=True)
    worker.start()
    worker.join(timeout)
    assert not worker.is_alive(), f"reading {paths} did not finish in {timeout} s"
    return out


def _errors(items: list[Document | InputError]) -> dict[str, str]:
    return {Path(e.where or "?").name: e.reason for e in items if isinstance(e, InputError)}


def _texts(items: list[Document | InputError]) -> list[str]:
    return [d.text for d in items if isinstance(d, Document)]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    root.mkdir()
    (root / "good.txt").write_text(GOOD, encoding="utf-8")
    return root


@pytest.mark.parametrize("field", ["text", "title", "id", "source", "url"])
def test_ingest_lone_surrogate_fails_only_its_line(tmp_path: Path, field: str) -> None:
    bad = {"text": OTHER, field: "Kidal \ud800 report"}
    path = tmp_path / "news.jsonl"
    path.write_text(json.dumps({"text": GOOD}) + "\n" + json.dumps(bad) + "\n", encoding="ascii")
    items = _items([str(path)])
    assert _texts(items) == [GOOD]
    (reason,) = _errors(items).values()
    assert f"lone surrogate (U+D800) in {field!r}" in reason


@pytest.mark.parametrize("field", ["text", "title", "outlet"])
def test_ingest_nul_in_a_field_fails_only_its_line(tmp_path: Path, field: str) -> None:
    path = tmp_path / "news.jsonl"
    bad = {"text": OTHER, field: "Kidal\u0000 report"}
    path.write_text(json.dumps({"text": GOOD}) + "\n" + json.dumps(bad) + "\n", encoding="ascii")
    items = _items([str(path)])
    assert _texts(items) == [GOOD]
    assert "a NUL character" in next(iter(_errors(items).values()))


def test_ingest_fifo_in_a_folder_is_refused_not_waited_on(folder: Path) -> None:
    os.mkfifo(folder / "pipe.txt")
    items = _items([str(folder)])
    assert _texts(items) == [GOOD]
    assert _errors(items) == {"pipe.txt": "is a FIFO, not a regular file: skipped"}


def test_ingest_fifo_named_explicitly_is_refused(folder: Path) -> None:
    os.mkfifo(folder / "pipe.jsonl")
    items = _items([str(folder / "pipe.jsonl"), str(folder / "good.txt")])
    assert _texts(items) == [GOOD]
    assert _errors(items) == {"pipe.jsonl": "is a FIFO, not a regular file: skipped"}


def test_ingest_socket_in_a_folder_is_refused(folder: Path) -> None:
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(folder / "s.txt"))
        items = _items([str(folder)])
    assert _errors(items) == {"s.txt": "is a socket, not a regular file: skipped"}


@pytest.mark.parametrize("follow", [False, True])
def test_ingest_link_to_a_device_is_never_read(folder: Path, follow: bool) -> None:
    (folder / "zero.txt").symlink_to("/dev/zero")
    items = _items([str(folder)], follow_links=follow)
    assert _texts(items) == [GOOD]
    reason = _errors(items)["zero.txt"]
    assert ("a device" in reason) if follow else ("symbolic link out of the folder" in reason)


def test_ingest_device_named_explicitly_is_refused() -> None:
    items = _items(["/dev/zero"])
    assert _errors(items) == {"zero": "is a character device, not a regular file: skipped"}


@pytest.fixture
def outside(tmp_path: Path, folder: Path) -> Iterator[Path]:
    secret = tmp_path / "private" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("Root password notes. " + OTHER, encoding="utf-8")
    (folder / "link.txt").symlink_to(secret)
    (folder / "linked-dir").symlink_to(secret.parent, target_is_directory=True)
    yield secret


def test_ingest_links_out_of_the_folder_are_refused_by_default(folder: Path,
                                                               outside: Path) -> None:
    items = _items([str(folder)])
    assert _texts(items) == [GOOD]
    errors = _errors(items)
    assert set(errors) == {"link.txt", "linked-dir"}
    assert all("refused; use --follow-links" in r for r in errors.values())


def test_ingest_links_out_of_the_folder_read_with_follow_links(folder: Path,
                                                               outside: Path) -> None:
    items = _items([str(folder)], follow_links=True)
    assert sorted(_texts(items)) == sorted([GOOD, outside.read_text(), outside.read_text()])
    assert _errors(items) == {}


def test_ingest_link_inside_the_folder_is_read_once(folder: Path) -> None:
    (folder / "sub").mkdir()
    (folder / "sub" / "other.txt").write_text(OTHER, encoding="utf-8")
    (folder / "again").symlink_to(folder / "sub", target_is_directory=True)
    (folder / "alias.txt").symlink_to(folder / "good.txt")
    items = _items([str(folder)])
    assert sorted(_texts(items)) == sorted([GOOD, GOOD, OTHER])  # the alias is a duplicate
    assert _errors(items) == {}


def test_ingest_link_loop_with_follow_links_ends(folder: Path) -> None:
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    items = _items([str(folder)], follow_links=True)
    assert _texts(items) == [GOOD]


def _unprivileged() -> list[str]:
    """A prefix that runs a command without root's power to read any file (chmod 000 holds)."""
    if os.geteuid() != 0:
        return []
    drop = "-dac_override,-dac_read_search"
    return ["setpriv", f"--bounding-set={drop}", f"--inh-caps={drop}", "--"]


def _run(args: list[str], cwd: Path, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*_unprivileged(), *TOLLWATCH, *args], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, check=False)


@pytest.fixture
def locked(folder: Path) -> Iterator[Path]:
    sub = folder / "locked"
    sub.mkdir()
    (sub / "hidden.txt").write_text(OTHER, encoding="utf-8")
    (folder / "unreadable.txt").write_text(OTHER + " Again.", encoding="utf-8")
    sub.chmod(0)
    (folder / "unreadable.txt").chmod(0)
    yield sub
    sub.chmod(0o755)
    (folder / "unreadable.txt").chmod(0o644)


def test_ingest_cli_reports_unreadable_folders_files_and_paths(tmp_path: Path, folder: Path,
                                                               locked: Path) -> None:
    extra = tmp_path / "extra.txt"
    extra.write_text(OTHER, encoding="utf-8")
    missing_perm = tmp_path / "closed.txt"
    missing_perm.write_text(GOOD + " Later.", encoding="utf-8")
    missing_perm.chmod(0)
    db = f"sqlite:///{tmp_path / 'ledger.db'}"
    result = _run(["ingest", "--db", db, "--no-progress", str(missing_perm), str(folder),
                   str(extra)], tmp_path)
    assert result.returncode == 1, result.stderr
    failed = [line for line in result.stderr.splitlines() if line.startswith("failed:")]
    assert len(failed) == 3, result.stderr
    assert any("locked: folder cannot be read (Permission denied)" in f for f in failed)
    assert any("unreadable.txt: cannot be read (Permission denied)" in f for f in failed)
    assert any("closed.txt: cannot be read (Permission denied)" in f for f in failed)
    assert "stored 2," in result.stdout
    with Ledger.open(db) as ledger:
        assert ledger.count_documents() == 2
        assert len(ledger.failures()) == 3


def test_ingest_cli_stores_the_rest_beside_hostile_lines(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    lines = [{"text": GOOD}, {"text": OTHER + " \ud800"}, {"text": OTHER, "title": "a\u0000b"},
             {"text": OTHER}]
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="ascii")
    db = f"sqlite:///{tmp_path / 'ledger.db'}"
    first = _run(["ingest", "--db", db, "--no-progress", str(path)], tmp_path)
    again = _run(["ingest", "--db", db, "--no-progress", str(path)], tmp_path)
    assert first.returncode == again.returncode == 1, first.stderr
    assert "stored 2," in first.stdout and "skipped as duplicate 2," in again.stdout
    assert "Traceback" not in first.stderr + again.stderr


def test_extract_jsonl_writes_a_row_per_line_with_hostile_lines(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    lines = [{"id": "a", "text": GOOD}, {"id": "b", "text": "x \udc80 y"},
             {"id": "c", "text": "99999999999999999999 people were killed in Gao."},
             {"id": "d", "text": "9" * 5000 + " people were killed in Gao."}, {"id": "e",
                                                                             "text": OTHER}]
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="ascii")
    result = _run(["extract", "--jsonl", str(path)], tmp_path)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r.get("id") or r["document"]["id"] for r in rows] == ["a", "b", "c", "d", "e"]
    assert "lone surrogate (U+DC80)" in rows[1]["error"]
    assert rows[2]["killed"] is None and rows[3]["killed"] is None
    assert rows[0]["killed"] == 4 and rows[4]["killed"] == 9
    assert result.returncode == 1


def test_ingest_huge_numbers_store_the_rest_on_both_backends(tmp_path: Path, db_url: str,
                                                            extractor: object) -> None:
    texts = {"overflow.txt": "99999999999999999999 people were killed in Gao on Monday.",
             "billions.txt": "3,000,000,000 people were killed in Gao on Monday, a post said.",
             "digits.txt": "9" * 5000 + " people were killed in Gao on Monday.",
             "good.txt": GOOD}
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with Ledger.open(db_url) as ledger:
        summary = ingest_documents(iter_inputs([str(tmp_path / n) for n in texts]), ledger,
                                   extractor, progress=False)  # type: ignore[arg-type]
        assert summary.failed == [] and summary.stored == 4, summary.to_dict()
        assert summary.reconcile_error is None
        counts = {c.claim.count.best for c in ledger.claims()}
    assert counts == {4}
