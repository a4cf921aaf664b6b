"""Planning and reading partitions: every input line read exactly once, bad lines named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tollwatch.distributed import Partition, expand_path, plan_partitions, read_partition
from tollwatch.errors import InputError, ParseError
from tollwatch.model import Document

_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
                max_size=80).map(lambda t: f"Report {t}")  # a prefix boilerplate removal keeps


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(_TEXT, min_size=1, max_size=40, unique_by=lambda t: " ".join(t.split())),
       blocksize=st.integers(min_value=1, max_value=4000))
def test_partitions_cover_every_jsonl_line_exactly_once(tmp_path: Path, texts: list[str],
                                                        blocksize: int) -> None:
    lines, expected = [], {}
    for i, text in enumerate(texts):
        if i % 3 == 2:
            lines.append("")  # blank lines are skipped but still counted
        lines.append(json.dumps({"id": f"d{i}", "text": text}))
        expected[f"d{i}"] = len(lines)
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    parts, errors = plan_partitions([str(path)], blocksize=blocksize)
    assert errors == []
    docs = [item for p in parts for item in read_partition(p) if isinstance(item, Document)]
    assert sorted(d.id for d in docs) == sorted(expected)
    assert {d.id: d.origin for d in docs} == {k: f"{path}:{n}" for k, n in expected.items()}


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{not json", "invalid JSON"),
        ('["a list"]', "a line must be a JSON object, not list"),
        ('{"id": "x"}', "missing 'text' or 'html'"),
        ('{"text": "3 killed", "published": "May"}', "'published' is not a YYYY-MM-DD date: 'May'"),
    ],
)
def test_read_partition_bad_line_named_by_line_number(
    tmp_path: Path, line: str, reason: str
) -> None:
    good = json.dumps({"id": "ok", "text": "Two people were killed in Aleppo."})
    path = tmp_path / "mixed.jsonl"
    path.write_text(f"{good}\n{line}\n{good.replace('ok', 'ok2').replace('Two', 'Three')}\n",
                    encoding="utf-8")
    (part,), _ = plan_partitions([str(path)])
    items = read_partition(part)
    errors = [i for i in items if isinstance(i, InputError)]
    assert [d.id for d in items if isinstance(d, Document)] == ["ok", "ok2"]
    assert len(errors) == 1 and isinstance(errors[0], ParseError)
    assert errors[0].where == f"{path}:2"
    assert reason in errors[0].reason


def test_expand_path_folders_recursive_and_globs(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("One killed.", encoding="utf-8")
    (tmp_path / "a" / ".partial.txt").write_text("half", encoding="utf-8")
    (tmp_path / "two.html").write_text("<p>Two killed.</p>", encoding="utf-8")
    expected = [str(tmp_path / "a" / "one.txt"), str(tmp_path / "two.html")]
    assert expand_path(str(tmp_path)) == expected
    assert expand_path(str(tmp_path / "*.html")) == [str(tmp_path / "two.html")]


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [("missing.txt", "no such file, folder or glob match"), ("*.nothing", "no files found"),
     ("nosuchproto://x/y.jsonl", "cannot be listed")],
)
def test_plan_partitions_unreadable_path_reported_others_go_on(
    tmp_path: Path, pattern: str, reason: str
) -> None:
    (tmp_path / "ok.txt").write_text("Three people were killed in Homs.", encoding="utf-8")
    bad = pattern if "://" in pattern else str(tmp_path / pattern)
    parts, errors = plan_partitions([bad, str(tmp_path / "ok.txt")])
    assert [p.urls for p in parts] == [(str(tmp_path / "ok.txt"),)]
    assert [(e.where, e.reason.split(" (")[0]) for e in errors] == [(bad, reason)]


def test_read_partition_files_grouped_and_bad_file_reported(tmp_path: Path) -> None:
    for i in range(5):
        (tmp_path / f"{i}.txt").write_text(f"{i + 2} people were killed in Homs.", encoding="utf-8")
    (tmp_path / "5.txt").write_bytes(b"caf\xe9")
    parts, _ = plan_partitions([str(tmp_path)], files_per_partition=4)
    assert [len(p.urls) for p in parts] == [4, 2]
    items = [i for p in parts for i in read_partition(p)]
    assert sum(isinstance(i, Document) for i in items) == 5
    (bad,) = [i for i in items if isinstance(i, InputError)]
    assert bad.where == str(tmp_path / "5.txt") and "not valid UTF-8 at byte 3" in bad.reason


def test_partition_label_names_the_byte_range() -> None:
    assert Partition(("s3://b/x.jsonl",), 10, 5).label == "s3://b/x.jsonl[10:15]"


@pytest.mark.parametrize(("docs", "min_partitions", "at_least"), [
    (1000, 16, 16),  # ~230 KB of JSONL cut for 2 workers x 8
    (400, 1, 2),     # default 64 KB blocks
    (40, 16, 1),     # too small to cut below MIN_BLOCKSIZE
])
def test_min_partitions_cuts_a_small_input_finer_and_still_reads_each_line_once(
        tmp_path: Path, docs: int, min_partitions: int, at_least: int) -> None:
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps({"id": f"d{i}", "text": f"Report {i}: " + "word " * 40})
                            + "\n" for i in range(docs)), encoding="utf-8")
    parts, _ = plan_partitions([str(path)], min_partitions=min_partitions)
    assert len(parts) >= at_least
    if min_partitions > 1 and docs > 100:
        assert len(parts) <= 2 * min_partitions
    ids = [d.id for p in parts for d in read_partition(p) if isinstance(d, Document)]
    assert sorted(ids) == sorted(f"d{i}" for i in range(docs))


def test_min_partitions_spreads_loose_files(tmp_path: Path) -> None:
    for i in range(10):
        (tmp_path / f"a{i}.txt").write_text(f"{i + 2} people were killed in Aleppo.")
    parts, _ = plan_partitions([str(tmp_path)], min_partitions=8)
    assert len(parts) == 10 and all(len(p.urls) == 1 for p in parts)
    assert len(plan_partitions([str(tmp_path)])[0]) == 1
