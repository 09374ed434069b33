from django.contrib import admin

from gongkai.monitoring.models import AuditRun, Probe
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
