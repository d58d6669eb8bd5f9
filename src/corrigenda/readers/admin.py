from django.contrib import admin

from .models import ReaderAddress


@admin.register(ReaderAddress)
class ReaderAddressAdmin(admin.ModelAdmin):
    list_display = ["site", "created", "confirmed_at", "unsubscribed_at"]
    list_filter = ["site"]
    # Changes go through the desk's Reader data page, which records them in the audit trail.
    readonly_fields = [
        "site",
        "email",
        "created",
        "confirmation_sent_at",
        "confirmed_at",
        "unsubscribed_at",
    ]
