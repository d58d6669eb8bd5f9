"""Sites and who works on them: creating a site, its members and settings."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from ..canonical import canonical_language, canonical_origin
from ..models import (
    SITE_CHECKS,
    Event,
    Membership,
    Site,
)


def create_site(
    name: str,
    *,
    allowed_origins: list[str] | None = None,
    article_selector: str = "article",
    language: str = "en",
    by: AbstractBaseUser | None = None,
) -> Site:
    with transaction.atomic():
        site = Site.objects.create(
            name=name,
            allowed_origins=_canonical_origins(allowed_origins or []),
            article_selector=article_selector,
            language=_canonical(canonical_language, language),
        )
        Event.objects.create(site=site, actor=by, action="site.created", detail={"name": name})
    return site


def add_member(
    site: Site, user: AbstractBaseUser, role: str = Membership.Role.EDITOR, *, by=None
) -> Membership:
    with transaction.atomic():
        membership, _ = Membership.objects.update_or_create(
            site=site, user=user, defaults={"role": role}
        )
        Event.objects.create(
            site=site,
            actor=by,
            action="site.member_added",
            detail={"user": user.get_username(), "role": role},
        )
    return membership


def change_check_settings(
    site: Site,
    *,
    checks_enabled: list[str],
    accepted_words: list[str],
    by: AbstractBaseUser | None,
) -> Site:
    """Which automatic checks run on the site's new revisions, and the words its spelling
    check accepts. Saving the site also drops its cached copy (reports.signals)."""
    unknown = set(checks_enabled) - SITE_CHECKS
    if unknown:
        raise ValidationError(f"Unknown checks: {', '.join(sorted(unknown))}.")
    before_checks, before_words = set(site.checks_enabled), set(site.accepted_words)
    with transaction.atomic():
        site.checks_enabled = sorted(set(checks_enabled))
        # Unique, in the order the desk wrote them.
        site.accepted_words = list(dict.fromkeys(accepted_words))
        site.save(update_fields=["checks_enabled", "accepted_words"])
        Event.objects.create(
            site=site,
            actor=by,
            action="site.checks_changed",
            detail={
                "checks_on": sorted(set(site.checks_enabled) - before_checks),
                "checks_off": sorted(before_checks - set(site.checks_enabled)),
                "words_added": sorted(set(site.accepted_words) - before_words),
                "words_removed": sorted(before_words - set(site.accepted_words)),
            },
        )
    return site


def update_site_settings(
    site: Site,
    *,
    name: str,
    allowed_origins: list[str],
    article_selector: str,
    language: str,
    retention_days: int,
    show_corrections_in_widget: bool,
    by: AbstractBaseUser | None,
    uncorrected_change_grace: int | None = None,
) -> Site:
    """The site's name, the origins that may send reports, where the article text is, its
    language, how long reporters' addresses are kept, whether the widget shows
    corrections and how many hours an edit may go without a correction (None keeps it);
    the values come checked (desk.forms.SiteSettingsForm). Saving the site drops its
    cached copy (reports.signals), so the next report meets the new origins."""
    after = {
        "name": name,
        "allowed_origins": _canonical_origins(allowed_origins),
        "article_selector": article_selector,
        "language": _canonical(canonical_language, language),
        "retention_days": retention_days,
        "show_corrections_in_widget": show_corrections_in_widget,
        "uncorrected_change_grace": site.uncorrected_change_grace
        if uncorrected_change_grace is None
        else uncorrected_change_grace,
    }
    changed = {
        field: {"before": getattr(site, field), "after": value}
        for field, value in after.items()
        if getattr(site, field) != value
    }
    if not changed:
        return site
    with transaction.atomic():
        for field, values in changed.items():
            setattr(site, field, values["after"])
        site.save(update_fields=list(changed))
        Event.objects.create(
            site=site, actor=by, action="site.settings_changed", detail={"changed": changed}
        )
    return site


def _canonical(spelling, value: str) -> str:
    try:
        return spelling(value)
    except ValueError as error:
        raise ValidationError(str(error)) from None


def _canonical_origins(origins: list[str]) -> list[str]:
    """Each origin once, spelt as browsers send it (https://News.Example.org:443/ is
    https://news.example.org)."""
    return list(dict.fromkeys(_canonical(canonical_origin, origin) for origin in origins))


def switch_off_check(
    site: Site, rule: str, *, by: AbstractBaseUser | None, finding_id: int | None = None
) -> Site:
    """Stop running one check on the site's new revisions (an editor, from one of its
    findings); nothing changes when it is off already."""
    if rule not in site.checks_enabled:
        return site
    with transaction.atomic():
        site.checks_enabled = sorted(set(site.checks_enabled) - {rule})
        site.save(update_fields=["checks_enabled"])
        Event.objects.create(
            site=site,
            actor=by,
            action="site.check_switched_off",
            detail={"check": rule, "finding": finding_id},
        )
    return site


def switch_on_check(site: Site, rule: str, *, by: AbstractBaseUser | None) -> Site:
    """Run a switched-off check on the site's new revisions again."""
    if rule not in SITE_CHECKS:
        raise ValidationError(f"Unknown check: {rule}.")
    if rule in site.checks_enabled:
        return site
    with transaction.atomic():
        site.checks_enabled = sorted({*site.checks_enabled, rule})
        site.save(update_fields=["checks_enabled"])
        Event.objects.create(
            site=site, actor=by, action="site.check_switched_on", detail={"check": rule}
        )
    return site
