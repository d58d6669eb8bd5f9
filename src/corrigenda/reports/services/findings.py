"""Automatic findings: running the site's checks on a revision, and dismissing one."""

import hashlib
from collections import Counter
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corrigenda.checks import ALL_CHECKS, run_checks
from corrigenda.checks import StyleRule as CheckStyleRule
from corrigenda.checks.findings import Finding as CheckFinding
from corrigenda.checks.style_rules import (
    STYLE_RULE_BUDGET_SECONDS,
    StyleRulePatternError,
    compile_rule,
)

from ..models import (
    UNCORRECTED_CHANGE,
    Article,
    Event,
    Finding,
    Revision,
    Site,
    StyleRule,
)
from .articles import site_history_for
from .sites import switch_off_check
from .style_rules import style_rule_value, switch_off_style_rule


def _normalize_for_fingerprint(passage: str) -> str:
    return " ".join(passage.casefold().split())


def finding_fingerprint(rule: str, text: str, related_text: str | None, occurrence: int) -> str:
    """The same rule on the same words is the same finding in any revision; `occurrence`
    tells apart repeats of identical words within one text."""
    parts = [rule, _normalize_for_fingerprint(text)]
    if related_text is not None:
        parts.append(_normalize_for_fingerprint(related_text))
    if occurrence:
        parts.append(str(occurrence))
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _check_style_rules(site: Site) -> dict[CheckStyleRule, list[StyleRule]]:
    """The site's rules that are switched on, as the checks read them, each with the
    stored rules it stands for (two rows may hold the same rule)."""
    rules: dict[CheckStyleRule, list[StyleRule]] = {}
    for stored in StyleRule.objects.filter(site=site, disabled_at=None).order_by("pk"):
        rule = style_rule_value(stored)
        try:
            compile_rule(rule)
        except StyleRulePatternError:
            continue  # one broken pattern must not stop every other check
        rules.setdefault(rule, []).append(stored)
    return rules


@dataclass(frozen=True)
class CheckRun:
    """What one run of the checks on a revision changed."""

    opened: int
    seen_again: int
    gone: int


def check_revision(revision: Revision) -> CheckRun:
    """Run the site's checks on the revision and bring the article's findings up to date.

    New findings open; ones seen before move onto this revision and keep their state (a
    dismissed finding stays dismissed); open ones the checks no longer produce are gone.
    A style rule that runs out of time is switched off (`switch_off_style_rule`) and finds
    nothing; the other rules and checks still do. Does nothing when a newer revision of the
    article exists.
    """
    article = revision.article
    latest = article.latest_revision
    if latest is None or latest.pk != revision.pk:
        return CheckRun(opened=0, seen_again=0, gone=0)
    site = article.site
    style_rules = _check_style_rules(site)
    checked = run_checks(
        revision.text,
        language=site.language,
        # A rule id saved before a check was renamed or removed must not stop the others.
        enabled=set(site.checks_enabled) & ALL_CHECKS,
        style_rules=list(style_rules),
        accepted_words=site.accepted_words,
        site_history=site_history_for(article),
    )
    # A runaway pattern would cost every later revision its budget again.
    reason = f"took longer than {STYLE_RULE_BUDGET_SECONDS:g} s on “{article}”"
    for rule in checked.timed_out_style_rules:
        for stored in style_rules[rule]:
            switch_off_style_rule(stored, reason, revision=revision)
    produced = checked.findings
    now = timezone.now()
    with transaction.atomic():
        # One run per article at a time: two runs would both create the same new findings.
        Article.objects.select_for_update().filter(pk=article.pk).first()
        existing = {f.fingerprint: f for f in Finding.objects.filter(article=article)}
        occurrences: Counter[str] = Counter()
        seen: set[str] = set()
        opened = seen_again = 0
        for found in produced:
            values = _finding_values(found, revision, style_rules)
            key = (found.rule, values["text"], values["related_text"])
            fingerprint = finding_fingerprint(*key, occurrences[key])
            occurrences[key] += 1
            seen.add(fingerprint)
            finding = existing.get(fingerprint)
            if finding is None:
                Finding.objects.create(
                    site_id=article.site_id,
                    article=article,
                    fingerprint=fingerprint,
                    last_seen=now,
                    **values,
                )
                opened += 1
                continue
            for name, value in values.items():
                setattr(finding, name, value)
            finding.last_seen = now
            if finding.state == Finding.State.GONE:
                # The passage came back in a later edit.
                finding.state = Finding.State.OPEN
                finding.decided_at = None
            finding.save()
            seen_again += 1
        # An edit without a correction is settled by a correction, not by the next text.
        gone = (
            Finding.objects.filter(article=article, state=Finding.State.OPEN)
            .exclude(rule=UNCORRECTED_CHANGE)
            .exclude(fingerprint__in=seen)
        )
        gone_count = gone.update(state=Finding.State.GONE, decided_at=now)
        run = CheckRun(opened=opened, seen_again=seen_again, gone=gone_count)
        Event.objects.create(
            site_id=article.site_id,
            action="findings.checked",
            detail={
                "article": article.pk,
                "revision": revision.pk,
                "opened": run.opened,
                "seen_again": run.seen_again,
                "gone": run.gone,
            },
        )
    return run


def _finding_values(
    found: CheckFinding, revision: Revision, style_rules: dict[CheckStyleRule, list[StyleRule]]
) -> dict:
    start, end = found.span
    stored_rules = style_rules.get(found.style_rule) if found.style_rule is not None else None
    related_start, related_end = found.related or (None, None)
    return {
        "revision": revision,
        "rule": found.rule,
        "start": start,
        "end": end,
        "text": revision.text[start:end],
        "related_start": related_start,
        "related_end": related_end,
        "related_text": (
            revision.text[related_start:related_end] if found.related is not None else None
        ),
        "message": found.message,
        "reason": found.reason,
        "wording": {
            part: words.as_json()
            for part, words in (("message", found.message_words), ("reason", found.reason_words))
            if words is not None
        },
        "style_rule": stored_rules[0] if stored_rules else None,
        "suggestion": found.suggestion or "",
        "severity": found.severity,
    }


def dismiss_finding(
    finding: Finding,
    *,
    by: AbstractBaseUser,
    dismissal: str = Finding.Dismissal.WRONG,
) -> Finding:
    """An editor decides a finding needs nothing: the check was wrong (`WRONG`, which
    counts against the rule's precision) or right about something meant (`INTENDED`). It
    stays dismissed in later revisions."""
    if dismissal not in Finding.Dismissal.values:
        raise ValueError(f"Unknown dismissal {dismissal!r}.")
    with transaction.atomic():
        previous = finding.state
        finding.state = Finding.State.DISMISSED
        finding.dismissal = dismissal
        finding.decided_at = timezone.now()
        finding.save(update_fields=["state", "dismissal", "decided_at"])
        Event.objects.create(
            site_id=finding.site_id,
            actor=by,
            action="finding.dismissed",
            detail={
                "finding": finding.pk,
                "rule": finding.rule,
                "from": previous,
                "dismissal": dismissal,
            },
        )
    return finding


def switch_off_rule_of(finding: Finding, *, by: AbstractBaseUser) -> str:
    """Switch off, for the finding's site, what raised it: its house rule (a style
    finding) or its check. Returns what was switched off, in words."""
    stored = finding.style_rule
    if stored is not None:
        who = by.get_username()
        reason = f"switched off by {who} from a finding on “{finding.article}”"
        switch_off_style_rule(stored, reason, revision=finding.revision, by=by)
        return _("The house rule “%(pattern)s”") % {"pattern": stored.pattern}
    switch_off_check(finding.site, finding.rule, by=by, finding_id=finding.pk)
    return _("The %(rule)s check") % {"rule": finding.rule}
