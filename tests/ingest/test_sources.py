"""Inputs expanded into documents: files, folders, JSONL, feeds, front matter; bad inputs named."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tollwatch.errors import InputError, ParseError
from tollwatch.ingest.sources import iter_inputs
from tollwatch.model import Document

COASTAL = Path(__file__).resolve().parent.parent / "data" / "coastal"

RSS = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Test Wire</title>
<item><title>Blast kills 4</title><link>https://t.example/a</link><guid>a</guid>
<pubDate>Tue, 04 Mar 2025 10:00:00 GMT</pubDate>
<description>&lt;p&gt;A blast killed 4 people in Kabul on Tuesday, police said.&lt;/p&gt;
</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title><id>urn:x</id>
<updated>2025-03-09T00:00:00Z</updated>
<entry><title>Strike</title><id>urn:e1</id><link href="https://atom.example/e1"/>
<published>2025-03-09T08:00:00Z</published><updated>2025-03-09T08:00:00Z</updated>
<content type="html">&lt;p&gt;An air strike killed 7 civilians in Idlib.&lt;/p&gt;</content></entry>
</feed>"""


def _docs(paths: list[str]) -> list[Document | InputError]:
    return list(iter_inputs(paths))


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.txt", "---\npublished: 2025-03-07\noutlet: Levant Wire\nurl: https://l.example/x\n"
                  "title: Clashes\n---\nClashes killed 200 people.\n",
         {"published": dt.date(2025, 3, 7), "outlet": "Levant Wire", "url": "https://l.example/x",
          "title": "Clashes", "text": "Clashes killed 200 people."}),
        ("b.txt", "No front matter: 3 people were killed.\n",
         {"published": None, "outlet": None, "text": "No front matter: 3 people were killed."}),
        ("c.html", "<html><head><title>Raid</title><meta property='og:site_name' content='Post'>"
                   "<meta property='article:published_time' content='2025-03-08T10:00:00Z'></head>"
                   "<body><article><p>"
                   + "A raid on a village killed 12 people, officials said. " * 3
                   + "</p></article></body></html>",
         {"published": dt.date(2025, 3, 8), "outlet": "Post"}),
        ("d.rss", RSS, {"published": dt.date(2025, 3, 4), "outlet": "Test Wire",
                        "url": "https://t.example/a", "title": "Blast kills 4",
                        # the entry's title is read first: a headline states its event
                        "text": "Blast kills 4\n\n"
                                "A blast killed 4 people in Kabul on Tuesday, police said."}),
        ("e.atom", ATOM, {"published": dt.date(2025, 3, 9), "outlet": "Atom Desk",
                          "url": "https://atom.example/e1",
                          "text": "An air strike killed 7 civilians in Idlib."}),
        ("f.jsonl", json.dumps({"id": "x1", "text": "Two killed.", "published": "2025-03-10",
                                "source": "Wire", "url": "https://w.example/1"}) + "\n",
         {"published": dt.date(2025, 3, 10), "outlet": "Wire", "id": "x1",
          "url": "https://w.example/1", "text": "Two killed."}),
    ],
)
def test_sources_reads_metadata_from_the_file(tmp_path: Path, name: str, content: str,
                                               expected: dict[str, object]) -> None:
    (tmp_path / name).write_text(content, encoding="utf-8")
    [doc] = _docs([str(tmp_path / name)])
    assert isinstance(doc, Document), doc
    for key, value in expected.items():
        assert getattr(doc, key) == value, key
    assert doc.origin and doc.origin.startswith(str(tmp_path / name))


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty input"),
        ("binary.bin", b"\x00\x01\x02\x03" * 100, "binary content"),
        ("latin1.txt", b"caf\xe9 bomb killed 3", "not valid UTF-8 at byte 3"),
        ("broken.xml", b"<?xml version='1.0'?><rss><channel><item><title>x</titl",
         "malformed feed"),
        ("bad.jsonl", b'{"text": "ok one"}\n{not json}\n', "invalid JSON"),
        ("notext.jsonl", b'{"url": "https://x.example"}\n', "missing 'text' or 'html'"),
        ("baddate.jsonl", b'{"text": "a", "published": "soon"}\n', "'published' is not a"),
        ("baddate.txt", b"---\npublished: yesterday\n---\nBody.\n", "front matter 'published'"),
    ],
)
def test_sources_bad_input_named_with_reason(tmp_path: Path, name: str, content: bytes,
                                              reason: str) -> None:
    (tmp_path / name).write_bytes(content)
    errors = [d for d in _docs([str(tmp_path)]) if isinstance(d, InputError)]
    assert len(errors) == 1
    assert str(tmp_path / name) in str(errors[0])
    assert reason in errors[0].reason


def test_sources_malformed_feed_is_a_parse_error(tmp_path: Path) -> None:
    (tmp_path / "feed.rss").write_bytes(b"<rss><channel><item><title>cut")
    [err] = _docs([str(tmp_path)])
    assert isinstance(err, ParseError)


def test_sources_missing_path_is_an_error_not_an_exception(tmp_path: Path) -> None:
    [err] = _docs([str(tmp_path / "nope")])
    assert isinstance(err, InputError) and "no such file" in err.reason


def test_sources_jsonl_bad_line_does_not_stop_the_file(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text('{"text": "one"}\n\n[1]\n{"text": "three"}\n', encoding="utf-8")
    out = _docs([str(path)])
    assert [type(d).__name__ for d in out] == ["Document", "ParseError", "Document"]
    assert out[1].where == f"{path}:3"  # type: ignore[union-attr]


def test_sources_folder_is_recursive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("second", encoding="utf-8")
    (tmp_path / "1.txt").write_text("first", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("hidden", encoding="utf-8")
    texts = [d.text for d in _docs([str(tmp_path)]) if isinstance(d, Document)]
    assert texts == ["first", "second"]


def test_sources_coastal_set_every_document_dated() -> None:
    docs = _docs([str(COASTAL)])
    assert all(isinstance(d, Document) for d in docs), docs
    assert len(docs) >= 8
    assert all(d.published is not None for d in docs if isinstance(d, Document))
    assert len({d.published for d in docs if isinstance(d, Document)}) >= 5


def test_sources_truncated_feed_reported_and_recovered_entries_kept(tmp_path: Path) -> None:
    cut = RSS.replace("</channel></rss>", "<item><title>Second</title><description>Half")
    (tmp_path / "cut.rss").write_text(cut, encoding="utf-8")
    out = _docs([str(tmp_path)])
    errors = [d for d in out if isinstance(d, InputError)]
    assert len(errors) == 1 and "malformed feed" in errors[0].reason
    assert [d.title for d in out if isinstance(d, Document)] == ["Blast kills 4"]
