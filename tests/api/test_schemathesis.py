"""Schemathesis against the OpenAPI document: every operation, with examples drawn from its
own schema (boundary values, then random ones, well-formed and not; the same ones every
run), sent to the Django app through WSGI as a client sends them. No answer may be a 5xx,
and each must be one the document promises: a documented status, media type, headers and
body schema.

The site named in the paths exists, its API token is sent (`Authorization: Bearer`), and it
has a published article with a report and a correction, so the publisher endpoints answer
with real data and not only 401 or 404."""

import uuid

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from corrigenda.api.api import api
from corrigenda.reports.models import Report, Site
from corrigenda.reports.services import create_api_token
from corrigenda.wsgi import application
from tests.factories import article_url, bearer, note, submit_report

SITE_KEY = "schemathesis-news"
REPORT_ID = uuid.UUID("5c4e3a1d-0000-4000-8000-00000000c0de")
EXAMPLES_PER_OPERATION = 30
# What the document promises for any request, well-formed or not. (A well-formed claim may
# still be refused, and unknown query parameters are ignored, so schemathesis's checks that
# expect otherwise do not apply.)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]

schema = schemathesis.openapi.from_dict(
    api.get_openapi_schema(),
    config=schemathesis.Config.from_dict(
        {
            "seed": 20261202,
            # Every operation speaks of the test's site and report; the rest is generated.
            "parameters": {"site_key": SITE_KEY, "report_id": str(REPORT_ID)},
        }
    ),
)
schema.app = application


@pytest.fixture
def site_with_data(site, editor):
    """The site under SITE_KEY, its live API token, a report REPORT_ID and a published
    correction; Django's connection handling as its test client has it."""
    Site.objects.filter(pk=site.pk).update(key=SITE_KEY)
    site.refresh_from_db()
    _, token = create_api_token(site, "CMS publish hook", by=None)
    report = submit_report(site, comment="<b>Wrong</b> name", suggestion="the")
    Report.objects.filter(pk=report.pk).update(public_id=REPORT_ID)
    note(site, editor, url=article_url(site, "-noted"))
    # A request must not close the connection, and with it the transaction the test is in.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield site, token
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
def test_every_operation_answers_as_documented(case, site_with_data, settings):
    site, token = site_with_data
    settings.REPORT_RATE_LIMIT = "100000/h"
    headers = {"Origin": site.allowed_origins[0], **bearer(token)}
    case.call_and_validate(headers=headers, checks=CHECKS)
