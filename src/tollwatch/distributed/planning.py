"""Planning a bulk run: input paths -> partitions (runs where the run is started).

Local folders are listed by the one folder walker (ingest.sources.walk: hidden names skipped,
special files and links out of the folder refused, unreadable folders reported); other
fsspec paths (globs, ``s3://``) by their filesystem.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import fsspec

from tollwatch.errors import InputError
from tollwatch.ingest.reader import input_kind
from tollwatch.ingest.sources import walk

BLOCKSIZE = 64 * 1024  # bytes of JSONL per partition: ~10 long or ~200 short articles
FILES_PER_PARTITION = 25
MIN_BLOCKSIZE = 8 * 1024
_GLOB_CHARS = set("*?[")


@dataclass(frozen=True)
class Partition:
    """What one task reads: whole files, or one byte range of a JSONL file."""

    urls: tuple[str, ...]
    offset: int = 0
    length: int | None = None  # None: the whole of each file
    first_line: int = 1  # line number of the range's first line, for error messages

    @property
    def label(self) -> str:
        """A short name for logs and error messages."""
        if self.length is not None:
            return f"{self.urls[0]}[{self.offset}:{self.offset + self.length}]"
        more = f" (+{len(self.urls) - 1} files)" if len(self.urls) > 1 else ""
        return f"{self.urls[0]}{more}"


def expand_path(path: str, follow_links: bool = False,
                errors: list[InputError] | None = None) -> list[str]:
    """The files a path names: itself, a folder's (recursive) or a glob's, sorted.

    A local folder's refused or unreadable entries are appended to errors (when given).
    """
    try:
        fs, root = fsspec.core.url_to_fs(path)
        if is_local(fs) and fs.isdir(root) and not _GLOB_CHARS & set(root):
            return _walk_local(root, path, follow_links, errors)
        if _GLOB_CHARS & set(root):
            names = [n for n in fs.glob(root) if not fs.isdir(n) and not _hidden(n, "")]
        elif fs.isdir(root):
            names = [n for n in fs.find(root) if not _hidden(n, root)]
        elif fs.exists(root):
            names = [root]  # named explicitly: read even if hidden
        else:
            raise InputError("no such file, folder or glob match", where=path)
    except (OSError, ValueError, ImportError) as exc:  # unknown protocol, missing s3fs, ...
        raise InputError(f"cannot be listed ({exc})", where=path) from exc
    if not names:
        raise InputError("no files found", where=path)
    return [_url(fs, n) for n in sorted(names)]


def _walk_local(root: str, path: str, follow_links: bool,
                errors: list[InputError] | None) -> list[str]:
    found: list[str] = []
    for item in walk(Path(root), follow_links=follow_links):
        if isinstance(item, InputError):
            if errors is not None:
                errors.append(item)
        else:
            found.append(str(item))
    if not found:
        raise InputError("no files found", where=path)
    return found


def _url(fs: fsspec.AbstractFileSystem, name: str) -> str:
    """Local files keep plain paths (readable origins); others keep their protocol."""
    return name if is_local(fs) else str(fs.unstrip_protocol(name))


def is_local(fs: fsspec.AbstractFileSystem) -> bool:
    protocol = fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]
    return protocol in ("file", "local")


def _hidden(name: str, root: str) -> bool:
    """A dot-file or a file in a dot-folder below root (editors and downloads leave them)."""
    below = name[len(root):] if root and name.startswith(root) else PurePosixPath(name).name
    return any(part.startswith(".") for part in PurePosixPath(below).parts if part != "/")


def is_jsonl(url: str) -> bool:
    """A JSONL file by its suffix (the one suffix table, lexicon/input_suffixes.tsv)."""
    return input_kind(url) == "jsonl"


def plan_partitions(
    paths: Iterable[str], blocksize: int = BLOCKSIZE,
    files_per_partition: int = FILES_PER_PARTITION, min_partitions: int = 1,
    follow_links: bool = False,
) -> tuple[list[Partition], list[InputError]]:
    """Cut the inputs into partitions (byte ranges of JSONL files, groups of other files).

    min_partitions shrinks the partitions of a small input (down to MIN_BLOCKSIZE bytes or
    one file) so that every worker gets several: the run then ends when the last small
    partition does, not one large one. A path that names nothing readable is returned as an
    InputError; the others go on.
    """
    errors: list[InputError] = []
    jsonl: list[str] = []
    loose: list[str] = []
    for path in paths:
        try:
            for url in expand_path(path, follow_links, errors):
                (jsonl if is_jsonl(url) else loose).append(url)
        except InputError as exc:
            errors.append(exc)
    if min_partitions > 1:
        total = sum(_size(url) for url in jsonl)
        blocksize = max(MIN_BLOCKSIZE, min(blocksize, total // min_partitions))
        files_per_partition = max(1, min(files_per_partition, len(loose) // min_partitions))
    partitions: list[Partition] = []
    for url in jsonl:
        try:
            partitions.extend(_jsonl_partitions(url, blocksize))
        except InputError as exc:
            errors.append(exc)
    for i in range(0, len(loose), files_per_partition):
        partitions.append(Partition(tuple(loose[i:i + files_per_partition])))
    return partitions, errors


def _size(url: str) -> int:
    try:
        fs, path = fsspec.core.url_to_fs(url)
        return int(fs.size(path) or 0)
    except (OSError, ValueError):
        return 0  # unreadable: _jsonl_partitions reports it


def _jsonl_partitions(url: str, blocksize: int) -> list[Partition]:
    """Byte ranges of a JSONL file, each knowing the number of its first line.

    One streaming pass counts newlines so that errors name "file:line" as in a
    single-process run; it costs a read of the file, small beside extracting it.
    """
    newlines = 0
    offset = 0
    ranges: list[Partition] = []
    try:
        with fsspec.open(url, "rb") as fh:
            while chunk := fh.read(blocksize):
                # read_block starts a range after the first newline at or after its offset
                first_line = 1 if offset == 0 else newlines + 2
                ranges.append(Partition((url,), offset, blocksize, first_line))
                newlines += chunk.count(b"\n")
                offset += len(chunk)
    except OSError as exc:
        raise InputError(f"cannot be read ({exc})", where=url) from exc
    return ranges
