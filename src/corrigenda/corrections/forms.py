from django import forms
from django.utils.translation import gettext_lazy as _

from corrigenda.reports.models import Issue

from .models import Correction
from .services import Wording


class WordingForm(forms.Form):
    """What the note says. The same fields write a draft and amend a published note."""

    kind = forms.ChoiceField(
        choices=Correction.Kind.choices,
        widget=forms.RadioSelect,
        initial="correction",
        label=_("Kind"),
    )
    said = forms.CharField(
        required=False,
        max_length=4000,
        label=_("What the article said"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    correct = forms.CharField(
        required=False,
        max_length=4000,
        label=_("What is right"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note = forms.CharField(
        max_length=4000,
        label=_("The note readers see"),
        widget=forms.Textarea(attrs={"rows": 5}),
        # Browsers would refuse an empty note before the server could explain why.
        required=False,
    )

    def wording(self) -> Wording:
        data = self.cleaned_data
        return Wording(
            kind=data["kind"], note=data["note"], said=data["said"], correct=data["correct"]
        )


class IssueChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, issue: Issue) -> str:
        quote = issue.exact if len(issue.exact) <= 80 else issue.exact[:79] + "…"
        return f"#{issue.pk} “{quote}” ({issue.get_status_display().lower()})"


class NewCorrectionForm(WordingForm):
    also_covers = IssueChoices(
        queryset=Issue.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Other issues of this article the note also covers"),
    )

    def __init__(self, *args, other_issues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["also_covers"].queryset = other_issues


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        max_length=2000,
        label=_("Why it is withdrawn (kept in the desk's history)"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirm = forms.BooleanField(
        label=_("Take this note off the public corrections log and the article"),
    )
