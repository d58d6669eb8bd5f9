"""The links in readers' emails: signed, so nothing secret is stored to check them."""

from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext as _

from corrigenda.notify.links import absolute

from .models import ReaderAddress

CONFIRM_SALT = "corrigenda.readers.confirm"
UNSUBSCRIBE_SALT = "corrigenda.readers.unsubscribe"
# A confirmation link is for the days after the report; an unsubscribe link never expires.
CONFIRM_LINK_MAX_AGE_SECONDS = 30 * 24 * 3600


class LinkError(Exception):
    """The link is forged, mistyped or expired."""


def confirm_link(address: ReaderAddress) -> str:
    token = signing.dumps(address.pk, salt=CONFIRM_SALT)
    return absolute(reverse("readers:confirm", args=[token]))


def unsubscribe_link(address: ReaderAddress) -> str:
    token = signing.dumps(address.pk, salt=UNSUBSCRIBE_SALT)
    return absolute(reverse("readers:unsubscribe", args=[token]))


def address_id_to_confirm(token: str) -> int:
    try:
        return signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_LINK_MAX_AGE_SECONDS)
    except signing.SignatureExpired as error:
        raise LinkError(_("This confirmation link has expired.")) from error
    except signing.BadSignature as error:
        raise LinkError(_("This link is not one we sent.")) from error


def address_id_to_unsubscribe(token: str) -> int:
    try:
        return signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as error:
        raise LinkError(_("This link is not one we sent.")) from error
