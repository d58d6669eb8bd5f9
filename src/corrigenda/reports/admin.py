from django.contrib import admin

from .models import Article, Event, Issue, Membership, Report, Revision, Site


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "language", "created"]
    inlines = [MembershipInline]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "canonical_url", "site"]
    list_filter = ["site"]


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ["id", "site", "status", "anchor_state", "report_count", "last_reported"]
    list_filter = ["site", "status"]


admin.site.register(Report)
admin.site.register(Revision)
admin.site.register(Event)
