"""Drop web boilerplate (teasers, menus, captions, share bars, sign-up forms) from page text.

Three general rules, no site templates:
- a line that is page furniture by its form (``is_boilerplate``: share bars, caption counters,
  sign-up and notification forms, copyright lines, bare URLs, video teasers, menus of items
  split by ``|``);
- a teaser list: a header such as "Most Popular Stories" or "Related Content" and the
  headline-like lines under it, which report other stories;
- a caption or teaser cut short with "..." that repeats the start of another line.
The article's own lines are never removed for being short: only their form decides.
"""

from __future__ import annotations

import re

# Each pattern matches a whole line that belongs to the page around an article, not to it.
_BOILERPLATE = re.compile(
    r"""^\s*(?:
        (?:also\s+read|read\s+more|read\s+also|related|recommended|more\s+from|see\s+also|watch)\s*[:|\-–—].*
      | leave\s+a\s+(?:reply|comment)
      | (?:post\s+a\s+comment|add\s+a\s+comment|comments?\s*\(\d*\)|\d+\s+pending\s+comments?)
      | your\s+email\s+address\s+will\s+not\s+be\s+published.*
      | required\s+fields\s+are\s+marked.*
      | (?:share|share\s+this|share\s+on\s+\w+|tweet|follow\s+us(?:\s+on\s+\w+)?)[.!]?
      | (?:share\s+this|like\s+this)\s*:.*
      | (?:facebook|twitter|google|pinterest|linkedin|reddit|email|print|more|close|enlarge|
         social|comments|advertisements?|watch\s+this\s+story|scroll\s+down\s+for\s+video)[.:!]?
      | subscribe(?:\s+to\s+.*)?[.!]?
      | (?:advertisement|sponsored(?:\s+content)?|click\s+here.*|sign\s+up\s+(?:for|to)\s.*)
      | (?:all\s+rights\s+reserved.*|©.*|copyright\s+©?.*|\(.*(?:copyright|©).*\)?)
      | (?:save\s+my\s+name,\s+email.*|cookie\s+(?:policy|settings).*|accept\s+cookies.*)
      # photo galleries: "Image 3 of 11 ...", "Photo: ... Caption Close", "1 / 3 Back to Gallery"
      | image\s+\d+\s+of\s*/?\s*\d+.* | photo\s*:.* | .*\bcaption\s+close | gallery\s*:.*
      | .*\bback\s+to\s+gallery | gallery_thumbnails.*
      # video players and teasers: "Video (01:00) : ...", "5:35 New details emerge ..."
      | video\s*\(\d+:\d+\)\s*:?.* | please\s+enable\s+javascript.*
      | \d{1,2}:\d{2}\s+[A-Z].*[^.!?"”]
      # sign-up, notification and verification forms; share-by-mail forms
      | (?:close\s+)?get\s+email\s+notifications.* | your\s+notification\s+has\s+been\s+saved.*
      | there\s+was\s+a\s+problem\s+saving.* | email\s+notifications\s+are\s+only\s+sent.*
      | whenever\s+.{1,60}\s+posts\s+new\s+content.* | just\s+one\s+more\s+thing.*
      | we\s+have\s+sent\s+you\s+a\s+verification.*
      | if\s+you\s+do\s+not\s+receive\s+the\s+verification.*
      | message\s*:\s*\*.* | you\s+must\s+enter\s+the\s+characters.*
      | (?:read\s+or\s+share\s+this\s+story|get\s+the\s+latest\s+from|stay\s+up\s+to\s+date|
         join\s+the\s+conversation|for\s+more\s+[\w\s]{0,30}news)\b.*
      # weather alerts in a station's page header
      | (?:tornado|lake\s+effect\s+snow|winter\s+(?:storm|weather)|(?:flash\s+)?flood|
         severe\s+thunderstorm|heat|wind\s+chill|freeze|frost|dense\s+fog|high\s+wind|blizzard|
         ice\s+storm|wind|fire\s+weather|red\s+flag)\s+(?:warning|watch|advisory)\s+issued\b.*
      # a bare link, a bare map point
      | (?:https?://|www\.)\S+ | -?\d{1,3}\.\d+\s*,?\s+-?\d{1,3}\.\d+
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
# Headers of lists of other stories: every headline-like line under them goes too.
_TEASER_HEADER = re.compile(
    r"""^\s*(?:most\s+(?:popular|read|viewed|shared)(?:\s+(?:stories|articles|news|videos))?|
    top\s+(?:stories|news|videos)|trending(?:\s+(?:now|stories|news))?|must\s+read.*|
    more\s+(?:stories|local\s+news|news|headlines|videos)|related(?:\s+(?:content|coverage|
    stories|links|articles|news|videos))?|stories\s+of\s+the\s+day.*|you\s+(?:may|might)\s+also\s+
    like|also\s+on\s+[\w\s]+|also|latest\s+(?:news|stories|headlines)|recommended(?:\s+for\s+you)?|
    (?:other|more)\s+headlines|popular(?:\s+stories)?|in\s+case\s+you\s+missed\s+it|
    what'?s\s+(?:hot|new))\s*[:.…]*\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
# A menu bar: several short items split by pipes ("FREE APPS | NOW | FACEBOOK | TWITTER").
_MENU_ITEM = re.compile(r"^[^.!?]{1,30}$")
_ELLIPSIS = ("...", "…")
_TEASER_MAX_WORDS = 16


def is_boilerplate(line: str) -> bool:
    """True when a line is page furniture rather than article text."""
    return bool(_BOILERPLATE.match(line)) or _is_menu(line)


def _is_menu(line: str) -> bool:
    items = [item.strip() for item in line.split("|")]
    return len(items) >= 3 and all(_MENU_ITEM.match(item) for item in items if item)


def _is_headline_like(line: str) -> bool:
    """A teaser: short, and not a sentence of the story (no closing full stop)."""
    text = line.strip()
    return bool(text) and len(text.split()) <= _TEASER_MAX_WORDS and \
        not text.endswith((".", "!", "?", '."', ".”", ":"))


def _drop_teaser_lists(lines: list[str]) -> list[str]:
    """Remove each teaser-list header and the headline-like lines that follow it."""
    kept: list[str] = []
    in_list = False
    for line in lines:
        if _TEASER_HEADER.match(line):
            in_list = True
            continue
        if in_list and (not line.strip() or _is_headline_like(line)):
            continue
        in_list = False
        kept.append(line)
    return kept


def _drop_cut_copies(lines: list[str]) -> list[str]:
    """Remove captions and teasers cut short with '...' that repeat the start of another line."""
    stripped = [line.strip() for line in lines]
    out = []
    for n, line in enumerate(lines):
        text = stripped[n]
        if text.endswith(_ELLIPSIS):
            stem = text.rstrip(".… ").strip()
            if len(stem) >= 20 and any(k != n and other.startswith(stem) and len(other) > len(stem)
                                       for k, other in enumerate(stripped)):
                continue
        out.append(line)
    return out


def strip_boilerplate(text: str) -> str:
    """Remove boilerplate lines and normalise line endings; paragraphs stay blank-line separated."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in text.split("\n") if not is_boilerplate(line)]
    lines = _drop_cut_copies(_drop_teaser_lists(lines))
    cleaned = "\n".join(lines)
    cleaned = re.sub(r"\n{3,}", "\n\n", cleaned)
    return cleaned.strip()


# "Four shot in Tangelo Park - FOX 35 News Orlando", "... | Chattanooga News": the outlet's
# name after the story's own title.
_TITLE_TAIL = re.compile(r"\s+[-|–—]\s+")
# How far into the text a title already standing there is looked for, and how much of it.
_TITLE_REACH, _TITLE_PROBE = 600, 40


def story_title(title: str | None) -> str:
    """A page title without the outlet's name after it ("... - WAFF-TV: News, Weather")."""
    title = " ".join((title or "").split())
    head = _TITLE_TAIL.split(title, maxsplit=1)[0]
    return head if len(head.split()) >= 3 else title


def with_title(text: str, title: str | None) -> str:
    """The text an article is read from: its title, then its body.

    A news page's headline states its event ("4 injured by gunfire in Sacramento") and is often
    all that is left of a page whose body is menus and teasers; the title is put first unless
    the body already opens with it (wire copy, many plain-text files).
    """
    head = story_title(title)
    if not head:
        return text
    probe = " ".join(head.lower().split())[:_TITLE_PROBE]
    if probe in " ".join(text[:_TITLE_REACH].lower().split()):
        return text
    return f"{head}\n\n{text}" if text.strip() else head
