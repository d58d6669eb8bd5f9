from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from corrigenda.checks import StyleRule, StyleRulesCSVError, style_rules_from_csv
from corrigenda.checks.style_rules import FIELD_MAX_LENGTHS
from corrigenda.checks.vale import (
    MAX_PACKAGE_BYTES,
    ValePackage,
    ValePackageError,
    vale_package_from_zip,
)
from corrigenda.reports.canonical import canonical_language, canonical_origin
from corrigenda.reports.models import (
    ALLOWED_TRANSITIONS,
    SITE_CHECKS,
    Issue,
    Report,
    Site,
    style_pattern_problem,
    validate_site_name,
)
from corrigenda.reports.models import StyleRule as StoredStyleRule


class QueueFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label=_("Search quotes and comments"))
    site = forms.ChoiceField(required=False, label=_("Site"))
    status = forms.ChoiceField(
        required=False,
        choices=[("", _("Any status")), *Issue.Status.choices],
        initial="new",
        label=_("Status"),
    )
    kind = forms.ChoiceField(
        required=False, choices=[("", _("Any kind")), *Report.Kind.choices], label=_("Kind")
    )
    section = forms.ChoiceField(required=False, label=_("Section"))
    author = forms.ChoiceField(required=False, label=_("Author"))
    assignee = forms.ChoiceField(required=False, label=_("Assignee"))
    anchor = forms.ChoiceField(
        required=False,
        choices=[("", _("Any passage state")), *Issue.AnchorState.choices],
        label=_("Passage"),
    )
    reported_from = forms.DateField(
        required=False, label=_("Reported from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reported_to = forms.DateField(
        required=False, label=_("to"), widget=forms.DateInput(attrs={"type": "date"})
    )
    article = forms.IntegerField(required=False, widget=forms.HiddenInput)
    sort = forms.ChoiceField(
        required=False,
        choices=[("newest", _("Newest first")), ("most", _("Most reported"))],
        label=_("Sort"),
    )

    def __init__(self, *args, sites, sections=(), authors=(), members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].choices = [("", _("All my sites"))] + [(s.key, s.name) for s in sites]
        self.fields["section"].choices = [("", _("Any section"))] + [(s, s) for s in sections]
        self.fields["author"].choices = [("", _("Any author"))] + [(a, a) for a in authors]
        self.fields["assignee"].choices = [
            ("", _("Anyone or nobody")),
            ("mine", _("Mine")),
            ("nobody", _("Nobody")),
        ] + [(str(m.pk), m.get_username()) for m in members]


# Never offered by hand: an issue is published by publishing its correction.
MANUAL_STATUSES = [value for value in Issue.Status.values if value != Issue.Status.PUBLISHED]


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Issue.Status.choices)
    duplicate_of = forms.IntegerField(required=False, min_value=1, label=_("Duplicate of issue #"))

    def __init__(self, *args, issue: Issue, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = ALLOWED_TRANSITIONS.get(issue.status, frozenset())
        self.fields["status"].choices = [
            (value, label)
            for value, label in Issue.Status.choices
            if value in allowed and value in MANUAL_STATUSES
        ]


class BulkForm(forms.Form):
    """One decision for the issues ticked in the queue."""

    ACTIONS = {
        "accept": Issue.Status.ACCEPTED,
        "reject": Issue.Status.REJECTED,
        "spam": Issue.Status.SPAM,
        "assign": None,
    }
    issues = forms.TypedMultipleChoiceField(coerce=int, choices=(), label=_("Issues"))
    action = forms.ChoiceField(
        choices=[
            ("accept", _("Accept")),
            ("reject", _("Reject")),
            ("spam", _("Spam")),
            ("assign", _("Assign")),
        ]
    )
    assignee = forms.ModelChoiceField(
        queryset=None, required=False, empty_label=_("Nobody"), label=_("Assign to")
    )

    def __init__(self, *args, issue_ids, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issues"].choices = [(pk, pk) for pk in issue_ids]
        self.fields["assignee"].queryset = members


class SavedViewForm(forms.Form):
    name = forms.CharField(max_length=80, label=_("Name of this view"))
    query = forms.CharField(max_length=2000, required=False, widget=forms.HiddenInput)


class DeskSettingsForm(forms.Form):
    language = forms.ChoiceField(
        required=False,
        choices=[("", _("My browser’s language")), *settings.LANGUAGES],
        label=_("The desk’s language"),
        help_text=_(
            "Public pages and readers’ emails keep their site’s language whatever you pick."
        ),
    )
    shortcuts_enabled = forms.BooleanField(
        required=False,
        label=_("Single-key shortcuts"),
        widget=forms.CheckboxInput(attrs={"aria-describedby": "shortcuts-help"}),
        help_text=_(
            "Keys such as a (accept), x (select) and j/k (move) act on the desk. Turn them "
            "off if you use speech input or press keys by accident."
        ),
    )


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(queryset=None, required=False, empty_label=_("Nobody"))

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = members


class CommentForm(forms.Form):
    body = forms.CharField(
        max_length=4000, widget=forms.Textarea(attrs={"rows": 3}), label=_("Comment")
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        label=_("Name"),
        help_text=_("Who uses it, e.g. “CMS publish hook”."),
    )


# What each automatic check looks for, in the desk's words.
CHECK_LABELS = {
    "style": _("House style rules (below)"),
    "spelling": _("Spelling (with the accepted words below)"),
    "repeated-word": _("Repeated words (“the the”)"),
    "unbalanced-quote": _("Unbalanced quotation marks"),
    "unbalanced-bracket": _("Unbalanced brackets"),
    "name-variant": _("One name spelled two ways"),
    "title-variant": _("One thing given two titles"),
    "boilerplate": _("Page furniture leaked into the article"),
    "changed-without-correction": _("Facts changed without a published correction"),
}


class CheckSettingsForm(forms.Form):
    checks_enabled = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Checks run on each new revision"),
        choices=[(rule, CHECK_LABELS.get(rule, rule)) for rule in sorted(SITE_CHECKS)],
    )
    accepted_words = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        label=_("Words the spelling check accepts"),
        help_text=_("One a line: names, local places, house spellings."),
    )

    def clean_accepted_words(self) -> list[str]:
        return [
            word.strip()
            for word in self.cleaned_data["accepted_words"].splitlines()
            if word.strip()
        ]


class StyleRuleForm(forms.Form):
    pattern = forms.CharField(
        max_length=FIELD_MAX_LENGTHS["pattern"],
        help_text=_("A word or phrase (lower case matches any case), or a regular expression."),
    )
    replacement = forms.CharField(
        max_length=FIELD_MAX_LENGTHS["replacement"],
        required=False,
        label=_("Should read"),
        help_text=_("With a regular expression, \\1 names its first group."),
    )
    explanation = forms.CharField(
        max_length=FIELD_MAX_LENGTHS["explanation"],
        required=False,
        help_text=_("Shown to editors with each finding."),
    )
    severity = forms.ChoiceField(
        choices=StoredStyleRule.Severity.choices, initial=StoredStyleRule.Severity.WARNING
    )
    kind = forms.ChoiceField(
        choices=[("word", _("Word or phrase")), ("regex", _("Regular expression"))],
        initial="word",
        widget=forms.RadioSelect,
        label=_("The pattern is a"),
    )

    @staticmethod
    def initial_for(stored: StoredStyleRule) -> dict:
        return {
            "pattern": stored.pattern,
            "replacement": stored.replacement,
            "explanation": stored.explanation,
            "severity": stored.severity,
            "kind": "regex" if stored.is_regex else "word",
        }

    def clean(self) -> dict:
        data = super().clean()
        if "pattern" in data and "kind" in data:
            problem = style_pattern_problem(data["pattern"], is_regex=data["kind"] == "regex")
            if problem:
                self.add_error("pattern", problem)
        return data

    @property
    def rule(self) -> StyleRule:
        data = self.cleaned_data
        return StyleRule(
            data["pattern"],
            data["replacement"],
            data["explanation"],
            data["severity"],
            data["kind"],
        )


# A house style of some thousand rules fits in a few hundred kilobytes.
STYLE_RULES_CSV_MAX_BYTES = 1024 * 1024


class StyleRulesImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: pattern, replacement, explanation, severity, kind (the export's header); "
            "only pattern and replacement are required."
        ),
    )

    def clean_file(self) -> list[StyleRule]:
        upload = self.cleaned_data["file"]
        if upload.size > STYLE_RULES_CSV_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(
                _("The file is not UTF-8 text; save it from your spreadsheet as “CSV UTF-8”.")
            ) from error
        try:
            return style_rules_from_csv(text)
        except StyleRulesCSVError as error:
            raise forms.ValidationError(
                [
                    _("Line %(line)s: %(problem)s.") % {"line": line, "problem": message}
                    for line, message in error.problems
                ]
            ) from error


class ValePackageImportForm(forms.Form):
    file = forms.FileField(
        label=_("Vale package (.zip)"),
        help_text=_(
            "A zipped Vale style: its rules (.yml) and vocabularies "
            "(config/vocabularies/NAME/accept.txt and reject.txt)."
        ),
    )

    def clean_file(self) -> ValePackage:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_PACKAGE_BYTES:
            raise forms.ValidationError(
                _("The package is larger than %(megabytes)s MB.")
                % {"megabytes": MAX_PACKAGE_BYTES // 2**20}
            )
        try:
            return vale_package_from_zip(upload.read(MAX_PACKAGE_BYTES + 1))
        except ValePackageError as error:
            raise forms.ValidationError(
                _("The Vale package cannot be read: %(problem)s.") % {"problem": error}
            ) from error


class SiteSettingsForm(forms.Form):
    name = forms.CharField(
        max_length=200,
        label=_("Site name"),
        validators=[validate_site_name],
        # Wide enough for a newsroom's full name.
        widget=forms.TextInput(attrs={"size": 40}),
    )
    allowed_origins = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Allowed origins"),
        help_text=_(
            "One a line, e.g. https://news.example.org: the sites whose pages may send "
            "readers' reports."
        ),
    )
    article_selector = forms.CharField(
        max_length=200,
        label=_("Article container"),
        help_text=_("CSS selector of the article text on your pages, e.g. article .body."),
    )
    language = forms.CharField(
        max_length=35,
        label=_("Language"),
        help_text=_(
            "A language tag such as en, uk or pt-BR. Public pages and readers’ emails are "
            "written in it when the desk speaks it (en, uk, ru, de, fr), in English otherwise."
        ),
    )
    retention_days = forms.IntegerField(
        min_value=1,
        max_value=3650,
        label=_("Keep readers’ email addresses for (days)"),
    )
    show_corrections_in_widget = forms.BooleanField(
        required=False,
        label=_("Show the article’s published corrections in the widget"),
        help_text=_("The embed code then carries data-corrections."),
    )
    # Left empty, the site keeps its grace.
    uncorrected_change_grace = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=24 * 30,
        label="Hours an edit may go without a correction",
        help_text="An edit of a published article that changes a figure, date, name, "
        "quotation or negation, or adds or removes a sentence, is flagged when no correction "
        "of the article is published within this time; 0 flags it at once.",
    )

    @staticmethod
    def initial_for(site: Site) -> dict:
        return {
            "name": site.name,
            "allowed_origins": "\n".join(site.allowed_origins),
            "article_selector": site.article_selector,
            "language": site.language,
            "retention_days": site.retention_days,
            "show_corrections_in_widget": site.show_corrections_in_widget,
            "uncorrected_change_grace": site.uncorrected_change_grace,
        }

    def clean_allowed_origins(self) -> list[str]:
        origins, problems = [], []
        for number, line in enumerate(self.cleaned_data["allowed_origins"].splitlines(), 1):
            if not line.strip():
                continue
            try:
                origins.append(canonical_origin(line.strip()))
            except ValueError as error:
                problems.append(
                    _(
                        "Line %(number)s, “%(line)s”, is not an origin like "
                        "https://news.example.org: %(problem)s."
                    )
                    % {"number": number, "line": line.strip(), "problem": error}
                )
        if problems:
            raise forms.ValidationError(problems)
        # Unique, in the order the desk wrote them.
        return list(dict.fromkeys(origins))

    def clean_language(self) -> str:
        try:
            return canonical_language(self.cleaned_data["language"])
        except ValueError as error:
            raise forms.ValidationError(f"{error}.") from None
