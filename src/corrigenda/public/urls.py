from django.urls import path

from . import views

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
    path("s/<slug:site_key>/suggest", views.suggest, name="suggest"),
    path("s/<slug:site_key>/corrections/", views.corrections_log, name="corrections"),
    path(
        "s/<slug:site_key>/corrections/feed.atom",
        views.corrections_feed,
        name="corrections-feed",
    ),
    path(
        "s/<slug:site_key>/articles/corrections.html",
        views.article_corrections,
        name="article-corrections",
    ),
]
