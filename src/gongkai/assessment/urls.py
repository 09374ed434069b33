from django.urls import path

from gongkai.assessment import evidence_views, rollup_views, views

app_name = "assessment"

urlpatterns = [
    path("", views.period_list, name="period_list"),
    path("rollup/", rollup_views.rollup_page, name="rollup"),
    path("rollup/download/", rollup_views.rollup_download, name="rollup_download"),
    path("new/", views.period_edit, name="period_new"),
    path("<int:period_id>/", views.period_detail, name="period_detail"),
    path("<int:period_id>/edit/", views.period_edit, name="period_edit"),
    path("<int:period_id>/recompute/", views.period_recompute, name="period_recompute"),
    path("<int:period_id>/import/", views.metric_import, name="metric_import"),
    path("<int:period_id>/log/", views.change_log, name="change_log"),
    path("<int:period_id>/units/<int:unit_id>/", views.unit_score, name="unit_score"),
    path(
        "<int:period_id>/units/<int:unit_id>/manual/<str:indicator_id>/",
        views.manual_entry,
        name="manual_entry",
    ),
    path("<int:period_id>/my-evidence/", evidence_views.unit_evidence, name="unit_evidence"),
    path("<int:period_id>/evidence/", evidence_views.evidence_overview, name="evidence_overview"),
    path(
        "unit-evidence/<int:evidence_id>/",
        evidence_views.unit_evidence_download,
        name="unit_evidence_download",
    ),
    path("unit-evidence/<int:evidence_id>/accept/", evidence_views.evidence_accept, name="evidence_accept"),
    path("units/<int:unit_id>/", views.unit_scores, name="unit_scores"),
    path("evidence/<int:evidence_id>/", views.evidence_download, name="evidence_download"),
]
