from urllib.parse import urlsplit

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from corrigenda.reports.models import Report

from . import webhooks
from .models import NotificationPreference, Webhook


class PreferenceForm(forms.Form):
    mode = forms.ChoiceField(
        choices=NotificationPreference.Mode.choices, widget=forms.RadioSelect, label=_("Email me")
    )
    kinds = forms.MultipleChoiceField(
        choices=Report.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("About reports of these kinds"),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("mode") != NotificationPreference.Mode.NONE and not cleaned.get("kinds"):
            raise forms.ValidationError(_("Pick at least one kind of report, or choose no emails."))
        return cleaned


class WebhookForm(forms.Form):
    url = forms.URLField(
        max_length=2000,
        label=_("Address"),
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("Corrigenda POSTs signed JSON here; a Slack incoming-webhook URL works too."),
    )
    events = forms.MultipleChoiceField(
        choices=Webhook.Event.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=Webhook.Event.values,
        label=_("Events"),
    )

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        parts = urlsplit(url)
        host = parts.hostname or ""
        if webhooks.is_allowed_host(host):
            return url
        try:
            webhooks.public_addresses(host, parts.port or 443)
        except webhooks.InternalAddress as error:
            raise forms.ValidationError(
                _(
                    "%(url)s points into the desk's own network (%(address)s); webhooks go to "
                    "public addresses only."
                )
                % {"url": url, "address": error.address}
            ) from error
        except (OSError, UnicodeError):
            # Not resolvable now: it may be by the first delivery, which checks again.
            pass
        return url
