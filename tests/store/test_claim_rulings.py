"""Analysts' rulings on claims (reject, correct) on the real ingest path, SQLite and PostgreSQL:
stored with who/when/why, re-applied after every reconciliation, refused when meaningless."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tollwatch.cli import _register, cli
from tollwatch.errors import DecisionError, NotFoundError
from tollwatch.ingest.sources import iter_inputs
from tollwatch.model import Place
from tollwatch.reconcile.headline import headline_toll
from tollwatch.runner import ingest_documents
from tollwatch.store import Ledger

_register()
DATA = Path(__file__).resolve().parent.parent / "data" / "incidents"


def _ledger(db_url: str, extractor: Any, name: str) -> Ledger:
    ledger = Ledger.open(db_url)
    ingest_documents(iter_inputs([str(DATA / name)]), ledger, extractor, progress=False)
    return ledger


def _killed(ledger: Ledger) -> list[int]:
    return sorted(headline_toll(i, "killed").best for i in ledger.incidents()  # type: ignore[union-attr]
                  if headline_toll(i, "killed") is not None)


def _held(ledger: Ledger, claim_id: int) -> bool:
    """Whether any incident holds the claim or counts it in a toll."""
    return any(claim_id in i.claim_ids or any(claim_id in t.claim_ids for t in i.tolls)
               for i in ledger.incidents())


def test_rulings_reject_lasts_across_reconciliation(db_url: str, extractor: Any) -> None:
    with _ledger(db_url, extractor, "war_total.jsonl") as ledger:
        [war] = [c for c in ledger.claims() if c.claim.count.best == 500_000]
        [strike] = [c for c in ledger.claims() if c.claim.count.best == 7]
        assert not _held(ledger, war.id), "the war's total is background, in no incident"
        assert _held(ledger, strike.id) and _killed(ledger) == [7]
        decision = ledger.reject_claim(strike.id, "the strike is counted in a later report", "rana")
        assert (decision.kind, decision.who, decision.incident_id) == ("reject", "rana", None)
        assert decision.created_at <= dt.datetime.now(dt.UTC).replace(tzinfo=None)
        assert not _held(ledger, strike.id) and _killed(ledger) == []
        ledger.reconcile(only_touched=False)  # everything again: the ruling is re-applied
        assert not _held(ledger, strike.id) and _killed(ledger) == []
        assert [d.reason for d in ledger.claim_decisions(strike.id)] == [
            "the strike is counted in a later report"]


def test_rulings_correct_count_group_place_date(db_url: str, extractor: Any) -> None:
    with _ledger(db_url, extractor, "weekday.jsonl") as ledger:
        [claim] = [c for c in ledger.claims() if c.claim.outcome == "killed"][:1]
        decision = ledger.correct_claim(claim.id, "the police update says two died", "omar",
                                        count=2, group="civilians",
                                        place=Place(name="Columbus"), date=dt.date(2025, 6, 1))
        assert (decision.count, decision.group, decision.date) == (2, "civilians",
                                                                   dt.date(2025, 6, 1))
        assert decision.incident_id is not None
        incident = ledger.incident(decision.incident_id)
        assert incident.start == dt.date(2025, 6, 1)
        assert any(t.best == 2 and t.group == "civilians" for t in incident.tolls)
        ledger.reconcile(only_touched=False)
        assert ledger.incident(decision.incident_id).start == dt.date(2025, 6, 1)


@pytest.mark.parametrize(
    ("kind", "fields", "message"),
    [
        ("reject", {"count": 3}, "a rejection changes no field"),
        ("correct", {}, "a correction needs a count, group, place or date"),
        ("correct", {"count": -1}, "count must be 0 or more"),
        ("correct", {"group": "bystanders"}, "group must be one of"),
    ],
)
def test_rulings_refused_with_a_reason(db_url: str, extractor: Any, kind: str,
                                       fields: dict[str, Any], message: str) -> None:
    from tollwatch.store.rulings import rule_on_claim

    with _ledger(db_url, extractor, "weekday.jsonl") as ledger:
        claim = ledger.claims()[0]
        with pytest.raises(DecisionError, match=message):
            rule_on_claim(ledger, claim.id, kind, reason="why", who="ana", **fields)  # type: ignore[arg-type]
        with pytest.raises(DecisionError, match="needs a reason"):
            ledger.reject_claim(claim.id, "  ", "ana")
        with pytest.raises(NotFoundError, match="no claim 999999"):
            ledger.reject_claim(999_999, "why", "ana")
        assert ledger.claim_decisions() == []


def test_rulings_cli_reject_correct_and_history_by_group(sqlite_url: str,
                                                          extractor: Any) -> None:
    with _ledger(sqlite_url, extractor, "campaign.jsonl") as ledger:
        claims = ledger.claims()
        war = next(c for c in claims if c.claim.group == "civilians")
    runner = CliRunner()
    out = runner.invoke(cli, ["claim", "reject", str(war.id), "--reason", "double count",
                              "--who", "lena", "--db", sqlite_url])
    assert out.exit_code == 0, out.output
    assert out.output.startswith(f"claim {war.id} rejected by lena at ")
    assert "'double count'" in out.output
    out = runner.invoke(cli, ["claim", "correct", str(war.id), "--count", "12", "--reason",
                              "misread", "--db", sqlite_url, "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["count"] == 12
    out = runner.invoke(cli, ["claim", "correct", str(war.id), "--reason", "x", "--db",
                              sqlite_url])
    assert out.exit_code == 3 and "a correction needs" in out.output
    out = runner.invoke(cli, ["claim", "decisions", str(war.id), "--db", sqlite_url])
    assert [d["kind"] for d in json.loads(out.output)] == ["reject", "correct"]
    with Ledger.open(sqlite_url) as ledger:
        incident_id = next(i.id for i in ledger.incidents() if war.id in i.claim_ids)
    out = runner.invoke(cli, ["history", str(incident_id), "--group", "civilians", "--json",
                              "--db", sqlite_url])
    assert out.exit_code == 0, out.output
    rows = json.loads(out.output)
    assert rows and {r["toll"]["group"] for r in rows} == {"civilians"}
