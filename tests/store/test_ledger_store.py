"""The ledger store on SQLite and PostgreSQL: documents stored once, atomically; copies linked."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from tollwatch.errors import ConfigError, NotFoundError, StoreError
from tollwatch.model import Claim, Count, DateRef, Document, Evidence, Extraction, Place
from tollwatch.store import Ledger

TEXT = ("BEIRUT (Wire) — Fighting on Syria's coast has killed 200 people, including 40 civilians, "
        "the Syrian Observatory for Human Rights said on Friday, after clashes began on Thursday.")


def _claim(text: str, figure: str, best: int, **kw: object) -> Claim:
    start = text.index(figure)
    return Claim(
        outcome="killed", count=Count(low=best, best=best, high=best, text=figure),
        evidence=Evidence(start=start, end=start + len(figure), sentence=text, sentence_start=0),
        source="Syrian Observatory for Human Rights",
        place=Place(name="Latakia", geonames_id=173579, kind="admin1", country="SY",
                    lat=35.5, lon=35.8, precision=4),
        date=DateRef(text="on Thursday", start=dt.date(2025, 3, 6), end=dt.date(2025, 3, 6),
                     precision="day"),
        confidence=0.9, extractor="test-extractor 1.0", **kw)  # type: ignore[arg-type]


def _extraction(text: str = TEXT, **doc: object) -> Extraction:
    document = Document(text=text, id="doc-1", title="Coast clashes", url="https://w.example/1",
                        outlet="Wire", published=dt.date(2025, 3, 7), origin="wire.txt")
    for key, value in doc.items():
        setattr(document, key, value)
    claims = [_claim(text, "200 people", 200),
              _claim(text, "40 civilians", 40, group="civilians", part_of=0)]
    return Extraction(document=document, claims=claims, killed=200,
                      place=claims[0].place, date=claims[0].date)


@pytest.fixture
def ledger(db_url: str):  # type: ignore[no-untyped-def]
    led = Ledger.open(db_url)
    yield led
    led.close()


def test_ledger_add_stores_document_and_every_claim_field(ledger: Ledger) -> None:
    ex = _extraction()
    result = ledger.add(ex)
    assert result.status == "stored" and result.claims == 2
    stored = ledger.document(result.document_id)
    assert stored.document.text == ex.document.text
    assert (stored.document.title, stored.document.url, stored.document.outlet,
            stored.document.published, stored.document.origin) == (
        "Coast clashes", "https://w.example/1", "Wire", dt.date(2025, 3, 7), "wire.txt")
    assert [c.claim for c in stored.claims] == ex.claims  # counts, offsets, place, date, version
    assert ledger.has(ex.document.content_hash)


def test_ledger_same_content_is_a_duplicate(ledger: Ledger) -> None:
    first = ledger.add(_extraction())
    again = ledger.add(_extraction(text=TEXT.replace(" has ", "   has\n"), id="other"))
    assert again.status == "duplicate" and again.document_id == first.document_id
    assert ledger.count_documents() == 1
    assert len(ledger.claims()) == 2


def test_ledger_syndicated_copy_is_stored_and_linked(ledger: Ledger) -> None:
    first = ledger.add(_extraction())
    body = TEXT.split("— ", 1)[1]
    copy = ledger.add(_extraction(text=f"By Gulf Daily staff\n\n{body}\n\n© 2025 Gulf Daily",
                                  outlet="Gulf Daily"))
    assert copy.status == "copy" and copy.copy_of == first.document_id
    assert ledger.document(copy.document_id).copy_of == first.document_id
    third = ledger.add(_extraction(text=f"DAMASCUS (Agency) — {body}\nEditing by the desk"))
    assert third.status == "copy" and third.copy_of == first.document_id  # the original, not a copy


def test_ledger_revised_figure_is_not_a_copy(ledger: Ledger) -> None:
    ledger.add(_extraction())
    revised = TEXT.replace("200 people", "1,018 people")
    ex = Extraction(document=Document(text=revised, published=dt.date(2025, 3, 9)))
    assert ledger.add(ex).status == "stored"


def test_ledger_add_is_atomic(ledger: Ledger) -> None:
    ex = _extraction()
    ex.claims[1] = Claim(outcome="killed", count=Count(low=None, best=40, high=40),  # type: ignore[arg-type]
                         evidence=ex.claims[1].evidence)
    with pytest.raises(StoreError):
        ledger.add(ex)
    assert ledger.count_documents() == 0
    assert ledger.claims() == []
    assert ledger.add(_extraction()).status == "stored"


def test_ledger_add_many_in_one_batch_finds_duplicates_copies_and_the_bad_document(
        ledger: Ledger) -> None:
    wounded = f"{TEXT} Another 12 were wounded."
    stored_before = ledger.add(_extraction(text=wounded))
    body = TEXT.split("— ", 1)[1]
    bad = _extraction(text=TEXT.replace("Friday", "Sunday"))
    bad.claims[1] = Claim(outcome="killed", count=Count(low=None, best=40, high=40),  # type: ignore[arg-type]
                          evidence=bad.claims[1].evidence)
    batch = [
        _extraction(),                                                   # 0 new
        _extraction(text=TEXT.replace(" has ", "   has\n")),              # 1 same content as 0
        _extraction(text=f"By Gulf Daily staff\n\n{body}"),               # 2 exact body of 0
        _extraction(text=f"{TEXT} The toll could rise further."),        # 3 near copy of 0
        _extraction(text=f"{TEXT} Another 7 were wounded."),             # 4 new figure: a report
        _extraction(text=wounded),                                       # 5 stored before
        bad,                                                             # 6 breaks a constraint
    ]
    results = ledger.add_many(batch)
    first = results[0]
    assert not isinstance(first, StoreError) and first.status == "stored"
    expected = [("stored", None), ("duplicate", None), ("copy", first.document_id),
                ("copy", first.document_id), ("stored", None), ("duplicate", None)]
    got = [(r.status, r.copy_of) for r in results[:6] if not isinstance(r, StoreError)]
    assert got == expected
    assert results[1].document_id == first.document_id  # type: ignore[union-attr]
    assert results[5].document_id == stored_before.document_id  # type: ignore[union-attr]
    assert isinstance(results[6], StoreError) and results[6].where == "wire.txt"
    assert ledger.count_documents() == 5  # the one before + 0, 2, 3, 4
    assert len(ledger.claims(limit=100)) == 10
    assert ledger.document(results[3].document_id).copy_of == first.document_id  # type: ignore[union-attr]


def test_ledger_add_many_links_copies_within_the_batch(db_url: str) -> None:
    body = TEXT.split("— ", 1)[1]
    texts = [TEXT, f"By Gulf Daily staff\n\n{body}", f"{TEXT} The toll could rise further.",
             f"{TEXT} Another 7 were wounded.", TEXT]
    with Ledger.open(db_url) as led:
        batch = [(r.status, r.document_id, r.copy_of) for r in led.add_many(
            [_extraction(text=t) for t in texts]) if not isinstance(r, StoreError)]
        assert len(batch) == len(texts)
    assert [s for s, _, _ in batch] == ["stored", "copy", "copy", "stored", "duplicate"]
    base = batch[0][1]
    assert [(d - base, c - base if c else None) for _, d, c in batch] == [
        (0, None), (1, 0), (2, 0), (3, None), (0, None)]


def test_ledger_failures_recorded(ledger: Ledger) -> None:
    ledger.record_failure("bad.bin", "binary content (NUL bytes), not text")
    [failure] = ledger.failures()
    assert (failure.origin, failure.reason) == ("bad.bin", "binary content (NUL bytes), not text")


def test_ledger_claims_filters(ledger: Ledger) -> None:
    ledger.add(_extraction())
    assert [c.claim.count.best for c in ledger.claims(group="civilians")] == [40]
    assert len(ledger.claims(source="observatory", country="Syria")) == 2
    assert ledger.claims(since=dt.date(2025, 3, 7)) == []
    assert len(ledger.claims(until=dt.date(2025, 3, 6))) == 2
    [first] = ledger.claims(limit=1, offset=1)
    assert (first.outlet, first.url, first.published) == ("Wire", "https://w.example/1",
                                                         dt.date(2025, 3, 7))


def test_ledger_missing_ids_are_not_found(ledger: Ledger) -> None:
    with pytest.raises(NotFoundError, match="no incident 99"):
        ledger.incident(99)
    with pytest.raises(NotFoundError, match="no document 99"):
        ledger.document(99)


def test_ledger_reopen_keeps_data_and_schema_at_head(db_url: str) -> None:
    from tollwatch.store.migrate import head_revision

    with Ledger.open(db_url) as led:
        led.add(_extraction())
    with Ledger.open(db_url) as led:
        assert led.count_documents() == 1
        with led.engine.connect() as conn:
            version = conn.execute(sa.text("select version_num from alembic_version")).scalar()
    assert version == head_revision()


@pytest.mark.parametrize(
    ("url", "error"),
    [("mysql://x@localhost/db", ConfigError), ("not a url", ConfigError),
     ("postgresql+psycopg://postgres@127.0.0.1:1/none", StoreError)],
)
def test_ledger_open_bad_url(url: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        Ledger.open(url)


def test_ledger_default_url_from_environment(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TOLLWATCH_DB", raising=False)
    Ledger.open().close()
    assert (tmp_path / "tollwatch.db").exists()
    monkeypatch.setenv("TOLLWATCH_DB", f"sqlite:///{tmp_path / 'env.db'}")
    with Ledger.open() as led:
        assert led.url.endswith("env.db")
        with led.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
