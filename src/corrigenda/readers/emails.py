"""The two emails a reader can get: "confirm your address" and "we corrected it".

Each has a plain-text and an HTML part (Django templates, so every text a reader or an
editor wrote is escaped in the HTML), an unsubscribe link, and RFC 8058 one-click
unsubscribe headers.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from corrigenda.corrections.models import Correction
from corrigenda.languages import site_language
from corrigenda.notify.emails import subject_line
from corrigenda.notify.links import web_link
from corrigenda.reports.models import Report

from .links import confirm_link, unsubscribe_link
from .models import ReaderAddress

CORRECTION_SUBJECTS = {
    Correction.Kind.CORRECTION: gettext_lazy("%(site)s published a correction"),
    Correction.Kind.CLARIFICATION: gettext_lazy("%(site)s published a clarification"),
    Correction.Kind.UPDATE: gettext_lazy("%(site)s published an update"),
}


def confirmation_email(address: ReaderAddress, report: Report) -> EmailMultiAlternatives:
    context = {
        "site": address.site,
        "report": report,
        "article_url": web_link(report.article.canonical_url),
        "confirm_url": confirm_link(address),
    }
    with translation.override(site_language(address.site)):
        subject = _("Confirm your email for %(site)s") % {"site": address.site.name}
        return _email(address, subject, "readers/email_confirm", context)


def correction_email(
    address: ReaderAddress, correction: Correction, reports: list[Report]
) -> EmailMultiAlternatives:
    article = correction.article
    context = {
        "site": address.site,
        "correction": correction,
        "article": article,
        "article_url": web_link(article.canonical_url),
        "reports": reports,
    }
    with translation.override(site_language(address.site)):
        subject = CORRECTION_SUBJECTS[correction.kind] % {"site": address.site.name}
        return _email(address, subject, "readers/email_correction", {**context, "subject": subject})


def _email(
    address: ReaderAddress, subject: str, template: str, context: dict
) -> EmailMultiAlternatives:
    unsubscribe_url = unsubscribe_link(address)
    context = {**context, "unsubscribe_url": unsubscribe_url}
    message = EmailMultiAlternatives(
        subject=subject_line(subject),
        body=render_to_string(f"{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message
