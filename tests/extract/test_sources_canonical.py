"""Sources as entities: spellings of one source fold into one name; fragments are no source."""

from __future__ import annotations

import pytest

from tollwatch.extract.pipeline import Extractor
from tollwatch.extract.sources import canonical_source
from tollwatch.model import Document

SOHR = "Syrian Observatory for Human Rights"


@pytest.mark.parametrize(("phrase", "name"), [
    ("the Observatory", SOHR),
    ("Britain-based war monitor", SOHR),
    ("UK-based monitoring group", SOHR),
    ("Observatory head Rami Abdurrahman", SOHR),
    ("Abdurrahman", SOHR),
    ("Rami Abdel Rahman", SOHR),
    ("an Observatory toll", SOHR),
    ("the Syrian Observatory for Human Rights (SOHR)", SOHR),
    ("White Helmets", "Syrian Civil Defence"),
    ("the Syrian Civil Defense", "Syrian Civil Defence"),
    ("state SANA news agency", "SANA"),
    ("Syrian state television", "SANA"),
    ("state media", "SANA"),
    ("the interior ministry", "Interior Ministry"),
    ("Ministry of the Interior", "Interior Ministry"),
    ("Doctors Without Borders", "Medecins Sans Frontieres"),
    # a dateline glued to the subject is not part of the name
    ("Mar 2015 Local activists", "Local activists"),
    # other names pass through as written
    ("a police spokesman", "a police spokesman"),
    ("Rossiya 24 state television channel", "Rossiya 24 state television channel"),
    ("residents", "residents"),
])
def test_sources_fold_spellings(phrase: str, name: str) -> None:
    assert canonical_source(phrase) == name


@pytest.mark.parametrize("phrase", ["the regime", "four people", "French criminal", "six others",
                                    "the attack", "the latest death toll"])
def test_sources_reject_fragments(phrase: str) -> None:
    assert canonical_source(phrase) is None


@pytest.mark.parametrize(("text", "source"), [
    ("Air strikes killed 12 civilians in Atareb, the Britain-based war monitor said.", SOHR),
    ("Observatory head Rami Abdurrahman said 12 civilians were killed in Atareb.", SOHR),
    ("Rescuers from the White Helmets said eight people died under the rubble.",
     "Syrian Civil Defence"),
    ("Four people were killed when the regime shelled the town, activists said.", "activists"),
])
def test_sources_on_claims_are_canonical(text: str, source: str, extractor: Extractor) -> None:
    claims = extractor.extract(Document(text=text)).claims
    assert claims and all(c.source == source for c in claims), [c.source for c in claims]
