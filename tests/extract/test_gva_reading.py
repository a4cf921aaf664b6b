"""Local shooting news: victims the figures miss when nobody writes a number.

Sentence -> expected ``all`` headline figures, one group of cases per error class.
"""

from __future__ import annotations

import pytest

from tollwatch.extract.pipeline import Extractor
from tollwatch.model import Document

CASES = [
    # --- self-inflicted harm: the reflexive object is the victim ---------------------------
    ("A 6-year-old boy accidentally shot himself in the hand at his grandparents' house.",
     None, 1),
    ("Deputies said the teenager shot herself in the foot while cleaning a rifle.", None, 1),
    ("The gunman fatally shot himself as officers closed in.", 1, None),
    ("After the standoff the man killed himself inside the garage.", 1, None),
    # --- reflexives that are not victims ----------------------------------------------------
    ("The officer introduced himself to the crowd outside the courthouse.", None, None),
    # --- carried to hospital: hurt, unless the death is told ----------------------------------
    ("A 17-year-old boy was rushed to a nearby hospital after the gunfire.", None, 1),
    ("Three women were taken to Mercy Medical Center after the shooting.", None, 3),
    ("The cyclist was airlifted to a trauma center in Denver.", None, 1),
    ("The driver was taken to St. Luke's Hospital, where she died that night.", 1, None),
    ("The clerk was driven to the hospital by a friend. He died early Sunday.", 1, None),
    ("Two people were taken to the hospital. One of them died the next morning.", 1, 1),
    ("The suspect was taken to the county jail after the arrest.", None, None),
    # --- victims found: their fate is still unsaid ----------------------------------------------
    ("Officers arriving at the scene found three victims in the parking lot.", None, None),
    ("Deputies found two victims with gunshot wounds to the legs.", None, 2),
    ("Hikers found the bodies of two men near the trail.", 2, None),
    ("Officers found a receipt for a shotgun and four rifles in his apartment.", None, None),
    ("The victim was sitting on the porch with two friends, police said.", None, None),
    # --- an age standing alone for the person -------------------------------------------------
    ("A 9-year-old is dead after a shooting at a birthday party.", 1, None),
    ("An 11-month-old was rushed to the hospital with a bullet wound.", None, 1),
    ("Neighbors said a 14-year-old was shot in the shoulder near the school.", None, 1),
    ("The boy turned 12 last week; his 40-year-old uncle was not home.", None, None),
    # --- one person hurt, then dead: the same person, not one more hurt ------------------------
    ("Officers said the clerk was brought out of the store in critical condition. "
     "According to a police spokesman, she later died at Mercy Hospital.", 1, None),
    ("Dorsey was wounded in the chest, the coroner said. Marcus Dorsey died an hour later.",
     1, None),
    ("The victim suffered a gunshot wound to the neck. He died at the scene.", 1, None),
    # --- in critical condition: alive and hurt --------------------------------------------------
    ("Two men were killed and two others remain in critical condition after the robbery.", 2, 2),
    ("Three men were in serious condition on Sunday, police said.", None, 3),
    ("He remains in critical condition at Grady Hospital.", None, 1),
    ("The city's economy remains in critical condition, the mayor said.", None, None),
    # --- headlinese: "N shot" is people shot; the dead after them are among them -------------
    ("5 Shot, 2 Killed In Oak Street Lounge Shooting", 2, 3),
    ("Five shot, two killed outside Oak Street lounge", 2, 3),
    ("Three shot, one dead in Riverside shooting", 1, 2),
    ("Four shot at Midland Street birthday party", None, 4),
    ("Police said 27 shots were fired into the house.", None, None),
    ("One shot rang out just after midnight.", None, None),
    # --- victims taken to hospital: hurt when their injuries are told -----------------------
    ("The four victims were taken to the hospital with non-life-threatening injuries.",
     None, 4),
    ("The two victims were taken to Mercy Hospital in stable condition.", None, 2),
    # --- found or taken with wounds ---------------------------------------------------------
    ("Eight people were taken to San Francisco General with injuries that were not "
     "life-threatening.", None, 8),
    ("Deputies said three men were found with gunshot wounds inside the bar. Two of those men "
     "later died.", 2, 1),
    # --- struck by gunfire is shot ----------------------------------------------------------
    ("Officers found four victims who had been struck by gunfire.", None, 4),
    ("A man was hit by a stray bullet while sitting on his porch.", None, 1),
    ("A woman was struck by gunfire and died at the scene.", 1, None),
    ("The parked car was struck by gunfire.", None, None),
    ("A man was struck by a car on Main Street.", None, None),
    # --- headlines drop their articles: a bare person noun is one person ----------------------
    ("Teen shot in leg near Elm Street school", None, 1),
    ("Man Killed In Crash On Route 9", 1, None),
    ("Officer wounded in shootout with robbery suspect", None, 1),
    ("Police said victim was taken to hospital by a friend.", None, None),
    # --- no harm: denied, or a feeling -------------------------------------------------------
    ("The other boy, a 9-year-old, was not hurt.", None, None),
    ("It hurt my heart to see him like that, his mother said.", None, None),
    ("He did not mean to hurt him, his lawyer said.", None, None),
    ("A man was hurt in the blast on Main Street.", None, 1),
    ("The explosion hurt 12 people at the market.", None, 12),
    # --- people shot, told twice: split alike -------------------------------------------------
    ("Four people were shot outside a bar early Sunday. Police said four people were shot, "
     "one fatally.", 1, 3),
    # --- "a triple homicide", "a quadruple shooting": a count of people ------------------------
    ("Police are investigating a triple homicide in Fuller Park.", 3, None),
    ("Two men were charged in the double murder of a couple in Elm Grove.", 2, None),
    ("A quadruple shooting on the Northside left a child dead on Saturday.", 1, 3),
    ("The double shooting happened just after 2 a.m.", None, 2),
    ("2 dead, 2 wounded in quadruple shooting in New Orleans", 2, 2),
    ("The horse won the triple crown in 1978.", None, None),
    # --- gunshot wounds are shots: fate as the page tells it ------------------------------------
    ("Three people suffered gunshot wounds in the shooting.", None, 3),
    ("Four people were found dead in the house. All four victims suffered gunshot wounds.",
     4, None),
    ("Two men suffered minor injuries when the car overturned.", None, 2),
    # --- everyone shot is among the dead told elsewhere -----------------------------------------
    ("Four people were found dead in a townhouse. All four people were shot in the head, "
     "deputies said.", 4, None),
    ("Two men were killed on Friday. Police said five people were shot at the party.", 2, 3),
    # --- someone new is hurt beside the dead -----------------------------------------------------
    ("A man was killed on Elm Street late Friday. Another man was wounded in the leg.", 1, 1),
    ("A woman died in the shooting on Friday. The other girl, a 9-year-old, was wounded.",
     1, 1),
    ("Two men were killed in the shooting. He was wounded in the arm, police said.", 2, 1),
]


@pytest.mark.parametrize(("text", "killed", "injured"), CASES, ids=[c[0][:60] for c in CASES])
def test_gva_reading_case(text: str, killed: int | None, injured: int | None,
                          extractor: Extractor) -> None:
    got = extractor.extract(Document(text=text, id="case"))
    assert (got.killed, got.injured) == (killed, injured)
