from django.urls import path

from gongkai.followup import evidence_views, views

app_name = "followup"

urlpatterns = [
    path("", views.index, name="index"),
    path("portal/", views.portal, name="portal"),
    path("periods/<int:period_id>/", views.overview, name="overview"),
    path("periods/<int:period_id>/review/", views.review_page, name="review"),
    path(
        "periods/<int:period_id>/findings/<int:finding_id>/review/", views.review_decide, name="review_decide"
    ),
    path("periods/<int:period_id>/problems/new/", views.manual_issue, name="manual_issue"),
    path("problems/<int:problem_id>/", views.problem_detail, name="problem"),
    path("issue-evidence/<int:evidence_id>/", views.issue_evidence_download, name="issue_evidence_download"),
    path("evidence/<int:evidence_id>/", views.evidence_download, name="evidence_download"),
    path(
        "findings/<int:finding_id>/evidence/<str:kind>/",
        evidence_views.finding_evidence,
        name="finding_evidence",
    ),
]
