"""The main place of a short story, read the way extraction reads it (shared by geo tests)."""

from __future__ import annotations

from tollwatch.extract.nlp import load_nlp
from tollwatch.geo.context import story_context
from tollwatch.geo.gazetteer import load_gazetteer
from tollwatch.geo.toponyms import main_place, resolve_mentions, with_title
from tollwatch.model import Place


def main_place_of(text: str, title: str | None = None, url: str | None = None) -> Place:
    """The main place of text with its title and URL; fails when there is none."""
    nlp, gaz = load_nlp(), load_gazetteer()
    doc = nlp(text)
    context = story_context(text, gaz, title, url)
    if title:
        context = with_title(context, nlp(title), gaz)
    place = main_place(resolve_mentions(doc, gaz, context), doc, gaz, context)
    assert place is not None
    return place
