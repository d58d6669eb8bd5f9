from django import forms
from django.utils.translation import gettext_lazy as _

from corrigenda.reports.models import Report, Site


class SuggestionForm(forms.Form):
    """The plain "write to us here" form, for readers without JavaScript."""

    url = forms.URLField(max_length=2000, label=_("Article address"), assume_scheme="https")
    kind = forms.ChoiceField(
        choices=Report.Kind.choices, initial=Report.Kind.TYPO, label=_("What kind of problem?")
    )
    comment = forms.CharField(
        max_length=4000, widget=forms.Textarea(attrs={"rows": 5}), label=_("What is wrong?")
    )
    suggestion = forms.CharField(
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("What would be right? (optional)"),
    )
    email = forms.EmailField(
        required=False, label=_("Your email, if you want to hear back (optional)")
    )
    # Hidden from people by CSS; bots fill it in.
    website = forms.CharField(
        required=False,
        label=_("Leave this empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, site: Site, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.site = site

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        if not self.site.allows_url(url):
            raise forms.ValidationError(
                _(
                    "This is not the address of a page of %(site)s; copy it from the article "
                    "you read."
                )
                % {"site": self.site.name}
            )
        return url
