from django.contrib import admin

from corrigenda.reports.admin import ViewOnlyAdmin

from .models import ReaderAddress


@admin.register(ReaderAddress)
class ReaderAddressAdmin(ViewOnlyAdmin):
    """Erasure goes through the desk's Reader data page, which records it in the audit trail."""

    list_display = ["site", "created", "confirmed_at", "unsubscribed_at"]
    list_filter = ["site"]
