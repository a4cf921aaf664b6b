"""The ledger under hostile values, concurrent writers and faults: per-document failures,
one integer range on both backends, serialised reconciliation, one-line exits."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from tollwatch.errors import StoreError
from tollwatch.model import Claim, Count, Document, Evidence, Extraction
from tollwatch.store import Ledger

TOLLWATCH = [sys.executable, "-m", "tollwatch"]
PLACES = ["Gao", "Kidal", "Tessalit", "Menaka", "Timbuktu", "Mopti", "Segou", "Djenne",
          "Bandiagara", "Douentza", "Ansongo", "Bourem"]


def _extraction(text: str, best: int = 3, **fields: str) -> Extraction:
    claim = Claim(outcome="killed", count=Count(low=best, best=best, high=best),
                  evidence=Evidence(start=0, end=20, sentence=text), group="civilians")
    return Extraction(document=Document(text=text, **fields), claims=[claim], killed=best)


@pytest.mark.parametrize(("best", "fields", "reason"), [
    (2**31, {}, "count 2147483648 is outside the stored range 0 to 2147483647"),
    (10**20, {}, "is outside the stored range"),
    (3, {"title": "a\x00b"}, "a NUL character at 1 in 'title'"),
    (3, {"outlet": "x\ud800"}, "a lone surrogate (U+D800) at 1 in 'outlet'"),
])
def test_store_unstorable_document_fails_alone(db_url: str, best: int, fields: dict[str, str],
                                               reason: str) -> None:
    good = _extraction("Gunmen killed 3 villagers in Gao on Monday.")
    bad = _extraction("Gunmen killed many villagers in Kidal on Tuesday.", best, **fields)
    with Ledger.open(db_url) as ledger:
        results = ledger.add_many([bad, good])
        assert isinstance(results[0], StoreError) and reason in results[0].reason
        assert "INSERT" not in str(results[0]) and not isinstance(results[1], StoreError)
        assert ledger.count_documents() == 1


def _articles(folder: Path, names: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for place in names:
        n = PLACES.index(place)  # the same article in every folder that has this place
        (folder / f"{place}.txt").write_text(
            f"---\npublished: 2024-05-{n + 1:02d}\n---\nAn armed group killed {n + 3} civilians "
            f"in {place}, Mali, on Monday, local officials said.\n", encoding="utf-8")


def _ingest(db: str, *paths: Path, **kw: object) -> subprocess.Popen[str]:
    return subprocess.Popen([*TOLLWATCH, "ingest", "--db", db, "--no-progress",
                             *map(str, paths)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, **kw)  # type: ignore[call-overload]


def test_store_two_ingests_on_one_postgresql_ledger(tmp_path: Path, postgres_url: str) -> None:
    _articles(tmp_path / "a", PLACES[:8])
    _articles(tmp_path / "b", PLACES[4:])  # four articles in both runs
    Ledger.open(postgres_url).close()  # migrated once, as a deployment would
    runs = [_ingest(postgres_url, tmp_path / "a"), _ingest(postgres_url, tmp_path / "b")]
    outs = [run.communicate(timeout=600) for run in runs]
    for run, (_out, err) in zip(runs, outs, strict=True):
        assert run.returncode == 0, err
        assert "Traceback" not in err
    with Ledger.open(postgres_url) as ledger:
        assert ledger.count_documents() == len(PLACES)
        assert ledger.failures() == []
        in_incidents = [c for i in ledger.incidents(limit=100) for c in i.claim_ids]
        assert len(in_incidents) == len(set(in_incidents)) == len(PLACES)  # each claim once
        with ledger.engine.connect() as conn:
            pending = conn.execute(sa.text("select count(*) from documents where not reconciled"))
            assert pending.scalar() == 0


def _big_articles(folder: Path, count: int) -> None:
    folder.mkdir()
    filler = "The market reopened and the council met to discuss the road. " * 1200
    for n in range(count):
        (folder / f"big{n}.txt").write_text(
            f"Gunmen killed {n + 2} villagers in {PLACES[n]} on Monday. {filler}", "utf-8")


@pytest.mark.skipif(shutil.which("unshare") is None or os.geteuid() != 0,
                    reason="a small tmpfs needs a private mount namespace (root)")
def test_store_disk_full_exits_6_in_one_line_and_resumes(tmp_path: Path) -> None:
    _big_articles(tmp_path / "in", 6)
    seed = tmp_path / "seed.db"
    Ledger.open(f"sqlite:///{seed}").close()
    full = tmp_path / "full"
    full.mkdir()
    size = seed.stat().st_size + 160 * 1024  # the schema and about two articles fit
    script = (f'mount -t tmpfs -o size={size} tmpfs {full} && cp {seed} {full}/l.db && '
              f'{sys.executable} -m tollwatch ingest --db sqlite:///{full}/l.db --no-progress '
              f'{tmp_path / "in"}; rc=$?; cp {full}/l.db* {tmp_path}/; exit $rc')
    result = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True,
                            text=True, timeout=600, check=False)
    assert result.returncode == 6, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "full" in errors[0] and "rerun" in errors[0], result.stderr
    assert "Traceback" not in result.stderr and "INSERT" not in result.stderr
    db = f"sqlite:///{tmp_path / 'l.db'}"
    with Ledger.open(db) as ledger:
        kept = ledger.count_documents()
    again = subprocess.run([*TOLLWATCH, "ingest", "--db", db, "--no-progress",
                            str(tmp_path / "in")], capture_output=True, text=True, timeout=600,
                           check=False)
    assert again.returncode == 0, again.stderr
    assert f"stored {6 - kept}," in again.stdout and f"duplicate {kept}," in again.stdout
    with Ledger.open(db) as ledger:
        assert ledger.count_documents() == 6


def test_store_connection_lost_while_reconciling_exits_6_and_resumes(
        tmp_path: Path, postgres_url: str) -> None:
    _articles(tmp_path / "in", PLACES[:3])
    Ledger.open(postgres_url).close()
    from tollwatch.store.ledger import RECONCILE_LOCK

    holder = sa.create_engine(postgres_url)
    with holder.connect() as conn:  # another process is reconciling: the ingest must wait
        conn.execute(sa.text("select pg_advisory_lock(:k)"), {"k": RECONCILE_LOCK})
        conn.commit()
        run = _ingest(postgres_url, tmp_path / "in")
        waiting = None
        for _ in range(600):
            waiting = conn.execute(sa.text(
                "select pid from pg_locks where locktype = 'advisory' and not granted")).scalar()
            if waiting is not None or run.poll() is not None:
                break
            time.sleep(0.2)
        assert waiting is not None, "the ingest never waited for the reconciliation lock"
        conn.execute(sa.text("select pg_terminate_backend(:p)"), {"p": waiting})  # the fault
        conn.commit()
        out, err = run.communicate(timeout=300)
    holder.dispose()
    assert run.returncode == 6, err
    assert "stored 3," in out
    assert [line for line in err.splitlines() if line.startswith("error:")] == [
        line for line in err.splitlines() if "reconcil" in line], err
    assert "Traceback" not in err
    again = _ingest(postgres_url, tmp_path / "in")
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert "skipped as duplicate 3," in out and "3 incidents changed" in out
