"""The `tollwatch` command: thin commands over the library, errors turned into exit codes here."""

from __future__ import annotations

import datetime as dt
import errno
import logging
import sys
from typing import Any

import click

from tollwatch import __version__
from tollwatch.errors import (
    DecisionError,
    InputError,
    NotFoundError,
    StoreUnavailable,
    TollwatchError,
)

# Exit codes: 1 some inputs failed (the rest done), 2 usage, 3 input, 4 not found, 5 other,
# 6 the ledger's database was lost or full mid-run (committed work stays; rerun to resume).
EXIT_PARTIAL = 1
EXIT_INPUT = 3
EXIT_NOT_FOUND = 4
EXIT_ERROR = 5
EXIT_STORE = 6
RESUME = "what was stored is kept; rerun the same command to resume"


class TollwatchGroup(click.Group):
    """Turns library errors into one-line messages and exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NotFoundError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(EXIT_NOT_FOUND)
        except StoreUnavailable as exc:
            click.echo(f"error: {exc}; {RESUME}", err=True)
            ctx.exit(EXIT_STORE)
        except (InputError, DecisionError) as exc:  # a refused decision is the input's fault
            click.echo(f"error: {exc}", err=True)
            ctx.exit(EXIT_INPUT)
        except TollwatchError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(EXIT_ERROR)
        except OSError as exc:
            if exc.errno not in (errno.ENOSPC, errno.EDQUOT):
                raise
            click.echo(f"error: disk full ({exc.strerror}); {RESUME}", err=True)
            ctx.exit(EXIT_STORE)
        except Exception as exc:
            reason = _database_failure(exc)
            if reason is None:
                raise
            click.echo(f"error: the ledger database failed ({reason}); {RESUME}", err=True)
            ctx.exit(EXIT_STORE)


def _database_failure(exc: Exception) -> str | None:
    """One line for a database error that escaped the library (no SQL, no parameters)."""
    import sqlalchemy as sa

    if not isinstance(exc, sa.exc.DBAPIError):
        return None
    orig = exc.orig if exc.orig is not None else exc
    first = (str(orig).strip().splitlines() or [""])[0][:200]
    return f"{type(orig).__name__}: {first}"


DB = click.option("--db", "db", envvar="TOLLWATCH_DB", metavar="URL",
                  help="Ledger database URL (default: $TOLLWATCH_DB, else sqlite:///tollwatch.db).")
HEADLINE = click.option(
    "--headline",
    type=click.Choice(["all", "victims"]),
    default="all",
    show_default=True,
    help="all: every party's dead but attackers; victims: civilian victims only.",
)


FOLLOW_LINKS = click.option(
    "--follow-links", is_flag=True,
    help="Follow symbolic links that lead out of a folder (refused by default).")


def parse_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    """Click callback: an optional YYYY-MM-DD option value as a date."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from exc


@click.group(cls=TollwatchGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tollwatch")
@click.option("-v", "--verbose", count=True, help="More log output (-v info, -vv debug).")
def cli(verbose: int) -> None:
    """Turn news reports about armed conflict into a sourced casualty ledger."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(
        level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )


def _register() -> None:
    from tollwatch.cli import extract as _extract  # noqa: F401  (commands register on import)

    for module in ("ledger", "serve", "bulk", "claims"):
        try:
            __import__(f"tollwatch.cli.{module}")
        except ModuleNotFoundError as exc:
            if exc.name != f"tollwatch.cli.{module}":
                raise


def main() -> None:
    _register()
    cli()
