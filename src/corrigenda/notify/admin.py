from django.contrib import admin

from .models import Delivery, NotificationPreference, Webhook


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "site", "mode", "last_digest_at")
    list_filter = ("mode", "site")


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    list_display = ("url", "site", "active", "created")
    list_filter = ("active", "site")
    exclude = ("secret",)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("event", "kind", "target", "status", "attempts", "created")
    list_filter = ("status", "kind", "site")
