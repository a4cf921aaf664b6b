"""Whether a figure is current or an earlier one the text marks as superseded."""

from __future__ import annotations

import re

from tollwatch.model import Status

# Words just before a figure that mark it as an earlier estimate: "previous estimate of 200",
# "up from 12", "revised from 30", "initially reported 5".
_BEFORE = re.compile(
    r"""(?:\b(?:previous|previously|earlier|initial|initially|original|originally|old|first|
        prior)\b[\w\s,'-]{0,30}?(?:\b(?:estimate|estimated|toll|figure|count|tally|report|reports|
        number|reported|said|put|gave|stated|stood|was|were|of|at)\b)\s*$
      | \b(?:up|down|revised|raised|rising|rose|increased|climbing|climbed|jumped|lowered|
        corrected|from)\s+from\s*$
      | \b(?:up|down|rose|rising|revised|increased|climbed|jumped|risen)\s+from\s+(?:an?\s+)?
        (?:earlier|initial|previous)?\s*(?:\w+\s+)?(?:of\s+)?$
    )""",
    re.IGNORECASE | re.VERBOSE,
)


_EARLIER_SENTENCE = re.compile(
    r"^\W*(?:an?|the)\s+(?:earlier|initial|previous|first|preliminary|original)\s+"
    r"(?:death\s+)?(?:toll|report|figure|estimate|count|tally|statement)s?\b",
    re.IGNORECASE,
)


def find_status(text: str, start: int, end: int, sentence_start: int) -> Status:
    """Superseded when the words around the figure mark it as an earlier estimate."""
    if _EARLIER_SENTENCE.match(text[sentence_start:start]):
        return "superseded"  # "An earlier toll issued by the ministry said that 10 ..."
    before = text[max(sentence_start, start - 60):start]
    if _BEFORE.search(before):
        return "superseded"
    if re.search(r"\bfrom\s*$", before, re.IGNORECASE):
        after = text[end:end + 40]
        if re.match(r"^\s*(?:\w+\s+){0,2}to\s+(?:at\s+least\s+|more\s+than\s+|over\s+)?\d", after):
            return "superseded"  # "rose from 10 to 15": 10 is the old figure
    return "current"


# "the death toll has risen to 85", "the toll climbed to 40": a later figure that updates the lead.
_UPDATE = re.compile(
    r"\b(?:ris(?:en|ing)|rose|climbed|climbing|increased|jumped|reached|mounted|grew|"
    r"updated|revised|new\s+(?:death\s+)?toll|latest\s+(?:death\s+)?toll)\b[^.;]{0,40}$",
    re.IGNORECASE,
)


def is_update(text: str, start: int, sentence_start: int) -> bool:
    """Whether the words before a figure present it as an updated toll ("has risen to 85")."""
    return bool(_UPDATE.search(text[max(sentence_start, start - 60):start]))


# "denied reports that 200 people were killed": a figure the text reports only to reject it.
_DENIED = re.compile(
    r"\b(?:den(?:y|ies|ied|ying)|reject(?:s|ed|ing)?|dismiss(?:es|ed|ing)?|refut(?:es|ed|ing)|"
    r"rebut(?:s|ted|ting)?)\b[^.;]{0,60}$",
    re.IGNORECASE,
)


def is_denied(text: str, start: int, sentence_start: int) -> bool:
    """Whether the words before a figure deny it ("officials denied that hundreds died")."""
    return bool(_DENIED.search(text[max(sentence_start, start - 80):start]))
