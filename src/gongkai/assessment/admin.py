from django.contrib import admin

from gongkai.assessment import models
from gongkai.registry.admin import ScopedAdmin


class PeriodUnitInline(admin.TabularInline):
    model = models.PeriodUnit
    extra = 0
    raw_id_fields = ["unit"]


@admin.register(models.Period)
class PeriodAdmin(ScopedAdmin):
    region_lookup = "region"
    list_display = ["name", "kind", "scheme", "check_date", "region", "status"]
    list_filter = ["kind", "status"]
    inlines = [PeriodUnitInline]


@admin.register(models.Score)
class ScoreAdmin(ScopedAdmin):
    unit_lookup = "unit"
    list_display = ["period", "unit", "category", "total", "rank", "passed", "vetoed", "computed_at"]
    list_filter = ["period"]


@admin.register(models.MetricValue)
class MetricValueAdmin(ScopedAdmin):
    unit_lookup = "unit"
    list_display = ["period", "unit", "name", "value", "source", "updated_by", "updated_at"]


class EvidenceInline(admin.TabularInline):
    model = models.Evidence
    extra = 0
    readonly_fields = ["original_name", "size", "sha256", "content_type", "uploaded_by", "uploaded_at"]
    fields = readonly_fields


@admin.register(models.ManualEntry)
class ManualEntryAdmin(ScopedAdmin):
    unit_lookup = "unit"
    list_display = ["period", "unit", "indicator", "points", "applicable", "entered_by", "entered_at"]
    inlines = [EvidenceInline]


@admin.register(models.ScoreChange)
class ScoreChangeAdmin(ScopedAdmin):
    """The audit log is read-only, also in the admin."""

    unit_lookup = "unit"
    list_display = ["at", "period", "unit", "what", "old", "new", "reason", "user"]
    list_filter = ["period"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
