from django.contrib import admin

from .models import Correction, CorrectionVersion


class CorrectionVersionInline(admin.TabularInline):
    model = CorrectionVersion
    extra = 0
    fields = ["created", "edited_by", "kind", "note", "was_published"]
    readonly_fields = fields


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    """Read-only: wording changes go through the desk, which keeps every version."""

    list_display = ["pk", "site", "article", "kind", "state", "published_at", "amended_at"]
    list_filter = ["state", "kind", "site"]
    inlines = [CorrectionVersionInline]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
