"""The ledger commands end to end: ingest, incidents, incident (show/merge/split), history."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tollwatch.cli import EXIT_ERROR, EXIT_INPUT, EXIT_NOT_FOUND, EXIT_PARTIAL, _register, cli

_register()
COASTAL = Path(__file__).resolve().parent / "data" / "coastal"


def _run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env)


@pytest.fixture(scope="module")
def coastal_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite ledger holding the coastal reports, shared by the read-only tests."""
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'ledger.db'}"
    result = _run("ingest", str(COASTAL), "--db", url)
    assert result.exit_code == 0, result.output + result.stderr
    return url


@pytest.mark.parametrize("name", ["show", "merge", "split"])
def test_cli_incident_subcommand_documented_with_example(name: str) -> None:
    command = cli.commands["incident"].commands[name]  # type: ignore[attr-defined]
    assert command.help and "Example:" in command.help


def test_cli_ingest_bad_inputs_named_rest_stored(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good1.txt").write_text("---\npublished: 2025-03-02\n---\n"
                                      "A car bomb killed 7 people in Mogadishu on Sunday, "
                                      "police said.", encoding="utf-8")
    (folder / "good2.jsonl").write_text(json.dumps({"text": "Gunmen killed 4 villagers in "
                                        "Zamfara state on Monday.", "published": "2025-03-03"})
                                        + "\n", encoding="utf-8")
    bad = {
        "binary.bin": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50, "binary content"),
        "empty.txt": (b"", "empty input"),
        "latin1.txt": (b"Caf\xe9 bombing killed 3 people.", "not valid UTF-8 at byte 3"),
        "feed.xml": (b"<?xml version='1.0'?><rss><channel><item><title>Cut", "malformed feed"),
    }
    for name, (data, _) in bad.items():
        (folder / name).write_bytes(data)
    with (folder / "huge.txt").open("wb") as fh:  # 50 MB: over the reader's limit
        line = b"Officials said the situation remained tense. " * 20 + b"\n"
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            fh.write(line)
    bad["huge.txt"] = (b"", "too large: 52.4 MB")
    db = f"sqlite:///{tmp_path / 'ledger.db'}"
    result = _run("ingest", str(folder), "--db", db, "--json")
    assert result.exit_code == EXIT_PARTIAL, result.stderr
    for name, (_, reason) in bad.items():
        assert f"failed: {folder / name}: {reason}" in result.stderr
    summary = json.loads(result.stdout)
    assert (summary["stored"], len(summary["failed"])) == (2, 5)
    from tollwatch.store import Ledger

    with Ledger.open(db) as ledger:
        assert ledger.count_documents() == 2
        assert {f.origin for f in ledger.failures()} == {str(folder / n) for n in bad}


def test_cli_ingest_again_is_a_no_op(coastal_db: str) -> None:
    before = _run("incidents", "--db", coastal_db, "--json").stdout
    result = _run("ingest", str(COASTAL), "--db", coastal_db, "--json")
    assert result.exit_code == 0
    summary = json.loads(result.stdout)
    assert summary["stored"] == 0 and summary["duplicates"] == summary["documents"] == 9
    assert summary["changed_incidents"] == []
    assert _run("incidents", "--db", coastal_db, "--json").stdout == before


def test_cli_incidents_json_and_table(coastal_db: str) -> None:
    result = _run("incidents", "--db", coastal_db, "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["total"] == len(data["incidents"]) >= 1
    for incident in data["incidents"]:
        assert {"id", "place", "start", "end", "tolls", "revisions", "flags"} <= set(incident)
        for toll in incident["tolls"]:
            assert {"outcome", "group", "low", "best", "high"} <= set(toll)
    table = _run("incidents", "--db", coastal_db)
    assert table.exit_code == 0
    assert f"of {data['total']} incidents" in table.stdout


def test_cli_incident_and_history_json(coastal_db: str) -> None:
    first = json.loads(_run("incidents", "--db", coastal_db, "--json").stdout)["incidents"][0]
    shown = _run("incident", str(first["id"]), "--db", coastal_db, "--json")
    assert shown.exit_code == 0
    incident = json.loads(shown.stdout)
    assert incident["id"] == first["id"]
    assert {c["id"] for c in incident["claims"]} == set(incident["claim_ids"])
    assert all(c["evidence"]["sentence"] for c in incident["claims"])
    same = _run("incident", "show", str(first["id"]), "--db", coastal_db, "--json")
    assert json.loads(same.stdout) == incident
    steps = json.loads(_run("history", str(first["id"]), "--db", coastal_db, "--json").stdout)
    assert [s["step"] for s in steps] == list(range(1, len(steps) + 1))
    dates = [s["published"] for s in steps]
    assert dates == sorted(dates)
    assert all({"low", "best", "high"} <= set(s["toll"]) and s["report"]["document_id"]
               for s in steps)
    for args in (["incident", str(first["id"])], ["history", str(first["id"])]):
        assert _run(*args, "--db", coastal_db).exit_code == 0


def test_cli_table_shows_article_text_literally(tmp_path: Path) -> None:
    doc = tmp_path / "markup.txt"
    doc.write_text("---\npublished: 2025-03-04\n---\n[bold red]Gunmen[/bold red] killed 5 "
                   "people in Kabul on Monday, police said.", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'ledger.db'}"
    assert _run("ingest", str(doc), "--db", db).exit_code == 0
    [incident] = json.loads(_run("incidents", "--db", db, "--json").stdout)["incidents"]
    shown = _run("incident", str(incident["id"]), "--db", db, env={"COLUMNS": "400"})
    assert shown.exit_code == 0
    assert "[bold red]Gunmen[/bold red] killed 5" in shown.stdout  # text, not styling


def test_cli_merge_and_split(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'ledger.db'}"
    assert _run("ingest", str(COASTAL), "--db", db).exit_code == 0
    listed = json.loads(_run("incidents", "--db", db, "--json", "--sort", "id").stdout)
    a, b = (i["id"] for i in listed["incidents"][:2])
    merged = _run("incident", "merge", str(a), str(b), "--db", db)
    assert merged.exit_code == 0, merged.stderr
    kept = int(merged.stdout.strip().rsplit(" ", 1)[1])
    assert kept in (a, b)
    after = json.loads(_run("incidents", "--db", db, "--json").stdout)
    assert after["total"] == listed["total"] - 1
    assert _run("incident", str(a + b - kept), "--db", db).exit_code == EXIT_NOT_FOUND
    smaller = min(listed["incidents"][:2], key=lambda i: len(i["claim_ids"]))
    moved = smaller["claim_ids"]
    split = _run("incident", "split", str(kept), "--claims", ",".join(map(str, moved)),
                 "--db", db)
    assert split.exit_code == 0, split.stderr
    new_id = int(split.stdout.strip().rsplit(" ", 1)[1])
    assert sorted(json.loads(_run("incident", str(new_id), "--db", db, "--json").stdout)
                  ["claim_ids"]) == sorted(moved)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["incident", "999"], EXIT_NOT_FOUND, "no incident 999"),
        (["history", "999"], EXIT_NOT_FOUND, "no incident 999"),
        (["incidents", "--since", "March"], 2, "is not a date in YYYY-MM-DD form"),
        (["incidents", "--country", "Atlantis"], 2, "unknown country 'Atlantis'"),
        (["incidents", "--bbox", "1,2,3"], 2, "is not WEST,SOUTH,EAST,NORTH"),
        (["incident", "split", "1", "--claims", "a,b"], 2, "not a comma-separated list"),
        (["incident", "merge", "1", "1"], EXIT_INPUT, "cannot merge incident 1 with itself"),
    ],
)
def test_cli_ledger_errors(coastal_db: str, args: list[str], code: int, message: str) -> None:
    result = _run(*args, "--db", coastal_db)
    assert result.exit_code == code
    assert message in result.stderr


def test_cli_db_from_environment_and_bad_url(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'env.db'}"
    assert _run("incidents", "--json", env={"TOLLWATCH_DB": url}).exit_code == 0
    assert (tmp_path / "env.db").exists()
    bad = _run("incidents", "--db", "mysql://u@h/db")
    assert bad.exit_code == EXIT_ERROR and "unsupported database 'mysql'" in bad.stderr


def test_cli_bundled_examples_are_the_tested_coastal_set() -> None:
    examples = COASTAL.parent.parent.parent / "examples" / "coastal"
    assert sorted(p.name for p in examples.iterdir()) == sorted(p.name for p in COASTAL.iterdir())
    for path in COASTAL.iterdir():
        assert (examples / path.name).read_bytes() == path.read_bytes(), path.name


@pytest.mark.parametrize("country", ["SY", "sy", "SYR", "Syria", "syria"])
def test_cli_incidents_country_by_code_or_name(coastal_db: str, country: str) -> None:
    found = json.loads(_run("incidents", "--db", coastal_db, "--json", "--country",
                            country).stdout)
    assert found["total"] >= 1
    assert {i["place"]["country"] for i in found["incidents"]} == {"SY"}


@pytest.mark.parametrize(
    "args",
    [["incidents"], ["incident", "{id}"], ["history", "{id}"]],
)
def test_cli_tables_fit_80_columns(coastal_db: str, args: list[str]) -> None:
    first = json.loads(_run("incidents", "--db", coastal_db, "--json").stdout)["incidents"][0]
    argv = [a.format(id=first["id"]) for a in args]
    narrow = _run(*argv, "--db", coastal_db, env={"COLUMNS": "80"})
    assert narrow.exit_code == 0, narrow.stderr
    widths = [len(line) for line in narrow.stdout.splitlines()]
    assert max(widths) <= 80, narrow.stdout
    wide = _run(*argv, "--db", coastal_db, "--wide", env={"COLUMNS": "80"})
    assert wide.exit_code == 0 and max(len(line) for line in wide.stdout.splitlines()) > 80


def test_cli_narrow_table_keeps_the_important_columns(coastal_db: str) -> None:
    narrow = _run("incidents", "--db", coastal_db, env={"COLUMNS": "80"}).stdout
    wide = _run("incidents", "--db", coastal_db, "--wide", env={"COLUMNS": "80"}).stdout
    for heading in ("id", "place", "from", "killed best"):
        assert heading in narrow
    assert "injured" not in narrow and "injured" in wide and "flags" in wide
    first = json.loads(_run("incidents", "--db", coastal_db, "--json").stdout)["incidents"][0]
    shown = _run("incident", str(first["id"]), "--db", coastal_db, env={"COLUMNS": "80"}).stdout
    assert "evidence" in shown and "killed" in shown  # the sentence stays, narrow columns go


def test_cli_incident_shows_provenance(coastal_db: str) -> None:
    first = json.loads(_run("incidents", "--db", coastal_db, "--json").stdout)["incidents"][0]
    data = json.loads(_run("incident", str(first["id"]), "--db", coastal_db, "--json").stdout)
    reports = {r["document_id"]: r for r in data["reports"]}
    assert reports and all(r["source_article"] for r in reports.values())
    assert {c["document_id"] for c in data["claims"]} == set(reports)
    steps = json.loads(_run("history", str(first["id"]), "--db", coastal_db, "--json").stdout)
    for step in steps:  # history names a report by the same ledger id and source id
        report = reports[step["report"]["document_id"]]
        assert step["report"]["source_article"] == report["source_article"]
    shown = _run("incident", str(first["id"]), "--db", coastal_db, "--wide").stdout
    for report in reports.values():
        assert report["source_article"] in shown
        if report["url"]:
            assert report["url"] in shown


ESCAPES = "\x1b]0;pwned\x07\x1b[31mRED\x1b[0m\x9b2J\u202e"


def test_cli_output_escapes_terminal_controls_from_article_text(tmp_path: Path) -> None:
    line = json.dumps({"id": "esc-1", "title": "\x1b]8;;http://evil.example\x07Click \x1b[2J",
                       "outlet": f"Wire {ESCAPES}", "published": "2025-03-04",
                       "text": f"Gunmen {ESCAPES} killed 5 people in Kabul on Monday, police "
                               "said."})
    feed = tmp_path / "escapes.jsonl"
    feed.write_text(line + "\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'ledger.db'}"
    assert _run("ingest", str(feed), "--db", db).exit_code == 0
    [incident] = json.loads(_run("incidents", "--db", db, "--json").stdout)["incidents"]
    for args in (["incidents"], ["incident", str(incident["id"]), "--wide"],
                 ["history", str(incident["id"])], ["incident", str(incident["id"]), "--json"]):
        out = _run(*args, "--db", db, env={"COLUMNS": "300"}).stdout
        for control in ("\x1b", "\x07", "\x9b", "\u202e"):
            assert control not in out, (args, control)
    shown = _run("incident", str(incident["id"]), "--db", db, "--wide",
                 env={"COLUMNS": "300"}).stdout
    assert "\\x1b[31mRED" in shown  # shown escaped, so the analyst sees what was there
