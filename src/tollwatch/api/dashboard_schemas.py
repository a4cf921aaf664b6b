"""The public shapes of the dashboard's aggregates and of merge and split decisions."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from tollwatch.api.schemas import Out


class AreaCount(Out):
    country: str | None = Field(description="ISO 3166 alpha-2 code; null when not located.")
    province: str | None = None
    incidents: int
    killed: int = Field(description="Sum of the incidents' headline killed tolls (best).")


class DayCount(Out):
    date: dt.date = Field(description="The incidents' start date.")
    incidents: int
    killed: int


class SummaryOut(Out):
    """The dashboard's aggregates: counts keep every filter, the timeline drops the dates."""

    incidents: int
    killed: int
    countries: list[AreaCount] = Field(description="The 100 with the largest killed toll.")
    provinces: list[AreaCount] = Field(description="The 100 with the largest killed toll.")
    n_countries: int = Field(description="Countries in all, with 'not located' as one.")
    n_provinces: int
    timeline: list[DayCount]
    undated: int = Field(description="Incidents left out of the timeline: no known date.")


class MergeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    other: int = Field(ge=1, le=2**62, description="The incident to merge with this one.")
    reason: str = Field(min_length=1, max_length=2000, pattern=r"\S")
    who: str | None = Field(None, max_length=200, pattern=r"\S", description="Analyst's name.")


class SplitIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    claim_ids: list[Annotated[int, Field(ge=1, le=2**62)]] = Field(min_length=1, max_length=10_000)
    reason: str = Field(min_length=1, max_length=2000, pattern=r"\S")
    who: str | None = Field(None, max_length=200, pattern=r"\S", description="Analyst's name.")


class IncidentDecisionOut(Out):
    """A merge or split as decided: the incident it produced, and who, when and why."""

    kind: Literal["merge", "split"]
    incident_id: int = Field(description="The merged incident, or the one split off.")
    who: str
    when: dt.datetime
    reason: str
