from django import forms

from corrigenda.reports.models import Issue, Report
from corrigenda.reports.services import ALLOWED_TRANSITIONS


class QueueFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label="Search quotes and comments")
    site = forms.ChoiceField(required=False)
    status = forms.ChoiceField(
        required=False, choices=[("", "Any status"), *Issue.Status.choices], initial="new"
    )
    kind = forms.ChoiceField(required=False, choices=[("", "Any kind"), *Report.Kind.choices])
    article = forms.IntegerField(required=False, widget=forms.HiddenInput)
    sort = forms.ChoiceField(
        required=False, choices=[("newest", "Newest first"), ("most", "Most reported")]
    )

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].choices = [("", "All my sites")] + [(s.key, s.name) for s in sites]


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Issue.Status.choices)
    duplicate_of = forms.IntegerField(required=False, min_value=1, label="Duplicate of issue #")

    def __init__(self, *args, issue: Issue, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = ALLOWED_TRANSITIONS.get(issue.status, frozenset())
        self.fields["status"].choices = [
            (value, label) for value, label in Issue.Status.choices if value in allowed
        ]


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(queryset=None, required=False, empty_label="Nobody")

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = members


class CommentForm(forms.Form):
    body = forms.CharField(
        max_length=4000, widget=forms.Textarea(attrs={"rows": 3}), label="Comment"
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        label="Name",
        help_text="Who uses it, e.g. “CMS publish hook”.",
    )
