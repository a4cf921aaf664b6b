"""Syndicated copies: a wire story under another byline is recognised; other stories are not."""

from __future__ import annotations

import pytest

from tollwatch.ingest.syndication import COPY_SIMILARITY, bands, body_hash, shingles, similarity

STORY = (
    "Fighting between Syrian government security forces and gunmen loyal to ousted President "
    "Bashar Assad in the coastal province of Latakia has killed 200 people, the Syrian "
    "Observatory for Human Rights said on Friday.\n\nThe clashes erupted on Thursday near the "
    "coastal city of Jableh, when Assad loyalists ambushed a security patrol, the monitor said."
)


@pytest.mark.parametrize(
    "copy",
    [
        "DAMASCUS (Levant Wire) — " + STORY + "\n\nReporting by Levant Wire staff",
        "By Gulf Daily staff\n\n" + STORY + "\n\nAlso read: Oil prices rise\n\n© 2025 Gulf Daily",
        "BEIRUT, March 7 (Reuters) - " + STORY.upper().lower().replace("\n\n", "\n"),
    ],
)
def test_syndication_same_body_under_other_framing_is_a_copy(copy: str) -> None:
    assert body_hash(copy) == body_hash(STORY)
    assert similarity(shingles(copy), shingles(STORY)) == 1.0


def test_syndication_lightly_edited_copy_is_similar_and_shares_a_band() -> None:
    edited = STORY.replace("on Friday", "late on Friday").replace("monitor said", "group said")
    score = similarity(shingles(edited), shingles(STORY))
    assert score >= COPY_SIMILARITY
    assert set(bands(shingles(edited))) & set(bands(shingles(STORY)))


@pytest.mark.parametrize(
    "other",
    [
        "A suicide bomber killed 18 people at a market in Bannu, Pakistan, on Tuesday.",
        STORY.replace("has killed 200 people", "has killed 1,018 people") + (
            " The Observatory said 745 civilians, 125 members of the security forces and 148 "
            "militants were among the dead, and residents described bodies lying in the streets "
            "of Baniyas as gunmen went from house to house over three days of revenge killings."),
    ],
)
def test_syndication_different_story_is_not_a_copy(other: str) -> None:
    assert body_hash(other) != body_hash(STORY)
    assert similarity(shingles(other), shingles(STORY)) < COPY_SIMILARITY


def test_syndication_reissued_story_with_a_revised_figure_is_not_a_copy() -> None:
    from tollwatch.ingest.syndication import figures, is_copy

    revised = STORY.replace("has killed 200 people", "has killed 1,018 people")
    assert similarity(shingles(revised), shingles(STORY)) >= COPY_SIMILARITY
    assert figures(revised) == {"1018"}
    assert is_copy(shingles(revised), figures(revised), STORY)[0] is False
    assert is_copy(shingles(STORY), figures(STORY), "By Staff\n\n" + STORY)[0] is True
