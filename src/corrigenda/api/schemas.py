"""Request and response bodies of the API, as the OpenAPI document describes them."""

import re
from typing import Annotated, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator, validate_email
from ninja import Field, Schema
from pydantic import AfterValidator, field_validator

from corrigenda.reports.models import Report

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


WebUrl = Annotated[str, Field(max_length=2000), AfterValidator(_check_url)]
Email = Annotated[str, Field(max_length=254), AfterValidator(_check_email)]
IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


class TextQuoteSelector(Schema):
    type: Literal["TextQuoteSelector"]
    exact: str = Field(min_length=1, max_length=2000)
    prefix: str = Field("", max_length=200)
    suffix: str = Field("", max_length=200)


class TextPositionSelector(Schema):
    """Offsets in UTF-16 code units over the article text, as browsers count them."""

    type: Literal["TextPositionSelector"]
    start: int = Field(ge=0)
    end: int = Field(ge=0)


Selector = Annotated[TextQuoteSelector | TextPositionSelector, Field(discriminator="type")]


class ReportIn(Schema):
    selector: list[Selector] = Field(
        default_factory=list,
        max_length=2,
        description="W3C Web Annotation selectors of the passage: one TextQuoteSelector, "
        "optionally one TextPositionSelector.",
    )
    url: WebUrl = Field(description="The page the reader was on.")
    canonical_url: WebUrl | None = Field(None, description="The article's canonical URL.")
    title: str = Field("", max_length=500)
    language: str = Field("", max_length=35)
    text: str = Field(
        "", max_length=60000, description="The article container's text, whitespace folded."
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
