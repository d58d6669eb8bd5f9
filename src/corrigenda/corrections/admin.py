from django.contrib import admin

from corrigenda.reports.admin import ViewOnlyAdmin, ViewOnlyInline

from .models import Correction, CorrectionVersion


class CorrectionVersionInline(ViewOnlyInline):
    model = CorrectionVersion
    fields = ["created", "edited_by", "kind", "note", "was_published"]
    readonly_fields = fields


@admin.register(Correction)
class CorrectionAdmin(ViewOnlyAdmin):
    """Read-only: wording changes go through the desk, which keeps every version."""

    list_display = ["pk", "site", "article", "kind", "state", "published_at", "amended_at"]
    list_filter = ["state", "kind", "site"]
    inlines = [CorrectionVersionInline]
