"""Logging in to the desk: wrong passwords are throttled per username and client address
(django-axes), an admin unlocks, and logging out takes a POST."""

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOCKED = "Too many failed log-ins for this username from your address"
WRONG = "Your username and password did not match"


def log_in(client, password, username="eddie", **extra):
    return client.post(reverse("desk:login"), {"username": username, "password": password}, **extra)


def logged_in(client) -> bool:
    return client.get(reverse("desk:queue")).status_code == 200


def test_sixty_wrong_passwords_lock_the_username_until_an_admin_unlocks_it(client, editor):
    answers = [log_in(client, f"guess-{n}") for n in range(60)]

    assert all(a.status_code == 200 and WRONG in a.text for a in answers[:9])
    assert all(a.status_code == 429 and LOCKED in a.text for a in answers[10:])
    assert "15 minutes" in answers[-1].text
    # A locked-out page is the log-in page again, with its form.
    assert 'name="password"' in answers[-1].text

    # The right password does not get through either while the lock lasts.
    right = log_in(client, "pw-eddie")
    assert right.status_code == 429 and LOCKED in right.text
    assert not logged_in(client)

    # What `corrigenda manage axes_reset_username eddie` runs (`manage` would close the
    # test's database connection on its way out).
    call_command("axes_reset_username", "eddie")

    assert log_in(client, "pw-eddie").status_code == 302
    assert logged_in(client)


def test_a_forged_forwarded_for_header_does_not_escape_the_count(client, editor):
    for n in range(12):
        log_in(client, f"guess-{n}", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert log_in(client, "pw-eddie", HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429


def test_the_lock_is_per_username_and_address(client, editor):
    for n in range(10):
        log_in(client, f"guess-{n}")
    assert log_in(client, "pw-eddie").status_code == 429
    # The same editor from another address is not locked out.
    elsewhere = log_in(client, "pw-eddie", REMOTE_ADDR="198.51.100.7")
    assert elsewhere.status_code == 302


def test_a_right_password_clears_earlier_mistakes(client, editor):
    for n in range(9):
        log_in(client, f"guess-{n}")
    assert log_in(client, "pw-eddie").status_code == 302
    client.post(reverse("desk:logout"))
    for n in range(9):
        assert log_in(client, f"again-{n}").status_code == 200
    assert log_in(client, "pw-eddie").status_code == 302


def test_logging_out_takes_a_post_a_link_does_not_end_the_session(editor_client):
    assert editor_client.get(reverse("desk:logout")).status_code == 405
    assert logged_in(editor_client)

    response = editor_client.post(reverse("desk:logout"))
    assert response.status_code == 302 and response.url == reverse("desk:login")
    assert not logged_in(editor_client)
