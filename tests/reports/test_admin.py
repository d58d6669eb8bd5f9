"""The Django admin changes nothing the services manage, and the audit trail is
append-only everywhere: in the admin and for any code that tries."""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse

from corrigenda.corrections.models import Correction
from corrigenda.corrections.services import Wording, draft_correction
from corrigenda.notify.models import Webhook
from corrigenda.notify.services import add_webhook
from corrigenda.reports.errors import AuditTrailIsAppendOnly
from corrigenda.reports.models import ApiToken, Event, Finding, Issue, Report, Site, StyleRule
from corrigenda.reports.services import change_status, create_api_token
from tests.factories import make_editor, submit_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def root_client(client):
    root = get_user_model().objects.create_superuser("root", password="pw-root-admin")
    client.force_login(root)
    return client


@pytest.fixture
def issue(site):
    return submit_report(site, "the the").issue


def admin_url(obj, view="change"):
    meta = obj._meta
    args = [] if view in ("add", "changelist") else [obj.pk]
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


def test_an_issues_status_cannot_be_changed_in_the_admin(root_client, site, issue):
    page = root_client.get(admin_url(issue))
    assert page.status_code == 200
    assert 'name="status"' not in page.text  # shown, not a field
    assert "New" in page.text

    events = Event.objects.count()
    response = root_client.post(admin_url(issue), {"status": "published", "kind": "typo"})
    assert response.status_code == 403
    issue.refresh_from_db()
    assert issue.status == "new"
    assert Event.objects.count() == events
    assert root_client.post(admin_url(issue, "delete"), {"post": "yes"}).status_code == 403
    assert Issue.objects.filter(pk=issue.pk).exists()


def test_audit_events_are_shown_but_never_added_changed_or_deleted(root_client, site, issue):
    editor = make_editor("eddie", site)
    change_status(issue, Issue.Status.ACCEPTED, by=editor)
    event = Event.objects.get(action="issue.status")

    listing = root_client.get(admin_url(event, "changelist"))
    assert listing.status_code == 200 and "issue.status" in listing.text
    page = root_client.get(admin_url(event))
    assert page.status_code == 200
    assert 'name="action"' not in page.text and 'name="_save"' not in page.text

    edit = root_client.post(admin_url(event), {"action": "issue.nothing", "detail": "{}"})
    assert edit.status_code == 403
    assert root_client.get(admin_url(event, "add")).status_code == 403
    assert root_client.post(admin_url(event, "delete"), {"post": "yes"}).status_code == 403
    bulk = root_client.post(
        admin_url(event, "changelist"),
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302)
    event.refresh_from_db()
    assert event.action == "issue.status"
    assert Event.objects.filter(pk=event.pk).exists()


def test_service_managed_models_are_view_only_in_the_admin(root_client, site, issue):
    admin = make_editor("ada", site, role="admin")
    create_api_token(site, "CMS", by=admin)
    add_webhook(site, "https://hooks.example.org/", ["issue.opened"], by=admin)
    change_status(issue, Issue.Status.ACCEPTED, by=admin)
    draft_correction([issue], Wording(kind="correction", note="A note."), by=admin)
    StyleRule.objects.create(site=site, pattern="Kiev", replacement="Kyiv")
    Finding.objects.create(
        site=site,
        article=issue.article,
        revision=issue.revision,
        rule="style",
        start=0,
        end=3,
        text="the",
        message="m",
        fingerprint="f",
    )
    for model in (Issue, Report, Finding, Correction, ApiToken, Webhook, Event, Site):
        obj = model.objects.first()
        assert root_client.get(admin_url(obj, "changelist")).status_code == 200, model
        assert root_client.get(admin_url(obj)).status_code == 200, model
        assert root_client.get(admin_url(obj, "add")).status_code == 403, model
        assert root_client.get(admin_url(obj, "delete")).status_code == 403, model


def test_a_sites_settings_and_rules_cannot_be_changed_in_the_admin(root_client, site):
    StyleRule.objects.create(site=site, pattern="Kiev", replacement="Kyiv")
    page = root_client.get(admin_url(site))
    assert page.status_code == 200 and "Kiev" in page.text
    assert 'name="name"' not in page.text and 'name="allowed_origins"' not in page.text
    assert 'name="style_rules-0-pattern"' not in page.text


def test_a_saved_event_refuses_to_change(site):
    event = Event.objects.get(action="site.created")
    event.action = "site.forged"
    with pytest.raises(AuditTrailIsAppendOnly):
        event.save()
    with pytest.raises(AuditTrailIsAppendOnly):
        event.delete()
    with pytest.raises(AuditTrailIsAppendOnly):
        Event.objects.filter(site=site).update(action="site.forged")
    with pytest.raises(AuditTrailIsAppendOnly):
        Event.objects.filter(site=site).delete()
    with pytest.raises(AuditTrailIsAppendOnly), transaction.atomic():
        Event.objects.bulk_update([event], ["action"])
    assert list(Event.objects.values_list("action", flat=True)) == ["site.created"]


def test_new_events_are_still_written(site, issue):
    editor = make_editor("eddie", site)
    change_status(issue, Issue.Status.ACCEPTED, by=editor)
    assert Event.objects.filter(action="issue.status", actor=editor).exists()


def test_deleting_a_user_keeps_their_events_without_an_actor(site, issue):
    editor = make_editor("eddie", site)
    change_status(issue, Issue.Status.ACCEPTED, by=editor)
    editor.delete()
    event = Event.objects.get(action="issue.status")
    assert event.actor is None and event.detail["to"] == "accepted"


def test_deleting_a_whole_site_still_deletes_its_events(site, other_site):
    # Only from code (a shell): the admin does not offer it.
    Site.objects.filter(pk=other_site.pk).delete()
    assert list(Event.objects.values_list("site", flat=True)) == [site.pk]
