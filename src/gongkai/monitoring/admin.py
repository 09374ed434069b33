from django.contrib import admin

from gongkai.monitoring.models import AuditJob, AuditRun, Probe
from gongkai.registry.admin import ScopedAdmin


@admin.register(AuditRun)
class AuditRunAdmin(ScopedAdmin):
    unit_lookup = "site__unit"
    list_display = ["site", "as_of", "status", "pages_crawled", "finished_at"]
    list_filter = ["status"]


@admin.register(Probe)
class ProbeAdmin(ScopedAdmin):
    unit_lookup = "site__unit"
    list_display = ["site", "at", "ok", "status", "error", "elapsed"]
    list_filter = ["ok"]


@admin.register(AuditJob)
class AuditJobAdmin(ScopedAdmin):
    unit_lookup = "site__unit"
    list_display = ["site", "period", "status", "pages_done", "queued_at", "finished_at"]
    list_filter = ["status"]
    readonly_fields = ["run", "started_at", "finished_at", "pages_done"]
