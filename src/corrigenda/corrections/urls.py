from django.urls import path

from . import views

app_name = "corrections"
urlpatterns = [
    path("", views.correction_list, name="list"),
    path("sites/<slug:site_key>/", views.site_corrections, name="site-list"),
    path("issues/<int:issue_id>/new", views.new_correction, name="new"),
    path("findings/<int:finding_id>/new", views.new_correction_for_finding, name="new-for-finding"),
    path("<int:correction_id>/", views.correction_detail, name="detail"),
    path("<int:correction_id>/edit", views.edit_correction, name="edit"),
    path("<int:correction_id>/publish", views.publish_correction, name="publish"),
    path("<int:correction_id>/withdraw", views.withdraw_correction, name="withdraw"),
]
