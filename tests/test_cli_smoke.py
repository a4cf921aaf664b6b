"""The CLI's edges: every command documented with an example, bad inputs named with a reason."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tollwatch.cli import _register, cli

_register()


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_cli_command_documented_with_example(name: str) -> None:
    command = cli.commands[name]
    assert command.help and "Example:" in command.help, f"{name} lacks an Example: block"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "no such file"),
        (b"", "empty input"),
        (b"\x00\x01\x02binary", "binary content"),
        (b"caf\xe9 bomb killed 3", "not valid UTF-8 at byte 3"),
    ],
)
def test_cli_extract_bad_input_named_with_reason(tmp_path, content, reason) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bad.txt"
    if content is not None:
        path.write_bytes(content)
    result = CliRunner().invoke(cli, ["extract", str(path)])
    assert result.exit_code == 3
    assert f"{path}: {reason}" in result.stderr


def test_cli_extract_directory_is_an_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(cli, ["extract", str(tmp_path)])
    assert result.exit_code == 3
    assert "is a directory" in result.stderr


def test_cli_extract_table_fits_80_columns_and_escapes_controls(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "a.txt"
    path.write_text("Militants \x1b]0;owned\x07 stormed a checkpoint near Kandahar on Monday, "
                    "and officials said 12 soldiers and 3 civilians were killed in the "
                    "fighting that followed.", encoding="utf-8")
    narrow = CliRunner().invoke(cli, ["extract", str(path)], env={"COLUMNS": "80"})
    assert narrow.exit_code == 0, narrow.output
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 80
    assert "evidence" in narrow.stdout and "\x1b" not in narrow.stdout
    assert "\x07" not in narrow.stdout
    wide = CliRunner().invoke(cli, ["extract", str(path), "--wide"], env={"COLUMNS": "80"})
    assert "subgroup" in wide.stdout and "subgroup" not in narrow.stdout
