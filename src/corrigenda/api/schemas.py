"""Request and response bodies of the API, as the OpenAPI document describes them."""

import re
from datetime import datetime
from typing import Annotated, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator, validate_email
from ninja import Field, Schema
from pydantic import AfterValidator, BaseModel, ConfigDict, field_validator

from corrigenda.anchoring.text import normalize_article_text
from corrigenda.reports.models import Report
from corrigenda.reports.services import PushedText

_url_validator = URLValidator(schemes=["http", "https"])


def _check_url(value: str) -> str:
    try:
        _url_validator(value)
    except DjangoValidationError:
        raise ValueError("must be an http(s) URL") from None
    return value


def _check_email(value: str) -> str:
    if value:
        try:
            validate_email(value)
        except DjangoValidationError:
            raise ValueError("must be an email address") from None
    return value


WebUrl = Annotated[
    str,
    Field(
        max_length=2000, pattern=r"^[Hh][Tt][Tt][Pp][Ss]?://", json_schema_extra={"format": "uri"}
    ),
    AfterValidator(_check_url),
]
Email = Annotated[str, Field(max_length=254), AfterValidator(_check_email)]


def _fold_metadata(value: str) -> str:
    # "World " and "World" are one section in the desk's metrics.
    return " ".join(value.split())


# An article's section or author, from its page's metadata or the CMS.
ArticleMetadata = Annotated[str, Field(max_length=200), AfterValidator(_fold_metadata)]
IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
# One cap for an article's text, from the widget or the CMS; settings.REPORT_MAX_TEXT_BYTES
# lets a gzip-compressed report carry this many characters in any script.
ARTICLE_TEXT_MAX_LENGTH = 200_000


# Characters no database stores as text: NUL (PostgreSQL refuses it) and a UTF-16
# surrogate without its pair (not encodable as UTF-8). A JSON body may carry both.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class Input(Schema):
    """A request body: every string field refuses unstorable characters, naming the field
    (422), except an article's text, from which they are removed (a page's text may hold
    one by accident, and it places the quote either way)."""

    @field_validator("text", mode="before", check_fields=False)
    @classmethod
    def storable_text(cls, value):
        return UNSTORABLE.sub("", value) if isinstance(value, str) else value

    # Pydantic itself refuses unpaired surrogates in strings; NUL is left to this.
    @field_validator("*", mode="after")
    @classmethod
    def storable(cls, value):
        if isinstance(value, str) and UNSTORABLE.search(value):
            raise ValueError("must not hold NUL or unpaired surrogate characters")
        return value


class TextQuoteSelector(Input):
    type: Literal["TextQuoteSelector"]
    exact: str = Field(min_length=1, max_length=2000)
    prefix: str = Field("", max_length=200)
    suffix: str = Field("", max_length=200)


class TextPositionSelector(Input):
    """Offsets in UTF-16 code units over the article text, as browsers count them."""

    type: Literal["TextPositionSelector"]
    # Strict: a JSON number, never a string or a boolean.
    start: int = Field(ge=0, strict=True)
    end: int = Field(ge=0, strict=True)


Selector = Annotated[TextQuoteSelector | TextPositionSelector, Field(discriminator="type")]


class ReportIn(Input):
    selector: list[Selector] = Field(
        default_factory=list,
        max_length=2,
        description="W3C Web Annotation selectors of the passage: one TextQuoteSelector, "
        "optionally one TextPositionSelector.",
    )
    url: WebUrl = Field(description="The page the reader was on.")
    canonical_url: WebUrl | None = Field(None, description="The article's canonical URL.")
    title: str = Field(
        "",
        max_length=500,
        description="The page's title as the reader saw it. Not stored: an article's title, "
        "section and author come from the publisher API or the server's fetch of the page.",
    )
    language: str = Field("", max_length=35)
    section: ArticleMetadata = Field("", description="The page's `article:section` (not stored).")
    author: ArticleMetadata = Field(
        "", description="The page's `author` (or `article:author`) metadata (not stored)."
    )
    text: str = Field(
        "",
        max_length=ARTICLE_TEXT_MAX_LENGTH,
        description="The article container's text as the reader saw it, whitespace folded: it "
        "places the selection, and never becomes the article's text by itself (the server "
        "fetches the page, or the publisher API pushes it). Long articles only fit in a "
        "gzip-compressed body (`Content-Encoding: gzip`).",
    )
    kind: Literal["typo", "factual", "clarification", "other"] = "other"
    suggestion: str = Field("", max_length=2000)
    comment: str = Field("", max_length=4000)
    email: Email = ""
    idempotency_key: str = Field(
        min_length=8,
        max_length=64,
        pattern=IDEMPOTENCY_KEY.pattern,
        description="Random per report; resending it returns the first report.",
    )
    website: str = Field("", max_length=500, description="Leave empty (a trap for bots).")

    # A field validator, not a model one, so the error names the `selector` field.
    @field_validator("selector")
    @classmethod
    def one_selector_of_each_type(cls, selector: list) -> list:
        types = [s.type for s in selector]
        if len(types) != len(set(types)):
            raise ValueError("give at most one selector of each type")
        if selector and "TextQuoteSelector" not in types:
            raise ValueError("a TextPositionSelector needs a TextQuoteSelector beside it")
        return selector

    def selector_of(self, kind: type) -> "TextQuoteSelector | TextPositionSelector | None":
        return next((s for s in self.selector if isinstance(s, kind)), None)


class ReportOut(Schema):
    id: str = Field(description="The report's public id.")
    status: Literal["received"] = "received"
    kind: str

    @staticmethod
    def of(report: Report) -> "ReportOut":
        return ReportOut(id=str(report.public_id), kind=report.kind)


class ArticleIn(Input):
    canonical_url: WebUrl = Field(
        description="The article's canonical URL, as readers' pages give it."
    )
    title: str = Field("", max_length=500)
    section: ArticleMetadata = Field(
        "", description="The article's section (e.g. Politics); left out keeps the stored one."
    )
    author: ArticleMetadata = Field(
        "", description="The article's author or byline; left out keeps the stored one."
    )
    text: str = Field(
        max_length=ARTICLE_TEXT_MAX_LENGTH,
        description="The article's plain text, one paragraph per line. Whitespace is "
        "folded the way the widget folds it, so the text matches what readers quote.",
    )

    @field_validator("text")
    @classmethod
    def has_words(cls, text: str) -> str:
        if not normalize_article_text(text):
            raise ValueError("must hold the article's text")
        return text


class ArticleOut(Schema):
    id: int
    canonical_url: str
    title: str
    section: str
    author: str


class RevisionOut(Schema):
    id: int
    content_hash: str = Field(description="SHA-256 of the normalised text, hex.")
    created: bool = Field(description="Whether this text was new for the article.")


class ArticlePushOut(Schema):
    article: ArticleOut
    revision: RevisionOut
    reanchoring: Literal["queued", "not needed"] = Field(
        description=(
            "`queued`: the article's open issues are being carried onto this text (new, or "
            "an older text that is current again)."
        )
    )

    @staticmethod
    def of(pushed: PushedText) -> "ArticlePushOut":
        revision = pushed.revision
        article = revision.article
        return ArticlePushOut(
            article=ArticleOut(
                id=article.pk,
                canonical_url=article.canonical_url,
                title=article.title,
                section=article.section,
                author=article.author,
            ),
            revision=RevisionOut(
                id=revision.pk, content_hash=revision.content_hash, created=pushed.created
            ),
            reanchoring="queued" if pushed.reanchoring else "not needed",
        )


# The export, in the W3C Web Annotation Data Model (JSON-LD): https://www.w3.org/TR/annotation-model/
ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
AnnotationContext = Literal["http://www.w3.org/ns/anno.jsonld"]


class JsonLdSchema(BaseModel):
    # Built by keyword in Python, written out under the model's JSON-LD names; a plain
    # pydantic model, without ninja's wrapper for reading Django objects, which took
    # longer than the rest of an export page of 100 annotations.
    model_config = ConfigDict(populate_by_name=True)


class AnnotationQuoteSelector(JsonLdSchema):
    type: Literal["TextQuoteSelector"] = "TextQuoteSelector"
    exact: str
    prefix: str = Field(description="Up to 32 characters before the passage.")
    suffix: str = Field(description="Up to 32 characters after the passage.")


class AnnotationPositionSelector(JsonLdSchema):
    """Offsets in Unicode code points over the normalised text of the revision the reader
    saw, as the W3C model counts them (the ingest endpoint takes UTF-16 code units)."""

    type: Literal["TextPositionSelector"] = "TextPositionSelector"
    # Strict: a JSON number, never a string or a boolean.
    start: int = Field(ge=0, strict=True)
    end: int = Field(ge=0, strict=True)


AnnotationSelector = Annotated[
    AnnotationQuoteSelector | AnnotationPositionSelector, Field(discriminator="type")
]


class AnnotationTarget(JsonLdSchema):
    source: str = Field(description="The article's canonical URL.")
    selector: list[AnnotationSelector] | None = Field(
        None,
        description="The passage the reader marked; absent for reports sent without a "
        "quote (the no-JavaScript form). Positions are Unicode code points over the "
        "normalised text of the revision the reader saw.",
    )


class TextualBody(JsonLdSchema):
    type: Literal["TextualBody"] = "TextualBody"
    value: str
    purpose: Literal["editing", "commenting", "tagging"] = Field(
        description="`editing`: the reader's suggested wording; `commenting`: the reader's "
        "comment; `tagging`: the kind of report (typo, factual, clarification, other)."
    )
    format: Literal["text/plain"] = "text/plain"


class Annotation(JsonLdSchema):
    """One reader's report. The reader's email address is never exported."""

    context: AnnotationContext = Field(ANNOTATION_CONTEXT, alias="@context")
    id: str = Field(description="The annotation's URL (it answers with this annotation).")
    type: Literal["Annotation"] = "Annotation"
    motivation: Literal["editing"] = "editing"
    created: datetime
    body: list[TextualBody]
    target: AnnotationTarget


class AnnotationCollectionRef(JsonLdSchema):
    id: str
    total: int = Field(ge=0)


class AnnotationPage(JsonLdSchema):
    context: AnnotationContext = Field(ANNOTATION_CONTEXT, alias="@context")
    id: str
    type: Literal["AnnotationPage"] = "AnnotationPage"
    part_of: AnnotationCollectionRef = Field(alias="partOf")
    start_index: int = Field(ge=0, alias="startIndex")
    next: str | None = Field(None, description="The next page; absent on the last.")
    prev: str | None = Field(None, description="The previous page; absent on the first.")
    items: list[Annotation]


class AnnotationCollection(JsonLdSchema):
    context: AnnotationContext = Field(ANNOTATION_CONTEXT, alias="@context")
    id: str
    type: Literal["AnnotationCollection"] = "AnnotationCollection"
    label: str
    total: int = Field(ge=0, description="How many annotations the collection holds.")
    first: AnnotationPage | None = Field(
        None, description="The first page, embedded; absent when there are no annotations."
    )
    last: str | None = Field(None, description="The last page's URL.")
