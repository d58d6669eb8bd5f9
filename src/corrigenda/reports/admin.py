"""The Django admin shows what the desk keeps; it changes nothing the services manage.

Every state change goes through a service that also writes its audit `Event`, so the
models the services manage are view-only here, and the audit trail itself is too.
"""

from django.contrib import admin

from .models import (
    ApiToken,
    Article,
    Event,
    Finding,
    Issue,
    Membership,
    Report,
    Revision,
    Site,
    StyleRule,
)


class ViewOnly:
    """Listed and shown, never added, changed or deleted here: the desk does that."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ViewOnlyAdmin(ViewOnly, admin.ModelAdmin):
    pass


class ViewOnlyInline(ViewOnly, admin.TabularInline):
    extra = 0


class MembershipInline(admin.TabularInline):
    # Still editable: there is no service to remove a member or change a role yet.
    model = Membership
    extra = 0


class StyleRuleInline(ViewOnlyInline):
    model = StyleRule


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    """Settings change on the site's desk page and new sites come from `corrigenda
    createsite`, both recorded; only the members are edited here. Deleting a site would
    delete its audit trail, so it is not offered."""

    list_display = ["name", "key", "language", "created"]
    inlines = [MembershipInline, StyleRuleInline]
    readonly_fields = [
        "name",
        "key",
        "allowed_origins",
        "article_selector",
        "language",
        "checks_enabled",
        "accepted_words",
        "retention_days",
        "show_corrections_in_widget",
        "created",
    ]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Article)
class ArticleAdmin(ViewOnlyAdmin):
    list_display = ["title", "canonical_url", "site"]
    list_filter = ["site"]


@admin.register(Issue)
class IssueAdmin(ViewOnlyAdmin):
    list_display = ["id", "site", "status", "anchor_state", "report_count", "last_reported"]
    list_filter = ["site", "status"]


@admin.register(Finding)
class FindingAdmin(ViewOnlyAdmin):
    list_display = ["rule", "text", "article", "state", "last_seen"]
    list_filter = ["site", "rule", "state"]


@admin.register(Report)
class ReportAdmin(ViewOnlyAdmin):
    list_display = ["public_id", "site", "kind", "spam_verdict", "created"]
    list_filter = ["site", "kind", "spam_verdict"]


@admin.register(Revision)
class RevisionAdmin(ViewOnlyAdmin):
    list_display = ["article", "content_hash", "source", "current_since"]


@admin.register(ApiToken)
class ApiTokenAdmin(ViewOnlyAdmin):
    list_display = ["name", "prefix", "site", "created", "last_used", "revoked"]
    list_filter = ["site"]
    exclude = ["digest"]


@admin.register(Event)
class EventAdmin(ViewOnlyAdmin):
    """The audit trail: append-only everywhere (Event refuses changes itself too)."""

    list_display = ["created", "action", "site", "issue", "actor"]
    list_filter = ["site", "action"]
