"""Each editor can turn single-key shortcuts off (WCAG 2.1.4)."""

import pytest

from corrigenda.desk.models import DeskSettings
from tests.factories import submit_report

pytestmark = pytest.mark.django_db


def test_shortcuts_are_on_until_the_editor_turns_them_off(editor_client, site, editor):
    issue = submit_report(site).issue
    page = editor_client.get(f"/desk/issues/{issue.pk}/").text
    assert 'data-shortcuts="on"' in page
    assert 'aria-keyshortcuts="a"' in page

    response = editor_client.post("/desk/settings/", {}, follow=True)
    assert "Your settings are saved." in response.text
    assert DeskSettings.objects.get(user=editor).shortcuts_enabled is False
    page = editor_client.get(f"/desk/issues/{issue.pk}/").text
    assert 'data-shortcuts="off"' in page
    # No key is announced that does nothing.
    assert "aria-keyshortcuts" not in page
    assert "Single-key shortcuts are off: turn them on" in page

    editor_client.post("/desk/settings/", {"shortcuts_enabled": "on"})
    assert 'data-shortcuts="on"' in editor_client.get("/desk/").text


def test_the_settings_page_has_a_labelled_checkbox(editor_client):
    html = editor_client.get("/desk/settings/").text
    assert '<label for="id_shortcuts_enabled">Single-key shortcuts</label>' in html
    assert 'aria-describedby="shortcuts-help" id="id_shortcuts_enabled" checked' in html
