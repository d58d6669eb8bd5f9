"""Security headers on every kind of answer: desk pages, public pages, feeds and the JSON
API carry the strict Content-Security-Policy and the other headers; HSTS only when the
desk runs on HTTPS (CORRIGENDA_SECURE_COOKIES); no template needs inline script or style."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.conftest import NEWS_ORIGIN
from tests.factories import note, report_payload
from tests.processes import environment

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
PACKAGE = Path(__file__).resolve().parents[1] / "src" / "corrigenda"


def _directives(policy: str) -> dict[str, str]:
    return dict((part.strip() + " ").split(" ", 1) for part in policy.split(";"))


def assert_security_headers(response) -> None:
    assert _directives(response.headers["Content-Security-Policy"]) == _directives(CSP)
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "microphone=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    # The test client speaks plain HTTP, and HTTPS is off in tests anyway.
    assert "Strict-Transport-Security" not in response.headers


@pytest.mark.django_db
def test_desk_pages_carry_the_security_headers(client, editor, site):
    assert_security_headers(client.get(reverse("desk:login")))
    client.force_login(editor)
    queue = client.get(reverse("desk:queue"))
    assert queue.status_code == 200
    assert_security_headers(queue)
    assert_security_headers(client.get(reverse("desk:site", args=[site.key])))


@pytest.mark.django_db
def test_public_pages_feeds_and_json_carry_the_security_headers(client, site, editor):
    correction = note(site, editor, "The bridge opened in 1887.")
    url = correction.article.canonical_url
    answers = {
        "log": client.get(f"/s/{site.key}/corrections/"),
        "feed": client.get(f"/s/{site.key}/corrections/feed.atom"),
        "fragment": client.get(
            f"/s/{site.key}/articles/corrections.html",
            {"url": url},
            headers={"Origin": NEWS_ORIGIN},
        ),
        "suggest form": client.get(f"/s/{site.key}/suggest", {"url": url}),
        "log JSON": client.get(f"/api/v1/sites/{site.key}/corrections"),
        "article JSON": client.get(
            f"/api/v1/sites/{site.key}/articles/corrections",
            {"url": url},
            headers={"Origin": NEWS_ORIGIN},
        ),
        "not found": client.get("/s/no-such-site/corrections/"),
    }
    for name, response in answers.items():
        assert response.status_code == (404 if name == "not found" else 200), name
        assert_security_headers(response)
    # What the site's own pages read from the browser still says they may.
    assert answers["fragment"].headers["Access-Control-Allow-Origin"] == NEWS_ORIGIN
    assert answers["article JSON"].headers["Access-Control-Allow-Origin"] == NEWS_ORIGIN


@pytest.mark.django_db
def test_the_answer_to_a_widgets_report_carries_the_security_headers(client, site):
    response = client.post(
        f"/api/v1/sites/{site.key}/reports",
        report_payload(),
        content_type="application/json",
        headers={"Origin": NEWS_ORIGIN},
    )
    assert response.status_code == 201
    assert_security_headers(response)
    assert response.headers["Access-Control-Allow-Origin"] == NEWS_ORIGIN


HSTS_PROBE = """
import django
django.setup()
from django.test import Client
answer = Client(HTTP_HOST="localhost").get("/", secure=True)
print(answer.headers.get("Strict-Transport-Security", "none"))
"""


def _hsts_over_https(tmp_path: Path, **env: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", HSTS_PROBE],
        env=environment(tmp_path, **env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_hsts_is_sent_over_https_only_when_cookies_are_https_only(tmp_path):
    assert _hsts_over_https(tmp_path, CORRIGENDA_SECURE_COOKIES="true") == "max-age=31536000"
    assert _hsts_over_https(tmp_path, CORRIGENDA_SECURE_COOKIES="false") == "none"


# Emails are not web pages: mail programs want inline styles, and no CSP applies to them.
EMAIL_TEMPLATES = re.compile(r"/email/|/email_[a-z_]+\.html$")
INLINE = {
    "a <style> block": re.compile(r"<style[\s>]", re.I),
    "a style attribute": re.compile(r"\sstyle\s*=", re.I),
    "an event handler attribute": re.compile(r"\son[a-z]+\s*=", re.I),
    "a javascript: URL": re.compile(r"javascript:", re.I),
    # Only scripts from a file run; JSON data blocks are not scripts to CSP.
    "an inline script": re.compile(
        r"<script(?![^>]*\ssrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I
    ),
}


def test_no_page_template_needs_inline_script_or_style():
    templates = [
        path
        for path in sorted(PACKAGE.rglob("templates/**/*.html"))
        if not EMAIL_TEMPLATES.search(path.as_posix())
    ]
    assert len(templates) > 30
    found = [
        f"{path.relative_to(PACKAGE)}: {what}"
        for path in templates
        for what, pattern in INLINE.items()
        if pattern.search(path.read_text())
    ]
    assert found == []
