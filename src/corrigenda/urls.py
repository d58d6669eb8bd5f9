from django.contrib import admin
from django.urls import include, path

from corrigenda.api.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("desk/", include("corrigenda.desk.urls")),
    path("admin/", admin.site.urls),
    path("", include("corrigenda.public.urls")),
]
