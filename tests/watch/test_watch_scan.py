"""Watcher.scan_once in-process: feeds re-read, new entries only, bad files reported once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tollwatch.store import Ledger
from tollwatch.watch import Event, Watcher

ITEMS = [
    ("a1", "Three civilians were killed in a drone strike on Kherson, officials said."),
    ("a2", "Twelve people were injured when a bus was shelled near Goma on Tuesday."),
]


def _rss(items: list[tuple[str, str]]) -> str:
    entries = "".join(f"<item><guid>{guid}</guid><title>{guid}</title><description>{text}"
                      "</description><pubDate>Tue, 04 Mar 2025 10:00:00 GMT</pubDate></item>"
                      for guid, text in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
            f"{entries}</channel></rss>")


def test_watch_scan_feed_reread_stores_only_new_entries(
    tmp_path: Path, sqlite_url: str, extractor: Any
) -> None:
    feed = tmp_path / "wire.xml"
    feed.write_text(_rss(ITEMS[:1]), encoding="utf-8")
    events: list[Event] = []
    with Ledger.open(sqlite_url) as ledger:
        watcher = Watcher([feed], ledger, extractor, settle=0, on_event=events.append)
        watcher.scan_once()
        feed.write_text(_rss(ITEMS), encoding="utf-8")
        watcher.scan_once()
        watcher.scan_once(with_feeds=True)  # the interval's re-read: nothing new
        restarted = Watcher([feed], ledger, extractor, settle=0, on_event=events.append)
        restarted.scan_once()
        assert ledger.count_documents() == 2
    assert [(e.origin, e.status) for e in events] == [(f"{feed}#1", "stored"),
                                                      (f"{feed}#2", "stored")]
    assert all(e.claims >= 1 for e in events)


def test_watch_scan_bad_file_reported_once_until_changed(
    tmp_path: Path, sqlite_url: str, extractor: Any
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    bad = folder / "broken.txt"
    bad.write_bytes(b"caf\xe9")
    (folder / ".draft.txt").write_text("Two killed.", encoding="utf-8")  # hidden: ignored
    events: list[Event] = []
    with Ledger.open(sqlite_url) as ledger:
        watcher = Watcher([folder], ledger, extractor, settle=0, on_event=events.append)
        watcher.scan_once()
        watcher.scan_once()
        bad.write_text("Four soldiers were killed in an ambush near Mopti.", encoding="utf-8")
        watcher.scan_once()
    assert [(e.origin, e.status) for e in events] == [(str(bad), "failed"), (str(bad), "stored")]
    assert "not valid UTF-8 at byte 3" in events[0].reason


def test_watch_scan_file_still_being_written_waits(
    tmp_path: Path, sqlite_url: str, extractor: Any
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "fresh.txt").write_text("Five people were killed in Mogadishu.", encoding="utf-8")
    with Ledger.open(sqlite_url) as ledger:
        watcher = Watcher([folder], ledger, extractor, settle=60)
        assert watcher.scan_once() == 1  # modified just now: left for the next look
        assert ledger.count_documents() == 0
