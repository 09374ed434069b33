from django.contrib import admin

from gongkai.circulars.models import CircularSettings
from gongkai.registry.admin import ScopedAdmin


@admin.register(CircularSettings)
class CircularSettingsAdmin(ScopedAdmin):
    """Region-wide defaults of circulars (the period page edits a period's own settings)."""

    region_lookup = "region"
    list_display = ["__str__", "issuing_office", "document_number"]
    exclude = ["period"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(period__isnull=True)
