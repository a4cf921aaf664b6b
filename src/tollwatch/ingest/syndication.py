"""Recognise syndicated copies: the same wire story on two sites, framed by different bylines.

A copy rarely has the same bytes as its original: sites add a dateline, a byline, a credit
line or a teaser. We fold the body to lower-case words without those framing lines, hash it
(exact copies), and keep a MinHash signature of its word 5-shingles whose bands let a store
find near-identical bodies in one indexed lookup instead of comparing against every document.
Two bodies whose figures differ are never copies, however similar: a re-issued story with a
revised toll is a new report, not a copy.
"""

from __future__ import annotations

import hashlib
import re
import struct
from collections.abc import Iterable

import numpy as np

from tollwatch.ingest.boilerplate import is_boilerplate

SHINGLE = 3  # short wire items: 3-grams keep a light edit above the copy threshold
BANDS = 16
ROWS = 4
COPY_SIMILARITY = 0.8  # word-shingle Jaccard at or above which two bodies are one story

# Lines that frame a wire story differently on each site rather than telling it.
_FRAMING = re.compile(
    r"""^\s*(?:
        by\s+[\w.'’\- ]{2,60}                                   # By Jane Doe
      | (?:reporting|writing|editing|additional\s+reporting)\s+by\b.*
      | (?:source|sources|photo|image|credit|via)\s*:.*
      | (?:published|updated|posted|last\s+updated)\b.{0,60}
      | [\w.’'\- ]{2,40}\s+(?:staff|correspondent|reporter|desk|news\s+agency)
      | \(?(?:reuters|ap|afp|associated\s+press|agence\s+france-presse|sana|xinhua)\)?
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
# A dateline such as "BEIRUT (AP) — " or "DAMASCUS, March 9 (Reuters) - " at the start of a body.
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z .'\-]{2,40}(?:,\s*[A-Z][a-z]+\.?\s+\d{1,2})?"
    r"\s*(?:\([\w .]{1,40}\))?\s*[-–—:]+\s*"
)
_WORD = re.compile(r"\w+", re.UNICODE)
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_MASK = (1 << 61) - 1


def body_words(text: str) -> list[str]:
    """The story's words, lower-cased, without bylines, datelines, credits and boilerplate."""
    return _WORD.findall(" ".join(body_lines(text)).lower())


def body_hash(text: str) -> str:
    """A hash of the normalised body: equal for copies that differ only in framing."""
    return hashlib.sha256(" ".join(body_words(text)).encode("utf-8")).hexdigest()


def shingles(text: str, size: int = SHINGLE) -> set[int]:
    """Hashed word n-grams of the normalised body (the whole body when it is shorter)."""
    words = body_words(text)
    if len(words) < size:
        grams: Iterable[tuple[str, ...]] = [tuple(words)] if words else []
    else:
        grams = (tuple(words[i:i + size]) for i in range(len(words) - size + 1))
    return {_hash64(" ".join(g)) for g in grams}


def figures(text: str) -> frozenset[str]:
    """The distinct numbers a body states, thousands separators removed.

    A set, not a list: a page that repeats its headline figure above the story still states
    the same figures as the bare wire text.
    """
    return frozenset(n.replace(",", "") for n in _NUMBER.findall(" ".join(body_lines(text))))


def body_lines(text: str) -> list[str]:
    """The story's lines without framing (bylines, datelines, credits, boilerplate)."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    kept = [ln for ln in lines if not (_FRAMING.match(ln) or is_boilerplate(ln))]
    if kept:
        kept[0] = _DATELINE.sub("", kept[0], count=1)
    return kept


def is_copy(shingles_a: set[int], figures_a: frozenset[str], text_b: str) -> tuple[bool, float]:
    """Whether text_b tells the same story as a body with these shingles and figures."""
    score = similarity(shingles_a, shingles(text_b))
    return score >= COPY_SIMILARITY and figures_a == figures(text_b), score


def similarity(a: set[int], b: set[int]) -> float:
    """Jaccard similarity of two shingle sets."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def bands(shingle_set: set[int]) -> list[str]:
    """LSH band keys of a MinHash signature: copies share at least one band with high odds."""
    if not shingle_set:
        return []
    hashes = np.fromiter(shingle_set, dtype=np.uint64, count=len(shingle_set))
    # uint64 arithmetic wraps modulo 2**64, which keeps the low 61 bits the mask selects:
    # the same signature as exact integers, without a Python loop per shingle
    products = np.multiply.outer(_A, hashes) + _B[:, None]
    signature = (products & np.uint64(_MASK)).min(axis=1).tolist()
    keys = []
    for band in range(BANDS):
        rows = signature[band * ROWS:(band + 1) * ROWS]
        digest = hashlib.blake2b(struct.pack(f"<{ROWS}Q", *rows), digest_size=8).hexdigest()
        keys.append(f"{band:02d}:{digest}")
    return keys


def _hash64(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


def _permutations(n: int) -> list[tuple[int, int]]:
    # Fixed seeds so signatures stored by one run match those computed by the next.
    out = []
    for i in range(n):
        h = hashlib.sha256(f"tollwatch-minhash-{i}".encode()).digest()
        out.append((int.from_bytes(h[:8], "little") | 1, int.from_bytes(h[8:16], "little")))
    return out


_PERMUTATIONS = _permutations(BANDS * ROWS)
_A = np.array([a for a, _ in _PERMUTATIONS], dtype=np.uint64)
_B = np.array([b for _, b in _PERMUTATIONS], dtype=np.uint64)
