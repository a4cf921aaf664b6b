"""Country evidence beyond place names: demonyms, armed groups, and the sentence of harm."""

from __future__ import annotations

import collections
import functools
import re
from pathlib import Path

from spacy.tokens import Doc

from tollwatch.geo.names import name_key

Votes = dict[str, float]  # country code -> weight of the evidence for it
DEMONYM_FILE = Path(__file__).parent / "data" / "demonyms.tsv"
ACTOR_FILE = Path(__file__).parent / "data" / "actors.tsv"
EVIDENCE_KEY = "tollwatch.geo.country_evidence"
_FOLLOWING = re.compile(r"[\s-]*\S*\s*\S*")
# Nouns after a demonym that point at foreign actors, not at the place of the event.
FOREIGN_NOUNS = frozenset({"nationals", "national", "citizens", "citizen", "embassy", "warplanes",
                           "jets", "aircraft", "drone", "drones", "coalition", "-led", "led",
                           "backed", "-backed", "based", "born", "supported", "tourists",
                           "tourist", "diplomat", "diplomats", "navy", "ambassador"})
# A news outlet within three words after a demonym: "Qatari pan-Arab Al-Jazeera TV",
# "Iranian state television", "a Turkish news agency".
_MEDIA_AFTER = re.compile(r"(?:[\s-]+[\w'’.-]+){0,3}?[\s-]+(?:TV|television|broadcaster|"
                          r"news\s+agency|newspaper|daily|media|channel|outlet|website)\b", re.I)
# A demonym that begins a country's name.
COUNTRY_TAIL = re.compile(r" (?:Arabia|Republic|Democratic Republic)\b")
HARM = re.compile(r"\b(?:kill|dead|death|died|die|wound|injur|shot|slain|murder|massacre|behead"
                  r"|execut|bomb|attack|clash|struck|explo)", re.I)
HARM_KEY = "tollwatch.geo.harm_sentence"


@functools.lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Demonym or adjective (name key) -> ISO alpha-2 country code."""
    table: dict[str, str] = {}
    for line in DEMONYM_FILE.read_text(encoding="utf-8").splitlines():
        cc, words = line.split("\t")
        for word in words.split("|"):
            table[name_key(word)] = cc
            table.setdefault(name_key(word + "s"), cc)  # "Libyans", "Somalis"
    return table


def country_evidence(doc: Doc) -> Votes:
    """Countries the text implies by demonyms ('Afghan city', 'Yemeni port') and actors.

    Kept on ``doc.user_data`` so the several readers of one document pay for it once.
    """
    cached = doc.user_data.get(EVIDENCE_KEY)
    if cached is None:
        cached = _read_evidence(doc.text)
        doc.user_data[EVIDENCE_KEY] = cached
    return collections.defaultdict(float, cached)


def text_evidence(text: str) -> Votes:
    """The demonym and actor evidence of a stretch of text (one sentence, say)."""
    return _read_evidence(text)


def _read_evidence(text: str) -> Votes:
    demonym_re, actor_re, table = evidence_patterns()
    votes: Votes = collections.defaultdict(float)
    for m in demonym_re.finditer(text):
        after = _FOLLOWING.match(text, m.end())
        words = after.group(0).lower().replace("-", " -").split() if after else []
        following = {w.strip(".,;:()[]'\"") or w for w in words}  # "a Brazilian national,"
        if following & FOREIGN_NOUNS:
            continue  # "Saudi-led", "Turkish nationals": foreign actors, not the scene
        if COUNTRY_TAIL.match(text, m.end()):
            continue  # "Saudi Arabia": a country's name, weighed as a place mention
        # "Qatari pan-Arab Al-Jazeera TV": an outlet often reports from abroad; half a vote
        votes[table[name_key(m.group(0))]] += 0.25 if _MEDIA_AFTER.match(text, m.end()) else 0.5
    hits = collections.Counter(table[name_key(m.group(0))] for m in actor_re.finditer(text))
    for cc, n in hits.items():
        votes[cc] += 0.25 * min(n, 2)  # a weak prior: the actor often fights abroad too
    return votes


@functools.lru_cache(maxsize=1)
def evidence_patterns() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """One regex for demonyms, one for armed groups and regions that point to one country."""
    table = dict(demonyms())
    words = [w for line in DEMONYM_FILE.read_text(encoding="utf-8").splitlines()
             for w in line.split("\t")[1].split("|")]
    actors: list[str] = []
    for line in ACTOR_FILE.read_text(encoding="utf-8").splitlines():
        cc, names = line.split("\t")
        for name in names.split("|"):
            actors.append(name)
            table.setdefault(name_key(name), cc)
    demonym_re = re.compile(r"\b(?:" + "|".join(
        re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")s?\b")
    actor_re = re.compile(r"\b(?:" + "|".join(
        re.escape(a) for a in sorted(actors, key=len, reverse=True)) + r")\b")
    return demonym_re, actor_re, table


def harm_sentence(doc: Doc) -> tuple[int, int] | None:
    """Character span of the first sentence that tells of harm (the scene of the event)."""
    cached = doc.user_data.get(HARM_KEY, False)
    if cached is False:
        cached = next(((s.start_char, s.end_char) for s in doc.sents if HARM.search(s.text)),
                      None)
        doc.user_data[HARM_KEY] = cached
    return cached  # type: ignore[no-any-return]
