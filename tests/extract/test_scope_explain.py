"""`tollwatch extract --explain`: each claim names the rules behind its outcome, scope, place."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tollwatch.cli import _register, cli

_register()

ARTICLE = ("Oct 102016 BEIRUT Rebel rockets killed four people in Aleppo on Sunday, the "
           "Britain-based war monitor said. The war has killed 300000 people since 2011.\n")


@pytest.fixture(scope="module")
def explained(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, object]]:
    path = tmp_path_factory.mktemp("explain") / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", "--json", "--explain", str(path)])
    assert result.exit_code == 0, result.output
    claims: list[dict[str, object]] = json.loads(result.stdout)["claims"]
    return claims


@pytest.mark.parametrize(("n", "key", "says"), [
    (0, "outcome", "parse: 'killed'"),
    (0, "scope", "event.in_lead"),
    (0, "place", "'Aleppo'"),
    (0, "date", "'on Sunday'"),
    (1, "scope", "cumulative.since"),
    (1, "date", "no date of its own"),
])
def test_scope_explain_names_rules(explained: list[dict[str, object]], n: int, key: str,
                                   says: str) -> None:
    why = explained[n]["why"]
    assert isinstance(why, dict) and says in why[key], why


def test_scope_explain_off_keeps_json_lean(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", "--json", str(path)])
    claims = json.loads(result.stdout)["claims"]
    assert [c["scope"] for c in claims] == ["event", "cumulative"]
    assert all("why" not in c for c in claims)


def test_scope_explain_table_escapes_text(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "article.txt"
    path.write_text("[bold]Gunmen[/bold] killed three [red]farmers[/red] in Hama.\n",
                    encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", "--explain", str(path)], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert "[red]farmers" in result.stdout and "scope" in result.stdout
