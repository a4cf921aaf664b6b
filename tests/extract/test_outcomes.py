"""Outcome semantics of shootings: shot is injured unless the death is stated.

Sentence -> expected headline figures, one group of cases per error class seen on local news
pages, in both headline readings (``all``: general news; ``victims``: the WAD convention, where a
bare "was shot" in an atrocity report reads as killed).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tollwatch.extract.pipeline import Extractor
from tollwatch.model import Document, Extraction


@dataclass(frozen=True)
class Case:
    text: str
    killed: int | None
    injured: int | None
    victims_killed: int | None | str = "-"  # "-": not checked


CASES = [
    # --- shot is not killed: the fate must be stated -------------------------------------
    Case("A 7-year-old girl shot in the leg is in stable condition, police said.", None, 1),
    Case("A man was shot Tuesday night and is in critical condition at a local hospital.",
         None, 1),
    Case("Three men were shot outside a bar early Sunday.", None, 3, victims_killed=3),
    Case("A cashier was shot during the robbery.", None, 1, victims_killed=1),
    Case("Two teenagers were wounded in a drive-by shooting on Elm Street.", None, 2),
    Case("His cousin was critically injured in the crash.", None, 1),
    Case("Four people were hurt when the gunman opened fire.", None, 4),
    # --- death stated with the shooting ----------------------------------------------------
    Case("A clerk was shot dead behind the counter.", 1, None),
    Case("A 19-year-old man was fatally shot near the park.", 1, None),
    Case("The driver was shot and later died of his wounds.", 1, None),
    Case("The woman was shot several times and was pronounced dead at the scene.", 1, None),
    Case("A teen was shot and taken to the hospital, where he died.", 1, None),
    Case("A man was shot and killed outside his home.", 1, None),
    Case("The boy died of a fatal head injury.", 1, None),
    # --- another person's death is not the shot person's ---------------------------------
    Case("A woman was shot in the arm and her brother died in the crash.", 1, 1),
    # --- fatal and non-fatal splits ---------------------------------------------------------
    Case("Four people were shot, three fatally, in the apartment.", 3, 1, victims_killed=3),
    Case("Five people were shot, one of them fatally, at the party.", 1, 4),
    Case("Six people were shot and two of them died.", 2, 4),
    Case("Three people were shot Saturday night. One of them died at the hospital.", 1, 2),
    Case("Seven people were shot at the block party. A 22-year-old man died Sunday.", 1, 6),
    Case("One dead, six hurt in a shooting at a bar.", 1, 6),
    Case("One man was killed and two others were hurt.", 1, 2),
    Case("A man was killed and a woman was shot in the leg.", 1, 1),
    # --- the fate told elsewhere on the page -----------------------------------------------
    Case("A man died of his injuries on Sunday. Police said he was shot in the chest.", 1, None),
    # --- victims are not the dead in shooting news ------------------------------------------
    Case("The five victims were taken to the county medical center.", None, None,
         victims_killed=5),
    Case("Among the victims were 12 civilians, the monitor said.", 12, None),
    Case("By Monday night, two victims were in critical condition at the hospital.", None, 2),
    # --- numbers that count things, not people ------------------------------------------
    Case("Officers recovered a nine millimeter handgun from the car.", None, None),
    Case("Police found shell casings in the 4500 block of Elm Street.", None, None),
    # --- ages are not counts -----------------------------------------------------------------
    Case("Two other men, ages 22 and 20, were wounded in the legs.", None, 2),
    Case("The four victims, all between the ages of 18 and 24, were shot in a garage.", None, 4),
    Case("The soldiers, 14, were killed in the ambush.", 14, None),
]


@pytest.fixture(scope="module")
def results(extractor: Extractor) -> dict[str, tuple[Extraction, Extraction]]:
    victims = Extractor(headline="victims")
    docs = [Document(text=c.text, id=str(i)) for i, c in enumerate(CASES)]
    return {c.text: (a, v) for c, a, v in zip(CASES, extractor.pipe(docs), victims.pipe(docs),
                                              strict=True)}


@pytest.mark.parametrize("case", CASES, ids=[c.text[:60] for c in CASES])
def test_outcomes_shooting_case(case: Case,
                                results: dict[str, tuple[Extraction, Extraction]]) -> None:
    general, victims = results[case.text]
    got = [(c.outcome, c.count.best, c.group, c.part_of) for c in general.claims]
    assert (general.killed, general.injured) == (case.killed, case.injured), got
    if case.victims_killed != "-":
        assert victims.killed == case.victims_killed, victims.claims


@pytest.mark.parametrize(
    ("text", "reading", "killed", "injured"),
    [
        ("A farmer was shot in the village.", "all", None, 1),
        ("A farmer was shot in the village.", "victims", 1, None),
        ("Four people were shot, three fatally.", "victims", 3, 1),
    ],
)
def test_outcomes_reading_decides_bare_shot(text: str, reading: str, killed: int | None,
                                            injured: int | None) -> None:
    ex = Extractor(headline=reading).extract(Document(text=text))  # type: ignore[arg-type]
    assert (ex.killed, ex.injured) == (killed, injured)


@pytest.mark.parametrize(
    ("text", "ages"),
    [
        ("Maria Lopez, 35; James Carter, 34; and Linda Moore, 26, died in the shooting.",
         {35, 34, 26}),
        ("Two other men, ages 22 and 20, were wounded in the legs.", {22, 20}),
        ("The victims, aged 17, 19 and 23, were shot at a bus stop.", {17, 19, 23}),
        ("Five teens between the ages of 15 and 18 were hurt.", {15, 18, 16}),
        ("A woman, 19, was killed and a man, 40, was wounded.", {19, 40}),
        ("The mother, who was 24, was shot in her torso.", {24}),
    ],
)
def test_outcomes_ages_are_not_counts(text: str, ages: set[int], extractor: Extractor) -> None:
    ex = extractor.extract(Document(text=text))
    assert not {c.count.best for c in ex.claims} & ages, ex.claims
