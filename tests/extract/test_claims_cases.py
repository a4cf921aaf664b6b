"""Sentence -> expected claims, one case per extraction rule, written in wire-report style.

Each expected claim is matched on outcome, best figure, qualifier and group, plus whatever
optional field the case names (subgroup, source, status, vague word, the parent's figure).
Every listed claim must be present; ``only=True`` also forbids any other claim.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from tollwatch.model import Claim, Document, Extraction


@dataclass
class C:
    """An expected claim."""

    outcome: str
    best: int
    qualifier: str = "exact"
    group: str = "total"
    subgroup: str | None = "-"  # "-" means: not checked
    source: str | None = "-"
    status: str = "current"
    vague_word: str | None = "-"
    parent: int | None = None  # best figure of the claim this one is part of
    low: int | None = None
    high: int | None = -1  # -1 means: not checked


@dataclass
class Case:
    text: str
    claims: list[C] = field(default_factory=list)
    only: bool = False
    killed: Any = "-"
    injured: Any = "-"
    victims_killed: Any = "-"


def _matches(exp: C, got: Claim, claims: list[Claim]) -> bool:
    if (got.outcome, got.count.best, got.count.qualifier, got.group, got.status) != (
        exp.outcome, exp.best, exp.qualifier, exp.group, exp.status
    ):
        return False
    if exp.subgroup != "-" and got.subgroup != exp.subgroup:
        return False
    if exp.source != "-" and got.source != exp.source:
        return False
    if exp.vague_word != "-" and got.count.vague_word != exp.vague_word:
        return False
    if exp.low is not None and got.count.low != exp.low:
        return False
    if exp.high != -1 and got.count.high != exp.high:
        return False
    return exp.parent is None or (
        got.part_of is not None and claims[got.part_of].count.best == exp.parent
    )


CASES: list[Case] = [
    # --- digits with separators, scales -------------------------------------------------
    Case("More than 1,200 people were killed in the fighting, the United Nations said.",
         [C("killed", 1200, "at_least", source="United Nations")], killed=1200),
    Case("The monitor said 12,450 civilians have been killed since the war began.",
         [C("killed", 12450, group="civilians", source="monitor")]),
    Case("Some 1.2 million people have been displaced by the violence, aid agencies said.",
         [C("displaced", 1_200_000, "approx")]),
    Case("The floods of violence forced 2.5 million people to flee their homes.",
         [C("displaced", 2_500_000)]),
    Case("A total of 3,400 people were detained during the crackdown, activists said.",
         [C("detained", 3400)]),
    # --- number words -------------------------------------------------------------------
    Case("Nine people were killed when gunmen opened fire on a wedding party.",
         [C("killed", 9)], killed=9),
    Case("Twenty-one soldiers were killed in an ambush near the border.",
         [C("killed", 21, group="security_forces")], killed=21, victims_killed=None),
    Case("Seven hundred and forty-five civilians were killed, the observatory said.",
         [C("killed", 745, group="civilians")]),
    Case("Fourteen people were killed and dozens hurt in the twin blasts.",
         [C("killed", 14), C("injured", 24, "vague", vague_word="dozens", low=12)]),
    Case("Thirty-two villagers died after the assailants set fire to their huts.",
         [C("killed", 32, group="civilians", subgroup="villagers")]),
    Case("Eleven people were wounded, two of them seriously, hospital officials said.",
         [C("injured", 11)], injured=11),
    Case("A hundred people were abducted from the camp overnight.",
         [C("abducted", 100)]),
    # --- ranges -------------------------------------------------------------------------
    Case("Between 10 and 15 people were killed in the raid, witnesses said.",
         [C("killed", 12, "range", low=10, high=15)]),
    Case("The blast killed 10-15 people, according to early reports.",
         [C("killed", 12, "range", low=10, high=15)]),
    Case("Gunmen killed 20 to 25 villagers in the attack.",
         [C("killed", 22, "range", group="civilians", low=20, high=25)]),
    Case("Two or three people were wounded by stray bullets.",
         [C("injured", 2, "range", low=2, high=3)]),
    # --- qualifiers ---------------------------------------------------------------------
    Case("At least 13 people were killed and 14 others wounded when a suicide bomber struck.",
         [C("killed", 13, "at_least", high=None), C("injured", 14)], killed=13, injured=14),
    Case("More than 40 people were killed in the market bombing.",
         [C("killed", 40, "at_least")]),
    Case("Over 20 people were killed in tribal clashes in the region.",
         [C("killed", 20, "at_least")]),
    Case("The death toll has surpassed 300, the health ministry said.",
         [C("killed", 300, "at_least", source="health ministry")], killed=300),
    Case("No fewer than five persons were killed in the clash between traders.",
         [C("killed", 5, "at_least")]),
    Case("Up to 30 people may have been killed in the landslide of rubble after the strike.",
         [C("killed", 30, "at_most", low=0)]),
    Case("Soldiers killed as many as 17 people in the town, witnesses said.",
         [C("killed", 17, "at_most")]),
    Case("Nearly 750 civilians were among the dead.",
         [C("killed", 750, "approx", group="civilians")]),
    Case("About 32 people were killed in the attack on the village.",
         [C("killed", 32, "approx")]),
    Case("Some 40 people were killed and dozens others injured in the suicide bombing.",
         [C("killed", 40, "approx"), C("injured", 24, "vague", vague_word="dozens")]),
    Case("Around 200 families fled the fighting.",
         [C("displaced", 200, "approx", group="civilians", subgroup="families")]),
    Case("Roughly 60 people were wounded in the shelling.", [C("injured", 60, "approx")]),
    Case("An estimated 5,000 people were displaced by the clashes.",
         [C("displaced", 5000, "approx")]),
    # --- vague words --------------------------------------------------------------------
    Case("Dozens of people were killed in the fighting.",
         [C("killed", 24, "vague", vague_word="dozens", low=12, high=120)]),
    Case("Scores of people were injured in the stampede that followed the blast.",
         [C("injured", 40, "vague", vague_word="scores", low=20)]),
    Case("Hundreds of people were wounded in the protests.",
         [C("injured", 200, "vague", vague_word="hundreds", low=100)]),
    Case("Many homes were set ablaze, forcing thousands to flee into the mountains.",
         [C("displaced", 2000, "vague", vague_word="thousands", low=1000)], only=True),
    Case("Several others sustained injuries in the clashes.",
         [C("injured", 4, "vague", vague_word="several", low=3)]),
    Case("A number of people were abducted by the gunmen.",
         [C("abducted", 4, "vague", vague_word="a number of")]),
    Case("Tens of thousands of people were displaced by the offensive.",
         [C("displaced", 20_000, "vague", vague_word="tens of thousands", low=10_000)]),
    Case("At least five people were killed and several others injured when a blast occurred.",
         [C("killed", 5, "at_least"), C("injured", 4, "vague")], killed=5, injured=3),
    Case("Dozens were killed in the attack, residents said.",
         [C("killed", 24, "vague")], killed=12),
    # --- implicit singulars -------------------------------------------------------------
    Case("A farmer was killed by herders in the village on Sunday.",
         [C("killed", 1, group="civilians", subgroup="farmer")], killed=1),
    Case("Armed men shot dead the village chief of Chahar Shanghoy.",
         [C("killed", 1, group="civilians")], killed=1),
    Case("A journalist was shot and killed at point-blank range outside his home.",
         [C("killed", 1, group="civilians")], killed=1),
    Case("A policeman was wounded when the bomb went off.",
         [C("injured", 1, group="security_forces")], injured=1),
    Case("Gunmen kidnapped a local priest from his church on Sunday.",
         [C("abducted", 1, group="civilians")]),
    Case("The mayor was assassinated by unknown gunmen outside the town hall.",
         [C("killed", 1)], killed=1),
    Case("Pedro Tamayo Rosas, a journalist who covered the police beat, was killed late Wednesday.",
         [C("killed", 1)], killed=1),
    Case("A muezzin was shot dead near his home, police and medics said.",
         [C("killed", 1)], killed=1),
    Case("The head of a polling station was killed by suspected jihadists on Sunday.",
         [C("killed", 1)], killed=1),
    Case("Mr. Godwin Bosua has been found beaten to death.", [C("killed", 1)], killed=1),
    Case("Suspected rebels stabbed a teacher to death in front of his pupils.",
         [C("killed", 1, group="civilians")], killed=1),
    Case("A soldier was killed and another was wounded in the ambush.",
         [C("killed", 1, group="security_forces")], killed=1),
    # --- sums with parts ----------------------------------------------------------------
    Case("Five rebels and one soldier were killed in the clash.",
         [C("killed", 6), C("killed", 5, group="armed_group", parent=6),
          C("killed", 1, group="security_forces", parent=6)], killed=6),
    Case("Eleven civilians and a soldier were killed when rebels shelled the district.",
         [C("killed", 12), C("killed", 11, group="civilians", parent=12)],
         killed=12, victims_killed=11),
    Case("Ten civilians and a militant died when troops clashed with rebels.",
         [C("killed", 11), C("killed", 10, group="civilians", parent=11)],
         killed=11, victims_killed=10),
    Case("The gunmen killed a local leader and his brother at their home.",
         [C("killed", 2)], killed=2),
    Case("The governor was killed along with eight others in an ambush overnight.",
         [C("killed", 9), C("killed", 8, parent=9)], killed=9),
    Case("Bandits killed the village head and five others.", [C("killed", 6)], killed=6),
    Case("The attack killed at least 15 civilians and eight policemen.",
         [C("killed", 23, "at_least"), C("killed", 8, group="security_forces", parent=23)],
         killed=23, victims_killed=15),
    # --- explicit zero ------------------------------------------------------------------
    Case("No one was hurt in the explosion, police said.", [C("injured", 0)], injured=0),
    Case("Nobody was killed in the attack on the convoy.", [C("killed", 0)], killed=0),
    Case("Police said there were no casualties.", [C("killed", 0)], killed=0),
    Case("No injuries were reported after the grenade exploded.", [C("injured", 0)], injured=0),
    Case("Two people were killed but no one was injured in the second blast.",
         [C("killed", 2), C("injured", 0)], killed=2, injured=0),
    # --- each outcome -------------------------------------------------------------------
    Case("Eight Filipino fishermen were fatally shot by suspected pirates.",
         [C("killed", 8, group="civilians")], killed=8),
    Case("Gunmen shot dead six civilians over the last 24 hours.",
         [C("killed", 6, group="civilians")], killed=6),
    Case("Four worshippers were gunned down inside the mosque.",
         [C("killed", 4, group="civilians")], killed=4),
    Case("Twelve people lost their lives in the attack on the bus.",
         [C("killed", 12)], killed=12),
    Case("Police recovered the bodies of 12 people from the river.",
         [C("killed", 12)], killed=12),
    Case("Militants massacred 30 villagers in a dawn raid.",
         [C("killed", 30, group="civilians")], killed=30),
    Case("The explosion claimed the lives of 12 people.", [C("killed", 12)], killed=12),
    Case("The blast left 5 dead and 12 injured.", [C("killed", 5), C("injured", 12)],
         killed=5, injured=12),
    Case("The death toll rose to 45 on Tuesday.", [C("killed", 45)], killed=45),
    Case("The bombing brought the death toll to 62.", [C("killed", 62)], killed=62),
    Case("Twelve people died in the stampede after gunfire erupted.", [C("killed", 12)]),
    Case("Three children were wounded by shrapnel.",
         [C("injured", 3, group="civilians", subgroup="children")], injured=3),
    Case("Seven people were hurt when the grenade went off.", [C("injured", 7)], injured=7),
    Case("No fewer than 15 people sustained varying degrees of injuries.",
         [C("injured", 15, "at_least")]),
    Case("Four persons sustained gunshot wounds in the attack.", [C("injured", 4)]),
    Case("Six people were missing after the militia raided the village.",
         [C("missing", 6)]),
    Case("Ten villagers went missing after the attack.", [C("missing", 10, group="civilians")]),
    Case("Gunmen kidnapped 14 passengers from a bus on the highway.",
         [C("abducted", 14, group="civilians", subgroup="passengers")]),
    Case("More than 100 children were abducted from their school.",
         [C("abducted", 100, "at_least", group="civilians", subgroup="children")]),
    Case("Police arrested 50 protesters after the rally.",
         [C("detained", 50, group="civilians")]),
    Case("Security forces detained 23 people in overnight raids.", [C("detained", 23)]),
    Case("About 3,000 people fled their homes after the attack.",
         [C("displaced", 3000, "approx")]),
    Case("The fighting displaced 20,000 people in the province.", [C("displaced", 20000)]),
    Case("The attackers killed 32 people and wounded 68 on Monday.",
         [C("killed", 32), C("injured", 68)], killed=32, injured=68),
    Case("Police shot and killed 11 prisoners and wounded 17 after a breakout.",
         [C("killed", 11, group="civilians"), C("injured", 17)], killed=11, injured=17),
    Case("Two suicide bombers killed at least 12 people and injured 11 at a mosque.",
         [C("killed", 12, "at_least"), C("injured", 11)], killed=12, injured=11),
    Case("The rebels killed 14 civilians in the town and wounded nine, the army said.",
         [C("killed", 14, group="civilians", source="army"), C("injured", 9)],
         killed=14, injured=9),
    Case("Seven people were kidnapped and killed by militants near the checkpoint.",
         [C("killed", 7)], killed=7),
    Case("Twelve people were feared dead as gunmen attacked two banks.",
         [C("killed", 12)], killed=12),
    Case("No fewer than seven persons have been feared killed in fresh hostilities.",
         [C("killed", 7, "at_least")], killed=7),
    Case("Eight persons were on Monday killed and at least 18 injured in a suicide attack.",
         [C("killed", 8), C("injured", 18, "at_least")], killed=8, injured=18),
    Case("Two car bombs killed 7 civilians, and wounded at least 20 late on Friday night.",
         [C("killed", 7, group="civilians"), C("injured", 20, "at_least")], injured=20),
    Case("Seven people were killed, three others were wounded, and ten houses were burnt.",
         [C("killed", 7), C("injured", 3)], killed=7, injured=3),
    Case("A suicide bomber struck the market, killing at least 11 people and wounding 58.",
         [C("killed", 11, "at_least"), C("injured", 58)], killed=11, injured=58),
    Case("12 reported dead in what the rebels said was an air raid.",
         [C("killed", 12)], killed=12),
    Case("The dead included six civilians and two soldiers.",
         [C("killed", 6, group="civilians"), C("killed", 2, group="security_forces")]),
    # a bare "shot" is injured in general; the WAD convention (victims) reads it as killed
    Case("Forty civilians were shot in the head by the militants, the UN said.",
         [C("injured", 40, group="civilians")], killed=None, injured=40, victims_killed=40),
    Case("The raid left about 32 killed and 19 others with severe machete injuries.",
         [C("killed", 32, "approx"), C("injured", 19)], killed=32, injured=19),
    Case("Eight people had been martyred in the operation, the elder said.",
         [C("killed", 8)], killed=8),
    Case("Five people were found burned to death in a van outside the city.",
         [C("killed", 5)], killed=5),
    Case("The mayor was shot in front of his home and died of his wounds in hospital.",
         [C("killed", 1)], killed=1),
    Case("An air strike killed a judge allied with the rebels and seven members of his family.",
         [C("killed", 8)], killed=8),
    Case("Radio Okapi reported the killing of a local leader by militia fighters.",
         [C("killed", 1, group="civilians", subgroup="leader")], killed=1),
    Case("The killing of about 200 pigs led to a clash that resulted in the death of five women.",
         [C("killed", 5, group="civilians", subgroup="women")], killed=5),
    Case("A tribal leader and his wife were killed at a roadblock.", [C("killed", 2)], killed=2),
    Case("The latest crisis includes the murder of 14 civilians kidnapped by the militia.",
         [C("killed", 14, group="civilians")], killed=14),
    Case("Three suicide bombers attacked the plant, killing 12 administrators and engineers and "
         "four technicians.", [C("killed", 16)], killed=16),
    Case("At least 10 people were left dead, including five civilians, police said.",
         [C("killed", 10, "at_least"), C("killed", 5, group="civilians", parent=10)],
         killed=10, victims_killed=5),
    Case("Fourteen civilians were killed and at least 23 injured Monday morning in the blast.",
         [C("killed", 14, group="civilians"), C("injured", 23, "at_least")], injured=23),
    Case("A government official was killed and a district administrator wounded on Thursday.",
         [C("killed", 1, group="civilians"), C("injured", 1)], killed=1, injured=1),
    Case("A baby and a boy were among six people shot dead at the house.",
         [C("killed", 6)], killed=6),
    Case("Four other victims survived the attack with injuries, police said.",
         [C("injured", 4)], killed=None, injured=4),
    Case("He was found dead with three gunshot wounds in the town.", [C("killed", 1)],
         killed=1, injured=None),
    Case("Insurgents killed seven residents while eight others escaped with injuries.",
         [C("killed", 7, group="civilians"), C("injured", 8)], killed=7, injured=8),
    Case("The broadcaster's head of legal services, Sizwe Vilakazi, was killed in a shooting.",
         [C("killed", 1)], killed=1),
    Case("Two employees were killed and two police officers and a driver injured on Tuesday.",
         [C("killed", 2, group="civilians"), C("injured", 3),
          C("injured", 2, group="security_forces", parent=3)], killed=2, injured=3),
    Case("At least 35 dead and 32 wounded people have been reported.",
         [C("killed", 35, "at_least"), C("injured", 32)], killed=35, injured=32),
    Case("The village leader was shot after militants hijacked his car, the sources said.",
         [C("injured", 1, group="civilians", source="sources")], killed=None, victims_killed=1),
    Case("Gunmen shot 41 civilians as they tried to reach the army lines.",
         [C("injured", 41, group="civilians")], killed=None, victims_killed=41),
    Case("Eight displaced people were slain in the camp.", [C("killed", 8)], killed=8),
    Case("The death toll from the clashes has surged to around 100, officials said.",
         [C("killed", 100, "approx")], killed=100),
    Case("At least seven persons were reportedly set ablaze at the motor park.",
         [C("killed", 7, "at_least")], killed=7),
    Case("No fewer than 29 persons, mainly women and children, were, yesterday, killed.",
         [C("killed", 29, "at_least")], killed=29),
    Case("The attack saw eight civilians killed, with nine wounded and three abducted.",
         [C("killed", 8, group="civilians"), C("injured", 9), C("abducted", 3)],
         killed=8, injured=9),
    Case("Among the dead were four women and three adolescents aged 14, 15 and 17.",
         [C("killed", 4, group="civilians"), C("killed", 3)], killed=7),
    # --- groups -------------------------------------------------------------------------
    Case("The observatory said 745 civilians, 125 members of government security forces, and "
         "148 militants were killed.",
         [C("killed", 745, group="civilians", subgroup=None),
          C("killed", 125, group="security_forces", subgroup=None),
          C("killed", 148, group="armed_group", subgroup=None)]),
    Case("The Syrian Observatory for Human Rights reported that 428 Alawite civilians were "
         "killed in the revenge attacks, alongside 120 pro-Assad fighters and 89 security "
         "personnel.",
         [C("killed", 428, group="civilians", subgroup="Alawite civilians"),
          C("killed", 120, group="armed_group", subgroup="pro-Assad fighters"),
          C("killed", 89, group="security_forces", subgroup=None)]),
    Case("Fourteen policemen were killed when militants stormed the station.",
         [C("killed", 14, group="security_forces")], killed=14),
    Case("Twenty-three Taliban insurgents were killed in airstrikes, officials said.",
         [C("killed", 23, group="armed_group")], victims_killed=None),
    Case("Nine rebels died in the fighting with government troops.",
         [C("killed", 9, group="armed_group")]),
    Case("Two attackers were shot dead by guards after they stormed the hotel.",
         [C("killed", 2, group="perpetrators")], killed=None),
    Case("Both suicide bombers were killed in the blast.", [], killed=None),
    Case("Three assailants were killed and four policemen wounded in the attack.",
         [C("killed", 3, group="perpetrators"), C("injured", 4, group="security_forces")],
         killed=None, injured=4),
    Case("The attack killed 12 people, including the two gunmen.",
         [C("killed", 12), C("killed", 2, group="perpetrators", parent=12)], killed=10),
    Case("Eight members of the separatist group were shot dead by the military.",
         [C("killed", 8, group="armed_group")]),
    Case("Five members of the same family were killed in the strike.",
         [C("killed", 5, group="civilians")], killed=5, victims_killed=5),
    Case("Twelve women and children were killed in the raid.",
         [C("killed", 12, group="civilians", subgroup="women")]),
    Case("Six Afghan soldiers were killed in the ambush.",
         [C("killed", 6, group="security_forces", subgroup="Afghan soldiers")]),
    Case("Four aid workers were abducted in the north.",
         [C("abducted", 4, group="civilians", subgroup="aid workers")]),
    # --- parts --------------------------------------------------------------------------
    Case("In Tuwaym, 31 victims, including nine children and four women, were laid to rest.",
         [C("killed", 31), C("killed", 9, group="civilians", subgroup="children", parent=31),
          C("killed", 4, group="civilians", subgroup="women", parent=31)], killed=31),
    Case("At least 29 people, including 10 foreigners, were killed in the hotel attack.",
         [C("killed", 29, "at_least"), C("killed", 10, group="civilians", parent=29)],
         killed=29),
    Case("The bombing killed seven people, including two soldiers, police said.",
         [C("killed", 7), C("killed", 2, group="security_forces", parent=7)],
         killed=7, victims_killed=5),
    Case("Some 11 individuals, including seven civilians, have been killed in the clash.",
         [C("killed", 11, "approx"), C("killed", 7, group="civilians", parent=11)],
         killed=11, victims_killed=7),
    Case("15 persons died (13 civilians) and 53 were injured when two bombers attacked.",
         [C("killed", 15), C("killed", 13, group="civilians", parent=15), C("injured", 53)],
         killed=15, victims_killed=13, injured=53),
    Case("Nearly 15 people including eight policemen were killed in the attack.",
         [C("killed", 15, "approx"), C("killed", 8, group="security_forces", parent=15)],
         killed=15, victims_killed=7),
    Case("Fifteen people were killed. Among the dead were four children.",
         [C("killed", 15), C("killed", 4, group="civilians", parent=15)], killed=15),
    # --- sources ------------------------------------------------------------------------
    Case("At least 21 people were killed, according to the Red Cross.",
         [C("killed", 21, "at_least", source="Red Cross")]),
    Case("Police said 12 people were killed in the attack.", [C("killed", 12, source="Police")]),
    Case("Five people were killed in the blast, a police spokesman said.",
         [C("killed", 5, source="police spokesman")]),
    Case("The health ministry reported that 17 people died of their wounds.",
         [C("killed", 17, source="health ministry")]),
    Case("The army said it had killed 30 militants. Four soldiers were also killed.",
         [C("killed", 30, group="armed_group", source="army"),
          C("killed", 4, group="security_forces", source="army")]),
    Case("Local officials said 40 people were killed.\n\nMeanwhile, 3 people drowned.",
         [C("killed", 40, source="Local officials"), C("killed", 3, source=None)]),
    Case("The monitor said 200 people had died.\n\nElsewhere, 5 people were wounded.",
         [C("killed", 200, source="monitor"), C("injured", 5, source=None)]),
    Case("The toll has surpassed 1,000, according to a war monitoring organization. The Syrian "
         "Observatory for Human Rights reported that among the casualties were 745 civilians.",
         [C("killed", 1000, "at_least", source="Syrian Observatory for Human Rights"),
          C("killed", 745, group="civilians", parent=1000,
            source="Syrian Observatory for Human Rights")]),
    Case("Eleven people were killed by gunmen.", [C("killed", 11, source=None)]),
    # the parser hangs the list's members side by side on the verb: still one list
    Case("The Observatory said 745 civilians, 125 members of government security forces, and 148 "
         "militants loyal to Assad were killed.",
         [C("killed", 745, group="civilians", parent=1018),
          C("killed", 125, group="security_forces", parent=1018),
          C("killed", 148, group="armed_group", parent=1018), C("killed", 1018)], killed=1018),
    Case("Death toll in Syria's coastal violence surpasses 1,000",
         [C("killed", 1000, "at_least")], killed=1000),
    Case("The toll from the floods and the fighting topped 50 on Monday, officials said.",
         [C("killed", 50, "at_least", source="officials")], killed=50),
    # --- superseded ---------------------------------------------------------------------
    Case("The latest figures represent a sharp increase from the previous estimate of 200 dead.",
         [C("killed", 200, status="superseded")], killed=None, only=True),
    Case("The death toll rose to 15, up from 10 on Monday.",
         [C("killed", 15), C("killed", 10, status="superseded")], killed=15),
    Case("The toll rose from 10 to 15 overnight.",
         [C("killed", 10, status="superseded"), C("killed", 15)], killed=15),
    Case("Fifteen people were killed. An earlier toll issued by the ministry said that 10 people "
         "had been killed.", [C("killed", 15), C("killed", 10, status="superseded")],
         killed=15),
    Case("Police initially reported 5 deaths, but 9 people were later confirmed dead.",
         [C("killed", 5, status="superseded"), C("killed", 9)], killed=9),
    # --- not claims ---------------------------------------------------------------------
    Case("Ali Sheha, a 57-year-old resident of Baniyas, described the horror.", [], only=True),
    Case("He spoke from a town 12 miles away from Baniyas.", [], only=True),
    Case("The conflict began 14 years ago.", [], only=True),
    Case("The fighting erupted just three months after insurgents overthrew Assad.", [],
         only=True),
    Case("The victims were aged 30 to 45.", [], only=True),
    Case("The attack happened at 10:30 on Friday.", [], only=True),
    Case("The group was founded in 2016 and operates in five provinces.", [], only=True),
    Case("Unemployment rose by 12 percent last year.", [], only=True),
    Case("The government pledged $5 million in aid.", [], only=True),
    Case("Militants fired 20 rockets at the base.", [], only=True),
    Case("The attackers burned 30 houses and 12 vehicles.", [], only=True),
    Case("As reported earlier [12], the region is tense.", [], only=True),
    Case("For information call +44 20 7946 0958.", [], only=True),
    Case("She was the 21st activist to be arrested this year.", [], only=True),
    Case("The talks lasted 12 hours.", [], only=True),
    Case("Gunmen stormed two villages and set fire to 50 homes.", [], only=True),
    Case("Seven people, including a boy of 14, were killed in the violence.",
         [C("killed", 7)], killed=7),
    Case("Gloria Capitan, 57, was shot dead at her bar.", [C("killed", 1)], killed=1),
    Case("The two suicide bombers blew themselves up at the gate.", [], killed=None),
    Case("Security forces arrested the suspect on 3 January.", [], killed=None),
    Case("Two days of clashes left the town deserted.", [], only=True),
]


@pytest.fixture(scope="module")
def results(extractor) -> dict[str, tuple[Extraction, Extraction]]:  # type: ignore[no-untyped-def]
    """Extract every case once, in both headline modes, through one batch."""
    from tollwatch.extract.pipeline import Extractor

    victims = Extractor(headline="victims")
    docs = [Document(text=c.text, id=str(i)) for i, c in enumerate(CASES)]
    all_mode = list(extractor.pipe(docs))
    victims_mode = list(victims.pipe(docs))
    return {c.text: (a, v) for c, a, v in zip(CASES, all_mode, victims_mode, strict=False)}


def _describe(claims: list[Claim]) -> list[tuple[Any, ...]]:
    return [(c.outcome, c.count.best, c.count.qualifier, c.group, c.subgroup, c.source, c.status,
             c.part_of) for c in claims]


@pytest.mark.parametrize("case", CASES, ids=[c.text[:60] for c in CASES])
def test_claims_case(case: Case, results: dict[str, tuple[Extraction, Extraction]]) -> None:
    ex, victims = results[case.text]
    for exp in case.claims:
        assert any(_matches(exp, got, ex.claims) for got in ex.claims), (
            f"missing {exp} in {_describe(ex.claims)}")
    if case.only:
        assert len(ex.claims) == len(case.claims), _describe(ex.claims)
    if case.killed != "-":
        assert ex.killed == case.killed, _describe(ex.claims)
    if case.injured != "-":
        assert ex.injured == case.injured, _describe(ex.claims)
    if case.victims_killed != "-":
        assert victims.killed == case.victims_killed, _describe(victims.claims)


def test_claims_cases_are_enough() -> None:
    assert len(CASES) >= 150


def test_claims_evidence_offsets(results: dict[str, tuple[Extraction, Extraction]]) -> None:
    """Every claim's evidence points at its figure inside its sentence."""
    for text, (ex, _) in results.items():
        for claim in ex.claims:
            ev = claim.evidence
            assert text[ev.sentence_start:ev.sentence_start + len(ev.sentence)] == ev.sentence
            assert ev.sentence_start <= ev.start <= ev.end <= ev.sentence_start + len(ev.sentence) \
                or claim.part_of is None
            assert claim.extractor.startswith("tollwatch-extract/")
