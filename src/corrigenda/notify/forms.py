from django import forms
from django.core.validators import URLValidator

from corrigenda.reports.models import Report

from .models import NotificationPreference, Webhook


class PreferenceForm(forms.Form):
    mode = forms.ChoiceField(
        choices=NotificationPreference.Mode.choices, widget=forms.RadioSelect, label="Email me"
    )
    kinds = forms.MultipleChoiceField(
        choices=Report.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="About reports of these kinds",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("mode") != NotificationPreference.Mode.NONE and not cleaned.get("kinds"):
            raise forms.ValidationError("Pick at least one kind of report, or choose no emails.")
        return cleaned


class WebhookForm(forms.Form):
    url = forms.URLField(
        max_length=2000,
        label="Address",
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="Corrigenda POSTs signed JSON here; a Slack incoming-webhook URL works too.",
    )
    events = forms.MultipleChoiceField(
        choices=Webhook.Event.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=Webhook.Event.values,
        label="Events",
    )
