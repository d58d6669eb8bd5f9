"""Sites, articles, their revisions, readers' reports and the issues they form.

State changes go through `reports.services`, which also writes the audit `Event`.
"""

import hashlib
import secrets
import unicodedata
import uuid
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from corrigenda.checks import ALL_CHECKS, Words
from corrigenda.checks import StyleRule as CheckStyleRule
from corrigenda.checks.style_rules import (
    RULE_CHECKS,
    RULE_SCOPES,
    STYLE_RULE_BUDGET_SECONDS,
    StyleRulePatternError,
    times_out_on_sample,
)

from .canonical import canonical_origin, origin_of_url
from .errors import AuditTrailIsAppendOnly


def new_site_key() -> str:
    return secrets.token_urlsafe(12)


# The finding of an edit that changed a fact with no correction published for it: not a
# check of one text (the pure core's ALL_CHECKS) but of two, run in
# reports.services.uncorrected_changes; a site switches it on and off like the others.
UNCORRECTED_CHANGE = "changed-without-correction"
SITE_CHECKS = ALL_CHECKS | {UNCORRECTED_CHANGE}


def default_checks_enabled() -> list[str]:
    return sorted(SITE_CHECKS)


# Line breaks, tabs and other control characters; Unicode's line and paragraph separators.
NOT_IN_ONE_LINE = {"Cc", "Zl", "Zp"}


def validate_site_name(name: str) -> None:
    """A site name is one line: it goes into email subjects, where a line break would
    start a header, and into page titles."""
    if any(unicodedata.category(char) in NOT_IN_ONE_LINE for char in name):
        raise ValidationError(
            _("A site name is one line: no line breaks, tabs or other control characters.")
        )


class Site(models.Model):
    name = models.CharField(max_length=200)
    key = models.SlugField(
        max_length=40, unique=True, default=new_site_key, help_text="Public key in the embed code."
    )
    allowed_origins = models.JSONField(
        default=list,
        blank=True,
        help_text='Origins allowed to send reports, e.g. ["https://news.example.org"].',
    )
    article_selector = models.CharField(
        max_length=200, default="article", help_text="CSS selector of the article container."
    )
    language = models.CharField(max_length=35, default="en")
    checks_enabled = models.JSONField(
        default=default_checks_enabled,
        blank=True,
        help_text="Automatic checks run on each new revision (rule ids).",
    )
    accepted_words = models.JSONField(
        default=list, blank=True, help_text="Words the spelling check accepts on this site."
    )
    retention_days = models.PositiveIntegerField(
        default=90, help_text="Days a reporter's email address is kept before it is deleted."
    )
    show_corrections_in_widget = models.BooleanField(
        default=False,
        help_text="The widget shows the article's published corrections at its end.",
    )
    uncorrected_change_grace = models.PositiveIntegerField(
        default=24,
        help_text="Hours an edit that changes a figure, date, name, quotation or negation "
        "may go without a published correction before the desk flags it; 0 flags it at once.",
    )
    created = models.DateTimeField(auto_now_add=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="desk_sites"
    )

    def __str__(self) -> str:
        return self.name

    def allows_origin(self, origin: str) -> bool:
        """Whether a browser on `origin` (an Origin header) may send reports."""
        try:
            return canonical_origin(origin) in self.allowed_origins
        except ValueError:
            return False

    def allows_url(self, url: str) -> bool:
        """Whether `url` is a page of the site: on one of its allowed origins."""
        return origin_of_url(url) in self.allowed_origins


class Membership(models.Model):
    class Role(models.TextChoices):
        EDITOR = "editor", _("Editor")
        ADMIN = "admin", _("Admin")

    site = models.ForeignKey(Site, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.EDITOR)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site", "user"], name="one_membership")]

    def __str__(self) -> str:
        return f"{self.user} ({self.role}) on {self.site}"


class Article(models.Model):
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="articles")
    canonical_url = models.URLField(max_length=2000)
    title = models.CharField(max_length=500, blank=True)
    # From the page's metadata or the publisher API, when they carry it; the desk's
    # metrics count corrections per section and author.
    section = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=200, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site", "canonical_url"], name="one_article_per_url")
        ]

    def __str__(self) -> str:
        return self.title or self.canonical_url

    @property
    def latest_revision(self) -> "Revision | None":
        """The article's current text: the newest one its publisher pushed or the server
        fetched (never a reader's copy, which may be stale or invented)."""
        return (
            self.revisions.filter(current_since__isnull=False)
            .order_by(*Revision.NEWEST_FIRST)
            .first()
        )


class Revision(models.Model):
    class Source(models.TextChoices):
        WIDGET = "widget", _("Reader's copy")
        API = "api", _("API push")
        FETCH = "fetch", _("Fetched")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    text = models.TextField(help_text="Normalised article text; selector offsets count in it.")
    content_hash = models.CharField(max_length=64)
    first_seen = models.DateTimeField(auto_now_add=True)
    # Only the publisher API or a fetch of the article's page makes a text current (a
    # reverted edit brings an older one back). The text a reader's browser sent is what
    # that reader saw: it anchors their report but stays unconfirmed (empty here) until a
    # push or fetch brings the same text.
    current_since = models.DateTimeField(
        null=True,
        blank=True,
        default=timezone.now,
        help_text="When this text last became the article's current one; empty for a "
        "reader's copy nothing confirmed.",
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    client_hash = models.CharField(
        max_length=64, blank=True, help_text="For a reader's copy: the client that sent it."
    )

    NEWEST_FIRST = ("-current_since", "-id")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "content_hash"], name="one_revision_per_text"
            )
        ]

    def __str__(self) -> str:
        return f"{self.article} @ {self.content_hash[:8]}"

    @property
    def is_confirmed(self) -> bool:
        return self.current_since is not None


class Issue(models.Model):
    """Every report on one passage of one article; the unit editors triage."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        DUPLICATE = "duplicate", _("Duplicate")
        SPAM = "spam", _("Spam")
        FIXED = "fixed", _("Fixed")
        PUBLISHED = "published", _("Published")

    class AnchorState(models.TextChoices):
        ANCHORED = "anchored", _("Anchored")
        MOVED = "moved", _("Moved")
        CHANGED = "changed", _("Changed")
        ORPHANED = "orphaned", _("Orphaned")

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="issues")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="issues")
    revision = models.ForeignKey(
        Revision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    exact = models.TextField(blank=True, help_text="The passage, as on `revision`.")
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    anchor_state = models.CharField(
        max_length=10, choices=AnchorState.choices, default=AnchorState.ANCHORED
    )
    passage_before = models.TextField(
        blank=True, help_text="For `changed`: the passage as it read before the edit."
    )
    anchor_confidence = models.FloatField(null=True, blank=True)
    kind = models.CharField(max_length=20, default="other")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_issues",
    )
    report_count = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)
    last_reported = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["site", "status", "-last_reported", "-id"], name="reports_iss_queue"
            ),
            models.Index(fields=["article", "status"]),
            models.Index(
                fields=["site", "status", "-report_count", "-last_reported", "-id"],
                name="reports_iss_most_reported",
            ),
            models.Index(fields=["site", "created"], name="reports_iss_site_created"),
            # The queue of every status, newest first.
            models.Index(fields=["site", "-last_reported", "-id"], name="reports_iss_newest"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.exact[:40]!r}"

    @property
    def kind_label(self) -> str:
        """The kind of problem in the desk's words ("Typo"), in the active language."""
        return str(Report.Kind(self.kind).label) if self.kind in Report.Kind.values else self.kind

    def can_become(self, status: str) -> bool:
        return status in ALLOWED_TRANSITIONS.get(self.status, frozenset())


# The status table; `reports.services.change_status` is the one way through it.
OPEN_STATUSES = (Issue.Status.NEW, Issue.Status.ACCEPTED)
TRIAGE_STATUSES = frozenset(
    {
        Issue.Status.NEW,
        Issue.Status.ACCEPTED,
        Issue.Status.REJECTED,
        Issue.Status.DUPLICATE,
        Issue.Status.SPAM,
    }
)
# Triage decisions can be revised; fixing and publishing move forward from acceptance.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    **{status: TRIAGE_STATUSES for status in TRIAGE_STATUSES},
    # An edit may fix the passage before anyone triaged it: "fixed" from "new" too.
    Issue.Status.NEW: TRIAGE_STATUSES | {Issue.Status.FIXED},
    # A correction may be published before the article is fixed (a clarification, say).
    Issue.Status.ACCEPTED: TRIAGE_STATUSES | {Issue.Status.FIXED, Issue.Status.PUBLISHED},
    Issue.Status.FIXED: frozenset({Issue.Status.ACCEPTED, Issue.Status.PUBLISHED}),
    # Only by withdrawing its correction.
    Issue.Status.PUBLISHED: frozenset({Issue.Status.ACCEPTED}),
}


class Report(models.Model):
    """One reader's submission, as received."""

    class Kind(models.TextChoices):
        TYPO = "typo", _("Typo")
        FACTUAL = "factual", _("Factual error")
        CLARIFICATION = "clarification", _("Needs clarification")
        OTHER = "other", _("Other")

    class SpamVerdict(models.TextChoices):
        HAM = "ham", _("Not spam")
        SPAM = "spam", _("Spam")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="reports")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="reports")
    # A reader's copy dropped past its caps leaves the report (its quote and context) in place.
    revision = models.ForeignKey(
        Revision, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    issue = models.ForeignKey(
        Issue, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    exact = models.TextField(blank=True)
    prefix = models.CharField(max_length=200, blank=True)
    suffix = models.CharField(max_length=200, blank=True)
    start = models.PositiveIntegerField(null=True, blank=True, help_text="Code points.")
    end = models.PositiveIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    suggestion = models.TextField(blank=True)
    comment = models.TextField(blank=True)
    email = models.EmailField(blank=True)
    page_url = models.URLField(max_length=2000, blank=True)
    language = models.CharField(max_length=35, blank=True)
    client_hash = models.CharField(max_length=64, blank=True)
    # NULL, not "", means "no key": the unique constraint must allow many of those.
    idempotency_key = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    spam_verdict = models.CharField(
        max_length=4, choices=SpamVerdict.choices, default=SpamVerdict.HAM
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["site", "idempotency_key"],
                name="one_report_per_idempotency_key",
                condition=models.Q(idempotency_key__isnull=False),
            )
        ]
        indexes = [
            # The export's order, and the metrics' reports per day.
            models.Index(
                fields=["site", "spam_verdict", "created", "id"], name="reports_rep_exported"
            ),
            # The issue page's newest reports.
            models.Index(fields=["issue", "-created", "-id"], name="reports_rep_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} report {self.public_id}"


class Comment(models.Model):
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    body = models.TextField()
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"comment on issue {self.issue_id} by {self.author}"


class EventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditTrailIsAppendOnly("Audit events are never changed.")

    def delete(self):
        raise AuditTrailIsAppendOnly("Audit events are never deleted.")


class Event(models.Model):
    """Audit trail: one row per state change, written by the service that made it.

    Append-only: a saved event cannot be saved again or deleted, one by one or in bulk.
    Deleting a whole site (or an article with its issues) still takes their events with
    it, as the database's cascade does not go through these methods; deleting a user
    leaves their events without an actor, so deactivate desk users instead.
    """

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="events")
    issue = models.ForeignKey(
        Issue, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    action = models.CharField(max_length=40)
    detail = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["created", "id"]
        # The metrics' first status changes of the period's issues, without their reports'.
        indexes = [
            models.Index(fields=["issue", "action", "created"], name="reports_eve_issue_action")
        ]

    def __str__(self) -> str:
        return f"{self.action} on {self.issue_id or self.site_id}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AuditTrailIsAppendOnly("Audit events are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditTrailIsAppendOnly("Audit events are never deleted.")


class ApiToken(models.Model):
    """A site's key for the publisher API. Only a digest is stored: the token is shown
    once, when it is made."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(
        max_length=12, help_text="The token's first characters, to tell it apart."
    )
    # The tokens are long and random, so a fast digest is as safe as a slow password hash.
    digest = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used = models.DateTimeField(null=True, blank=True)
    revoked = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…) on {self.site}"

    @staticmethod
    def digest_of(plaintext: str) -> str:
        return hashlib.sha256(plaintext.encode()).hexdigest()


class StyleRule(models.Model):
    """One entry of a site's house style: `pattern` should read `replacement`."""

    class Severity(models.TextChoices):
        INFO = "info", _("Info")
        WARNING = "warning", _("Warning")
        ERROR = "error", _("Error")

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="style_rules")
    pattern = models.CharField(max_length=500)
    replacement = models.CharField(max_length=500, blank=True)
    explanation = models.CharField(max_length=1000, blank=True)
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.WARNING)
    is_regex = models.BooleanField(default=False)
    # What the rule checks (checks.style_rules.RuleCheck); rules other than "swap" come
    # from Vale packages (checks.vale) and read `pattern` as a regular expression.
    check_kind = models.CharField(
        max_length=20, choices=[(name, name) for name in RULE_CHECKS], default="swap"
    )
    second_pattern = models.CharField(max_length=500, blank=True)
    scope = models.CharField(
        max_length=20, choices=[(name, name) for name in RULE_SCOPES], default="text"
    )
    min_count = models.PositiveIntegerField(null=True, blank=True)
    max_count = models.PositiveIntegerField(null=True, blank=True)
    exceptions = models.JSONField(default=list, blank=True)
    # Where an imported rule came from, e.g. "Vale House.Hedging".
    source = models.CharField(max_length=200, blank=True)
    # Set by services.switch_off_style_rule when the rule ran out of time on an article;
    # the checks skip it until it is saved again.
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.TextField(blank=True)
    # Set when an editor switched the rule off from one of its findings (then an editor
    # may switch it on again); empty when it ran out of time.
    disabled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.pattern} -> {self.replacement}"

    @property
    def is_switched_off(self) -> bool:
        return self.disabled_at is not None

    def clean(self) -> None:
        """The pattern is a regular expression (when it says so) that finishes on the
        sample text within the budget (`checks.style_rules.times_out_on_sample`)."""
        if self.check_kind == "swap":
            message = style_pattern_problem(self.pattern, is_regex=self.is_regex)
        else:
            message = style_rule_problem(self.value())
        if message:
            raise ValidationError({"pattern": message})

    def value(self) -> CheckStyleRule:
        """The rule as the checks read it (and as its CSV row is written)."""
        return CheckStyleRule(
            pattern=self.pattern,
            replacement=self.replacement,
            explanation=self.explanation,
            severity=self.severity,
            kind="regex" if self.is_regex else "word",
            check=self.check_kind,
            second=self.second_pattern,
            scope=self.scope,
            min_count=self.min_count,
            max_count=self.max_count,
            exceptions=tuple(self.exceptions),
            source=self.source,
        )


def style_pattern_problem(pattern: str, *, is_regex: bool) -> str | None:
    """Why the desk cannot save a rule with this pattern, in its words; None when it can."""
    return style_rule_problem(CheckStyleRule(pattern, "", kind="regex" if is_regex else "word"))


def style_rule_problem(rule: CheckStyleRule) -> str | None:
    """Why the desk cannot save the rule's patterns, in its words; None when it can."""
    try:
        too_slow = times_out_on_sample(rule)
    except StyleRulePatternError as error:
        return _("Not a regular expression: %(error)s.") % {"error": error}
    if too_slow:
        return _(
            "The pattern took longer than %(seconds)s s on a sample text (news copy and long "
            "runs of letters, spaces and punctuation); nested repeats such as (a+)+ are the "
            "usual cause; rewrite it."
        ) % {"seconds": f"{STYLE_RULE_BUDGET_SECONDS:g}"}
    return None


@dataclass(frozen=True)
class EditedPassage:
    """One substantive change of an edit made without a correction, as the desk shows it
    and the draft note quotes it: its kind and why, the changed words before and after
    (`said`, `says`: "" for a sentence added or removed) and their sentences."""

    kind: str
    why: str
    said: str
    says: str
    before: str
    after: str
    # `why` as the check's template and values (Words.as_json), read in the editor's
    # language; changes noted before the checks spoke templates have none.
    why_words: dict[str, Any] | None = None

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def shown_why(self) -> str:
        """Why, in the active language."""
        if self.why_words is None:
            return self.why
        try:
            return Words.from_json(self.why_words).render(gettext, ngettext)
        except (KeyError, TypeError, ValueError):
            # A translation that does not fit its values must not break the desk.
            return self.why


class Finding(models.Model):
    """What an automatic check flagged in an article, kept across its revisions.

    `fingerprint` names "the same finding" in every revision (rule and flagged words, not
    offsets), so a dismissal survives edits elsewhere in the article.
    """

    class State(models.TextChoices):
        # An edit without a correction yet, within the site's grace period: not shown as
        # open until the grace is up (reports.services.uncorrected_changes).
        WAITING = "waiting", _("Waiting for a correction")
        OPEN = "open", _("Open")
        DISMISSED = "dismissed", _("Dismissed")
        GONE = "gone", _("Gone")
        CORRECTED = "corrected", _("Corrected")

    class Dismissal(models.TextChoices):
        WRONG = "wrong", _("Not an error")
        INTENDED = "intended", _("Right, but meant")

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="findings")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="findings")
    revision = models.ForeignKey(
        Revision,
        on_delete=models.CASCADE,
        related_name="findings",
        help_text="The latest revision the finding was seen on; offsets count in its text.",
    )
    rule = models.CharField(max_length=40)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField(help_text="The flagged passage.")
    related_start = models.PositiveIntegerField(null=True, blank=True)
    related_end = models.PositiveIntegerField(null=True, blank=True)
    # NULL when the finding points at one place only, "" would be an empty passage.
    related_text = models.TextField(null=True, blank=True)  # noqa: DJ001
    message = models.TextField()
    suggestion = models.TextField(blank=True)
    severity = models.CharField(
        max_length=10, choices=StyleRule.Severity.choices, default=StyleRule.Severity.WARNING
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    reason = models.TextField(blank=True, help_text="Why the check flagged it, in words.")
    # `message` and `reason` as the check's templates and values ({"message": Words.as_json,
    # "reason": …}), so each editor reads them in their language; findings stored before
    # the checks spoke templates have none and show their English.
    wording = models.JSONField(default=dict, blank=True)
    # The house-style rule that flagged it (rule "style"), so the desk can switch it off.
    style_rule = models.ForeignKey(
        StyleRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="findings"
    )
    # For an edit without a correction: the text before the edit, and each substantive
    # change (EditedPassage.as_json).
    before_revision = models.ForeignKey(
        Revision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changes = models.JSONField(default=list, blank=True)
    due = models.DateTimeField(
        null=True, blank=True, help_text="A waiting finding opens at this time."
    )
    dismissal = models.CharField(max_length=10, choices=Dismissal.choices, blank=True)
    # When an editor's decision or an edit settled it (dismissed, gone, corrected): the
    # checks page weighs each rule's last 90 days of these.
    decided_at = models.DateTimeField(null=True, blank=True)
    fingerprint = models.CharField(max_length=64)
    first_seen = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "fingerprint"], name="one_finding_per_fingerprint"
            )
        ]
        indexes = [
            models.Index(fields=["article", "state"]),
            models.Index(fields=["site", "decided_at"]),
            models.Index(fields=["state", "due"]),
        ]

    def __str__(self) -> str:
        return f"{self.rule}: {self.text[:40]!r}"

    @property
    def shown_message(self) -> str:
        """The message in the active language."""
        return self._translated("message") or self.message

    @property
    def shown_reason(self) -> str:
        """Why it fired, in the active language."""
        return self._translated("reason") or self.reason

    def _translated(self, part: str) -> str:
        if part not in self.wording:
            return ""
        try:
            return Words.from_json(self.wording[part]).render(gettext, ngettext)
        except (KeyError, TypeError, ValueError):
            # A translation that does not fit its values must not break the desk.
            return ""

    @property
    def edited_passages(self) -> list[EditedPassage]:
        return [EditedPassage(**change) for change in self.changes]
