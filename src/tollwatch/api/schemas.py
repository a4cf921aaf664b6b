"""The API's public shapes: separate models for what comes in and goes out, never table rows."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from tollwatch import model

MAX_TEXT = 1_000_000
SOURCE_ARTICLE = ("The source's own id of the article (a feed or JSONL id), else the first 16 "
                  "hex digits of its content hash; the same in the CLI and the exports.")


class Out(BaseModel):
    """Base of every response model: built from our dataclasses by attribute."""

    model_config = ConfigDict(from_attributes=True)


class PlaceOut(Out):
    name: str
    geonames_id: int | None = None
    kind: str | None = None
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: int | None = None


class DateOut(Out):
    text: str
    start: dt.date | None = None
    end: dt.date | None = None
    precision: model.DatePrecision | None = None


class CountOut(Out):
    low: int
    best: int
    high: int | None
    qualifier: model.Qualifier
    text: str = ""
    vague_word: str | None = None


class EvidenceOut(Out):
    start: int = Field(description="Character offset of the figure in the document text.")
    end: int
    sentence: str
    sentence_start: int = Field(0, description="Character offset of the sentence in the text.")


class ClaimBody(Out):
    """A claim as extracted, before it has a ledger id."""

    outcome: model.Outcome
    count: CountOut
    evidence: EvidenceOut
    group: model.Group
    subgroup: str | None = None
    source: str | None = None
    status: model.Status
    part_of: int | None = None
    place: PlaceOut | None = None
    date: DateOut | None = None
    confidence: float
    extractor: str = ""
    scope: model.Scope = "event"


class ClaimOut(ClaimBody):
    """A stored claim with the report it came from."""

    id: int
    document_id: model.DocumentId = Field(description="The report's ledger id.")
    source_article: str = Field("", description=SOURCE_ARTICLE)
    title: str | None = None
    published: dt.date | None = None
    outlet: str | None = None
    url: str | None = Field(None, description="The report's http(s) URL.")


class TollOut(Out):
    outcome: model.Outcome
    group: model.Group
    low: int
    best: int
    high: int | None
    grading: model.Grading
    claim_ids: list[int]
    sources: list[str]


class RevisionOut(Out):
    document_id: model.DocumentId = Field(description="The report's ledger id.")
    published: dt.date | None
    toll: TollOut


class IncidentSummary(Out):
    id: int
    place: PlaceOut | None
    start: dt.date | None
    end: dt.date | None
    killed: TollOut | None = Field(description="The headline killed toll (all groups).")
    injured: TollOut | None = None
    flags: list[str]
    n_claims: int
    n_reports: int = Field(0, description="Reports the incident's tolls were revised from.")


class ReportOut(Out):
    """A report behind an incident: its ledger id and the source's own id, outlet, title, URL."""

    document_id: model.DocumentId
    source_article: str = Field(description=SOURCE_ARTICLE)
    outlet: str | None = None
    title: str | None = None
    url: str | None = Field(None, description="The report's http(s) URL.")
    published: dt.date | None = None


class IncidentDetail(IncidentSummary):
    tolls: list[TollOut]
    revisions: list[RevisionOut]
    reports: list[ReportOut]
    claims: list[ClaimOut]


class IncidentPage(Out):
    total: int
    limit: int
    offset: int
    items: list[IncidentSummary]


class ClaimPage(Out):
    limit: int
    offset: int
    items: list[ClaimOut]


class DocumentMeta(Out):
    key: str | None = Field(None, description=SOURCE_ARTICLE)
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: dt.date | None = None
    content_hash: str


class DocumentOut(DocumentMeta):
    id: int
    copy_of: int | None = Field(None, description="The document this one is a syndicated copy of.")
    text: str
    claims: list[ClaimOut]


class DocumentIn(BaseModel):
    """An article to extract or store: plain text or an HTML page, with what is known of it."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, max_length=MAX_TEXT, description="Article text.")
    html: str | None = Field(None, max_length=MAX_TEXT, description="An HTML page instead of text.")
    title: str | None = Field(None, max_length=1000)
    url: str | None = Field(None, max_length=2000)
    outlet: str | None = Field(None, max_length=200)
    published: dt.date | None = None

    @model_validator(mode="after")
    def _one_body(self) -> DocumentIn:
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of 'text' or 'html'")
        body = self.text if self.text is not None else self.html
        if not (body or "").strip():
            raise ValueError("the article is empty")
        return self


class ExtractionOut(Out):
    document: DocumentMeta
    text: str
    killed: int | None
    injured: int | None
    place: PlaceOut | None
    date: DateOut | None
    claims: list[ClaimBody]


class StoredOut(Out):
    status: Literal["stored", "duplicate", "copy"]
    document_id: int
    copy_of: int | None = None
    claims: list[ClaimOut]
    incidents: list[IncidentSummary]


class Health(Out):
    status: Literal["ok"]
    version: str
    database: str
    incidents: int


class ErrorOut(BaseModel):
    message: str
    errors: list[dict[str, object]] | None = None


def document_meta(doc: model.Document) -> DocumentMeta:
    """The public metadata of a document."""
    return DocumentMeta(
        key=doc.id,
        title=doc.title,
        url=doc.url,
        outlet=doc.outlet,
        published=doc.published,
        content_hash=doc.content_hash,
    )
