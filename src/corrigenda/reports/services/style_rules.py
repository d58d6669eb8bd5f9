"""A site's house-style rules: one at a time from the desk, or a CSV file at once."""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from corrigenda.checks import StyleRule as CheckStyleRule

from ..models import (
    Event,
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
    }


def style_rule_value(stored: StyleRule) -> CheckStyleRule:
    """The stored rule as the checks read it (and as its CSV row is written)."""
    return CheckStyleRule(
        pattern=stored.pattern,
        replacement=stored.replacement,
        explanation=stored.explanation,
        severity=stored.severity,
        kind="regex" if stored.is_regex else "word",
    )


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
    """Rewrite a rule; raises ValidationError for a broken pattern and keeps the old one."""
    before = style_rule_value(stored)
    for name, value in _style_rule_fields(rule).items():
        setattr(stored, name, value)
    stored.full_clean()
    with transaction.atomic():
        stored.save()
        Event.objects.create(
            site_id=stored.site_id,
            actor=by,
            action="style_rule.updated",
            detail={
                "rule": stored.pk,
                "before": {"pattern": before.pattern, "replacement": before.replacement},
                "pattern": rule.pattern,
                "replacement": rule.replacement,
            },
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
    kind) the site already has replaces it, so importing an export again changes nothing."""
    added = updated = 0
    with transaction.atomic():
        existing = {
            (stored.pattern, stored.is_regex): stored
            for stored in StyleRule.objects.select_for_update().filter(site=site)
        }
        for rule in rules:
            fields = _style_rule_fields(rule)
            stored = existing.get((rule.pattern, fields["is_regex"]))
            if stored is None:
                stored = StyleRule(site=site, **fields)
                added += 1
            else:
                for name, value in fields.items():
                    setattr(stored, name, value)
                updated += 1
            stored.full_clean()
            stored.save()
            existing[(rule.pattern, fields["is_regex"])] = stored
        Event.objects.create(
            site=site,
            actor=by,
            action="style_rules.imported",
            detail={"added": added, "updated": updated},
        )
    return StyleRuleImport(added=added, updated=updated)
