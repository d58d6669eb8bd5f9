from django.urls import path

from . import views

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
    path("s/<slug:site_key>/suggest", views.suggest, name="suggest"),
]
