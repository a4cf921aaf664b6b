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
