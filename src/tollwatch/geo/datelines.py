"""Where a story says it was filed: datelines and the state a US town is put in.

"UNION, S.C. --", "PUYALLUP, Wash. (AP) --", "HAWTHORNE —": a news story opens on the town
it was filed from, in capitals, often with the state in AP style or as a postal code. The
same abbreviations follow towns in running text ("in Tulsa, Okla., on Monday"). The state
table is data (``lexicon/geo_us_states.tsv``).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from tollwatch.geo.names import name_key
from tollwatch.lexicon import table, words

# A dateline sits in the first lines, after page chrome ("January 1, 2013 7:18 PM").
DATELINE_WINDOW = 600
# One to four capitalised words in capitals; at least three letters in all.
_CAPS_TOWN = r"(?P<town>[A-Z][A-Z.'’]+(?:[ -][A-Z][A-Z.'’]+){0,3})"
# After the town: the state (", S.C.", ", Wash.", ", CA"), the outlet ("(AP)", "(CBSLA.com)"),
# then a dash of any length: "--", "—", "–", "-".
_DATELINE_TAIL = r"(?:,\s*(?P<state>[A-Z][\w.]*(?:\s?[A-Z][\w.]*)?))?\s*(?:\([^()\n]{1,40}\)\s*)?" \
                 r"(?:--|[—–]|-(?=\s))"


@dataclass(frozen=True)
class Dateline:
    """The town a story was filed from, and the state its dateline names (postal code)."""

    town: str
    start: int
    end: int
    state: str | None


@functools.cache
def us_states() -> dict[str, str]:
    """State name, postal code or AP abbreviation (name key) -> postal code."""
    out: dict[str, str] = {}
    for row in table("geo_us_states"):
        code = row["postal"]
        for form in (code, row["name"], *row["ap"].split("|")):
            out[name_key(form)] = code
    return out


def state_code(text: str) -> str | None:
    """The postal code a state's name or abbreviation stands for ('Okla.', 'S.C.', 'TX')."""
    text = text.strip().rstrip(",")
    if text.isupper() and len(text) == 2 and "." not in text:
        return us_states().get(name_key(text))  # a postal code: only in capitals ("OR", "IN")
    if len(name_key(text)) == 2 and "." not in text:
        return None  # "in", "or", "me": words, not states
    if "." in text and len(name_key(text)) == 2 and text not in ap_abbreviations():
        return None  # "Police I.D. the victim": a postal code spelt with dots is no AP form
    return us_states().get(name_key(text))


@functools.cache
def ap_abbreviations() -> frozenset[str]:
    """The AP-style abbreviations as written: 'S.C.', 'Okla.', 'D.C.'."""
    return frozenset(form for row in table("geo_us_states") for form in row["ap"].split("|"))


@functools.cache
def _dateline_re() -> re.Pattern[str]:
    return re.compile(rf"(?:^|\n|\s\s|\b(?:AM|PM|a\.m\.|p\.m\.)\s+){_CAPS_TOWN}{_DATELINE_TAIL}")


def find_dateline(text: str) -> Dateline | None:
    """The dateline among the story's first lines, when it has one.

    Capitalised words that are not a town ("UPDATE --", "BREAKING —") are never datelines
    (``lexicon/geo_not_datelines.txt``).
    """
    for m in _dateline_re().finditer(text, 0, DATELINE_WINDOW):
        town = m.group("town").strip()
        if len(name_key(town)) < 3 or town.casefold() in words("geo_not_datelines"):
            continue
        state = state_code(m.group("state")) if m.group("state") else None
        if m.group("state") and state is None and not _country_like(m.group("state")):
            continue  # "SMITH, a neighbour --": a name and a word, not a dateline
        return Dateline(town, m.start("town"), m.end("town"), state)
    return None


def _country_like(text: str) -> bool:
    """'Syria', 'Nigeria': a dateline abroad names the country after the town."""
    return text[:1].isupper() and text[1:2].islower() and not text.endswith(".")


# "Tulsa, Okla.", "Union, S.C.", "Fresno, CA": a town, then the state it lies in.
# The state is read in a lookahead so that "Monday, Tulsa, Okla." still finds Tulsa.
_TOWN_STATE = re.compile(r"(?P<town>[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,3})(?=,\s+"
                         r"(?P<state>[A-Z][a-z]{1,4}\.|[A-Z]\.\s?[A-Z][a-z]?\.|[A-Z]{2}\b|"
                         r"[A-Z][a-z]+(?: [A-Z][a-z]+)?))")


@dataclass(frozen=True)
class TownState:
    """A town and the state written after it: 'Tulsa, Okla.' (offsets of both, postal code)."""

    start: int
    end: int
    state_start: int
    state_end: int
    state: str


def town_state_pairs(text: str) -> list[TownState]:
    """Every town followed by a state's name or abbreviation."""
    out = []
    for m in _TOWN_STATE.finditer(text):
        state = m.group("state")
        code = state_code(state)
        if code is None and " " in state:  # "Tulsa, Oklahoma Highway Patrol"
            state = state.split()[0]
            code = state_code(state)
        if code is not None:
            at = m.start("state")
            out.append(TownState(m.start("town"), m.end("town"), at, at + len(state), code))
    return out


def named_states(text: str) -> list[str]:
    """Postal codes of the US states a stretch of text names after a town."""
    return [pair.state for pair in town_state_pairs(text)]


_URL_WORDS = re.compile(r"[a-z]+")


_ARCHIVED = re.compile(r"^.*?://(?:web\.archive\.org/web/\d+\w*/)?(?:https?://)?")


def url_host(url: str | None) -> str:
    """A page's host, an archive's own prefix and any port left out: 'wtae.com'."""
    if not url:
        return ""
    return _ARCHIVED.sub("", url).split("/")[0].split(":")[0].casefold()


def url_words(url: str | None) -> list[str]:
    """The words of a page's host and path: 'losangeles.cbslocal.com/2013/...' -> words.

    The scheme, an archive's own prefix and the last path part (the story's slug, which
    names the scene itself, read from the text anyway) are left out.
    """
    if not url:
        return []
    url = _ARCHIVED.sub("", url)
    parts = url.split("/")
    kept = parts[:-1] if len(parts) > 2 else parts
    return [w for part in kept for w in _URL_WORDS.findall(part.casefold())
            if w not in words("geo_url_stopwords")]
