"""`tollwatch claim reject|correct|decisions`: an analyst's rulings on single claims.

Thin: open the ledger, call one library function, print the stored decision. A ruling lasts:
it is re-applied after every reconciliation.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json

import click

from tollwatch.cli import DB, cli, parse_date
from tollwatch.model import GROUPS, Place
from tollwatch.store import Ledger
from tollwatch.store.rulings import ClaimDecision

REASON = click.option("--reason", required=True, help="Why, for the record (required).")
WHO = click.option("--who", default=None, metavar="NAME",
                   help="Who decides (default: the login name).")
JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a line.")


def _who(who: str | None) -> str:
    if who:
        return who
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in some containers
        return "cli"


def _say(decision: ClaimDecision, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(decision.to_dict(), ensure_ascii=False, indent=2))
        return
    where = (f"now in incident {decision.incident_id}" if decision.incident_id is not None
             else "in no incident")
    changes = ", ".join(f"{k} {v}" for k, v in (
        ("count", decision.count), ("group", decision.group),
        ("place", decision.place.name if decision.place else None),
        ("date", decision.date.isoformat() if decision.date else None)) if v is not None)
    what = f"corrected ({changes})" if decision.kind == "correct" else "rejected"
    click.echo(f"claim {decision.claim_id} {what} by {decision.who} at "
               f"{decision.created_at:%Y-%m-%d %H:%M} UTC: {decision.reason!r}; {where} "
               f"(decision {decision.id})")


@cli.group()
def claim() -> None:
    """Rule on single claims: reject one, or correct its count, group, place or date.

    Each ruling is stored with who made it, when and why, and re-applied after every
    reconciliation.

    \b
    Example:
        tollwatch claim reject 42 --reason "the war's total, not this attack's"
        tollwatch claim correct 42 --date 2025-03-06 --reason "the attack was on Thursday"
    """


@claim.command("reject")
@click.argument("claim_id", type=int)
@REASON
@WHO
@DB
@JSON
def reject(claim_id: int, reason: str, who: str | None, db: str | None, as_json: bool) -> None:
    """Reject a claim: it joins no incident and counts in no toll, across reconciliation.

    \b
    Example:
        tollwatch claim reject 42 --reason "the figure is the 2013 attack's, not this one's"
    """
    with Ledger.open(db) as ledger:
        decision = ledger.reject_claim(claim_id, reason, _who(who))
    _say(decision, as_json)


@claim.command("correct")
@click.argument("claim_id", type=int)
@click.option("--count", type=click.IntRange(min=0), help="The exact count.")
@click.option("--group", type=click.Choice(GROUPS), help="Whose toll the figure is.")
@click.option("--place", help="The place the figure is about (a name).")
@click.option("--date", "day", callback=parse_date, metavar="YYYY-MM-DD",
              help="The event date.")
@REASON
@WHO
@DB
@JSON
def correct(claim_id: int, count: int | None, group: str | None, place: str | None,
            day: dt.date | None, reason: str, who: str | None, db: str | None,
            as_json: bool) -> None:
    """Correct a claim's count, group, place or date; re-applied after every reconciliation.

    \b
    Example:
        tollwatch claim correct 42 --count 12 --group civilians --reason "misread 21"
    """
    with Ledger.open(db) as ledger:
        decision = ledger.correct_claim(claim_id, reason, _who(who), count=count, group=group,
                                        place=Place(name=place) if place else None, date=day)
    _say(decision, as_json)


@claim.command("decisions")
@click.argument("claim_id", type=int)
@DB
def decisions(claim_id: int, db: str | None) -> None:
    """List the rulings on a claim, oldest first, as JSON (the last one applies).

    \b
    Example:
        tollwatch claim decisions 42
    """
    with Ledger.open(db) as ledger:
        found = ledger.claim_decisions(claim_id)
    click.echo(json.dumps([d.to_dict() for d in found], ensure_ascii=False, indent=2))
