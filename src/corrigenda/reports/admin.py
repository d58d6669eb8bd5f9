from django.contrib import admin

from .models import (
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


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


class StyleRuleInline(admin.TabularInline):
    model = StyleRule
    extra = 0


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "language", "created"]
    inlines = [MembershipInline, StyleRuleInline]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "canonical_url", "site"]
    list_filter = ["site"]


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ["id", "site", "status", "anchor_state", "report_count", "last_reported"]
    list_filter = ["site", "status"]


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ["rule", "text", "article", "state", "last_seen"]
    list_filter = ["site", "rule", "state"]


admin.site.register(Report)
admin.site.register(Revision)
admin.site.register(Event)
