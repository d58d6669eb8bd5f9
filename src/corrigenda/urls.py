from django.contrib import admin
from django.urls import include, path

from corrigenda.api.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("desk/corrections/", include("corrigenda.corrections.urls")),
    path("desk/notifications/", include("corrigenda.notify.urls")),
    path("desk/", include("corrigenda.desk.urls")),
    path("admin/", admin.site.urls),
    # Readers' email links (/r/...) and the desk's reader data page (/desk/readers/...).
    path("", include("corrigenda.readers.urls")),
    path("", include("corrigenda.public.urls")),
]
