"""A site's house-style rules: one at a time from the desk, or a CSV file at once; a rule
that ran out of time on an article is switched off until its pattern is rewritten."""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from corrigenda.checks import StyleRule as CheckStyleRule
from corrigenda.checks.vale import SkippedRule, ValePackage

from ..models import (
    Event,
    Revision,
    Site,
    StyleRule,
)


def _style_rule_fields(rule: CheckStyleRule) -> dict:
    return {
        "pattern": rule.pattern,
        "replacement": rule.replacement,
        "explanation": rule.explanation,
        "severity": rule.severity,
        "is_regex": rule.kind == "regex",
        "check_kind": rule.check,
        "second_pattern": rule.second,
        "scope": rule.scope,
        "min_count": rule.min_count,
        "max_count": rule.max_count,
        "exceptions": list(rule.exceptions),
        "source": rule.source,
    }


def _identity(fields: dict) -> tuple:
    """What makes two rules the same rule: an import replaces a rule with this identity."""
    return (fields["pattern"], fields["is_regex"], fields["check_kind"], fields["second_pattern"])


def style_rule_value(stored: StyleRule) -> CheckStyleRule:
    """The stored rule as the checks read it (and as its CSV row is written)."""
    return stored.value()


def create_style_rule(
    site: Site, rule: CheckStyleRule, *, by: AbstractBaseUser | None
) -> StyleRule:
    """A new house-style rule of the site; raises ValidationError for a broken pattern."""
    stored = StyleRule(site=site, **_style_rule_fields(rule))
    stored.full_clean()
    with transaction.atomic():
        stored.save()
        Event.objects.create(
            site=site,
            actor=by,
            action="style_rule.created",
            detail={"rule": stored.pk, "pattern": rule.pattern, "replacement": rule.replacement},
        )
    return stored


def update_style_rule(
    stored: StyleRule, rule: CheckStyleRule, *, by: AbstractBaseUser | None
) -> StyleRule:
    """Rewrite a rule; raises ValidationError for a broken or runaway pattern and keeps the
    old one. A switched-off rule whose pattern (or kind) changed is switched on again; with
    the same pattern it stays off, as it would run out of time on the same article."""
    before = style_rule_value(stored)
    # The desk's form writes these; what an imported rule checks, and where, it keeps.
    written = ("pattern", "replacement", "explanation", "severity", "is_regex")
    for name, value in _style_rule_fields(rule).items():
        if name in written:
            setattr(stored, name, value)
    stored.full_clean()
    switched_on = False
    if stored.is_switched_off and (before.pattern, before.kind) != (rule.pattern, rule.kind):
        stored.disabled_at = None
        stored.disabled_reason = ""
        switched_on = True
    with transaction.atomic():
        stored.save()
        detail = {
            "rule": stored.pk,
            "before": {"pattern": before.pattern, "replacement": before.replacement},
            "pattern": rule.pattern,
            "replacement": rule.replacement,
        }
        if switched_on:
            detail["switched_on"] = True
        Event.objects.create(
            site_id=stored.site_id, actor=by, action="style_rule.updated", detail=detail
        )
    return stored


def switch_off_style_rule(
    stored: StyleRule,
    reason: str,
    *,
    revision: Revision | None = None,
    by: AbstractBaseUser | None = None,
) -> bool:
    """The checks stop running the rule: until its pattern is rewritten when it ran out of
    time, until an editor switches it on again when an editor (`by`) switched it off;
    `reason` tells the desk why ("took longer than 0.2 s on “Bridge reopens”"). Does
    nothing, and returns False, when the rule is off already or its pattern was changed
    since `stored` was read: the rewritten pattern deserves its own try."""
    with transaction.atomic():
        # One UPDATE: of two workers timing out on the rule at once, one switches it off.
        switched = StyleRule.objects.filter(
            pk=stored.pk, pattern=stored.pattern, is_regex=stored.is_regex, disabled_at=None
        ).update(disabled_at=timezone.now(), disabled_reason=reason, disabled_by=by)
        if not switched:
            return False
        stored.refresh_from_db(fields=["disabled_at", "disabled_reason", "disabled_by"])
        detail = {"rule": stored.pk, "pattern": stored.pattern, "reason": reason}
        if revision is not None:
            detail |= {"article": revision.article_id, "revision": revision.pk}
        Event.objects.create(
            site_id=stored.site_id, actor=by, action="style_rule.switched_off", detail=detail
        )
    return True


def switch_on_style_rule(stored: StyleRule, *, by: AbstractBaseUser | None) -> StyleRule:
    """Run a rule an editor switched off again (one that ran out of time comes back only
    with a rewritten pattern, `update_style_rule`)."""
    if stored.disabled_by_id is None:
        return stored
    with transaction.atomic():
        stored.disabled_at, stored.disabled_reason, stored.disabled_by = None, "", None
        stored.save(update_fields=["disabled_at", "disabled_reason", "disabled_by"])
        Event.objects.create(
            site_id=stored.site_id,
            actor=by,
            action="style_rule.switched_on",
            detail={"rule": stored.pk, "pattern": stored.pattern},
        )
    return stored


def delete_style_rule(stored: StyleRule, *, by: AbstractBaseUser | None) -> None:
    with transaction.atomic():
        Event.objects.create(
            site_id=stored.site_id,
            actor=by,
            action="style_rule.deleted",
            detail={
                "rule": stored.pk,
                "pattern": stored.pattern,
                "replacement": stored.replacement,
            },
        )
        stored.delete()


@dataclass(frozen=True)
class StyleRuleImport:
    added: int
    updated: int


def import_style_rules(
    site: Site, rules: list[CheckStyleRule], *, by: AbstractBaseUser | None
) -> StyleRuleImport:
    """Add the rules to the site's house style, all or none. A rule whose pattern (and
    kind) the site already has replaces it, so importing an export again changes nothing
    (a switched-off rule stays off: only a rewritten pattern switches it on)."""
    with transaction.atomic():
        added, updated = _store_rules(site, rules)
        Event.objects.create(
            site=site,
            actor=by,
            action="style_rules.imported",
            detail={"added": added, "updated": updated},
        )
    return StyleRuleImport(added=added, updated=updated)


def _store_rules(site: Site, rules: list[CheckStyleRule]) -> tuple[int, int]:
    added = updated = 0
    existing = {
        _identity(_style_rule_fields(stored.value())): stored
        for stored in StyleRule.objects.select_for_update().filter(site=site)
    }
    for rule in rules:
        fields = _style_rule_fields(rule)
        stored = existing.get(_identity(fields))
        if stored is None:
            stored = StyleRule(site=site, **fields)
            added += 1
        else:
            for name, value in fields.items():
                setattr(stored, name, value)
            updated += 1
        stored.full_clean()
        stored.save()
        existing[_identity(fields)] = stored
    return added, updated


@dataclass(frozen=True)
class ValeImport:
    added: int
    updated: int
    # Words of the package's accept.txt the site did not accept yet.
    accepted_words: int
    skipped: tuple[SkippedRule, ...]


def import_vale_package(
    site: Site, package: ValePackage, *, by: AbstractBaseUser | None
) -> ValeImport:
    """Add a Vale style package's rules to the site's house style and its accept.txt words
    to the site's accepted words, all or none; the result names every rule left out."""
    with transaction.atomic():
        site = Site.objects.select_for_update().get(pk=site.pk)
        added, updated = _store_rules(site, list(package.rules))
        new_words = [word for word in package.accepted_words if word not in site.accepted_words]
        if new_words:
            site.accepted_words = [*site.accepted_words, *new_words]
            site.save(update_fields=["accepted_words"])
        Event.objects.create(
            site=site,
            actor=by,
            action="style_rules.vale_imported",
            detail={
                "added": added,
                "updated": updated,
                "accepted_words": len(new_words),
                "skipped": [{"rule": s.name, "reason": s.reason} for s in package.skipped],
            },
        )
    return ValeImport(added, updated, len(new_words), package.skipped)
