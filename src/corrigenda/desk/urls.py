from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "desk"
urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="desk/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.queue, name="queue"),
    path("issues/<int:issue_id>/", views.issue_detail, name="issue"),
    path("issues/<int:issue_id>/status", views.issue_status, name="issue-status"),
    path("issues/<int:issue_id>/assign", views.issue_assign, name="issue-assign"),
    path("issues/<int:issue_id>/comment", views.issue_comment, name="issue-comment"),
    path("findings/<int:finding_id>/dismiss", views.finding_dismiss, name="finding-dismiss"),
    path("sites/<slug:site_key>/", views.site_detail, name="site"),
    path("sites/<slug:site_key>/tokens", views.site_token_create, name="site-token-create"),
    path(
        "sites/<slug:site_key>/tokens/<int:token_id>/revoke",
        views.site_token_revoke,
        name="site-token-revoke",
    ),
]
