"""Drop web boilerplate lines (teasers, comment forms, share bars) from scraped plain text."""

from __future__ import annotations

import re

# Each pattern matches a whole line that belongs to the page around an article, not to it.
_BOILERPLATE = re.compile(
    r"""^\s*(?:
        (?:also\s+read|read\s+more|read\s+also|related|recommended|more\s+from|see\s+also|watch)\s*[:|\-–—].*
      | leave\s+a\s+(?:reply|comment)
      | (?:post\s+a\s+comment|add\s+a\s+comment|comments?\s*\(\d*\))
      | your\s+email\s+address\s+will\s+not\s+be\s+published.*
      | required\s+fields\s+are\s+marked.*
      | (?:share|share\s+this|share\s+on\s+\w+|tweet|follow\s+us(?:\s+on\s+\w+)?)[.!]?
      | subscribe(?:\s+to\s+.*)?[.!]?
      | (?:advertisement|sponsored(?:\s+content)?|click\s+here.*|sign\s+up\s+for.*newsletter.*)
      | (?:all\s+rights\s+reserved.*|©.*|copyright\s+©?.*)
      | (?:save\s+my\s+name,\s+email.*|cookie\s+(?:policy|settings).*|accept\s+cookies.*)
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)


def is_boilerplate(line: str) -> bool:
    """True when a line is page furniture rather than article text."""
    return bool(_BOILERPLATE.match(line))


def strip_boilerplate(text: str) -> str:
    """Remove boilerplate lines and normalise line endings; paragraphs stay blank-line separated."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept = [line.rstrip() for line in text.split("\n") if not is_boilerplate(line)]
    cleaned = "\n".join(kept)
    cleaned = re.sub(r"\n{3,}", "\n\n", cleaned)
    return cleaned.strip()
