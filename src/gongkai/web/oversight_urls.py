"""The pages under the ``oversight`` URL namespace (names kept from when one app held them all):
audit progress, the leader dashboard, the audit log and API tokens, wherever their views live."""

from django.urls import path

from gongkai.api import token_views
from gongkai.circulars import dashboard_views
from gongkai.web import audit_log, audit_progress

app_name = "oversight"

urlpatterns = [
    path("audits/period/<int:period_id>/", audit_progress.audit_progress, name="audit_progress"),
    path(
        "audits/period/<int:period_id>/rows/", audit_progress.audit_progress_rows, name="audit_progress_rows"
    ),
    path("audits/period/<int:period_id>/start/", audit_progress.start_audits, name="start_audits"),
    path("audits/period/<int:period_id>/resume/", audit_progress.resume_audits, name="resume_audits"),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("dashboard/<int:period_id>/", dashboard_views.dashboard, name="dashboard_period"),
    path("dashboard/<int:period_id>/trend.png", dashboard_views.trend_chart, name="trend_chart"),
    path("dashboard/<int:period_id>/problems.png", dashboard_views.problems_chart, name="problems_chart"),
    path("audit-log/", audit_log.audit_log, name="audit_log"),
    path("api-tokens/", token_views.api_tokens, name="api_tokens"),
]
