"""EMAIL_URL, the one variable that says how emails leave."""

import pytest

from corrigenda.settings import _email_settings


def test_no_url_prints_emails_to_the_log():
    assert _email_settings("")["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_smtp_with_starttls_and_a_login():
    email = _email_settings("smtp://desk%40news.example.org:p%2Fss@mail.internal:587?tls=1")
    assert email == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.internal",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "desk@news.example.org",
        "EMAIL_HOST_PASSWORD": "p/ss",
        "EMAIL_USE_SSL": False,
        "EMAIL_USE_TLS": True,
    }


def test_smtps_uses_tls_from_the_start_on_port_465():
    email = _email_settings("smtps://mail.internal")
    assert (email["EMAIL_PORT"], email["EMAIL_USE_SSL"], email["EMAIL_USE_TLS"]) == (
        465,
        True,
        False,
    )


def test_plain_smtp_defaults_to_port_25():
    email = _email_settings("smtp://localhost")
    assert (email["EMAIL_HOST"], email["EMAIL_PORT"], email["EMAIL_USE_TLS"]) == (
        "localhost",
        25,
        False,
    )


def test_an_unknown_scheme_is_refused():
    with pytest.raises(ValueError, match="EMAIL_URL"):
        _email_settings("https://mail.internal")
