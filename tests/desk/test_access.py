"""Who may see what: an editor of site A meets a 404 at every page and API of site B.

The table below must name every desk and API route; a new route makes
test_every_route_is_in_the_table fail until it is added, with the objects it exposes.
"""

import types
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, path, reverse

from corrigenda.checks import StyleRule
from corrigenda.corrections.models import Correction
from corrigenda.corrections.services import Wording, draft_correction
from corrigenda.notify.models import Delivery, NotificationPreference, Webhook
from corrigenda.notify.services import add_webhook
from corrigenda.reports.models import (
    UNCORRECTED_CHANGE,
    ApiToken,
    Comment,
    Finding,
    Issue,
    Membership,
    Revision,
    Site,
)
from corrigenda.reports.models import StyleRule as StoredStyleRule
from corrigenda.reports.services import (
    change_status,
    check_revision,
    create_api_token,
    create_style_rule,
    note_uncorrected_changes,
    record_revision,
    switch_off_check,
    switch_off_style_rule,
)
from tests.factories import bearer, make_editor, submit_report

pytestmark = pytest.mark.django_db

SCOPED_PREFIXES = ("desk/", "api/v1/")
# URL parameters that name an object belonging to one site.
SITE_OBJECT_PARAMS = {
    "site_key",
    "issue_id",
    "token_id",
    "report_id",
    "finding_id",
    "correction_id",
    "article_id",
    "rule_id",
    "webhook_id",
    # A check's id: with the site key, it names one site's setting.
    "rule",
}


@dataclass(frozen=True)
class Route:
    methods: tuple[str, ...]
    post_data: dict = field(default_factory=dict)


STYLE_RULE_POST = {"pattern": "Kiev", "replacement": "Kyiv", "severity": "error", "kind": "word"}

# Routes that take a site key or an issue id: each answers 404 to a user of another site.
SITE_ROUTES = {
    "desk:issue": Route(("GET",)),
    "desk:issue-status": Route(("POST",), {"status": "rejected"}),
    "desk:issue-assign": Route(("POST",), {"assignee": ""}),
    "desk:issue-comment": Route(("POST",), {"body": "Looking into it"}),
    "desk:finding-dismiss": Route(("POST",)),
    "desk:finding-switch-off": Route(("POST",)),
    "desk:check-switch-on": Route(("POST",)),
    "desk:style-rule-switch-on": Route(("POST",)),
    "desk:site": Route(("GET",)),
    "desk:site-settings": Route(
        ("POST",),
        {
            "name": "Renamed",
            "allowed_origins": "https://renamed.example.org",
            "article_selector": "main",
            "language": "de",
            "retention_days": "7",
        },
    ),
    "desk:site-metrics": Route(("GET",)),
    "desk:site-metrics-csv": Route(("GET",)),
    "desk:site-token-create": Route(("POST",), {"name": "CMS"}),
    "desk:site-token-revoke": Route(("POST",)),
    "desk:article": Route(("GET",)),
    "desk:site-checks": Route(
        ("GET", "POST"), {"checks_enabled": ["style"], "accepted_words": "x"}
    ),
    "desk:style-rule-create": Route(("POST",), STYLE_RULE_POST),
    "desk:style-rule-edit": Route(("GET", "POST"), STYLE_RULE_POST),
    "desk:style-rule-delete": Route(("POST",)),
    "desk:style-rules-import": Route(("POST",), {"file": ""}),
    "desk:style-rules-import-vale": Route(("POST",), {"file": ""}),
    "desk:style-rules-export": Route(("GET",)),
    "corrections:site-list": Route(("GET",)),
    "corrections:new": Route(("GET", "POST"), {"kind": "correction", "note": "x"}),
    "corrections:new-for-finding": Route(("GET", "POST"), {"kind": "correction", "note": "x"}),
    "corrections:detail": Route(("GET",)),
    "corrections:edit": Route(("GET", "POST"), {"kind": "update", "note": "Amended"}),
    "corrections:publish": Route(("GET", "POST")),
    "corrections:withdraw": Route(("POST",), {"reason": "Wrong", "confirm": "on"}),
    "readers:reader-data": Route(("GET",)),
    "readers:reader-data-export": Route(("POST",), {"email": "reader@example.org"}),
    "readers:reader-data-erase": Route(("POST",), {"email": "reader@example.org"}),
    "notify:site": Route(("GET",)),
    "notify:preference-save": Route(("POST",), {"mode": "each", "kinds": ["typo"]}),
    "notify:webhook-add": Route(
        ("POST",), {"url": "https://hooks.example.org/x", "events": ["issue.opened"]}
    ),
    "notify:webhook-deactivate": Route(("POST",)),
    "notify:webhook-test": Route(("POST",)),
}
# Routes a site's CMS calls with the site's API token, not a desk login: a token of site A
# gets 404 at site B's objects, a desk login alone 401 (tests/api/test_publisher.py).
TOKEN_ROUTES = {
    "api-v1:push_article": Route(
        ("POST",), {"canonical_url": "https://news.example.org/a", "text": "Text."}
    ),
    "api-v1:annotations": Route(("GET",)),
    "api-v1:annotation": Route(("GET",)),
}
# Routes that name no site's object, and why they need no entry above.
UNSCOPED_ROUTES = {
    "desk:login": "anyone may log in",
    "desk:logout": "ends the user's own session",
    "desk:queue": "lists only the user's sites (test_queue_shows_only_the_users_sites)",
    "desk:findings": "lists only the user's sites (test_findings_list_shows_only_the_users_sites)",
    "desk:queue-bulk": "changes only the user's sites' issues (tests/desk/test_bulk.py)",
    "desk:queue-undo": "undoes the user's own last change (tests/desk/test_bulk.py)",
    "desk:saved-view-create": "saves a view of the user's own",
    "desk:saved-view-delete": "404 for another user's view (tests/desk/test_saved_views.py)",
    "desk:settings": "the user's own settings (tests/desk/test_shortcuts_setting.py, "
    "tests/test_languages.py)",
    "corrections:list": "lists only the user's sites (tests/corrections/test_views.py)",
    "notify:overview": "lists only the user's sites (tests/notify/test_views.py)",
    "api-v1:api-root": "names nothing",
    "api-v1:openapi-json": "the public API document",
    "api-v1:openapi-view": "the public API document",
}
# Routes that take a site key but are public by design, so they are not in SITE_ROUTES.
PUBLIC_ROUTES = {
    # Readers post reports from the site's pages without logging in; the site's allowed
    # origins guard it (tests/api/test_ingest_errors.py).
    "api-v1:submit_report": "the widget's ingest endpoint",
    # Only published notes, which the site's public log shows anyway
    # (tests/api/test_corrections.py).
    "api-v1:corrections": "the site's public corrections log",
    "api-v1:article_corrections": "an article's public corrections, read by the widget",
}


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, route, inner)
        elif isinstance(entry, URLPattern):
            name = namespace + entry.name if entry.name else route
            yield route, name, set(entry.pattern.converters)


def scoped_routes(urlconf=None) -> dict[str, set[str]]:
    """Every desk and API route: its name (or path, if unnamed) and its URL parameters."""
    return {
        name: params
        for route, name, params in _walk(get_resolver(urlconf).url_patterns)
        if route.startswith(SCOPED_PREFIXES)
    }


def routes_missing_from_the_table(urlconf=None) -> list[str]:
    missing = []
    for name, params in scoped_routes(urlconf).items():
        takes_site_object = bool(params & SITE_OBJECT_PARAMS)
        if not (
            name in SITE_ROUTES
            or name in TOKEN_ROUTES
            or name in PUBLIC_ROUTES
            or (name in UNSCOPED_ROUTES and not takes_site_object)
        ):
            missing.append(name)
    return missing


def test_every_route_is_in_the_table():
    assert routes_missing_from_the_table() == []
    # And the table names no route that is gone.
    assert set(scoped_routes()) == (
        set(SITE_ROUTES) | set(TOKEN_ROUTES) | set(UNSCOPED_ROUTES) | set(PUBLIC_ROUTES)
    )


@pytest.mark.parametrize(
    ("route", "name"),
    [
        ("desk/sites/<slug:site_key>/export", "desk-export"),
        ("desk/issues/<int:issue_id>/history", None),
        ("api/v1/issues/<int:issue_id>", "issue-json"),
        ("desk/help", "help"),
    ],
)
def test_a_new_route_fails_the_table_check(route, name):
    urlconf = types.ModuleType("urlconf_with_a_new_route")
    urlconf.urlpatterns = [
        *get_resolver().url_patterns,
        path(route, lambda request: None, name=name),
    ]
    assert routes_missing_from_the_table(urlconf) == [name or route]


@pytest.fixture
def two_sites(site, other_site):
    """An admin of site A, and the URL parameters of site A's and site B's objects."""
    user = make_editor("alice", site, role=Membership.Role.ADMIN)
    make_editor("bob", other_site)
    mine = submit_report(site, comment="our reader")
    theirs = submit_report(other_site, comment="their reader")
    return (
        user,
        _objects_of(mine, create_api_token(site, "CMS", by=None)[0]),
        _objects_of(theirs, create_api_token(other_site, "CMS", by=None)[0]),
    )


def _objects_of(report, token):
    check_revision(report.revision)
    correctable = submit_report(report.site, "4 million euros").issue
    change_status(correctable, Issue.Status.ACCEPTED, by=None)
    correction = draft_correction([correctable], Wording("correction", "A note."), by=None)
    rule = create_style_rule(report.site, StyleRule("Teh", "The"), by=None)
    member = report.site.membership_set.first().user
    switch_off_style_rule(rule, "switched off from a finding", by=member)
    switch_off_check(report.site, "spelling", by=member)
    # The publisher's text, then an edit of a figure with no correction.
    text = report.revision.text
    record_revision(report.article, text, Revision.Source.API)
    report.site.uncorrected_change_grace = 0
    report.site.save()
    edit = record_revision(report.article, text.replace("4 million", "5 million"), "api")
    note_uncorrected_changes(edit.revision)
    return {
        "article_id": report.article_id,
        "rule_id": rule.pk,
        "rule": "spelling",
        "correction_id": correction.pk,
        "finding_id": Finding.objects.get(site=report.site, rule=UNCORRECTED_CHANGE).pk,
        "site_key": report.site.key,
        "issue_id": report.issue_id,
        "token_id": token.pk,
        "report_id": report.public_id,
        "webhook_id": add_webhook(report.site, "https://hooks.example.org/", [], by=None).pk,
    }


def _url(name, objects):
    params = scoped_routes()[name] & SITE_OBJECT_PARAMS
    return reverse(name, kwargs={p: objects[p] for p in params})


def _request(client, method, url, route):
    return client.post(url, route.post_data) if method == "POST" else client.get(url)


CASES = [(name, method) for name, route in SITE_ROUTES.items() for method in ("GET", "POST")]


def _desk_state():
    issues = list(Issue.objects.values_list("pk", "status", "assignee").order_by("pk"))
    tokens = list(ApiToken.objects.values_list("pk", "revoked").order_by("pk"))
    findings = list(Finding.objects.values_list("pk", "state").order_by("pk"))
    corrections = list(Correction.objects.values_list("pk", "state", "note").order_by("pk"))
    return (
        issues,
        tokens,
        findings,
        corrections,
        list(StoredStyleRule.objects.values_list("pk", "pattern", "severity").order_by("pk")),
        list(Site.objects.values().order_by("pk")),
        Comment.objects.count(),
        Revision.objects.count(),
        list(Webhook.objects.values_list("pk", "url", "active").order_by("pk")),
        list(NotificationPreference.objects.values_list("pk", "mode").order_by("pk")),
        Delivery.objects.count(),
    )


@pytest.mark.parametrize(("name", "method"), CASES)
def test_user_of_site_a_gets_404_for_site_b_objects(client, two_sites, name, method):
    user, mine, theirs = two_sites
    route = SITE_ROUTES[name]
    client.force_login(user)

    before = _desk_state()
    theirs_response = _request(client, method, _url(name, theirs), route)
    assert _desk_state() == before
    mine_response = _request(client, method, _url(name, mine), route)

    if method in route.methods:
        assert mine_response.status_code in (200, 302)
    if mine_response.status_code == 405:
        # A method the route does not take is refused alike for both: no hint either way.
        assert theirs_response.status_code == 405
    else:
        assert theirs_response.status_code == 404
        assert mine_response.status_code in (200, 302)
        assert b"their reader" not in theirs_response.content


@pytest.mark.parametrize(("name", "method"), CASES)
def test_anonymous_users_are_sent_to_log_in(client, two_sites, name, method):
    _, mine, _ = two_sites
    url = _url(name, mine)
    response = _request(client, method, url, SITE_ROUTES[name])
    assert response.status_code == 302
    assert response.url.startswith("/desk/login/?next=")


def _api_request(client, method, url, route, plaintext):
    headers = bearer(plaintext) if plaintext else {}
    if method == "POST":
        return client.post(url, route.post_data, content_type="application/json", headers=headers)
    return client.get(url, headers=headers)


@pytest.mark.parametrize("name", TOKEN_ROUTES)
def test_a_token_of_site_a_gets_404_for_site_b_objects(client, two_sites, site, name):
    _, mine, theirs = two_sites
    route = TOKEN_ROUTES[name]
    _, plaintext = create_api_token(site, "CMS", by=None)
    for method in route.methods:
        before = _desk_state()
        theirs_response = _api_request(client, method, _url(name, theirs), route, plaintext)
        assert _desk_state() == before
        assert theirs_response.status_code == 404
        assert b"their reader" not in theirs_response.content
        mine_response = _api_request(client, method, _url(name, mine), route, plaintext)
        assert mine_response.status_code in (200, 201)


@pytest.mark.parametrize("name", TOKEN_ROUTES)
def test_a_desk_login_is_no_api_token(client, two_sites, name):
    user, mine, _ = two_sites
    client.force_login(user)
    route = TOKEN_ROUTES[name]
    for method in route.methods:
        assert _api_request(client, method, _url(name, mine), route, None).status_code == 401


def test_anonymous_queue_is_sent_to_log_in(client):
    response = client.get("/desk/")
    assert response.status_code == 302
    assert response.url == "/desk/login/?next=/desk/"


def test_queue_shows_only_the_users_sites(client, two_sites, other_site):
    user, mine, theirs = two_sites
    client.force_login(user)
    their_article = Issue.objects.get(pk=theirs["issue_id"]).article_id
    for query in ({}, {"status": ""}, {"site": other_site.key}, {"article": their_article}):
        page = client.get("/desk/", query)
        assert page.status_code == 200
        assert f'data-issue-id="{theirs["issue_id"]}"' not in page.text
        assert other_site.name not in page.text
    assert f'data-issue-id="{mine["issue_id"]}"' in client.get("/desk/").text


def test_a_user_on_no_desk_sees_nothing(client, two_sites, django_user_model):
    _, mine, _ = two_sites
    staff = django_user_model.objects.create_user("boss", is_staff=True, is_superuser=True)
    client.force_login(staff)
    assert client.get(_url("desk:issue", mine)).status_code == 404
    assert client.get(_url("desk:site", mine)).status_code == 404
    assert "not on any site" in client.get("/desk/").text


def test_findings_list_shows_only_the_users_sites(client, two_sites, other_site):
    user, mine, theirs = two_sites
    client.force_login(user)
    for query in ({}, {"site": other_site.key}):
        page = client.get(reverse("desk:findings"), query)
        assert page.status_code == 200
        assert f'data-article-id="{theirs["article_id"]}"' not in page.text
        assert other_site.name not in page.text
    assert f'data-article-id="{mine["article_id"]}"' in client.get(reverse("desk:findings")).text
