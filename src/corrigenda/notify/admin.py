from django.contrib import admin

from corrigenda.reports.admin import ViewOnlyAdmin

from .models import Delivery, NotificationPreference, Webhook


# Preferences and webhooks change on the desk's notifications page, which records each
# change; deliveries are the worker's.
@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ViewOnlyAdmin):
    list_display = ("user", "site", "mode", "last_digest_at")
    list_filter = ("mode", "site")


@admin.register(Webhook)
class WebhookAdmin(ViewOnlyAdmin):
    list_display = ("url", "site", "active", "created")
    list_filter = ("active", "site")
    exclude = ("secret",)


@admin.register(Delivery)
class DeliveryAdmin(ViewOnlyAdmin):
    list_display = ("event", "kind", "target", "status", "attempts", "created")
    list_filter = ("status", "kind", "site")
