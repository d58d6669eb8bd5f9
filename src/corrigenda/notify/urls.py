from django.urls import path

from . import views

app_name = "notify"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("sites/<slug:site_key>/", views.site_notifications, name="site"),
    path("sites/<slug:site_key>/preferences", views.preference_save, name="preference-save"),
    path("sites/<slug:site_key>/webhooks", views.webhook_add, name="webhook-add"),
    path(
        "sites/<slug:site_key>/webhooks/<int:webhook_id>/deactivate",
        views.webhook_deactivate,
        name="webhook-deactivate",
    ),
    path(
        "sites/<slug:site_key>/webhooks/<int:webhook_id>/test",
        views.webhook_test,
        name="webhook-test",
    ),
]
