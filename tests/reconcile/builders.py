"""Build model.Report objects by hand for reconciliation tests: gold claims and wire reports."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path
from typing import Any

from tollwatch.model import Claim, Count, DateRef, Evidence, Place, Report

SYRIA = Place("Syria", geonames_id=163843, kind="country", country="SY", lat=35.0, lon=38.0,
              precision=6)
LATAKIA = Place("Latakia", geonames_id=173579, kind="populated place", country="SY",
                admin1="02", lat=35.53125, lon=35.79088, precision=1)
BANIYAS = Place("Baniyas", geonames_id=173811, kind="populated place", country="SY",
                admin1="14", lat=35.18, lon=35.95, precision=1)
TUWAYM = Place("Tuwaym")
KHERSON = Place("Kherson", geonames_id=706448, kind="populated place", country="UA",
                admin1="14", lat=46.655, lon=32.617, precision=1)
ALEPPO = Place("Aleppo", geonames_id=170063, kind="populated place", country="SY",
               admin1="09", lat=36.20, lon=37.16, precision=1)
PLACES = {"Syria": SYRIA, "Tuwaym": TUWAYM, "Latakia": LATAKIA}

_ids = itertools.count(1)


def claim(outcome: str, count: int, qualifier: str = "exact", *, group: str = "total",
          sentence: str = "", source: str | None = None, status: str = "current",
          subgroup: str | None = None, part_of: int | None = None, place: Place | None = None,
          date: dt.date | None = None, text: str | None = None,
          low: int | None = None, high: int | None = None) -> Claim:
    """A Claim as the extractor would make it."""
    c = Count(low=count if low is None else low, best=count,
              high=count if high is None else high, qualifier=qualifier,  # type: ignore[arg-type]
              text=text if text is not None else f"{count}")
    ref = DateRef(date.isoformat(), date, date, "day") if date else None
    return Claim(outcome=outcome, count=c, evidence=Evidence(0, len(sentence), sentence),  # type: ignore[arg-type]
                 group=group, subgroup=subgroup, source=source, status=status,  # type: ignore[arg-type]
                 part_of=part_of, place=place, date=ref)


def report(doc: str, published: dt.date, claims: list[Claim], *, outlet: str | None = None,
           copy_of: str | None = None, place: Place | None = None, date: dt.date | None = None,
           title: str | None = None, first_id: int | None = None) -> Report:
    """A Report whose claims get fresh ledger ids (or consecutive ids from first_id)."""
    ids = itertools.count(first_id) if first_id is not None else _ids
    ref = DateRef(date.isoformat(), date, date, "day") if date else None
    return Report(document_id=doc, published=published, claims=[(next(ids), c) for c in claims],
                  outlet=outlet, copy_of=copy_of, place=place, date=ref, title=title)


def sentence_of(text: str, phrase: str) -> str:
    """The sentence of text that holds phrase (the phrase itself when it is not found)."""
    at = text.find(phrase)
    if at < 0:
        return phrase
    start = max(text.rfind(". ", 0, at), text.rfind("\n", 0, at)) + 1
    ends = [i for i in (text.find(". ", at), text.find("\n", at)) if i >= 0]
    return text[start:min(ends, default=len(text))].strip()


def gold_claim(gold: dict[str, Any], sentence: str = "") -> Claim:
    """Turn one claim of a gold JSON file into a model.Claim (sentence: its evidence's)."""
    count = gold["count"]
    if count is None:  # a vague word: the extractor's reading of "thousands"
        low, best, high = {"thousands": (1000, 2000, 9999)}.get(gold.get("vague_word", ""),
                                                                  (1, 1, None))
    else:
        low, best = count, count
        high = None if gold["qualifier"] == "at_least" else count
    text = gold["evidence"]
    c = Count(low=low, best=best, high=high, qualifier=gold["qualifier"], text=text,
              vague_word=gold.get("vague_word"))
    return Claim(outcome=gold["outcome"], count=c,
                 evidence=Evidence(0, len(text), sentence or text),
                 group=gold["group"], subgroup=gold.get("subgroup"), source=gold["source"],
                 status=gold["status"], part_of=gold.get("part_of"),
                 place=PLACES.get(gold["where"], Place(gold["where"])))


def gold_report(path: Path, doc: str = "coastal", first_id: int = 1, **kw: Any) -> Report:
    """The reference article as a Report: its 13 gold claims with ids first_id, first_id+1..."""
    gold = json.loads(path.read_text(encoding="utf-8"))
    published = dt.date.fromisoformat(gold["published"])
    article = path.with_name(gold["document"]).read_text(encoding="utf-8")
    claims = [gold_claim(g, sentence_of(article, g["evidence"])) for g in gold["claims"]]
    kw.setdefault("place", LATAKIA)
    kw.setdefault("date", dt.date(2025, 3, 6))
    kw.setdefault("outlet", "The Diplomatic Insight")
    kw.setdefault("title", "Death toll in Syria's coastal violence surpasses 1,000")
    return report(doc, published, claims, first_id=first_id, **kw)


SOHR = "Syrian Observatory for Human Rights"
GOLD = "fixtures/coastal_syria_2025-03.gold.json"


def coastal_wire(name: str, first_id: int) -> Report:
    """Wire-style reports about the coastal violence and unrelated events, by name."""
    d = dt.date
    if name == "early-200":
        s = ("Clashes between Syrian security forces and gunmen loyal to ousted president "
             "Bashar Assad in Latakia and Jableh have killed 200 people, the Syrian Observatory "
             "for Human Rights said.")
        return report(name, d(2025, 3, 7), [claim("killed", 200, sentence=s, source=SOHR)],
                      outlet="Reuters", place=LATAKIA, date=d(2025, 3, 6), first_id=first_id,
                      title="Clashes with Assad loyalists kill 200 in Syria's Latakia")
    if name == "ministry-300":
        s = ("The Syrian Interior Ministry said 300 people, most of them Assad loyalist "
             "fighters, were killed in the coastal region of Latakia and Baniyas.")
        return report(name, d(2025, 3, 9), [claim("killed", 300, sentence=s,
                                                  source="Syrian Interior Ministry")],
                      outlet="SANA", place=SYRIA, date=d(2025, 3, 7), first_id=first_id,
                      title="Interior Ministry: security restored on the coast after Assad "
                            "loyalist attacks")
    if name == "snhr-1000":
        s = ("The Syrian Network for Human Rights documented more than 1,000 deaths in "
             "Latakia, Tartus and Baniyas, most of them Alawite civilians killed in revenge "
             "attacks.")
        return report(name, d(2025, 3, 10), [claim("killed", 1000, "at_least", sentence=s,
                                                   high=None, text="more than 1,000",
                                                   source="Syrian Network for Human Rights")],
                      outlet="Al Jazeera", place=BANIYAS, first_id=first_id,
                      title="Rights group documents 1,000 deaths in Syria coastal killings")
    if name == "aleppo-strike":
        s = "An airstrike on a crowded market in Aleppo killed 12 people, paramedics said."
        return report(name, d(2025, 3, 7), [claim("killed", 12, sentence=s, source="paramedics"),
                                            claim("injured", 30, "at_least", sentence=s)],
                      outlet="AFP", place=ALEPPO, date=d(2025, 3, 7), first_id=first_id,
                      title="Airstrike on Aleppo market kills 12")
    if name == "kherson-shelling":
        s = ("Russian shelling of Kherson killed five civilians and wounded eleven, the "
             "regional governor said.")
        return report(name, d(2025, 3, 7), [
            claim("killed", 5, group="civilians", sentence=s, source="regional governor"),
            claim("injured", 11, group="civilians", sentence=s, source="regional governor")],
            outlet="Kyiv Independent", place=KHERSON, date=d(2025, 3, 7), first_id=first_id,
            title="Russian shelling kills five in Kherson")
    raise KeyError(name)
