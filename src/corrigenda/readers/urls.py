from django.urls import path

from . import views

app_name = "readers"
urlpatterns = [
    # Links in readers' emails: short, as some mail programs break long lines.
    path("r/confirm/<str:token>", views.confirm, name="confirm"),
    path("r/unsubscribe/<str:token>", views.unsubscribe, name="unsubscribe"),
    path("desk/readers/<slug:site_key>/", views.reader_data, name="reader-data"),
    path(
        "desk/readers/<slug:site_key>/export", views.reader_data_export, name="reader-data-export"
    ),
    path("desk/readers/<slug:site_key>/erase", views.reader_data_erase, name="reader-data-erase"),
]
