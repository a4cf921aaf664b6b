"""The incident filter options shared by `incidents` and `export`, as one IncidentFilter."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

import click

from tollwatch.cli import parse_date
from tollwatch.errors import ConfigError
from tollwatch.model import GROUPS, OUTCOMES
from tollwatch.store.queries import IncidentFilter, country_code

FIELDS = ("country", "since", "until", "outcome", "group", "min_toll", "bbox", "text")


def _country(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return country_code(value)
    except ConfigError as exc:
        raise click.BadParameter(str(exc)) from exc


def _bbox(_ctx: click.Context, _param: click.Parameter,
          value: str | None) -> tuple[float, ...] | None:
    if value is None:
        return None
    try:
        numbers = tuple(float(p) for p in value.split(","))
    except ValueError:
        numbers = ()
    west, south, east, north = numbers if len(numbers) == 4 else (math.nan,) * 4
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise click.BadParameter(f"{value!r} is not WEST,SOUTH,EAST,NORTH in degrees "
                                 "(e.g. 35.5,34.5,36.5,36.0)")
    return numbers


_OPTIONS = (
    click.option("--country", callback=_country,
                 help="Country: ISO code (SY, SYR) or English name (Syria)."),
    click.option("--since", callback=parse_date,
                 help="Incidents on or after this date, YYYY-MM-DD."),
    click.option("--until", callback=parse_date,
                 help="Incidents on or before this date, YYYY-MM-DD."),
    click.option("--outcome", type=click.Choice(OUTCOMES),
                 help="Only incidents with a toll of this outcome."),
    click.option("--group", type=click.Choice(GROUPS),
                 help="Only incidents with a toll for this group."),
    click.option("--min-toll", type=click.IntRange(min=0),
                 help="Only incidents whose best toll (killed unless --outcome) is at least this."),
    click.option("--bbox", callback=_bbox, metavar="W,S,E,N",
                 help="Only incidents inside this box (degrees)."),
    click.option("--text", help="Words in the place name or a report title."),
)


def filter_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add the filter options to a command, which receives them as `filter: IncidentFilter`."""

    @functools.wraps(command)
    def wrapper(**kwargs: Any) -> Any:
        values = {name: kwargs.pop(name) for name in FIELDS}
        if values["since"] and values["until"] and values["since"] > values["until"]:
            raise click.BadParameter(f"--since {values['since']} is after --until "
                                     f"{values['until']}")
        return command(filter=IncidentFilter(**values), **kwargs)

    for option in reversed(_OPTIONS):
        wrapper = option(wrapper)
    return wrapper
