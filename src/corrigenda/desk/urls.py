from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "desk"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.queue, name="queue"),
    path("bulk", views.queue_bulk, name="queue-bulk"),
    path("undo", views.queue_undo, name="queue-undo"),
    path("views", views.saved_view_create, name="saved-view-create"),
    path("views/<int:view_id>/delete", views.saved_view_delete, name="saved-view-delete"),
    path("settings/", views.desk_settings, name="settings"),
    path("issues/<int:issue_id>/", views.issue_detail, name="issue"),
    path("issues/<int:issue_id>/status", views.issue_status, name="issue-status"),
    path("issues/<int:issue_id>/assign", views.issue_assign, name="issue-assign"),
    path("issues/<int:issue_id>/comment", views.issue_comment, name="issue-comment"),
    path("findings/<int:finding_id>/dismiss", views.finding_dismiss, name="finding-dismiss"),
    path(
        "findings/<int:finding_id>/switch-off",
        views.finding_switch_off,
        name="finding-switch-off",
    ),
    path(
        "sites/<slug:site_key>/checks/<str:rule>/switch-on",
        views.check_switch_on,
        name="check-switch-on",
    ),
    path(
        "sites/<slug:site_key>/style-rules/<int:rule_id>/switch-on",
        views.style_rule_switch_on,
        name="style-rule-switch-on",
    ),
    path("sites/<slug:site_key>/", views.site_detail, name="site"),
    path("sites/<slug:site_key>/settings", views.site_settings, name="site-settings"),
    path("findings/", views.findings_queue, name="findings"),
    path("articles/<int:article_id>/", views.article_detail, name="article"),
    path("sites/<slug:site_key>/checks", views.site_checks, name="site-checks"),
    path("sites/<slug:site_key>/style-rules", views.style_rule_create, name="style-rule-create"),
    path(
        "sites/<slug:site_key>/style-rules/<int:rule_id>/",
        views.style_rule_edit,
        name="style-rule-edit",
    ),
    path(
        "sites/<slug:site_key>/style-rules/<int:rule_id>/delete",
        views.style_rule_delete,
        name="style-rule-delete",
    ),
    path(
        "sites/<slug:site_key>/style-rules/import",
        views.style_rules_import,
        name="style-rules-import",
    ),
    path(
        "sites/<slug:site_key>/style-rules/import-vale",
        views.style_rules_import_vale,
        name="style-rules-import-vale",
    ),
    path(
        "sites/<slug:site_key>/style-rules.csv",
        views.style_rules_export,
        name="style-rules-export",
    ),
    path("sites/<slug:site_key>/metrics", views.site_metrics, name="site-metrics"),
    path("sites/<slug:site_key>/metrics.csv", views.site_metrics_csv, name="site-metrics-csv"),
    path("sites/<slug:site_key>/tokens", views.site_token_create, name="site-token-create"),
    path(
        "sites/<slug:site_key>/tokens/<int:token_id>/revoke",
        views.site_token_revoke,
        name="site-token-revoke",
    ),
]
